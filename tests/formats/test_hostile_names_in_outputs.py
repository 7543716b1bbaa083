"""Names from inventories cannot be turned against the reader of any text output."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from eolscan.formats.csv_format import cell
from eolscan.formats.markdown import escape
from eolscan.formats.table import TableFormat, visible
from tests.formats.helpers import HOSTILE, build_report, relative, scan

INVENTORY = relative(HOSTILE / "hostile-names.yaml")


def test_csv_cells_that_start_a_formula_get_an_apostrophe() -> None:
    rows = list(csv.DictReader(io.StringIO(scan(INVENTORY, "-f", "csv").stdout)))
    hosts = {row["host"] for row in rows}
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("http://evil.example","click")' in hosts
    assert {"'+SUM(1,2)", "'@cmd"} <= names
    texts = [value for row in rows for key, value in row.items() if key != "days_left"]
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in texts)


def test_csv_neutralises_each_dangerous_first_character_but_not_numbers() -> None:
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert cell(dangerous) == "'" + dangerous
    assert cell("\rx") == "\\x0dx"  # a carriage return is shown, so it starts nothing
    assert cell(-405) == "-405"
    assert cell("Acme") == "Acme"
    assert cell(["a", "b"]) == "a b"


def test_csv_days_left_stays_a_number() -> None:
    rows = list(csv.DictReader(io.StringIO(scan(INVENTORY, "-f", "csv").stdout)))
    assert {row["days_left"] for row in rows if row["status"] == "eol"} >= {"-1272"}


def test_markdown_escapes_pipes_backticks_newlines_and_html() -> None:
    text = scan(INVENTORY, "-f", "markdown").stdout
    header_cells = None  # each table (plan, details, appendix) against its own header row
    for line in text.splitlines():
        if not line.startswith("| "):
            header_cells = None
            continue
        unescaped = line.replace("\\|", "").count(" | ")
        header_cells = unescaped if header_cells is None else header_cells
        assert unescaped == header_cells, line
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "pipe\\|host" in text
    assert "\\`tick\\`" in text and "\\[link\\](http://evil.example)" in text
    assert "line break here" in text


def test_markdown_escape_function() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape("`x`") == "\\`x\\`"
    assert escape("one\ntwo\r\nthree") == "one two three"
    assert escape("<img src=x>") == "&lt;img src=x&gt;"


def test_table_shows_markup_literally_and_escapes_visibly() -> None:
    out = io.StringIO()
    TableFormat(width=400).render(build_report(HOSTILE / "hostile-names.yaml"), out)
    text = out.getvalue()
    assert "[bold red]markup[/bold red] `tick`" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "ESC\\x1b[31mRED\\x1b[0m\\x07" in text


def test_table_with_colour_still_does_not_pass_escapes_through() -> None:
    out = io.StringIO()
    TableFormat(width=400, color=True).render(build_report(HOSTILE / "hostile-names.yaml"), out)
    text = out.getvalue()
    assert "\x1b[31mRED" not in text
    assert "[bold red]markup[/bold red]" in text


def test_visible_makes_control_characters_harmless() -> None:
    assert visible("a\x1b[2Jb\x07\r") == "a\\x1b[2Jb\\x07\\x0d"
    assert visible("plain ü text") == "plain ü text"


def test_junit_with_hostile_names_is_well_formed_xml() -> None:
    root = ET.fromstring(scan(INVENTORY, "-f", "junit").stdout.encode("utf-8"))
    names = [case.get("name", "") for case in root.iter("testcase")]
    assert any("<script>alert(1)</script>" in name for name in names)
    assert any("\\x1b[31m" in name for name in names)


def test_sarif_and_json_keep_hostile_strings_as_data() -> None:
    document = json.loads(scan(INVENTORY, "-f", "sarif").stdout)
    hosts = {r["properties"]["host"] for r in document["runs"][0]["results"]}
    assert "<script>alert(1)</script>" in hosts
    assert "ESC\x1b[31mRED\x1b[0m\x07" in hosts


INVISIBLE = relative(HOSTILE / "invisible-characters.json")
"""ESC/OSC/CSI, BEL, C1 CSI, NUL, backspace, a right-to-left override, an isolate, a zero-width
space: in the client, a host and item names."""
ACTING = ("\x1b", "\x07", "\x9b", "\x00", "\x08", "\u202e", "\u2066", "\u200b")


def test_every_human_format_shows_invisible_characters_as_escapes() -> None:
    for name in ("table", "csv", "markdown", "html", "ics"):
        text = scan(INVISIBLE, "-f", name, "--fail-on", "never").output
        assert not any(char in text for char in ACTING), name
        plain = text.replace("\\\\", "\\")  # Markdown and iCalendar double the backslash
        assert name == "ics" or "\\u202e" in plain, name  # the calendar names no items
        assert "PC\\x1b[2J\\x9b31m-01" in plain.replace("\\[", "["), name


def test_inventory_listing_shows_invisible_characters_as_escapes() -> None:
    from click.testing import CliRunner

    from eolscan.cli.main import cli

    result = CliRunner().invoke(cli, ["inventory", INVISIBLE])
    assert result.exit_code == 0
    assert not any(char in result.stdout for char in ACTING)
    assert "SQL Server 2008\\u202e\\u2066\\u200b R2" in result.stdout
    assert "Acme\\x1b]0;pwned\\x07" in result.stdout


def test_visible_escapes_bidi_and_zero_width_but_keeps_text() -> None:
    assert visible("a\u202eb\u2069c\u200dd\ufeffe") == "a\\u202eb\\u2069c\\u200dd\\ufeffe"
    assert visible("Zürich 日本 tab\tnew\nline") == "Zürich 日本 tab\tnew\nline"


def test_markdown_keeps_a_plain_ampersand_and_neutralises_references() -> None:
    assert escape("Acme & Co") == "Acme & Co"
    assert escape("&lt;b&gt;") == "&amp;lt;b&amp;gt;"  # shown as typed, not as <b>
