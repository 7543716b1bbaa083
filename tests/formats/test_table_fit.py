"""The terminal table at 80 and 120 columns: no word cut mid-letter, wrapping at spaces (a
word too long for an 80-column table's items after its punctuation), and at 120 columns
an ordinary item on at most two lines."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from eolscan.cli.main import cli
from eolscan.formats.interface import RenderOptions
from eolscan.formats.table import TableFormat
from eolscan.formats.table_fit import (
    MAX_LINES,
    _Column,
    _spread,
    fit_columns,
    lines_at,
    longest_word,
)
from tests.formats.helpers import REPORTS, build_report, relative, scan
from tests.helpers import AS_OF, ASSETS, EXAMPLES, REPO

HARBOUR = EXAMPLES / "harbour-dental" / "harbour-dental.yaml"


def _render(path: object, width: int, details: bool = False) -> str:
    report = build_report(path)  # type: ignore[arg-type]
    table = TableFormat(width=width, color=False)
    table.options = RenderOptions(details=details)
    out = io.StringIO()
    table.render(report, out)
    return out.getvalue()


def _words_of_findings(
    path: object, keys: tuple[str, ...] = ("name", "version", "host", "upgrade_to_label")
) -> set[str]:
    document = json.loads(
        scan(relative(path), "-f", "json", "--fail-on", "never").stdout  # type: ignore[arg-type]
    )
    words: set[str] = set()
    for finding in document["findings"]:
        for key in keys:
            words.update((finding[key] or "").split())
    return words


@pytest.mark.parametrize("path", [REPORTS, HARBOUR], ids=["golden", "harbour"])
@pytest.mark.parametrize("width", [80, 120])
def test_no_word_is_cut(path: object, width: int) -> None:
    text = _render(path, width)
    assert max(len(line) for line in text.splitlines()) <= width
    printed = set(text.split())
    cut = sorted(word for word in _words_of_findings(path) if word not in printed)
    assert cut == [], f"words cut or missing at {width} columns: {cut}"


def test_at_120_columns_an_ordinary_item_takes_at_most_two_lines() -> None:
    """Ordinary: a recognised item whose name and version take at most 60 characters (the
    example's 80-character Visual C++ runtime name needs more)."""
    text = _render(HARBOUR, 120)
    header = next(line for line in text.splitlines() if line.startswith(" Host "))
    start, end = header.index("Item"), header.index("Recognised as")
    rows: list[list[str]] = []
    for line in text.splitlines():
        if re.match(r"^ [A-Z][A-Z0-9-]+ ", line):  # a row starts with its host name
            rows.append([line])
        elif rows and line.startswith(" " * 10) and line.strip():
            rows[-1].append(line)
        elif not line.strip():
            rows.append([])  # a table ended
    ordinary = [
        r
        for r in rows
        if r
        and re.search(r"\b(eol|extended|warn|supported)\b", r[0])
        and len(" ".join(line[start:end].strip() for line in r)) <= 60
    ]
    assert len(ordinary) > 40
    assert max(len(row) for row in ordinary) <= 2, max(ordinary, key=len)


def test_at_80_columns_the_least_needed_column_goes_first() -> None:
    narrow = _render(REPORTS, 80).split("Bayside Law:")[0].splitlines()
    wide = _render(REPORTS, 120).split("Bayside Law:")[0].splitlines()
    assert any("Recognised as" in line for line in wide)
    assert not any("Recognised" in line for line in narrow)
    assert any(line.split()[:2] == ["Host", "Item"] for line in narrow if line.strip())


def test_source_lines_only_with_verbose() -> None:
    """-v names each item's file (without its folder) and line under it."""
    assert "acme-dental.yaml:34" not in _render(REPORTS, 120)
    assert "acme-dental.yaml:34" in _render(REPORTS, 120, details=True)


def test_fit_columns_spends_width_where_it_saves_lines() -> None:
    headers = ("A", "B")
    cells = [["alpha beta gamma delta", "one two"], ["x", "three four five"]]
    widths = fit_columns(headers, cells, 4 + 26, drop_order=("A",))
    assert lines_at("alpha beta gamma delta", widths["A"]) <= 2
    assert lines_at("three four five", widths["B"]) <= 2
    assert sum(widths.values()) <= 26
    assert fit_columns(headers, [["averyveryverylongword", "x"]], 12, ("A",)) == {"B": 1}


def _step_by_step(
    widths: dict[str, int], spare: int, cells: dict[str, list[str]], most: dict[str, int]
) -> dict[str, int]:
    """The column fit as first written: every width tried for every column, every cell
    wrapped afresh (slow: a monthly book spent most of its table time here)."""
    widths = dict(widths)

    def lines(column: str, at: int) -> list[int]:
        return [lines_at(cell, at) for cell in cells[column]]

    def score(heights: list[int], every: int) -> tuple[int, int, int]:
        return sum(1 for h in heights if h > MAX_LINES), sum(heights), every

    rows = len(next(iter(cells.values()), []))
    every = sum(sum(lines(h, widths[h])) for h in widths)
    current = score([max(lines(h, widths[h])[r] for h in widths) for r in range(rows)], every)
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
                found = score(heights, current[2] - own + sum(trial))
                if found < current:
                    gain = tuple((a - b) / step for a, b in zip(current, found, strict=True))
                    if best is None or gain > best[0]:
                        best = (gain, column, step, found)
                    break
        if best is None:
            break
        _, column, step, current = best
        widths[column] += step
        spare -= step
    for column in sorted(widths, key=lambda h: widths[h] - most[h]):
        grow = min(max(most[column] - widths[column], 0), spare)
        widths[column] += grow
        spare -= grow
    return widths


FIT_WORDS = st.sampled_from(
    ["Windows", "Server", "2012", "R2", "PC-0001,", "...", "405 overdue", "株式会社", "x", ""]
)
FIT_CELL = st.lists(FIT_WORDS, max_size=9).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(1, 6),
    spare=st.integers(0, 80),
    data=st.data(),
)
def test_the_fit_tries_only_widths_that_change_a_cell_and_lays_out_the_same(
    columns: int, spare: int, data: st.DataObject
) -> None:
    """Widths where no cell's line count changes are skipped; the layout is the one the
    step-by-step search finds, so reports stay byte for byte what they were."""
    headers = [f"C{n}" for n in range(columns)]
    rows = data.draw(st.lists(st.lists(FIT_CELL, min_size=columns, max_size=columns), max_size=15))
    cells = {h: [row[at] for row in rows] for at, h in enumerate(headers)}
    least = {h: max([longest_word(c) for c in cells[h]] + [1]) for h in headers}
    most = {h: max([cell_len(c) for c in cells[h]] + [least[h]]) for h in headers}
    assert _spread(dict(least), spare, cells, most) == _step_by_step(least, spare, cells, most)
    for h in headers:
        column = _Column(cells[h], least[h], most[h])
        for width in range(least[h], most[h] + 1):
            assert column.lines(width) == [lines_at(cell, width) for cell in cells[h]]


