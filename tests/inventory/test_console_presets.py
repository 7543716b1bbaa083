"""Intune, Defender for Endpoint and ConfigMgr exports, in their documented column names."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.inventory import PRESET_NAMES
from eolscan.inventory.console_presets import spell_out_platform
from eolscan.inventory.presets import PRESETS
from tests.inventory.helpers import read_detected, refused

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
            "intune-all-devices-portal.csv",  # the admin center's export: iOS/iPadOS -> iOS
            "intune",
            [
                ("PC-HR-011", "os", "Windows", "10.0.22631.4037"),
                ("ann-iphone", "os", "iOS", "16.7.10"),
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
        (
            "pdq-ms-app-counts.csv",
            "pdq",
            [
                (
                    "PC-FIN-001",
                    "software",
                    "Microsoft Office Professional Plus 2016",
                    "16.0.4266.1001",
                ),
                (
                    "PC-FIN-001",
                    "software",
                    "Microsoft Visual C++ 2010  x64 Redistributable - 10.0.40219",
                    "10.0.40219",
                ),
                (
                    "PC-FIN-002",
                    "software",
                    "Microsoft SQL Server 2014 Management Objects",
                    "12.0.2000.8",
                ),
            ],
        ),
        (
            "pdq-applications-by-os.csv",
            "pdq",
            [
                ("PC-FIN-001", "os", "Microsoft Windows 10 Pro", "10.0.19045"),
                ("PC-FIN-001", "software", "Google Chrome", "128.0.6613.120"),
                ("SRV-OLD-01", "os", "Microsoft Windows Server 2012 R2 Standard", "6.3.9600"),
                ("SRV-OLD-01", "software", "Java 8 Update 251", "8.0.2510.8"),
            ],
        ),
    ],
)
def test_console_exports(file: str, reader: str, expected: list[tuple[str, str, str, str]]) -> None:
    assets = read_detected(file, reader)
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


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (
            "Netbios_Name0,DisplayName0,Publisher0,Version0\n,7-Zip,Igor Pavlov,19.00\n",
            ["--strict"],
            "x.csv:2: column 'Netbios_Name0' (host) is empty",
        ),
        (
            "Computer Name,Application Name,Application Version\r\n,7-Zip 19.00 (x64),19.00\r\n",
            ["--strict"],
            "x.csv:2: column 'Computer Name' (host) is empty",
        ),
        (
            'Computer Name,Application Name,Application Version\r\nPC1,"7-Zip,19.00\r\n',
            [],
            "x.csv: no hosts or items read: 1 row not read, first x.csv:2: ",
        ),
        (
            "Computer Name,Computer PrimaryUser,Computer Location\r\nPC1,ann,HQ\r\n",
            ["--preset", "pdq"],
            "x.csv:1: no OS or software name column for --preset pdq",
        ),
    ],
)
def test_a_bad_export_is_one_clear_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.csv").write_text(text, encoding="utf-8", newline="")
    assert refused(*args, "x.csv").startswith(f"eolscan: error: {message}")


def test_systeminfo_csv_is_read_by_the_generic_reader() -> None:
    """``systeminfo /fo csv`` (tests/corpora/systeminfo): Windows' own quoted header, the OS
    version with its "N/A Build"; the host is its Host Name, not the file's."""
    file = CORPUS.parent / "systeminfo" / "windows8-vm-systeminfo.csv"
    assets = read_detected(file, "csv")
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == [
        ("WINDOWS8-VM", "os", "Microsoft Windows 8.1 Pro", "6.3.9600 N/A Build 9600")
    ]
