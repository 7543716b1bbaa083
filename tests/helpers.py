"""Shared test helpers (imported by tests, never from conftest.py)."""

from __future__ import annotations

from eolscan.lifecycles.curated import load_directory
from eolscan.lifecycles.paths import curated_dir

_CURATED = load_directory(curated_dir())
CURATED_PRODUCTS = len(_CURATED)
"""Products the bundled curated files add to every built or updated database."""
CURATED_CYCLES = sum(len(p["cycles"]) for p in _CURATED.values())
"""Their cycles."""
