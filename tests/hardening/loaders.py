"""Every loader of untrusted bytes, as one callable each, for the fuzz and corpus tests.

A loader takes the raw bytes of a file and a scratch directory, and either returns
what it read or raises an ``EolscanError``; anything else is a bug. Inventory
readers come from the registry, so a reader merged later is covered without
touching this file. Another kind of file (an overlay, an accepted-risk list) is
one more entry in ``EXTRA_LOADERS``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eolscan.inventory.interface import Source
from eolscan.inventory.registry import READERS, detect_reader, get_reader
from eolscan.inventory.text import decode

Loader = Callable[[bytes, Path], Any]
_counter = itertools.count()


def _source(data: bytes, name: str) -> Source:
    return Source(name=name, text=decode(data, name), client="fuzz")


def inventory_loader(reader_name: str) -> Loader:
    """Read the bytes with one registered inventory reader, skipping detection."""

    def load(data: bytes, scratch: Path) -> Any:
        reader = get_reader(reader_name)
        return list(reader.rows(_source(data, "fuzz.input")))

    return load


def detecting_loader(data: bytes, scratch: Path) -> Any:
    """Detect the format as ``eolscan scan`` does, then read (every reader's ``detect`` runs)."""
    for name in ("fuzz.yaml", "fuzz.json", "fuzz.csv", "fuzz.txt"):
        source = _source(data, name)
        list(detect_reader(source).rows(source))
    return None


def _fresh_file(data: bytes, scratch: Path, suffix: str) -> Path:
    """A new file per example, so the database cache (keyed by path) never serves an old one."""
    path = scratch / f"input-{next(_counter)}{suffix}"
    path.write_bytes(data)
    return path


def database_loader(data: bytes, scratch: Path) -> Any:
    """Load the bytes as a lifecycle database and build every product in it."""
    from eolscan.lifecycles.store import load_db

    db = load_db(_fresh_file(data, scratch, ".yaml"))
    products = [db.product(product_id) for product_id in db.ids()]
    return db.info(), products


def rules_loader(data: bytes, scratch: Path) -> Any:
    """Load the bytes as the curated recognition rules."""
    from eolscan.matching.rules import load_rules

    return load_rules(_fresh_file(data, scratch, ".yaml"))


def yaml_loader(data: bytes, scratch: Path) -> Any:
    """The generic safe YAML loader every YAML file goes through."""
    from eolscan.support.safeyaml import load_yaml_text

    return load_yaml_text(decode(data, "fuzz.yaml"))


EXTRA_LOADERS: dict[str, Loader] = {
    "detect": detecting_loader,
    "database": database_loader,
    "rules": rules_loader,
    "yaml": yaml_loader,
}
"""Loaders beyond inventory readers; add overlay and accepted-risk loaders here, one line each."""


def all_loaders() -> dict[str, Loader]:
    """Every inventory reader in the registry, plus the extra loaders above."""
    loaders: dict[str, Loader] = {f"reader:{name}": inventory_loader(name) for name in READERS}
    loaders.update(EXTRA_LOADERS)
    return loaders


LOADERS = all_loaders()
