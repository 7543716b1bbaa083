"""Resolved findings of a comparison, in memory while few, in sorted runs on disk past that.

A baseline from another book (or a month where every host changed) resolves as many
findings as it holds; kept as ``Delta`` objects they cost about 1 KB each (1.5M resolved:
1.5 GB). Each is held here as one flat record (its order, then its entry's fields) in a
``SortedSpool``, which writes sorted runs under TMPDIR past ``IN_MEMORY`` records and
removes them when the comparison is dropped or the process ends. Reading it gives the
Deltas again in order, one at a time, as often as a format asks.
"""

from __future__ import annotations

from collections.abc import Iterator

from eolscan.judgement.changes import Change, Delta, Entry
from eolscan.report.spool import SortedSpool

IN_MEMORY = 50_000
"""Resolved findings held before they go to disk (tests lower it)."""
_CHUNK = 512


class ResolvedSpool:
    """Add resolved entries with their order (slot's first position, own position); read
    back as resolved Deltas in that order."""

    def __init__(self, in_memory: int | None = None) -> None:
        self._spool = SortedSpool(in_memory or IN_MEMORY, _CHUNK)

    def add(self, order: tuple[int, int], entry: Entry) -> None:
        """One resolved entry; ``order`` is unique, so no two records compare further."""
        self._spool.add((*order, *entry.as_values()))

    def finish(self) -> None:
        """Sort what is still held; call once after the last ``add``."""
        self._spool.finish()

    @property
    def spilled(self) -> bool:
        """True when the entries went to disk."""
        return self._spool.spilled

    def __len__(self) -> int:
        return len(self._spool)

    def __iter__(self) -> Iterator[Delta]:
        for record in self._spool:
            yield Delta(Change.RESOLVED, Entry.from_values(record[2:]))

    def __contains__(self, item: object) -> bool:
        return any(delta == item for delta in self)

    def close(self) -> None:
        """Remove the runs on disk now."""
        self._spool.close()
