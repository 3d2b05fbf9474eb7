"""Weights and values as the window writes them: whole numbers bare, a real minus sign, a common
factor ("÷ 16") where the lesson writes one. Pure Python, no py5."""

from __future__ import annotations

import math

import numpy as np


def common_divisor(kernel: np.ndarray, largest: int = 256) -> int | None:
    """The smallest d ≤ largest such that kernel·d is all whole numbers, or None.

    Lets the screen show the Gaussian as 1 2 1 / 2 4 2 / 1 2 1 "÷ 16", as it
    is written in the lesson, instead of 0.06 0.12 ….
    """
    divisors = np.arange(1, largest + 1)
    scaled = divisors[:, None] * np.asarray(kernel, dtype=np.float64).ravel()[None, :]   # one row per d
    whole = np.all((np.abs(scaled - np.rint(scaled)) < 1e-6) & (np.abs(scaled) < 1000), axis=1)
    return int(divisors[whole.argmax()]) if whole.any() else None


def format_weight(weight: float) -> str:
    """One weight as a short label: whole numbers bare, others with 1–2 decimals, a real minus sign."""
    if abs(weight - round(weight)) < 5e-4:
        text = f"{round(weight):d}"
    elif abs(weight * 10 - round(weight * 10)) < 1e-9:
        text = f"{weight:.1f}"
    elif abs(weight) < 0.005:
        text = f"{weight:.3f}"   # 1/256 is small, but not 0
    else:
        text = f"{weight:.2f}"
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return "0" if text == "\u22120" else text


def plain_enough(kernel: np.ndarray) -> bool:
    """Whether every weight reads well as it is, with at most one decimal (−2.5, 0.5; not 0.0625)."""
    tenths = np.asarray(kernel, dtype=np.float64) * 10
    return bool(np.all(np.abs(tenths - np.rint(tenths)) < 1e-6))


def kernel_labels(kernel: np.ndarray, editing_from: np.ndarray | None = None) -> tuple[list[list[str]], str]:
    """The kernel's cells as text, and a note of the common factor ("÷ 16") or "".

    While a weight is being edited, ``editing_from`` is the kernel as it was
    when editing began, and its factor is kept: the other cells keep their
    labels (1 2 1 … ÷ 16) while the edited one shows its own value × 16,
    instead of every label changing with each step (÷ 10, ÷ 5, ÷ 10 …).
    """
    divisor = common_divisor(kernel if editing_from is None else editing_from)
    if divisor is not None and editing_from is None and plain_enough(kernel):
        divisor = None   # weights typed by hand (−2.5) are shown as typed, not ×2 over "÷ 2"
    if divisor is None:
        return [[format_weight(w) for w in row] for row in kernel.tolist()], ""
    scaled = np.asarray(kernel, dtype=np.float64) * divisor
    whole = np.abs(scaled - np.rint(scaled)) < 1e-6
    scaled = np.where(whole, np.rint(scaled), scaled)   # 1.0000000002 is 1; an edited 5.6 stays 5.6
    cells = [[format_weight(w) for w in row] for row in scaled.tolist()]
    return cells, ("" if divisor == 1 else f"\u00f7 {divisor}")


def format_number(value: float) -> str:
    """A value or product for the readout: whole numbers bare, else one decimal; "–" for none."""
    if not math.isfinite(value):
        return "\u2013"
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "\u2212")
