"""Helpers for reader tests: read a sample file the way the CLI does, keeping skipped rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inventory.helpers import SAMPLES


@pytest.fixture
def samples(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run inside the sample folder so sources read ``file.csv:2``, as a user would see them."""
    monkeypatch.chdir(SAMPLES)
    return SAMPLES
