"""No output ever replaces an input: ``--output-dir`` and ``-o`` are checked before writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, without_data_notes

INVENTORY = "client,host,kind,name,version\nAcme Dental,PC1,os,Windows 10 Pro,10.0.19045\n"


@pytest.fixture
def inventory_named_like_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"acme-dental-{AS_OF}.csv"
    path.write_text(INVENTORY, encoding="utf-8")
    return path


def test_output_dir_never_writes_over_an_inventory(inventory_named_like_a_report: Path) -> None:
    name = inventory_named_like_a_report.name
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, name, "-f", "json,csv", "--output-dir", "."]
    )
    assert result.exit_code == 2
    assert without_data_notes(result.stderr).splitlines() == [
        f"eolscan: error: {name}: refusing to overwrite an input file"
    ]
    assert inventory_named_like_a_report.read_text(encoding="utf-8") == INVENTORY
    assert sorted(p.name for p in inventory_named_like_a_report.parent.iterdir()) == [name]


def test_output_dir_spares_the_accepted_risk_file(
    inventory_named_like_a_report: Path, tmp_path: Path
) -> None:
    """A hard link or another spelling of an input is still that input."""
    (tmp_path / "reports").mkdir()
    accept = tmp_path / "reports" / f"acme-dental-{AS_OF}.json"
    accept.write_text("accept: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            *("scan", "--as-of", AS_OF, inventory_named_like_a_report.name, "-f", "json"),
            *("--output-dir", "./reports/../reports", "--accept", str(accept)),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "refusing to overwrite an input file" in result.stderr
    assert accept.read_text(encoding="utf-8") == "accept: []\n"


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_o_refuses_a_hard_link_to_an_input(inventory_named_like_a_report: Path) -> None:
    os.link(inventory_named_like_a_report, "report.csv")
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, inventory_named_like_a_report.name, "-o", "report.csv"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "eolscan: error: report.csv: refusing to overwrite an input file"
    ]
    assert Path("report.csv").read_text(encoding="utf-8") == INVENTORY
