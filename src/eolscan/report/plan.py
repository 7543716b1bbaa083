"""The action plan: findings grouped into the decisions an owner makes, each with a deadline.

"131 end of life" on a 30-seat practice is six decisions: upgrade these machines from this
release to that one, before this date. A decision is one (client, product cycle, upgrade
target); it lists every machine, the deadline (end of security support, or of the paid
extended support in force), the quarter to act in, and effort and cost from ``[costs]``.
A compact report's plan is made from its columns in C: no Python code per row.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain, compress
from operator import add
from typing import TYPE_CHECKING, Any

from eolscan.formats.words import deadline, plural, product_text
from eolscan.model import DateOrFlag, Finding, Status
from eolscan.report.compact_rows import RANKS

if TYPE_CHECKING:
    from eolscan.formats.settings import Cost, Costs
    from eolscan.report.compact_rows import Columns
    from eolscan.report.findings import FindingStream

_VERDICTS_KEPT = 16_384
"""Verdicts whose planning answer a spilled report's plan keeps (a heavy report has
millions of distinct verdicts; its rows come sorted, so a verdict's rows come together)."""

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
    hosts: list[str] = field(default_factory=list)
    """Every machine, in name order."""

    @property
    def product_label(self) -> str:
        """``Microsoft Windows 10 22H2``: the release the machines run."""
        return product_text(self.product_name, self.cycle_label) or self.product

    @property
    def target(self) -> str:
        """``Microsoft Windows 11 26H1 (W)``: the release to move to, named in full."""
        if not self.upgrade_to_label:
            return ""
        if self.upgrade_to is None and not self.upgrade_to_label[0].isdigit():
            return self.upgrade_to_label  # a vendor-named successor, named in full
        return product_text(self.product_name, self.upgrade_to_label)

    @property
    def update_only(self) -> bool:
        """Behind the newest release of a product with no published end dates (7-Zip, Edge,
        Acrobat DC): the fix is updating in place, not replacing it."""
        return self.status is Status.WARN and self.deadline is None and not self.upgrade_to_label

    @property
    def action(self) -> str:
        """What the plan says to do when no release is named: update in place, or replace."""
        return "update to the newest release" if self.update_only else "replace"

    @property
    def due(self) -> date | None:
        """The deadline as a date, or None when the data has only a flag."""
        return self.deadline if isinstance(self.deadline, date) else None

    def quarter(self, as_of: date) -> str:
        """``2027-Q1``: when to act; an overdue or undated deadline is this quarter."""
        due = self.due
        return _quarter(due if due is not None and due > as_of else as_of)

    def sorted_hosts(self) -> list[str]:
        """Every machine, in name order."""
        return self.hosts


@lru_cache(maxsize=4_096)
def _quarter(day: date) -> str:
    """``2027-Q1`` for a day (a plan of 28,000 decisions has a few hundred deadlines)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _key(finding: Finding) -> tuple[str, str, str]:
    """What a decision is about, apart from the client: product, cycle, upgrade target."""
    return (
        finding.product or "",
        finding.cycle or "+".join(finding.candidates),
        finding.upgrade_to or "",
    )


def _new(client: str, finding: Finding) -> Decision:
    return Decision(client, *_values(finding))


def _values(finding: Finding) -> tuple[Any, ...]:
    """A decision's fields after its client, from the finding that decides them."""
    return (
        finding.product or "",
        finding.product_label or "",
        finding.cycle or "+".join(finding.candidates),
        finding.cycle_label or " or ".join(finding.candidates),
        finding.upgrade_to,
        finding.upgrade_to_label or "",
        finding.status,
        deadline(finding),
        finding.link,
    )


def build_plan(findings: Iterable[Finding], as_of: date) -> list[Decision]:
    """Every decision per client: by the quarter to act in (overdue ones now), then what has
    ended before what still runs (an ended Windows Server before a 7-Zip update), then most
    machines first, then soonest deadline, undated last (then by name and ids, so the order
    is fixed). Each decision's machines are in name order."""
    from eolscan.report.findings import FindingStream

    columns = findings.columns() if isinstance(findings, FindingStream) else None
    if isinstance(findings, FindingStream) and columns is not None:
        decisions = _from_columns(findings, columns)
    else:
        decisions = _from_findings(findings)
    return sorted(
        decisions,
        key=lambda d: (
            d.client,
            d.quarter(as_of),
            d.status.rank,
            -len(d.hosts),
            d.due or date.max,
            d.product_label.lower(),
            d.product,
            d.cycle,
            d.upgrade_to or "",
        ),
    )


def _from_findings(findings: Iterable[Finding]) -> list[Decision]:
    """Decisions from findings one at a time (lists, and reports that spilled to disk)."""
    decisions: dict[tuple[str, str, str, str], Decision] = {}
    hosts: dict[tuple[str, str, str, str], set[str]] = {}
    for client, host, finding in _planned(findings):
        key = (client, *_key(finding))
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = _new(client, finding)
            hosts[key] = set()
        elif finding.status.rank < decision.status.rank:
            decision.status, decision.deadline = finding.status, deadline(finding)
        hosts[key].add(host)
    for key, decision in decisions.items():
        decision.hosts = sorted(sorted(hosts[key]), key=str.lower)
    return list(decisions.values())


