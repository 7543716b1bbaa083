"""A run's inputs, read the same way by every command (``scan``, ``inventory``, ``validate``).

Folders are walked once (``inventory/registry.py``), the files kept beside inventories
(accepted risks, ``client.toml``) are set aside, and each input's rows are read in turn: an
input that cannot be read becomes a skipped file while the others are still read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, count
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from eolscan.errors import InputError
from eolscan.formats.words import plural
from eolscan.inventory.cut import cut_warning
from eolscan.inventory.interface import InventoryError
from eolscan.inventory.registry import Input, expand_inputs, read_input_rows
from eolscan.inventory.text import client_name
from eolscan.model import SKIPPED_FILE, Skipped
from eolscan.support.logging_setup import DEBUG, log, progress_bar, wants_progress

if TYPE_CHECKING:
    from eolscan.inventory.interface import InventoryReader
    from eolscan.model import AssetRow

NOT_INVENTORIES = frozenset({"eolscan-accept.yaml", "eolscan-accept.yml", "client.toml"})
"""Files a directory of inventories may hold beside them that are not inventories."""


def walk(inventories: Iterable[str], keep_empty: bool = False) -> tuple[list[Input], list[str]]:
    """Files as given and folders walked, as every command walks them: the inventories, and
    the files kept beside them in a folder (accepted risks, ``client.toml``) set aside."""
    named = set(inventories)
    found: list[Input] = []
    aside: list[str] = []
    for item in expand_inputs(list(inventories), keep_empty=keep_empty):
        if item.path in named or Path(item.path).name not in NOT_INVENTORIES:
            found.append(item)
        else:
            aside.append(item.path)
    return found, aside


def inventory_inputs(inventories: Iterable[str], keep_empty: bool = False) -> list[Input]:
    """The inventories a run reads (``walk`` without the files set aside)."""
    return walk(inventories, keep_empty)[0]


@dataclass(slots=True)
class Reading:
    """What reading a run's inputs collects besides rows: what was skipped (rows, hosts and
    whole files), exports that look cut short, and the input being read (to name it when a
    read fails later, while the rows stream)."""

    skipped: list[Skipped] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)


def open_rows(
    inventories: tuple[str, ...],
    client: str | None,
    forced: InventoryReader | None,
    strict: bool,
    level: int,
) -> tuple[Iterator[AssetRow], Reading]:
    """Every input's rows (read lazily), and the ``Reading`` that fills as they are taken.
    ``strict``: the first problem raises instead of becoming a skipped row or file."""
    reading = Reading()
    on_skip = None if strict else reading.skipped.append
    read = partial(read_input_rows, client=client, forced=forced, on_skip=on_skip)
    rows = read_rows(
        inventories,
        level,
        read,
        None if strict else reading.skipped,
        client,
        reading.cut,
        reading.current,
    )
    return rows, reading


def read_rows(
    inventories: tuple[str, ...],
    level: int,
    read: Callable[[Input], Iterable[AssetRow]],
    skipped: list[Skipped] | None = None,
    client: str | None = None,
    cut: list[str] | None = None,
    reading: list[str] | None = None,
) -> Iterator[AssetRow]:
    """Read input by input with ``read``: a bar for long work at a terminal, counts with ``-v``.

    An input that cannot be read, or yields no host or item (a header-only export), is added
    to ``skipped`` (where the readers put the rows they stepped over) as a skipped file, and
    the other inputs are still read; without ``skipped`` (``--strict``), or when it is the
    only input, it raises. An input that looks cut short adds a warning to ``cut``;
    ``reading`` holds the path being read, to name it when a read fails later. The rows of each
    input pass through ``chain`` in C: no Python code runs per row here in strict mode, one
    generator step in the other.
    """
    return chain.from_iterable(_each_input(inventories, level, read, skipped, client, cut, reading))


def _each_input(
    inventories: tuple[str, ...],
    level: int,
    read: Callable[[Input], Iterable[AssetRow]],
    skipped: list[Skipped] | None,
    client: str | None,
    cut: list[str] | None = None,
    reading: list[str] | None = None,
) -> Iterator[Iterator[AssetRow]]:
    """Each input's rows; what follows a ``yield`` runs once ``chain`` has taken them all."""
    items = inventory_inputs(inventories)
    sizes = [_size(item.path) for item in items]
    show = wants_progress(len(items), sum(sizes), level, sys.stderr.isatty())
    counting = level <= DEBUG
    failed = None if len(items) == 1 else skipped  # the only input: its error is the run's
    with progress_bar(sum(sizes) or len(items), "reading inventories", show) as advance:
        for item, size in zip(items, sizes, strict=True):
            if reading is not None:
                reading[:] = [item.path]
            failures: list[Skipped] = []
            try:
                rows = (
                    iter(read(item)) if failed is None else _guarded(item, read, failures, client)
                )
                first = next(rows, None)
            except OSError as exc:  # a device or file that fails on read (EIO, EACCES)
                raise unreadable(item.path, exc) from exc
            if first is None:
                log.debug(f"read {item.path}: 0 items")
            elif counting:
                counter = count()
                yield map(itemgetter(0), zip(chain((first,), rows), counter, strict=False))
                log.debug(f"read {item.path}: {plural(next(counter), 'item')}")
            else:
                yield chain((first,), rows)
            if failures and failed is not None:
                failed.append(failures[0])
            elif first is None:
                _no_rows(item, failed, client, skipped or [])
            elif cut is not None and (note := cut_warning(item.path)) is not None:
                cut.append(note)
            advance(size or 1)


def _guarded(
    item: Input,
    read: Callable[[Input], Iterable[AssetRow]],
    failures: list[Skipped],
    client: str | None,
) -> Iterator[AssetRow]:
    """``item``'s rows; an error ends them and is added to ``failures`` as a skipped file (the
    rows read before it stay in the report)."""
    try:
        yield from read(item)
    except (InputError, OSError) as exc:
        message = str(exc) if isinstance(exc, InputError) else str(unreadable(item.path, exc))
        where, _, why = message.partition(": ")
        if not why or not where.startswith(_shown(item.path)):
            where, why = _shown(item.path), message
        shown = _shown(item.path)
        failures.append(Skipped(where, why, SKIPPED_FILE, _client_of(item, client), shown))


def _no_rows(
    item: Input, failed: list[Skipped] | None, client: str | None, skipped: list[Skipped]
) -> None:
    """An input that gave no host or item: a header-only or cut export must not pass as clean."""
    name = _shown(item.path)
    rows = [s for s in skipped if s.file == name]
    why = "no hosts or items read; is the export complete?"
    if rows:
        first = rows[0]
        why = f"no hosts or items read: {plural(len(rows), 'row')} not read, first {first.source}: "
        why += first.reason
    if failed is None:
        raise InventoryError(f"{name}: {why}")
    failed.append(Skipped(name, why, SKIPPED_FILE, _client_of(item, client), name))


def _shown(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _client_of(item: Input, client: str | None) -> str:
    """The client an input's data would have gone to (as ``read_source`` names it)."""
    if item.path == "-":
        return client or item.client or "stdin"
    return client or item.client or client_name(Path(item.path))


def unreadable(path: str, exc: OSError) -> InputError:
    """``clients/acme/inventory.csv: cannot read: Input/output error``: one line, exit 3."""
    return InputError(f"{path}: cannot read: {exc.strerror or exc}")


def _size(path: str) -> int:
    return Path(path).stat().st_size if path != "-" and Path(path).is_file() else 0
