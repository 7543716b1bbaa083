"""The parts of ``scan`` that serve cron and CI: accepted risks found on their own, and
``--output-dir`` (one file per client, ``index.json`` last)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from eolscan.app.overwrite import input_identities
from eolscan.app.run_warnings import RunWarnings
from eolscan.errors import EolscanError, UsageError
from eolscan.inventory.registry import expand_paths
from eolscan.judgement.accept import Acceptance
from eolscan.judgement.accept_file import find_accept_file, load_rules_file
from eolscan.support.logging_setup import log

if TYPE_CHECKING:
    from eolscan.formats.interface import RenderOptions
    from eolscan.report.report import Report


def open_acceptance(
    accept_path: str | None, inventories: tuple[str, ...], as_of: date
) -> Acceptance | None:
    """``--accept FILE``, else ``eolscan-accept.yaml`` beside/above the inventories or in CWD."""
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
    # --output-dir only: the per-client writers, the index pages (the HTML and Markdown
    # writers, rich) and index.json stay out of a scan to stdout or -o
    from eolscan.app.client_reports import split_formats, write_client_reports
    from eolscan.app.run_index import RunIndex
    from eolscan.formats.portfolio import write_index

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