def _planned(findings: Iterable[Finding]) -> Iterator[tuple[str, str, Finding]]:
    """(client, host, finding or verdict) of each row that calls for a decision. A report
    that spilled is read as entries, each verdict's status looked up once by its number:
    no Finding made per row (1.5M distinct rows: about 10 s of CPU)."""
    from eolscan.report.findings import FindingStream

    if not isinstance(findings, FindingStream):
        for finding in findings:
            if finding.status in PLANNED:
                yield finding.asset.client, finding.asset.host, finding
        return
    planned: dict[int, Finding | None] = {}
    for (client, host, _, _), _, number in findings.entries():
        if number not in planned:
            if len(planned) >= _VERDICTS_KEPT:
                planned.clear()
            verdict = findings.verdict(number)
            planned[number] = verdict if verdict.status in PLANNED else None
        found = planned[number]
        if found is not None:
            yield client, host, found


def _from_columns(stream: FindingStream, columns: Columns) -> list[Decision]:
    """Decisions from a compact report's columns with no Python code per row: in C, each
    planned row's machine is appended to its decision's list (a decision per client and
    what is decided), and the distinct (client, verdict) pairs give each decision its
    worst status; then each decision's machines are put in name order once. What a row
    needs of its host group (its client's offset, its machine) is made once per group."""
    groups = columns[0]
    about: dict[tuple[str, str, str], int] = {}
    planned: dict[int, tuple[Finding, int]] = {}
    verdicts = stream.verdict_count
    for number in range(verdicts):
        verdict = stream.verdict(number)
        if verdict.status in PLANNED:
            planned[number] = (verdict, about.setdefault(_key(verdict), len(about)))
    if not planned:
        return []
    clients = sorted({client for client, _, _, _ in groups})
    client_ids = {client: at for at, client in enumerate(clients)}
    hosts = sorted({host for _, host, _, _ in groups})
    hosts.sort(key=str.lower)  # stable: by name whatever the case, then by case
    host_ids = {host: at for at, host in enumerate(hosts)}
    planned_groups, planned_numbers = _planned_rows(stream, columns, planned)
    group_clients = [client_ids[client] for client, _, _, _ in groups]
    by_verdicts = [client * verdicts for client in group_clients]
    pairs = set(map(add, map(by_verdicts.__getitem__, planned_groups), planned_numbers))
    kinds = len(about)
    worst: dict[int, tuple[int, int]] = {}  # client * kinds + about -> (rank, verdict number)
    ranks = {
        number: (verdict.status.rank, about_id) for number, (verdict, about_id) in planned.items()
    }
    for pair in sorted(pairs):
        client_id, number = divmod(pair, verdicts)
        rank, about_id = ranks[number]
        code = client_id * kinds + about_id
        best = worst.get(code)
        if best is None or rank < best[0]:
            worst[code] = (rank, number)
    machines: dict[int, list[int]] = {code: [] for code in worst}
    about_of = [planned[n][1] if n in planned else 0 for n in range(verdicts)]
    by_kinds = [client * kinds for client in group_clients]
    row_decisions = map(
        add, map(by_kinds.__getitem__, planned_groups), map(about_of.__getitem__, planned_numbers)
    )
    group_hosts = [host_ids[host] for _, host, _, _ in groups]
    row_hosts = map(group_hosts.__getitem__, planned_groups)
    deque(map(list.append, map(machines.__getitem__, row_decisions), row_hosts), maxlen=0)
    decisions = []
    made: dict[int, tuple[Any, ...]] = {}  # a verdict's decision, apart from its client
    for code, found in machines.items():
        number = worst[code][1]
        values = made.get(number)
        if values is None:
            values = made[number] = _values(planned[number][0])
        decision = Decision(clients[code // kinds], *values)
        decision.hosts = list(map(hosts.__getitem__, sorted(set(found))))
        decisions.append(decision)
    return decisions


def _planned_rows(
    stream: FindingStream, columns: Columns, planned: Mapping[int, object]
) -> tuple[list[int], list[int]]:
    """(group ids, verdict numbers) of the rows that call for a decision. Rows are sorted
    by client, then status rank: those of the planned ranks are a few slices per client
    (``FindingStream.rank_starts``), copied in C; else the rows are filtered in C."""
    _, group_ids, _, numbers = columns
    starts = stream.rank_starts()
    if starts and isinstance(group_ids, list) and isinstance(numbers, list):
        ranks = sorted({status.rank for status in PLANNED})
        firsts = [at + rank for at in range(0, len(starts) - 1, RANKS) for rank in ranks]
        slices = list(
            map(slice, map(starts.__getitem__, firsts), [starts[at + 1] for at in firsts])
        )
        return (
            list(chain.from_iterable(map(group_ids.__getitem__, slices))),
            list(chain.from_iterable(map(numbers.__getitem__, slices))),
        )
    flags = bytes(n in planned for n in range(stream.verdict_count))
    wanted = bytes(map(flags.__getitem__, numbers))
    return list(compress(group_ids, wanted)), list(compress(numbers, wanted))


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
    if target.startswith(" to remove it: "):
        return f"Remove {what} on {machines} ({target.removeprefix(' to remove it: ')}): {when}."
    if decision.update_only:
        return f"Update {what} on {machines} to the newest release: {when}."
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
