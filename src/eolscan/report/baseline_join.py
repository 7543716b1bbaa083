"""``--baseline`` for a report of any size: both runs as sorted records, joined slot by slot.

Holding an Entry per baseline finding and a verdict per current row costs about 1.7 KB
a finding (1.5M distinct rows: 2.5 GB). Here each baseline finding and each current row
becomes one flat record of a few strings and numbers; the records go to one SortedSpool
(sorted runs under TMPDIR past ``RUN_SIZE``, removed when done), ordered by slot and key,
so one merged pass meets each slot's findings of both runs together and pairs them by
the rules of ``baseline.Pairing``. Held at once: the slot at hand, a mark number per row,
and the differences found. An entry is rebuilt (its line read again, its verdict looked
up) only for a finding that changed, is new or was resolved.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from itertools import chain, groupby, islice
from operator import itemgetter
from typing import Any

from eolscan.judgement.baseline import delta_between, row_entry, version_order
from eolscan.judgement.changes import Change, Changes, Delta, Entry, Key, RowMarks
from eolscan.judgement.saved_report import Identity, load_report
from eolscan.judgement.saved_stream import OtherLayout, each_finding, entry_at, open_own_layout
from eolscan.model import Finding
from eolscan.report import delta_table
from eolscan.report.delta_table import DeltaTable
from eolscan.report.findings import FindingStream
from eolscan.report.resolved_spool import ResolvedSpool
from eolscan.report.spool import SortedSpool

RUN_SIZE = 50_000
"""Records held before a sorted run is written (each about 400 bytes with its strings)."""
CHUNK = 512
"""Records per chunk of a run: merging holds a chunk of each run (3M records: 60 runs)."""

Record = tuple[Any, ...]
"""(client, host, kind, slot name, key name, version, side, number, status, cycle, name,
reference): the slot is the first four, the key the first six minus the slot name; side
0 is the baseline (number: its finding's position; reference: where to read it again),
1 the current run (number: the row in report order; reference: the verdict number)."""
_BASELINE, _CURRENT = 0, 1
_NUMBER, _NUMBER_MAX = "I", 0xFFFF_FFFF
"""Rows and differences are numbered in 4 bytes where a report's rows fit, 8 past that."""
Counts = dict[str, tuple[set[str], int]]
"""Each client's hosts and findings (as ``app.run_checks.count_by_client`` counts them)."""


def compare_report(
    path: str, stream: FindingStream, run_size: int = RUN_SIZE
) -> tuple[Changes, Counts, Counts]:
    """``scan --baseline PATH`` for any report: the changes, and the baseline's and the
    report's counts per client. A report in eolscan's own layout is read a line at a time;
    any other goes through ``load_report`` (its errors name the file and the finding)."""
    opened = open_own_layout(path)
    if opened is not None:
        as_of, handle = opened
        with handle:
            try:
                found = each_finding(handle)
                return _compare(found, (as_of, path, partial(entry_at, handle)), stream, run_size)
            except OtherLayout:
                pass
    saved = load_report(path)
    baseline = (saved.as_of, path, saved.entries.__getitem__)
    identities = (
        (at, (e.client, e.host, e.kind, e.name, str(e.status), e.version, e.cycle, e.purl))
        for at, e in enumerate(saved.entries)
    )
    return _compare(identities, baseline, stream, run_size)


def _compare(
    entries: Iterable[tuple[Any, Identity]],
    baseline: tuple[str, str, Callable[[Any], Entry]],
    stream: FindingStream,
    run_size: int,
) -> tuple[Changes, Counts, Counts]:
    """Both runs' records into one spool, sorted, then joined; the spool's runs are removed
    whatever happens (a partly read report in another layout starts again from nothing)."""
    before: Counts = {}
    after: Counts = {}
    spool = SortedSpool(run_size, CHUNK)
    try:
        records = chain(baseline_records(entries, before), current_records(stream, after, run_size))
        while batch := list(islice(records, min(4_096, run_size))):
            spool.extend(batch)
        spool.finish()
        return compare_records(spool, stream, baseline), before, after
    finally:
        spool.close()


def baseline_records(findings: Iterable[tuple[Any, Identity]], counts: Counts) -> Iterator[Record]:
    """Each baseline finding as a record (``reference`` is its offset or index); counts
    each client's hosts and findings on the way."""
    for number, (reference, found) in enumerate(findings):
        client, host, kind, label, status, version, cycle, purl = found
        name = purl or label
        hosts, items = counts.get(client) or counts.setdefault(client, (set(), 0))
        hosts.add(host)
        counts[client] = (hosts, items + 1)
        slot_name, side = ("" if kind == "os" else name), _BASELINE
        yield (
            client,
            host,
            kind,
            slot_name,
            name,
            version,
            side,
            number,
            status,
            cycle,
            label,
            reference,
        )


def _verdict_part(verdict: Finding) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(kind, slot name, key name, version) and (status, cycle, name) of a verdict."""
    asset = verdict.asset
    kind, name = str(asset.kind), asset.purl or asset.name
    head = (kind, "" if kind == "os" else name, name, asset.version)
    return head, (str(verdict.status), verdict.cycle, asset.name)


def current_records(stream: FindingStream, counts: Counts, run_size: int) -> Iterator[Record]:
    """Each row of the report as a record, in report order; counts as ``baseline_records``.
    Verdicts kept on disk are read in number order (rows sorted by verdict first)."""
    rows: Iterable[tuple[int, int, str, str]] = (
        (number, row, client, host)
        for row, ((client, host, _, _, _), _, number) in enumerate(stream.entries())
    )
    spool = None
    if stream.verdicts_spilled:
        spool = SortedSpool(run_size, CHUNK)
        for record in rows:
            spool.add(record)
        spool.finish()
        rows = spool
    last, head, tail = -1, (), ()
    try:
        for number, row, client, host in rows:
            if number != last:
                last = number
                head, tail = _verdict_part(stream.verdict(number))
            hosts, items = counts.get(client) or counts.setdefault(client, (set(), 0))
            hosts.add(host)
            counts[client] = (hosts, items + 1)
            yield (client, host, *head, _CURRENT, row, *tail, number)
    finally:
        if spool is not None:
            spool.close()


class _Join:
    """The differences found so far, as ``Pairing`` would give them once sorted back."""

    def __init__(
        self,
        baseline: Callable[[Any], Entry],
        current: Callable[[str, str, int], Entry],
        clients: set[str],
        rows: int,
    ) -> None:
        self.baseline, self.current, self.clients = baseline, current, clients
        self.deltas: list[tuple[int, Delta]] = []
        """(first row, delta) of each new or changed finding while few; then ``table``."""
        self.table: DeltaTable | None = None
        number = _NUMBER if rows <= _NUMBER_MAX else "q"
        self.firsts = array(number)
        self.waited = array("b")
        self.texts_of = array("I")
        """Each difference's first row, whether it waited for its pair, its mark text."""
        self.mark_texts: dict[str, int] = {}
        self.rows = array(number)
        self.row_deltas = array(number)
        """Each further row of a changed finding (past its first row), and the index of its
        delta in ``deltas``: a finding is one row in most books, so these stay short."""
        self.resolved = ResolvedSpool()
        """Each resolved finding by (first position of its slot, its position): on disk
        past ``resolved_spool.IN_MEMORY`` of them."""

    def slot(self, records: list[Record]) -> None:
        """Pair one slot's records of both runs (sorted by key, baseline first, then rows)."""
        old: dict[tuple[str, str], Record] = {}
        rows: dict[tuple[str, str], list[Record]] = {}
        for record in records:
            key = (record[4], record[5])
            if record[6] == _BASELINE:
                old.setdefault(key, record)
            else:
                rows.setdefault(key, []).append(record)
        waiting: list[tuple[str, str]] = []
        for key, found in rows.items():
            first, before = found[0], old.pop(key, None)
            if before is None:
                waiting.append(key)
            elif before[8] != first[8] or before[9] != first[9]:
                self._add(found, delta_between(self._old(before), self._new(first)), False)
        if waiting:
            left = sorted(sorted(old.values(), key=itemgetter(7)), key=self._old_order)
            entries = [(self._new(rows[key][0]), rows[key]) for key in waiting]
            entries.sort(key=lambda pair: pair[1][0][7])
            entries.sort(key=lambda pair: version_order(pair[0].version))
            for entry, found in entries:
                if left:
                    before = left.pop(0)
                    del old[(before[4], before[5])]
                    self._add(found, delta_between(self._old(before), entry), True)
                else:
                    self._add(found, Delta(Change.NEW, entry), True)
        if old and records[0][0] in self.clients:
            start = min(record[7] for record in records if record[6] == _BASELINE)
            for before in old.values():
                self.resolved.add((start, before[7]), self._old(before))

    def _old_order(self, record: Record) -> tuple[tuple[int, ...], str]:
        return version_order(record[5])

    def _old(self, record: Record) -> Entry:
        return self.baseline(record[11])

    def _new(self, record: Record) -> Entry:
        return self.current(record[0], record[1], record[11])

    def _add(self, found: list[Record], delta: Delta | None, waited: bool) -> None:
        if delta is None:
            return
        number, first = len(self.firsts), found[0][7]
        self.firsts.append(first)
        self.waited.append(waited)
        self.texts_of.append(self.mark_texts.setdefault(delta.mark, len(self.mark_texts)))
        if self.table is not None:
            self.table.add(first, delta)
        else:
            self.deltas.append((first, delta))
            if len(self.deltas) > delta_table.IN_MEMORY:
                self.table = DeltaTable()
                for first, held in self.deltas:
                    self.table.add(first, held)
                self.deltas = []
        for record in islice(found, 1, None):
            self.rows.append(record[7])
            self.row_deltas.append(number)

    def changes(self, since: str, source: str, stream: FindingStream) -> Changes:
        """The comparison, in the orders ``compare_stream`` gives: differences by their
        first row, resolved by where their slot first appears in the baseline, mark
        numbers as the rows meet them (a waiting finding's after the others)."""
        texts: dict[str, int] = {"": 0}
        met: list[tuple[int, int] | None] = [None] * len(self.mark_texts)
        for waited, first, text in zip(self.waited, self.firsts, self.texts_of, strict=True):
            seen = met[text]
            if seen is None or (waited, first) < seen:  # where the rows first meet the text
                met[text] = (waited, first)
        numbers, names = [0] * len(met), list(self.mark_texts)
        for text in sorted(range(len(met)), key=lambda text: met[text] or (0, 0)):
            numbers[text] = texts.setdefault(names[text], len(texts))
        marks = array("I", bytes(4 * len(stream)))
        for row, text in zip(self.firsts, self.texts_of, strict=True):
            marks[row] = numbers[text]
        for row, at in zip(self.rows, self.row_deltas, strict=True):
            marks[row] = numbers[self.texts_of[at]]
        deltas: Mapping[Key, Delta]
        if self.table is not None:
            self.table.finish()
            deltas = self.table
        else:
            ordered = sorted(self.deltas, key=itemgetter(0))
            deltas = {delta.entry.key: delta for _, delta in ordered}
        self.resolved.finish()
        resolved = self.resolved if self.resolved.spilled else list(self.resolved)
        changes = Changes(since, source, deltas, resolved)
        changes.row_marks = RowMarks(stream, marks, list(texts))
        return changes


def compare_records(
    records: Iterable[Record],
    stream: FindingStream,
    baseline: tuple[str, str, Callable[[Any], Entry]],
) -> Changes:
    """The comparison of sorted records of both runs; ``baseline`` is (as_of, path, the
    entry of a baseline reference)."""
    since, source, entry_of = baseline
    verdict_entry = _current_entry(stream)
    join = _Join(entry_of, verdict_entry, stream.clients, len(stream))
    for _, records_of_slot in groupby(records, itemgetter(0, 1, 2, 3)):
        found = list(records_of_slot)
        if len(found) == 2:  # the usual slot: one finding in each run, unchanged
            before, now = found
            if before[4:6] == now[4:6] and before[6] != now[6] and before[8:10] == now[8:10]:
                continue
        join.slot(found)
    return join.changes(since, source, stream)


def _current_entry(stream: FindingStream) -> Callable[[str, str, int], Entry]:
    """A current row's entry from its client, host and verdict number."""

    def entry(client: str, host: str, number: int) -> Entry:
        return row_entry(client, host, stream.verdict(number))

    return entry
