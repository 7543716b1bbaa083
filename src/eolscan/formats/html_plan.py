"""The HTML report's owner pages: a one-page summary of decisions, the action plan, appendices.

An owner reads the first page and knows what to approve; the plan lists every machine
per decision; the appendices keep unidentified and ignored items out of the headline
without losing them (one line per distinct name, with how many machines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from eolscan.formats.plan_text import action_sentence, packages_note, plan_cost, total_cost
from eolscan.formats.table import visible
from eolscan.formats.values import ends_text
from eolscan.formats.words import STATUS_TITLES, UPDATE_DUE, archive_group, archive_note, plural
from eolscan.model import Finding, Status
from eolscan.report.decision import Decision

if TYPE_CHECKING:
    from eolscan.formats.settings import Costs

SUMMARY_ACTIONS = 8
"""Decisions worded on the owner's page; the plan lists them all."""


def e(value: object) -> str:
    """Escape for HTML text and quoted attributes; control characters shown as ``\\xNN``."""
    return _escaped(value if type(value) is str else str(value))


@lru_cache(maxsize=65_536)
def _escaped(text: str) -> str:
    """``e`` of a text, kept for the run: a book's pages repeat names, versions and dates."""
    return escape(visible(text), quote=True)


_HYPHENATED = re.compile(r"[\w.]+(?:-[\w.]+)+")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def whole_words(html_text: str, words: re.Pattern[str] = _HYPHENATED) -> str:
    """Escaped text whose hyphenated words (``2025-10-14``, ``OFFICE-01``) never break at
    the hyphen when a line wraps (``words``: which ones)."""
    return words.sub(lambda m: f'<span class="name">{m.group(0)}</span>', html_text)


def whole_dates(html_text: str) -> str:
    """Escaped text whose dates never break at a hyphen ("2029-" / "06-30") in a narrow
    column; other hyphenated words (a long package name) may still wrap."""
    return whole_words(html_text, _DATE)


def money(value: float, currency: str) -> str:
    """``EUR 1,350`` / ``1,350.50``."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return f"{currency} {text}" if currency else text


def hours(value: float) -> str:
    """``18 h`` / ``2.5 h``."""
    return f"{value:g} h"


def owner_actions(
    decisions: list[Decision], as_of: date, costs: Costs | None, name: Callable[[str], str]
) -> Iterator[str]:
    """The summary's "What to do" list: the first decisions as sentences, and the total."""
    if not decisions:
        yield "<p>No machine needs an upgrade decision now.</p>\n"
        return
    yield f'<h3>What to do ({plural(len(decisions), "decision")})</h3>\n<ol class="actions">'
    for decision in decisions[:SUMMARY_ACTIONS]:
        yield f"<li>{whole_words(e(action_sentence(decision, as_of, name=name)))}</li>"
    yield "</ol>\n"
    if len(decisions) > SUMMARY_ACTIONS:
        more = len(decisions) - SUMMARY_ACTIONS
        yield f'<p class="note">and {plural(more, "more decision")} in the action plan below.</p>\n'
    total = total_cost(decisions, costs)
    if total is not None and costs is not None:
        spent, price = total
        parts = [f"about {hours(spent)} of work"] if spent else []
        if price:
            parts.append(money(price, costs.currency))
        if parts:
            estimate = e(", ".join(parts))
            yield f'<p class="total">Estimated: {estimate} (priced decisions only).</p>\n'


