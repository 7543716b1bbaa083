"""Fixtures for database tests: a local API server and a database built from its data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eolscan.lifecycles.build import convert, dump
from tests.conftest import ASSETS
from tests.lifecycles.apiserver import ApiServer, start

SMALL_API = ASSETS / "api" / "v1"
"""The committed 60-product API v1 fixture (see tests/assets/api/derive.py)."""


def _serve(root: Path) -> Iterator[ApiServer]:
    server, thread = start(root)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def api() -> Iterator[ApiServer]:
    """A server over the small committed fixture (fast: for fault and conditional tests)."""
    yield from _serve(SMALL_API)


@pytest.fixture
def full_api(shared_dir: Path) -> Iterator[ApiServer]:
    """A server over the full offline snapshot in ../shared/ (skipped when absent)."""
    yield from _serve(shared_dir / "endoflife-api" / "api" / "v1")


def small_document() -> dict[str, object]:
    """The small fixture converted, as ``db update`` would from the local server."""
    full = json.loads((SMALL_API / "products" / "full" / "index.json").read_text(encoding="utf-8"))
    return convert(full, "fixture")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """An existing database (built from the small fixture) for an update to replace."""
    path = tmp_path / "data" / "lifecycles.yaml"
    path.parent.mkdir()
    path.write_text(dump(small_document()), encoding="utf-8")
    return path
