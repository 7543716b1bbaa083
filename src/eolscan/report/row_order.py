"""The report order every format uses: per client, worst first, then host and name, then
input order; for compact rows, one sort of numbers.

Sorting a million rows by tuples of strings takes seconds; by one number per row, made of
dense ranks of the few distinct clients, hosts and verdicts, it takes a fraction of that.
"""

from __future__ import annotations

from array import array
from operator import add

from eolscan.model import Finding
from eolscan.report.compact_rows import CompactRows
from eolscan.report.verdict_index import Order

_RANK_BITS = 3  # Status.rank is 0..6


def sort_key(finding: Finding) -> tuple[str, int, str, str, str]:
    """Per client, worst first, then host and name: the order every format uses."""
    asset = finding.asset
    return (asset.client, finding.status.rank, asset.host.lower(), asset.kind, asset.name.lower())


def sort_rows(rows: CompactRows, order: list[Order]) -> None:
    """Put the rows in report order with one stable sort of numbers, then rewrite the
    arrays in that order (formats then read them front to back). ``order`` is each
    verdict's (status rank, kind, name lower-cased).

    A row's key adds a group part (client, host) to a verdict part (status rank, kind
    and name), each a dense rank in its own bit field. Floats while the key fits in
    53 bits: the fastest comparison list.sort has (tuples of strings sort far slower).
    """
    rows.expand_runs()
    groups = rows.groups
    clients = {client: at for at, client in enumerate(sorted({g[0] for g in groups}))}
    lowered = [host.lower() for _, host, _, _ in groups]
    hosts = {host: at for at, host in enumerate(sorted(set(lowered)))}
    names = {key: at for at, key in enumerate(sorted({o[1:] for o in order}))}
    name_bits = len(names).bit_length()
    rank_shift = name_bits + len(hosts).bit_length()
    client_shift = rank_shift + _RANK_BITS
    number = float if client_shift + len(clients).bit_length() <= 53 else int
    by_group = [
        number(clients[group[0]] << client_shift | hosts[host] << name_bits)
        for group, host in zip(groups, lowered, strict=True)
    ]
    by_verdict = [number(rank << rank_shift | names[kind, name]) for rank, kind, name in order]
    keys = list(
        map(
            add,
            map(by_group.__getitem__, rows.group_ids),
            map(by_verdict.__getitem__, rows.numbers),
        )
    )
    ordered = sorted(range(len(keys)), key=keys.__getitem__)
    del keys
    rows.group_ids = array("i", map(rows.group_ids.__getitem__, ordered))
    rows.numbers = array("i", map(rows.numbers.__getitem__, ordered))
    rows.lines = array("i", map(rows.lines.__getitem__, ordered))
