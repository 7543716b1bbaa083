"""Presets for the exports of common tools, each read from a realistic sample file."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.inventory.presets import expand_windows_short_name
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.text import read_source
from eolscan.matching import Matcher
from eolscan.model import Kind
from tests.inventory.helpers import read_all, rows


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    from eolscan.cli.options import open_database, open_matcher

    return open_matcher(open_database(None))


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Win 10", "Windows 10"),
        ("Win 11", "Windows 11"),
        ("Win 7", "Windows 7"),
        ("Win 8.1", "Windows 8.1"),
        ("Win XP", "Windows XP"),
        ("Win 2012 R2", "Windows Server 2012 R2"),
        ("Win 2008 R2", "Windows Server 2008 R2"),
        ("Win 2019", "Windows Server 2019"),
        ("Win 2022", "Windows Server 2022"),
        ("Windows 10 Pro", "Windows 10 Pro"),
        ("Ubuntu 22.04", "Ubuntu 22.04"),
        ("Winamp", "Winamp"),
    ],
)
def test_lansweeper_short_os_codes_become_full_names(short: str, full: str) -> None:
    assert expand_windows_short_name(short) == full


@pytest.mark.parametrize(
    ("short", "version", "product", "cycle"),
    [
        ("Win 2012 R2", "", "windows-server", "2012-r2"),
        ("Win 2019", "1809", "windows-server", "2019"),
        ("Win 7", "", "windows", "7-sp1"),
        ("Win 10", "10.0.19045", "windows", "10-22h2"),
    ],
)
def test_expanded_lansweeper_names_are_recognised(
    matcher: Matcher, short: str, version: str, product: str, cycle: str
) -> None:
    match = matcher.match(Kind.OS, expand_windows_short_name(short), version)
    assert match.product is not None and match.product.id == product
    assert cycle in [c.id for c in match.cycles]


@pytest.mark.parametrize(
    ("file", "reader"),
    [
        ("lansweeper-software.csv", "lansweeper"),
        ("ninjaone-devices.csv", "ninjaone"),
        ("ninjaone-software.csv", "ninjaone"),
        ("datto-devices.csv", "datto"),
        ("ocs-computers.csv", "ocs"),
        ("powershell-os.csv", "powershell"),
        ("powershell-software.csv", "powershell"),
        ("generic-semicolon.csv", "csv"),
    ],
)
def test_each_preset_is_detected_from_its_header(samples: Path, file: str, reader: str) -> None:
    assert detect_reader(read_source(file)).name == reader


def test_lansweeper_export(samples: Path) -> None:
    assets, skipped = read_all("lansweeper-software.csv")
    assert skipped == []
    os_rows = [(a.host, a.name, a.version) for a in assets if a.kind is Kind.OS]
    assert os_rows == [
        ("FRONTDESK-01", "Windows 10", "22H2"),
        ("SRV-FILE", "Windows Server 2012 R2", ""),
        ("RECEPTION-PC", "Windows 7 SP1", ""),
        ("DC01", "Windows Server 2019", "1809"),
        ("LAPTOP-07", "Windows 11", "23H2"),
        ("ZÜRICH-PC", "Windows 11", "24H2"),
    ]
    software = [(a.host, a.name, a.version, a.source) for a in assets if a.kind is Kind.SOFTWARE]
    assert software[0] == (
        "FRONTDESK-01",
        "Mozilla Firefox (x64 de)",
        "115.3.1",
        "lansweeper-software.csv:2",
    )
    assert len(software) == 8
    assert {a.client for a in assets} == {"lansweeper-software"}


def test_ninjaone_devices_and_software(samples: Path) -> None:
    devices, _ = read_all("ninjaone-devices.csv")
    assert [(a.client, a.host, a.name, a.version) for a in devices] == [
        ("Acme Dental", "RECEP-01", "Windows 10 Pro", "22H2"),
        ("Acme Dental", "FS01", "Windows Server 2016 Standard", "1607"),
        ("Acme Dental", "BUILD01", "Ubuntu 20.04.6 LTS", "20.04"),
    ]
    software, _ = read_all("ninjaone-software.csv")
    assert rows(software)[1] == (
        "RECEP-01",
        "software",
        "Java 8 Update 381",
        "8.0.3810.9",
        "ninjaone-software.csv:3",
    )


def test_datto_export_in_cp1252(samples: Path) -> None:
    assets, _ = read_all("datto-devices.csv")
    assert [(a.client, a.host, a.name, a.version) for a in assets] == [
        ("Zahnarztpraxis Müller", "PRAXIS-EMPFANG", "Microsoft Windows 10 Pro", "22H2"),
        ("Zahnarztpraxis Müller", "PRAXIS-SRV", "Microsoft Windows Server 2012 R2 Standard", ""),
        ("Café Crème", "CAFÉ-KASSE", "Microsoft Windows 11 Pro", "23H2"),
    ]


def test_ocs_semicolon_export_in_cp1252(samples: Path) -> None:
    assets, _ = read_all("ocs-computers.csv")
    assert rows(assets) == [
        (
            "COMPTA-01",
            "os",
            "Microsoft Windows 10 Professionnel",
            "10.0.19045",
            "ocs-computers.csv:2",
        ),
        ("WEB-LNX", "os", "Debian GNU/Linux 11 (bullseye)", "11", "ocs-computers.csv:3"),
        (
            "VIEUX-SRV",
            "os",
            "Microsoft Windows Server 2008 R2 Standard",
            "6.1.7601",
            "ocs-computers.csv:4",
        ),
    ]


def test_powershell_os_export_in_utf16_with_type_line(samples: Path) -> None:
    assets, _ = read_all("powershell-os.csv")
    assert rows(assets) == [
        ("FRONTDESK-01", "os", "Microsoft Windows 10 Pro", "10.0.19045", "powershell-os.csv:3"),
        (
            "SRV-APP",
            "os",
            "Microsoft Windows Server 2019 Standard",
            "10.0.17763",
            "powershell-os.csv:4",
        ),
        (
            "DC02",
            "os",
            "Microsoft Windows Server 2022 Datacenter",
            "10.0.20348",
            "powershell-os.csv:5",
        ),
        ("LAPTOP-CAFÉ", "os", "Microsoft Windows 11 Pro", "10.0.22631", "powershell-os.csv:6"),
    ]


def test_powershell_uninstall_list_with_computer_name(samples: Path) -> None:
    assets, skipped = read_all("powershell-software.csv")
    assert [(a.host, a.name, a.version) for a in assets] == [
        ("SRV-APP", "Microsoft SQL Server 2014 (64-bit)", "12.0.6024.0"),
        ("SRV-APP", "Microsoft .NET Framework 4.8 SDK", "4.8.03928"),
        ("FRONTDESK-01", "Mozilla Firefox (x64 de)", "115.3.1"),
    ]
    # line 6 has no DisplayName: a hidden component, not a bad row (Windows does not list it)
    assert skipped == []


def test_preset_option_reads_a_file_detection_would_not(tmp_path: Path) -> None:
    path = tmp_path / "PC-77.csv"
    path.write_text(
        "DisplayName;DisplayVersion;Publisher\nVLC media player;3.0.20;VideoLAN\n", encoding="utf-8"
    )
    assets, _ = read_all(path, preset="powershell")
    assert [(a.host, a.name, a.version) for a in assets] == [
        ("PC-77", "VLC media player", "3.0.20")
    ]
