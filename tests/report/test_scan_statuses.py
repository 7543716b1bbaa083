"""End to end at a fixed --as-of: one finding per status, from the bundled database."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, ASSETS

STATUSES = str(ASSETS / "native" / "statuses.yaml")


def scan_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["scan", *args, "--as-of", AS_OF, "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_host_and_name(report: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(f["host"], f["name"]): f for f in report["findings"]}  # type: ignore[index,union-attr]


def test_every_status_at_a_fixed_date() -> None:
    findings = by_host_and_name(scan_json(STATUSES))
    old = findings[("OLD-PC", "Microsoft Windows 10 Pro")]
    assert (old["status"], old["cycle"], old["eol"], old["days_left"]) == (
        "eol",
        "10-22h2",
        "2025-10-14",
        -405,
    )
    sql = findings[("DB-ESU", "Microsoft SQL Server 2014 (64-bit)")]
    assert (sql["status"], sql["cycle"], sql["extended_end"], sql["days_left"]) == (
        "extended",
        "12.0-sp3",
        "2027-07-12",
        231,
    )
    warn = findings[("FILE-2016", "Microsoft Windows Server 2016 Standard")]
    assert (warn["status"], warn["eol"], warn["days_left"]) == ("warn", "2027-01-12", 50)
    ok = findings[("DB-ESU", "Microsoft Windows Server 2019 Standard")]
    assert (ok["status"], ok["cycle"], ok["eol"]) == ("supported", "2019", "2029-01-09")
    lob = findings[("LOB", "Contoso Practice Manager")]
    assert lob["status"] == "unknown"
    assert (
        lob["reason"]
        == "product not recognised: 'Contoso Practice Manager' matches no rule or product name"
    )
    assert findings[("LOB", "Ubuntu 24.04.1 LTS")]["status"] == "supported"


def test_warn_days_widens_the_window() -> None:
    findings = by_host_and_name(scan_json(STATUSES, "--warn-days", "1200"))
    assert findings[("DB-ESU", "Microsoft Windows Server 2019 Standard")]["status"] == "warn"


def test_summary_counts_and_upgrade_targets() -> None:
    report = scan_json(STATUSES)
    assert report["summary"] == {
        "clients": 1,
        "hosts": 4,
        "findings": 6,
        "by_status": {
            "eol": 1,
            "extended": 1,
            "warn": 1,
            "unknown": 1,
            "supported": 2,
            "accepted": 0,
            "ignored": 0,
        },
        "not_identified": 1,
        "no_published_lifecycle": 0,
    }
    findings = by_host_and_name(report)
    assert findings[("FILE-2016", "Microsoft Windows Server 2016 Standard")]["upgrade_to"] == "2025"


def test_findings_are_worst_first() -> None:
    statuses = [f["status"] for f in scan_json(STATUSES)["findings"]]  # type: ignore[index,union-attr]
    order = ["eol", "extended", "warn", "unknown", "accepted", "supported", "ignored"]
    assert statuses == sorted(statuses, key=order.index)


def test_a_host_with_nothing_listed_is_an_unknown_finding_not_dropped(tmp_path: Path) -> None:
    inventory = tmp_path / "bare.yaml"
    inventory.write_text("hosts:\n  - name: A\n  - name: B\n    os: Ubuntu 24.04\n", "utf-8")
    report = scan_json(str(inventory))
    assert report["summary"]["hosts"] == 2  # type: ignore[index]
    bare = by_host_and_name(report)[("A", "")]
    assert (bare["status"], bare["reason"]) == (
        "unknown",
        "nothing listed: no operating system or software name",
    )
