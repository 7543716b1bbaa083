"""Intune, Defender for Endpoint and ConfigMgr exports, in their documented column names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory import PRESET_NAMES
from eolscan.inventory.presets import PRESETS, spell_out_platform
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.text import read_source
from tests.inventory.helpers import read_all

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "presets"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


def test_every_preset_is_a_cli_choice() -> None:
    assert set(PRESETS) == set(PRESET_NAMES)


@pytest.mark.parametrize(
    ("file", "reader", "expected"),
    [
        (
            "intune-devices-graph.csv",
            "intune",
            [
                ("PC-FIN-001", "os", "Windows", "10.0.22631.4037"),
                ("PC-FIN-002", "os", "Windows", "10.0.19045.4780"),
            ],
        ),
        (
            "intune-appinvrawdata.csv",
            "intune",
            [
                ("PC-FIN-001", "os", "Windows", "10.0.22631.4037"),
                ("PC-FIN-001", "software", "7-Zip 19.00 (x64)", "19.00"),
                ("PC-FIN-002", "os", "Windows", "10.0.19045.4780"),
                ("PC-FIN-002", "software", "Mozilla Firefox (x64 en-US)", "115.14.0"),
            ],
        ),
        (
            "defender-devicetvmsoftwareinventory.csv",
            "defender",
            [
                ("pc-fin-001.contoso.local", "os", "Windows 11", "10.0"),
                ("pc-fin-001.contoso.local", "software", "firefox", "115.14.0.0"),
                ("srv-db-01.contoso.local", "os", "Windows Server 2016", "10.0"),
                ("srv-db-01.contoso.local", "software", "sql_server_2014", "12.0.6449.1"),
            ],
        ),
        (
            "sccm-add-remove-programs.csv",
            "sccm",
            [
                ("PC-FIN-001", "software", "Adobe Acrobat Reader DC", "15.006.30119"),
                ("PC-FIN-001", "software", "Java 8 Update 251", "8.0.2510.8"),
            ],
        ),
        (
            "sccm-operating-system.csv",
            "sccm",
            [
                ("PC-FIN-001", "os", "Microsoft Windows 10 Enterprise", "10.0.19045"),
                ("SRV-OLD-01", "os", "Microsoft Windows Server 2008 R2 Standard SP1", "6.1.7601"),
            ],
        ),
    ],
)
def test_console_exports(file: str, reader: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert detect_reader(read_source(file)).name == reader
    assets, skipped = read_all(file)
    assert skipped == []
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == expected


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("Windows11", "Windows 11"),
        ("Windows10", "Windows 10"),
        ("WindowsServer2019", "Windows Server 2019"),
        ("Linux", "Linux"),
        ("macOS", "macOS"),
    ],
)
def test_defender_platform_codes_are_spelled_out(code: str, name: str) -> None:
    assert spell_out_platform(code) == name


def test_a_row_without_its_device_is_one_clear_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.csv").write_text(
        "Netbios_Name0,DisplayName0,Publisher0,Version0\n,7-Zip,Igor Pavlov,19.00\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["inventory", "--strict", "x.csv"])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "eolscan: error: x.csv:2: column 'Netbios_Name0' (host) is empty"
    ]


def test_systeminfo_csv_is_read_by_the_generic_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``systeminfo /fo csv``: Windows' own header; the OS version carries "N/A Build"."""
    monkeypatch.chdir(tmp_path)
    header = (
        '"Host Name","OS Name","OS Version","OS Manufacturer","OS Configuration",'
        '"OS Build Type","Registered Owner"\n'
    )
    row = (
        '"WINDOWS8-VM","Microsoft Windows 8.1 Pro","6.3.9600 N/A Build 9600",'
        '"Microsoft Corporation","Standalone Workstation","Multiprocessor Free","vagrant"\n'
    )
    Path("systeminfo.csv").write_text(header + row, encoding="utf-8")
    assert detect_reader(read_source("systeminfo.csv")).name == "csv"
    assets, skipped = read_all("systeminfo.csv")
    assert skipped == []
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == [
        ("WINDOWS8-VM", "os", "Microsoft Windows 8.1 Pro", "6.3.9600 N/A Build 9600")
    ]
