"""``eolscan inventory``: show the assets read from inventory files, without matching them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

import click

from eolscan.app.inputs import inventory_inputs, open_rows
from eolscan.cli.options import forced_reader, reading_options
from eolscan.errors import EXIT_INPUT, InputError
from eolscan.inventory.csv_mapped import MappedCsvReader
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.text import read_source
from eolscan.model import SKIPPED_FILE, row_asset
from eolscan.support.logging_setup import log
from eolscan.support.visible import visible

if TYPE_CHECKING:
    from eolscan.model import Asset, Skipped

INVENTORY_LISTING_VERSION = 1
SKIP_LINES = 20
"""At most this many skipped rows are listed on stderr; the rest are counted."""


def open_assets(
    inventories: list[str],
    client: str | None,
    input_format: str | None,
    preset: str | None,
    maps: tuple[str, ...],
    strict: bool,
) -> tuple[Iterator[Asset], list[Skipped]]:
    """The assets of every input (read lazily) and the list that collects what was skipped:
    rows, and (as in ``scan``) whole files that could not be read while the others were."""
    forced = forced_reader(input_format, preset, maps)
    rows, reading = open_rows(tuple(inventories), client, forced, strict, log.level)
    return map(row_asset, rows), reading.skipped


def how_read(
    inventories: list[str], input_format: str | None, preset: str | None, maps: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(file, ``read as FORMAT (what it reads)``) per input, once every input has been read;
    a file that could not be read says so (its reason is on the line after)."""
    forced = forced_reader(input_format, preset, maps)
    lines: list[tuple[str, str]] = []
    for item in inventory_inputs(inventories):
        if item.path == "-" and forced is None:
            lines.append(("<stdin>", "read as the format its content showed"))
            continue
        try:
            reader = forced or detect_reader(read_source(item.path))
        except InputError:
            lines.append((item.path, "not read"))
            continue
        how = reader.description
        if isinstance(reader, MappedCsvReader) and forced is not None:
            how = f"CSV read with {reader.column_map.label}"
        lines.append((item.path, f"read as {reader.name} ({how})"))
    return lines


def report_skipped(skipped: list[Skipped]) -> None:
    """Tell stderr which rows were stepped over (the first few, then a count)."""
    for item in skipped[:SKIP_LINES]:
        click.echo(f"eolscan: skipped {item.source}: {item.reason}", err=True)
    if len(skipped) > SKIP_LINES:
        click.echo(f"eolscan: ... and {len(skipped) - SKIP_LINES} more skipped rows", err=True)


def asset_dict(asset: Asset) -> dict[str, Any]:
    """One asset as the JSON listing writes it."""
    return {
        "client": asset.client,
        "host": asset.host,
        "kind": str(asset.kind),
        "name": asset.name,
        "version": asset.version,
        "extended_support": asset.extended_support,
        "source": asset.source,
        "tags": list(asset.tags),
        "purl": asset.purl or None,
    }


def files_and_clients(assets: list[Asset]) -> dict[str, dict[str, int]]:
    """File -> client -> items read: which client each input went to (a folder with
    ``client.toml``, ``--client``, a sub-folder, the file's name or a ``client:`` inside it)."""
    found: dict[str, dict[str, int]] = {}
    for asset in assets:
        clients = found.setdefault(asset.location.file, {})
        clients[asset.client] = clients.get(asset.client, 0) + 1
    return found


def report_files(how: list[tuple[str, str]], assets: list[Asset]) -> None:
    """One stderr line per input: how it was read, and the client(s) its items went to."""
    went = files_and_clients(assets)
    for file, read_as in how:
        clients = went.get("<stdin>" if file == "-" else file, {})
        named = ", ".join(
            f"client {c!r} ({n} item{'' if n == 1 else 's'})" for c, n in clients.items()
        )
        click.echo(f"eolscan: {file}: {read_as}{'; ' + named if named else ''}", err=True)


def write_json(assets: list[Asset], skipped: list[Skipped], out: TextIO) -> int:
    """Stream ``{"eolscan_inventory_version": 1, "assets": [...], "skipped": [...],
    "files": [{"file", "clients", "items"}]}``."""
    out.write(f'{{\n  "eolscan_inventory_version": {INVENTORY_LISTING_VERSION},\n  "assets": [')
    count = 0
    for count, asset in enumerate(assets, start=1):
        out.write("\n    " if count == 1 else ",\n    ")
        out.write(json.dumps(asset_dict(asset), ensure_ascii=False))
    out.write("\n  ],\n" if count else "],\n")
    rows = json.dumps(
        [{"source": s.source, "reason": s.reason} for s in skipped], ensure_ascii=False
    )
    out.write(f'  "skipped": {rows},\n')
    files = [
        {"file": file, "clients": list(clients), "items": sum(clients.values())}
        for file, clients in files_and_clients(assets).items()
    ]
    out.write(f'  "files": {json.dumps(files, ensure_ascii=False)}\n}}\n')
    return count


def write_table(assets: Iterator[Asset], out: TextIO) -> int:
    """Aligned columns client, host, kind, name, version, source; returns the count."""
    header = ("CLIENT", "HOST", "KIND", "NAME", "VERSION", "SOURCE")
    rows = [
        tuple(map(visible, (a.client, a.host, str(a.kind), a.name, a.version or "-", a.source)))
        for a in assets
    ]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(header)]
    for row in (header, *rows):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        out.write("  ".join([*cells, row[-1]]) + "\n")
    return len(rows)


@click.command()
@click.argument("inventories", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Listing format on stdout.",
)
@click.option(
    "--client", default=None, help="Client name for every inventory (default: from the file)."
)
@click.option(
    "--input-format", default=None, metavar="NAME", help="Skip detection and read inputs as NAME."
)
@reading_options
def inventory(
    inventories: tuple[str, ...],
    format_name: str,
    client: str | None,
    input_format: str | None,
    preset: str | None,
    maps: tuple[str, ...],
    strict: bool,
) -> None:
    """List the assets read from inventory files (host, kind, name, version, source).

    Shows how an export was understood before scanning it: which format was
    detected, which columns became host, OS and software, and which rows were skipped.

    \b
    Examples:
      eolscan inventory lansweeper-export.csv
      eolscan inventory clients/ --format json | jq '.assets | length'
      eolscan inventory export.csv --map host=Computer,os=OS,name=App,version=Ver
      eolscan inventory software.csv --preset powershell --strict
    """
    assets, skipped = open_assets(list(inventories), client, input_format, preset, maps, strict)
    read = list(assets)  # read everything first: an error must not leave half a listing on stdout
    if format_name == "json":
        count = write_json(read, skipped, sys.stdout)
    else:
        count = write_table(iter(read), sys.stdout)
    report_files(how_read(list(inventories), input_format, preset, maps), read)
    report_skipped(skipped)
    files = sum(1 for s in skipped if s.what == SKIPPED_FILE)
    rows = len(skipped) - files
    unread = f"; {files} file{'' if files == 1 else 's'} not read" if files else ""
    click.echo(f"eolscan: read {count} assets; {rows} rows skipped{unread}", err=True)
    if files:
        sys.exit(EXIT_INPUT)  # a file could not be read: the listing is not the whole input
