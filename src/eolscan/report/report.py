"""The Report every format renders: findings, their summary, skipped inputs and warnings.

Immutable once built: a scan makes it whole (``app.scan.run_scan`` adds what was skipped and
the run's warnings by making a new one), so every format and every client's file reads the
same report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from eolscan.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from eolscan.judgement.policy import Policy
from eolscan.model import SKIPPED_FILE, DatabaseInfo, Finding, Skipped, Summary
from eolscan.report.findings import FindingStream


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a format needs: the policy, the database, the findings and their summary.

    ``findings`` is an iterable of Finding in report order (a FindingStream when built
    by ``scan_report`` or ``build_report``); formats iterate it, possibly twice, and
    never index it.
    """

    policy: Policy
    database: DatabaseInfo
    findings: Iterable[Finding] = ()
    summary: Summary = field(default_factory=Summary)
    warnings: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def clients(self) -> list[str]:
        """Client names in report order."""
        if isinstance(self.findings, FindingStream):
            return sorted(self.findings.clients)
        return sorted({f.asset.client for f in self.findings})


def exit_code_for(report: Report) -> int:
    """3 when an input file could not be read (the others were: cron and CI must notice),
    else 1 when a finding is at or above ``--fail-on``, else 0."""
    if any(skipped.what == SKIPPED_FILE for skipped in report.skipped):
        return EXIT_INPUT
    fail_on = report.policy.fail_on
    if any(fail_on.trips(s) and n for s, n in report.summary.by_status.items()):
        return EXIT_FINDINGS
    return EXIT_OK
