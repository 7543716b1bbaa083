"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from eolscan.inventory.interface import Source
from eolscan.inventory.registry import read_inventories
from eolscan.model import Asset, Skipped
from tests.helpers import ASSETS

SAMPLES = ASSETS / "inventory"


def read_all(*paths: Path | str, **options: object) -> tuple[list[Asset], list[Skipped]]:
    """Every asset and skipped row of ``paths`` (lenient mode)."""
    skipped: list[Skipped] = []
    assets = list(read_inventories([str(p) for p in paths], on_skip=skipped.append, **options))  # type: ignore[arg-type]
    return assets, skipped


def rows(assets: list[Asset]) -> list[tuple[str, str, str, str, str]]:
    """(host, kind, name, version, source) per asset: what the tests compare."""
    return [(a.host, str(a.kind), a.name, a.version, a.source) for a in assets]


def text_source(
    name: str, text: str, client: str = "acme", lenient: bool = True
) -> tuple[Source, list[Skipped]]:
    """A Source over literal text, collecting skipped rows unless ``lenient`` is false (strict)."""
    skipped: list[Skipped] = []
    return Source(name, text, client, on_skip=skipped.append if lenient else None), skipped
