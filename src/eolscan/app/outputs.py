"""Where a report goes: stdout, or ``-o`` files written whole or not at all, never over an input."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from eolscan.app.overwrite import input_identities, refuse_inputs
from eolscan.errors import OutputError, UsageError
from eolscan.formats.interface import format_for_path, get_format, not_written
from eolscan.inventory.registry import expand_paths
from eolscan.lifecycles.cache import file_identity
from eolscan.support.atomic import atomic_writer
from eolscan.support.links import names_a_descriptor
from eolscan.support.logging_setup import log

if TYPE_CHECKING:
    from eolscan.formats.interface import RenderOptions, ReportFormat
    from eolscan.report.report import Report

Output = tuple[str | None, "ReportFormat"]
"""A file to write (None: stdout) and the format to write it in."""


def plan_outputs(
    inventories: tuple[str, ...],
    protected: Iterable[str],
    outputs: tuple[str, ...],
    to_directory: bool,
    format_name: str,
    options: RenderOptions,
) -> list[Output]:
    """(file or None for stdout, format) pairs, checked before any work: ``-o`` may never
    name an input file, one of the ``protected`` files, or a directory."""
    if any(not output.strip() for output in outputs):
        raise UsageError("-o/--output needs a file name, not an empty string")
    planned: list[Output] = []
    if not outputs and not to_directory:
        planned.append((None, get_format(format_name, options)))
    inputs = input_identities([*expand_paths([p for p in inventories if p != "-"]), *protected])
    refuse_inputs((Path(output) for output in outputs), inputs)
    for output in outputs:
        if Path(output).is_dir():  # refused before any work (atomic_writer refuses it too)
            raise OutputError(f"{output}: is a directory; name a file to write the report to")
        refused = not_written(output)
        if refused is not None:
            raise UsageError(refused)
        planned.append((output, get_format(format_for_path(output) or format_name, options)))
    return planned


def write_outputs(report: Report, planned: Iterable[Output], stdout: TextIO) -> None:
    """Render to ``stdout``, or to each file atomically (whole or not at all)."""
    for output, renderer in planned:
        remembered = _remembered(renderer, report)
        if output is None:
            alone = remembered and _alone_in_file(stdout)
            renderer.render(report, stdout)
            stdout.flush()
            if alone:  # redirected to a file of its own, as cron writes it
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    _remember(stdout.fileno(), report)
            continue
        remembered = remembered and not names_a_descriptor(Path(output))  # may hold more
        replaced = _going(Path(output)) if remembered else None
        with atomic_writer(Path(output)) as handle:
            renderer.render(report, cast(TextIO, handle))
        log.info(f"wrote {output}")
        if remembered:
            _remember(Path(output), report, replaced)


REMEMBERED_FINDINGS = 50_000
"""Findings from which a JSON report written to a file is remembered for ``--baseline``
(``app.remembered_reports``); a smaller one is read back in a blink."""


def _remembered(renderer: ReportFormat, report: Report) -> bool:
    """A large JSON report: any month's, the first included, may be next month's baseline
    (remembering costs a million-row run about 0.05 s; reading the report whole instead
    costs that ``--baseline`` about 2.5 s). A small one is read whole in no time."""
    findings = report.findings
    return (
        renderer.name == "json"
        and isinstance(findings, Sized)
        and len(findings) >= REMEMBERED_FINDINGS
    )


def _going(path: Path) -> str | None:
    """The identity of the file ``-o`` is about to replace (through a link, the file the
    link ends at), when the file goes with it: not a file with another name too (its
    remembered report is still good there), nor a device written in place."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        return None
    return file_identity(path)


def _alone_in_file(stdout: TextIO) -> bool:
    """Whether the report about to go to standard output will be all its file holds: the
    file is at its start (not appended to, ``>>``) and standard error does not go to the
    same file (``2>&1`` mixes the warnings in). Only such a file is a report ``--baseline``
    reads, and remembered as one."""
    try:
        stdout.flush()
        descriptor = stdout.fileno()
        if os.lseek(descriptor, 0, os.SEEK_CUR) != 0:
            return False
        out = os.fstat(descriptor)
    except (OSError, ValueError, AttributeError):
        return False
    try:
        err = os.fstat(2)
    except OSError:
        return True  # no standard error at all
    return (err.st_dev, err.st_ino) != (out.st_dev, out.st_ino)


def _remember(target: Path | int, report: Report, replaced: str | None = None) -> None:
    """Keep a large JSON report's columns in the cache, keyed by the file just written
    (and forget those of the file it ``replaced``)."""
    # a large report only: the saved-report reader's modules stay out of other scans
    from eolscan.app.remembered_reports import remember

    remember(target, report, replaced)
