"""``run_scan(request) -> result``: a whole scan outside click, from inputs to a judged report.

The command line parses options into a ``ScanRequest``, calls ``run_scan`` and renders the
``ScanResult``; the same call serves ``-o`` files, ``--output-dir`` and any other caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from eolscan.app.client_settings import load_client_settings
from eolscan.app.inputs import open_rows, unreadable
from eolscan.app.run_warnings import (
    RunWarnings,
    apple_data_warnings,
    baseline_changes,
    gather_warnings,
)
from eolscan.app.split_clients import client_files
from eolscan.app.unattended import open_acceptance
from eolscan.errors import EXIT_INPUT
from eolscan.judgement.accept import Acceptance
from eolscan.report.report import Report, exit_code_for
from eolscan.report.scan import scan_report
from eolscan.support.logging_setup import INFO

if TYPE_CHECKING:
    from eolscan.formats.settings import ClientInfo
    from eolscan.inventory.interface import InventoryReader
    from eolscan.judgement.changes import Changes
    from eolscan.judgement.policy import Policy
    from eolscan.lifecycles.store import LifecycleDB
    from eolscan.matching import Matcher


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """Everything a scan depends on, decided before it starts (``as_of`` is in ``policy``)."""

    inventories: tuple[str, ...]
    policy: Policy
    db: LifecycleDB
    matcher: Matcher
    accept_path: str | None = None
    """``--accept``; None: ``eolscan-accept.yaml`` beside or above the inventories, if any."""
    client: str | None = None
    forced: InventoryReader | None = None
    """``--input-format``, ``--preset`` or ``--map``: read every input with this reader."""
    strict: bool = False
    baseline: str | None = None
    warnings_exit: bool = False
    log_level: int = INFO
    """How chatty the run is: a progress bar at a terminal, counts per input with ``-v``."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A scan's outcome: the report (findings, skipped inputs, warnings), what the warnings
    are per client, the changes since ``--baseline``, the clients' own settings, the exit code."""

    report: Report
    warnings: RunWarnings
    acceptance: Acceptance | None
    exit_code: int
    changes: Changes | None = None
    clients: Mapping[str, ClientInfo] = field(default_factory=dict)


def run_scan(request: ScanRequest) -> ScanResult:
    """Read, match and judge every input, then gather the run's warnings and exit code."""
    policy = request.policy
    acceptance = open_acceptance(request.accept_path, request.inventories, policy.as_of)
    settings = load_client_settings(request.inventories)
    if settings.ignores:
        acceptance = acceptance or Acceptance([], policy.as_of)
        acceptance.add_ignores(settings.ignores)
    rows, reading = open_rows(
        request.inventories, request.client, request.forced, request.strict, request.log_level
    )
    db = request.db
    try:
        report = scan_report(rows, request.matcher, policy, db.info(), db.contracts, acceptance)
    except OSError as exc:  # a read that failed mid-file: name the file
        raise unreadable(reading.current[0] if reading.current else "input", exc) from exc
    report = replace(
        report,
        skipped=(*report.skipped, *reading.skipped),
        warnings=(*report.warnings, *apple_data_warnings(db, report, policy.as_of)),
    )
    changes = None
    shrink: list[tuple[str, str]] = []
    if request.baseline is not None:
        changes, shrink = baseline_changes(request.baseline, report)
    clients: Mapping[str, ClientInfo] = {}
    if request.baseline is not None or settings.folders:
        clients = settings.for_clients(client_files(report))
    run = gather_warnings(report, db, acceptance, reading.cut, shrink)
    report = replace(report, warnings=tuple(run.all))
    code = exit_code_for(report)
    if request.warnings_exit and (run.all or report.skipped):
        code = EXIT_INPUT
    return ScanResult(report, run, acceptance, code, changes, clients)
