"""Compare findings with a previous JSON report: what is new, what changed, what was resolved.

A finding is identified by (client, host, kind, name, version). Findings are paired
across runs within a *slot*: a host's operating system (a host has one: Ubuntu 20.04 on
web01 upgraded to 24.04 is one changed finding), or one software name on a host (two
Node.js, three JDKs each pair with their own). Within a slot the same name and version
pair first, the rest in version order; a pair *changed* when its status, cycle or version
moved. Only clients present in the current run can have resolved findings, so scanning one
client against a portfolio baseline does not report every other client as fixed.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, MutableSequence
from datetime import date
from typing import TYPE_CHECKING, Any

from eolscan.judgement.changes import Change, Changes, Delta, Entry, Key, RowMarks, Slot, slot_of
from eolscan.judgement.saved_report import SavedReport, load_report
from eolscan.model import Finding, Status
from eolscan.report.findings import FindingStream

if TYPE_CHECKING:
    from eolscan.report.findings import FindingStream


def entry_from_finding(finding: Finding) -> Entry:
    """A current finding as an entry."""
    return row_entry(finding.asset.client, finding.asset.host, finding)


class Pairing:
    """Pairs the current findings with a baseline's, slot by slot, as they stream.

    A finding whose exact key was in the baseline is decided at once; the others wait for
    the end of the stream and pair with what of their slot is left, in version order.
    """

    def __init__(self, baseline: SavedReport) -> None:
        self.old: dict[Slot, dict[Key, Entry]] = {}
        for entry in baseline.entries:
            self.old.setdefault(entry.slot, {}).setdefault(entry.key, entry)
        self.changes = Changes(since=baseline.as_of, source=baseline.path)
        self.order: dict[Key, Delta | None] = {}  # report order; None: unchanged or waiting
        self.waiting: dict[Slot, list[Entry]] = {}
        self.pending: set[Key] = set()  # the keys in ``waiting``
        self.clients: set[str] = set()

    def mark(
        self,
        client: str,
        host: str,
        verdict: Finding,
        texts: dict[str, int],
        later: dict[Key, list[int]],
        row: int,
    ) -> int:
        """Pair one current row (on its key's first sight) and give its mark's number in
        ``texts``; a row whose finding waits for its pair is listed in ``later`` (0 now)."""
        asset = verdict.asset
        kind = str(asset.kind)
        name = asset.purl or asset.name  # an SBOM item by its purl, as reports once named it
        key = (client, host, kind, name, asset.version)
        if key not in self.order:
            slot = slot_of(client, host, kind, name)
            if not self.same(key, slot, verdict.status, verdict.cycle):
                self.add(row_entry(client, host, verdict))
        delta = self.order[key]
        if delta is None and key in self.pending:
            later.setdefault(key, []).append(row)
        return 0 if delta is None else texts.setdefault(delta.mark, len(texts))

    def same(self, key: Key, slot: Slot, status: Status, cycle: str | None) -> bool:
        """True, and taken, when the baseline had this exact finding unchanged."""
        before = self.old.get(slot, {}).get(key)
        if before is None or before.status is not status or before.cycle != cycle:
            return False
        del self.old[slot][key]
        self.order[key] = None
        self.clients.add(key[0])
        return True

    def add(self, entry: Entry) -> None:
        """A current finding not seen before in this run."""
        key, slot = entry.key, entry.slot
        self.clients.add(entry.client)
        before = self.old.get(slot, {}).pop(key, None)
        self.order[key] = None if before is None else delta_between(before, entry)
        if before is None:
            self.waiting.setdefault(slot, []).append(entry)
            self.pending.add(key)

    def finish(self) -> Changes:
        """Pair the waiting findings; what is left of the baseline was resolved."""
        for slot, entries in self.waiting.items():
            left = sorted(self.old.get(slot, {}).values(), key=_version_order)
            for entry in sorted(entries, key=_version_order):
                if left:
                    before = left.pop(0)
                    del self.old[slot][before.key]
                    self.order[entry.key] = delta_between(before, entry)
                else:
                    self.order[entry.key] = Delta(Change.NEW, entry)
        changes = self.changes
        changes.deltas = {key: delta for key, delta in self.order.items() if delta is not None}
        changes.resolved = [
            Delta(Change.RESOLVED, entry)
            for slot in self.old.values()
            for entry in slot.values()
            if entry.client in self.clients
        ]
        return changes


def compare(baseline: SavedReport, current: Iterable[Entry]) -> Changes:
    """The differences between a baseline and the current entries (streamed once)."""
    pairing = Pairing(baseline)
    for entry in current:
        if entry.key not in pairing.order:  # the same item twice on a host: one finding
            pairing.add(entry)
    return pairing.finish()


def delta_between(before: Entry, entry: Entry) -> Delta | None:
    """CHANGED when status, cycle, name or version moved; None when it is as it was."""
    if (before.status, before.cycle, before.version, before.name) == (
        entry.status,
        entry.cycle,
        entry.version,
        entry.name,
    ):
        return None
    return Delta(Change.CHANGED, entry, before)


def _version_order(entry: Entry) -> tuple[tuple[int, ...], str]:
    return version_order(entry.version)


def version_order(version: str) -> tuple[tuple[int, ...], str]:
    """Numeric parts first (``8`` before ``11``), then the text: a stable, sensible order
    in which the findings of one slot pair."""
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:6])
    return numbers, version


def compare_findings(baseline_path: str, findings: Iterable[Finding]) -> Changes:
    """``scan --baseline``: the current findings against a saved report."""
    saved = load_report(baseline_path)
    if isinstance(findings, FindingStream):
        return compare_stream(saved, findings)
    return compare(saved, (entry_from_finding(f) for f in findings))


def compare_stream(baseline: SavedReport, stream: FindingStream) -> Changes:
    """``compare`` over a compact report's rows, without a Finding per row; also each row's
    mark as a column, so the JSON and CSV writers stay on their fast path. Rows whose
    finding waits for its pair get their mark once the stream has been read."""
    pairing = Pairing(baseline)
    numbers: array[int] = array("I")
    texts: dict[str, int] = {"": 0}
    later: dict[Key, list[int]] = {}
    verdicts = [stream.verdict(n) for n in range(stream.verdict_count)]
    for (client, host, *_), _line, number in stream.entries():
        numbers.append(pairing.mark(client, host, verdicts[number], texts, later, len(numbers)))
    changes = pairing.finish()
    mark_later_rows(changes, later, numbers, texts)
    changes.row_marks = RowMarks(stream, numbers, list(texts))
    return changes


def mark_later_rows(
    changes: Changes,
    later: dict[Any, list[int]],
    marks: MutableSequence[int],
    texts: dict[str, int],
) -> None:
    """Give the rows whose change was known only once pairing finished their mark number."""
    for key, rows in later.items():
        delta = changes.deltas.get(key)
        if delta is not None:
            mark = texts.setdefault(delta.mark, len(texts))
            for row in rows:
                marks[row] = mark


def row_entry(client: str, host: str, verdict: Finding) -> Entry:
    """A row of a compact report (its client and host, and its verdict) as an entry."""
    asset = verdict.asset
    eol = verdict.eol.isoformat() if isinstance(verdict.eol, date) else None
    return Entry(
        client,
        host,
        str(asset.kind),
        asset.name,
        verdict.status,
        asset.version,
        verdict.cycle,
        verdict.product_label,
        verdict.cycle_label,
        eol,
        verdict.upgrade_to_label,
        asset.purl or None,
    )
