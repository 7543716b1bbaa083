"""Apple's practice as rules: the data may be behind when its newest macOS is over a year old."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.judgement.apple import YEARLY_RELEASE_DAYS, data_behind_warning, report_products
from eolscan.lifecycles.paths import bundled_db_path
from eolscan.lifecycles.store import load_db
from eolscan.model import Finding

MACOS = load_db(bundled_db_path()).product("macos")
NEWEST = max(c.release for c in MACOS.cycles if c.release is not None)
"""The newest macOS release date the bundled data knows (a fact from the data)."""


def test_no_warning_within_a_year_of_the_newest_macos() -> None:
    assert data_behind_warning(MACOS, NEWEST + timedelta(days=YEARLY_RELEASE_DAYS)) == []


def test_a_warning_once_the_newest_macos_is_over_a_year_old() -> None:
    as_of = NEWEST + timedelta(days=YEARLY_RELEASE_DAYS + 1)
    [warning] = data_behind_warning(MACOS, as_of)
    newest = next(c for c in MACOS.cycles if c.release == NEWEST)
    assert warning.startswith(
        f"the lifecycle data's newest macOS is {newest.label}, released {NEWEST} "
        f"({YEARLY_RELEASE_DAYS + 1} days before {as_of}); "
    )
    assert warning.endswith("run `eolscan db update`")


def test_no_macos_in_the_data_means_no_warning() -> None:
    assert data_behind_warning(None, date(2030, 1, 1)) == []


def test_report_products_reads_findings_or_verdicts() -> None:
    assert report_products([Finding(asset=None, status=None, product="macos")]) == {"macos"}  # type: ignore[arg-type]


def _scan(tmp_path: Path, inventory: str, as_of: str) -> list[str]:
    path = tmp_path / "studio.yaml"
    path.write_text(inventory)
    result = CliRunner().invoke(cli, ["scan", str(path), "--as-of", as_of, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.stdout)["warnings"])


def test_only_a_report_with_macs_hears_that_the_data_may_be_behind(tmp_path: Path) -> None:
    late = (NEWEST + timedelta(days=YEARLY_RELEASE_DAYS + 30)).isoformat()
    macs = "hosts:\n  - {name: MAC01, os: macOS, os_version: '14.6.1'}\n"
    linux = "hosts:\n  - {name: WEB01, os: Ubuntu 24.04 LTS}\n"
    age = "the newest release in the lifecycle data is"  # the data's own age: every report
    warnings = [w[:36] for w in _scan(tmp_path, macs, late) if not w.startswith(age)]
    assert warnings == ["the lifecycle data's newest macOS is"]
    assert [w for w in _scan(tmp_path, linux, late) if "macOS" in w] == []
