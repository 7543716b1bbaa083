"""Windows ``systeminfo`` saved as text, on genuine outputs (tests/corpora/systeminfo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.inventory.helpers import read_detected, refused

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "systeminfo"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (
            "desktop-315iddd-systeminfo.txt",
            ("DESKTOP-315IDDD", "Microsoft Windows 10 Education", "10.0.19042 N/A Build 19042"),
        ),
        (  # labels padded to 31 columns, a blank first line
            "ec2-server2025-systeminfo.txt",
            (
                "EC2AMAZ-SA7RIKE",
                "Microsoft Windows Server 2025 Datacenter",
                "10.0.26100 N/A Build 26100",
            ),
        ),
    ],
)
def test_the_list_names_its_host_and_windows(file: str, expected: tuple[str, str, str]) -> None:
    assets = read_detected(file, "release-text")
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == [
        (*expected[:1], "os", *expected[1:])
    ]


def test_the_scan_finds_each_windows_cycle() -> None:
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", "2026-12-06", "-f", "json", "--fail-on", "never", "."]
    )
    assert result.exit_code == 0, result.stderr
    cycles = {(f["host"], f["cycle"]) for f in json.loads(result.stdout)["findings"]}
    assert cycles == {
        ("DESKTOP-315IDDD", "10-20h2-e"),
        ("EC2AMAZ-SA7RIKE", "2025"),
        ("WINDOWS8-VM", "8.1"),  # the /fo csv sample beside them
    }


def test_lines_picked_with_findstr_leave_the_host_to_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``systeminfo | findstr /b /c:"OS Name" /c:"OS Version"`` has no Host Name line."""
    monkeypatch.chdir(tmp_path)
    Path("sql01-systeminfo.txt").write_text(
        "OS Name:                   Microsoft Windows Server 2012 R2 Standard\r\n"
        "OS Version:                6.3.9600 N/A Build 9600\r\n",
        encoding="utf-8",
        newline="",
    )
    assets = read_detected("sql01-systeminfo.txt", "release-text")
    assert [(a.host, a.name, a.version) for a in assets] == [
        ("sql01", "Microsoft Windows Server 2012 R2 Standard", "6.3.9600 N/A Build 9600")
    ]


def test_an_empty_os_name_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pc-systeminfo.txt").write_text(
        "Host Name:                 PC1\nOS Name:\nOS Version:                10.0.19045\n",
        encoding="utf-8",
    )
    assert refused("pc-systeminfo.txt") == (
        "eolscan: error: pc-systeminfo.txt:1: no operating system in this text (expected "
        "lsb_release -a, hostnamectl, a one-line release file, debian_version or systeminfo)"
    )
