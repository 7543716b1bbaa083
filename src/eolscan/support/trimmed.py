"""A text stream that drops the spaces a line ends with, for plain tables written to files.

rich pads every line of a table, and its title, to the console's width: a table saved by
cron and kept in git then shows trailing whitespace on every line of every diff. Only plain
text goes through this (a terminal in colour is written as rich draws it).
"""

from __future__ import annotations

import re
from typing import Any, TextIO

_LINE_END_SPACES = re.compile(r" +(?=\n)")


class TrimmedLines:
    """Writes to ``out`` what it is given, less the spaces before each newline (a line is
    only ever padded at its end, and rich always ends a line it writes)."""

    def __init__(self, out: TextIO) -> None:
        self.raw = out

    def write(self, text: str) -> int:
        self.raw.write(_LINE_END_SPACES.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        """Everything else (``encoding``, ``isatty``, ``flush``, ``fileno``) is the stream's:
        rich asks the file for its encoding to know which characters it may write."""
        return getattr(self.raw, name)
