"""Markdown for pull-request comments, ``$GITHUB_STEP_SUMMARY`` and tickets.

Every cell is escaped: ``|`` cannot split a table, backticks and brackets cannot
start code or links, HTML is shown as text, newlines cannot end a row, and control,
bidi and zero-width characters are shown as escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from eolscan.formats.changes import entry_item, entry_product, mark_for
from eolscan.formats.interface import ROLLUP_THRESHOLD, ReportFormat
from eolscan.formats.rollup import client_stats, rollup
from eolscan.formats.table import summary_line
from eolscan.formats.values import ends_text
from eolscan.formats.words import days_text, deadline, exposure, finding_product, item_text
from eolscan.models import Finding, Status
from eolscan.visible import visible

if TYPE_CHECKING:
    from eolscan.scan import Report

_SPECIAL = re.compile(r"([\\`*_\[\]|#!~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
"""An ``&`` that would start a character reference; any other ``&`` is written as it is."""
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
_BADGES = {
    Status.EOL: "🔴 eol",
    Status.EXTENDED: "🟣 extended",
    Status.WARN: "🟠 warn",
    Status.UNKNOWN: "⚪ unknown",
    Status.ACCEPTED: "🔵 accepted",
    Status.SUPPORTED: "🟢 supported",
}


def escape(text: str) -> str:
    """A string safe inside a Markdown table cell, shown exactly as written."""
    text = _ENTITY.sub("&amp;", visible(_LINE_BREAKS.sub(" ", text)))
    return _SPECIAL.sub(r"\\\1", text.replace("<", "&lt;").replace(">", "&gt;"))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


class MarkdownFormat(ReportFormat):
    """GitHub-flavoured Markdown: a summary, then one table per client."""

    name = "markdown"
    extensions = (".md", ".markdown")

    def render(self, report: Report, out: TextIO) -> None:
        out.write(f"# End-of-life report, {report.policy.as_of.isoformat()}\n\n")
        out.write(f"**{escape(summary_line(report))}**\n\n")
        if self.options.changes is not None:
            out.write(f"**Changes: {escape(self.options.changes.headline())}**\n\n")
        stats = client_stats(report.findings)
        for client in stats.values():
            sentence = exposure(client.hosts_at(Status.EOL), client.hosts)
            out.write(f"- {escape(client.client)}: {escape(sentence)}\n")
        rolled = report.summary.findings > ROLLUP_THRESHOLD and not self.options.show_all
        for client_name, group in groupby(report.findings, key=lambda f: f.asset.client):
            out.write(f"\n## {escape(client_name)}\n\n")
            if rolled:
                self._rollup(out, group)
            else:
                self._findings(out, group)
        self._resolved(out)
        db = report.database
        overlay = f"; local overlay: {escape(db.overlay)}" if db.overlay else ""
        out.write(
            f"\n_Lifecycle data: {escape(db.source)}, {escape(db.generated_at[:10])}{overlay}; "
            f"warning window {report.policy.warn_days} days._\n"
        )
        for warning in report.warnings:
            out.write(f"\n> warning: {escape(warning)}\n")

    def _findings(self, out: TextIO, findings: Iterable[Finding]) -> None:
        changes = self.options.changes
        header = ["Host", "Item", "Recognised as", "Status", "Ends", "Days", "Upgrade to"]
        out.write(_row(header + (["Change"] if changes else [])) + "\n")
        out.write(_row(["---"] * (len(header) + (1 if changes else 0))) + "\n")
        for finding in findings:
            cells = self._cells(finding)
            if changes is not None:
                cells.append(escape(mark_for(changes, finding)))
            out.write(_row(cells) + "\n")

    @staticmethod
    def _cells(finding: Finding) -> list[str]:
        asset = finding.asset
        recognised = finding_product(finding)
        if finding.status in (Status.UNKNOWN, Status.ACCEPTED) and finding.reason:
            recognised = f"{recognised} ({finding.reason})" if recognised else finding.reason
        return [
            escape(asset.host),
            escape(item_text(asset.name, asset.version))
            + (f" <sub>{escape(asset.source)}</sub>" if asset.source else ""),
            escape(recognised),
            _BADGES[finding.status],
            escape(ends_text(deadline(finding))),
            escape(days_text(finding.days_left)),
            escape(finding.upgrade_to_label or ""),
        ]

    @staticmethod
    def _rollup(out: TextIO, findings: Iterable[Finding]) -> None:
        out.write(
            _row(["Recognised as", "Status", "Machines", "For example", "Ends", "Upgrade to"])
            + "\n"
        )
        out.write(_row(["---"] * 6) + "\n")
        for row in rollup(findings):
            examples = ", ".join(row.examples) + (
                ", ..." if len(row.hosts) > len(row.examples) else ""
            )
            out.write(
                _row(
                    [
                        escape(row.product),
                        _BADGES[row.status],
                        f"{len(row.hosts):,}",
                        escape(examples),
                        escape(ends_text(row.eol)),
                        escape(row.upgrade_to),
                    ]
                )
                + "\n"
            )

    def _resolved(self, out: TextIO) -> None:
        changes = self.options.changes
        if changes is None or not changes.resolved:
            return
        out.write(f"\n## Resolved since {escape(changes.since)}\n\n")
        out.write(_row(["Client", "Host", "Item", "Was"]) + "\n" + _row(["---"] * 4) + "\n")
        for delta in changes.resolved:
            entry = delta.entry
            was = f"{entry.status} {entry_product(entry)}".strip()
            out.write(
                _row(
                    [
                        escape(entry.client),
                        escape(entry.host),
                        escape(entry_item(entry)),
                        escape(was),
                    ]
                )
                + "\n"
            )
