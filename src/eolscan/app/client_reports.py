"""One dated report file per client (``acme-dental-2026-11-23.json``) for a monthly folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import chain, groupby
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from eolscan.app.overwrite import refuse_inputs
from eolscan.errors import OutputError, UsageError
from eolscan.formats.interface import get_format
from eolscan.judgement.apple import DATA_BEHIND
from eolscan.model import SKIPPED_FILE
from eolscan.report.scan import build_report
from eolscan.support.atomic import atomic_writer

if TYPE_CHECKING:
    from eolscan.formats.interface import RenderOptions, ReportFormat
    from eolscan.model import Finding, Skipped
    from eolscan.report.report import Report


def slugify(name: str) -> str:
    """``Acme Dental GmbH & Co.`` -> ``acme-dental-gmbh-co``; ``client`` when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80].strip("-") or "client"


def split_formats(value: str) -> list[str]:
    """``json,table`` -> ``["json", "table"]`` (order kept, duplicates dropped)."""
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise UsageError("--format needs at least one format name")
    return list(dict.fromkeys(names))


def client_file_stems(clients: list[str], as_of: str) -> dict[str, str]:
    """Client -> ``slug-DATE``; clients whose slugs collide get ``-2``, ``-3`` in sorted order."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for client in sorted(clients):
        base = f"{slugify(client)}-{as_of}"
        stem, counter = base, 2
        while stem in taken:
            stem, counter = f"{base}-{counter}", counter + 1
        taken.add(stem)
        stems[client] = stem
    return stems


def client_report(
    report: Report,
    client: str,
    warnings: list[str] | None = None,
    findings: Iterable[Finding] | None = None,
    claimed: set[str] | None = None,
) -> Report:
    """The part of ``report`` about one client, with its own summary, ``warnings`` and skips.

    ``findings`` are the client's own findings when the caller already has them (one pass
    over a large report instead of one per client); ``claimed`` the files any finding came from.
    """
    own = [
        f
        for f in (findings if findings is not None else report.findings)
        if f.asset.client == client
    ]
    kept = tuple(report.warnings if warnings is None else warnings)
    if not any(f.product == "macos" for f in own):  # about Macs: not in a report without one
        kept = tuple(w for w in kept if not w.startswith(DATA_BEHIND))
    files = {f.asset.location.file for f in own}
    claimed = claimed if claimed is not None else {f.asset.location.file for f in report.findings}
    skipped = tuple(s for s in report.skipped if _concerns(s, client, files, claimed))
    part = build_report(own, report.policy, report.database)
    return replace(part, warnings=kept, skipped=skipped)


def _concerns(skipped: Skipped, client: str, files: set[str], claimed: set[str]) -> bool:
    """Data not read that was the client's: by its client when known, else by its file."""
    if skipped.client:
        return skipped.client == client
    return skipped.file in files or skipped.file not in claimed


def write_client_reports(
    report: Report,
    directory: Path,
    format_names: list[str],
    warnings_for: Callable[[str], list[str]] | None = None,
    options: RenderOptions | None = None,
    done: Callable[[Report, str, list[Path]], None] | None = None,
    inputs: set[tuple[int, int] | str] | None = None,
) -> list[Path]:
    """Write every client's report in every format, atomically; returns the paths written.

    ``warnings_for(client)`` gives each file its own warnings (default: all of the report's);
    ``done(part, client, paths)`` hears of each client once its files are all written.
    ``inputs`` (from :func:`eolscan.app.overwrite.input_identities`) are files that must never be
    overwritten: every path is checked before the first file is written.
    """
    formats = [get_format(name) for name in format_names]  # an unknown name fails first
    # a client whose only input could not be read still gets a file that says so
    unread = {s.client for s in report.skipped if s.what == SKIPPED_FILE and s.client}
    found = report.clients()
    stems = client_file_stems(sorted(unread.union(found)), report.policy.as_of.isoformat())
    if inputs:
        refuse_inputs(
            (directory / f"{stem}{_extension(f)}" for stem in stems.values() for f in formats),
            inputs,
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot create directory: {exc.strerror or exc}") from exc
    written: list[Path] = []
    claimed = {f.asset.location.file for f in report.findings} if report.skipped else set()
    groups = groupby(report.findings, key=lambda f: f.asset.client)  # report order: by client
    nothing: list[tuple[str, Iterable[Finding]]] = [(c, ()) for c in sorted(unread - set(found))]
    for client, group in chain(groups, nothing):
        stem = stems[client]
        warnings = warnings_for(client) if warnings_for else None
        part = client_report(report, client, warnings, list(group), claimed)
        paths: list[Path] = []
        for renderer in _renderers(format_names, client, options):
            path = directory / f"{stem}{_extension(renderer)}"
            with atomic_writer(path) as handle:
                renderer.render(part, cast(TextIO, handle))
            paths.append(path)
        written.extend(paths)
        if done is not None:
            done(part, client, paths)
    return written


def _extension(renderer: ReportFormat) -> str:
    """The file extension a format's per-client file gets."""
    return renderer.extensions[0] if renderer.extensions else f".{renderer.name}"


def _renderers(
    format_names: list[str], client: str, options: RenderOptions | None
) -> list[ReportFormat]:
    """The formats for one client's files, each told only that client's baseline changes."""
    if options is not None and options.changes is not None:
        options = replace(options, changes=options.changes.for_client(client))
    return [get_format(name, options) for name in format_names]
