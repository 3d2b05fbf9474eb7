"""Kernels written as text: "0 -1 0; -1 5 -1; 0 -1 0", "1 2 1; 2 4 2; 1 2 1 / 16", or a preset's name.

What --kernel and a lesson plan's ``kernel`` take. Nothing is evaluated as
code: each number is read with ``float()``, and every mistake is a
ValueError with one line that points at it.
"""

from __future__ import annotations

import math
import re

import numpy as np

import filters

MAX_KERNEL_SIDE = 7       # larger kernels' weights and sums no longer fit their boxes
KERNEL_EXAMPLE = "'0 -1 0; -1 5 -1; 0 -1 0'"


def parse_kernel_text(text: str) -> np.ndarray:
    """Read a kernel written as text, such as ``"0 -1 0; -1 5 -1; 0 -1 0"``.

    Rows are separated by ``;`` and the numbers in a row by spaces or commas;
    numbers may be negative or have decimals (``-0.5``, ``.25``, ``1e-2``; the
    minus sign − is understood too). An optional ``/ N`` at the end divides
    every weight by N: ``"1 2 1; 2 4 2; 1 2 1 / 16"``. A trailing ``;`` is
    ignored. Nothing is evaluated as code: each number is read with
    ``float()``.

    Returns a float64 array of shape rows × columns. Raises ValueError with a
    one-line message pointing at the problem: an empty row or place, a word
    that is not a number, NaN or infinity, rows of different lengths, an even
    number of rows or columns (a kernel needs a centre), a kernel larger than
    MAX_KERNEL_SIDE, a divisor of 0, or a weight beyond ±filters.WEIGHT_LIMIT.
    """
    text = text.replace("\u2212", "-")
    if text.count("/") > 1:
        raise ValueError("use at most one '/ N', at the end, as in '1 2 1; 2 4 2; 1 2 1 / 16'")
    body, slash, divisor_text = text.partition("/")
    divisor = 1.0
    if slash:
        if not divisor_text.strip():
            raise ValueError("nothing after '/': give the number to divide by, as in '1 2 1; 2 4 2; 1 2 1 / 16'")
        if ";" in divisor_text:
            raise ValueError("'/ N' must come at the end, after the last row")
        divisor = _read_number(divisor_text.strip(), "after '/'")
        if divisor == 0:
            raise ValueError("'/ 0' would divide by zero: divide by another number, or leave '/ N' out")
    row_texts = body.split(";")
    while len(row_texts) > 1 and not row_texts[-1].strip():
        row_texts.pop()   # a trailing ';'
    if not body.strip():
        raise ValueError(f"no weights given: write rows of numbers separated by ';', such as {KERNEL_EXAMPLE}")
    rows: list[list[float]] = []
    for number, row_text in enumerate(row_texts, start=1):
        row_text = row_text.strip()
        if not row_text:
            raise ValueError(f"row {number} is empty: separate rows with one ';', such as {KERNEL_EXAMPLE}")
        words = re.split(r"\s*,\s*|\s+", row_text)
        if "" in words:
            raise ValueError(f"row {number} ({row_text!r}) has an empty place between commas")
        values = [_read_number(word, f"in row {number}") for word in words]
        if rows and len(values) != len(rows[0]):
            raise ValueError(f"row {number} has {_count(len(values))}, row 1 has {_count(len(rows[0]))}: "
                             f"every row needs the same number of weights")
        rows.append(values)
    with np.errstate(over="ignore"):
        kernel = np.array(rows, dtype=np.float64) / divisor
    height, width = kernel.shape
    if height % 2 == 0 or width % 2 == 0:
        raise ValueError(f"the kernel is {height}\u00d7{width}: it needs an odd number of rows and of columns "
                         f"(such as 3\u00d73 or 5\u00d75) so that it has a centre pixel")
    if max(height, width) > MAX_KERNEL_SIDE:
        raise ValueError(f"the kernel is {height}\u00d7{width}: the sketch shows kernels up to "
                         f"{MAX_KERNEL_SIDE}\u00d7{MAX_KERNEL_SIDE}")
    largest = float(np.max(np.abs(kernel)))
    if not math.isfinite(largest):
        raise ValueError(f"dividing by {divisor:g} makes the weights too large: "
                         f"weights must stay within \u00b1{filters.WEIGHT_LIMIT:g}")
    if largest > filters.WEIGHT_LIMIT:
        weight = float(kernel.flat[int(np.argmax(np.abs(kernel)))])
        raise ValueError(f"a weight of {shown_number(weight)} is too large: weights must stay within "
                         f"\u00b1{filters.WEIGHT_LIMIT:g} (write smaller numbers, or divide with '/ N' at the end)")
    return kernel


def shown_number(value: float) -> str:
    """A number for a message, short ("150", "1e+300") but never rounded into another: 99.0000001 stays so."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _count(n: int) -> str:
    return "1 number" if n == 1 else f"{n} numbers"


def _read_number(word: str, where: str) -> float:
    """One weight from its text, or ValueError naming the word and where it is."""
    try:
        value = float(word)
    except ValueError:
        raise ValueError(f"{word!r} {where} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{word!r} {where} is not a finite number: use ordinary numbers such as 2, -1 or 0.5")
    return value


def looks_like_numbers(text: str) -> bool:
    """Whether --kernel's text is meant as weights rather than a name:
    it has ';', ',' or '/', or starts with a number."""
    if any(mark in text for mark in ";,/"):
        return True
    first = text.replace("\u2212", "-").split()[:1]
    try:
        float(first[0]) if first else float("x")
    except ValueError:
        return False
    return True


def read_kernel(text: str) -> str | np.ndarray:
    """What --kernel (or a lesson's ``kernel``) names: a preset's name (any case, _ or -),
    "random", or weights written as text (see parse_kernel_text), returned as an array.
    Raises ValueError with a one-line message naming the presets, or what is wrong with the weights."""
    cleaned = text.strip().lower().replace("_", "-").replace(" ", "-")
    if cleaned in filters.PRESETS or cleaned == filters.RANDOM:
        return cleaned
    if looks_like_numbers(text):
        return parse_kernel_text(text)
    raise ValueError(f"{unknown_kernel_message(text)}, or weights such as {KERNEL_EXAMPLE}")


def kernel_shape(kernel: str | np.ndarray) -> tuple[int, int]:
    """The rows × columns of the kernel --kernel starts with."""
    if isinstance(kernel, str):
        if kernel == filters.RANDOM:
            return filters.RANDOM_SIZES[0], filters.RANDOM_SIZES[0]
        return filters.PRESETS[kernel].shape
    return kernel.shape


def unknown_kernel_message(name: str) -> str:
    """The error for a kernel name that is not a preset, listing the ones that are (one line)."""
    return f"unknown kernel {name!r}: choose one of {', '.join(filters.PRESETS)}, or {filters.RANDOM}"
