"""Names -> inventory readers, format detection, and reading files, folders and stdin."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.text import read_source, within_limits
from eolscan.models import Asset

READERS: dict[str, str] = {
    "native": "eolscan.inventory.native:NativeDocumentReader",
    "native-csv": "eolscan.inventory.native:NativeCsvReader",
}
"""Every input format by name, in detection order; modules are imported only when used."""

INVENTORY_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".tsv", ".txt", ".xml")


def get_reader(name: str) -> InventoryReader:
    """The reader registered under ``name``."""
    try:
        target = READERS[name]
    except KeyError:
        raise InventoryError(f"unknown input format {name!r} (choose from {', '.join(READERS)})") from None
    module, _, cls = target.partition(":")
    reader: InventoryReader = getattr(importlib.import_module(module), cls)()
    return reader


def detect_reader(source: Source) -> InventoryReader:
    """The first reader that recognises ``source``; else an error listing the formats tried."""
    if not source.text.strip("\ufeff \t\r\n"):
        raise InventoryError(f"{source.name}: empty file (expected an inventory)")
    for name in READERS:
        reader = get_reader(name)
        if reader.detect(source):
            return reader
    raise InventoryError(
        f"{source.name}: not a known inventory format (tried: {', '.join(READERS)}); "
        "use --input-format to choose one"
    )


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; directories replaced by the inventory files directly inside them, sorted."""
    expanded: list[str] = []
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            found = sorted(
                str(child)
                for child in p.iterdir()
                if child.is_file() and child.suffix.lower() in INVENTORY_SUFFIXES and not child.name.startswith(".")
            )
            if not found:
                raise InventoryError(f"{path}: no inventory files in this directory")
            expanded.extend(found)
        else:
            expanded.append(path)
    return expanded


def read_inventories(paths: list[str], client: str | None = None, input_format: str | None = None) -> Iterator[Asset]:
    """Read every path (files, directories, ``-``) and yield their assets."""
    for path in expand_paths(paths):
        source = read_source(path, client)
        reader = get_reader(input_format) if input_format else detect_reader(source)
        yield from within_limits(reader.read(source))
