"""What a comparison with a baseline report found: entries, their differences, the marks.

A finding is identified by (client, host, kind, name, version). Findings pair across runs
within a *slot*: a host's operating system (a host has one), or one software name on a
host. These records are what every format shows; ``baseline.py`` makes them.
"""

from __future__ import annotations

import enum
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from eolscan.model import Finding, Status

Key = tuple[str, str, str, str, str]
"""(client, host, kind, name, version): one finding, distinct from a second item of the
same name on the host."""
Slot = tuple[str, ...]
"""Where findings of two runs may pair: (client, host, "os"), or (client, host, kind, name)."""


class Change(enum.StrEnum):
    """How a finding differs from the baseline."""

    NEW = "new"
    CHANGED = "changed"
    RESOLVED = "resolved"


_STATUSES = {str(status): status for status in Status}


@dataclass(frozen=True, slots=True)
class Entry:
    """A finding reduced to what a comparison and its report need."""

    client: str
    host: str
    kind: str
    name: str
    status: Status
    version: str = ""
    cycle: str | None = None
    product_label: str | None = None
    cycle_label: str | None = None
    eol: str | None = None
    upgrade_to_label: str | None = None
    purl: str | None = None

    def as_values(self) -> tuple[str | None, ...]:
        """The entry as plain values, its status as text: what goes to a file on disk."""
        return (
            self.client,
            self.host,
            self.kind,
            self.name,
            str(self.status),
            self.version,
            self.cycle,
            self.product_label,
            self.cycle_label,
            self.eol,
            self.upgrade_to_label,
            self.purl,
        )

    def on_host(self, client: str, host: str) -> Entry:
        """The same finding of another host, its other fields read in C (``dataclasses.replace``
        looks each up by name: a fifth slower, for a month's thousands of changes)."""
        return Entry(client, host, *_AFTER_HOST(self))

    @staticmethod
    def from_values(values: Sequence[Any]) -> Entry:
        """An entry back from ``as_values``."""
        client, host, kind, name, status, *rest = values
        return Entry(client, host, kind, name, _STATUSES[status], *rest)

    @property
    def key(self) -> Key:
        """The identity of a finding within one run."""
        return (self.client, self.host, self.kind, self.purl or self.name, self.version)

    @property
    def slot(self) -> Slot:
        """Where it pairs with a finding of another run: a host's OS, else its name."""
        return slot_of(self.client, self.host, self.kind, self.purl or self.name)


_AFTER_HOST = attrgetter(*(field.name for field in fields(Entry)[2:]))
"""An entry's fields after its client and host, in order, read in C."""


def slot_of(client: str, host: str, kind: str, name: str) -> Slot:
    """A host's OS slot (one a host), or the slot of a software name on a host."""
    return (client, host, kind) if kind == "os" else (client, host, kind, name)


@dataclass(frozen=True, slots=True)
class Delta:
    """One difference: the current entry (the old one when resolved) and what it was before."""

    change: Change
    entry: Entry
    previous: Entry | None = None

    @property
    def mark(self) -> str:
        """``new``, ``was warn``, ``was 7.4`` or ``was Ubuntu 20.04, eol``: what every format
        shows beside the finding."""
        previous = self.previous
        if previous is None:
            return str(self.change)
        if previous.name != self.entry.name:  # another OS on the same host: say which
            was = f"was {previous.name} {previous.version}".rstrip()
            if previous.version and previous.version in previous.name:
                was = f"was {previous.name}"
            return f"{was}, {previous.status}" if previous.status is not self.entry.status else was
        if previous.status is not self.entry.status:
            return f"was {previous.status}"
        return f"was {previous.cycle_label or previous.cycle or 'another cycle'}"

    @property
    def worse(self) -> bool:
        """New, or moved to a worse status."""
        if self.change is Change.NEW:
            return True
        return (
            self.change is Change.CHANGED
            and self.previous is not None
            and (self.entry.status.rank < self.previous.status.rank)
        )


