"""Every human format and the JSON summary keep "identified, no published lifecycle" (7-Zip,
judged against the newest release) apart from "not identified" (no product recognised)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF

ROWS = [
    ("WS-01", "7-Zip 24.08 (x64)", "24.08"),
    ("WS-02", "7-Zip 19.00 (x64 edition)", "19.00"),
    ("WS-01", "Acme Practice Manager", "4.2"),
    ("WS-02", "Contoso Label Printer Utility", "1.0"),
    ("WS-03", "7-Zip", ""),
]


@pytest.fixture()
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "practice.csv"
    lines = ["client,host,kind,name,version"]
    lines += [f"Acme,{host},software,{name},{version}" for host, name, version in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _scan(inventory: Path, fmt: str) -> str:
    args = ["scan", str(inventory), "--as-of", AS_OF, "-f", fmt, "--fail-on", "never"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_counts_both_apart(inventory: Path) -> None:
    document = json.loads(_scan(inventory, "json"))
    findings, summary = document["findings"], document["summary"]
    assert summary["not_identified"] == sum(1 for f in findings if f["product"] is None) == 2
    sevenzip = [f for f in findings if f["product"] == "7-zip"]
    assert len(sevenzip) == 3
    assert summary["no_published_lifecycle"] == 3
    assert summary["by_status"]["unknown"] == 3  # two not identified, 7-Zip without a version


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_summary_line_names_both(inventory: Path, fmt: str) -> None:
    text = " ".join(_scan(inventory, fmt).split())
    assert "3 unknown (2 not identified)" in text
    assert "3 identified, no published lifecycle" in text


def test_html_summary_names_both(inventory: Path) -> None:
    text = " ".join(_scan(inventory, "html").split())
    assert "2 items not identified" in text
    assert "1 item identified but not judged" in text
    assert "3 items identified with no published lifecycle" in text