def plan_table(
    decisions: list[Decision], as_of: date, costs: Costs | None, name: Callable[[str], str]
) -> Iterator[str]:
    """The action plan: one row per decision with every machine, deadline and quarter."""
    if not decisions:
        return
    priced = costs is not None and any(plan_cost(d, costs) for d in decisions)
    yield '<section class="plan"><h3>Action plan</h3>\n<table class="plan"><thead><tr>'
    yield '<th class="num">#</th><th>Decision</th><th>Machines</th>'
    yield "<th>Deadline</th><th>Quarter</th>"
    yield "<th>Effort and cost</th>" if priced else ""
    yield "</tr></thead><tbody>\n"
    for number, decision in enumerate(decisions, 1):
        target = f" → {name(decision.target)}" if decision.target else f" → {decision.action}"
        hosts = decision.sorted_hosts()
        overdue = decision.due is not None and decision.due <= as_of
        yield (
            f'<tr><td class="num">{number}</td><td><span class="badge {decision.status}">'
            f"{e(UPDATE_DUE if decision.update_only else STATUS_TITLES[decision.status])}</span> "
            f"{e(name(decision.product_label))}"
            f"{e(target)}{_under(packages_note(decision, name))}</td>"
            f"<td><strong>{len(hosts):,}</strong>: "
            f'<span class="hosts">{_names(hosts)}</span></td>'
            f'<td class="date{" overdue" if overdue else ""}">{e(ends_text(decision.deadline))}'
            f"{'<br><small>overdue</small>' if overdue else ''}</td>"
            f'<td class="date">{e(decision.quarter(as_of))}</td>'
        )
        if priced:
            yield f"<td>{e(cost_text(decision, costs))}</td>"
        yield "</tr>\n"
    yield "</tbody></table></section>\n"


def _names(hosts: list[str]) -> str:
    """Machine names that wrap between names, never inside one."""
    return ", ".join(f'<span class="name">{e(host)}</span>' for host in hosts)


def cost_text(decision: Decision, costs: Costs | None) -> str:
    cost = plan_cost(decision, costs)
    if cost is None or costs is None:
        return ""
    count = len(decision.hosts)
    parts = []
    if cost.hours is not None:
        parts.append(hours(cost.hours * count))
    if cost.price is not None:
        parts.append(money(cost.price * count, costs.currency))
    if cost.esu is not None:
        parts.append(f"or extended support {money(cost.esu * count, costs.currency)}/year")
    return ", ".join(parts)


def appendix(
    findings: Iterable[Finding], status: Status, title: str, intro: str, for_client: bool = False
) -> Iterator[str]:
    """One row per distinct item name with ``status``: how many machines, and which. The
    client's copy gives an ignored item's reason without what it was before, and no
    matcher's reason for an unidentified one."""
    names: dict[str, tuple[set[str], str]] = {}
    gathered: dict[str, set[str]] = {}  # a release's unidentified packages: their names
    for finding in findings:
        if finding.status is status:
            reason = finding.reason.split(" (was ", 1)[0] if for_client else finding.reason
            group = archive_group(finding)
            if group:
                gathered.setdefault(group, set()).add(finding.asset.name)
            hosts, _ = names.setdefault(group or finding.asset.name, (set(), reason))
            hosts.add(finding.asset.host)
    for group, members in gathered.items():
        names[group] = (names[group][0], archive_note(group, members))
    if not names:
        return
    why = not (for_client and status is Status.UNKNOWN) or bool(gathered)
    yield f'<section class="appendix"><h3>{e(title)}</h3>\n<p class="note">{e(intro)}</p>\n'
    yield '<table><thead><tr><th>Item</th><th class="num">Machines</th><th>Which</th>'
    yield ("<th>Why</th>" if why else "") + "</tr></thead><tbody>\n"
    ordered = sorted(names.items(), key=lambda item: (-len(item[1][0]), item[0].lower()))
    for item, (hosts, reason) in ordered:
        which = ", ".join(sorted(hosts, key=str.lower))
        shown = why and (item in gathered or not (for_client and status is Status.UNKNOWN))
        note = f'<td class="note">{e(reason)}</td>' if shown else ("<td></td>" if why else "")
        yield (
            f'<tr><td>{e(item)}</td><td class="num">{len(hosts):,}</td>'
            f'<td class="hosts">{e(which)}</td>{note}</tr>\n'
        )
    yield "</tbody></table></section>\n"


def _under(note: str) -> str:
    """A note under a plan table's decision, in small print ("" for none)."""
    return f"<br><small>{e(note)}</small>" if note else ""
