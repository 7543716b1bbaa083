"""How the streaming formats (JSON, CSV) write a large report fast: each finding put
together from parts made once per host and once per verdict, in C where it can be,
and written as UTF-8 bytes in batches where the output allows."""

from __future__ import annotations

import codecs
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from eolscan.model import Finding, Location
from eolscan.support.lazy_regex import LazyRegex

if TYPE_CHECKING:
    from eolscan.report.compact_rows import Columns, Group
    from eolscan.report.findings import FindingStream

BATCH_ROWS = 128
"""Findings written at a time: about 80 KB of JSON, under the size at which malloc maps
fresh pages for every joined string."""
CACHED_VERDICTS = 16_384
"""Verdicts whose written parts a spilled report keeps at once (cleared when full)."""


@dataclass(frozen=True, slots=True)
class RowParts:
    """How a format writes a finding, in parts made once each: for its host
    ``start(client, host)``; for its verdict ``verdict(finding)`` (what comes before the
    source, and after it); for its file ``around_line(file)`` (what comes before and after
    the line number in the source) or ``bare(text)`` (a source without a line number: the
    file, or the file and a pointer such as a JSON path, as ``Location.text`` shows it)."""

    start: Callable[[str, str], str]
    verdict: Callable[[Finding], tuple[str, str]]
    around_line: Callable[[str], tuple[str, str]]
    bare: Callable[[str], str]
    mark: Callable[[str], str] | None = None
    """With a baseline: a row's change mark as the end of its row (it replaces the last
    ``mark_replaces`` characters of the verdict's second part)."""
    mark_replaces: int = 0


Marks = tuple["Sequence[int]", list[str], "list[int] | None"]
"""(each row's mark number in report order, the text of each number, the rows whose mark
is not 0 when known): a baseline's column."""


def write_stream(
    out: TextIO,
    stream: FindingStream,
    parts: RowParts,
    lead: str = "",
    separator: str = "",
    marks: Marks | None = None,
) -> bool:
    """Write every finding of ``stream`` in report order: ``lead`` before the first,
    ``separator`` before each other one, each row's change mark at its end when ``marks``
    are given. False when there was none.

    Where ``out`` is UTF-8 text over a byte stream with no newline translation, and the
    report is compact, findings go to the byte stream as bytes put together in C (text
    is formatted more slowly and copied once more to be encoded).
    """
    row_ends = None
    if marks is not None:
        parts, row_ends = _with_marks(parts, marks)
    columns = stream.columns()
    if columns is not None and 0 in columns[2]:  # a source without a line: row by row
        columns = None
    sink = _byte_sink(out) if columns is not None else None
    if columns is not None and sink is not None:
        encode = partial(str.encode, encoding="utf-8", errors=sink[1])  # no Python frame
        pieces, width = _mapped(stream, columns, parts, encode, separator, row_ends)
        return _write_bytes(sink[0], pieces, width, lead.encode(), len(separator.encode()))
    text_rows = (
        _entry_rows(stream, parts, row_ends)
        if columns is None
        else _mapped(stream, columns, parts, str, "", row_ends)[0]
    )
    written = False
    while batch := list(islice(text_rows, BATCH_ROWS)):
        out.write(separator if written else lead)
        out.write(separator.join(batch))
        written = True
    return written


def _byte_sink(out: TextIO) -> tuple[BinaryIO, str] | None:
    """(the byte stream under ``out``, its encoding errors setting), flushed so that bytes
    follow what was written as text; None unless bytes in UTF-8 are what ``out`` would
    write itself. A text stream does not say how it translates newlines: this trusts that
    it writes ``os.linesep`` for "\n" (standard output) or nothing else (``newline=""``,
    eolscan's own files), so it is used only where ``os.linesep`` is "\n"."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or not encoding or os.linesep != "\n":
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    out.flush()
    return buffer, getattr(out, "errors", None) or "strict"


def _write_bytes(
    sink: BinaryIO, pieces: Iterator[bytes], width: int, lead: bytes, separator: int
) -> bool:
    """Rows, ``width`` pieces each (or a marked row whole), that each start with the
    separator: the first one's is replaced by ``lead``."""
    written = False
    while batch := list(islice(pieces, BATCH_ROWS * width)):
        if not written:
            batch[0] = lead + batch[0][separator:]
            written = True
        sink.write(b"".join(batch))
    return written


def _with_marks(parts: RowParts, marks: Marks) -> tuple[RowParts, Marks]:
    """Parts whose verdicts leave their row's end to a mark column (``verdict``'s second part
    loses the characters the mark replaces), and the marks as those row ends."""
    if parts.mark is None:
        raise ValueError("this format writes no change marks")
    mark, cut, verdict = parts.mark, parts.mark_replaces, parts.verdict

    def trimmed(finding: Finding) -> tuple[str, str]:
        first, second = verdict(finding)
        return first, second[: len(second) - cut]

    ends = [mark(text) for text in marks[1]]
    return RowParts(parts.start, trimmed, parts.around_line, parts.bare), (marks[0], ends, marks[2])


