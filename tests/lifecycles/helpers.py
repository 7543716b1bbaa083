"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from eolscan.lifecycles.build import convert
from tests.helpers import ASSETS
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


def small_document() -> dict[str, object]:
    """The small fixture converted, as ``db update`` would from the local server."""
    full = json.loads((SMALL_API / "products" / "full" / "index.json").read_text(encoding="utf-8"))
    return convert(full, "fixture")