LONG_NAMES = ASSETS / "long-names" / "long-names.yaml"


def _piped(width: int) -> str:
    """``eolscan scan`` as cron or a pipe runs it: no terminal, ``COLUMNS`` set."""
    from click.testing import CliRunner

    from eolscan.cli.main import cli

    args = ["scan", relative(LONG_NAMES), "--as-of", AS_OF, "--fail-on", "never"]
    return CliRunner().invoke(cli, args, env={"COLUMNS": str(width)}).stdout


@pytest.mark.parametrize("width", [80, 120])
def test_long_real_names_are_never_cut(width: int) -> None:
    """Display names as Windows and SQL Server write them (up to 67 characters) and fully
    qualified host names: every word whole, every line within the width; a host name breaks
    only after a dot."""
    text = _piped(width)
    lines = [line for line in text.splitlines() if not line.startswith("warning: ")]
    assert max(len(line) for line in lines) <= width
    printed = set(text.split())
    hosts = _hosts_of(LONG_NAMES)
    keys = ("name", "version") if width == 80 else ("name", "version", "upgrade_to_label")
    words = _words_of_findings(LONG_NAMES, keys)
    assert sorted(word for word in words - hosts if word not in printed) == []  # 80: no upgrade
    labels = {label for host in hosts for label in re.findall(r"[^.]+\.?", host)}
    shown = [label for label in labels if any(label in token for token in printed)]
    assert sorted(shown) == sorted(labels)


