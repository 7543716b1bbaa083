"""The table report's tables written as plain text, line for line what rich writes, much faster.

rich lays a table out cell by cell through renderables, padding, segments and measurements:
a monthly run of 200 client files spent three quarters of its time there. Off a terminal (no
colour: files, pipes, cron) a table is plain text, so this writes the same layout directly:
column widths measured and collapsed as rich measures and collapses them (with rich's own
collapse and ratio functions), cells wrapped by rich's ``Text.wrap`` only where a line does not
fit. Any table outside the shape eolscan builds (another box, tabs, unusual line breaks) goes
to rich. ``tests/formats/test_plain_table.py`` renders tables both ways and compares bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add, mul, sub
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.table import Table
from rich.text import Text

from eolscan.formats.text_shape import ascii_shape, printable_ascii

try:  # rich's own layout helpers are private: a release may move them, so rich then draws
    from rich._ratio import ratio_reduce
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover - depends on the installed rich
    ratio_reduce = divide_line = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from rich.console import Console

_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Where ``str.splitlines`` breaks a line besides ``\n``."""


@dataclass(frozen=True)
class PlainTable:
    """A table of plain text in the one shape eolscan draws (``SIMPLE_HEAD`` box, no edge
    padding, cells left-justified and folded): what its layout needs, without rich's objects.
    The table report's fitted tables are built as this directly (no ``Text`` per cell)."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    no_wrap: Sequence[bool]
    widths: Sequence[int | None]
    """Each column's fixed width (``Column.width``), or None to measure it from its cells."""
    collapse_padding: bool = False


def plain_console(console: Console) -> bool:
    """Whether tables on ``console`` are plain text this module can write (no colour, not a
    terminal, UTF-8) with rich's private layout helpers at hand."""
    return (
        divide_line is not None
        and hasattr(Table, "_collapse_widths")
        and console.no_color
        and not console.is_terminal
        and (console.encoding or "").lower().replace("-", "") == "utf8"
    )


def write_plain(console: Console, table: PlainTable) -> bool:
    """Write ``table`` as rich would draw it; False (nothing written) when it is not that
    simple (tabs, odd line breaks, a column too narrow) or rich's private helpers changed."""
    if not plain_console(console):
        return False
    try:
        lines = _layout(console, table)
    except (TypeError, AttributeError, ValueError):
        lines = None
    if lines is None:
        return False
    console.file.write("".join(f"{line}\n" for line in lines))
    return True


def print_table(console: Console, table: Table) -> None:
    """Write ``table`` to the console: plain and fast when it is plain text, else by rich
    (also when rich's private layout helpers are missing or changed their signature)."""
    plain = _from_rich(table) if plain_console(console) else None
    if plain is None or not write_plain(console, plain):
        console.print(table)


def _cell_text(cell: Any) -> str | None:
    """A rich cell's text, or None when it is not a str or plain ``Text``."""
    return cell if isinstance(cell, str) else cell.plain if isinstance(cell, Text) else None


def _plain(text: str) -> bool:
    """Whether rich measures and wraps ``text`` as this module does: tabs expand, and
    ``str.splitlines`` (rich's measure) breaks at more than ``\\n``."""
    return "\t" not in text and _LINE_BREAKS.isdisjoint(text)


def _from_rich(table: Table) -> PlainTable | None:
    """The plain table a rich ``Table`` of eolscan's shape holds; None for any other shape
    (another box, styles that change the layout, cells that are not plain ``Text``)."""
    if not (
        table.box is box.SIMPLE_HEAD
        and table.show_header
        and table.show_edge
        and not (table.show_footer or table.show_lines or table.leading or table.expand)
        and not table.pad_edge
        and table.padding == (0, 1, 0, 1)
        and table.width is None
        and table.min_width is None
        and table.caption is None
        and isinstance(table.title, Text)
        and all(
            c.min_width is None and c.max_width is None and c.ratio is None for c in table.columns
        )
        and all(c.justify == "left" and c.overflow == "fold" for c in table.columns)
        and not any(row.end_section for row in table.rows)
    ):
        return None
    columns = table.columns
    texts = [[_cell_text(column.header), *map(_cell_text, column._cells)] for column in columns]
    if any(text is None for column in texts for text in column):
        return None
    return PlainTable(
        title=table.title.plain,
        headers=[column[0] or "" for column in texts],
        rows=[[column[row] or "" for column in texts] for row in range(1, len(texts[0]))],
        no_wrap=[column.no_wrap for column in columns],
        widths=[column.width for column in columns],
        collapse_padding=table.collapse_padding,
    )


