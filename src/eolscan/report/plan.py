"""The action plan: findings grouped into the decisions an owner makes, each with a deadline.

"131 end of life" on a 30-seat practice is six decisions: upgrade these machines from this
release to that one, before this date (``report.decision``). A compact report's plan is
made from its columns (``report.plan_columns``); a list of findings, or a report that
spilled to disk, finding by finding. Effort, cost and wording are the formats'
(``formats.plan_text``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from eolscan.model import Finding
from eolscan.report.decision import (
    PLANNED,
    Decision,
    Order,
    deciding_order,
    decision_key,
    decision_values,
)
from eolscan.report.findings import FindingStream
from eolscan.report.plan_columns import decisions_from_columns

_VERDICTS_KEPT = 16_384
"""Verdicts whose planning answer a spilled report's plan keeps (a heavy report has
millions of distinct verdicts; its rows come sorted, so a verdict's rows come together)."""


def build_plan(findings: Iterable[Finding], as_of: date) -> list[Decision]:
    """Every decision per client: by the quarter to act in (overdue ones now), then what has
    ended before what still runs (an ended Windows Server before a 7-Zip update), then most
    machines first, then soonest deadline, undated last (then by name and ids, so the order
    is fixed). Each decision's machines are in name order."""
    columns = findings.columns() if isinstance(findings, FindingStream) else None
    if isinstance(findings, FindingStream) and columns is not None:
        decisions = decisions_from_columns(findings, columns)
    else:
        decisions = _from_findings(findings)
    return _in_plan_order(settled_by_their_release(with_their_release(decisions)), as_of)


def settled_by_their_release(decisions: list[Decision]) -> list[Decision]:
    """``decisions`` without the machines of an undetermined one (several candidate
    releases: ``Microsoft SQL Server 2016 (64-bit)``, listed without a version) that another
    decision of theirs places in one of those releases (the engine's ``13.2.5026.0``: SQL
    Server 2016 SP2), with the same upgrade: one installation, one decision."""
    if not any("+" in d.cycle for d in decisions):
        return decisions
    placed: dict[tuple[str, str, str | None], dict[str, set[str]]] = {}
    for d in decisions:
        if "+" not in d.cycle and d.maintained_by is None:
            by_cycle = placed.setdefault((d.client, d.product, d.upgrade_to), {})
            by_cycle.setdefault(d.cycle, set()).update(d.hosts)
    kept = []
    for d in decisions:
        known = placed.get((d.client, d.product, d.upgrade_to)) if "+" in d.cycle else None
        if known:
            hosts: set[str] = set()
            for cycle in d.cycle.split("+"):
                hosts |= known.get(cycle, set())
            if hosts:
                rest = [host for host in d.hosts if host not in hosts]
                if not rest:
                    continue
                d = replace(d, hosts=rest)
        kept.append(d)
    return kept


def with_their_release(decisions: list[Decision]) -> list[Decision]:
    """``decisions`` with each distribution build's machines moved into the decision about
    the OS release whose archive it comes from (``Decision.packages``): upgrading CentOS 7
    on a server replaces its OpenSSL, PHP and Apache packages, one decision, not six. A
    machine whose release has no decision of its own (accepted, ignored) keeps the build's."""
    if all(d.maintained_by is None for d in decisions):
        return decisions
    releases = {(d.client, d.product, d.cycle): d for d in decisions if d.maintained_by is None}
    moving: dict[int, set[str]] = {}  # each release decision's machines, as a set once
    kept = []
    for decision in decisions:
        release = None
        if decision.maintained_by is not None:
            release = releases.get((decision.client, *decision.maintained_by))
        if release is None:
            kept.append(decision)
            continue
        machines = moving.get(id(release))
        if machines is None:
            machines = moving[id(release)] = set(release.hosts)
        covered = [host for host in decision.hosts if host in machines]
        rest = [host for host in decision.hosts if host not in machines]
        if covered:
            release.packages.append(replace(decision, hosts=covered))
        if rest:
            kept.append(replace(decision, hosts=rest))
    for decision in kept:
        decision.packages.sort(key=lambda d: (d.product_label.lower(), d.product, d.cycle))
    return kept


def _in_plan_order(decisions: list[Decision], as_of: date) -> list[Decision]:
    """``decisions`` in the plan's order. What orders a decision apart from its client and
    its number of machines is worked out once per distinct (what, deadline): tens of
    thousands of decisions share a few hundred."""
    shared: dict[tuple[object, ...], tuple[str, tuple[date, str, str, str, str]]] = {}
    keys = []
    for d in decisions:
        about = (
            d.product,
            d.product_name,
            d.cycle,
            d.cycle_label,
            d.upgrade_to,
            d.deadline,
            d.status,  # an update in place is named otherwise (``product_label``)
        )
        found = shared.get(about)
        if found is None:
            rest = (
                d.due or date.max,
                d.product_label.lower(),
                d.product,
                d.cycle,
                d.upgrade_to or "",
            )
            found = shared[about] = (d.quarter(as_of), rest)
        quarter, rest = found
        keys.append((d.client, quarter, d.status.rank, -len(d.hosts), *rest))
    order = sorted(range(len(decisions)), key=keys.__getitem__)
    return list(map(decisions.__getitem__, order))


def _from_findings(findings: Iterable[Finding]) -> list[Decision]:
    """Decisions from findings one at a time (lists, and reports that spilled to disk)."""
    decisions: dict[tuple[str, ...], Decision] = {}
    hosts: dict[tuple[str, ...], set[str]] = {}
    orders: dict[tuple[str, ...], Order] = {}
    for client, host, finding in _planned(findings):
        key = (client, *decision_key(finding))
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = Decision(client, *decision_values(finding))
            hosts[key] = set()
            orders[key] = deciding_order(finding)
        elif (order := deciding_order(finding)) < orders[key]:
            # every value from the deciding verdict, as the plan from columns takes them
            decisions[key] = Decision(client, *decision_values(finding))
            orders[key] = order
        hosts[key].add(host)
    for made, decision in decisions.items():
        decision.hosts = sorted(sorted(hosts[made]), key=str.lower)
    return list(decisions.values())


def _planned(findings: Iterable[Finding]) -> Iterator[tuple[str, str, Finding]]:
    """(client, host, finding or verdict) of each row that calls for a decision. A report
    that spilled is read as entries, each verdict's status looked up once by its number:
    no Finding made per row (1.5M distinct rows: about 10 s of CPU)."""
    if not isinstance(findings, FindingStream):
        for finding in findings:
            if finding.status in PLANNED:
                yield finding.asset.client, finding.asset.host, finding
        return
    planned: dict[int, Finding | None] = {}
    for (client, host, *_), _, number in findings.entries():
        if number not in planned:
            if len(planned) >= _VERDICTS_KEPT:
                planned.clear()
            verdict = findings.verdict(number)
            planned[number] = verdict if verdict.status in PLANNED else None
        found = planned[number]
        if found is not None:
            yield client, host, found
