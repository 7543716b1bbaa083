"""The terminal report: a rich table per client, worst first, with a summary line.

Inventory strings are shown literally: rich markup is never interpreted (cells are
``Text``), and control characters such as ANSI escapes are made visible.
"""

from __future__ import annotations

import os
import re
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from eolscan.formats.interface import ReportFormat
from eolscan.formats.values import database_age, text_date
from eolscan.models import Finding, Status

if TYPE_CHECKING:
    from rich.text import Text

    from eolscan.scan import Report

STYLES = {
    Status.EOL: "bold red",
    Status.EXTENDED: "magenta",
    Status.WARN: "yellow",
    Status.UNKNOWN: "cyan",
    Status.ACCEPTED: "blue",
    Status.SUPPORTED: "green",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Replace control characters (ESC, BEL, CR...) with ``\\xNN`` so they cannot act on a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def _days(finding: Finding) -> str:
    if finding.days_left is None:
        return ""
    if finding.days_left < 0:
        return f"{-finding.days_left} overdue"
    return f"{finding.days_left} left"


def summary_line(report: Report) -> str:
    """``12 hosts, 40 items: 3 eol, 1 extended, 2 warn, 4 unknown, 30 supported``."""
    counts = report.summary.by_status
    parts = [f"{counts[s]} {s}" for s in Status if counts[s] or s in (Status.EOL, Status.WARN, Status.UNKNOWN)]
    return f"{report.summary.hosts} hosts, {report.summary.findings} items: " + ", ".join(parts)


class TableFormat(ReportFormat):
    """Human report for a terminal; plain text when not a terminal or with NO_COLOR."""

    name = "table"
    extensions = (".txt",)

    def __init__(self, width: int | None = None, color: bool | None = None) -> None:
        self.width = width
        self.color = color

    def render(self, report: Report, out: TextIO) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        color = self.color if self.color is not None else (out.isatty() and "NO_COLOR" not in os.environ)
        console = Console(
            file=out,
            width=self.width or (None if out.isatty() else 120),
            color_system="auto" if color else None,
            no_color=not color,
            highlight=False,
            emoji=False,
            markup=False,
            force_terminal=bool(color),
        )
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            table = Table(title=Text(visible(client), style="bold"), title_justify="left", expand=False)
            for column in ("Host", "Item", "Version", "Product / cycle", "Status", "EOL", "Days", "Upgrade to", "Note"):
                table.add_column(column, overflow="fold")
            for finding in group:
                table.add_row(*self._row(finding, Text))
            console.print(table)
        db = report.database
        console.print(Text(summary_line(report), style="bold"))
        age = database_age(db.generated_at, report.policy.as_of)
        aged = f" ({age} days old)" if age is not None else ""
        overlay = f"; local overlay: {visible(db.overlay)}" if db.overlay else ""
        console.print(
            Text(f"As of {report.policy.as_of.isoformat()}; lifecycle data: {db.source}, {db.generated_at[:10]}{aged}{overlay}")
        )
        for warning in report.warnings:
            console.print(Text(f"warning: {warning}", style="yellow"))

    @staticmethod
    def _row(finding: Finding, text: type[Text]) -> list[Text]:
        asset = finding.asset
        cycle = finding.cycle_label or (", ".join(finding.candidates) if finding.candidates else "")
        product = f"{finding.product_label or ''} {cycle}".strip()
        product += " (overlay)" if finding.overlay else ""
        note = finding.reason if finding.status in (Status.UNKNOWN, Status.EXTENDED, Status.ACCEPTED) or finding.candidates else ""
        cells = [
            asset.host,
            asset.name,
            asset.version,
            product,
            str(finding.status),
            text_date(finding.eol),
            _days(finding),
            finding.upgrade_to_label or "",
            note,
        ]
        row = [text(visible(cell)) for cell in cells]
        row[4].stylize(STYLES[finding.status])
        return row
