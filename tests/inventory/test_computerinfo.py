"""``Get-ComputerInfo | ConvertTo-Json``, on genuine outputs (tests/corpora/computerinfo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.computerinfo import ComputerInfoReader
from tests.inventory.helpers import read_assets, read_detected, refused, text_source

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "computerinfo"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        # PowerShell 7, -Property: CsName and OsName given
        (
            "win-fixture06-computerinfo.json",
            ("WIN-FIXTURE06", "os", "Microsoft Windows Server 2022 Datacenter", "10.0.20348"),
        ),
        # Windows PowerShell 5.1 with every Cs*/Os* null: the file names the host,
        # WindowsProductName the system and WindowsBuildLabEx its build
        (
            "hackback-computerinfo.json",
            ("hackback", "os", "Windows Server 2019 Standard", "17763"),
        ),
        # the same as 5.1 writes it with ">": UTF-16 LE with a BOM, CRLF
        (
            "hackback16-computerinfo.json",
            ("hackback16", "os", "Windows Server 2019 Standard", "17763"),
        ),
    ],
)
def test_each_output_gives_its_host_and_windows(
    file: str, expected: tuple[str, str, str, str]
) -> None:
    assets = read_detected(file, "computerinfo")
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == [expected]
    assert assets[0].source == f"{file}:1"


def _windows(record: dict[str, object], name: str = "pc7-computerinfo.json") -> list[str]:
    source, skipped = text_source(name, json.dumps(record))
    assets = list(read_assets(ComputerInfoReader(), source))
    assert skipped == []
    return [f"{a.host} | {a.name} | {a.version}" for a in assets]


def test_windows_11_named_windows_10_by_the_registry_keeps_its_build() -> None:
    """WindowsProductName says Windows 10 on Windows 11 (PowerShell/PowerShell#20032): OsName
    is preferred, and where it is empty the build (22000 and later) says Windows 11."""
    record = {"WindowsProductName": "Windows 10 Pro", "WindowsEditionId": "Professional"}
    named = {**record, "OsName": "Microsoft Windows 11 Pro", "OsVersion": "10.0.22631"}
    assert _windows(named) == ["pc7 | Microsoft Windows 11 Pro | 10.0.22631"]
    assert _windows({**record, "OsName": None, "OsBuildNumber": "22631", "CsName": "PC7"}) == [
        "PC7 | Windows 10 Pro | 22631"
    ]


def test_the_edition_id_fills_in_ltsc_and_the_update_revision_is_kept() -> None:
    record = {
        "WindowsProductName": "Windows 10 Enterprise",
        "WindowsEditionId": "EnterpriseS",
        "OsVersion": "10.0.17763",
        "WindowsUBR": 6054,
        "CsName": "KIOSK1",
    }
    assert _windows(record) == ["KIOSK1 | Windows 10 Enterprise LTSC | 10.0.17763.6054"]


def test_without_a_build_the_display_version_is_the_version() -> None:
    record = {"OsName": "Microsoft Windows 10 Pro", "WindowsVersion": "2009", "CsName": "A"}
    assert _windows({**record, "OsDisplayVersion": "22H2"}) == [
        "A | Microsoft Windows 10 Pro | 22H2"
    ]


def test_several_hosts_in_an_array_and_a_bad_one_stepped_over() -> None:
    body = json.dumps(
        [
            {"CsName": "A", "OsName": "Microsoft Windows 11 Pro", "OsVersion": "10.0.26100"},
            {"CsName": "B", "OsName": None, "WindowsProductName": None, "OsBuildNumber": "1"},
        ]
    )
    source, skipped = text_source("hosts.json", body)
    assert [a.host for a in read_assets(ComputerInfoReader(), source)] == ["A"]
    assert [(s.source, s.reason) for s in skipped] == [
        (
            "hosts.json:[1]",
            "neither OsName nor WindowsProductName is given (expected the Windows name)",
        )
    ]


def test_the_scan_judges_each_by_its_windows_cycle() -> None:
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", "2026-12-06", "--format", "json", "--fail-on", "never", "."]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    cycles = {(f["host"], f["product"], f["cycle"]) for f in report["findings"]}
    assert cycles == {
        ("hackback", "windows-server", "2019"),
        ("hackback16", "windows-server", "2019"),
        ("WIN-FIXTURE06", "windows-server", "2022"),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"WindowsProductName": null, "OsName": null, "CsName": "A", "OsBuildNumber": null}',
            "bad.json:1: neither OsName nor WindowsProductName is given",
        ),
        ('{"WindowsProductName": "Windows 10 Pro", "OsName": [1], "CsName": "A"}', "bad.json:1: "),
        ('{\n"OsName": "Microsoft Windows 11 Pro", "CsName": "A", "OsBuildNumber":\n', "bad.json:"),
        ("[]", "bad.json:1: an empty list (no Get-ComputerInfo object)"),
    ],
)
def test_bad_outputs_give_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(text, encoding="utf-8")
    line = refused("--input-format", "computerinfo", "bad.json")
    assert line.startswith(f"eolscan: error: {message}")


def test_clients_get_their_edition_and_release_cycle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    hosts = [
        {"CsName": "PC7", "WindowsProductName": "Windows 10 Pro", "OsBuildNumber": "22631"},
        {
            "CsName": "KIOSK1",
            "WindowsProductName": "Windows 10 Enterprise",
            "WindowsEditionId": "EnterpriseS",
            "OsVersion": "10.0.17763",
        },
    ]
    Path("fleet-computerinfo.json").write_text(json.dumps(hosts), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", "2026-12-06", "--format", "json", "--fail-on", "never", "."]
    )
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {(f["host"], f["cycle"]) for f in findings} == {
        ("PC7", "11-23h2-w"),
        ("KIOSK1", "10-1809-e-lts"),
    }


def test_a_document_past_the_json_limit_says_how_to_make_it_smaller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("eolscan.inventory.jsondoc.MAX_JSON_CHARS", 1 << 20)
    host = {"CsName": "PC", "OsName": "Microsoft Windows 11 Pro", "OsVersion": "10.0.26100"}
    Path("hosts.json").write_text(json.dumps([host] * 20_000, indent=4), encoding="utf-8")
    assert refused("hosts.json") == (
        "eolscan: error: hosts.json: JSON document is larger than the 1 MiB limit "
        "(one file per host, or ConvertTo-Json -Compress)"
    )
