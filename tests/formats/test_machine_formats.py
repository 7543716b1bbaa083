"""SARIF against the official schema, JUnit parsed as XML, iCalendar structure (RFC 5545)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from eolscan.formats.ics import escape_text, fold
from eolscan.formats.sarif import location
from eolscan.formats.words import add_months
from eolscan.model import Location
from tests.formats.helpers import REPORTS, relative, scan

INVENTORY = relative(REPORTS)


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(shared_dir: Path) -> None:
    import jsonschema

    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    document = json.loads(scan(INVENTORY, "-f", "sarif").stdout)
    jsonschema.Draft4Validator(schema).validate(document)


def test_sarif_carries_the_report_warnings_as_notifications(
    shared_dir: Path, tmp_path: Path
) -> None:
    import jsonschema

    accept = tmp_path / "accept.yaml"
    accept.write_text("accept:\n  - {product: php, reason: old, until: 2026-01-01}\n")
    result = scan(INVENTORY, "-f", "sarif", "--accept", str(accept), "--fail-on", "never")
    document = json.loads(result.stdout)
    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {
        "level": "warning",
        "message": {
            "text": f"{accept}:2: accepted risk for php on */* expired on 2026-01-01; "
            "its findings count again"
        },
    } in notes
    assert all(note["level"] == "warning" for note in notes)


def test_junit_suites_carry_the_report_warnings_in_system_err(tmp_path: Path) -> None:
    accept = tmp_path / "accept.yaml"
    accept.write_text("accept:\n  - {product: php, reason: old, until: 2026-01-01}\n")
    result = scan(INVENTORY, "-f", "junit", "--accept", str(accept), "--fail-on", "never")
    suites = ET.fromstring(result.stdout_bytes).findall("testsuite")
    assert len(suites) > 1
    notes = {suite.findtext("system-err") for suite in suites}
    assert len(notes) == 1  # every suite carries the run's warnings
    assert (
        f"warning: {accept}:2: accepted risk for php on */* expired on 2026-01-01; "
        "its findings count again"
    ) in (notes.pop() or "").splitlines()


def test_sarif_has_one_rule_per_status_and_results_at_the_inventory_line() -> None:
    run = json.loads(scan(INVENTORY, "-f", "sarif").stdout)["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == [
        f"EOLSCAN-{s}"
        for s in ("EOL", "EXTENDED", "WARN", "UNKNOWN", "SUPPORTED", "ACCEPTED", "IGNORED")
    ]
    php = next(
        r
        for r in run["results"]
        if r["properties"]["name"] == "PHP" and r["properties"]["host"] == "WEB01"
    )
    physical = php["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "tests/assets/reports/acme-dental.yaml"
    lines = (REPORTS / "acme-dental.yaml").read_text().splitlines()
    assert "PHP" in lines[physical["region"]["startLine"] - 1]
    assert php["level"] == "error" and php["ruleId"] == "EOLSCAN-EOL"


def test_sarif_location_without_a_line_or_with_an_absolute_path() -> None:
    assert location(Location("-")) == {
        "physicalLocation": {"artifactLocation": {"uri": "-", "uriBaseId": "%SRCROOT%"}}
    }
    absolute = location(Location("/srv/inv/a b.yaml", 7))["physicalLocation"]
    assert absolute == {
        "artifactLocation": {"uri": "file:///srv/inv/a%20b.yaml"},
        "region": {"startLine": 7},
    }
    assert (
        location(Location(r"C:\inv\acme.csv", 3))["physicalLocation"]["artifactLocation"]["uri"]
        == "file:///C%3A/inv/acme.csv"
    )


def test_junit_has_one_case_per_item_and_fails_at_fail_on() -> None:
    default = ET.fromstring(scan(INVENTORY, "-f", "junit").stdout)
    summary = json.loads(scan(INVENTORY, "-f", "json").stdout)["summary"]["by_status"]
    assert (
        int(default.get("tests", ""))
        == sum(summary.values())
        == len(list(default.iter("testcase")))
    )
    assert int(default.get("failures", "")) == summary["eol"]
    stricter = ET.fromstring(scan(INVENTORY, "-f", "junit", "--fail-on", "warn").stdout)
    assert (
        int(stricter.get("failures", "")) == summary["eol"] + summary["extended"] + summary["warn"]
    )
    suites = [suite.get("name") for suite in default.iter("testsuite")]
    assert suites == ["Acme Dental", "Bayside Law"]


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_lines_end_in_crlf_and_fold_at_75_octets() -> None:
    raw = scan(INVENTORY, "-f", "ics").stdout_bytes
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_ics_events_alarms_and_stable_uids() -> None:
    text = scan(INVENTORY, "-f", "ics").stdout_bytes.decode("utf-8")
    lines = _unfold(text)
    events = text.count("BEGIN:VEVENT")
    assert events == text.count("END:VEVENT") > 0
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == events
    assert all(line == "DTSTAMP:20261123T000000Z" for line in lines if line.startswith("DTSTAMP"))
    starts = [line[-8:] for line in lines if line.startswith("DTSTART;VALUE=DATE:")]
    assert starts == sorted(starts) and min(starts) > "20261123"
    assert "TRIGGER:-P365D" in lines and "TRIGGER:-P30D" in lines
    php = next(line for line in lines if line.startswith("SUMMARY:Bayside Law: PHP 8.2"))
    assert php == "SUMMARY:Bayside Law: PHP 8.2\\, end of security support"
    assert scan(INVENTORY, "-f", "ics").stdout_bytes.decode("utf-8") == text


def test_ics_escaping_and_folding_keep_multibyte_characters_whole() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    assert "".join(p.decode("utf-8") for p in parts).replace(" é", "é").count("é") == 80
    assert re.fullmatch(r"(DESCRIPTION:é+)(\r\n é+)+\r\n", folded)


def test_ics_parses_with_an_icalendar_library() -> None:
    icalendar = pytest.importorskip("icalendar")
    raw = scan(INVENTORY, "-f", "ics").stdout_bytes
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == raw.count(b"BEGIN:VEVENT")
    php = next(e for e in events if str(e["SUMMARY"]).startswith("Bayside Law: PHP 8.2"))
    assert php["DTSTART"].dt == date(2026, 12, 31)
    assert "WEB02" in str(php["DESCRIPTION"])
    alarms = [a["TRIGGER"].dt for a in php.walk("VALARM")]
    assert alarms == [-timedelta(days=31)], "one month before 2026-12-31 is 2026-11-30"
    far = next(e for e in events if e["DTSTART"].dt >= date(2027, 11, 23))
    day = far["DTSTART"].dt
    reminders = [day + a["TRIGGER"].dt for a in far.walk("VALARM")]
    assert reminders == [add_months(day, -months) for months in (12, 6, 3, 1)]


def test_ics_has_one_event_when_active_and_security_support_end_the_same_day(
    tmp_path: Path,
) -> None:
    inventory = tmp_path / "win.yaml"  # Windows 11 24H2 (E): both end on the same day
    inventory.write_text(
        "client: Same Day\nhosts:\n"
        "  - {name: PC1, os: Microsoft Windows 11 Enterprise, os_version: 10.0.26100}\n"
    )
    text = scan(str(inventory), "-f", "ics").stdout_bytes.decode("utf-8")
    summaries = [line for line in _unfold(text) if line.startswith("SUMMARY:")]
    assert summaries == [
        "SUMMARY:Same Day: Microsoft Windows 11 24H2 (E)\\, end of security support"
    ]


def test_ics_names_the_client_as_its_client_toml_does(tmp_path: Path) -> None:
    """The calendar is shared with the client: it says "Northwind Traders", not the folder's
    name, and the event's UID stays the same whatever the name."""
    folder = tmp_path / "northwind"
    folder.mkdir()
    (folder / "servers.yaml").write_text(
        "hosts:\n  - name: FS01\n    os: Microsoft Windows Server 2016 Standard\n"
        "    os_version: 10.0.14393\n",
        encoding="utf-8",
    )
    (folder / "client.toml").write_text("contacts = []\n", encoding="utf-8")
    plain = _unfold(scan(str(folder), "-f", "ics").stdout_bytes.decode("utf-8"))
    (folder / "client.toml").write_text('name = "Northwind Traders"\n', encoding="utf-8")
    named = _unfold(scan(str(folder), "-f", "ics").stdout_bytes.decode("utf-8"))
    summaries = [line for line in named if line.startswith("SUMMARY:")]
    assert summaries and all(s.startswith("SUMMARY:Northwind Traders: ") for s in summaries)
    assert not any("northwind:" in line for line in named)
    uid = [line for line in named if line.startswith("UID:")]
    assert uid == [line for line in plain if line.startswith("UID:")]
