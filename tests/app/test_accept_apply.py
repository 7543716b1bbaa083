"""Applying accepted risks: matching, expiry, stale entries, --fail-on, the reason kept."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from eolscan.judgement.accept import Acceptance, AcceptEntry
from eolscan.judgement.accept_file import find_accept_file
from eolscan.judgement.policy import FailOn
from eolscan.model import Asset, Finding, Kind, Location, Status
from tests.app.helpers import run
from tests.helpers import AS_OF, EXAMPLES

DAY = date.fromisoformat(AS_OF)


def finding(
    client: str, host: str, product: str | None, cycle: str | None, status: Status
) -> Finding:
    asset = Asset(client, host, Kind.OS, f"{product} {cycle}", "", location=Location("inv.yaml", 3))
    return Finding(asset=asset, status=status, product=product, cycle=cycle, reason="")


def entry(**fields: object) -> AcceptEntry:
    base: dict[str, object] = {
        "product": "windows-server",
        "reason": "new server ordered",
        "until": DAY,
    }
    base.update(fields)
    return AcceptEntry(**base)  # type: ignore[arg-type]


def test_globs_match_client_and_host_ignoring_case() -> None:
    dc = finding("Acme Dental", "DC01", "windows-server", "2012-r2", Status.EOL)
    assert entry(client="acme*", host="dc0?").matches(dc)
    assert entry(cycle="2012-r2").matches(dc)
    assert not entry(cycle="2016").matches(dc)
    assert not entry(host="WEB*").matches(dc)
    assert not entry(product="ubuntu").matches(dc)
    assert not entry().matches(finding("Acme", "X", None, None, Status.UNKNOWN))


def test_accepted_finding_keeps_dates_and_says_why() -> None:
    dc = finding("Acme", "DC01", "windows-server", "2012-r2", Status.EOL)
    acceptance = Acceptance([entry(owner="Jane Doe", until=date(2027, 3, 31))], DAY)
    accepted = acceptance.accept(dc)
    assert accepted.status is Status.ACCEPTED
    assert accepted.reason == "accepted until 2027-03-31 by Jane Doe: new server ordered (was eol)"
    assert accepted.asset == dc.asset and accepted.cycle == dc.cycle
    assert not FailOn.UNKNOWN.trips(accepted.status)
    assert acceptance.warnings() == []


def test_until_is_inclusive_and_after_it_the_entry_expires() -> None:
    dc = finding("Acme", "DC01", "windows-server", "2012-r2", Status.EOL)
    assert Acceptance([entry(until=DAY)], DAY).accept(dc).status is Status.ACCEPTED
    expired = Acceptance([entry(until=date(2026, 11, 22), source="acc.yaml:2")], DAY)
    assert expired.accept(dc).status is Status.EOL
    assert expired.warnings() == [
        "acc.yaml:2: accepted risk for windows-server on */* expired on 2026-11-22; "
        "its findings count again"
    ]


def test_entry_that_matches_nothing_at_risk_is_stale() -> None:
    supported = finding("Acme", "APP01", "windows-server", "2022", Status.SUPPORTED)
    acceptance = Acceptance([entry(cycle="2022", source="acc.yaml:7")], DAY)
    assert acceptance.accept(supported) is supported
    assert acceptance.warnings() == [
        "acc.yaml:7: accepted risk for windows-server 2022 on */* matches no finding at risk; "
        "remove it or correct client, host, product or cycle"
    ]


def test_first_matching_entry_wins_and_unknown_findings_with_a_product_can_be_accepted() -> None:
    unknown = Finding(
        asset=Asset("Acme", "PC1", Kind.OS, "Windows 10", ""),
        status=Status.UNKNOWN,
        product="windows",
        reason="no build number",
    )
    acceptance = Acceptance(
        [entry(product="windows", reason="first"), entry(product="windows", reason="second")], DAY
    )
    accepted = acceptance.accept(unknown)
    assert accepted.reason == "accepted until 2026-11-23: first (was unknown: no build number)"
    assert acceptance.used == {0}


def test_scan_marks_accepted_findings_and_reports_expired_and_stale(tmp_path: Path) -> None:
    accept = tmp_path / "eolscan-accept.yaml"
    accept.write_text(
        "accept:\n"
        "  - {client: 'Acme*', host: DC01, product: windows-server, cycle: 2012-r2,\n"
        "     reason: replacement ordered, owner: Jane Doe, until: 2027-03-31}\n"
        "  - {product: php, reason: old promise, until: 2026-01-01}\n"
        "  - {product: ubuntu, cycle: '16.04', reason: gone, until: 2027-01-01}\n"
    )
    args = [
        "scan",
        str(EXAMPLES / "acme-dental.yaml"),
        "--as-of",
        AS_OF,
        "-f",
        "json",
        "--accept",
        str(accept),
    ]
    result = run(args)
    report = json.loads(result.stdout)
    accepted = [f for f in report["findings"] if f["status"] == "accepted"]
    assert [(f["host"], f["cycle"]) for f in accepted] == [("DC01", "2012-r2")]
    assert (
        accepted[0]["reason"]
        == "accepted until 2027-03-31 by Jane Doe: replacement ordered (was eol: paid extended "
        "support (Windows Server Extended Security Updates (ESU)) ended too; security support "
        "ended 2023-10-10)"
    )
    assert report["summary"]["by_status"]["accepted"] == 1
    assert report["warnings"][-2:] == [
        f"{accept}:4: accepted risk for php on */* expired on 2026-01-01; its findings count again",
        f"{accept}:5: accepted risk for ubuntu 16.04 on */* matches no finding at risk; "
        "remove it or correct client, host, product or cycle",
    ]
    assert result.exit_code == 1  # other eol findings still fail


def test_accepting_every_failing_finding_makes_the_check_pass(tmp_path: Path) -> None:
    accept = tmp_path / "accept.yaml"
    accept.write_text(
        "accept:\n  - {product: windows-server, reason: postponed, until: 2027-01-31}\n"
    )
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        "client: C\nhosts:\n"
        "  - {name: DC01, os: Windows Server 2012 R2 Standard, os_version: 6.3.9600}\n"
    )
    base = ["scan", str(inventory), "--as-of", AS_OF]
    assert run([*base, "--accept", str(accept)]).exit_code == 0
    table = run([*base, "--accept", str(accept)]).stdout
    assert "accepted" in table and "postponed" in table
    assert run(base).exit_code == 1
    assert run([*base, "--accept", str(accept), "--as-of", "2027-02-01"]).exit_code == 1


def test_accept_file_is_found_beside_or_above_the_inventory_up_to_the_repository(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    (repo / "inventories" / "acme").mkdir(parents=True)
    (repo / ".git").mkdir()
    inventory = repo / "inventories" / "acme" / "acme.yaml"
    inventory.write_text("hosts: []\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert find_accept_file([str(inventory)], elsewhere) is None
    (tmp_path / "eolscan-accept.yaml").write_text("accept: []\n")  # above the repository: not used
    assert find_accept_file([str(inventory)], elsewhere) is None
    (repo / "eolscan-accept.yaml").write_text("accept: []\n")
    assert find_accept_file(["-", str(inventory)], elsewhere) == repo / "eolscan-accept.yaml"
    assert find_accept_file([str(inventory)], repo) == Path("eolscan-accept.yaml")
    (elsewhere / "eolscan-accept.yaml").write_text("accept: []\n")
    assert find_accept_file(["-"], elsewhere) == Path("eolscan-accept.yaml")


def test_scan_picks_up_the_repository_accept_file_without_flags(starter_repo: Path) -> None:
    (starter_repo / "eolscan-accept.yaml").write_text(
        "accept:\n  - {host: DC01, product: windows-server, reason: ordered, until: 2027-03-31}\n"
    )
    (starter_repo / "eolscan.toml").write_text("")
    report = json.loads(run(["scan", "inventories/", "--as-of", AS_OF, "-f", "json"]).stdout)
    dc01 = [f for f in report["findings"] if f["host"] == "DC01"]
    assert [f["status"] for f in dc01] == ["accepted"]


def test_hosts_sharing_an_item_get_the_verdict_of_their_own_context(tmp_path: Path) -> None:
    """The same item on many hosts of several clients: a verdict is shared only by hosts to
    which the same entries apply, and an expired entry names every client it would cover."""
    inventory = tmp_path / "book.csv"
    rows = ["client,host,kind,name,version"]
    for client in ("Acme", "Beta", "Gamma"):
        for host in ("DC01", "DC02", "PC01"):
            rows.append(f"{client},{host},os,Windows Server 2012 R2 Standard,6.3.9600")
    inventory.write_text("\n".join(rows) + "\n")
    accept = tmp_path / "accept.yaml"
    accept.write_text(
        "accept:\n"
        "  - {client: Acme, host: 'DC*', product: windows-server, reason: r, until: 2027-03-31}\n"
        "  - {client: '[BG]*', host: DC02, product: windows-server, reason: o, until: 2026-01-01}\n"
    )
    result = run(["scan", str(inventory), "--as-of", AS_OF, "-f", "json", "--accept", str(accept)])
    report = json.loads(result.stdout)
    statuses = {(f["client"], f["host"]): f["status"] for f in report["findings"]}
    assert statuses == {
        ("Acme", "DC01"): "accepted",
        ("Acme", "DC02"): "accepted",
        ("Acme", "PC01"): "eol",
        ("Beta", "DC01"): "eol",
        ("Beta", "DC02"): "eol",
        ("Beta", "PC01"): "eol",
        ("Gamma", "DC01"): "eol",
        ("Gamma", "DC02"): "eol",
        ("Gamma", "PC01"): "eol",
    }
    out = tmp_path / "reports"
    args = ["scan", str(inventory), "--as-of", AS_OF, "-f", "json", "--accept", str(accept)]
    run([*args, "--output-dir", str(out)])
    expired = {
        path.name.split("-")[0]: any("expired on 2026-01-01" in w for w in document["warnings"])
        for path in out.glob("*.json")
        if path.name != "index.json" and (document := json.loads(path.read_text()))
    }
    assert expired == {"acme": False, "beta": True, "gamma": True}
