"""``scan --baseline`` marks new, changed and resolved findings; ``diff`` compares two reports."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eolscan.cli.main import cli
from eolscan.cli.options import open_database, open_matcher
from eolscan.formats import rows as rows_module
from eolscan.formats.changes import indented_item, mark_text
from eolscan.formats.interface import RenderOptions, get_format
from eolscan.inventory.registry import read_inventories
from eolscan.judgement.baseline import compare, compare_findings
from eolscan.judgement.changes import Change, Changes, Entry
from eolscan.judgement.policy import Policy
from eolscan.judgement.saved_report import SavedReport
from eolscan.model import Status, asset_row
from eolscan.report.report import Report
from eolscan.report.scan import scan_report
from tests.formats.helpers import REPORTS, relative, scan
from tests.helpers import REPO

ACME = REPORTS / "acme-dental.yaml"


def older_inventory(tmp_path: Path) -> Path:
    """Last month's Acme Dental: PHP 8.1 (since downgraded...), Sonoma, and a NAS now gone."""
    text = ACME.read_text(encoding="utf-8")
    text = text.replace("{name: PHP, version: 7.4.33}", "{name: PHP, version: 8.1.2}")
    text = text.replace(
        "os: macOS Ventura\n    os_version: 13.6.1", "os: macOS Sonoma\n    os_version: 14.1"
    )
    text += "  - name: OLD-NAS\n    os: Ubuntu 16.04\n"
    path = tmp_path / "acme-dental.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def baseline(tmp_path: Path) -> Path:
    """A JSON report of the older inventory, saved as a cron job would."""
    path = tmp_path / "last-month.json"
    result = scan(str(older_inventory(tmp_path)), "-o", str(path), "--fail-on", "never")
    assert result.exit_code == 0, result.stdout
    return path


def test_baseline_marks_new_changed_and_resolved_in_csv(baseline: Path) -> None:
    result = scan(relative(ACME), "-f", "csv", "--baseline", str(baseline), "--fail-on", "never")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    marks = {(row["host"], row["name"]): row["change"] for row in rows if row["change"]}
    assert marks == {  # a host has one OS: Sonoma to Ventura is one changed finding
        ("MAC-RECEPTION", "macOS Ventura"): "was macOS Sonoma 14.1, supported",
        ("WEB01", "PHP"): "was 8.1",
        ("OLD-NAS", "Ubuntu 16.04"): "resolved",
    }


HEADLINE = "2 changed, 1 resolved since 2026-11-23"


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("table", HEADLINE),
        ("markdown", f"**Changes: {HEADLINE}**"),
        ("html", f'<p class="lead">{HEADLINE.capitalize()}</p>'),
        ("junit", f'<property name="changes" value="{HEADLINE}" />'),
        ("ics", "X-WR-CALDESC:" + HEADLINE.replace(",", "\\,")),
    ],
)
def test_every_report_states_the_changes(baseline: Path, name: str, headline: str) -> None:
    result = scan(relative(ACME), "-f", name, "--baseline", str(baseline), "--fail-on", "never")
    assert headline in result.stdout


@pytest.mark.parametrize("name", ["table", "markdown", "html"])
def test_human_reports_list_what_was_resolved(baseline: Path, name: str) -> None:
    result = scan(relative(ACME), "-f", name, "--baseline", str(baseline), "--fail-on", "never")
    assert "Resolved since 2026-11-23" in result.stdout
    assert "OLD-NAS" in result.stdout and "was 8.1" in result.stdout


def test_sarif_uses_baseline_state(baseline: Path) -> None:
    result = scan(relative(ACME), "-f", "sarif", "--baseline", str(baseline), "--fail-on", "never")
    states = [r["baselineState"] for r in json.loads(result.stdout)["runs"][0]["results"]]
    assert states.count("new") == 0 and states.count("updated") == 2 and states.count("absent") == 1
    assert states.count("unchanged") == len(states) - 3


