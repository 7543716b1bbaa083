"""``eolscan validate``: check inventories, accepted risks, overlays and settings, no scan."""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING

import click

from eolscan.cli.options import verbosity_options

if TYPE_CHECKING:
    from pathlib import Path

KINDS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({"accept", "ignore"}), "eolscan.cli.commands.validate:check_accept"),
    "client": (frozenset(), "eolscan.app.client_settings:check_client_file"),
    "config": (frozenset(), "eolscan.cli.commands.validate:check_config"),
    "inventory": (frozenset(), "eolscan.cli.commands.validate:check_inventory"),
    "overlay": (
        frozenset({"products", "rules", "contracts", "names"}),
        "eolscan.cli.commands.validate:check_overlay",
    ),
}
"""Kind of file -> (top-level YAML/JSON keys that mark it, ``module:function``).

The function takes the file's Path and returns its problems as ``file:line: message`` lines, or
raises an EolscanError for its first problem. A new kind of file is one line here, e.g.
``"overlay": (frozenset({"products"}), "eolscan.lifecycles.overlay:load_overlay")``. A YAML/JSON
file with none of the marking keys is checked as an inventory.
"""

KIND_BY_NAME: dict[str, str] = {
    "eolscan-accept.yaml": "accept",
    "eolscan-accept.yml": "accept",
    "client.toml": "client",
}
VALIDATE_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".tsv", ".txt", ".xml", ".toml")


def detect_kind(path: Path) -> str:
    """By name, then ``.toml`` for settings, then by the document's top-level keys."""
    if path.name.lower() in KIND_BY_NAME:
        return KIND_BY_NAME[path.name.lower()]
    if path.suffix.lower() == ".toml":
        return "config"
    if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
        keys = set(top_level_keys(path))
        for kind, (marks, _) in KINDS.items():
            if keys & marks:
                return kind
    return "inventory"


def top_level_keys(path: Path) -> list[str]:
    """The document's top-level keys; for a file YAML cannot load, the keys written at column 0."""
    from eolscan.support.safeyaml import YamlLimitError, load_yaml_text

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        document = load_yaml_text(text, str(path))
    except (YamlLimitError, ValueError):
        return re.findall(r"^[\"']?([A-Za-z_][\w-]*)[\"']?\s*:", text, re.M)
    return [str(key) for key in document] if isinstance(document, dict) else []


def check_accept(path: Path) -> list[str]:
    """Every problem in an accepted-risk file, and every product or cycle the lifecycle
    database (with ``EOLSCAN_OVERLAY``) does not know: such an entry would never apply."""
    from eolscan.cli.options import open_database
    from eolscan.judgement.accept_file import parse_accept_text, read_accept_text

    entries, problems = parse_accept_text(read_accept_text(path), str(path))
    db = open_database(None) if entries else None
    for entry in entries:
        if db is None:
            break
        product_id = entry.product.lower()
        if product_id not in db:
            problems.append(f"{entry.source}: unknown product {entry.product!r}")
        elif entry.cycle is not None and entry.cycle not in {
            cycle.id for cycle in db.product(product_id).cycles
        }:
            problems.append(f"{entry.source}: product {product_id!r} has no cycle {entry.cycle!r}")
    return problems


def check_overlay(path: Path) -> list[str]:
    """A local overlay, checked against the lifecycle database as a scan would load it."""
    from eolscan.cli.options import open_database
    from eolscan.lifecycles.overlay import load_overlay

    load_overlay(path, open_database(None, ""))  # its first problem is raised
    return []


def check_config(path: Path) -> list[str]:
    """Every problem in an ``eolscan.toml``."""
    from eolscan.cli.config import check_config_file

    scan_command = importlib.import_module("eolscan.cli.commands.scan").scan
    return check_config_file(path, scan_command)[1]


def check_inventory(path: Path) -> list[str]:
    """Read the whole inventory as ``scan --strict`` reads it (``app/inputs.py``); readers stop
    at their first problem, so one per file."""
    from eolscan.app.inputs import open_rows
    from eolscan.support.logging_setup import WARNING

    rows, _ = open_rows((str(path),), None, None, True, WARNING)  # no bar, no counts per file
    try:
        for _ in rows:
            pass
    except ValueError as exc:  # a YAML date such as 2027-31-03 fails inside PyYAML
        from eolscan.judgement.accept_file import bad_date_line

        line = bad_date_line(path.read_text(errors="replace"))
        return [f"{path}:{line}: not a valid date ({exc})"]
    return []


def expand(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a directory becomes exactly the files ``scan`` would read in it (the
    same walk: client sub-folders, host folders, release files, fact caches), plus the
    accepted-risk files it sets aside and the ``.toml`` settings at its top."""
    from pathlib import Path

    from eolscan.app.inputs import walk

    files: list[str] = []
    for path in paths:
        directory = Path(path)
        if not directory.is_dir():
            files.append(path)
            continue
        inventories, aside = walk([path], keep_empty=True)
        files.extend([*(item.path for item in inventories), *aside])
        files.extend(
            str(child)
            for child in sorted(directory.glob("*.toml"))
            if child.is_file() and not child.name.startswith(".")
        )
    return list(dict.fromkeys(files))


def problems_in(path: str) -> tuple[str, list[str]]:
    """The kind one file appears to be, and its problems checked as that kind."""
    from pathlib import Path

    if not Path(path).exists():
        return "missing", [f"{path}: no such file"]
    if Path(path).is_dir():  # a folder the walk could not list
        from eolscan.inventory.registry import expand_inputs

        broken = [item.error for item in expand_inputs([path], keep_empty=True) if item.error]
        return "folder", broken or [f"{path}: is a directory"]
    from eolscan.errors import EolscanError

    kind = detect_kind(Path(path))
    module, _, function = KINDS[kind][1].partition(":")
    try:
        found = getattr(importlib.import_module(module), function)(Path(path))
    except EolscanError as exc:
        return kind, [str(exc)]
    return kind, found if isinstance(found, list) else []


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@verbosity_options
def validate(files: tuple[str, ...], quiet: bool, verbose: bool) -> None:
    """Check inventories, accepted risks, overlays and settings without scanning; list problems.

    Each problem is printed as one line, ``file:line: message``; the exit code is 0 when
    every file is fine and 3 otherwise. A directory is walked exactly as ``scan`` walks it
    (client and host sub-folders included). Fast enough for a pre-commit hook.

    \b
    Examples:
      eolscan validate inventories/ eolscan-accept.yaml eolscan.toml
      eolscan validate overlay.yaml
      eolscan validate clients/acme-dental.yaml
    """
    from eolscan.errors import EXIT_INPUT
    from eolscan.support.logging_setup import configure, log

    configure(quiet, verbose)
    checked = expand(files)
    failed = 0
    for path in checked:
        kind, problems = problems_in(path)
        log.debug(f"{path}: {kind}, {len(problems) or 'no'} problems")
        failed += bool(problems)
        for problem in problems:
            click.echo(problem)
    if failed:
        log.error(f"problems in {failed} of {len(checked)} files")
        raise SystemExit(EXIT_INPUT)
    log.info(f"{len(checked)} files OK")
