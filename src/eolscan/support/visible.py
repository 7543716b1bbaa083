"""Text from inventories shown so that it cannot act on a terminal or disguise itself.

Names come from files a client's machines wrote. An ESC or OSC sequence could retitle or
recolour the consultant's terminal; a right-to-left override (U+202E) or a zero-width
character could make ``SQL Server 2008`` read as a supported product in a report. Every human
format (table, inventory listing, CSV, Markdown, HTML, calendar) passes text through
:func:`visible`, which writes such characters as ``\\xNN`` or ``\\uNNNN``; JSON and SARIF keep
the exact text (their encoders already escape control characters).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 controls but tab and newline, DEL, C1 controls
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"  # soft hyphen, invisible fillers, ALM
    "\u200b-\u200f"  # zero-width space/joiners, LRM, RLM
    "\u2028-\u202e"  # line/paragraph separators, bidi embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, bidi isolates (U+2066-2069)
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"  # fillers, variation selectors, BOM
    "\U000e0000-\U000e007f"  # tag characters
    "]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with control, bidi and invisible characters written as escapes."""
    if text.isascii() and text.isprintable():  # most text: nothing to escape, found in C
        return text
    return _UNSAFE.sub(_escaped, text)


def quoted(text: str) -> str:
    """``text`` in quotes as ``repr`` writes it (controls and line breaks escaped, so a
    reason stays one line), but a backslash shown once: ``'C:\\Tools\\app.exe'`` and
    ``'CORP\\PC-01'`` read as the path and the account they are, not doubled."""
    return repr(text).replace("\\\\", "\\")
