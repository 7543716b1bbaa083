"""Column widths for the terminal table: no word ever cut, as few lines per item as fit.

rich shrinks a table that is too wide by folding words mid-letter ("Recog/nised").
Here every column is at least as wide as its longest word; when even that does not fit,
the column of least value goes. Spare width goes first to the columns that need it to
keep every cell within two lines, then to whole cells on one line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from rich.cells import cell_len

MAX_LINES = 2
"""An ordinary item should take at most this many lines at 120 columns."""


def overhead(columns: int) -> int:
    """Characters a ``SIMPLE_HEAD`` table with collapsed padding adds around its cells:
    an edge each side and two spaces between columns."""
    return 2 * columns


def _width_of(text: str) -> Callable[[str], int]:
    """How to measure words of ``text``: ``len`` for printable ASCII (most inventories:
    one character, one column), else rich's cell width (wide, combining, control)."""
    return len if text.isascii() and text.replace("\n", " ").isprintable() else cell_len


@lru_cache(maxsize=16384)
def longest_word(text: str) -> int:
    """The width of the longest word: a column narrower than this would cut it (kept for
    the run, as ``_profile`` is: a book's tables repeat most cells)."""
    return max(map(_width_of(text), text.split()), default=0)


@lru_cache(maxsize=16384)
def widest_line(text: str) -> int:
    """The width of the longest line: a column this wide shows the text unwrapped."""
    return max(map(_width_of(text), text.split("\n")))