def test_a_long_host_name_leaves_room_for_the_upgrade_at_120_columns() -> None:
    """A 68-character host name once took a third of the line as one word and pushed out
    "Recognised as" and "Upgrade to"; it now wraps after its dots."""
    header = next(line for line in _piped(120).splitlines() if line.startswith(" Host "))
    columns = ["Host", "Item", "Recognised", "as", "Status", "Ends", "Upgrade", "to"]
    assert header.split() == columns
    host_width = header.index("Item") - header.index("Host")
    assert host_width <= 40


def _hosts_of(path: object) -> set[str]:
    document = json.loads(
        scan(relative(path), "-f", "json", "--fail-on", "never").stdout  # type: ignore[arg-type]
    )
    return {finding["host"] for finding in document["findings"]}


@pytest.mark.parametrize("width", [80, 120])
def test_the_days_stay_with_their_word_under_the_date(width: int) -> None:
    """An "Ends" cell too wide for its column breaks after the date: ``2026-10-13`` over
    ``54 overdue``, never ``2026-10-13 54`` over ``overdue``."""
    from click.testing import CliRunner

    from eolscan.cli.main import cli

    client = str(EXAMPLES / "harbour-dental")
    args = ["scan", client, "--as-of", "2026-12-06", "--fail-on", "never"]
    text = CliRunner().invoke(cli, args, env={"COLUMNS": str(width)}).stdout
    assert "54 overdue" in text and "1,711 overdue" in text
    assert re.findall(r"(?<![\d,] )overdue", text) == []


def test_a_column_of_cells_with_line_breaks_counts_each_paragraph() -> None:
    """A column's cells are shaped at once only where none holds a line break of its own."""
    cells = ["ab\ncd", "x", "wide words here", "ab\ncd"]
    column = _Column(cells, 2, 15)
    for width in range(2, 16):
        assert column.lines(width) == [lines_at(cell, width) for cell in cells]


def test_at_80_columns_a_long_version_breaks_rather_than_push_out_the_host() -> None:
    """Rocky Linux 8's module builds (``14.21.3-1.module+el8.7.0+1183+c2c35f0a``) and
    Ubuntu's hyphenated package names are words wider than an 80-column table can give
    its items beside the host and the upgrade: such a word breaks after its punctuation
    (never mid-letter), and the Host and "Upgrade to" columns stay."""
    corpora = REPO / "tests" / "corpora" / "packages"
    env = {"COLUMNS": "80"}
    args = ["scan", str(corpora / "rocky8-app03-rpm-qa.txt"), str(corpora / "ws16")]
    result = CliRunner(env=env).invoke(cli, [*args, "--as-of", "2026-11-23"])
    header = next(line for line in result.stdout.splitlines() if line.startswith(" Host "))
    assert header.split() == ["Host", "Item", "Status", "Ends", "Upgrade", "to"]
    text = result.stdout
    assert max(len(line) for line in text.splitlines() if line.startswith(" ")) <= 80
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if " 14.21.3-1.module+" in line)
    first = lines[at].split()[0]  # the version's first piece, under "nodejs"
    rest = lines[at + 1].split()[0]
    assert first[-1] in "-.+~" and first + rest == "14.21.3-1.module+el8.7.0+1183+c2c35f0a"
    assert "14.21.3-1.module+el8.7.0+1183+c2c35f0a" not in text
