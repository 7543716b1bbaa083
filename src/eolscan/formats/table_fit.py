"""Column widths for the terminal table: no word ever cut, as few lines per item as fit.

rich shrinks a table that is too wide by folding words mid-letter ("Recog/nised").
Here every column is at least as wide as its longest word; when even that does not fit,
the column of least value goes. Spare width goes first to the columns that need it to
keep every cell within two lines, then to whole cells on one line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Callable, Collection, Hashable, Sequence
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter, mul, ne

from rich.cells import cell_len

from eolscan.formats.text_shape import ascii_shape, printable_ascii

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


def longest_word(text: str) -> int:
    """The width of the longest word: a column narrower than this would cut it."""
    if printable_ascii(text):
        return max(map(len, text.split()), default=0)
    return max(map(_width_of(text), text.split()), default=0)


def widest_line(text: str) -> int:
    """The width of the longest line: a column this wide shows the text unwrapped."""
    if printable_ascii(text):
        return len(text)
    return max(map(_width_of(text), text.split("\n")))


def _longest_word(texts: list[str]) -> int:
    """``longest_word`` of all ``texts``: at once when they are all printable ASCII."""
    if printable_ascii("".join(texts)):
        return max(map(len, " ".join(texts).split()), default=0)
    return max(map(longest_word, texts))


def _widest_line(texts: list[str]) -> int:
    """``widest_line`` of all ``texts``: at once when they are all printable ASCII."""
    return max(map(len if printable_ascii("".join(texts)) else widest_line, texts))


def lines_at(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at spaces into ``width`` columns."""
    return _lines_of(_shape(text), width)[0]


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
    columns = {h: [*map(itemgetter(at), cells), h] for at, h in enumerate(headers)}
    distinct = {h: list(dict.fromkeys(texts)) for h, texts in columns.items()}  # rows repeat
    least = {h: _longest_word(texts) for h, texts in distinct.items()}
    most = {h: _widest_line(texts) for h, texts in distinct.items()}
    least.update({h: most[h] for h in whole if h in most})
    shown = list(headers)
    for column in drop_order:
        if sum(least[h] for h in shown) + overhead(len(shown)) <= width:
            break
        if column in shown:
            shown.remove(column)
    widths = {h: least[h] for h in shown}
    spare = width - overhead(len(shown)) - sum(widths.values())
    # what should stay within two lines: each cell's first paragraph (a dim reason under
    # it may take more), the header's too
    firsts = {h: {text: text.split("\n", 1)[0] for text in distinct[h]} for h in shown}
    return _spread(
        widths, spare, {h: list(map(firsts[h].__getitem__, columns[h])) for h in shown}, most
    )


