"""A sorted, re-iterable stream of compact records that spills to disk in sorted runs.

A whole book of business (millions of rows) must be reported in sorted order without
holding every finding in memory: records (tuples of str/int) collect in a buffer; a
full buffer is sorted and written to a temporary file as a run of ``marshal`` chunks;
iterating merges the runs lazily. Small inputs never touch the disk. The temporary
directory goes when the spool is closed or garbage-collected.
"""

from __future__ import annotations

import marshal
import shutil
import struct
import tempfile
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from eolscan.errors import OutputError

Record = tuple[Any, ...]
_LENGTH = struct.Struct("<I")

RUN_SIZE = 100_000
"""Records held in memory before a sorted run is written out (about 20 MB)."""
CHUNK = 2_048
"""Records per marshal chunk: what one run holds in memory while merging."""


def read_chunks(path: Path, start: int = 0) -> Iterator[list[Record]]:
    """A run's sorted chunks from ``start``, one in memory at a time (length-prefixed:
    ``marshal.load`` on a file reads in tiny pieces and is several times slower than
    ``loads`` on bytes)."""
    with path.open("rb") as handle:
        handle.seek(start)
        while header := handle.read(_LENGTH.size):
            (size,) = _LENGTH.unpack(header)
            yield marshal.loads(handle.read(size))


def write_chunk(handle: BinaryIO, data: bytes) -> None:
    """One ``marshal``-ed chunk, length first, as ``read_chunks`` reads it."""
    handle.write(_LENGTH.pack(len(data)))
    handle.write(data)


def _merge(paths: list[Path]) -> Iterator[Record]:
    """Merge sorted runs a chunk at a time, not a record at a time as ``heapq.merge`` does.

    Every loaded record up to the smallest last record of the loaded chunks precedes all
    records not yet loaded, so those are sorted together (``list.sort`` merges sorted
    pieces in C) and yielded; a chunk used up is replaced by its run's next one.
    """
    heads: list[tuple[list[Record], Iterator[list[Record]]]] = []
    for path in paths:
        chunks = read_chunks(path)
        first = next(chunks, None)
        if first:
            heads.append((first, chunks))
    while heads:
        bound = min(chunk[-1] for chunk, _ in heads)
        ready: list[Record] = []
        kept = []
        for chunk, chunks in heads:
            cut = bisect_right(chunk, bound)
            ready.extend(chunk[:cut])
            rest = chunk[cut:] if cut < len(chunk) else next(chunks, None)
            if rest:
                kept.append((rest, chunks))
        heads = kept
        ready.sort()
        yield from ready


class SortedSpool:
    """Add records in any order; iterate them in tuple order, as often as needed.

    Records compare as plain tuples (no key function: sorting and merging stay in C),
    so a caller wanting a stable order puts a sequence number before any payload.
    """

    def __init__(self, run_size: int | None = None, chunk: int | None = None) -> None:
        self._run_size = run_size or RUN_SIZE
        self._chunk = chunk or CHUNK
        """Records per chunk of a run: merging holds one chunk of each run."""
        self._buffer: list[Record] = []
        self._runs: list[Path] = []
        self._directory: Path | None = None
        self._count = 0
        self._finalizer: Callable[[], Any] | None = None

    def __len__(self) -> int:
        return self._count

    def add(self, record: Record) -> None:
        """Add one record; a full buffer becomes a sorted run on disk."""
        self._buffer.append(record)
        self._count += 1
        if len(self._buffer) >= self._run_size:
            self._spill()

    def extend(self, records: list[Record]) -> None:
        """Add a batch of records (cheaper than one ``add`` per record in a hot loop)."""
        self._buffer.extend(records)
        self._count += len(records)
        if len(self._buffer) >= self._run_size:
            self._spill()

    def _spill(self) -> None:
        try:
            self._write_run()
        except OSError as exc:
            raise OutputError(
                f"{self._directory or tempfile.gettempdir()}: cannot write temporary files for "
                f"a large report: {exc.strerror or exc} (set TMPDIR to a writable directory)"
            ) from exc

    def _write_run(self) -> None:
        if self._directory is None:
            self._directory = Path(tempfile.mkdtemp(prefix="eolscan-"))
            self._finalizer = weakref.finalize(self, shutil.rmtree, self._directory, True)
        self._buffer.sort()
        path = self._directory / f"run-{len(self._runs):05d}"
        with path.open("wb") as handle:
            for start in range(0, len(self._buffer), self._chunk):
                write_chunk(handle, marshal.dumps(self._buffer[start : start + self._chunk]))
        self._runs.append(path)
        self._buffer = []

    def finish(self) -> None:
        """Sort what is still buffered; call once after the last ``add``."""
        if self._runs and self._buffer:
            self._spill()
        else:
            self._buffer.sort()

    @property
    def spilled(self) -> bool:
        """True when records went to disk (the input was larger than one run)."""
        return bool(self._runs)

    def __iter__(self) -> Iterator[Record]:
        if not self._runs:
            return iter(self._buffer)
        return _merge(self._runs)

    def close(self) -> None:
        """Remove the temporary runs now rather than at garbage collection."""
        if self._finalizer is not None:
            self._finalizer()
