"""Column widths for the terminal table: no word ever cut, as few lines per item as fit.

rich shrinks a table that is too wide by folding words mid-letter ("Recog/nised").
Here every column is at least as wide as its longest word; when even that does not fit,
the column of least value goes. Spare width goes first to the columns that need it to
keep every cell within two lines, then to whole cells on one line.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

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


def fit_columns(
    headers: Sequence[str],
    cells: Sequence[Sequence[str]],
    width: int,
    drop_order: Sequence[str],
    whole: Collection[str] = (),
) -> dict[str, int]:
    """Column -> width for the columns that fit whole in ``width``, in their own order.

    ``cells`` are the rows' plain texts, in the order of ``headers``; columns named in
    ``drop_order`` go, first first, while the narrowest layout is too wide; cells of the
    columns in ``whole`` are never wrapped (a status, a change mark).
    """
    columns = {h: [row[at] for row in cells] + [h] for at, h in enumerate(headers)}
    least = {h: max(longest_word(text) for text in texts) for h, texts in columns.items()}
    most = {
        h: max(cell_len(line) for t in texts for line in t.split("\n"))
        for h, texts in columns.items()
    }
    least.update({h: most[h] for h in whole if h in most})
    shown = list(headers)
    for column in drop_order:
        if sum(least[h] for h in shown) + overhead(len(shown)) <= width:
            break
        if column in shown:
            shown.remove(column)
    widths = {h: least[h] for h in shown}
    spare = width - overhead(len(shown)) - sum(widths.values())
    return _spread(widths, spare, {h: _first_lines(columns[h]) for h in shown}, most)


def _score(heights: list[int], cells: int) -> tuple[int, int, int]:
    """Rows over two lines, then lines in all, then lines of all cells (a cell on one line
    reads better even beside a taller one): what a wider column should bring down."""
    return sum(1 for h in heights if h > MAX_LINES), sum(heights), cells


def _spread(
    widths: dict[str, int], spare: int, cells: dict[str, list[str]], most: dict[str, int]
) -> dict[str, int]:
    """Give spare width, a step at a time, to the column where it saves the most lines
    per character (first rows over two lines, then lines in all)."""
    cache: dict[tuple[str, int], list[int]] = {}

    def lines(column: str, at: int) -> list[int]:
        found = cache.get((column, at))
        if found is None:
            found = cache[column, at] = [lines_at(cell, at) for cell in cells[column]]
        return found

    rows = len(next(iter(cells.values()), []))
    every = sum(sum(lines(h, widths[h])) for h in widths)
    current = _score([max(lines(h, widths[h])[r] for h in widths) for r in range(rows)], every)
    while spare > 0 and rows:
        best: tuple[tuple[float, ...], str, int, tuple[int, int, int]] | None = None
        for column in widths:
            own = sum(lines(column, widths[column]))
            others = [
                max((lines(h, widths[h])[r] for h in widths if h != column), default=0)
                for r in range(rows)
            ]
            for step in range(1, min(spare, most[column] - widths[column]) + 1):
                trial = lines(column, widths[column] + step)
                heights = [max(a, b) for a, b in zip(trial, others, strict=True)]
                score = _score(heights, current[2] - own + sum(trial))
                if score < current:  # the first width that helps: look no further
                    gain = tuple(
                        (now - then) / step for now, then in zip(current, score, strict=True)
                    )
                    if best is None or gain > best[0]:
                        best = (gain, column, step, score)
                    break
        if best is None:
            break
        _, column, step, current = best
        widths[column] += step
        spare -= step
    for column in sorted(widths, key=lambda h: widths[h] - most[h]):  # the rest: to the
        grow = min(max(most[column] - widths[column], 0), spare)  # columns with most left
        widths[column] += grow
        spare -= grow
    return widths
