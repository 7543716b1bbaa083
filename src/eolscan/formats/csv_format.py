"""CSV: one row per finding, the JSON report's keys as stable columns, safe in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR would be run as a
formula by Excel or LibreOffice; such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
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
            _write_rows(out, rows())
            return
        for finding in report.findings:
            values = finding_dict(finding)
            values["change"] = mark_for(changes, finding)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])
        for delta in changes.resolved if changes is not None else ():
            values = delta_dict(delta)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])


_SOURCE = COLUMNS.index("source")
_QUOTE_IF = frozenset(',"\r\n')


def _field(value: str | None) -> str:
    """One text cell as ``csv.writer`` (QUOTE_MINIMAL) writes it, formula neutralised."""
    text = cell(value)
    if _QUOTE_IF.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def _encoded(cells: list[str]) -> str:
    """Cells joined as one CSV line fragment by the csv module itself (no line end)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)  # the terminator decides quoting
    return buffer.getvalue().removesuffix("\r\n")


def _write_rows(out: TextIO, rows: Iterator[tuple[str, str, str, Any, Finding]]) -> None:
    """The fast path: a verdict's cells are encoded once; each row adds client, host, source.

    (1.1M rows: 25.7 s with a ``finding_dict`` per row, 11.4 s with cached cells, less with
    cached text.)
    """
    cache: dict[int, tuple[str, str]] = {}
    for client, host, source, _tags, verdict in rows:
        parts = cache.get(id(verdict))
        if parts is None:
            values = finding_dict(verdict)
            values["change"] = ""
            cells = [cell(values.get(column)) for column in COLUMNS]
            parts = cache[id(verdict)] = (
                _encoded(cells[2:_SOURCE]),
                _encoded(cells[_SOURCE + 1 :]),
            )
        out.write(f"{_field(client)},{_field(host)},{parts[0]},{_field(source)},{parts[1]}\r\n")
