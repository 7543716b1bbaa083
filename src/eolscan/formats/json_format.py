"""The versioned JSON report: one document, keys pinned by a contract test."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.interface import ReportFormat
from eolscan.formats.values import database_age, finding_dict

if TYPE_CHECKING:
    from eolscan.scan import Report

REPORT_VERSION = 1


def report_header(report: Report) -> dict[str, Any]:
    """Everything but the findings: version, date, policy, database and summary."""
    db = report.database
    summary = report.summary
    return {
        "eolscan_report_version": REPORT_VERSION,
        "as_of": report.policy.as_of.isoformat(),
        "warn_days": report.policy.warn_days,
        "fail_on": str(report.policy.fail_on),
        "database": {
            "source": db.source,
            "generated_at": db.generated_at,
            "products": db.products,
            "cycles": db.cycles,
            "age_days": database_age(db.generated_at, report.policy.as_of),
            "overlay": db.overlay or None,
        },
        "summary": {
            "clients": summary.clients,
            "hosts": summary.hosts,
            "findings": summary.findings,
            "by_status": {str(status): count for status, count in summary.by_status.items()},
        },
        "warnings": list(report.warnings),
        "skipped": [{"source": s.source, "reason": s.reason} for s in report.skipped],
    }


class JsonFormat(ReportFormat):
    """``{"eolscan_report_version": 1, ..., "findings": [...]}``, written finding by finding."""

    name = "json"
    extensions = (".json",)

    def render(self, report: Report, out: TextIO) -> None:
        header = json.dumps(report_header(report), indent=2, ensure_ascii=False)
        out.write(header[:-2] + ',\n  "findings": [')
        for index, finding in enumerate(report.findings):
            out.write("\n    " if index == 0 else ",\n    ")
            out.write(json.dumps(finding_dict(finding), ensure_ascii=False))
        out.write("\n  ]\n}\n" if report.findings else "]\n}\n")
