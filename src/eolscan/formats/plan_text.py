"""The action plan as owners read it: each decision's sentence, its JSON entry, its effort
and cost from ``[costs]``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from eolscan.formats.values import json_date
from eolscan.formats.words import plural
from eolscan.judgement.facts import policy_facts
from eolscan.model import Status
from eolscan.report.decision import Decision

if TYPE_CHECKING:
    from eolscan.formats.settings import Cost, Costs


def plan_cost(decision: Decision, costs: Costs | None) -> Cost | None:
    """The configured cost for a decision's cycle, else its product, else None."""
    return costs.lookup(decision.product, decision.cycle) if costs is not None else None


def decision_dict(decision: Decision, as_of: date, costs: Costs | None) -> dict[str, Any]:
    """A decision as the JSON report's ``plan`` entry (keys pinned by the contract test)."""
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
    if decision.packages:  # distribution builds the release's upgrade replaces
        values["packages"] = [
            {
                "product": package.product,
                "product_label": package.product_label,
                "cycle": package.cycle,
                "count": len(package.hosts),
                "hosts": package.sorted_hosts(),
            }
            for package in decision.packages
        ]
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
    packages = packages_text(decision, name)
    whose = "its" if len(hosts) == 1 else "their"
    also = ""
    if packages and _distribution(decision):
        also = f" The upgrade also replaces {whose} packages of {packages}."
    elif packages:  # Safari, Office for Mac: updated again once the OS is
        also = f" The upgrade also brings {whose} {packages} back into support."
    if decision.status is Status.EXTENDED:
        by = f"by {due.isoformat()}" if due is not None else "before it ends"
        return (
            f"Renew paid extended support for {what} on {machines}, or upgrade{target} {by}." + also
        )
    if target.startswith(" to remove it: "):
        return f"Remove {what} on {machines} ({target.removeprefix(' to remove it: ')}): {when}."
    if decision.update_only:
        newest = decision.upgrade_to_label or "the newest release"
        return f"Update {what} on {machines} to {newest}: {when}."
    verb = "Upgrade" if target else "Replace"
    return f"{verb} {what} on {machines}{target}: {when}.{also}"


def packages_note(decision: Decision, name: Callable[[str], str] = str) -> str:
    """``with its packages of nginx 1.18`` (``with its Apple Safari 17`` beside a macOS
    release): what a plan table shows beside a release's decision ("" for none)."""
    packages = packages_text(decision, name)
    if not packages:
        return ""
    whose = "its" if len(decision.hosts) == 1 else "their"
    return (
        f"with {whose} packages of {packages}"
        if _distribution(decision)
        else f"with {whose} {packages}"
    )


def _distribution(decision: Decision) -> bool:
    """Whether the decision is about a distribution release, whose items are its packages
    (not an OS some applications are updated with, such as macOS)."""
    return decision.product in policy_facts().distributions


def packages_text(decision: Decision, name: Callable[[str], str] = str) -> str:
    """``Apache HTTP Server 2.4, OpenSSL 1.0.2 (LTS) and PHP 5.4``: the distribution builds
    an OS release's decision replaces (``""``: none); one on only some of its machines
    says which."""
    named = []
    for package in decision.packages:
        label = name(package.product_label)
        if len(package.hosts) < len(decision.hosts):
            hosts = package.sorted_hosts()
            on = ", ".join(hosts) if len(hosts) <= 3 else f"{len(hosts)} of them"
            label += f" (on {on})"
        named.append(label)
    if len(named) < 2:
        return "".join(named)
    return ", ".join(named[:-1]) + " and " + named[-1]


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
