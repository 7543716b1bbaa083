"""The terminal table at 80 and 120 columns: no word cut, wrapping only at spaces, and at
120 columns an ordinary item on at most two lines."""

from __future__ import annotations

import io
import json
import re

import pytest

from eolscan.formats.interface import RenderOptions
from eolscan.formats.table import TableFormat
from eolscan.formats.table_fit import fit_columns, lines_at
from tests.formats.helpers import REPORTS, build_report, relative, scan
from tests.helpers import EXAMPLES

HARBOUR = EXAMPLES / "harbour-dental" / "harbour-dental.yaml"


def _render(path: object, width: int, details: bool = False) -> str:
    report = build_report(path)  # type: ignore[arg-type]
    table = TableFormat(width=width, color=False)
    table.options = RenderOptions(details=details)
    out = io.StringIO()
    table.render(report, out)
    return out.getvalue()


def _words_of_findings(path: object) -> set[str]:
    document = json.loads(
        scan(relative(path), "-f", "json", "--fail-on", "never").stdout  # type: ignore[arg-type]
    )
    words: set[str] = set()
    for finding in document["findings"]:
        for key in ("name", "version", "host", "upgrade_to_label"):
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
    assert "line 34" not in _render(REPORTS, 120)
    assert "line 34" in _render(REPORTS, 120, details=True)


def test_fit_columns_spends_width_where_it_saves_lines() -> None:
    headers = ("A", "B")
    cells = [["alpha beta gamma delta", "one two"], ["x", "three four five"]]
    widths = fit_columns(headers, cells, 4 + 26, drop_order=("A",))
    assert lines_at("alpha beta gamma delta", widths["A"]) <= 2
    assert lines_at("three four five", widths["B"]) <= 2
    assert sum(widths.values()) <= 26
    assert fit_columns(headers, [["averyveryverylongword", "x"]], 12, ("A",)) == {"B": 1}
