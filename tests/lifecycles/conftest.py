"""Fixtures for database tests: a local API server and a database built from its data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eolscan.lifecycles.build import dump
from tests.lifecycles.apiserver import ApiServer
from tests.lifecycles.helpers import SMALL_API, _serve, small_document


@pytest.fixture
def api() -> Iterator[ApiServer]:
    """A server over the small committed fixture (fast: for fault and conditional tests)."""
    yield from _serve(SMALL_API)


@pytest.fixture
def full_api(shared_dir: Path) -> Iterator[ApiServer]:
    """A server over the full offline snapshot in ../shared/ (skipped when absent)."""
    yield from _serve(shared_dir / "endoflife-api" / "api" / "v1")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """An existing database (built from the small fixture) for an update to replace."""
    path = tmp_path / "data" / "lifecycles.yaml"
    path.parent.mkdir()
    path.write_text(dump(small_document()), encoding="utf-8")
    return path
