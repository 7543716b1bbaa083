"""The action plan: findings grouped into the decisions an owner makes, each with a deadline.

"131 end of life" on a 30-seat practice is six decisions: upgrade these machines from this
release to that one, before this date. A decision is one (client, product cycle, upgrade
target); it lists every machine, the deadline (end of security support, or of the paid
extended support in force), the quarter to act in, and effort and cost from ``[costs]``.
One pass over the findings (compact reports: over their verdicts and host groups only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from typing import TYPE_CHECKING, Any

from eolscan.formats.words import deadline, plural, product_text
from eolscan.model import DateOrFlag, Finding, Status

if TYPE_CHECKING:
    from eolscan.formats.settings import Cost, Costs

PLANNED = frozenset({Status.EOL, Status.EXTENDED, Status.WARN})
"""Statuses that call for a decision; unknown items are checked by hand, accepted and
ignored ones were decided already."""


@dataclass(slots=True)
class Decision:
    """One thing to do for one client: move these machines off this release by this date."""

    client: str
    product: str
    product_name: str
    cycle: str
    cycle_label: str
    upgrade_to: str | None
    upgrade_to_label: str
    status: Status
    deadline: DateOrFlag
    link: str | None = None
    hosts: set[str] = field(default_factory=set)

    @property
    def product_label(self) -> str:
        """``Microsoft Windows 10 22H2``: the release the machines run."""
        return product_text(self.product_name, self.cycle_label) or self.product

    @property
    def target(self) -> str:
        """``Microsoft Windows 11 26H1 (W)``: the release to move to, named in full."""
        if not self.upgrade_to_label:
            return ""
        return product_text(self.product_name, self.upgrade_to_label)

    @property
    def due(self) -> date | None:
        """The deadline as a date, or None when the data has only a flag."""
        return self.deadline if isinstance(self.deadline, date) else None

    def quarter(self, as_of: date) -> str:
        """``2027-Q1``: when to act; an overdue or undated deadline is this quarter."""
        day = self.due if self.due is not None and self.due > as_of else as_of
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"

    def sorted_hosts(self) -> list[str]:
        """Every machine, in name order."""
        return sorted(self.hosts, key=str.lower)


def _key(finding: Finding) -> tuple[str, str, str]:
    """What a decision is about, apart from the client: product, cycle, upgrade target."""
    return (
        finding.product or "",
        finding.cycle or "+".join(finding.candidates),
        finding.upgrade_to or "",
    )


def _new(client: str, finding: Finding) -> Decision:
    return Decision(
        client=client,
        product=finding.product or "",
        product_name=finding.product_label or "",
        cycle=finding.cycle or "+".join(finding.candidates),
        cycle_label=finding.cycle_label or " or ".join(finding.candidates),
        upgrade_to=finding.upgrade_to,
        upgrade_to_label=finding.upgrade_to_label or "",
        status=finding.status,
        deadline=deadline(finding),
        link=finding.link,
    )


def build_plan(findings: Iterable[Finding], as_of: date) -> list[Decision]:
    """Every decision per client: by the quarter to act in (overdue ones now), then most
    machines first, then soonest deadline."""
    decisions: dict[tuple[str, str, str, str], Decision] = {}
    for client, host, finding, about in _planned(findings):
        key = (client, *about)
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = _new(client, finding)
        elif finding.status.rank < decision.status.rank:
            decision.status, decision.deadline = finding.status, deadline(finding)
        decision.hosts.add(host)
    return sorted(
        decisions.values(),
        key=lambda d: (
            d.client,
            d.quarter(as_of),
            -len(d.hosts),
            d.due or date.min,
            d.product_label.lower(),
        ),
    )


Planned = tuple[str, str, Finding, tuple[str, str, str]]
"""(client, host, finding or verdict, what the decision is about)."""


def _planned(findings: Iterable[Finding]) -> Iterator[Planned]:
    """What needs a decision. A compact report's rows are filtered in C (``compress`` over
    the verdict numbers) and each (host, verdict) pair is read once: no Finding per row
    (220k rows: 0.6 s row by row, 0.1 s so)."""
    from eolscan.report.scan import FindingStream

    if not isinstance(findings, FindingStream):
        for finding in findings:
            if finding.status in PLANNED:
                yield finding.asset.client, finding.asset.host, finding, _key(finding)
        return
    wanted = {
        number: (verdict, _key(verdict))
        for number in range(findings.verdict_count)
        if (verdict := findings.verdict(number)).status in PLANNED
    }
    if not wanted:
        return
    columns = findings.columns()
    if columns is None:  # spilled to disk: row by row
        for (client, host, _, _), _, number in findings.entries():
            if number in wanted:
                yield client, host, *wanted[number]
        return
    groups, group_ids, _, numbers = columns
    flags = bytes(number in wanted for number in range(findings.verdict_count))
    pairs = set(compress(zip(group_ids, numbers, strict=True), map(flags.__getitem__, numbers)))
    for group_id, number in pairs:
        client, host, _, _ = groups[group_id]
        yield client, host, *wanted[number]


def plan_cost(decision: Decision, costs: Costs | None) -> Cost | None:
    """The configured cost for a decision's cycle, else its product, else None."""
    return costs.lookup(decision.product, decision.cycle) if costs is not None else None