@lru_cache(maxsize=16384)
def _widest_line(text: str) -> int:
    """The maximum of rich's Text measure: its widest line (the minimum is never used for the
    width of a table that does not expand)."""
    return max(map(cell_len, text.splitlines()), default=0)


def _column_width(widest: int, extra: int, max_width: int) -> int:
    """rich's Table._measure_column maximum at ``max_width`` for a column whose widest cell
    line is ``widest`` and whose padding is ``extra``: Measurement.get of Padding(Text),
    normalised and capped at each step as rich does, reduces to this."""
    if max_width < 1:
        return 0
    if max_width - extra < 1:
        return max_width
    width = min(widest, max_width - extra) + extra
    return width if width >= 1 else 0


def _measure(fixed: int | None, widest: int, extra: int, max_width: int) -> int:
    """rich's Table._measure_column maximum: a fixed width (``Column.width``, as the fitted
    table sets every column) plus padding, capped; else measured from the cells."""
    if fixed is None:
        return _column_width(widest, extra, max_width)
    return min(fixed + extra, max_width) if max_width >= 1 else 0


def _widths(table: PlainTable, widest: list[int], pads: list[int], width: int) -> list[int]:
    """rich's Table._calculate_column_widths for a table that does not expand."""
    fixed = table.widths
    max_width = width - (2 + len(fixed) - 1)
    widths = [
        _measure(w, most, pad, max_width) or 1
        for w, most, pad in zip(fixed, widest, pads, strict=True)
    ]
    if sum(widths) > max_width:
        wrapable = [
            w is None and not no_wrap for w, no_wrap in zip(fixed, table.no_wrap, strict=True)
        ]
        widths = Table._collapse_widths(widths, wrapable, max_width)
        if sum(widths) > max_width:
            excess = sum(widths) - max_width
            widths = ratio_reduce(excess, [1] * len(widths), widths, widths)
        widths = [
            _measure(w, most, pad, limit) or 0
            for w, most, pad, limit in zip(fixed, widest, pads, widths, strict=True)
        ]
    return widths


_LINE = " {} "
"""A table line: its cells between the edges' spaces."""
_TRAILING_SPACE = re.compile(r"\s+$")


def _wrapped_ascii(part: str, inner: int, no_wrap: bool) -> list[str]:
    """rich's Text.wrap (justify left, overflow fold) of one ASCII line, as strings: break
    at rich's offsets, trim trailing space past the width, crop, pad. Where the line is
    printable, the cuts are those of its shape (``_cuts``): a roll-up's examples differ
    in name, not in how they wrap."""
    shape = ascii_shape(part) if part.isprintable() else part
    return [part[start:stop].ljust(inner) for start, stop in _cuts(shape, inner, no_wrap)]


@lru_cache(maxsize=4096)
def _cuts(part: str, inner: int, no_wrap: bool) -> tuple[tuple[int, int], ...]:
    """Where each wrapped line of ``part`` starts and stops: rich's offsets, trailing space
    past the width trimmed, cropped to the width. Kept for the run: the tables of a book's
    clients share most product names, dates and upgrades."""
    offsets = [] if no_wrap else divide_line(part, inner, fold=True)
    cuts = []
    for start, end in zip([0, *offsets], [*offsets, len(part)], strict=True):
        stop = end
        if end - start > inner and (space := _TRAILING_SPACE.search(part, start, end)):
            stop = end - min(len(space.group(0)), end - start - inner)
        cuts.append((start, min(stop, start + inner)))
    return tuple(cuts)


def _cell_lines(
    console: Console, text: str, width: int, left: int, right: int, no_wrap: bool
) -> list[str]:
    """One cell as lines ``width`` wide: padding, then the text wrapped as rich wraps it."""
    inner = width - left - right
    lines: list[str] = []
    for part in text.split("\n"):
        if part.isascii():
            if len(part) <= inner:
                lines.append(part + " " * (inner - len(part)))
            else:
                lines.extend(_wrapped_ascii(part, inner, no_wrap))
            continue
        wrapped = Text(part).wrap(console, inner, justify="left", overflow="fold", no_wrap=no_wrap)
        lines.extend(set_cell_size(line.plain, inner) for line in wrapped)
    return [" " * left + line + " " * right for line in lines]


