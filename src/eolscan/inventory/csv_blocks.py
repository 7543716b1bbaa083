"""CSV rows a block at a time, each with its line number, as ``csv.reader`` reads them.

``csv.reader`` costs about 0.5 µs a row. Text without quotes, NUL characters, lone
carriage returns or over-long lines means exactly what ``str.split`` makes of it, at
a third of that cost, so such blocks are split in C. From the first block that is not
that plain, the rest of the input goes to ``csv.reader`` itself: a quoted field that
spans lines, and every error, come out as ``csv.reader`` gives them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TextIO

BLOCK_CHARS = 1 << 18
"""Characters read at a time (256 K: about 4,000 rows of a typical inventory)."""
READER_ROWS = 4_096
"""Rows per block once ``csv.reader`` reads."""
MAX_LINE_CHARS = 1024 * 1024
"""Longest physical line read (1 MiB): a 100 MB line without a line end was held whole,
and copied, before the field limit refused it."""


_TOO_LONG = f"a line is longer than the {MAX_LINE_CHARS >> 20} MiB line limit"


def too_long(exc: csv.Error) -> int:
    """1 when ``exc`` is the line limit (the reader never counted the line it refused)."""
    return 1 if str(exc) == _TOO_LONG else 0


def bounded_lines(stream: TextIO) -> Iterator[str]:
    """The lines of ``stream`` (ends kept), ``csv.Error`` at the first past ``MAX_LINE_CHARS``."""
    while line := stream.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise csv.Error(_TOO_LONG)
        yield line


@dataclass(slots=True)
class CsvBlock:
    """Consecutive rows of a CSV input and the line each ends on (``csv.reader``'s rows and
    ``line_num``). A *plain* block read with ``split=False`` has its lines' text instead
    of rows: each text, split at commas, is exactly its row (an empty text, no fields)."""

    lines: Sequence[int]
    rows: list[list[str]] | None = None
    texts: list[str] | None = None

    def split_rows(self) -> list[list[str]]:
        """The rows, split here if the block is plain."""
        if self.rows is not None:
            return self.rows
        return [text.split(",") if text else [] for text in self.texts or ()]


class CsvLineError(Exception):
    """``csv.reader`` refused the input at ``line`` (1-based, 0 before the first line)."""

    def __init__(self, line: int, error: csv.Error) -> None:
        super().__init__(str(error))
        self.line = line
        self.error = error


def csv_blocks(stream: TextIO, split: bool = True, lines_before: int = 0) -> Iterator[CsvBlock]:
    """The rows of ``stream`` (opened with ``newline=""``), as ``csv.reader`` with the
    default dialect and the current ``csv.field_size_limit()`` reads them, a block at a time.
    With ``split=False`` plain blocks come as text, for readers that split lines themselves.
    Lines are numbered on from ``lines_before`` (the lines a reader took before, a header).

    Raises CsvLineError where ``csv.reader`` raises csv.Error.
    """
    field_limit = csv.field_size_limit()
    done = lines_before  # lines before the current block
    tail = ""  # the last, unfinished line of what was read
    while True:
        chunk = stream.read(BLOCK_CHARS)
        text = tail + chunk
        if not text:
            return
        if chunk:
            cut = text.rfind("\n") + 1
            text, tail = text[:cut], text[cut:]
            if len(tail) > MAX_LINE_CHARS:
                error = csv.Error(
                    f"a line is longer than the {MAX_LINE_CHARS >> 20} MiB line limit"
                )
                raise CsvLineError(done + text.count("\n") + 1, error)
        else:
            tail = ""
        lines = _plain_lines(text, field_limit) if text else None
        if lines is None:  # hand over whole lines: csv.reader ends a record with each string
            rest = stream.readline(MAX_LINE_CHARS + 1 - len(tail))  # the line, but bounded
            yield from _read_rest(text + tail + rest, stream, done)
            return
        if chunk:
            lines.pop()  # the empty string after the last line end
        block = CsvBlock(range(done + 1, done + 1 + len(lines)), texts=lines)
        if split:
            block.rows, block.texts = block.split_rows(), None
        yield block
        done += len(lines)
        if not chunk:
            return
        if len(tail) > MAX_LINE_CHARS:  # rows before it came first, as for csv.Error
            raise CsvLineError(done + 1, csv.Error(_TOO_LONG))


def _plain_lines(text: str, field_limit: int) -> list[str] | None:
    """The lines of ``text`` without their ends, when splitting them at commas is all
    ``csv.reader`` would do; else None."""
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:  # a lone carriage return ends a line too: leave it to csv
            return None
    lines = text.split("\n")
    if not _lines_within(text, field_limit) and max(map(len, lines)) > field_limit:
        return None
    return lines


def _lines_within(text: str, limit: int) -> bool:
    """True when no line of ``text`` can be longer than ``limit``: each whole stretch of
    ``limit // 2`` characters from the start holds a line end (a longer line would hold
    one of them whole). A few searches a block, not a length per line; False says only
    that the lines must be measured."""
    half = max(1, limit // 2)
    find = text.find
    return all(find("\n", at, at + half) >= 0 for at in range(0, len(text) - half + 1, half))


def _read_rest(text: str, stream: TextIO, done: int) -> Iterator[CsvBlock]:
    """The rest of the input (``text``, then ``stream``) through ``csv.reader``, with line
    numbers counted on from ``done``; no line longer than ``MAX_LINE_CHARS`` is read."""
    head = io.StringIO(text, newline="")
    reader = csv.reader(chain(bounded_lines(head), bounded_lines(stream)))
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            rows.append(row)
            lines.append(done + reader.line_num)
            if len(rows) >= READER_ROWS:
                yield CsvBlock(lines, rows)
                rows, lines = [], []
    except csv.Error as exc:
        yield CsvBlock(lines, rows)  # the rows before the error come first, as they did
        raise CsvLineError(done + reader.line_num + too_long(exc), exc) from exc
    yield CsvBlock(lines, rows)
