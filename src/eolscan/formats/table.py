"""The terminal report: a rich table per client, worst first, with a summary line.

Inventory strings are shown literally: rich markup is never interpreted (cells are
``Text``), and control characters such as ANSI escapes are made visible. Large
inventories get one row per product cycle and status instead of one per item,
unless ``--all``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.changes import entry_item, entry_product, mark_for
from eolscan.formats.interface import ROLLUP_THRESHOLD, ReportFormat
from eolscan.formats.rollup import RollupRow, client_stats, rollup
from eolscan.formats.values import age_text, database_age, ends_text
from eolscan.formats.words import (
    days_text,
    deadline,
    exposure,
    finding_product,
    item_text,
    plural,
)
from eolscan.models import Finding, Status
from eolscan.visible import visible as visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from eolscan.scan import Report

STYLES = {
    Status.EOL: "bold red",
    Status.EXTENDED: "magenta",
    Status.WARN: "yellow",
    Status.UNKNOWN: "cyan",
    Status.ACCEPTED: "blue",
    Status.SUPPORTED: "green",
}
_NOTED = (Status.UNKNOWN, Status.ACCEPTED)
_VENDORS = frozenset({"Microsoft", "Apple", "Oracle"})
LINES_THRESHOLD = 2000
"""With ``--all`` above this many findings, one line per finding instead of a (slow) table."""
_NARROW = frozenset({"Status", "Ends", "Days", "Machines", "Change"})


def short_vendor(text: str) -> str:
    """``Windows Server 2019`` for ``Microsoft Windows Server 2019``: the item names the vendor."""
    first, _, rest = text.partition(" ")
    return rest if first in _VENDORS and rest else text


def summary_line(report: Report) -> str:
    """``12 hosts, 40 items: 3 eol, 1 extended, 2 warn, 4 unknown, 30 supported``."""
    counts = report.summary.by_status
    always = (Status.EOL, Status.WARN, Status.UNKNOWN)
    parts = [f"{counts[s]:,} {s}" for s in Status if counts[s] or s in always]
    return (
        f"{plural(report.summary.hosts, 'host')}, {plural(report.summary.findings, 'item')}: "
        + ", ".join(parts)
    )


def _text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(visible(value), style=style)


def console_width(out: TextIO) -> int | None:
    """A terminal's own width; else ``COLUMNS`` when set, else 120 so files are stable."""
    columns = os.environ.get("COLUMNS", "")
    if out.isatty() or (columns.isdigit() and int(columns) >= 40):
        return None
    return 120


