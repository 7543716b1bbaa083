"""Helpers for the cron/CI tests: run the CLI in process, and a starter inventory repository."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def starter_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ``eolscan init`` repository (with a ``.git`` marker); the test runs inside it."""
    from eolscan.cli.commands.init import create_starter

    repo = tmp_path / "inventory-repo"
    create_starter(repo)
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo)
    for name in (
        "EOLSCAN_CONFIG",
        "EOLSCAN_FAIL_ON",
        "EOLSCAN_WARN_DAYS",
        "EOLSCAN_ACCEPT",
        "EOLSCAN_FORMAT",
    ):
        monkeypatch.delenv(name, raising=False)
    return repo


@pytest.fixture
def bare_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with a ``.git`` marker, so no settings or accept file leak in."""
    work = tmp_path / "work"
    work.mkdir()
    (work / ".git").mkdir()
    monkeypatch.chdir(work)
    return work
