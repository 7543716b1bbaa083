"""A compact report's action plan from its columns, with no Python code per row.

A million rows give tens of thousands of decisions: client by client, in C, each planned
row's machine is appended to the list of its verdict; a decision (per client and what is
decided) takes its verdicts' machines and the worst status among them. The rows are in
report order, so a decision of one verdict has its machines in name order already; only
one of several verdicts sorts them. Only decisions, verdicts and host groups cost Python.
(One sort of every row's (decision, machine) number instead costs half as much again: a
sort of 600,000 numbers in no order is slower than 30,000 small ones.)
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, compress
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from eolscan.model import Finding
from eolscan.report.compact_rows import RANKS
from eolscan.report.decision import (
    PLANNED,
    Decision,
    Order,
    deciding_order,
    decision_key,
    decision_values,
)

if TYPE_CHECKING:
    from eolscan.report.compact_rows import Columns
    from eolscan.report.findings import FindingStream


def decisions_from_columns(stream: FindingStream, columns: Columns) -> list[Decision]:
    """Every decision of a compact report (unordered): per client and what is decided, its
    machines in name order and the status of its worst verdict."""
    groups = columns[0]
    about: dict[tuple[str, ...], int] = {}
    planned: dict[int, tuple[Finding, int]] = {}
    for number in range(stream.verdict_count):
        verdict = stream.verdict(number)
        if verdict.status in PLANNED:
            planned[number] = (verdict, about.setdefault(decision_key(verdict), len(about)))
    if not planned:
        return []
    clients = sorted(stream.clients)  # the groups' clients, as the rows are sorted
    group_hosts = list(map(itemgetter(1), groups))
    # Rows are in report order: the rows of one client's verdict (one status rank, kind and
    # name) come by host lower-cased, repeats together. Unless two hosts differ only in
    # case, that is name order, and the machines of a decision of one verdict need no sort.
    in_name_order = stream.case_twins() is False
    ranks = {number: (deciding_order(verdict), at) for number, (verdict, at) in planned.items()}
    decisions = []
    made: dict[int, tuple[Any, ...]] = {}  # a verdict's decision, apart from its client
    for client_id, row_groups, row_numbers in _planned_rows(stream, columns, planned, clients):
        machines: defaultdict[int, list[str]] = defaultdict(list)  # per verdict number, in C
        rows = map(machines.__getitem__, row_numbers)
        deque(map(list.append, rows, map(group_hosts.__getitem__, row_groups)), maxlen=0)
        for number, found in _by_decision(machines, ranks):
            values = made.get(number)
            if values is None:
                values = made[number] = decision_values(planned[number][0])
            decision = Decision(clients[client_id], *values)
            if in_name_order and len(found) == 1:
                decision.hosts = list(dict.fromkeys(found[0]))
            else:
                decision.hosts = sorted(sorted(set(chain.from_iterable(found))), key=str.lower)
            decisions.append(decision)
    return decisions


def _by_decision(
    machines: Mapping[int, list[str]], ranks: Mapping[int, tuple[Order, int]]
) -> Iterable[tuple[int, list[list[str]]]]:
    """One client's decisions: (the verdict that gives it its status, the machines of each
    of its verdicts), from each verdict's machines; of a decision's verdicts, the first in
    ``deciding_order`` gives it, then the lowest number."""
    found: dict[int, tuple[Order, int, list[list[str]]]] = {}  # about -> order, verdict, machines
    for number in sorted(machines):
        order, about_id = ranks[number]
        best = found.get(about_id)
        if best is None:
            found[about_id] = (order, number, [machines[number]])
            continue
        best[2].append(machines[number])
        if order < best[0]:
            found[about_id] = (order, number, best[2])
    return [(number, lists) for _, number, lists in found.values()]


def _planned_rows(
    stream: FindingStream, columns: Columns, planned: Mapping[int, object], clients: list[str]
) -> Iterator[tuple[int, Iterable[int], Iterable[int]]]:
    """Each client's (number in ``clients``, group ids, verdict numbers) of its rows that
    call for a decision. Rows are sorted by client, then status rank: those of the planned
    ranks are a few slices per client (``FindingStream.rank_starts``), copied in C; else
    the rows are filtered in C and parted by client."""
    _, group_ids, _, numbers = columns
    starts = stream.rank_starts()
    if starts and isinstance(group_ids, list) and isinstance(numbers, list):
        ranks = sorted({status.rank for status in PLANNED})
        for client_id, at in enumerate(range(0, len(starts) - 1, RANKS)):
            slices = [slice(starts[at + rank], starts[at + rank + 1]) for rank in ranks]
            yield (
                client_id,
                chain.from_iterable(map(group_ids.__getitem__, slices)),
                chain.from_iterable(map(numbers.__getitem__, slices)),
            )
        return
    flags = bytes(n in planned for n in range(stream.verdict_count))
    wanted = bytes(map(flags.__getitem__, numbers))
    client_ids = {client: at for at, client in enumerate(clients)}
    by_client: defaultdict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    groups = columns[0]
    for group, number in zip(compress(group_ids, wanted), compress(numbers, wanted), strict=True):
        found = by_client[client_ids[groups[group][0]]]
        found[0].append(group)
        found[1].append(number)
    for client_id in sorted(by_client):
        yield client_id, *by_client[client_id]
