"""One dated report file per client (``acme-dental-2026-11-23.json``) for a monthly folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from eolscan.errors import UsageError

if TYPE_CHECKING:
    from eolscan.formats.interface import RenderOptions, ReportFormat
    from eolscan.scan import Report


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


def client_report(report: Report, client: str, warnings: list[str] | None = None) -> Report:
    """The part of ``report`` about one client, with its own summary, ``warnings`` and skips."""
    from eolscan.scan import build_report

    own = [f for f in report.findings if f.asset.client == client]
    part = build_report(own, report.policy, report.database)
    part.warnings = list(report.warnings if warnings is None else warnings)
    files = {f.asset.source.rsplit(":", 1)[0] for f in own}
    part.skipped = [
        s
        for s in report.skipped
        if s.source.rsplit(":", 1)[0] in files or not _claimed(report, s.source)
    ]
    return part


def _claimed(report: Report, source: str) -> bool:
    """True when some finding came from the same file as a skipped row (so it has a client)."""
    file = source.rsplit(":", 1)[0]
    return any(f.asset.source.rsplit(":", 1)[0] == file for f in report.findings)


def write_client_reports(
    report: Report,
    directory: Path,
    format_names: list[str],
    warnings_for: Callable[[str], list[str]] | None = None,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Write every client's report in every format, atomically; returns the paths written.

    ``warnings_for(client)`` gives each file its own warnings (default: all of the report's).
    """
    from eolscan.atomic import atomic_writer
    from eolscan.formats.interface import get_format

    for name in format_names:
        get_format(name)  # an unknown name fails before anything is written
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from eolscan.errors import OutputError

        raise OutputError(f"{directory}: cannot create directory: {exc.strerror or exc}") from exc
    written: list[Path] = []
    stems = client_file_stems(report.clients(), report.policy.as_of.isoformat())
    for client, stem in stems.items():
        part = client_report(report, client, warnings_for(client) if warnings_for else None)
        for renderer in _renderers(format_names, client, options):
            extension = renderer.extensions[0] if renderer.extensions else f".{renderer.name}"
            path = directory / f"{stem}{extension}"
            with atomic_writer(path) as handle:
                renderer.render(part, cast(TextIO, handle))
            written.append(path)
    return written


def _renderers(
    format_names: list[str], client: str, options: RenderOptions | None
) -> list[ReportFormat]:
    """The formats for one client's files, each told only that client's baseline changes."""
    from dataclasses import replace

    from eolscan.formats.interface import get_format

    if options is not None and options.changes is not None:
        options = replace(options, changes=options.changes.for_client(client))
    return [get_format(name, options) for name in format_names]