def test_a_report_can_be_its_own_next_baseline(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    scan(relative(ACME), "-o", str(report), "--fail-on", "never")
    again = scan(relative(ACME), "-o", str(report), "--baseline", str(report), "-f", "table")
    assert again.exit_code == 1
    assert json.loads(report.read_text())["summary"]["findings"] == 20


def test_diff_lists_changes_and_exits_1_on_a_worse_finding(baseline: Path, tmp_path: Path) -> None:
    current = tmp_path / "now.json"
    scan(relative(ACME), "-o", str(current), "--fail-on", "never")
    result = CliRunner().invoke(cli, ["diff", str(baseline), str(current), "-f", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["counts"] == {"new": 0, "changed": 2, "resolved": 1}
    assert {c["name"] for c in document["changes"]} == {"macOS Ventura", "PHP", "Ubuntu 16.04"}
    never = CliRunner().invoke(cli, ["diff", str(baseline), str(current), "--fail-on", "never"])
    assert never.exit_code == 0
    assert HEADLINE in never.stdout


def test_diff_of_a_report_with_itself_is_clean(baseline: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(baseline), str(baseline), "-f", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "# Changes: no changes since 2026-11-23",
        "",
        "| Change | Client | Host | Item | Recognised as | Status | Before |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a JSON report: Expecting value: line 1 column 1 (char 0)"),
        ("[]", "not an eolscan JSON report (no 'eolscan_report_version')"),
        (
            '{"eolscan_report_version": 9, "findings": []}',
            "report version 9 is not supported (expected 1)",
        ),
        ('{"eolscan_report_version": 1, "findings": {}}', "'findings' must be a list"),
        (
            '{"eolscan_report_version": 1, "findings": [{"status": "eol"}]}',
            "finding 1: 'client' must be a string",
        ),
        (
            '{"eolscan_report_version": 1, "findings": [{"client": "a", "host": "b", "kind": "os", '
            '"name": "c", "status": "bad"}]}',
            "finding 1: unknown status 'bad'",
        ),
    ],
)
def test_a_bad_baseline_is_one_clear_line_and_exit_3(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["scan", relative(ACME), "--as-of", "2026-11-23", "--baseline", str(bad)]
    )
    assert result.exit_code == 3
    assert result.stderr == f"eolscan: error: {bad}: {message}\n"


def test_a_missing_baseline_is_exit_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["diff", str(tmp_path / "gone.json"), str(tmp_path / "x.json")]
    )
    assert result.exit_code == 3
    assert (
        result.stderr
        == f"eolscan: error: {tmp_path / 'gone.json'}: cannot read: No such file or directory\n"
    )


def _entries(*items: tuple[str, str, str, str]) -> list[Entry]:
    """(host, kind, name, version) as a client's findings; status from the version's age."""
    return [
        Entry("Acme", host, kind, name, Status.EOL if version < "2" else Status.SUPPORTED, version)
        for host, kind, name, version in items
    ]


def _counts(changes: Changes) -> dict[str, int]:
    return {str(c): changes.count(c) for c in Change}


def test_two_items_of_one_name_on_a_host_keep_their_own_identity() -> None:
    jdks = [("BUILD01", "software", "Eclipse Temurin JDK", v) for v in ("11.0.24", "17.0.12")]
    jdks.append(("BUILD01", "software", "Eclipse Temurin JDK", "21.0.4"))
    nodes = [
        ("BUILD01", "software", "Node.js", "18.20.4"),
        ("BUILD01", "software", "Node.js", "20.17.0"),
    ]
    same = _entries(*jdks, *nodes)
    itself = compare(SavedReport("m.json", "2026-11-01", same), same)
    assert _counts(itself) == {"new": 0, "changed": 0, "resolved": 0}
    # Node 18 removed, 22 added beside 20: one change (18 -> 22), never 20 marked
    after = _entries(*jdks, nodes[1], ("BUILD01", "software", "Node.js", "22.8.0"))
    changes = compare(SavedReport("m.json", "2026-11-01", same), after)
    [delta] = changes.all()
    assert (delta.change, delta.entry.version, delta.previous and delta.previous.version) == (
        Change.CHANGED,
        "22.8.0",
        "18.20.4",
    )


def test_an_os_upgrade_on_one_host_is_one_changed_finding() -> None:
    before = [Entry("Acme", "WEB01", "os", "Ubuntu 20.04.6 LTS", Status.EOL, "20.04")]
    after = [Entry("Acme", "WEB01", "os", "Ubuntu 24.04.1 LTS", Status.SUPPORTED, "24.04")]
    changes = compare(SavedReport("m.json", "2026-11-01", before), after)
    assert _counts(changes) == {"new": 0, "changed": 1, "resolved": 0}
    [delta] = changes.all()
    assert mark_text(delta) == "was Ubuntu 20.04.6 LTS, eol"


BUILD_HOST = """\
client: Acme
hosts:
  - name: BUILD01
    os: Ubuntu
    os_version: "{os}"
    software:
      - {{name: Node.js, version: 18.20.4}}
      - {{name: Node.js, version: "{node}"}}
      - {{name: Eclipse Temurin JDK, version: 11.0.24}}
      - {{name: Eclipse Temurin JDK, version: 17.0.12}}
      - {{name: Eclipse Temurin JDK, version: 21.0.4}}
"""


def test_a_month_of_duplicates_and_an_os_upgrade_through_the_scan(tmp_path: Path) -> None:
    inventory = tmp_path / "acme.yaml"
    inventory.write_text(BUILD_HOST.format(os="20.04", node="20.17.0"))
    base = tmp_path / "base.json"
    scan(str(inventory), "-o", str(base), "--fail-on", "never")
    again = scan(str(inventory), "-f", "json", "--baseline", str(base), "--fail-on", "never")
    assert json.loads(again.stdout)["baseline"]["counts"] == {"new": 0, "changed": 0, "resolved": 0}
    inventory.write_text(BUILD_HOST.format(os="24.04", node="22.8.0"))
    moved = scan(str(inventory), "-f", "csv", "--baseline", str(base), "--fail-on", "never")
    marks = {
        (row["name"], row["version"]): row["change"]
        for row in csv.DictReader(io.StringIO(moved.stdout))
        if row["change"]
    }
    assert marks == {("Ubuntu", "24.04"): "was eol", ("Node.js", "22.8.0"): "was eol"}  # 20 -> 22


