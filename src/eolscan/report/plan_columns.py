"""A compact report's action plan from its columns, with no Python code per row.

A million rows give tens of thousands of decisions: in C, each planned row's machine is
appended to the list of its (client, verdict) pair; a decision (per client and what is
decided) takes its pairs' machines and the worst status among them, and puts its machines
in name order once. Only decisions, verdicts and host groups cost Python.
(One sort of every row's (decision, machine) number instead costs half as much again: a
sort of 600,000 numbers in no order is slower than 30,000 small ones.)
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping
from itertools import chain, compress
from operator import add
from typing import TYPE_CHECKING, Any

from eolscan.model import Finding
from eolscan.report.compact_rows import RANKS
from eolscan.report.decision import PLANNED, Decision, decision_key, decision_values

if TYPE_CHECKING:
    from eolscan.report.compact_rows import Columns
    from eolscan.report.findings import FindingStream


def decisions_from_columns(stream: FindingStream, columns: Columns) -> list[Decision]:
    """Every decision of a compact report (unordered): per client and what is decided, its
    machines in name order and the status of its worst verdict."""
    groups = columns[0]
    about: dict[tuple[str, str, str], int] = {}
    planned: dict[int, tuple[Finding, int]] = {}
    verdicts = stream.verdict_count
    for number in range(verdicts):
        verdict = stream.verdict(number)
        if verdict.status in PLANNED:
            planned[number] = (verdict, about.setdefault(decision_key(verdict), len(about)))
    if not planned:
        return []
    clients = sorted({group[0] for group in groups})
    client_ids = {client: at for at, client in enumerate(clients)}
    hosts = sorted(dict.fromkeys(group[1] for group in groups))  # in input order: often
    hosts.sort(key=str.lower)  # sorted already. Stable: by name whatever the case, then case
    host_ids = {host: at for at, host in enumerate(hosts)}
    planned_groups, planned_numbers = _planned_rows(stream, columns, planned)
    # each distinct (client, verdict) pair of the rows, as client * verdicts + verdict, gets
    # its rows' machines appended, in C
    by_verdicts = [client_ids[group[0]] * verdicts for group in groups]
    group_hosts = [host_ids[group[1]] for group in groups]
    by_pair: defaultdict[int, list[int]] = defaultdict(list)
    pairs = map(add, map(by_verdicts.__getitem__, planned_groups), planned_numbers)
    row_hosts = map(group_hosts.__getitem__, planned_groups)
    deque(map(list.append, map(by_pair.__getitem__, pairs), row_hosts), maxlen=0)
    kinds = len(about)
    decisions = []
    made: dict[int, tuple[Any, ...]] = {}  # a verdict's decision, apart from its client
    for code, (number, found) in _by_decision(by_pair, planned, verdicts, kinds).items():
        values = made.get(number)
        if values is None:
            values = made[number] = decision_values(planned[number][0])
        decision = Decision(clients[code // kinds], *values)
        decision.hosts = list(map(hosts.__getitem__, sorted(set(found))))
        decisions.append(decision)
    return decisions


def _by_decision(
    by_pair: Mapping[int, list[int]],
    planned: Mapping[int, tuple[Finding, int]],
    verdicts: int,
    kinds: int,
) -> dict[int, tuple[int, list[int]]]:
    """Each decision (``client * kinds + about``) -> (the verdict that gives it its status,
    its machines with repeats): of its (client, verdict) pairs, the worst status, then the
    lowest verdict number."""
    ranks = {
        number: (verdict.status.rank, about_id) for number, (verdict, about_id) in planned.items()
    }
    found: dict[int, tuple[int, int, list[int]]] = {}  # decision -> (rank, verdict, machines)
    for pair in sorted(by_pair):
        client_id, number = divmod(pair, verdicts)
        rank, about_id = ranks[number]
        code = client_id * kinds + about_id
        best = found.get(code)
        if best is None:
            found[code] = (rank, number, by_pair[pair])
            continue
        machines = best[2] + by_pair[pair]
        found[code] = (rank, number, machines) if rank < best[0] else (*best[:2], machines)
    return {code: (number, machines) for code, (_, number, machines) in found.items()}


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
