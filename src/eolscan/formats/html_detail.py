"""The HTML report's detail for the IT team: every machine's items, or the roll-up by product.

Kept apart from the owner's pages: the same rows serve both audiences, the client's copy
without file paths, overlay marks or the database's short labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from urllib.parse import urlsplit

from eolscan.formats.changes import mark_for
from eolscan.formats.html_plan import e, whole_dates
from eolscan.formats.interface import RenderOptions
from eolscan.formats.values import ends_text, text_date
from eolscan.formats.words import (
    client_reason,
    client_target,
    days_text,
    deadline,
    finding_product,
    item_text,
    note_text,
    plain_product,
    product_text,
    status_title,
)
from eolscan.model import DateOrFlag, Finding, Status
from eolscan.report.rollup import rollup

_COLUMNS = ("Item", "Recognised as", "Status", "Support ends", "Days", "Upgrade to", "Lifecycle")
_PHASES = (("active", "support_end"), ("security", "eol"), ("extended", "extended_end"))


APPENDIX = (Status.UNKNOWN, Status.IGNORED)
"""Statuses listed once per name in an appendix, not per machine next to end of life."""


def set_aside(findings: Iterable[Finding], noise: list[Finding]) -> Iterator[Finding]:
    """Findings for the machine table; unidentified and ignored ones go to ``noise``."""
    for finding in findings:
        if finding.status in APPENDIX:
            noise.append(finding)
        else:
            yield finding


def _ends(finding: Finding) -> str:
    """The three support dates in one cell, one labelled line each (a column each did not
    fit a printed A4 page)."""
    lines = []
    for label, attribute in _PHASES:
        value = getattr(finding, attribute)
        text = text_date(value) if attribute == "extended_end" else ends_text(value)
        if text and not (attribute == "extended_end" and value is False):
            lines.append(f'<span class="phase">{label}</span> {e(text)}')
    return "<br>".join(lines)


def badge(status: Status, due: DateOrFlag = False) -> str:
    """A coloured status label; with an item's deadline, "Update due" where it has none."""
    return f'<span class="badge {status}">{e(status_title(status, due))}</span>'


def safe_link(url: str | None) -> str:
    """A link, named by its site, only to an http(s) page: never ``javascript:`` or ``data:``."""
    if not url or not url.lower().startswith(("https://", "http://")):
        return ""
    site = urlsplit(url).hostname or "lifecycle"
    return f'<a href="{e(url)}" rel="noopener noreferrer">{e(site)}</a>'


class DetailWriter:
    """Writes the machine table (or the roll-up) for one audience."""

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def product(self, text: str) -> str:
        """A product for this audience: the client's copy has no overlay marks, plain names."""
        if not self.options.for_client:
            return text
        return plain_product(text.removesuffix(" (overlay)"))

    def hosts(self, findings: Iterable[Finding]) -> Iterator[str]:
        ordered = sorted(
            findings, key=lambda f: (f.asset.host.lower(), f.status.rank, f.asset.name)
        )
        yield '<h3>Machines and software</h3>\n<table class="items"><thead><tr>'
        for column in _COLUMNS:
            yield f"<th>{column}</th>"
        yield "</tr></thead><tbody>\n"
        for host, group in groupby(ordered, key=lambda f: f.asset.host):
            items = list(group)
            worst = min(items, key=lambda f: f.status.rank).status
            dates = (deadline(f) for f in items if f.status is worst)
            due = next((day for day in dates if day is not None), None)
            yield (
                f'<tr class="host"><th colspan="{len(_COLUMNS)}">{e(host)} {badge(worst, due)}'
                "</th></tr>\n"
            )
            for finding in items:
                yield self.row(finding)
        yield "</tbody></table>\n"

    def row(self, finding: Finding) -> str:
        asset = finding.asset
        client = self.options.for_client
        product = product_text(finding.product_label, finding.cycle_label, finding.candidates)
        recognised = e(plain_product(product) if client else finding_product(finding))
        note = note_text(finding)  # the reason, who maintains it, "behind the latest patch"
        if note:
            reason = client_reason(note) if client else note
            recognised += f'<div class="note">{whole_dates(e(reason))}</div>'
        mark = mark_for(self.options.changes, finding)
        status = badge(finding.status, deadline(finding)) + (
            f'<span class="change">{e(mark)}</span>' if mark else ""
        )
        days = days_text(finding.days_left)
        overdue = ' class="num overdue"' if (finding.days_left or 0) < 0 else ' class="num"'
        source = "" if client else f'<br><small class="source">{e(asset.source)}</small>'
        if asset.purl and not client:  # an SBOM item's package URL, under its name
            source = f'<br><small class="purl">{e(asset.purl)}</small>{source}'
        target = finding.upgrade_to_label or ""
        if client:
            target = client_target(finding.product_label, target)
        return (
            f"<tr><td>{e(item_text(asset.name, asset.version))}{source}</td>"
            f"<td>{recognised}</td><td>{status}</td>"
            f'<td class="ends">{_ends(finding)}</td>'
            f"<td{overdue}>{e(days)}</td><td>{e(target)}</td>"
            f'<td class="link">{safe_link(finding.link)}</td></tr>\n'
        )

    def rollup(self, findings: Iterable[Finding]) -> Iterator[str]:
        yield (
            "<h3>Software by product</h3>\n<table><thead><tr><th>Recognised as</th><th>Status</th>"
            '<th class="num">Machines</th><th>For example</th><th>Ends</th><th>Upgrade to</th>'
            "</tr></thead><tbody>\n"
        )
        for row in rollup(findings):
            more = ", …" if len(row.hosts) > len(row.examples) else ""
            yield (
                f"<tr><td>{e(self.product(row.product))}</td><td>{badge(row.status, row.eol)}</td>"
                f'<td class="num">{len(row.hosts):,}</td>'
                f"<td>{e(', '.join(row.examples) + more)}</td>"
                f'<td class="date">{e(ends_text(row.eol))}</td>'
                f"<td>{e(self.product(row.upgrade_to))}</td>"
                "</tr>\n"
            )
        yield "</tbody></table>\n"
