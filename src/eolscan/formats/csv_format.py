"""CSV: one row per finding, the JSON report's keys as stable columns, safe in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR would be run as a
formula by Excel or LibreOffice; such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.changes import delta_dict, mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.values import FINDING_KEYS, finding_dict

if TYPE_CHECKING:
    from eolscan.models import Finding
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
        rows = getattr(report.findings, "rows", None)
        if changes is None and rows is not None:
            _write_rows(writer, rows())
            return
        for finding in report.findings:
            values = finding_dict(finding)
            values["change"] = mark_for(changes, finding)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])
        for delta in changes.resolved if changes is not None else ():
            values = delta_dict(delta)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])


_CLIENT, _HOST, _SOURCE = (COLUMNS.index(c) for c in ("client", "host", "source"))


def _write_rows(writer: Any, rows: Iterator[tuple[str, str, str, Any, Finding]]) -> None:
    """The fast path: a verdict's cells are made once; each row only sets client, host, source.

    (1.1M rows: about four times faster than a ``finding_dict`` per row.)
    """
    cache: dict[int, list[str]] = {}
    for client, host, source, _tags, verdict in rows:
        cells = cache.get(id(verdict))
        if cells is None:
            values = finding_dict(verdict)
            values["change"] = ""
            cells = cache[id(verdict)] = [cell(values.get(column)) for column in COLUMNS]
        row = cells.copy()
        row[_CLIENT], row[_HOST], row[_SOURCE] = cell(client), cell(host), cell(source)
        writer.writerow(row)
