"""Printable ASCII text as its shape, for the table's layout to work once per shape.

A roll-up's examples (``HOST-000500, HOST-001000, ...``) differ in name, not in how they
wrap: in printable ASCII every character is one column wide and the space is the only
place a line breaks, so two texts with their spaces in the same places wrap alike. Their
shape is the text with every other character as ``x``, made in C.
"""

from __future__ import annotations

_SHAPE = str.maketrans(dict.fromkeys(map(chr, range(0x21, 0x7F)), "x"))


def printable_ascii(text: str) -> bool:
    """One character, one column; no tab, no line break (most cells of a table)."""
    return text.isascii() and text.isprintable()


def ascii_shape(text: str) -> str:
    """``text`` (printable ASCII) with every character but the space as ``x``."""
    return text.translate(_SHAPE)
