"""Markdown for pull-request comments, ``$GITHUB_STEP_SUMMARY`` and tickets.

Every cell is escaped: ``|`` cannot split a table, backticks and brackets cannot
start code or links, HTML is shown as text, newlines cannot end a row, and control,
bidi and zero-width characters are shown as escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from eolscan.app.notices import in_report_order, not_checked_count
from eolscan.formats.changes import entry_item, entry_product, mark_for
from eolscan.formats.html_plan import cost_text
from eolscan.formats.interface import ROLLUP_THRESHOLD, ReportFormat
from eolscan.formats.plan_text import action_sentence, packages_note, plan_cost
from eolscan.formats.table import summary_line
from eolscan.formats.values import data_dated, ends_text
from eolscan.formats.words import (
    archive_group,
    archive_note,
    client_reason,
    client_source,
    client_target,
    client_text,
    client_words,
    days_text,
    deadline,
    exposure,
    finding_product,
    item_text,
    note_text,
    plain_product,
    plural,
)
from eolscan.model import Finding, Status
from eolscan.report.decision import Decision
from eolscan.report.plan import build_plan
from eolscan.report.rollup import client_stats, rollup
from eolscan.support.visible import visible

if TYPE_CHECKING:
    from eolscan.report.report import Report

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
    Status.IGNORED: "⚫ ignored",
}


@lru_cache(maxsize=65_536)
def escape(text: str) -> str:
    """A string safe inside a Markdown table cell, shown exactly as written (kept for the
    run: a book's tables repeat the same names, versions and dates row after row)."""
    text = _ENTITY.sub("&amp;", visible(_LINE_BREAKS.sub(" ", text)))
    return _SPECIAL.sub(r"\\\1", text.replace("<", "&lt;").replace(">", "&gt;"))


def _aside(finding: Finding, noise: list[Finding]) -> bool:
    """True (and kept in ``noise``) for an unidentified or ignored finding: the appendix has it."""
    if finding.status in (Status.UNKNOWN, Status.IGNORED):
        noise.append(finding)
        return True
    return False


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
            out.write(f"- {escape(self._title(client.client))}: {escape(sentence)}\n")
        decisions: dict[str, list[Decision]] = {}
        for decision in build_plan(report.findings, report.policy.as_of):
            decisions.setdefault(decision.client, []).append(decision)
        as_of = report.policy.as_of
        for client_name, group in groupby(report.findings, key=lambda f: f.asset.client):
            rolled = (
                sum(stats[client_name].counts.values()) > ROLLUP_THRESHOLD
                and not self.options.show_all
            )
            out.write(f"\n## {escape(self._title(client_name))}\n\n")
            self._owner(out, decisions.get(client_name, []), as_of)
            out.write("\n### Details\n\n")
            noise: list[Finding] = []
            shown = (f for f in group if not _aside(f, noise))
            if rolled:
                self._rollup(out, shown)
            else:
                self._findings(out, shown)
            self._appendix(out, noise)
        self._resolved(out)
        db = report.database
        dated = data_dated(db, report.policy.as_of)
        to_client = self.options.for_client
        overlay = f"; local overlay: {escape(db.overlay)}" if db.overlay and not to_client else ""
        out.write(
            f"\n_Lifecycle data: {escape(db.source)}, {escape(dated)}{overlay}; "
            f"warning window {report.policy.warn_days} days._\n"
        )
        for warning in report.warnings:
            out.write(f"\n> warning: {escape(client_words(warning) if to_client else warning)}\n")
        if report.skipped:
            out.write(f"\n## Not checked ({escape(not_checked_count(report.skipped))})\n\n")
            out.write(_row(["Source", "What", "Why"]) + "\n" + _row(["---"] * 3) + "\n")
            for item in in_report_order(report.skipped):
                source = client_source(item) if to_client else item.source
                reason = client_text(item.reason) if to_client else item.reason
                out.write(_row([escape(source), item.what, escape(reason)]) + "\n")

    def _title(self, client: str) -> str:
        info = self.options.clients.get(client)
        return info.name if info is not None and info.name else client

    def _name(self, text: str) -> str:
        """A product for this audience (plain names in the client's copy)."""
        return plain_product(text.removesuffix(" (overlay)")) if self.options.for_client else text

    def _owner(self, out: TextIO, decisions: list[Decision], as_of: date) -> None:
        """What to do, as sentences, then the action plan with every machine."""
        if not decisions:
            out.write("No machine needs an upgrade decision now.\n")
            return
        out.write(f"**What to do ({plural(len(decisions), 'decision')}):**\n\n")
        for number, decision in enumerate(decisions, 1):
            sentence = action_sentence(decision, as_of, names=len(decision.hosts), name=self._name)
            out.write(f"{number}. {escape(sentence)}\n")
        costs = self.options.costs
        priced = costs is not None and any(plan_cost(d, costs) for d in decisions)
        header = ["#", "Decision", "Machines", "Deadline", "Quarter"]
        header += ["Effort and cost"] if priced else []
        out.write(
            "\n### Action plan\n\n" + _row(header) + "\n" + _row(["---"] * len(header)) + "\n"
        )
        for number, decision in enumerate(decisions, 1):
            target = self._name(decision.target) if decision.target else decision.action
            cells = [
                str(number),
                f"{_BADGES[decision.status]} {escape(self._name(decision.product_label))} → "
                + escape(target)
                + _beside(packages_note(decision, self._name)),
                f"{len(decision.hosts)}: " + escape(", ".join(decision.sorted_hosts())),
                escape(ends_text(decision.deadline)),
                decision.quarter(as_of),
            ]
            if priced:
                cells.append(escape(cost_text(decision, costs)))
            out.write(_row(cells) + "\n")

    def _appendix(self, out: TextIO, noise: list[Finding]) -> None:
        """Unidentified and ignored items, once per name with how many machines."""
        for status, title in ((Status.UNKNOWN, "Not identified"), (Status.IGNORED, "Ignored")):
            names: dict[str, set[str]] = {}
            gathered: dict[str, set[str]] = {}  # a release's unidentified packages
            for finding in noise:
                if finding.status is status:
                    group = archive_group(finding)
                    if group:
                        gathered.setdefault(group, set()).add(finding.asset.name)
                    names.setdefault(group or finding.asset.name, set()).add(finding.asset.host)
            if not names:
                continue
            out.write(f"\n### Appendix: {title.lower()}\n\n")
            out.write(_row(["Item", "Machines", "Which"]) + "\n" + _row(["---"] * 3) + "\n")
            for name, hosts in sorted(names.items(), key=lambda i: (-len(i[1]), i[0].lower())):
                which = ", ".join(sorted(hosts, key=str.lower))
                item = f"{name}: {archive_note(name, gathered[name])}" if name in gathered else name
                out.write(_row([escape(item), str(len(hosts)), escape(which)]) + "\n")

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

    def _cells(self, finding: Finding) -> list[str]:
        asset = finding.asset
        client = self.options.for_client
        recognised = self._name(finding_product(finding))
        note = note_text(finding)  # the reason, who maintains it, "behind the latest patch"
        if note:
            reason = client_reason(note) if client else note
            recognised = f"{recognised} ({reason})" if recognised else reason
        return [
            escape(asset.host),
            escape(item_text(asset.name, asset.version))
            + (f" <sub>{escape(asset.source)}</sub>" if asset.source and not client else ""),
            escape(recognised),
            _BADGES[finding.status],
            escape(ends_text(deadline(finding))),
            escape(days_text(finding.days_left)),
            escape(self._target(finding)),
        ]

    def _target(self, finding: Finding) -> str:
        if self.options.for_client:
            return client_target(finding.product_label, finding.upgrade_to_label)
        return finding.upgrade_to_label or ""

    def _rollup(self, out: TextIO, findings: Iterable[Finding]) -> None:
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
                        escape(self._name(row.product)),
                        _BADGES[row.status],
                        f"{len(row.hosts):,}",
                        escape(examples),
                        escape(ends_text(row.eol)),
                        escape(self._name(row.upgrade_to)),
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


def _beside(note: str) -> str:
    """A note after a plan table's decision, in brackets ("" for none)."""
    return f" ({escape(note)})" if note else ""
