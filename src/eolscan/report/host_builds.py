"""Distribution builds judged with their host's release, found once per host block.

An item such as ``openssl 3.0.2-0ubuntu1.10`` is judged by the distribution that built it,
which only the host's OS row says, and that row may come after the package. So the hot
loop marks such rows, and once a part of the input is read this gives each marked row the
verdict of the item with its host block's release (or of the item alone).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable
from itertools import compress, islice
from operator import ne

from eolscan.judgement.hosts import MAX_HELD, HostReleases
from eolscan.model import AssetRow, Finding
from eolscan.report.compact_rows import CompactRows
from eolscan.report.verdict_index import VerdictIndex


def follow_hosts(
    rows: CompactRows,
    verdicts: VerdictIndex,
    hosts: HostReleases | None,
    assess: Callable[[AssetRow], Finding],
    context: Callable[[str, str], Hashable] | None,
    final: bool,
) -> None:
    """Give the marked rows (items that may be distribution builds) their verdicts: the
    item with its host block's release where that distribution builds it, else the item
    alone. The releases are found per host block; rows are found in C."""
    if hosts is None:
        return
    numbers, os_items, deferred = rows.numbers, verdicts.os_items, verdicts.deferred
    markers = frozenset(range(-len(deferred), 0))
    wanted = (
        list(compress(range(len(numbers)), map(markers.__contains__, numbers))) if markers else []
    )
    if not wanted and final:
        return  # nothing to resolve, and no later part needs to know these hosts
    os_rows = [
        (position, os_items[numbers[position]])
        for position in compress(range(len(numbers)), map(os_items.__contains__, numbers))
    ]
    starts, keys = _blocks(rows)
    found = hosts.releases(starts, keys, os_rows, wanted)
    run_starts, run_groups, groups = rows.run_starts, rows.run_groups, rows.groups
    for position, release in zip(wanted, found, strict=True):
        key, item = deferred[-1 - numbers[position]]
        built = hosts.build(item, release) if release is not None else None
        run = bisect_right(run_starts, position) - 1
        if built is None:
            known, item_key = verdicts.bases, key
        else:
            known = verdicts.index
            item_key = built if context is None else (built, rows.run_contexts[run])
        number = known.get(item_key)
        if number is None:
            client, host, file, tags, pointer = groups[run_groups[run]]
            row = (client, host, built or item, file, rows.lines[position], tags, pointer)
            number = known[item_key] = verdicts.remember(assess(row), built or item)
        numbers[position] = number


def _blocks(rows: CompactRows) -> tuple[list[int], list[tuple[str, str]]]:
    """(first row, (client, host)) of each host block: consecutive runs of one client
    and host, cut every ``MAX_HELD`` rows."""
    run_keys = list(map(rows.group_hosts.__getitem__, rows.run_groups))
    new = [True, *map(ne, islice(run_keys, 1, None), run_keys)]
    starts = list(compress(rows.run_starts, new))
    keys = list(compress(run_keys, new))
    ends = [*islice(starts, 1, None), len(rows.numbers)]
    if any(end - start > MAX_HELD for start, end in zip(starts, ends, strict=True)):
        cut = [
            (at, key)
            for start, end, key in zip(starts, ends, keys, strict=True)
            for at in range(start, end, MAX_HELD)
        ]
        starts, keys = [at for at, _ in cut], [key for _, key in cut]
    return starts, keys
