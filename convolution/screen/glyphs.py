"""How wide text is, estimated without a screen: the advance widths of DejaVu Sans, in ems.

The layouts (pure, no py5) use these to decide how large things may be;
the canvas measures the real font when it draws, and fits what it draws
into the room the layout gave (geometry.fit_text). DejaVu Sans is what
Java's "SansSerif" is on most Linux desktops; the fonts of other systems
differ by a few percent, which the fitting takes up. Monospaced text is
0.602 em a character (DejaVu Sans Mono).
"""

from __future__ import annotations

import functools

ASCENT, DESCENT = 0.76, 0.24     # of the size: how far text reaches above and below its baseline (as Java reports it)
MONO_WIDTH = 0.602
UNKNOWN_WIDTH = 1.0              # a character not in the table: as wide as the widest

# (characters, width in ems): DejaVu Sans's advance widths, grouped by width.
_TABLE = [
    ("'", 0.275),
    ('ijl', 0.278),
    ('IJ', 0.295),
    (' ,.·', 0.318),
    ('/:;\\|', 0.337),
    ('f', 0.352),
    ('-', 0.361),
    ('ᵀ', 0.385),
    ('()[]', 0.39),
    ('t', 0.392),
    ('!²', 0.401),
    ('r', 0.411),
    ('"', 0.46),
    ('*_`°–', 0.5),
    ('s', 0.521),
    ('z', 0.525),
    ('?', 0.531),
    ('cç', 0.55),
    ('L', 0.557),
    ('F', 0.575),
    ('k', 0.579),
    ('vxy', 0.592),
    ('─│┌┐└┘', 0.602),
    ('P', 0.603),
    ('TY', 0.611),
    ('oö', 0.612),
    ('aàä', 0.613),
    ('eèé', 0.615),
    ('ß', 0.63),
    ('EΣ', 0.632),
    ('hnuñü', 0.634),
    ('Sbdgpq', 0.635),
    ('$0123456789{}', 0.636),
    ('√', 0.637),
    ('β', 0.638),
    ('K', 0.656),
    ('AVÄ', 0.684),
    ('XZ', 0.685),
    ('B', 0.686),
    ('R', 0.695),
    ('C', 0.698),
    ('UÜ', 0.732),
    ('N', 0.748),
    ('H', 0.752),
    ('█▏', 0.769),
    ('D', 0.77),
    ('G', 0.775),
    ('&', 0.78),
    ('OQÖ', 0.787),
    ('w', 0.818),
    ('#+<=>^~±×÷←↑→↓↔−≤≥', 0.838),
    ('M', 0.863),
    ('%', 0.95),
    ('m', 0.974),
    ('W', 0.989),
    ('@…', 1.0),
]
SANS_WIDTHS = {char: width for chars, width in _TABLE for char in chars}


def text_width(text: str, size: float, family: str = "SansSerif") -> float:
    """The width in pixels of ``text`` set at ``size`` pixels, in the sans or the monospaced font."""
    if family == "Monospaced":
        return len(text) * MONO_WIDTH * size
    return em_width(text) * size


@functools.lru_cache(maxsize=1 << 16)
def em_width(text: str) -> float:
    """The width of ``text`` in the sans font, in ems (its width at size 1). Kept: layouts measure the same
    texts many times over while they try their plans."""
    return sum(SANS_WIDTHS.get(char, UNKNOWN_WIDTH) for char in text)