@pytest.mark.parametrize("name", ["json", "csv"])
@pytest.mark.parametrize("files", ["one file", "two files"])
@pytest.mark.parametrize("marked", ["rows on their own", "a column of row ends"])
def test_baseline_marks_written_as_a_column_equal_the_finding_by_finding_output(
    baseline: Path, name: str, files: str, marked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compact report's marks (few marked rows formatted on their own, or many as a
    column of row ends) and the generic path (a plain list of findings, each with its mark)
    write the same bytes, with sources in one file or two."""
    monkeypatch.setattr(rows_module, "_MARKED_SHARE", 0 if marked == "rows on their own" else 10**9)
    db = open_database(None)
    matcher = open_matcher(db)
    inputs = [str(ACME)] + ([str(older_inventory(baseline.parent))] if files == "two files" else [])
    rows = [asset_row(a) for a in read_inventories(inputs)]
    report = scan_report(rows, matcher, Policy(as_of=date(2026, 11, 23)), db.info())
    written = []
    for findings in (report.findings, list(report.findings)):
        as_list = Report(report.policy, report.database, findings, report.summary)
        changes = compare_findings(str(baseline), as_list.findings)
        out = io.StringIO()
        get_format(name, RenderOptions(changes=changes)).render(as_list, out)
        written.append(out.getvalue())
    assert written[0] == written[1]
    if files == "one file":
        assert '"was 8.1"' in written[0] or ",was 8.1" in written[0]
    else:  # the other file's PHP 8.1 is the one last month had: this one is new
        assert '"change": "new"' in written[0] or ",new" in written[0]


def test_a_baseline_reformatted_by_another_tool_compares_the_same(
    baseline: Path, tmp_path: Path
) -> None:
    """eolscan's own layout is read a line at a time; any other valid JSON whole, alike."""
    from eolscan.judgement.saved_report import load_report

    reformatted = tmp_path / "reformatted.json"
    reformatted.write_text(json.dumps(json.loads(baseline.read_text()), indent=1))
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps(json.loads(baseline.read_text())))
    own = load_report(str(baseline))
    assert len(own.entries) > 10
    for other in (reformatted, compact):
        assert load_report(str(other)).entries == own.entries


@settings(max_examples=200, deadline=None)
@given(
    values=st.dictionaries(
        st.sampled_from(["change", "client", "host", 'na"me', "cycle", "purl"]),
        st.one_of(st.none(), st.text(), st.sampled_from(['"', "\\", "\n", "\x07", "\ud800"])),
    )
    | st.dictionaries(st.text(max_size=3), st.one_of(st.none(), st.integers(), st.booleans())),
)
def test_a_difference_is_written_as_the_indenting_encoder_writes_it(
    values: dict[str, Any],
) -> None:
    """The differences of a report's ``baseline`` block, written without the (slow)
    indenting encoder, are byte for byte what it writes, whatever the names hold."""
    expected = json.dumps(values, indent=2, ensure_ascii=False).replace("\n", "\n      ")
    assert indented_item(values) == expected


def test_an_entry_on_another_host_keeps_every_other_field() -> None:
    """``Entry.on_host`` names each field itself (for speed): a field added to Entry and
    not passed on would be lost here."""
    values = {f.name: f"value of {f.name}" for f in dataclasses.fields(Entry)}
    entry = Entry(**{**values, "status": Status.EOL})
    assert entry.on_host("Client B", "PC-9") == dataclasses.replace(
        entry, client="Client B", host="PC-9"
    )


def test_diffs_table_cuts_no_word_at_80_columns(tmp_path: Path) -> None:
    """``eolscan diff`` in a terminal: every word whole (``kernel 4.14.171-136.231.amzn2``
    was folded into ``...amzn`` / ``2``); the columns a narrow terminal can do without go."""
    host = tmp_path / "acme" / "al2-legacy07"
    shutil.copytree(REPO / "tests" / "corpora" / "packages" / "al2-legacy07", host)
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    scan(str(host), "-o", str(before), "--fail-on", "never")
    listing = host / "rpm-qa.txt"
    rows = listing.read_text(encoding="utf-8").splitlines()
    listing.write_text("\n".join(r for r in rows if not r.startswith("kernel")) + "\n")
    scan(str(host), "-o", str(after), "--fail-on", "never")
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["diff", str(before), str(after)])
    assert "resolved" in result.stdout
    assert max(map(len, result.stdout.splitlines())) <= 80
    assert "4.14.171-136.231.amzn2" in result.stdout.split()