class TableFormat(ReportFormat):
    """Human report for a terminal; plain text when not a terminal or with NO_COLOR."""

    name = "table"
    extensions = (".txt",)

    def __init__(self, width: int | None = None, color: bool | None = None) -> None:
        self.width = width
        self.color = color

    def _console(self, out: TextIO) -> Console:
        from rich.console import Console

        color = (
            self.color
            if self.color is not None
            else (out.isatty() and "NO_COLOR" not in os.environ)
        )
        return Console(
            file=out,
            width=self.width or console_width(out),
            color_system="auto" if color else None,
            no_color=not color,
            highlight=False,
            emoji=False,
            markup=False,
            force_terminal=bool(color),
        )

    def render(self, report: Report, out: TextIO) -> None:
        console = self._console(out)
        rolled = report.summary.findings > ROLLUP_THRESHOLD and not self.options.show_all
        stats = client_stats(report.findings)
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            client_stat = stats[client]
            title = f"{client}: {exposure(client_stat.hosts_at(Status.EOL), client_stat.hosts)}"
            if rolled:
                console.print(self._rollup_table(title, rollup(group)))
            elif report.summary.findings > LINES_THRESHOLD:
                console.print(_text(title, "bold"))
                self._lines(console, group)
            else:
                console.print(self._table(title, group))
        if rolled:
            rolled_up = f"{report.summary.findings:,} items rolled up by product"
            console.print(_text(f"{rolled_up}; --all lists every item."))
        self._resolved(console)
        self._footer(report, console)

    def _lines(self, console: Console, findings: Iterable[Finding]) -> None:
        """``--all`` over thousands of items: one aligned line each, fast where a table is not."""
        changes = self.options.changes
        console.print(
            _text(f"{'HOST':<16} {'STATUS':<9} {'ENDS':<10} {'DAYS':>13}  ITEM = RECOGNISED AS")
        )
        for finding in findings:
            asset = finding.asset
            line = (
                f"{asset.host:<16} {finding.status!s:<9} {ends_text(deadline(finding)):<10} "
                f"{days_text(finding.days_left):>13}  {item_text(asset.name, asset.version)}"
            )
            recognised = short_vendor(finding_product(finding)) or finding.reason
            line += f" = {recognised}" if recognised else ""
            if finding.upgrade_to_label:
                line += f"; upgrade to {finding.upgrade_to_label}"
            mark = mark_for(changes, finding)
            console.file.write(visible(line + (f" [{mark}]" if mark else "")) + "\n")

    def _new_table(self, title: str, columns: tuple[str, ...]) -> Table:
        from rich import box
        from rich.table import Table

        table = Table(
            title=_text(title, "bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=False,
            pad_edge=False,
        )
        for column in columns:
            table.add_column(column, overflow="fold", no_wrap=column in _NARROW)
        return table

    def _table(self, client: str, findings: Any) -> Table:
        changes = self.options.changes
        columns = ("Host", "Item", "Recognised as", "Status", "Ends", "Days", "Upgrade to")
        table = self._new_table(client, columns + (("Change",) if changes else ()))
        for finding in findings:
            row = self._row(finding)
            if changes is not None:
                row.append(_text(mark_for(changes, finding), "bold"))
            table.add_row(*row)
        return table

    @staticmethod
    def _row(finding: Finding) -> list[Any]:
        asset = finding.asset
        recognised = _text(short_vendor(finding_product(finding)))
        if finding.status in _NOTED and finding.reason:
            recognised.append(
                ("\n" if recognised.plain else "") + visible(finding.reason), style="dim"
            )
        return [
            _text(asset.host),
            _item(asset.name, asset.version, asset.source),
            recognised,
            _text(str(finding.status), STYLES[finding.status]),
            _text(ends_text(deadline(finding))),
            _text(days_text(finding.days_left)),
            _text(visible(finding.upgrade_to_label or "")),
        ]

    def _rollup_table(self, client: str, rows: list[RollupRow]) -> Table:
        columns = (
            "Recognised as",
            "Status",
            "Machines",
            "For example",
            "Ends",
            "Days",
            "Upgrade to",
        )
        table = self._new_table(client, columns)
        for row in rows:
            table.add_row(
                _text(short_vendor(row.product)),
                _text(str(row.status), STYLES[row.status]),
                _text(f"{len(row.hosts):,}"),
                _text(
                    ", ".join(row.examples)
                    + (", ..." if len(row.hosts) > len(row.examples) else "")
                ),
                _text(ends_text(row.eol)),
                _text(days_text(row.days_left)),
                _text(row.upgrade_to),
            )
        return table

    def _resolved(self, console: Console) -> None:
        changes = self.options.changes
        if changes is None or not changes.resolved:
            return
        table = self._new_table(
            f"Resolved since {changes.since}", ("Client", "Host", "Item", "Was")
        )
        for delta in changes.resolved:
            entry = delta.entry
            was = (
                f"{entry.status} ({entry_product(entry)})"
                if entry_product(entry)
                else str(entry.status)
            )
            table.add_row(
                _text(entry.client), _text(entry.host), _text(entry_item(entry)), _text(was)
            )
        console.print(table)

    def _footer(self, report: Report, console: Console) -> None:
        db = report.database
        console.print(_text(summary_line(report), "bold"))
        if self.options.changes is not None:
            console.print(_text(self.options.changes.headline(), "bold"))
        as_of = report.policy.as_of.isoformat()
        age = database_age(db.generated_at, report.policy.as_of)
        aged = f" ({age_text(age)})" if age is not None else ""
        overlay = f"; local overlay: {visible(db.overlay)}" if db.overlay else ""
        console.print(
            _text(
                f"As of {as_of}; lifecycle data: {db.source}, {db.generated_at[:10]}{aged}{overlay}"
            )
        )
        for warning in report.warnings:
            console.print(_text(f"warning: {warning}", "yellow"), soft_wrap=True)


def _item(name: str, version: str, source: str) -> Any:
    """The item as the inventory named it, with where it came from (``file:line``) below."""
    from rich.text import Text

    cell = Text(visible(item_text(name, version)))
    file, _, line = source.rpartition(":")
    if file and line.isdigit():  # the line fits a narrow column; every other format names the file
        cell.append(f"\nline {line}", style="dim")
    return cell
