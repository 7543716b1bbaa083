"""Resolved findings of a comparison, in memory while few, in sorted runs on disk past that.

A baseline from another book (or a month where every host changed) resolves as many
findings as it holds; kept as ``Delta`` objects they cost about 1 KB each (1.5M resolved:
1.5 GB). Each is held here as one flat record (its order, then its entry's fields) in a
``SortedSpool``, which writes sorted runs under TMPDIR past ``IN_MEMORY`` records and
removes them when the comparison is dropped or the process ends. Reading it gives the
Deltas again in order, one at a time, as often as a format asks. For a report file per
client, the first client asked for has them all written once more grouped by client
(``ByClient``), so each client reads only its own range.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import weakref
from collections.abc import Collection, Iterator
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path

from eolscan.errors import OutputError
from eolscan.judgement.changes import Change, Delta, Entry
from eolscan.report.spool import SortedSpool, read_chunks, write_chunk

IN_MEMORY = 20_000
"""Resolved findings held before they go to disk, and in each sorted run (tests lower it):
each holds a whole entry (about 1 KB with its strings) while the join holds the rest."""
_CHUNK = 256
"""Records of each run read at a time: 1.5M resolved findings are 75 runs."""


class ResolvedSpool:
    """Add resolved entries with their order (slot's first position, own position); read
    back as resolved Deltas in that order."""

    def __init__(self, in_memory: int | None = None) -> None:
        self._spool = SortedSpool(in_memory or IN_MEMORY, _CHUNK)
        self._by_client: ByClient | None = None

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

    def of_client(self, client: str) -> Collection[Delta]:
        """One client's resolved findings in order, read from disk as iterated."""
        if self._by_client is None:
            self._by_client = ByClient(self._spool)
        return self._by_client.part(client)

    def close(self) -> None:
        """Remove the runs on disk now."""
        self._spool.close()
        if self._by_client is not None:
            self._by_client.close()


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


class ByClient:
    """The records of a spool once more, grouped by client (its third value) in one
    temporary file: each client's records are one range, in the spool's order."""

    def __init__(self, spool: SortedSpool) -> None:
        regrouped = SortedSpool(IN_MEMORY, _CHUNK)
        self._ranges: dict[str, tuple[int, int]] = {}
        try:
            for record in spool:
                regrouped.add((record[2], *record))
            regrouped.finish()
            handle, name = tempfile.mkstemp(prefix="eolscan-", suffix=".resolved")
            self.path = Path(name)
            self._finalizer = weakref.finalize(self, _unlink, self.path)
            with os.fdopen(handle, "wb") as out:
                for client, records in groupby(regrouped, itemgetter(0)):
                    start, count = out.tell(), 0
                    while chunk := [record[1:] for record in islice(records, _CHUNK)]:
                        write_chunk(out, marshal.dumps(chunk))
                        count += len(chunk)
                    self._ranges[client] = (start, count)
        except OSError as exc:
            raise OutputError(
                f"{tempfile.gettempdir()}: cannot write temporary files for a large "
                f"comparison: {exc.strerror or exc} (set TMPDIR to a writable directory)"
            ) from exc
        finally:
            regrouped.close()

    def part(self, client: str) -> Collection[Delta]:
        """The client's resolved findings (none for a client the baseline lacked)."""
        start, count = self._ranges.get(client, (0, 0))
        return _Range(self.path, start, count)

    def close(self) -> None:
        """Remove the file now."""
        self._finalizer()


class _Range(Collection[Delta]):
    """One client's resolved findings: ``count`` records from ``start`` of the file."""

    def __init__(self, path: Path, start: int, count: int) -> None:
        self._path, self._start, self._count = path, start, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Delta]:
        if not self._count:
            return
        left = self._count
        for chunk in read_chunks(self._path, self._start):
            for record in chunk[:left]:
                yield Delta(Change.RESOLVED, Entry.from_values(record[2:]))
            left -= len(chunk)
            if left <= 0:
                return

    def __contains__(self, item: object) -> bool:
        return any(delta == item for delta in self)
