"""Every report states the database it used and its age; an old database earns a warning."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.lifecycles.freshness import content_date
from tests.helpers import ASSETS, CURATED_CYCLES, CURATED_PRODUCTS

INVENTORY = ASSETS / "overlay" / "inventory.yaml"


def scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["scan", str(INVENTORY), "--fail-on", "never", *args])
    assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout


def _newest() -> date:
    """The bundled data's newest release date, as the JSON report states it."""
    _, out = scan("--format", "json", "--as-of", "2026-12-13")
    return date.fromisoformat(json.loads(out)["database"]["data_date"])


def test_json_header_has_database_dates_age_and_no_overlay() -> None:
    _, out = scan("--format", "json", "--as-of", "2026-12-13")
    report = json.loads(out)
    database = report["database"]
    newest = date.fromisoformat(database["data_date"])
    assert database == {
        "source": "endoflife.date API v1 (offline snapshot)",
        "generated_at": "2026-11-23T00:00:00+00:00",
        "data_date": newest.isoformat(),
        "products": 464 + CURATED_PRODUCTS,
        "cycles": 8351 + CURATED_CYCLES,
        "age_days": (date(2026, 12, 13) - newest).days,
        "overlay": None,
    }
    assert newest < date(2026, 11, 23)  # the snapshot's content is older than its stamp


def test_content_date_is_the_newest_release_or_latest_date_not_after_the_stamp() -> None:
    products = {
        "a": {"cycles": [{"release": "2026-01-05", "latest_date": "2026-08-21"}]},
        "b": {"cycles": [{"release": "2027-01-01", "latest_date": None}]},  # planned
        "c": {"cycles": "packed elsewhere"},
        "d": {"curated": "products/d.yaml", "cycles": [{"release": "2026-10-01"}]},  # by hand
    }
    assert content_date(products, "2026-11-23T00:00:00+00:00") == "2026-08-21"
    assert content_date({}, "2026-11-23") == ""


def test_data_older_than_30_days_by_content_warns_in_json_and_table() -> None:
    _, out = scan("--format", "json", "--as-of", "2026-12-24")
    report = json.loads(out)
    newest = report["database"]["data_date"]
    age = (date(2026, 12, 24) - date.fromisoformat(newest)).days
    assert report["database"]["age_days"] == age
    note = f"the newest release in the lifecycle data is {age} days old ({newest}); "
    assert note + "run `eolscan db update`" in report["warnings"]
    _, table = scan("--as-of", "2026-12-24")
    text = " ".join(table.split())
    assert f"{newest} ({age} days old)" in text
    assert f"warning: {note}" in text


def test_fresh_data_earns_no_age_warning() -> None:
    _, out = scan("--format", "json", "--as-of", "2026-09-01")
    assert not any("days old" in note for note in json.loads(out)["warnings"])


def test_a_backdated_run_says_the_database_is_newer_not_minus_days_old() -> None:
    _, table = scan("--as-of", "2026-04-01")
    text = " ".join(table.split())
    newer = (_newest() - date(2026, 4, 1)).days
    assert f"({newer} days newer than the as-of date)" in text
    assert f"-{newer}" not in text
    info = CliRunner().invoke(cli, ["db", "info", "--as-of", "2026-04-01"])
    expected = f"age:          {newer} days newer than the as-of date (from the data date)\n"
    assert expected in info.stdout
    assert "-142" not in info.stdout