@dataclass(slots=True)
class Changes:
    """Every difference between a baseline report and the current findings."""

    since: str
    source: str
    deltas: Mapping[Key, Delta] = field(default_factory=dict)
    """In report order; past many, a table on disk (``report.delta_table``)."""
    resolved: Collection[Delta] = field(default_factory=list)
    """In baseline order; past many, read from disk as iterated (``report.resolved_spool``)."""
    row_marks: RowMarks | None = None
    """Each row's mark as a column, for the report the comparison was made on."""
    _clients: dict[str, tuple[dict[Key, Delta], list[Delta]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """The differences held in memory by client, grouped on the first ``for_client``."""

    def mark(self, finding: Finding) -> Delta | None:
        """The difference for a current finding, or None when it is unchanged."""
        asset = finding.asset
        name = asset.purl or asset.name  # an SBOM item by its purl, as reports once named it
        key = (asset.client, asset.host, str(asset.kind), name, asset.version)
        return self.deltas.get(key)

    def count(self, change: Change) -> int:
        """How many findings are new, changed or resolved."""
        if change is Change.RESOLVED:
            return len(self.resolved)
        counted = getattr(self.deltas, "count", None)  # a table on disk counted them
        if counted is not None:
            return int(counted(change))
        return sum(1 for delta in self.deltas.values() if delta.change is change)

    def all(self) -> Iterator[Delta]:
        """Every difference: new and changed in report order, then resolved."""
        yield from self.deltas.values()
        yield from self.resolved

    def marks_for(self, stream: object) -> RowMarks | None:
        """The per-row marks, when they were made for ``stream`` (in its report order)."""
        marks = self.row_marks
        return marks if marks is not None and marks.stream is stream else None

    def for_client(self, client: str) -> Changes:
        """Only one client's differences, for that client's own report file. Differences
        on disk are read a client's range at a time (``of_client``); those in memory are
        grouped by client once, not filtered once per client (500 clients of a book of
        millions of differences read them all 500 times)."""
        of_client = getattr(self.deltas, "of_client", None)
        resolved_of = getattr(self.resolved, "of_client", None)
        if self._clients is None and (of_client is None or resolved_of is None):
            self._clients = _by_client(
                () if of_client else self.deltas.items(), () if resolved_of else self.resolved
            )
        own: tuple[dict[Key, Delta], list[Delta]] = (self._clients or {}).get(client, ({}, []))
        return Changes(
            since=self.since,
            source=self.source,
            deltas=of_client(client) if of_client else own[0],
            resolved=resolved_of(client) if resolved_of else own[1],
        )

    def headline(self) -> str:
        """``2 new, 1 changed, 3 resolved since 2026-10-23`` (or ``no changes since ...``)."""
        parts = [f"{self.count(c)} {c}" for c in Change if self.count(c)]
        return f"{', '.join(parts) if parts else 'no changes'} since {self.since}"


@dataclass(frozen=True, slots=True)
class RowMarks:
    """A report's change marks as one more column: mark numbers in report order, and the
    text of each number (0 is unchanged, "")."""

    stream: object
    numbers: array[int]
    texts: list[str]
    marked: list[int] | None = None
    """The rows whose mark is not 0, in order, when the comparison knows them (formats
    otherwise search ``numbers`` for them)."""

    def columns(self) -> tuple[array[int], list[str], list[int] | None]:
        """(mark numbers, their texts, the marked rows): what the row writers take."""
        return self.numbers, self.texts, self.marked


def _by_client(
    deltas: Iterable[tuple[Key, Delta]], resolved: Iterable[Delta]
) -> dict[str, tuple[dict[Key, Delta], list[Delta]]]:
    """Differences by their finding's client, each client's in the order given."""
    grouped: dict[str, tuple[dict[Key, Delta], list[Delta]]] = {}
    for key, delta in deltas:
        client = delta.entry.client
        (grouped.get(client) or grouped.setdefault(client, ({}, [])))[0][key] = delta
    for delta in resolved:
        client = delta.entry.client
        (grouped.get(client) or grouped.setdefault(client, ({}, [])))[1].append(delta)
    return grouped
