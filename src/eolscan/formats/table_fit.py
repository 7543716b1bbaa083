"""Column widths for the terminal table: no word ever cut, as few lines per item as fit.

rich shrinks a table that is too wide by folding words mid-letter ("Recog/nised").
Here every column is at least as wide as its longest word; when even that does not fit,
the column of least value goes. Spare width goes first to the columns that need it to
keep every cell within two lines, then to whole cells on one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

MAX_LINES = 2
"""An ordinary item should take at most this many lines at 120 columns."""


def overhead(columns: int) -> int:
    """Characters a ``SIMPLE_HEAD`` table with collapsed padding adds around its cells:
    an edge each side and two spaces between columns."""
    return 2 * columns


def longest_word(text: str) -> int:
    """The width of the longest word: a column narrower than this would cut it."""
    return max((cell_len(word) for word in text.split()), default=0)


def lines_at(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at spaces into ``width`` columns."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = cell_len(word)
            if used and used + 1 + size > width:
                lines, used = lines + 1, size
            else:
                used += size + (1 if used else 0)
        total += lines
    return total


def _first_lines(cells: Sequence[str]) -> list[str]:
    """The text that should stay within two lines: each cell's first paragraph (a dim
    reason under it may take more)."""
    return [cell.split("\n", 1)[0] for cell in cells]


def width_for_lines(cells: Sequence[str], lines: int, least: int, most: int) -> int:
    """The narrowest width from ``least`` to ``most`` at which every cell fits ``lines``."""
    heads = _first_lines(cells)
    for width in range(least, most + 1):
        if all(lines_at(cell, width) <= lines for cell in heads):
            return width
    return most


def fit_columns(
    headers: Sequence[str], cells: Sequence[Sequence[str]], width: int, drop_order: Sequence[str]
) -> dict[str, int]:
    """Column -> width for the columns that fit whole in ``width``, in their own order.

    ``cells`` are the rows' plain texts, in the order of ``headers``; columns named in
    ``drop_order`` go, first first, while the narrowest layout is too wide.
    """
    columns = {h: [row[at] for row in cells] + [h] for at, h in enumerate(headers)}
    least = {h: max(longest_word(text) for text in texts) for h, texts in columns.items()}
    most = {
        h: max(cell_len(line) for t in texts for line in t.split("\n"))
        for h, texts in columns.items()
    }
    shown = list(headers)
    for column in drop_order:
        if sum(least[h] for h in shown) + overhead(len(shown)) <= width:
            break
        if column in shown:
            shown.remove(column)
    widths = {h: least[h] for h in shown}
    spare = width - overhead(len(shown)) - sum(widths.values())
    for lines in (MAX_LINES, 1):
        wanted = {h: width_for_lines(columns[h], lines, widths[h], most[h]) for h in shown}
        for h in sorted(shown, key=lambda h: wanted[h] - widths[h]):  # cheapest first
            grow = min(max(wanted[h] - widths[h], 0), spare)
            widths[h] += grow
            spare -= grow
    return widths
