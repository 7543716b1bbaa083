"""The parts of ``scan`` that serve cron and CI: accepted risks, progress, per-client files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from eolscan.errors import EolscanError, InputError, UsageError
from eolscan.formats.words import plural
from eolscan.inventory.interface import InventoryError
from eolscan.model import SKIPPED_FILE, Skipped
from eolscan.support.logging_setup import DEBUG, log

NOT_INVENTORIES = frozenset({"eolscan-accept.yaml", "eolscan-accept.yml", "client.toml"})
"""Files a directory of inventories may hold beside them that are not inventories."""

if TYPE_CHECKING:
    from eolscan.app.run_warnings import RunWarnings
    from eolscan.formats.interface import RenderOptions
    from eolscan.inventory.registry import Input
    from eolscan.judgement.accept import Acceptance
    from eolscan.model import AssetRow, DatabaseInfo
    from eolscan.report.scan import Report


def open_acceptance(
    accept_path: str | None, inventories: tuple[str, ...], as_of: date
) -> Acceptance | None:
    """``--accept FILE``, else ``eolscan-accept.yaml`` beside/above the inventories or in CWD."""
    from eolscan.judgement.accept import Acceptance, find_accept_file, load_rules_file

    path = Path(accept_path) if accept_path else find_accept_file(inventories, Path.cwd())
    if path is None:
        log.debug("accepted risks: none (no --accept and no eolscan-accept.yaml found)")
        return None
    entries, ignores = load_rules_file(path)
    log.debug(f"accepted risks: {path} ({len(entries)} entries, {len(ignores)} ignores)")
    return Acceptance(entries, as_of, shared=_outside(path, inventories), ignores=ignores)


def _outside(path: Path, inventories: tuple[str, ...]) -> bool:
    """True unless ``path`` lies in a folder scanned: then the run is the whole book the file
    is kept for, and an entry for a client the book no longer has is stale. Scanning files,
    or one client's folder below the file, is a part of the book."""
    folder = path.resolve().parent
    for inventory in inventories:
        scanned = Path(inventory).resolve()
        if (
            inventory != "-"
            and scanned.is_dir()
            and (folder == scanned or scanned in folder.parents)
        ):
            return False
    return True


def log_run(database: DatabaseInfo) -> None:
    """With ``-v``: which settings file and database this run uses."""
    import click

    ctx = click.get_current_context(silent=True)
    config = ctx.meta.get("eolscan.cli.config") if ctx else None
    log.debug(
        f"settings: {config or 'no eolscan.toml found; defaults, EOLSCAN_* variables and flags'}"
    )
    log.debug(f"database: {database.path} ({database.source}, {database.generated_at[:10]})")


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
    generator step in the other (1.1M rows: 0.05 s).
    """
    from itertools import chain

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
    import sys
    from itertools import chain, count
    from operator import itemgetter

    from eolscan.inventory.cut import cut_warning
    from eolscan.inventory.registry import expand_inputs
    from eolscan.support.logging_setup import progress_bar, wants_progress

    named = set(inventories)
    items = [
        item
        for item in expand_inputs(list(inventories))
        if item.path in named or Path(item.path).name not in NOT_INVENTORIES
    ]
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
        failures.append(Skipped(where, why, SKIPPED_FILE, _client_of(item, client)))


def _no_rows(
    item: Input, failed: list[Skipped] | None, client: str | None, skipped: list[Skipped]
) -> None:
    """An input that gave no host or item: a header-only or cut export must not pass as clean."""
    name = _shown(item.path)
    rows = [s for s in skipped if s.source.startswith(f"{name}:")]
    why = "no hosts or items read; is the export complete?"
    if rows:
        first = rows[0]
        why = f"no hosts or items read: {plural(len(rows), 'row')} not read, first {first.source}: "
        why += first.reason
    if failed is None:
        raise InventoryError(f"{name}: {why}")
    failed.append(Skipped(name, why, SKIPPED_FILE, _client_of(item, client)))


def _shown(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _client_of(item: Input, client: str | None) -> str:
    """The client an input's data would have gone to (as ``read_source`` names it)."""
    from eolscan.inventory.text import client_name

    if item.path == "-":
        return client or item.client or "stdin"
    return client or item.client or client_name(Path(item.path))


def unreadable(path: str, exc: OSError) -> InputError:
    """``clients/acme/inventory.csv: cannot read: Input/output error``: one line, exit 3."""
    return InputError(f"{path}: cannot read: {exc.strerror or exc}")


def _size(path: str) -> int:
    return Path(path).stat().st_size if path != "-" and Path(path).is_file() else 0


def check_output_dir(output_dir: str, inventories: tuple[str, ...]) -> None:
    """``--output-dir`` may not be an input folder (checked before any work is done)."""
    inputs = {Path(p).resolve() for p in inventories if p != "-" and Path(p).is_dir()}
    if Path(output_dir).resolve() in inputs:
        raise UsageError(
            f"--output-dir {output_dir}: is an input directory; its reports would be read "
            "as inventories next time"
        )


def write_output_dir(
    report: Report,
    output_dir: str,
    format_name: str,
    acceptance: Acceptance | None,
    inventories: tuple[str, ...] = (),
    options: RenderOptions | None = None,
    warnings: RunWarnings | None = None,
    exit_status: int = 0,
    protected: Iterable[str] = (),
) -> None:
    """``--output-dir DIR``: one dated file per client and format, each with its own warnings,
    then ``index.html`` and ``index.md``, and ``index.json`` last. Cut short, it says on stderr
    how many clients were written.

    No file is written over an inventory or over one of the ``protected`` files (database,
    accepted risks, overlay).
    """
    from eolscan.app.client_reports import split_formats, write_client_reports
    from eolscan.app.overwrite import input_identities
    from eolscan.app.run_index import RunIndex
    from eolscan.app.run_warnings import RunWarnings
    from eolscan.formats.portfolio import write_index
    from eolscan.inventory.registry import expand_paths

    check_output_dir(output_dir, inventories)
    run = warnings or RunWarnings(all=list(report.warnings))
    about_entries = set(acceptance.warnings()) if acceptance else set()
    about_entries.update(run.private)  # about other inputs: on stderr, not in a client's file
    general = [w for w in report.warnings if w not in about_entries]

    def warnings_for(client: str) -> list[str]:
        own = acceptance.warnings(client) if acceptance else []
        return general + own + run.by_client.get(client, [])

    formats = split_formats(format_name)
    index = RunIndex(Path(output_dir))
    total = len(report.clients())
    inputs = input_identities([*expand_paths([p for p in inventories if p != "-"]), *protected])

    def done(part: Report, client: str, paths: list[Path]) -> None:
        index.add(client, paths, part.summary, len(part.skipped))

    try:
        index.start()
        written = write_client_reports(
            report, Path(output_dir), formats, warnings_for, options, done, inputs
        )
        pages = write_index(report, Path(output_dir), written, options)
    except UsageError:  # an output refused before any file was written
        raise
    except (KeyboardInterrupt, EolscanError, OSError):
        log.error(
            f"wrote {len(index.clients)} of {total} clients to {output_dir} before stopping; "
            "the set is incomplete (no index.json)"
        )
        raise
    index.finish(report.summary, report.policy.as_of.isoformat(), run.all, exit_status)
    log.info(f"wrote {len(written)} file{'' if len(written) == 1 else 's'} to {output_dir}")
    for path in written + pages:
        log.debug(f"wrote {path}")
