"""The client report: one self-contained HTML file to email or print to PDF.

Inline CSS and SVG only, a Content-Security-Policy that forbids scripts and
requests, no event handlers, and every string from an inventory or the data
passed through ``html.escape``. Several clients give a portfolio overview that
ranks them by exposure, then one section (one printed page onward) per client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from eolscan import __version__
from eolscan.app.notices import in_report_order, not_checked_count
from eolscan.formats.changes import entry_item, entry_product
from eolscan.formats.html_detail import APPENDIX, DetailWriter, badge, set_aside
from eolscan.formats.html_plan import appendix, owner_actions, plan_table
from eolscan.formats.html_style import CSS, csp, timeline
from eolscan.formats.interface import ROLLUP_THRESHOLD, ReportFormat
from eolscan.formats.table import visible
from eolscan.formats.values import data_dated
from eolscan.formats.words import (
    STATUS_TITLES,
    UPDATE_DUE,
    add_months,
    client_source,
    client_text,
    client_words,
    exposure,
    plain_product,
    plural,
    verb,
)
from eolscan.model import Finding, Status
from eolscan.report.decision import Decision
from eolscan.report.plan import build_plan
from eolscan.report.rollup import ClientStats, Milestone, milestones

if TYPE_CHECKING:
    from eolscan.formats.settings import Costs
    from eolscan.report.report import Report

TIMELINE_MONTHS = 18


def e(value: object) -> str:
    """Escape for HTML text and quoted attributes; control characters shown as ``\\xNN``."""
    return escape(visible(str(value)), quote=True)


def summary_points(stats: ClientStats, warn_days: int) -> tuple[str, list[str]]:
    """The executive summary in plain words: a lead sentence and the points under it."""
    lead = exposure(stats.hosts_at(Status.EOL), stats.hosts)
    points = []
    if n := stats.hosts_at(Status.EXTENDED):
        relies = verb(n, "relies", "rely")
        points.append(f"{plural(n, 'machine')} {relies} on paid extended support, which also ends.")
    due = stats.hosts_update_due()
    if n := stats.hosts_at(Status.WARN) - due:
        loses = verb(n, "loses", "lose")
        points.append(
            f"{plural(n, 'more machine')} {loses} security fixes within {warn_days} days."
        )
    if due:
        needs = verb(due, "needs", "need")
        points.append(
            f"{plural(due, 'more machine')} {needs} an update of software whose vendor "
            "fixes only its newest release."
        )
    unknown, ignored = stats.counts[Status.UNKNOWN], stats.counts[Status.IGNORED]
    if unknown or ignored:
        unjudged = unknown - stats.not_identified
        notes = [f"{plural(stats.not_identified, 'item')} not identified"]
        notes = notes if stats.not_identified else []
        notes += [f"{plural(unjudged, 'item')} identified but not judged"] if unjudged else []
        notes += [f"{ignored:,} ignored as noise"] if ignored else []
        points.append(f"Also: {' and '.join(notes)} (see the appendix).")
    if n := stats.no_published_lifecycle:
        points.append(
            f"{plural(n, 'item')} identified with no published lifecycle: judged against "
            "the newest release the data knows."
        )
    return lead, points


def _cards(stats: ClientStats) -> Iterator[tuple[Status, int, str]]:
    """The owner's page's counts: each status shown, and "Update due" apart from "Ends
    soon" (an item behind its newest release has no end date to come)."""
    for status in Status:
        if status in APPENDIX:
            continue
        count = stats.counts[status] - (stats.update_due if status is Status.WARN else 0)
        if count or status in (Status.EOL, Status.WARN, Status.SUPPORTED):
            yield status, count, STATUS_TITLES[status]
        if status is Status.WARN and stats.update_due:
            yield status, stats.update_due, UPDATE_DUE


def not_checked(report: Report, for_client: bool = False) -> Iterator[str]:
    """The "Not checked" section: each file, host and row this report leaves out, and why.
    It comes before the findings: a reader must not take a short report for a clean one.
    The client's copy names each file without its folder or line."""
    if not report.skipped:
        return
    count = not_checked_count(report.skipped)
    yield f'<section class="not-checked"><h2>Not checked</h2><p class="lead">{e(count)}; '
    yield "what they hold is not in this report.</p>\n"
    yield "<table><thead><tr><th>Source</th><th>What</th><th>Why</th></tr></thead><tbody>\n"
    for item in in_report_order(report.skipped):
        source = client_source(item) if for_client else item.source
        reason = client_text(item.reason) if for_client else item.reason
        cells = (source, item.what, reason)
        yield "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in cells) + "</tr>\n"
    yield "</tbody></table></section>\n"


