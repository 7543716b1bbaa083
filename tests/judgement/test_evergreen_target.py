"""An ended release still names what to move to: an evergreen product past the data
(Chrome 120 once every known Chrome line has ended) and products whose successor is another
product (Silverlight, classic Teams)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.judgement.facts import policy_facts
from eolscan.lifecycles.paths import bundled_db_path
from eolscan.lifecycles.store import load_db


def _finding(tmp_path: Path, name: str, version: str, as_of: date) -> dict[str, Any]:
    path = tmp_path / "pcs.yaml"
    path.write_text(
        f"hosts:\n  - name: PC1\n    software:\n      - {{name: {name}, version: '{version}'}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["scan", str(path), "--as-of", as_of.isoformat(), "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == 1
    return findings[0]  # type: ignore[no-any-return]


def test_chrome_past_the_data_is_told_the_release_due_by_then(tmp_path: Path) -> None:
    chrome = load_db(bundled_db_path()).product("chrome")
    newest = max((c for c in chrome.cycles if c.id.isdigit()), key=lambda c: int(c.id))
    assert newest.release is not None and isinstance(newest.eol, date)
    cadence = policy_facts().evergreen["chrome"]
    as_of = newest.eol + timedelta(days=3 * cadence)
    found = _finding(tmp_path, "Google Chrome", "120.0.6099.130", as_of)
    assert found["status"] == "eol" and found["upgrade_to"] is None
    due = int(newest.id) + (as_of - newest.release).days // cadence
    assert found["upgrade_to_label"] == f"{due} or newer"


def test_chrome_within_the_data_names_the_supported_line(tmp_path: Path) -> None:
    chrome = load_db(bundled_db_path()).product("chrome")
    newest = max((c for c in chrome.cycles if c.id.isdigit()), key=lambda c: int(c.id))
    assert newest.release is not None
    found = _finding(tmp_path, "Google Chrome", "120.0.6099.130", newest.release)
    assert found["status"] == "eol" and found["upgrade_to"] == newest.id


def test_silverlight_is_recognised_and_told_to_go(tmp_path: Path) -> None:
    found = _finding(tmp_path, "Microsoft Silverlight", "5.1.50918.0", date(2026, 12, 6))
    assert (found["product"], found["cycle"], found["status"]) == ("silverlight", "5", "eol")
    assert found["upgrade_to_label"] == policy_facts().successors["silverlight"].text


def test_classic_teams_is_told_to_move_to_the_new_teams(tmp_path: Path) -> None:
    found = _finding(tmp_path, "Microsoft Teams", "1.6.00.33567", date(2026, 12, 6))
    assert (found["product"], found["status"]) == ("teams-classic", "eol")
    assert found["upgrade_to_label"] == policy_facts().successors["teams-classic"].text


def test_edge_on_an_older_major_has_ended_and_is_told_to_update(tmp_path: Path) -> None:
    stable = load_db(bundled_db_path()).product("microsoft-edge").cycle("stable")
    assert stable is not None and stable.latest is not None
    older = f"{int(stable.latest.split('.')[0]) - 17}.0.2903.86"
    found = _finding(tmp_path, "Microsoft Edge", older, date(2026, 12, 6))
    assert (found["product"], found["status"]) == ("microsoft-edge", "eol")
    assert found["upgrade_to_label"] == f"the newest release, {stable.latest}"
