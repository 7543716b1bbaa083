"""A report's distinct verdicts by number, the first ones in memory, the rest on disk.

An inventory of millions of distinct items (every row its own name or version) has as
many verdicts as rows; held as Findings they cost about 1.5 KB each (1.5M rows passed
2.4 GB). Past ``in_memory`` verdicts, each further one is written (as plain values,
``marshal``-ed: pickling slotted dataclasses is several times slower) to an anonymous
temporary file and read back by its offset when asked for, so memory stays bounded
however many distinct items there are. Ordinary inventories (thousands of distinct items
shared by many hosts) never touch the disk.
"""

from __future__ import annotations

import marshal
import tempfile
from array import array
from dataclasses import fields
from datetime import date
from typing import IO, Any

from eolscan.errors import OutputError
from eolscan.model import Asset, Finding, Kind, Location, Status

_FLUSH_BYTES = 1 << 18
"""Encoded verdicts held before they are written out together."""
_RECENT = 4_096
_WINDOW = 1 << 16
"""Bytes read from the file at once: the verdicts after the one asked for come with it
(a host's rows, and passes over every verdict, ask for them in order)."""
"""Verdicts read back from disk kept decoded (a host's rows often repeat one)."""
_FIELDS = tuple(f.name for f in fields(Finding))
_ASSET_FIELDS = tuple(f.name for f in fields(Asset))[3:]
_DATES = tuple(
    at for at, name in enumerate(_FIELDS) if name in ("support_end", "eol", "extended_end")
)
"""Positions of a Finding's DateOrFlag fields (a date is written as its ordinal)."""
_WAS = _FIELDS.index("was")
"""Position of the status an ignore entry replaced (an enum, written as its text)."""
_KINDS = {str(kind): kind for kind in Kind}
_LOCATION = _ASSET_FIELDS.index("location")
"""Position of the asset's Location among ``_ASSET_FIELDS`` (written as a plain tuple)."""
_STATUSES = {str(status): status for status in Status}
"""Enums by their text: a dictionary lookup is several times faster than calling the enum."""


def _encode(verdict: Finding) -> bytes:
    """A verdict as marshal bytes: its asset's fields, then its own, enums as text."""
    asset = verdict.asset
    values: list[Any] = [getattr(verdict, name) for name in _FIELDS]
    rest: list[Any] = list(map(asset.__getattribute__, _ASSET_FIELDS))
    rest[_LOCATION] = tuple(rest[_LOCATION])
    values[0] = (asset.client, asset.host, str(asset.kind), *rest)
    values[1] = str(verdict.status)
    if verdict.was is not None:
        values[_WAS] = str(verdict.was)
    for at in _DATES:
        if isinstance(values[at], date):
            values[at] = values[at].toordinal()
    return marshal.dumps(tuple(values))


def _decode(data: bytes) -> Finding:
    """The verdict ``_encode`` wrote."""
    values = list(marshal.loads(data))
    client, host, kind, *rest = values[0]
    rest[_LOCATION] = Location(*rest[_LOCATION])
    values[0] = Asset(client, host, _KINDS[kind], *rest)
    values[1] = _STATUSES[values[1]]
    if values[_WAS] is not None:
        values[_WAS] = _STATUSES[values[_WAS]]
    for at in _DATES:
        if type(values[at]) is int:
            values[at] = date.fromordinal(values[at])
    return Finding(*values)


class VerdictStore:
    """Append verdicts, read them back by number (in any order, as often as needed)."""

    def __init__(self, in_memory: int) -> None:
        self._in_memory = in_memory
        self._kept: list[Finding] = []
        self._offsets = array("q")
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._written = 0
        self._file: IO[bytes] | None = None
        self._recent: dict[int, Finding] = {}
        self._window = b""  # bytes of the file read last, from _window_start
        self._window_start = 0

    def __len__(self) -> int:
        return len(self._kept) + len(self._offsets)

    @property
    def spilled(self) -> bool:
        """True when verdicts went to disk."""
        return bool(self._offsets)

    def append(self, verdict: Finding) -> int:
        """Keep ``verdict``; its number."""
        number = len(self)
        if number < self._in_memory:
            self._kept.append(verdict)
            return number
        data = _encode(verdict)
        self._offsets.append(self._written + self._pending_bytes)
        self._pending.append(data)
        self._pending_bytes += len(data)
        if self._pending_bytes >= _FLUSH_BYTES:
            self._flush()
        return number

    def __getitem__(self, number: int) -> Finding:
        if number < self._in_memory:
            return self._kept[number]
        found = self._recent.get(number)
        if found is not None:
            return found
        at = number - self._in_memory
        start = self._offsets[at]
        if start >= self._written:
            self._flush()
        end = self._offsets[at + 1] if at + 1 < len(self._offsets) else self._written
        window = self._window_start
        if start < window or end > window + len(self._window):
            assert self._file is not None
            self._file.seek(start)
            self._window = self._file.read(max(end - start, _WINDOW))
            self._window_start = window = start
        found = _decode(self._window[start - window : end - window])
        if len(self._recent) >= _RECENT:
            self._recent.clear()
        self._recent[number] = found
        return found

    def _flush(self) -> None:
        """Write the pending verdicts at the end of the file."""
        if not self._pending:
            return
        try:
            if self._file is None:
                # open for the store's life: close() or garbage collection removes it
                self._file = tempfile.TemporaryFile(prefix="eolscan-verdicts-")  # noqa: SIM115
            self._file.seek(self._written)
            self._file.write(b"".join(self._pending))
            self._file.flush()
        except OSError as exc:
            raise OutputError(
                f"{tempfile.gettempdir()}: cannot write temporary files for a large report: "
                f"{exc.strerror or exc} (set TMPDIR to a writable directory)"
            ) from exc
        self._written += self._pending_bytes
        self._pending, self._pending_bytes = [], 0

    def close(self) -> None:
        """Remove the temporary file now rather than at garbage collection."""
        if self._file is not None:
            self._file.close()
            self._file = None
