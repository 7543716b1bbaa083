"""The plain-text table writer puts out exactly what rich puts out, byte for byte, and faster."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from eolscan.formats.plain_table import plain_lines, print_table

WORDS = st.sampled_from(
    [
        "Windows",
        "Server",
        "2012",
        "R2",
        "Microsoft",
        "Exchange",
        "CU23",
        "10.0.17763",
        "line 34",
        "a-very-long-unbroken-identifier-that-must-fold-somewhere-0123456789",
        "Bäckerei",
        "株式会社",
        "ｗｉｄｅ",
        "",
        " ",
        "  x  ",
        "ends soon",
        "1,140 overdue",
        "\\x1b[31m",
        "\u2028",
    ]
)
CELLS = st.lists(WORDS, max_size=8).map(" ".join) | st.lists(
    st.lists(WORDS, max_size=5).map(" ".join), min_size=2, max_size=3
).map("\n".join)


def eolscan_table(
    title: str,
    headers: list[str],
    no_wrap: list[bool],
    rows: list[list[str]],
    widths: list[int | None] | None = None,
    collapse_padding: bool = False,
) -> Table:
    """A table built as the table report builds its tables: fitted ones give every column
    a width and collapse the padding between columns."""
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
        pad_edge=False,
        collapse_padding=collapse_padding,
    )
    for header, narrow, width in zip(
        headers, no_wrap, widths or [None] * len(headers), strict=True
    ):
        table.add_column(header, overflow="fold", no_wrap=narrow, width=width)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def by_rich(table: Table, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, no_color=True, highlight=False).print(table)
    return out.getvalue()


def by_plain(table: Table, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, no_color=True, highlight=False)
    assert plain_lines(console, table) is not None  # the fast path, not rich's
    print_table(console, table)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(1, 8),
    width=st.integers(30, 170),
    data=st.data(),
)
def test_plain_tables_are_byte_for_byte_rich_tables(
    columns: int, width: int, data: st.DataObject
) -> None:
    headers = data.draw(st.lists(WORDS, min_size=columns, max_size=columns))
    no_wrap = data.draw(st.lists(st.booleans(), min_size=columns, max_size=columns))
    rows = data.draw(st.lists(st.lists(CELLS, min_size=columns, max_size=columns), max_size=12))
    title = data.draw(CELLS.map(lambda t: t.replace("\n", " ")))
    fixed = data.draw(
        st.none() | st.lists(st.none() | st.integers(0, 40), min_size=columns, max_size=columns)
    )
    collapse = data.draw(st.booleans())
    table = eolscan_table(title, headers, no_wrap, rows, fixed, collapse)
    console = Console(file=io.StringIO(), width=width, color_system=None, no_color=True)
    if plain_lines(console, table) is None:  # a separator splitlines knows, or too narrow
        texts = [title, *headers, *(cell for row in rows for cell in row)]
        extra = 2 + columns - 1
        widths = table._calculate_column_widths(
            console, console.options.update_width(width - extra)
        )
        pads = [(i > 0 and not collapse) + (i < columns - 1) for i in range(columns)]
        too_narrow = any(w - pad < 1 for w, pad in zip(widths, pads, strict=True))
        assert too_narrow or any("\u2028" in text for text in texts)
        return
    assert by_plain(table, width) == by_rich(table, width)


def client_table() -> Table:
    rows = [
        [
            f"PC-{n:04}",
            f"Microsoft Windows 10 Pro 10.0.19045\nline {n}",
            "Windows 10 22H2",
            "eol",
            "2025-10-14",
            "405 overdue",
            "11 25H2 (W)",
        ]
        for n in range(300)
    ]
    headers = ["Host", "Item", "Recognised as", "Status", "Ends", "Days", "Upgrade to"]
    narrow = [False, False, False, True, True, True, False]
    return eolscan_table("Acme: 300 of 300 machines", headers, narrow, rows)


def test_a_client_table_comes_out_as_rich_draws_it() -> None:
    """(How much faster it is, bench/monthly.py measures; a test only pins the bytes.)"""
    table = client_table()
    assert by_plain(table, 120) == by_rich(table, 120)


def test_without_richs_private_helpers_rich_draws_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast path leans on rich's private layout helpers; a rich release that moves them
    must cost speed, never the report."""
    import eolscan.formats.plain_table as plain

    table = client_table()
    monkeypatch.setattr(plain, "divide_line", None)
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None, no_color=True, highlight=False)
    print_table(console, table)
    assert out.getvalue() == by_rich(table, 120)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("show_all", [False, True])
def test_fitted_report_tables_are_written_as_rich_draws_them(
    monkeypatch: pytest.MonkeyPatch, width: int, show_all: bool
) -> None:
    """The table report writes its fitted tables as plain text without building rich
    objects; rich drawing the same tables gives the same bytes (rolled up and per item)."""
    import eolscan.formats.table as table_module
    from eolscan.formats.interface import RenderOptions
    from eolscan.formats.table import TableFormat
    from tests.formats.helpers import REPORTS, build_report
    from tests.helpers import EXAMPLES

    def render(path: object) -> str:
        table = TableFormat(width=width, color=False)
        table.options = RenderOptions(show_all=show_all, details=True)
        out = io.StringIO()
        table.render(build_report(path), out)  # type: ignore[arg-type]
        return out.getvalue()

    paths = [  # per item, and (627 items) rolled up by product
        REPORTS,
        EXAMPLES / "harbour-dental" / "harbour-dental.yaml",
        EXAMPLES / "windows-practice-30.csv",
    ]
    fast = [render(path) for path in paths]
    monkeypatch.setattr(table_module, "write_plain", lambda console, table: False)
    assert [render(path) for path in paths] == fast


def test_cells_of_one_shape_are_each_wrapped_in_their_own_words() -> None:
    """Wrapping is worked out once per shape (spaces in the same places): each cell still
    shows its own words, as rich draws them."""
    rows = [
        ["Edge", "HOST-000000, HOST-000500, HOST-001000, ..."],
        ["Java", "SRV-AB12CD, WKS-9Z8Y7XW, LAPTOP-QQQ, ..."],
        ["Chrome", "abcdefghijk, lmnopqrstuv, wxyzABCDEFG, ..."],
    ]
    table = eolscan_table("Shapes", ["Product", "For example"], [False, False], rows)
    for width in (30, 34, 41):
        drawn = by_plain(table, width)
        assert drawn == by_rich(table, width)
        assert "wxyzABCDEFG," in drawn and "HOST-001000," in drawn
