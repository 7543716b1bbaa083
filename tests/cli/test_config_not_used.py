"""Settings come from the current directory up: a client folder's own ``eolscan.toml``
(``audience = "client"``, branding) scanned from elsewhere is not used, and the run says so
instead of writing the client's report without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, without_data_notes

INVENTORY = "hosts:\n  - {name: PC-01, os: Microsoft Windows 10 Pro, os_version: 10.0.19045}\n"


@pytest.fixture
def client_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "clients" / "harbour"
    folder.mkdir(parents=True)
    (folder / "harbour.yaml").write_text(INVENTORY, encoding="utf-8")
    (folder / "eolscan.toml").write_text('audience = "client"\n', encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    return folder


def scan(*arguments: str) -> str:
    result = CliRunner().invoke(cli, ["scan", *arguments, "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 1, result.output
    return without_data_notes(result.stderr)


def test_a_client_folders_settings_not_in_effect_are_named(
    client_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(client_folder.parent)
    assert scan("harbour") == (
        "eolscan: warning: harbour/eolscan.toml is not used: settings come from the current "
        "directory up, here none (no eolscan.toml here or above); run eolscan in harbour or "
        "pass --config harbour/eolscan.toml\n"
    )
    assert scan("harbour/harbour.yaml").startswith("eolscan: warning: harbour/eolscan.toml")
    monkeypatch.chdir(client_folder.parents[1] / "elsewhere")  # outside: the path as it is
    assert f"warning: {client_folder / 'eolscan.toml'} is not used" in scan(str(client_folder))


def test_the_settings_in_effect_are_not_named(
    client_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(client_folder)
    assert scan(".") == ""
    monkeypatch.chdir(client_folder.parent)
    assert scan("harbour", "--config", "harbour/eolscan.toml") == ""
    (client_folder.parent / "eolscan.toml").write_text("warn_days = 90\n", encoding="utf-8")
    assert "is not used: settings come from the current directory up, here those of " in scan(
        "harbour"
    )