def _laid_out(
    console: Console, texts: list[str], width: int, left: int, right: int, no_wrap: bool
) -> dict[str, tuple[str, ...]]:
    """Each of a column's distinct texts as its lines (``_cell_lines``). In a column of
    printable ASCII, the texts that fit on a line are padded in C, and the others wrapped a
    shape at a time (a book's client tables hold hundreds of thousands of cells)."""
    inner = width - left - right
    if not printable_ascii("".join(texts)):
        return {
            text: tuple(_cell_lines(console, text, width, left, right, no_wrap)) for text in texts
        }
    line = f"{' ' * left}{{:<{inner}}}{' ' * right}".format
    laid: dict[str, tuple[str, ...]] = dict(zip(texts, zip(map(line, texts)), strict=True))
    longer = [text for text in texts if len(text) > inner]
    shapes = ascii_shape("\n".join(longer)).split("\n") if longer else []
    alike: dict[str, list[str]] = {}  # the longer texts by shape: each shape's cuts apply
    for text, shape in zip(longer, shapes, strict=True):
        alike.setdefault(shape, []).append(text)
    for shape, group in alike.items():  # to all its texts at once, line by line
        cuts = _cuts(shape, inner, no_wrap)
        lines = [map(line, map(str.__getitem__, group, repeat(slice(*cut)))) for cut in cuts]
        laid.update(zip(group, zip(*lines, strict=True), strict=True))
    return laid


def plain_lines(console: Console, table: Table) -> list[str] | None:
    """The rich table as rich would print it without colour, or None when it is not that
    simple."""
    plain = _from_rich(table) if plain_console(console) else None
    return None if plain is None else _layout(console, plain)


def _layout(console: Console, table: PlainTable) -> list[str] | None:
    """The lines rich would print for ``table``, or None when a cell is not plain text or a
    column is too narrow for one character."""
    texts = [
        [header, *column] for header, column in zip(table.headers, _columns(table), strict=True)
    ]
    distinct = [list(dict.fromkeys(column)) for column in texts]  # rows repeat most cells
    printable = [printable_ascii("".join(column)) for column in distinct]  # most columns
    others = [column for column, plain in zip(distinct, printable, strict=True) if not plain]
    if not all(_plain(text) for column in others for text in column):
        return None
    last = len(texts) - 1
    # collapsed padding: one space between columns (the right one), none on the left
    pads = [
        (0 if i == 0 or table.collapse_padding else 1, 0 if i == last else 1)
        for i in range(len(texts))
    ]
    widest = [
        max(map(len if plain else _widest_line, column))
        for column, plain in zip(distinct, printable, strict=True)
    ]
    widths = _widths(table, widest, [left + right for left, right in pads], console.width)
    if any(w - left - right < 1 for w, (left, right) in zip(widths, pads, strict=True)):
        return None
    table_width = sum(widths) + 2 + last
    out: list[str] = []
    if table.title:  # rich writes no title line for an empty title
        wrapped = Text(table.title).wrap(console, table_width, justify="left", overflow="fold")
        out.extend(line.plain for line in wrapped)
    out.append(" " * table_width)
    columns = []
    for column, distinct_texts, width, (left, right), no_wrap in zip(
        texts, distinct, widths, pads, table.no_wrap, strict=True
    ):
        laid = _laid_out(console, distinct_texts, width, left, right, no_wrap)
        columns.append(list(map(laid.__getitem__, column)))
    blanks = [(" " * width,) for width in widths]
    header = [column[0] for column in columns]
    height = max(map(len, header))  # bottom-aligned
    padded = [blank * (height - len(c)) + c for c, blank in zip(header, blanks, strict=True)]
    out.extend(map(_LINE.format, map(" ".join, zip(*padded, strict=True))))
    out.append(" " + "─" * (table_width - 2) + " ")
    cells = [column[1:] for column in columns]  # top-aligned: each padded to its row's height
    sizes = [list(map(len, column)) for column in cells]
    heights = list(map(max, *sizes)) if len(sizes) > 1 else sizes[0]
    padded_columns = [
        map(add, column, map(mul, repeat(blank), map(sub, heights, size)))
        for column, size, blank in zip(cells, sizes, blanks, strict=True)
    ]  # each row's lines, joined: all in C
    out.extend(map(_LINE.format, map(" ".join, chain.from_iterable(map(zip, *padded_columns)))))
    out.append(" " * table_width)
    return out


def _columns(table: PlainTable) -> list[list[str]]:
    """The rows' cells column by column."""
    return [[row[at] for row in table.rows] for at in range(len(table.headers))]
