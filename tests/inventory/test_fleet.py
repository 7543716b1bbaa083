"""Fleet API responses, on Fleet's own REST API documentation (tests/corpora/fleet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.inventory.fleet import FleetReader
from tests.inventory.helpers import read_assets, read_detected, refused, text_source

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "fleet"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


def _read(file: str) -> list[tuple[str, str, str, str, tuple[str, ...], str]]:
    assets = read_detected(file, "fleet")  # not the native {"hosts": ...}
    return [(a.host, str(a.kind), a.name, a.version, a.tags, a.source) for a in assets]


def test_the_hosts_list_gives_each_hosts_os() -> None:
    assert _read("hosts.json") == [
        ("2ceca32fe484", "os", "CentOS Linux 7", "", (), "hosts.json:hosts[0]")
    ]


def test_one_host_with_its_software() -> None:
    rpm = ("package:rpm",)
    assert _read("host-121.json") == [
        ("23cfc9caacf0", "os", "CentOS Linux 8.3.2011", "", (), "host-121.json:host"),
        ("23cfc9caacf0", "software", "osquery", "4.5.1", rpm, "host-121.json:host.software[0]"),
        ("23cfc9caacf0", "software", "tar", "1.30", rpm, "host-121.json:host.software[1]"),
        ("23cfc9caacf0", "software", "SomeApp.app", "1.0", (), "host-121.json:host.software[2]"),
    ]


def test_a_windows_host_is_read_with_its_build() -> None:
    body = '{"hosts": [{"hostname": "DESKTOP-1", "platform": "windows", "osquery_version": "5.9.1",'
    body += ' "os_version": "Windows 11 Enterprise 22H2", "build": "22621"}]}'
    source, _ = text_source("hosts.json", body)
    assert [(a.name, a.version) for a in read_assets(FleetReader(), source)] == [
        ("Windows 11 Enterprise 22H2", "22621")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"hosts": [], "os_version": "x", "osquery_version": "5"}',
            "bad.json:1: not an inventory: it has no operating system or software",
        ),
        (
            '{"hosts": [{"hostname": "a", "os_version": "CentOS Linux 7", "osquery_version": "5",',
            "bad.json:1: not valid JSON: ",
        ),
    ],
)
def test_bad_responses_give_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(text, encoding="utf-8")
    assert refused("bad.json").startswith(f"eolscan: error: {message}")
