"""winget list / upgrade tables, on output posted in winget's own threads (tests/corpora/winget)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.text import read_source
from eolscan.inventory.winget import WingetReader, columns_of, cut
from tests.inventory.helpers import read_all, read_assets, text_source

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "winget"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


def _read(file: str) -> list[tuple[str, str, str, str]]:
    assert detect_reader(read_source(file)).name == "winget"
    assets, skipped = read_all(file)
    assert skipped == []
    return [(a.client, a.host, a.name, a.version) for a in assets]


def test_winget_list_with_available_and_source() -> None:
    items = _read("edge-pc-winget-list.txt")
    assert items[0] == ("winget", "edge-pc", "Microsoft Edge", "90.0.818.56")  # not 91: available
    assert ("winget", "edge-pc", "Microsoft Edge Update", "1.3.143.57") in items
    assert len(items) == 7  # Edge is listed twice, under its installer id and its Store id
    assert [name for _, _, name, _ in items].count("Microsoft Edge") == 1


def test_unknown_versions_and_truncated_ids() -> None:
    items = _read("dev-pc-winget-list.txt")
    assert ("winget", "dev-pc", "CodeFlow", "") in items
    assert ("winget", "dev-pc", "Dolby Access OEM", "3.9.26.0") in items
    assert ("winget", "dev-pc", "Git", "2.31.0.0.1") in items


def test_wide_characters_take_two_columns() -> None:
    items = _read("cn-pc-winget-list.txt")
    assert items[0] == ("winget", "cn-pc", "阿里云盘", "2.2.8")
    assert ("winget", "cn-pc", "英特尔® 显卡控制中心", "1.100.3370.0") in items
    assert items[-1] == ("winget", "cn-pc", "Docker Desktop", "4.1.1")


def test_cutting_by_display_columns() -> None:
    starts = columns_of("名称  ID  版本")
    assert starts == [0, 6, 10]
    assert cut("阿里  ab  1.0", starts) == ["阿里", "ab", "1.0"]


def test_upgrade_output_ends_at_its_footer_and_progress_is_dropped() -> None:
    text = (
        "   - \r   \\ \rName    Id           Version  Available Source\n"
        "------------------------------------------------------\n"
        "7-Zip   7zip.7zip    22.01    23.01     winget\n"
        "1 upgrades available.\n"
    )
    source, skipped = text_source("pc9-winget-upgrade.txt", text)
    assert [(a.host, a.name, a.version) for a in read_assets(WingetReader(), source)] == [
        ("pc9", "7-Zip", "22.01")
    ]
    assert skipped == []


def test_a_table_without_rows_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pc1.txt").write_text("Name   Id    Version\n--------------------\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inventory", "pc1.txt"])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "eolscan: error: pc1.txt:1: the winget table has no rows"
    ]
