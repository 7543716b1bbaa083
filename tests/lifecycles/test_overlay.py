"""The local overlay: own products and rules, corrected cycles, contracts, and its errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.lifecycles.contracts import Contract
from eolscan.lifecycles.overlay import Overlay
from eolscan.lifecycles.overlay_apply import apply_overlay
from eolscan.lifecycles.paths import bundled_db_path
from eolscan.lifecycles.store import load_db
from eolscan.matching.schemes import SCHEMES
from eolscan.model import Asset, Kind
from tests.helpers import AS_OF, ASSETS

OVERLAY = ASSETS / "overlay" / "acme-overlay.yaml"
INVENTORY = ASSETS / "overlay" / "inventory.yaml"
BAD = ASSETS / "overlay" / "bad"

BAD_OVERLAYS = {
    "aliases-not-a-list.yaml": "3: 'aliases' must be a list",
    "cycle-id-is-a-list.yaml": "4: 'id' must be a single value, not a list or mapping",
    "bad-product-id.yaml": (
        "3: product id 'Acme PM' must be lower case letters, digits, '.', '_', '+' or '-'"
    ),
    "contract-unknown-cycle.yaml": "3: product 'windows-server' has no cycle '2012r2'",
    "contract-unknown-product.yaml": "2: contract for unknown product 'no-such-product'",
    "contract-without-until.yaml": "2: a contract needs 'until'",
    "contracts-not-a-list.yaml": "2: 'contracts' must be a list",
    "cycle-without-id.yaml": "4: a cycle needs an 'id'",
    "date-not-a-date.yaml": (
        "4: 'eol' must be a date (YYYY-MM-DD), true, false or null, not 'next year'"
    ),
    "impossible-date.yaml": "4: invalid date or value: day is out of range for month",
    "invalid-yaml.yaml": "3: invalid YAML/JSON: did not find expected node content",
    "new-product-without-cycles.yaml": "3: new product 'acme-pm' needs at least one cycle",
    "not-a-mapping.yaml": "1: the overlay must be a mapping",
    "rule-bad-pattern.yaml": "2: bad pattern: missing ), unterminated subpattern at position 6",
    "rule-catastrophic-pattern.yaml": (
        "2: bad pattern: a repetition inside a repetition, like (a+)+, can take exponential time"
    ),
    "rule-unknown-product.yaml": "2: rule for unknown product 'acme-pm'",
    "rule-unknown-scheme.yaml": f"2: unknown scheme 'roman' (one of: {', '.join(sorted(SCHEMES))})",
    "unknown-cycle-key.yaml": (
        "5: unknown key 'eoll' in a cycle (expected one of: codename, discontinued, eol, extended,"
        " id, label, latest, latest_date, link, lts, release, support)"
    ),
    "unknown-top-key.yaml": (
        "2: unknown key 'product' in the overlay (expected one of: contracts, names, products,"
        " rules, version)"
    ),
}


def test_every_bad_overlay_file_has_an_expected_message() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_OVERLAYS)


@pytest.mark.parametrize("name", sorted(BAD_OVERLAYS))
def test_bad_overlay_names_file_and_line(name: str) -> None:
    path = BAD / name
    result = CliRunner().invoke(
        cli, ["scan", str(INVENTORY), "--overlay", str(path), "--as-of", AS_OF]
    )
    assert result.exit_code == 3
    assert result.stderr == f"eolscan: error: {path}:{BAD_OVERLAYS[name]}\n"


def test_missing_overlay_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = CliRunner().invoke(cli, ["scan", str(INVENTORY), "--overlay", str(missing)])
    assert (result.exit_code, result.stderr) == (
        3,
        f"eolscan: error: {missing}: overlay file not found\n",
    )


def scan_json(
    *extra: str, as_of: str = AS_OF, env: dict[str, str] | None = None
) -> dict[str, object]:
    args = [
        "scan",
        str(INVENTORY),
        "--format",
        "json",
        "--as-of",
        as_of,
        "--fail-on",
        "never",
        *extra,
    ]
    result = CliRunner(env=env).invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def by_item(report: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(f["host"], f["product"]): f for f in report["findings"]}  # type: ignore[attr-defined]


def test_overlay_products_corrections_and_contracts_in_a_scan() -> None:
    report = scan_json("--overlay", str(OVERLAY))
    found = by_item(report)
    app = found[("DC02", "acme-pm")]
    assert (app["cycle"], app["status"], app["eol"], app["upgrade_to"]) == (
        "5",
        "eol",
        "2026-06-30",
        "6",
    )
    assert app["overlay"] is True
    assert app["rule"].startswith("rule overlay:acme-pm#1")
    php = found[("DC02", "php")]
    assert (php["cycle"], php["status"], php["extended_end"], php["overlay"]) == (
        "7.4",
        "eol",
        "2027-12-31",
        True,
    )
    covered = found[("DC02", "windows-server")]
    assert covered["status"] == "extended"
    assert covered["extended_end"] == "2027-10-12"
    assert covered["days_left"] == (date(2027, 10, 12) - date.fromisoformat(AS_OF)).days
    assert covered["extended_support"] is True and covered["overlay"] is True
    assert covered["reason"] == (
        "extended support contract until 2027-10-12 (local overlay, acme-overlay.yaml:16):"
        " custom support agreement, PO 4711"
    )
    uncovered = found[("APP02", "windows-server")]
    assert (uncovered["status"], uncovered["overlay"], uncovered["extended_end"]) == (
        "eol",
        False,
        "2026-10-13",
    )
    database = report["database"]
    assert database["overlay"] == str(OVERLAY)  # type: ignore[index]
    newest = date.fromisoformat(database["data_date"])  # type: ignore[index]
    assert database["age_days"] == (date.fromisoformat(AS_OF) - newest).days  # type: ignore[index]


def test_contract_ends_on_its_date() -> None:
    covered = by_item(scan_json("--overlay", str(OVERLAY), as_of="2027-10-12"))[
        ("DC02", "windows-server")
    ]
    assert covered["status"] == "eol"
    assert covered["overlay"] is True


def test_overlay_from_the_environment() -> None:
    report = scan_json(env={"EOLSCAN_OVERLAY": str(OVERLAY)})
    assert by_item(report)[("DC02", "windows-server")]["status"] == "extended"


def test_without_overlay_nothing_is_marked() -> None:
    report = scan_json()
    assert not any(f["overlay"] for f in report["findings"])  # type: ignore[attr-defined]
    assert report["database"]["overlay"] is None  # type: ignore[index]
    assert ("DC02", "acme-pm") not in by_item(report)


def test_table_footer_names_database_age_and_overlay() -> None:
    args = ["scan", str(INVENTORY), "--as-of", "2026-12-23", "--overlay", str(OVERLAY)]
    result = CliRunner().invoke(cli, args)
    footer = " ".join(result.stdout.split())
    newest = json.loads(CliRunner().invoke(cli, [*args, "-f", "json"]).stdout)["database"]
    age = (date(2026, 12, 23) - date.fromisoformat(newest["data_date"])).days
    assert (
        "lifecycle data: endoflife.date API v1 (offline snapshot), "
        f"{newest['data_date']} ({age} days old);" in footer
    )
    assert f"local overlay: {OVERLAY}" in footer
    assert result.stdout.count("(overlay)") == 3  # acme-pm, php 7.4 and the contract host


@pytest.mark.parametrize(
    ("format_name", "expected"),
    [
        ("html", f", with the local overlay {OVERLAY}."),
        ("markdown", f"; local overlay: {OVERLAY};"),
    ],
)
def test_client_reports_name_the_overlay(format_name: str, expected: str) -> None:
    args = ["scan", str(INVENTORY), "--as-of", AS_OF, "--overlay", str(OVERLAY), "-f", format_name]
    result = CliRunner().invoke(cli, args)
    assert expected in result.stdout


def test_contract_globs_match_client_and_host_case_insensitively() -> None:
    contract = Contract("windows-server", "2012-r2", date(2026, 10, 13), client="acme*", host="dc?")
    asset = Asset(client="ACME Dental", host="DC1", kind=Kind.OS, name="x")
    assert contract.covers(asset, "windows-server", "2012-r2")
    assert not contract.covers(asset, "windows-server", "2012")
    other = Asset(client="Other", host="DC1", kind=Kind.OS, name="x")
    assert not contract.covers(other, "windows-server", "2012-r2")


def test_new_cycle_of_an_existing_product_is_inserted_by_release_date() -> None:
    db = load_db(bundled_db_path())
    new = {"id": "7.5", "release": "2020-06-01", "eol": "2023-06-01", "overlay": True}
    apply_overlay(db, Overlay("x.yaml", products={"php": {"cycles": [new]}}))
    product = db.product("php")
    ids = [c.id for c in product.cycles]
    assert ids.index("7.5") == ids.index("7.4") - 1
    assert product.cycle("7.5").overlay and not product.cycle("8.0").overlay  # type: ignore[union-attr]
    assert not product.overlay


def test_explain_uses_the_overlay_rule() -> None:
    result = CliRunner(env={"EOLSCAN_OVERLAY": str(OVERLAY)}).invoke(
        cli, ["explain", "Acme PM", "6.1", "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.stderr
    assert "acme-pm (Acme Practice Manager)" in result.stdout
    assert "overlay:acme-pm#1" in result.stdout


def test_a_release_contract_covers_the_packages_of_its_archive_on_that_host(
    tmp_path: Path,
) -> None:
    """Ubuntu Pro for 20.04 on APP01, recorded as a contract, makes APP01's packages from
    20.04's archive ``extended`` too, as ``extended_support: true`` on the host does; APP02,
    without it, stays ``eol``."""
    inventory = tmp_path / "acme.yaml"
    inventory.write_text(
        "client: Acme\nhosts:\n"
        + "".join(
            f"  - name: {host}\n    os: Ubuntu 20.04.6 LTS\n    os_version: '20.04'\n"
            "    software:\n      - {name: nginx, version: 1.18.0-0ubuntu1.4}\n"
            for host in ("APP01", "APP02")
        ),
        encoding="utf-8",
    )
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "contracts:\n  - {product: ubuntu, cycle: '20.04', until: 2030-04-01, client: Acme,\n"
        "     host: APP01, note: Ubuntu Pro}\n",
        encoding="utf-8",
    )
    args = ["scan", str(inventory), "--overlay", str(overlay), "--as-of", "2026-12-07"]
    result = CliRunner().invoke(cli, [*args, "-f", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    found = {(f["host"], f["product"]): f for f in json.loads(result.stdout)["findings"]}
    covered = found["APP01", "nginx"]
    assert (covered["status"], covered["extended_end"]) == ("extended", "2030-04-01")
    assert covered["extended_support"] and covered["overlay"]
    assert "extended support contract until 2030-04-01" in covered["reason"]
    assert found["APP01", "ubuntu"]["status"] == "extended"
    assert found["APP02", "nginx"]["status"] == "eol"
