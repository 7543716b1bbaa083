"""``eolscan trend``: per client, counts and machines past end of life across saved reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import ASSETS

ACME = ASSETS / "reports" / "acme-dental.yaml"


@pytest.fixture
def saved(tmp_path: Path) -> list[Path]:
    """Acme at two dates, then a month later with PHP gone from WEB01 and a new old PC."""
    first, second, third = (tmp_path / f"{n}.json" for n in ("a", "b", "c"))
    for path, as_of in ((first, "2026-01-15"), (second, "2026-11-23")):
        result = CliRunner().invoke(
            cli,
            [
                "scan",
                str(ACME),
                "--as-of",
                as_of,
                "-f",
                "json",
                "-o",
                str(path),
                "--fail-on",
                "never",
            ],
        )
        assert result.exit_code == 0, result.output
    text = ACME.read_text(encoding="utf-8").replace("      - {name: PHP, version: 7.4.33}\n", "")
    text += "  - name: OLD-PC\n    os: Microsoft Windows 8.1 Pro\n    os_version: 6.3.9600\n"
    later = tmp_path / "later.yaml"
    later.write_text(text, encoding="utf-8")
    args = ["scan", str(later), "--as-of", "2026-12-23", "-f", "json", "-o", str(third)]
    result = CliRunner().invoke(cli, [*args, "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return [third, first, second]  # out of order on purpose


def _trend(*args: str) -> str:
    result = CliRunner().invoke(cli, ["trend", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_points_follow_the_report_dates_and_match_each_summary(saved: list[Path]) -> None:
    document = json.loads(_trend(*map(str, saved), "-f", "json"))
    (acme,) = document["clients"]
    assert [p["as_of"] for p in acme["points"]] == ["2026-01-15", "2026-11-23", "2026-12-23"]
    for point, path in zip(acme["points"], sorted(saved, key=lambda p: p.name), strict=True):
        summary = json.loads(path.read_text(encoding="utf-8"))["summary"]
        assert point["by_status"] == summary["by_status"]
        assert point["hosts"] == summary["hosts"]


def test_improvements_and_regressions_are_counted_apart(saved: list[Path]) -> None:
    points = json.loads(_trend(*map(str, saved), "-f", "json"))["clients"][0]["points"]
    last = points[-1]
    assert last["improved"] >= 1  # PHP 7.4 is gone from WEB01
    assert last["regressed"] >= 1  # OLD-PC runs Windows 8.1
    assert last["hosts"] == points[-2]["hosts"] + 1
    assert last["hosts_past_eol"] == points[-2]["hosts_past_eol"] + 1


def test_html_draws_an_svg_chart_without_script(saved: list[Path]) -> None:
    html = _trend(*map(str, saved), "-f", "html")
    assert "<svg" in html and "<polyline" in html
    assert "<script" not in html and "default-src 'none'" in html
    assert not re.search(r'\sstyle="', html)  # the policy would block inline styles
    markdown = _trend(*map(str, saved), "-f", "markdown")
    assert markdown.count("| 2026-") == 3
    table = _trend(*map(str, saved))
    assert "Acme Dental" in table and "2026-12-23" in table


def test_two_reports_of_one_date_are_refused(saved: list[Path]) -> None:
    result = CliRunner().invoke(cli, ["trend", str(saved[1]), str(saved[1])])
    assert result.exit_code == 3
    assert result.stderr.strip().endswith(
        "two reports are as of 2026-01-15; give one report per date"
    )