def lines_at(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at spaces into ``width`` columns."""
    total = 0
    measure = _width_of(text)
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = measure(word)
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
    least = {h: max(map(longest_word, texts)) for h, texts in columns.items()}
    most = {h: max(map(widest_line, texts)) for h, texts in columns.items()}
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
    return len(heights) - bisect_right(sorted(heights), MAX_LINES), sum(heights), cells


def _spread(
    widths: dict[str, int], spare: int, cells: dict[str, list[str]], most: dict[str, int]
) -> dict[str, int]:
    """Give spare width, a step at a time, to the column where it saves the most lines
    per character (first rows over two lines, then lines in all).

    A step is only tried at a width where some cell of the column takes another number of
    lines (see ``_Column``): at any width between, nothing changes, so nothing could be
    gained. A trial's score is worked out from the rows it changes, not every row: a
    monthly book lays out a table per client, and rescoring every row was most of its cost."""
    fitted = {h: _Column(cells[h], widths[h], most[h]) for h in widths}
    rows = len(next(iter(cells.values()), []))
    heights = _heights([fitted[h].lines(widths[h]) for h in widths], rows)
    every = sum(sum(fitted[h].lines(widths[h])) for h in widths)
    current = _score(heights, every)
    without = {
        column: _heights([fitted[h].lines(widths[h]) for h in widths if h != column], rows)
        for column in widths
    }  # each row's height without the column; kept up to date below, row by row
    while spare > 0 and rows:
        best: tuple[tuple[float, ...], str, int, tuple[int, int, int]] | None = None
        for column, others in without.items():
            now = widths[column]
            for at in fitted[column].changes_after(now, now + min(spare, most[column] - now)):
                changed, fewer = fitted[column].step(now, at)
                trial = fitted[column].lines(at)
                old = [heights[row] for row in changed]
                new = [max(trial[row], others[row]) for row in changed]
                score = (
                    current[0] - _tall(old) + _tall(new),
                    current[1] - sum(old) + sum(new),
                    current[2] - fewer,
                )
                if score < current:  # the first width that helps: look no further
                    step = at - now
                    gain = tuple(
                        (was - then) / step for was, then in zip(current, score, strict=True)
                    )
                    if best is None or gain > best[0]:
                        best = (gain, column, step, score)
                    break
        if best is None:
            break
        _, column, step, current = best
        changed, _ = fitted[column].step(widths[column], widths[column] + step)
        widths[column] += step
        spare -= step
        lines = {h: fitted[h].lines(widths[h]) for h in widths}
        for row in changed:
            heights[row] = max(lines[column][row], without[column][row])
        for other in widths:
            if other != column:
                rest = [lines[h] for h in widths if h != other]
                others = without[other]
                for row in changed:
                    others[row] = max([cell[row] for cell in rest])
    for column in sorted(widths, key=lambda h: widths[h] - most[h]):  # the rest: to the
        grow = min(max(most[column] - widths[column], 0), spare)  # columns with most left
        widths[column] += grow
        spare -= grow
    return widths


def _tall(heights: list[int]) -> int:
    """How many of ``heights`` are over two lines."""
    return sum(1 for height in heights if height > MAX_LINES)


def _heights(columns: list[list[int]], rows: int) -> list[int]:
    """Each row's height: its tallest cell among ``columns`` (0 without any)."""
    if len(columns) > 1:
        return list(map(max, *columns))
    return list(columns[0]) if columns else [0] * rows


class _Column:
    """A column's cells' line counts at every width, kept as the widths where a count
    changes: a monthly book lays out a table per client, and trying each width for each
    cell was most of the table report's time."""

    def __init__(self, cells: list[str], least: int, most: int) -> None:
        texts = list(dict.fromkeys(cells))  # rolled-up rows repeat most cells
        at = {text: index for index, text in enumerate(texts)}
        self._rows = [at[cell] for cell in cells]
        self._texts = texts
        self._profiles = [_profile(text) for text in texts]
        changes = {w for widths, _ in self._profiles for w in widths[1:] if least < w <= most}
        narrowest = min((widths[0] for widths, _ in self._profiles), default=least)
        changes.update(range(least + 1, min(narrowest, most) + 1))  # below a word: every width
        self._changes = sorted(changes)
        self._cache: dict[int, list[int]] = {}
        self._steps: dict[tuple[int, int], tuple[list[int], int]] = {}

    def lines(self, width: int) -> list[int]:
        """Each row's line count at ``width``."""
        found = self._cache.get(width)
        if found is None:
            counts = [
                counts[bisect_right(widths, width) - 1]
                if width >= widths[0]
                else lines_at(text, width)
                for text, (widths, counts) in zip(self._texts, self._profiles, strict=True)
            ]
            found = self._cache[width] = [counts[text] for text in self._rows]
        return found

    def step(self, width: int, wider: int) -> tuple[list[int], int]:
        """The rows whose line count differs between ``width`` and ``wider``, and how many
        lines fewer the column takes in all."""
        found = self._steps.get((width, wider))
        if found is None:
            before, after = self.lines(width), self.lines(wider)
            changed = [row for row, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
            found = self._steps[width, wider] = (changed, sum(before) - sum(after))
        return found

    def changes_after(self, width: int, limit: int) -> list[int]:
        """The widths above ``width``, up to ``limit``, where some cell's line count changes."""
        return self._changes[
            bisect_right(self._changes, width) : bisect_right(self._changes, limit)
        ]


@lru_cache(maxsize=16384)
def _profile(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``text`` wrapped at spaces, from its longest word's width on: the widths where its
    number of lines changes, and that number from each (``lines_at`` at every width,
    computed only where the wrapping changes). Kept for the run: the clients of a book share
    most product names, dates and statuses."""
    widths: list[int] = []
    counts: list[int] = []
    width: int | None = max(longest_word(text), 1)
    while width is not None:
        count, wider = _wrap(text, width)
        if not counts or count != counts[-1]:
            widths.append(width)
            counts.append(count)
        width = wider
    return tuple(widths), tuple(counts)


def _wrap(text: str, width: int) -> tuple[int, int | None]:
    """``lines_at(text, width)``, and the least wider width at which the wrapping changes
    (a line then takes the word that now starts the next), or None when it never does."""
    total, wider = 0, None
    measure = _width_of(text)
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = measure(word)
            if used and used + 1 + size > width:
                needed = used + 1 + size
                wider = needed if wider is None else min(wider, needed)
                lines, used = lines + 1, size
            else:
                used += size + (1 if used else 0)
        total += lines
    return total, wider
