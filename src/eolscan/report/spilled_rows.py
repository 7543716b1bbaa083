"""Rows of a report too large to sort in memory, as records of a SortedSpool on disk.

Past ``COMPACT_ROWS`` rows (or past ``VERDICTS_IN_MEMORY`` distinct items) a report's rows
become SpoolRecords, whose first fields are the report order, so the spool sorts them in
runs and merges them while the report is written: memory stays bounded however large.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable

from eolscan.judgement.hosts import HostOS, HostReleases, may_follow_host
from eolscan.model import AssetRow, Finding
from eolscan.report.compact_rows import CompactRows
from eolscan.report.spool import SortedSpool
from eolscan.report.verdict_index import VerdictIndex

SpoolRecord = tuple[str, int, str, str, str, int, str, str, int, tuple[str, ...], str, int]
"""(client, rank, host lower-cased, kind, name lower-cased, row number, host, file, line,
tags, pointer, verdict number): the first six fields are the report order (``sort_key``,
then input order)."""

_BATCH = 4_096


def to_spool(rows: CompactRows, verdicts: VerdictIndex, spool: SortedSpool) -> None:
    """Move the rows in the arrays into ``spool`` as SpoolRecords and empty the arrays."""
    rows.expand_runs()
    groups, order = rows.groups, verdicts.order
    batch: list[SpoolRecord] = []
    numbered = zip(rows.group_ids, rows.lines, rows.numbers, strict=True)
    for row_number, (group_id, line, number) in enumerate(numbered, len(spool)):
        client, host, file, tags, pointer = groups[group_id]
        rank, kind, name = order[number]
        lowered = host.lower()
        batch.append(
            (client, rank, lowered, kind, name, row_number, host, file, line, tags, pointer, number)
        )
        if len(batch) >= _BATCH:
            spool.extend(batch)
            batch = []
    spool.extend(batch)
    for number, count in Counter(rows.numbers).items():
        verdicts.counts[number] += count
    rows.clear()


def fill_heavy(
    rows: Iterable[AssetRow],
    spool: SortedSpool,
    compact: CompactRows,
    verdicts: VerdictIndex,
    assess: Callable[[AssetRow], Finding],
    identity: Callable[[AssetRow], Hashable] | None,
    context: Callable[[str, str], Hashable] | None,
    hosts: HostReleases | None,
) -> None:
    """Rows once distinct verdicts passed ``in_memory``: each row becomes a SpoolRecord
    at once. The identities seen before that point keep their verdicts; of later ones
    only the last ``in_memory`` are remembered (an item seen again after that gets a
    second, equal verdict), so memory does not grow with every distinct item. With
    ``hosts``, a host block is held (as ``HostReleases.runs`` gives it) and a
    distribution build's item takes its release here, row by row: rarer and slower
    than ``host_builds``, and nothing kept per distinct item."""
    early, bases, order = verdicts.index, verdicts.bases, verdicts.order
    index: dict[Hashable, tuple[int, int, str, str]] = {}
    store, counts, in_memory = verdicts.store, verdicts.counts, verdicts.in_memory
    batch: list[SpoolRecord] = []
    row_number = len(spool)
    host = client = file = tags = pointer = None
    lowered = ""
    host_context: Hashable = None
    blocks: Iterable[tuple[Iterable[AssetRow], HostOS | None]] = (
        ((rows, None),) if hosts is None else hosts.runs(rows)
    )
    for row, release in ((row, release) for held, release in blocks for row in held):
        if (
            row[1] != host
            or row[0] != client
            or row[3] != file
            or row[5] != tags
            or row[6] != pointer
        ):
            client, host, _, file, _, tags, pointer = row
            lowered = host.lower()
            compact.group((client, host, file, tags, pointer))
            if context is not None:
                host_context = context(client, host)
        item = row[2]
        if release is not None and hosts is not None and may_follow_host(item):
            built = hosts.build(item, release)
            if built is not None:
                item = built
                row = (row[0], row[1], built, row[3], row[4], row[5], row[6])
        if identity is not None:
            key = identity(row)
        else:
            key = item if context is None else (item, host_context)
        found = index.get(key)
        if found is None:
            number = early.get(key)
            if number is not None and number < 0:  # marked: its verdict without a host
                number = bases.get(key)
            if number is not None:
                found = (number, *order[number])
            else:
                verdict = assess(row)
                if len(index) >= in_memory:
                    index.clear()
                rank = verdict.status.rank
                asset = verdict.asset
                number = store.append(verdict)
                found = index[key] = (number, rank, str(asset.kind), asset.name.lower())
                counts.append(0)
        number, rank, kind, name = found
        counts[number] += 1
        line = row[4]
        batch.append(
            (client, rank, lowered, kind, name, row_number, host, file, line, tags, pointer, number)
        )
        row_number += 1
        if len(batch) >= _BATCH:
            spool.extend(batch)
            batch = []
    spool.extend(batch)
