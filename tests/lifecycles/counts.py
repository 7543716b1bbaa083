"""The bundled database's size, so tests follow data/curated instead of pinning numbers."""

from __future__ import annotations

from eolscan.lifecycles.curated import load_directory
from eolscan.lifecycles.paths import bundled_db_path, curated_dir
from eolscan.lifecycles.store import load_db

BUNDLED = load_db(bundled_db_path()).info()
"""Products and cycles of data/lifecycles.yaml: endoflife.date's plus the curated ones."""
CURATED = len(load_directory(curated_dir()))
"""Curated products, which every build and update merges in."""
CURATED_CYCLES = sum(len(p["cycles"]) for p in load_directory(curated_dir()).values())
"""Their release cycles."""
SMALL_UPDATE = f"{60 + CURATED} products, {180 + CURATED_CYCLES} cycles"
"""What ``db update`` from the small test API (60 products, 180 cycles) reports."""
