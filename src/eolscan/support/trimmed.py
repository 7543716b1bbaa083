"""A text stream that drops the spaces a line ends with, for plain tables written to files.

rich pads every line of a table, and its title, to the console's width: a table saved by
cron and kept in git then shows trailing whitespace on every line of every diff. Only plain
text goes through this (a terminal in colour is written as rich draws it).
"""

from __future__ import annotations

from itertools import repeat
from typing import Any, TextIO


class TrimmedLines:
    """Writes to ``out`` what it is given, less the spaces before each newline (a line is
    only ever padded at its end, and rich always ends a line it writes)."""

    def __init__(self, out: TextIO) -> None:
        self.raw = out

    def write(self, text: str) -> int:
        """Write ``text`` less its lines' end spaces; the length given, as ``write`` says."""
        given = len(text)
        if " \n" in text:  # each line cut in C: a pattern is slow over long runs of padding
            lines = text.split("\n")
            last = lines.pop()  # not ended yet: it may go on in the next write
            text = "\n".join(map(str.rstrip, lines, repeat(" "))) + "\n" + last
        self.raw.write(text)
        return given

    def __getattr__(self, name: str) -> Any:
        """Everything else (``encoding``, ``isatty``, ``flush``, ``fileno``) is the stream's:
        rich asks the file for its encoding to know which characters it may write."""
        return getattr(self.raw, name)