def _spread(
    widths: dict[str, int], spare: int, cells: dict[str, list[str]], most: dict[str, int]
) -> dict[str, int]:
    """Give spare width, a step at a time, to the column where it saves the most lines
    per character (first rows over two lines, then lines in all).

    A step is only tried at a width where some cell of the column takes another number of
    lines (see ``_Column``): at any width between, nothing changes, so nothing could be
    gained. Rows whose cells are of one kind in every column (as many lines at every
    width tried, see ``_Column``) are one row counted as many: every score is a sum over
    rows, so the widths are those found row by row. A trial's score is worked out from the
    rows it changes, not every row: a monthly book lays out a table per client."""
    fitted = {h: _Column(cells[h], widths[h], most[h]) for h in widths}
    alike = Counter(zip(*(fitted[h].kinds for h in widths), strict=True))
    weights = list(alike.values())
    for at, h in enumerate(widths):
        fitted[h].group([kinds[at] for kinds in alike], weights)
    rows = len(weights)
    heights = _heights([fitted[h].lines(widths[h]) for h in widths], rows)
    every = sum(fitted[h].total(widths[h]) for h in widths)
    current = (_tall(heights, weights), _weighted(heights, weights), every)
    without = {  # each row's height without the column, for the columns that can still
        column: _heights([fitted[h].lines(widths[h]) for h in widths if h != column], rows)
        for column in widths  # widen (where a cell wraps otherwise); kept up to date below
        if fitted[column].changes_after(widths[column], most[column])
    }
    while spare > 0 and rows:
        best: tuple[tuple[float, ...], str, int, tuple[int, int, int]] | None = None
        for column, others in without.items():
            now = widths[column]
            for at in fitted[column].changes_after(now, now + min(spare, most[column] - now)):
                changed, fewer = fitted[column].step(now, at)
                trial = fitted[column].lines(at)
                counted = list(map(weights.__getitem__, changed))
                old = list(map(heights.__getitem__, changed))
                new = list(
                    map(max, map(trial.__getitem__, changed), map(others.__getitem__, changed))
                )
                score = (
                    current[0] - _tall(old, counted) + _tall(new, counted),
                    current[1] - _weighted(old, counted) + _weighted(new, counted),
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
        _set(heights, changed, [lines[column], without[column]])
        if not fitted[column].changes_after(widths[column], most[column]):
            del without[column]  # as wide as it can need
        for other, others in without.items():
            if other != column:
                _set(others, changed, [lines[h] for h in widths if h != other])
    for column in sorted(widths, key=lambda h: widths[h] - most[h]):  # the rest: to the
        grow = min(max(most[column] - widths[column], 0), spare)  # columns with most left
        widths[column] += grow
        spare -= grow
    return widths


def _set(heights: list[int], rows: list[int], columns: list[list[int]]) -> None:
    """Each of ``rows``' height in ``heights`` set to its tallest cell among ``columns``
    (assigned in C: a step changes a few dozen rows of each of a few columns)."""
    cells = [map(column.__getitem__, rows) for column in columns]
    deque(map(heights.__setitem__, rows, map(max, *cells) if len(cells) > 1 else cells[0]), 0)


def _tall(heights: list[int], weights: list[int]) -> int:
    """How many rows of ``heights`` (each counted ``weights`` times) are over two lines."""
    return sum(compress(weights, map(MAX_LINES.__lt__, heights)))


def _weighted(heights: list[int], weights: list[int]) -> int:
    """The lines of ``heights``, each row counted ``weights`` times."""
    return sum(map(mul, heights, weights))


def _heights(columns: list[list[int]], rows: int) -> list[int]:
    """Each row's height: its tallest cell among ``columns`` (0 without any)."""
    if len(columns) > 1:
        return list(map(max, *columns))
    return list(columns[0]) if columns else [0] * rows


Shape = tuple[tuple[int, ...], ...]
"""A text's words' widths, paragraph by paragraph: all its wrapping depends on."""

Profile = tuple[tuple[int, ...], tuple[int, ...]]
"""The widths where a text's line count changes, and that count from each."""


def _shape(text: str) -> Shape:
    """``text``'s words' widths by paragraph (``lines_at`` splits and measures as this)."""
    if printable_ascii(text):  # most cells: one paragraph, a column a character
        return (tuple(map(len, text.split())),)
    measure = _width_of(text)
    return tuple(tuple(map(measure, paragraph.split())) for paragraph in text.split("\n"))


@lru_cache(maxsize=4096)
def _shape_of(ascii_text: str) -> Shape:
    """``_shape`` of printable ASCII (an ``ascii_shape``), kept for the run: the clients of a
    book share the shapes of their product names, dates and examples."""
    return _shape(ascii_text)


class _Column:
    """A column's cells' line counts at every width from ``least`` to ``most``, kept as the
    widths where a count changes, once for each kind of cell: cells whose counts are the
    same at every such width (a roll-up's examples differ in name, not in how they wrap;
    most names take one line at any width tried) are one kind."""

    def __init__(self, cells: list[str], least: int, most: int) -> None:
        texts = list(dict.fromkeys(cells))  # rolled-up rows repeat most cells
        if texts and printable_ascii("".join(texts)):  # shaped at once, in C
            keys: list[str | Shape] = [*ascii_shape("\n".join(texts)).split("\n")]
        else:
            keys = [ascii_shape(text) if printable_ascii(text) else _shape(text) for text in texts]
        of_shape = {key: at for at, key in enumerate(dict.fromkeys(keys))}
        of_text = dict(zip(texts, map(of_shape.__getitem__, keys), strict=True))
        shapes = [_shape_of(key) if isinstance(key, str) else key for key in of_shape]
        profiles = list(map(_profile, shapes))
        changes = {w for widths, _ in profiles for w in widths[1:] if least < w <= most}
        narrowest = min((widths[0] for widths, _ in profiles), default=least)
        changes.update(range(least + 1, min(narrowest, most) + 1))  # below a word: every width
        self._changes = sorted(changes)
        of_counts: dict[Hashable, int] = {}
        kind_of_shape = [
            of_counts.setdefault(_counts_from(least, most, shape, profile), len(of_counts))
            for shape, profile in zip(shapes, profiles, strict=True)
        ]
        kinds = reversed(kind_of_shape)
        first_of_kind = dict(zip(kinds, reversed(range(len(shapes))), strict=True))
        firsts = [first_of_kind[kind] for kind in range(len(of_counts))]  # one shape a kind
        self._shapes = list(map(shapes.__getitem__, firsts))
        self._profiles = list(map(profiles.__getitem__, firsts))
        self.kinds = list(map(kind_of_shape.__getitem__, map(of_text.__getitem__, cells)))
        """Each cell's kind, by number."""
        self._rows = self.kinds  # each row's kind: its cell's, until ``group`` says otherwise
        self._weights: list[int] | None = None
        self._cache: dict[int, list[int]] = {}
        self._totals: dict[int, int] = {}
        self._steps: dict[tuple[int, int], tuple[list[int], int]] = {}

    def group(self, kinds: list[int], weights: list[int]) -> None:
        """Lay out rows of these kinds instead, each counted ``weights`` times."""
        self._rows, self._weights = kinds, weights
        self._cache, self._totals, self._steps = {}, {}, {}

    def lines(self, width: int) -> list[int]:
        """Each row's line count at ``width``."""
        found = self._cache.get(width)
        if found is None:
            counts = [
                counts[bisect_right(widths, width) - 1]
                if width >= widths[0]
                else _lines_of(shape, width)[0]
                for shape, (widths, counts) in zip(self._shapes, self._profiles, strict=True)
            ]
            found = self._cache[width] = list(map(counts.__getitem__, self._rows))
        return found

    def total(self, width: int) -> int:
        """The lines of all the column's cells at ``width``."""
        found = self._totals.get(width)
        if found is None:
            lines = self.lines(width)
            weights = self._weights
            found = sum(lines) if weights is None else _weighted(lines, weights)
            self._totals[width] = found
        return found

    def step(self, width: int, wider: int) -> tuple[list[int], int]:
        """The rows whose line count differs between ``width`` and ``wider``, and how many
        lines fewer the column takes in all."""
        found = self._steps.get((width, wider))
        if found is None:
            before, after = self.lines(width), self.lines(wider)
            changed = list(compress(count(), map(ne, before, after)))
            found = self._steps[width, wider] = (changed, self.total(width) - self.total(wider))
        return found

    def changes_after(self, width: int, limit: int) -> list[int]:
        """The widths above ``width``, up to ``limit``, where some cell's line count changes."""
        return self._changes[
            bisect_right(self._changes, width) : bisect_right(self._changes, limit)
        ]


def _counts_from(least: int, most: int, shape: Shape, profile: Profile) -> Hashable:
    """What decides a text's line count at every width from ``least`` to ``most``: its
    count at ``least`` and the changes after it (the shape itself, where ``least`` is
    narrower than its longest word: there every width may count another)."""
    widths, counts = profile
    if least < widths[0]:
        return shape
    at = bisect_right(widths, least)
    return (
        counts[at - 1],
        widths[at : bisect_right(widths, most)],
        counts[at : bisect_right(widths, most)],
    )


@lru_cache(maxsize=4096)
def _profile(shape: Shape) -> Profile:
    """A text of this shape wrapped at spaces, from its longest word's width on: the
    widths where its number of lines changes, and that number from each (``lines_at`` at
    every width, computed only where the wrapping changes). Kept for the run: the clients
    of a book share most product names, dates and statuses."""
    widths: list[int] = []
    counts: list[int] = []
    width: int | None = max(max(map(max, filter(None, shape)), default=0), 1)
    while width is not None:
        lines, wider = _lines_of(shape, width)
        if not counts or lines != counts[-1]:
            widths.append(width)
            counts.append(lines)
        width = wider
    return tuple(widths), tuple(counts)


def _lines_of(shape: Shape, width: int) -> tuple[int, int | None]:
    """``lines_at`` a text of this shape, and the least wider width at which the wrapping
    changes (a line then takes the word that now starts the next), or None when it never
    does."""
    total, wider = 0, None
    for sizes in shape:
        lines, used = 1, 0
        for size in sizes:
            if used and used + 1 + size > width:
                needed = used + 1 + size
                wider = needed if wider is None else min(wider, needed)
                lines, used = lines + 1, size
            else:
                used += size + (1 if used else 0)
        total += lines
    return total, wider