class HtmlFormat(ReportFormat):
    """A printable, self-contained HTML document: per client an owner's summary page, the
    action plan, then the technician's detail and the appendices."""

    name = "html"
    extensions = (".html", ".htm")

    def render(self, report: Report, out: TextIO) -> None:
        as_of = report.policy.as_of
        stats: dict[str, ClientStats] = {}
        end = add_months(as_of, TIMELINE_MONTHS)
        dates: dict[str, list[Milestone]] = {}
        for item in milestones(report.findings, as_of, end, stats):
            item.product = DetailWriter(self.options).product(item.product)
            dates.setdefault(item.client, []).append(item)
        decisions: dict[str, list[Decision]] = {}
        for decision in build_plan(report.findings, report.policy.as_of):
            decisions.setdefault(decision.client, []).append(decision)
        title = self._title(next(iter(stats))) if len(stats) == 1 else f"{len(stats)} clients"
        out.write(self._head(f"End-of-life report: {title}, {as_of.isoformat()}"))
        out.write('<main>\n<header class="doc">')
        out.write(self._brand())
        out.write(f"<h1>End-of-life report: {e(title)}</h1>")
        out.write(f'<p class="meta">As of {as_of.isoformat()} · {e(self._source(report))}</p>')
        if self.options.changes is not None:
            out.write(f'<p class="lead">{e(self.options.changes.headline().capitalize())}</p>')
        out.write("</header>\n")
        out.writelines(not_checked(report, self.options.for_client))
        if len(stats) > 1:
            out.write(self._portfolio(list(stats.values())))
        ids = {client: f"client-{n}" for n, client in enumerate(stats, 1)}
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            found = stats[client]
            rolled = sum(found.counts.values()) > ROLLUP_THRESHOLD and not self.options.show_all
            out.write(f'<section class="client" id="{ids[client]}">\n')
            out.writelines(self._client(found, decisions.get(client, []), report))
            out.writelines(plan_table(decisions.get(client, []), as_of, *self._naming()))
            out.writelines(self._detail(dates.get(client, []), report))
            noise: list[Finding] = []
            shown = set_aside(group, noise)
            detail = DetailWriter(self.options)
            out.writelines(detail.rollup(shown) if rolled else detail.hosts(shown))
            out.writelines(self._appendices(noise))
            out.write("</section>\n")
        out.writelines(self._resolved())
        out.write(self._footer(report))

    def _naming(self) -> tuple[Costs | None, Callable[[str], str]]:
        """The costs, and how product names are worded for this audience."""
        return self.options.costs, plain_product if self.options.for_client else str

    def _title(self, client: str) -> str:
        """The client's display name from its ``client.toml``, else as the inventory says."""
        info = self.options.clients.get(client)
        return info.name if info is not None and info.name else client

    def _brand(self) -> str:
        brand = self.options.brand
        if brand is None or not (brand.name or brand.logo or brand.contact):
            return ""
        logo = f'<img class="logo" src="{e(brand.logo)}" alt="">' if brand.logo else ""
        name = f'<span class="brand-name">{e(brand.name)}</span>' if brand.name else ""
        contact = f'<span class="brand-contact">{e(brand.contact)}</span>' if brand.contact else ""
        return f'<div class="brand">{logo}<div>{name}{contact}</div></div>'

    def _appendices(self, noise: list[Finding]) -> Iterator[str]:
        yield from appendix(
            noise,
            Status.UNKNOWN,
            "Appendix: items not identified",
            "Each name once, with the machines that have it; check these by hand.",
            self.options.for_client,
        )
        yield from appendix(
            noise,
            Status.IGNORED,
            "Appendix: ignored items",
            "Marked as noise in the ignore list; counted, but not in the summary or the plan.",
            self.options.for_client,
        )

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
        return f"lifecycle data: {db.source}, {data_dated(db, report.policy.as_of)}"

    def _portfolio(self, clients: list[ClientStats]) -> str:
        """The clients ranked, most exposed first, each by its display name."""
        ranked = sorted(clients, key=lambda c: (c.exposure, self._title(c.client).lower()))
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
            name = e(self._title(client.client))
            rows.append(
                f'<tr><td class="num">{rank}</td>'
                f'<td><a href="#client-{order[client.client]}">{name}</a></td>'
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

    def _client(
        self, stats: ClientStats, decisions: list[Decision], report: Report
    ) -> Iterator[str]:
        """The owner's page: the exposure in one sentence, what to do, the counts."""
        lead, points = summary_points(stats, report.policy.warn_days)
        yield '<section class="owner">'
        yield f'<h2>{e(self._title(stats.client))}</h2>\n<p class="lead">{e(lead)}</p>\n'
        if points:
            yield '<ul class="points">' + "".join(f"<li>{e(p)}</li>" for p in points) + "</ul>\n"
        yield from owner_actions(decisions, report.policy.as_of, *self._naming())
        yield '<div class="cards">'
        for status, count, title in _cards(stats):
            yield (
                f'<div class="card {status}"><div class="n">{count:,}</div>'
                f'<div class="l">{e(title)}</div></div>'
            )
        yield "</div>\n"
        yield from self._contacts(stats.client)
        yield "</section>\n"

    def _contacts(self, client: str) -> Iterator[str]:
        info = self.options.clients.get(client)
        if info is None or not (info.contacts or info.contracts):
            return
        rows = [("Contacts", ", ".join(info.contacts)), ("Contracts", ", ".join(info.contracts))]
        yield '<dl class="contacts">'
        yield "".join(f"<dt>{k}</dt><dd>{e(v)}</dd>" for k, v in rows if v)
        yield "</dl>\n"

    def _detail(self, dates: list[Milestone], report: Report) -> Iterator[str]:
        """The technician's part: what loses support when, then every machine."""
        yield '<section class="detail"><h3 class="part">Details for your IT team</h3>\n'
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
        yield "</section>\n"

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
        client = self.options.for_client
        warnings = "".join(
            f"<p>Warning: {e(client_words(w) if client else w)}</p>" for w in report.warnings
        )
        overlay = f", with the local overlay {e(db.overlay)}" if db.overlay and not client else ""
        if db.overlay and client:
            overlay = ", with our own corrections"
        return (
            f"<footer><p>Evaluated as of {report.policy.as_of.isoformat()}, warning window "
            f"{report.policy.warn_days} days. Lifecycle data: {e(db.source)}, "
            f"{e(data_dated(db, report.policy.as_of))}: {db.products:,} products, "
            f"{db.cycles:,} release cycles, "
            'from <a href="https://endoflife.date" rel="noopener noreferrer">endoflife.date</a> '
            f"(MIT License){overlay}. Report produced by eolscan {e(__version__)}.</p>"
            f"{warnings}</footer>\n"
            "</main>\n</body>\n</html>\n"
        )
