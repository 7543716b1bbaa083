"""CSV: one row per finding, the JSON report's keys as stable columns, safe in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR would be run as a
formula by Excel or LibreOffice; such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.changes import delta_dict, mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.rows import RowParts, write_stream
from eolscan.formats.values import FINDING_KEYS, finding_dict
from eolscan.report.findings import FindingStream
from eolscan.support.visible import visible

if TYPE_CHECKING:
    from eolscan.judgement.changes import Changes
    from eolscan.model import Finding
    from eolscan.report.report import Report

COLUMNS = (*FINDING_KEYS, "change")
"""The JSON finding keys, then ``change`` (new / was warn / resolved; blank without --baseline)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as CSV text: lists joined with spaces, flags as true/false, formulas neutralised,
    control, bidi and zero-width characters escaped (``\x1b``, ``\u202e``).

    Numbers eolscan computed (``days_left`` = -405) stay numbers; only text can carry a formula.
    """
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, dict):  # maintained_by: "ubuntu/24.04"
        text = "/".join(str(v) for v in value.values())
    elif isinstance(value, list | tuple):
        text = " ".join(str(v) for v in value)
    else:
        text = str(value)
    text = visible(text)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvFormat(ReportFormat):
    """Comma-separated, a header row, CRLF line ends (RFC 4180), UTF-8."""

    name = "csv"
    extensions = (".csv",)

    def render(self, report: Report, out: TextIO) -> None:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        changes = self.options.changes
        stream = report.findings if isinstance(report.findings, FindingStream) else None
        marks = changes.marks_for(stream) if changes is not None else None
        if stream is not None and (changes is None or marks is not None):
            parts = RowParts(_start, _verdict_cells, _around_line, _field, _mark, 2)
            row_marks = marks.columns() if marks is not None else None
            write_stream(out, stream, parts, marks=row_marks)  # verdict cells encoded once
            _write_resolved(writer, changes)
            return
        for finding in report.findings:
            values = finding_dict(finding)
            values["change"] = mark_for(changes, finding)
            writer.writerow([cell(values.get(column)) for column in COLUMNS])
        _write_resolved(writer, changes)


def _write_resolved(writer: Any, changes: Changes | None) -> None:
    """Findings resolved since the baseline, after the current ones."""
    for delta in changes.resolved if changes is not None else ():
        values = delta_dict(delta)
        writer.writerow([cell(values.get(column)) for column in COLUMNS])


def _mark(text: str) -> str:
    """The ``change`` cell and the line end."""
    return _field(text) + "\r\n"


_SOURCE = COLUMNS.index("source")


def _field(text: str) -> str:
    """One text cell as ``csv.writer`` (QUOTE_MINIMAL) writes it, formula neutralised
    (``cell``'s rule, for text only: called once per host of a large report)."""
    text = visible(text)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    if "," in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _encoded(cells: list[str]) -> str:
    """Cells joined as one CSV line fragment by the csv module itself (no line end)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)  # the terminator decides quoting
    return buffer.getvalue().removesuffix("\r\n")


def _start(client: str, host: str) -> str:
    """A finding's first two cells and their commas."""
    return f"{_field(client)},{_field(host)},"


def _verdict_cells(verdict: Finding) -> tuple[str, str]:
    """A verdict's cells between ``host`` and ``source`` (with both commas), and after it."""
    values = finding_dict(verdict)
    values["change"] = ""
    cells = [cell(values.get(column)) for column in COLUMNS]
    return _encoded(cells[2:_SOURCE]) + ",", "," + _encoded(cells[_SOURCE + 1 :]) + "\r\n"


def _around_line(file: str) -> tuple[str, str]:
    """What comes before and after the line number in the ``source`` cell ``file:LINE``.

    The number itself never needs quoting or neutralising, so the cell is the file's part,
    the number, and a closing quote when the file's part needed one.
    """
    quoted = _field(f"{file}:0")
    if quoted.startswith('"'):
        return quoted[:-2], '"'
    return quoted[:-1], ""
