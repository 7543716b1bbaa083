"""Wazuh API responses, on the API's own examples and documentation (tests/corpora/wazuh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inventory.helpers import read_detected, refused

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "wazuh"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


def _read(file: str) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    return [(a.host, str(a.kind), a.name, a.version, a.tags) for a in read_detected(file, "wazuh")]


def test_syscollector_os_names_the_host_by_its_hostname() -> None:
    assert _read("syscollector-001-os.json") == [
        ("wazuh-master", "os", "Ubuntu", "20.04.2 LTS (Focal Fossa)", ())
    ]


def test_the_agents_list_gives_each_agent_and_its_os() -> None:
    assert _read("agents.json") == [
        ("ac7cb188d538", "os", "Ubuntu", "20.04.2 LTS", ()),
        ("91642a418627", "os", "Ubuntu", "20.04.2 LTS", ()),
        ("a442e15bc84e", "os", "Ubuntu", "20.04.2 LTS", ()),
    ]


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (
            "syscollector-002-packages.json",
            [
                ("agent 002", "software", "libquadmath0", "8.4.0-1ubuntu1~18.04", ("package:deb",)),
                ("agent 002", "software", "openssh-client", "1:8.2p1-4ubuntu0.2", ("package:deb",)),
                (
                    "agent 002",
                    "software",
                    "lpython-cffi-backend",
                    "1.14.0-1build1",
                    ("package:deb",),
                ),
            ],
        ),
        (
            "agent001-packages-rpm.json",
            [("agent 001", "software", "wazuh-agent", "4.12.0-1", ("package:rpm",))],
        ),
    ],
)
def test_packages_belong_to_their_agent(
    file: str, expected: list[tuple[str, str, str, str, tuple[str, ...]]]
) -> None:
    assert _read(file) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"data": {"affected_items": {"os": 1}}}',
            'bad.json:1: expected {"data": {"affected_items": [...]}} (a Wazuh API response)',
        ),
        (
            '{"data": {"affected_items": [{"agent_id": "001", "mac": "02:42:ac:11:00:02"}]}}',
            "bad.json:1: not an inventory: it has no operating system or software",
        ),
        (
            '{"data": {"affected_items": [], "agent_id": 1}}',
            "bad.json:1: no affected_items (the response is empty)",
        ),
    ],
)
def test_bad_responses_give_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(text, encoding="utf-8")
    assert refused("bad.json") == f"eolscan: error: {message}"
