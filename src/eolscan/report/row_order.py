"""The report order every format uses: per client, worst first, then host and name, then
input order; for compact rows, one sort of numbers.

Sorting a million rows by tuples of strings takes seconds; by one number per row, made of
dense ranks of the few distinct clients, hosts and verdicts, it takes a fraction of that.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from operator import add, itemgetter

from eolscan.model import Finding
from eolscan.report.compact_rows import RANKS, CompactRows
from eolscan.report.verdict_index import Order

_RANK_BITS = RANKS.bit_length() - 1
ORDER = "client, status rank, host lower-cased, kind, name lower-cased, input order"
"""The report order by name: kept with a remembered report (``app.remembered_reports``),
whose lines are walked beside a run's only if both were sorted the same way. Say here
when ``sort_key`` or ``sort_rows`` changes."""


def sort_key(finding: Finding) -> tuple[str, int, str, str, str]:
    """Per client, worst first, then host and name: the order every format uses."""
    asset = finding.asset
    return (asset.client, finding.status.rank, asset.host.lower(), asset.kind, asset.name.lower())


def sort_rows(rows: CompactRows, order: list[Order]) -> None:
    """Put the rows in report order with one stable sort of numbers, then rewrite the
    columns in that order (formats then read them front to back). ``order`` is each
    verdict's (status rank, kind, name lower-cased).

    A row's key adds a group part (client, host) to a verdict part (status rank, kind
    and name), each a dense rank in its own bit field. Floats while the key fits in
    53 bits: the fastest comparison list.sort has (tuples of strings sort far slower).
    Group ids and verdict numbers become lists of shared int objects (a list is read
    several times faster than an array, which makes an int per item read, and costs 8
    bytes a row); lines, all distinct, stay an array. ``rows.rank_starts`` is where each
    client's rows of each status rank start, found by bisection of the sorted keys.
    """
    groups = rows.groups
    clients = sorted(set(map(itemgetter(0), groups)))
    lowered = list(map(str.lower, map(itemgetter(1), groups)))
    # in input order, often sorted already: the sort then only checks it
    hosts = sorted(dict.fromkeys(lowered))
    rows.case_twins = len(hosts) != len(set(map(itemgetter(1), groups)))
    names = {key: at for at, key in enumerate(sorted({o[1:] for o in order}))}
    name_bits = len(names).bit_length()
    rank_shift = name_bits + len(hosts).bit_length()
    client_shift = rank_shift + _RANK_BITS
    number = float if client_shift + len(clients).bit_length() <= 53 else int
    by_client = {client: number(at << client_shift) for at, client in enumerate(clients)}
    by_host = {host: number(at << name_bits) for at, host in enumerate(hosts)}
    by_group = list(  # the two fields' bits do not overlap: added, as or-ed
        map(
            add,
            map(by_client.__getitem__, map(itemgetter(0), groups)),
            map(by_host.__getitem__, lowered),
        )
    )
    by_verdict = [number(rank << rank_shift | names[kind, name]) for rank, kind, name in order]
    group_ids = rows.expanded_groups()
    numbers = rows.numbers
    keys = list(
        map(add, map(by_group.__getitem__, group_ids), map(by_verdict.__getitem__, numbers))
    )
    ordered = sorted(range(len(keys)), key=keys.__getitem__)
    rows.rank_starts = [
        bisect_left(
            ordered, number(client << client_shift | rank << rank_shift), key=keys.__getitem__
        )
        for client in range(len(clients))
        for rank in range(1 << _RANK_BITS)
    ]
    rows.rank_starts.append(len(ordered))
    del keys
    rows.group_ids = list(map(group_ids.__getitem__, ordered))
    del group_ids
    rows.numbers = list(map(numbers.__getitem__, ordered))
    del numbers
    lines = rows.lines
    rows.lines = array("i", map(lines.__getitem__, ordered))
