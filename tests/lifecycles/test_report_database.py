"""Every report states the database it used and its age; an old database earns a warning."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eolscan.cli import cli
from tests.helpers import ASSETS, CURATED_CYCLES, CURATED_PRODUCTS

INVENTORY = ASSETS / "overlay" / "inventory.yaml"


def scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["scan", str(INVENTORY), "--fail-on", "never", *args])
    assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout


def test_json_header_has_database_age_and_no_overlay() -> None:
    _, out = scan("--format", "json", "--as-of", "2026-12-13")
    report = json.loads(out)
    assert report["database"] == {
        "source": "endoflife.date API v1 (offline snapshot)",
        "generated_at": "2026-11-23T00:00:00+00:00",
        "products": 464 + CURATED_PRODUCTS,
        "cycles": 8351 + CURATED_CYCLES,
        "age_days": 20,
        "overlay": None,
    }
    assert report["warnings"] == []


def test_database_older_than_30_days_warns_in_json_and_table() -> None:
    _, out = scan("--format", "json", "--as-of", "2026-12-24")
    report = json.loads(out)
    assert report["database"]["age_days"] == 31
    assert report["warnings"] == [
        "the lifecycle database is 31 days old (from 2026-11-23); run `eolscan db update`"
    ]
    _, table = scan("--as-of", "2026-12-24")
    text = " ".join(table.split())
    assert "2026-11-23 (31 days old)" in text
    assert "warning: the lifecycle database is 31 days old" in text


def test_a_backdated_run_says_the_database_is_newer_not_minus_days_old() -> None:
    _, table = scan("--as-of", "2026-04-01")
    text = " ".join(table.split())
    assert "2026-11-23 (236 days newer than the as-of date)" in text
    assert "-236" not in text
    info = CliRunner().invoke(cli, ["db", "info", "--as-of", "2026-04-01"])
    assert "age:          236 days newer than the as-of date\n" in info.stdout
