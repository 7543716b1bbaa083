"""``run_validate(request) -> result``: check inventories, accepted risks, overlays, client and
settings files without scanning, outside click.

The command line parses its arguments into a ``ValidateRequest``, calls ``run_validate`` and prints
the ``ValidateResult``: each problem one ``file:line: message`` line, exit 3 when any file has
one. Folders are walked as ``scan`` walks them and inventories read as ``scan --strict`` reads
them (``app/inputs.py``), so what passes here reads the same in a scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eolscan.app.client_settings import check_client_file
from eolscan.app.inputs import open_rows, walk
from eolscan.errors import EXIT_INPUT, EXIT_OK, EolscanError
from eolscan.inventory.ignore_file import IGNORE_FILE, read_rules
from eolscan.inventory.registry import expand_inputs
from eolscan.judgement.accept_file import bad_date_line, parse_accept_text, read_accept_text
from eolscan.lifecycles.overlay import load_overlay
from eolscan.lifecycles.store import LifecycleDB
from eolscan.support.logging_setup import WARNING
from eolscan.support.safeyaml import YamlLimitError, load_yaml_text

Checker = Callable[[Path], list[str]]
"""Takes a file and returns its problems as ``file:line: message`` lines, or raises an
EolscanError for its first problem."""

KINDS: dict[str, frozenset[str]] = {
    "accept": frozenset({"accept", "ignore"}),
    "client": frozenset(),
    "config": frozenset(),
    "ignore": frozenset(),
    "inventory": frozenset(),
    "overlay": frozenset({"products", "rules", "contracts", "names"}),
}
"""Kind of file -> the top-level YAML/JSON keys that mark it, tried in this order; a YAML/JSON
file with none of them is checked as an inventory. A new kind is a line here and its checker
in ``checkers``."""

KIND_BY_NAME: dict[str, str] = {
    "eolscan-accept.yaml": "accept",
    "eolscan-accept.yml": "accept",
    "client.toml": "client",
    IGNORE_FILE: "ignore",
}
UNREADABLE = frozenset({"missing", "folder"})
"""Kinds of an input that could not be checked at all: no such file, a folder the walk
could not list."""


@dataclass(frozen=True, slots=True)
class ValidateRequest:
    """The files and folders to check, and what only the caller knows how to open or check."""

    paths: tuple[str, ...]
    open_database: Callable[[], LifecycleDB]
    """The lifecycle database a scan would use, opened afresh for each accepted-risk file or
    overlay that needs it (an overlay is applied to the copy it is checked against)."""
    check_settings: Checker
    """Problems in an ``eolscan.toml``: its keys are the scan command's options."""


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One file and what it was checked as, with its problems (none: it is fine)."""

    path: str
    kind: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidateResult:
    """Every file checked, in the order given (folders expanded as ``scan`` expands them)."""

    files: tuple[CheckedFile, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        """Every problem of every file, in order."""
        return tuple(problem for checked in self.files for problem in checked.problems)

    @property
    def failed(self) -> tuple[CheckedFile, ...]:
        """The files with at least one problem."""
        return tuple(checked for checked in self.files if checked.problems)

    @property
    def skipped(self) -> tuple[CheckedFile, ...]:
        """The inputs that could not be checked at all (each also has its problem line)."""
        return tuple(checked for checked in self.files if checked.kind in UNREADABLE)

    @property
    def exit_code(self) -> int:
        """0 when every file is fine, 3 otherwise."""
        return EXIT_INPUT if self.failed else EXIT_OK


def run_validate(request: ValidateRequest) -> ValidateResult:
    """Check every file given and every file ``scan`` would read in the folders given."""
    by_kind = checkers(request)
    return ValidateResult(tuple(check_file(path, by_kind) for path in expand(request.paths)))


def checkers(request: ValidateRequest) -> dict[str, Checker]:
    """Each kind of file's checker."""
    return {
        "accept": lambda path: check_accept(path, request.open_database),
        "client": check_client_file,
        "config": request.check_settings,
        "ignore": check_ignore_file,
        "inventory": check_inventory,
        "overlay": lambda path: check_overlay(path, request.open_database),
    }


def detect_kind(path: Path) -> str:
    """By name, then ``.toml`` for settings, then by the document's top-level keys."""
    if path.name.lower() in KIND_BY_NAME:
        return KIND_BY_NAME[path.name.lower()]
    if path.suffix.lower() == ".toml":
        return "config"
    if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
        keys = set(top_level_keys(path))
        for kind, marks in KINDS.items():
            if keys & marks:
                return kind
    return "inventory"


def top_level_keys(path: Path) -> list[str]:
    """The document's top-level keys; for a file YAML cannot load, the keys written at column 0."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        document = load_yaml_text(text, str(path))
    except (YamlLimitError, ValueError):
        return re.findall(r"^[\"']?([A-Za-z_][\w-]*)[\"']?\s*:", text, re.M)
    return [str(key) for key in document] if isinstance(document, dict) else []


def check_accept(path: Path, open_database: Callable[[], LifecycleDB]) -> list[str]:
    """Every problem in an accepted-risk file, and every product or cycle the lifecycle
    database (with ``EOLSCAN_OVERLAY``) does not know: such an entry would never apply."""
    entries, problems = parse_accept_text(read_accept_text(path), str(path))
    db = open_database() if entries else None
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


def check_overlay(path: Path, open_database: Callable[[], LifecycleDB]) -> list[str]:
    """A local overlay, checked against the lifecycle database as a scan would load it."""
    load_overlay(path, open_database())  # its first problem is raised
    return []


def check_inventory(path: Path) -> list[str]:
    """Read the whole inventory as ``scan --strict`` reads it (``app/inputs.py``); readers stop
    at their first problem, so one per file."""
    rows, _ = open_rows((str(path),), None, None, True, WARNING)  # no bar, no counts per file
    try:
        for _ in rows:
            pass
    except ValueError as exc:  # a YAML date such as 2027-31-03 fails inside PyYAML
        line = bad_date_line(path.read_text(errors="replace"))
        return [f"{path}:{line}: not a valid date ({exc})"]
    return []


def check_ignore_file(path: Path) -> list[str]:
    """An ``.eolscanignore``: readable as UTF-8 text, and written by no other user."""
    read_rules(path)  # its problem raises, named
    return []


def expand(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a directory becomes exactly the files ``scan`` would read in it (the
    same walk: client sub-folders, host folders, release files, fact caches), plus the
    accepted-risk files it sets aside and the ``.toml`` settings at its top."""
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


def check_file(path: str, by_kind: dict[str, Checker]) -> CheckedFile:
    """The kind one file appears to be, and its problems checked as that kind."""
    if not Path(path).exists():
        return CheckedFile(path, "missing", (f"{path}: no such file",))
    if Path(path).is_dir():  # a folder the walk could not list
        broken = [item.error for item in expand_inputs([path], keep_empty=True) if item.error]
        return CheckedFile(path, "folder", tuple(broken or [f"{path}: is a directory"]))
    kind = detect_kind(Path(path))
    try:
        found = by_kind[kind](Path(path))
    except EolscanError as exc:
        return CheckedFile(path, kind, (str(exc),))
    return CheckedFile(path, kind, tuple(found) if isinstance(found, list) else ())
