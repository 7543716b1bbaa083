"""Fixtures for the consultant-report tests: run from the repository root, like the format tests."""

from __future__ import annotations

import pytest

from tests.helpers import REPO


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources in reports read ``tests/assets/...:LINE`` whatever directory pytest started in."""
    monkeypatch.chdir(REPO)
