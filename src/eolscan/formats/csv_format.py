"""CSV: one row per finding, the JSON report's keys as stable columns, safe in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR would be run as a
formula by Excel or LibreOffice; such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.changes import delta_dict, mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.values import FINDING_KEYS, finding_dict

if TYPE_CHECKING:
    from eolscan.scan import Report

COLUMNS = (*FINDING_KEYS, "change")
"""The JSON finding keys, then ``change`` (new / was warn / resolved; blank without --baseline)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as CSV text: lists joined with spaces, flags as true/false, formulas neutralised.

    Numbers eolscan computed (``days_left`` = -405) stay numbers; only text can carry a formula.
    """
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, list | tuple):
        text = " ".join(str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvFormat(ReportFormat):
    """Comma-separated, a header row, CRLF line ends (RFC 4180), UTF-8."""

    name = "csv"
    extensions = (".csv",)

    def render(self, report: Report, out: TextIO) -> None:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        changes = self.options.changes
        for finding in report.findings:
            values = finding_dict(finding)
            values["change"] = mark_for(changes, finding)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])
        for delta in changes.resolved if changes is not None else ():
            values = delta_dict(delta)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])
