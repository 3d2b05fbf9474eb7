"""What every benchmark part shares: a measured figure against its target, timing, and the table."""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # filters, convolution … and the tests' slow reference (tests.helpers)
    sys.path.insert(0, str(ROOT))


@dataclass
class Figure:
    """One row of the table: a measurement, what it is compared with, and the target.

    ``ratio`` is measured/reference unless the row says otherwise (the
    28×28 speed-up is reference/measured, start-up a difference in seconds);
    ``passed`` is None for rows that are information only.
    """
    name: str
    measured: str
    reference: str
    ratio: str
    target: str
    passed: bool | None
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: "info"}[self.passed]


def at_most(value: float, limit: float) -> bool:
    return value <= limit


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"


def min_of(function, repeats: int) -> float:
    """The fastest of ``repeats`` calls, in seconds (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def interleaved_min(functions: dict, repeats: int) -> dict:
    """Time several functions round-robin, ``repeats`` rounds; the fastest call of each, in seconds.

    Taking turns means a burst of load from other processes hits all of them
    alike, so their ratios stay fair on a shared machine.
    """
    best = {name: float("inf") for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


COLUMNS = ("figure", "measured", "reference", "ratio", "target", "result")


def rows(figures) -> list[tuple[str, ...]]:
    return [(f.name, f.measured, f.reference, f.ratio, f.target, f.verdict) for f in figures]


def text_table(figures) -> str:
    """The figures as an aligned plain-text table."""
    table = [COLUMNS] + rows(figures)
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = []
    for number, row in enumerate(table):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(figures) -> str:
    """The figures as a Markdown table (for benchmarks/RESULTS.md and the README)."""
    def cell(text):
        return text.replace("|", "\\|")
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows(figures):
        lines.append("| " + " | ".join(cell(text) if text != "FAIL" else "**FAIL**" for text in row) + " |")
    return "\n".join(lines)