def _entry_rows(
    stream: FindingStream, parts: RowParts, row_ends: Marks | None = None
) -> Iterator[str]:
    """Each finding as text, row by row: for a spilled report or sources without lines."""
    if row_ends is not None:
        numbers, ends, _ = row_ends
        rows = _entry_rows(stream, parts)
        yield from map("".join, zip(rows, map(ends.__getitem__, numbers), strict=True))
        return
    verdicts: dict[int, tuple[str, str]] = {}
    last: Group | None = None
    begin = whole = before = after = ""
    for group, line, number in stream.entries():
        if group is not last and group != last:
            client, host, file, _tags, pointer = last = group
            begin = parts.start(client, host)
            whole = parts.bare(Location(file, None, pointer).text)
            before, after = parts.around_line(file)
        cached = verdicts.get(number)
        if cached is None:
            if len(verdicts) >= CACHED_VERDICTS:  # millions of distinct items: stay bounded
                verdicts.clear()
            cached = verdicts[number] = parts.verdict(stream.verdict(number))
        first, second = cached
        if line:
            yield f"{begin}{first}{before}{line}{after}{second}"
        else:
            yield f"{begin}{first}{whole}{second}"


def _mapped(
    stream: FindingStream,
    columns: Columns,
    parts: RowParts,
    encode: Callable[[str], Any],
    separator: str,
    row_ends: Marks | None = None,
) -> tuple[Iterator[Any], int]:
    """Each finding of a compact report whose sources all have line numbers, ``separator``
    first, from ``map`` and ``zip`` of cached parts: no Python code per row. As ``str``,
    each row formatted whole (width 1); with ``encode``, as ``bytes`` pieces, ``width`` a
    row, for the writer to join (a row's own bytes object, copied again when joined, cost
    a 1.1M-row report 0.08 s). With a baseline's marks, an unchanged row's end is part of
    its verdict's, and the few marked rows are formatted on their own, whole (a column of
    marks for every row cost 0.1 s); when many rows are marked, their ends are one more
    column. Returns the rows (or pieces) and their width.
    """
    groups, group_ids, lines, numbers = columns
    files = {file: parts.around_line(file) for file in set(map(itemgetter(2), groups))}
    hosts = stream.group_hosts()  # pairs: no starred unpacking of 100,000 groups
    starts = [encode(separator + parts.start(client, host)) for client, host in hosts]
    verdicts = [parts.verdict(stream.verdict(number)) for number in range(stream.verdict_count)]
    one_file = len(set(files.values())) == 1  # one file (or alike): its parts go into each
    if one_file:  # verdict's
        ((before, after),) = set(files.values())
        firsts = [encode(first + before) for first, _ in verdicts]
        seconds = [encode(after + second) for _, second in verdicts]
        around: list[Any] = []
    else:
        befores = [encode(files[group[2]][0]) for group in groups]
        afters = [encode(files[group[2]][1]) for group in groups]
        firsts = [encode(first) for first, _ in verdicts]
        seconds = [encode(second) for _, second in verdicts]
        around = [map(befores.__getitem__, group_ids)]
    tails, ends_column, marked = seconds, [], None
    if row_ends is not None:
        ends = [encode(end) for end in row_ends[1]]
        marked = row_ends[2] if row_ends[2] is not None else marked_rows(row_ends[0])
        if len(marked) * _MARKED_SHARE > len(numbers):
            ends_column, marked = [map(ends.__getitem__, row_ends[0])], None
        else:
            tails = [second + ends[0] for second in seconds]
    after_lines = [map(afters.__getitem__, group_ids)] if around else []
    columns_of_row = [
        map(starts.__getitem__, group_ids),
        map(firsts.__getitem__, numbers),
        *around,
        lines if encode is str else map(b"%d".__mod__, lines),
        *after_lines,
        map(tails.__getitem__, numbers),
        *ends_column,
    ]
    if encode is str:
        form = "%s%s" + "%s" * len(around) + "%d" + "%s" * (len(columns_of_row) - 3 - len(around))
        rows: Iterator[Any] = map(form.__mod__, zip(*columns_of_row, strict=True))
        width = 1
    else:
        rows = chain.from_iterable(zip(*columns_of_row, strict=True))
        width = len(columns_of_row)
    if marked is None:
        return rows, width
    marks = row_ends[0] if row_ends is not None else ()

    def formatted(row: int) -> Any:
        """A marked row, as a column of ends would have written it."""
        group, number = group_ids[row], numbers[row]
        middle = encode(str(lines[row]))
        if around:
            middle = befores[group] + middle + afters[group]
        return starts[group] + firsts[number] + middle + seconds[number] + ends[marks[row]]

    return _with_marked_rows(rows, width, marked, formatted), width


_MARKED_SHARE = 8
"""Past one marked row in this many, the marks are written as a column of row ends."""
_NONZERO = LazyRegex(rb"[^\x00]")


def marked_rows(marks: Sequence[int]) -> list[int]:
    """The rows whose mark is not 0 (unchanged), in order, found by a search in C of the
    marks' bytes (a million rows, a few thousand marked)."""
    packed = marks if isinstance(marks, array) else array("I", marks)
    size = packed.itemsize
    found = dict.fromkeys(hit.start() // size for hit in _NONZERO.finditer(packed.tobytes()))
    return list(found)


def _with_marked_rows(
    rows: Iterator[Any], width: int, marked: list[int], formatted: Callable[[int], Any]
) -> Iterator[Any]:
    """``rows`` (``width`` pieces each), each of the ``marked`` rows (in order) replaced by
    ``formatted(row)`` whole: the stretches between them are chained in C."""

    def stretches() -> Iterator[Iterable[Any]]:
        at = 0
        for row in marked:
            yield islice(rows, (row - at) * width)
            for _ in range(width):  # its unmarked form, not written
                next(rows, None)
            yield (formatted(row),)
            at = row + 1
        yield rows

    return chain.from_iterable(stretches())
