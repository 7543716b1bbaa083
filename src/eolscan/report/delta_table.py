"""New and changed findings of a comparison, in a dict while few, in a temporary SQLite
table past that.

When almost everything differs (a baseline from another book, a month where every host
changed) there are as many differences as rows; as ``Delta`` objects in a dict they cost
about 700 bytes each. Past ``IN_MEMORY`` of them each is written as one ``marshal``-ed
row (keyed by its finding's identity, ordered by its first row) to a SQLite file under
TMPDIR, removed when the comparison is dropped or the process ends. The table is a
read-only mapping like the dict: a finding's difference is one indexed lookup, and its
values come back in report order, one at a time. One client's differences (for its own
report file) are a range of an index by client, made when first asked for.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import tempfile
import weakref
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from pathlib import Path

from eolscan.errors import OutputError
from eolscan.judgement.changes import Change, Delta, Entry, Key

IN_MEMORY = 20_000
"""Differences held as objects before they go to disk (tests lower it)."""
_BATCH = 4_096
_CHANGES = {str(change): change for change in Change}


def _encode(delta: Delta) -> bytes:
    previous = delta.previous
    return marshal.dumps(
        (
            str(delta.change),
            delta.entry.as_values(),
            None if previous is None else previous.as_values(),
        )
    )


def _decode(data: bytes) -> Delta:
    change, entry, previous = marshal.loads(data)
    return Delta(
        _CHANGES[change],
        Entry.from_values(entry),
        None if previous is None else Entry.from_values(previous),
    )


def _key_text(key: Key) -> str:
    """A finding's identity as one text, one to one: names from an inventory may hold any
    character, so no separator could be trusted."""
    return repr(key)


def _remove(db: sqlite3.Connection, path: Path) -> None:
    db.close()  # closed first: Windows cannot remove an open file
    path.unlink(missing_ok=True)


class _Values(ValuesView[Delta]):
    """The differences in report order, read from the table."""

    def __init__(self, table: _InReportOrder) -> None:
        super().__init__(table)
        self._table = table

    def __iter__(self) -> Iterator[Delta]:
        return self._table.ordered()


class _Items(ItemsView[Key, Delta]):
    """(identity, difference) in report order, read from the table."""

    def __init__(self, table: _InReportOrder) -> None:
        super().__init__(table)
        self._table = table

    def __iter__(self) -> Iterator[tuple[Key, Delta]]:
        return ((delta.entry.key, delta) for delta in self._table.ordered())


class _InReportOrder(Mapping[Key, Delta]):
    """A mapping of differences whose keys, values and items come in report order, each
    read from the table as ``ordered`` gives it (nothing held in memory)."""

    def ordered(self) -> Iterator[Delta]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Key]:
        return (delta.entry.key for delta in self.ordered())

    def values(self) -> ValuesView[Delta]:
        return _Values(self)

    def items(self) -> ItemsView[Key, Delta]:
        return _Items(self)


class DeltaTable(_InReportOrder):
    """Differences by their finding's identity, in report order (by first row)."""

    def __init__(self) -> None:
        try:
            handle, name = tempfile.mkstemp(prefix="eolscan-", suffix=".sqlite")
            os.close(handle)
            self._path = Path(name)
            self._db = sqlite3.connect(name, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute(
                "CREATE TABLE deltas "
                "(row INTEGER PRIMARY KEY, key TEXT UNIQUE, client TEXT, change TEXT, delta BLOB)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(
                f"{tempfile.gettempdir()}: cannot write temporary files for a large "
                f"comparison: {exc} (set TMPDIR to a writable directory)"
            ) from exc
        self._finalizer = weakref.finalize(self, _remove, self._db, self._path)
        self._pending: list[tuple[int, str, str, str, bytes]] = []
        self._indexed = False
        self._count = 0
        self._counts: dict[Change, int] = {}

    def add(self, first_row: int, delta: Delta) -> None:
        """One difference and the first row of its finding (unique to it)."""
        entry = delta.entry
        row = (first_row, _key_text(entry.key), entry.client, str(delta.change), _encode(delta))
        self._pending.append(row)
        self._count += 1
        self._counts[delta.change] = self._counts.get(delta.change, 0) + 1
        if len(self._pending) >= _BATCH:
            self.finish()

    def finish(self) -> None:
        """Write what is still held; call after the last ``add``."""
        try:
            self._db.executemany("INSERT INTO deltas VALUES (?, ?, ?, ?, ?)", self._pending)
            self._db.commit()
        except sqlite3.Error as exc:  # a full disk: one line, not a traceback
            raise OutputError(
                f"{self._path}: cannot write temporary files for a large comparison: {exc} "
                "(set TMPDIR to a writable directory)"
            ) from exc
        self._pending = []

    def __getitem__(self, key: Key) -> Delta:
        found = self._db.execute(
            "SELECT delta FROM deltas WHERE key = ?", (_key_text(key),)
        ).fetchone()
        if found is None:
            raise KeyError(key)
        return _decode(found[0])

    def __len__(self) -> int:
        return self._count

    def ordered(self) -> Iterator[Delta]:
        """Every difference in report order, decoded one at a time."""
        for (data,) in self._db.execute("SELECT delta FROM deltas ORDER BY row"):
            yield _decode(data)

    def of_client(self, client: str) -> ClientDeltas:
        """One client's differences, read from the table as needed: a report file per client
        reads only its own (an index by client is made on the first call)."""
        if not self._indexed:
            self._db.execute("CREATE INDEX IF NOT EXISTS by_client ON deltas (client, row)")
            self._indexed = True
        return ClientDeltas(self, client)

    def _client_query(self, sql: str, *values: object) -> sqlite3.Cursor:
        return self._db.execute(sql, values)

    def count(self, change: Change) -> int:
        """How many differences are ``change``, counted as they were added."""
        return self._counts.get(change, 0)

    def close(self) -> None:
        """Remove the table now."""
        self._finalizer()


class ClientDeltas(_InReportOrder):
    """One client's part of a ``DeltaTable``, as a read-only mapping in report order."""

    def __init__(self, table: DeltaTable, client: str) -> None:
        self._table, self._client = table, client
        self._length: int | None = None

    def __getitem__(self, key: Key) -> Delta:
        if key[0] != self._client:
            raise KeyError(key)
        return self._table[key]

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.count(None)
        return self._length

    def ordered(self) -> Iterator[Delta]:
        """The client's differences in report order, decoded one at a time."""
        sql = "SELECT delta FROM deltas WHERE client = ? ORDER BY row"
        for (data,) in self._table._client_query(sql, self._client):
            yield _decode(data)

    def count(self, change: Change | None) -> int:
        """How many of the client's differences are ``change`` (None: all)."""
        sql = "SELECT COUNT(*) FROM deltas WHERE client = ?"
        if change is None:
            return int(self._table._client_query(sql, self._client).fetchone()[0])
        sql += " AND change = ?"
        return int(self._table._client_query(sql, self._client, str(change)).fetchone()[0])
