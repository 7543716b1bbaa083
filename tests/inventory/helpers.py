"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.interface import InventoryReader, Source
from eolscan.inventory.registry import detect_reader, read_inventories
from eolscan.inventory.text import read_source
from eolscan.model import Asset, Skipped, row_asset
from tests.helpers import ASSETS

SAMPLES = ASSETS / "inventory"


def read_all(*paths: Path | str, **options: object) -> tuple[list[Asset], list[Skipped]]:
    """Every asset and skipped row of ``paths`` (lenient mode)."""
    skipped: list[Skipped] = []
    assets = list(read_inventories([str(p) for p in paths], on_skip=skipped.append, **options))  # type: ignore[arg-type]
    return assets, skipped


def read_detected(path: Path | str, reader: str) -> list[Asset]:
    """Every asset of ``path``, once it is shown to be detected as ``reader`` and read whole
    (no row skipped): what each reader's sample tests start from."""
    assert detect_reader(read_source(str(path))).name == reader
    assets, skipped = read_all(path)
    assert skipped == []
    return assets


def read_assets(reader: InventoryReader, source: Source) -> list[Asset]:
    """Every row ``reader`` reads from ``source``, as the Asset a finding shows."""
    return [row_asset(row) for row in reader.rows(source)]


def refused(*args: str) -> str:
    """The one line ``eolscan inventory ARGS`` says, once it is shown to fail with exit 3 and
    that one line only (a bad input is one clear line, never a traceback)."""
    result = CliRunner().invoke(cli, ["inventory", *args])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def rows(assets: list[Asset]) -> list[tuple[str, str, str, str, str]]:
    """(host, kind, name, version, source) per asset: what the tests compare."""
    return [(a.host, str(a.kind), a.name, a.version, a.source) for a in assets]


def text_source(
    name: str, text: str, client: str = "acme", lenient: bool = True
) -> tuple[Source, list[Skipped]]:
    """A Source over literal text, collecting skipped rows unless ``lenient`` is false (strict)."""
    skipped: list[Skipped] = []
    return Source(name, text, client, on_skip=skipped.append if lenient else None), skipped