def decision_dict(decision: Decision, as_of: date, costs: Costs | None) -> dict[str, Any]:
    """A decision as the JSON report's ``plan`` entry (keys pinned by the contract test)."""
    from eolscan.formats.values import json_date

    hosts = decision.sorted_hosts()
    values: dict[str, Any] = {
        "client": decision.client,
        "product": decision.product,
        "product_label": decision.product_label,
        "cycle": decision.cycle,
        "cycle_label": decision.cycle_label or None,
        "upgrade_to": decision.upgrade_to,
        "upgrade_to_label": decision.upgrade_to_label or None,
        "status": str(decision.status),
        "deadline": json_date(decision.deadline),
        "quarter": decision.quarter(as_of),
        "count": len(hosts),
        "hosts": hosts,
    }
    cost = plan_cost(decision, costs)
    if cost is not None and costs is not None:
        count = len(hosts)
        if cost.hours is not None:
            values["effort"] = {"hours_each": cost.hours, "hours": _round(cost.hours * count)}
        if cost.price is not None or cost.esu is not None:
            money: dict[str, Any] = {"currency": costs.currency or None}
            if cost.price is not None:
                money.update(each=cost.price, total=_round(cost.price * count))
            if cost.esu is not None:
                money.update(esu_each=cost.esu, esu_total=_round(cost.esu * count))
            values["cost"] = money
    return values


def _round(value: float) -> float | int:
    """A total as written: whole numbers stay integers (``18``, not ``18.0``)."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def action_sentence(
    decision: Decision, as_of: date, names: int = 6, name: Callable[[str], str] = str
) -> str:
    """The owner's sentence: what to do, on which machines, by when (``name`` words a
    product for the audience)."""
    hosts = decision.sorted_hosts()
    machines = (
        ", ".join(hosts)
        if len(hosts) <= names
        else f"these {plural(len(hosts), 'machine')} (listed in the plan)"
    )
    what = name(decision.product_label)
    target = f" to {name(decision.target)}" if decision.target else ""
    due = decision.due
    when = (
        f"overdue since {due.isoformat()}"
        if due is not None and due <= as_of
        else (f"before {due.isoformat()}" if due is not None else "as soon as possible")
    )
    if decision.status is Status.EXTENDED:
        by = f"by {due.isoformat()}" if due is not None else "before it ends"
        return f"Renew paid extended support for {what} on {machines}, or upgrade{target} {by}."
    verb = "Upgrade" if target else "Replace"
    return f"{verb} {what} on {machines}{target}: {when}."


def total_cost(decisions: Iterable[Decision], costs: Costs | None) -> tuple[float, float] | None:
    """(hours, price) over every decision that has a configured cost, or None when none has."""
    hours = price = 0.0
    found = False
    for decision in decisions:
        cost = plan_cost(decision, costs)
        if cost is None:
            continue
        found = True
        hours += (cost.hours or 0) * len(decision.hosts)
        price += (cost.price or 0) * len(decision.hosts)
    return (hours, price) if found else None
