"""Scanner findings and antivirus reports are no inventory, and say so."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.classify import names_inventory_fields, not_an_inventory
from tests.inventory.helpers import text_source

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "not-inventory"


@pytest.mark.parametrize("file", ["nessus-findings.csv", "defender-status.json"])
def test_findings_are_not_an_inventory(monkeypatch: pytest.MonkeyPatch, file: str) -> None:
    monkeypatch.chdir(CORPUS)
    result = CliRunner().invoke(cli, ["inventory", file])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        f"eolscan: error: {file}:1: not an inventory: it has no operating system or software"
    ]


@pytest.mark.parametrize(
    ("names", "inventory"),
    [
        (["Host", "OS", "CVE"], True),
        (["DeviceName", "OSPlatform", "SoftwareName"], True),
        (["AMEngineVersion", "AMProductVersion", "AntivirusEnabled"], False),
        (["Plugin ID", "CVE", "Risk", "Host", "Name"], False),
        (["Computer", "DisplayName", "DisplayVersion"], True),
    ],
)
def test_which_fields_could_hold_an_os_or_software(names: list[str], inventory: bool) -> None:
    assert names_inventory_fields(names) is inventory


def test_an_inventory_in_an_unknown_language_is_left_to_map() -> None:
    """German column names are no scanner's findings: the message keeps pointing at --map."""
    header = "Rechnername\tBetriebssystem\tAnwendung\tAnwendungsversion\n"
    source, _ = text_source("kunden.tsv", header + "PC1\tWindows 10\tPython\t3.8\n")
    assert not not_an_inventory(source)
