"""The client report: one self-contained HTML file to email or print to PDF.

Inline CSS and SVG only, a Content-Security-Policy that forbids scripts and
requests, no event handlers, and every string from an inventory or the data
passed through ``html.escape``. Several clients give a portfolio overview that
ranks them by exposure, then one section (one printed page onward) per client.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from itertools import groupby
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from eolscan import __version__
from eolscan.formats.changes import entry_item, entry_product, mark_for
from eolscan.formats.html_style import CSS, csp, timeline
from eolscan.formats.interface import ROLLUP_THRESHOLD, ReportFormat
from eolscan.formats.rollup import ClientStats, Milestone, client_stats, milestones, rollup
from eolscan.formats.table import visible
from eolscan.formats.values import ends_text, text_date
from eolscan.formats.words import (
    STATUS_TITLES,
    add_months,
    days_text,
    exposure,
    finding_product,
    item_text,
    plural,
    verb,
)
from eolscan.models import Finding, Status

if TYPE_CHECKING:
    from eolscan.scan import Report

TIMELINE_MONTHS = 18


def e(value: object) -> str:
    """Escape for HTML text and quoted attributes; control characters shown as ``\\xNN``."""
    return escape(visible(str(value)), quote=True)


def badge(status: Status) -> str:
    """A coloured status label."""
    return f'<span class="badge {status}">{e(STATUS_TITLES[status])}</span>'


def safe_link(url: str | None) -> str:
    """A link, named by its site, only to an http(s) page: never ``javascript:`` or ``data:``."""
    if not url or not url.lower().startswith(("https://", "http://")):
        return ""
    site = urlsplit(url).hostname or "lifecycle"
    return f'<a href="{e(url)}" rel="noopener noreferrer">{e(site)}</a>'


def summary_points(stats: ClientStats, warn_days: int, upcoming: int) -> tuple[str, list[str]]:
    """The executive summary in plain words: a lead sentence and the points under it."""
    lead = exposure(stats.hosts_at(Status.EOL), stats.hosts)
    points = []
    if n := stats.hosts_at(Status.EXTENDED):
        relies = verb(n, "relies", "rely")
        points.append(f"{plural(n, 'machine')} {relies} on paid extended support, which also ends.")
    if n := stats.hosts_at(Status.WARN):
        loses = verb(n, "loses", "lose")
        points.append(
            f"{plural(n, 'more machine')} {loses} security fixes within {warn_days} days."
        )
    if upcoming:
        falls = verb(upcoming, "falls", "fall")
        dates = plural(upcoming, "support end date")
        points.append(f"{dates} {falls} in the next {TIMELINE_MONTHS} months.")
    if n := stats.counts[Status.UNKNOWN]:
        points.append(f"{plural(n, 'item')} could not be identified; check by hand.")
    return lead, points


class HtmlFormat(ReportFormat):
    """A printable, self-contained HTML document."""

    name = "html"
    extensions = (".html", ".htm")

    def render(self, report: Report, out: TextIO) -> None:
        as_of = report.policy.as_of
        stats = client_stats(report.findings)
        end = add_months(as_of, TIMELINE_MONTHS)
        dates: dict[str, list[Milestone]] = {}
        for item in milestones(report.findings, as_of, end):
            dates.setdefault(item.client, []).append(item)
        title = next(iter(stats)) if len(stats) == 1 else f"{len(stats)} clients"
        out.write(self._head(f"End-of-life report: {title}, {as_of.isoformat()}"))
        out.write('<main>\n<header class="doc">')
        out.write(f"<h1>End-of-life report: {e(title)}</h1>")
        out.write(f'<p class="meta">As of {as_of.isoformat()} · {e(self._source(report))}</p>')
        if self.options.changes is not None:
            out.write(f'<p class="lead">{e(self.options.changes.headline().capitalize())}</p>')
        out.write("</header>\n")
        if len(stats) > 1:
            out.write(self._portfolio(list(stats.values())))
        rolled = report.summary.findings > ROLLUP_THRESHOLD and not self.options.show_all
        ids = {client: f"client-{n}" for n, client in enumerate(stats, 1)}
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            out.write(f'<section class="client" id="{ids[client]}">\n')
            out.writelines(self._client(stats[client], dates.get(client, []), report))
            if rolled:
                out.writelines(self._rollup(group))
            else:
                out.writelines(self._hosts(group))
            out.write("</section>\n")
        out.writelines(self._resolved())
        out.write(self._footer(report))

    @staticmethod
    def _head(title: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp()}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="eolscan {e(__version__)}">\n'
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        )

    @staticmethod
    def _source(report: Report) -> str:
        db = report.database
        return f"lifecycle data: {db.source}, {db.generated_at[:10]}"

    @staticmethod
    def _portfolio(clients: list[ClientStats]) -> str:
        ranked = sorted(clients, key=lambda c: (c.exposure, c.client.lower()))
        hosts = sum(c.hosts for c in clients)
        sentence = exposure(sum(c.hosts_at(Status.EOL) for c in clients), hosts)
        rows = [
            '<section class="portfolio"><h2>Portfolio overview</h2>',
            f'<p class="lead">Across {plural(len(clients), "client")}, '
            f"{e(sentence[0].lower() + sentence[1:])}</p>",
            '<table><thead><tr><th class="num">#</th><th>Client</th><th class="num">Machines</th>'
            '<th class="num">Past end of life</th><th class="num">EOL items</th>'
            '<th class="num">Extended</th><th class="num">Ends soon</th>'
            '<th class="num">Not identified</th></tr></thead><tbody>',
        ]
        order = {c.client: n for n, c in enumerate(clients, 1)}
        for rank, client in enumerate(ranked, 1):
            share = client.hosts_at(Status.EOL) / client.hosts if client.hosts else 0
            rows.append(
                f'<tr><td class="num">{rank}</td>'
                f'<td><a href="#client-{order[client.client]}">{e(client.client)}</a></td>'
                f'<td class="num">{client.hosts:,}</td>'
                f'<td class="num">{client.hosts_at(Status.EOL):,} ({share:.0%})</td>'
                + "".join(
                    f'<td class="num">{client.counts[s]:,}</td>'
                    for s in (Status.EOL, Status.EXTENDED, Status.WARN, Status.UNKNOWN)
                )
                + "</tr>"
            )
        rows.append("</tbody></table></section>\n")
        return "".join(rows)

    def _client(self, stats: ClientStats, dates: list[Milestone], report: Report) -> Iterator[str]:
        lead, points = summary_points(stats, report.policy.warn_days, len(dates))
        yield f'<h2>{e(stats.client)}</h2>\n<p class="lead">{e(lead)}</p>\n'
        if points:
            yield '<ul class="points">' + "".join(f"<li>{e(p)}</li>" for p in points) + "</ul>\n"
        yield '<div class="cards">'
        for status in Status:
            count = stats.counts[status]
            if count or status in (Status.EOL, Status.WARN, Status.SUPPORTED):
                yield (
                    f'<div class="card {status}"><div class="n">{count:,}</div>'
                    f'<div class="l">{e(STATUS_TITLES[status])}</div></div>'
                )
        yield "</div>\n"
        yield f"<h3>Support ending in the next {TIMELINE_MONTHS} months</h3>\n"
        if dates:
            yield (
                '<p class="legend"><span><i class="support_end"></i>end of active support</span>'
                '<span><i class="eol"></i>end of security support</span>'
                '<span><i class="extended_end"></i>end of extended support</span></p>\n'
            )
            yield timeline(dates, report.policy.as_of, TIMELINE_MONTHS) + "\n"
            if len(dates) > 24:
                yield f'<p class="note">and {len(dates) - 24} more dates.</p>\n'
        else:
            yield f"<p>Nothing here loses support in the next {TIMELINE_MONTHS} months.</p>\n"

    def _hosts(self, findings: Iterable[Finding]) -> Iterator[str]:
        ordered = sorted(
            findings, key=lambda f: (f.asset.host.lower(), f.status.rank, f.asset.name)
        )
        yield "<h3>Machines and software</h3>\n<table><thead><tr>"
        for column in (
            "Item",
            "Recognised as",
            "Status",
            "Active support ends",
            "Security support ends",
            "Extended support ends",
            "Days",
            "Upgrade to",
            "Lifecycle",
        ):
            yield f"<th>{column}</th>"
        yield "</tr></thead><tbody>\n"
        for host, group in groupby(ordered, key=lambda f: f.asset.host):
            items = list(group)
            worst = min(items, key=lambda f: f.status.rank).status
            yield f'<tr class="host"><th colspan="9">{e(host)} {badge(worst)}</th></tr>\n'
            for finding in items:
                yield self._row(finding)
        yield "</tbody></table>\n"

    def _row(self, finding: Finding) -> str:
        asset = finding.asset
        recognised = e(finding_product(finding))
        if finding.reason and finding.status in (Status.UNKNOWN, Status.ACCEPTED, Status.EXTENDED):
            recognised += f'<div class="note">{e(finding.reason)}</div>'
        mark = mark_for(self.options.changes, finding)
        status = badge(finding.status) + (f'<span class="change">{e(mark)}</span>' if mark else "")
        days = days_text(finding.days_left)
        overdue = ' class="num overdue"' if (finding.days_left or 0) < 0 else ' class="num"'
        purl = f'<br><small class="purl">{e(asset.purl)}</small>' if asset.purl else ""
        return (
            f"<tr><td>{e(item_text(asset.name, asset.version))}{purl}"
            f'<br><small class="source">{e(asset.source)}</small></td><td>{recognised}</td>'
            f"<td>{status}</td>"
            + "".join(
                f'<td class="date">{e(text(d))}</td>'
                for text, d in (
                    (ends_text, finding.support_end),
                    (ends_text, finding.eol),
                    (text_date, finding.extended_end),
                )
            )
            + f"<td{overdue}>{e(days)}</td><td>{e(finding.upgrade_to_label or '')}</td>"
            f"<td>{safe_link(finding.link)}</td></tr>\n"
        )

    @staticmethod
    def _rollup(findings: Iterable[Finding]) -> Iterator[str]:
        yield (
            "<h3>Software by product</h3>\n<table><thead><tr><th>Recognised as</th><th>Status</th>"
            '<th class="num">Machines</th><th>For example</th><th>Ends</th><th>Upgrade to</th>'
            "</tr></thead><tbody>\n"
        )
        for row in rollup(findings):
            more = ", …" if len(row.hosts) > len(row.examples) else ""
            yield (
                f"<tr><td>{e(row.product)}</td><td>{badge(row.status)}</td>"
                f'<td class="num">{len(row.hosts):,}</td>'
                f"<td>{e(', '.join(row.examples) + more)}</td>"
                f'<td class="date">{e(ends_text(row.eol))}</td><td>{e(row.upgrade_to)}</td></tr>\n'
            )
        yield "</tbody></table>\n"

    def _resolved(self) -> Iterator[str]:
        changes = self.options.changes
        if changes is None or not changes.resolved:
            return
        yield f'<section class="resolved"><h3>Resolved since {e(changes.since)}</h3>\n'
        yield "<table><thead>"
        yield "<tr><th>Client</th><th>Host</th><th>Item</th><th>Was</th></tr></thead><tbody>\n"
        for delta in changes.resolved:
            entry = delta.entry
            yield (
                f"<tr><td>{e(entry.client)}</td><td>{e(entry.host)}</td><td>{e(entry_item(entry))}</td>"
                f"<td>{badge(entry.status)} {e(entry_product(entry))}</td></tr>\n"
            )
        yield "</tbody></table></section>\n"

    def _footer(self, report: Report) -> str:
        db = report.database
        warnings = "".join(f"<p>Warning: {e(w)}</p>" for w in report.warnings)
        overlay = f", with the local overlay {e(db.overlay)}" if db.overlay else ""
        return (
            f"<footer><p>Evaluated as of {report.policy.as_of.isoformat()}, warning window "
            f"{report.policy.warn_days} days. Lifecycle data: {e(db.source)}, generated "
            f"{e(db.generated_at[:10])} ({db.products:,} products, {db.cycles:,} release cycles), "
            'from <a href="https://endoflife.date" rel="noopener noreferrer">endoflife.date</a> '
            f"(MIT License){overlay}. Report produced by eolscan {e(__version__)}.</p>"
            f"{warnings}</footer>\n"
            "</main>\n</body>\n</html>\n"
        )
