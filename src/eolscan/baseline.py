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

import enum
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eolscan.errors import InputError
from eolscan.models import Finding, Status

Key = tuple[str, str, str, str, str]
"""(client, host, kind, name, version): one finding, distinct from a second item of the
same name on the host."""
Slot = tuple[str, ...]
"""Where findings of two runs may pair: (client, host, "os"), or (client, host, kind, name)."""
SUPPORTED_VERSIONS = (1,)
_IDENTITY = ("client", "host", "kind", "name")


class Change(enum.StrEnum):
    """How a finding differs from the baseline."""

    NEW = "new"
    CHANGED = "changed"
    RESOLVED = "resolved"


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

    @property
    def key(self) -> Key:
        """The identity of a finding within one run."""
        return (self.client, self.host, self.kind, self.name, self.version)

    @property
    def slot(self) -> Slot:
        """Where it pairs with a finding of another run: a host's OS, else its name."""
        if self.kind == "os":
            return (self.client, self.host, self.kind)
        return (self.client, self.host, self.kind, self.name)


@dataclass(frozen=True, slots=True)
class Delta:
    """One difference: the current entry (the old one when resolved) and what it was before."""

    change: Change
    entry: Entry
    previous: Entry | None = None

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
    deltas: dict[Key, Delta] = field(default_factory=dict)
    resolved: list[Delta] = field(default_factory=list)

    def mark(self, finding: Finding) -> Delta | None:
        """The difference for a current finding, or None when it is unchanged."""
        asset = finding.asset
        key = (asset.client, asset.host, str(asset.kind), asset.name, asset.version)
        return self.deltas.get(key)

    def count(self, change: Change) -> int:
        """How many findings are new, changed or resolved."""
        if change is Change.RESOLVED:
            return len(self.resolved)
        return sum(1 for delta in self.deltas.values() if delta.change is change)

    def all(self) -> Iterator[Delta]:
        """Every difference: new and changed in report order, then resolved."""
        yield from self.deltas.values()
        yield from self.resolved

    def for_client(self, client: str) -> Changes:
        """Only one client's differences, for that client's own report file."""
        return Changes(
            since=self.since,
            source=self.source,
            deltas={k: d for k, d in self.deltas.items() if d.entry.client == client},
            resolved=[d for d in self.resolved if d.entry.client == client],
        )

    def headline(self) -> str:
        """``2 new, 1 changed, 3 resolved since 2026-10-23`` (or ``no changes since ...``)."""
        parts = [f"{self.count(c)} {c}" for c in Change if self.count(c)]
        return f"{', '.join(parts) if parts else 'no changes'} since {self.since}"


def entry_from_finding(finding: Finding) -> Entry:
    """A current finding as an entry."""
    asset = finding.asset
    eol = finding.eol.isoformat() if isinstance(finding.eol, date) else None
    return Entry(
        asset.client,
        asset.host,
        str(asset.kind),
        asset.name,
        finding.status,
        asset.version,
        finding.cycle,
        finding.product_label,
        finding.cycle_label,
        eol,
        finding.upgrade_to_label,
    )


def _text(item: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} must be a string")
    return value


def entry_from_dict(item: Any, where: str) -> Entry:
    """A finding of a saved JSON report as an entry; a clear error names the finding."""
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object")
    try:
        status = Status(str(item.get("status")))
    except ValueError:
        raise InputError(f"{where}: unknown status {item.get('status')!r}") from None
    eol = item.get("eol")
    client, host, kind, name = (_text(item, k, where, True) or "" for k in _IDENTITY)
    return Entry(
        client,
        host,
        kind,
        name,
        status=status,
        version=_text(item, "version", where) or "",
        cycle=_text(item, "cycle", where),
        product_label=_text(item, "product_label", where),
        cycle_label=_text(item, "cycle_label", where),
        eol=eol if isinstance(eol, str) else None,
        upgrade_to_label=_text(item, "upgrade_to_label", where),
    )


_KEPT = frozenset(
    {"client", "host", "kind", "name", "status", "version", "cycle", "product_label"}
    | {"cycle_label", "eol", "upgrade_to_label"}
)


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """Keep only what a comparison reads from each finding, so large baselines stay small."""
    if "host" in item and "status" in item:
        return {key: value for key, value in item.items() if key in _KEPT}
    return item


@dataclass(frozen=True, slots=True)
class SavedReport:
    """A JSON report read back: its date and its findings as entries."""

    path: str
    as_of: str
    entries: list[Entry]


def load_report(path: str) -> SavedReport:
    """Read a report written by ``--format json``; errors name the file and what is wrong."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            document = json.load(handle, object_hook=_compact)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: not a JSON report: {exc}") from exc
    if not isinstance(document, dict) or "eolscan_report_version" not in document:
        raise InputError(f"{path}: not an eolscan JSON report (no 'eolscan_report_version')")
    version = document["eolscan_report_version"]
    if version not in SUPPORTED_VERSIONS:
        raise InputError(f"{path}: report version {version!r} is not supported (expected 1)")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise InputError(f"{path}: 'findings' must be a list")
    entries = [entry_from_dict(item, f"{path}: finding {n}") for n, item in enumerate(findings, 1)]
    return SavedReport(path, str(document.get("as_of", "?")), entries)


def compare(baseline: SavedReport, current: Iterable[Entry]) -> Changes:
    """The differences between a baseline and the current entries (streamed once).

    An entry whose exact key was in the baseline pairs at once; the others wait for the end
    of the stream and pair, slot by slot, with what of the baseline is left, in version order.
    """
    old: dict[Slot, dict[Key, Entry]] = {}
    for entry in baseline.entries:
        old.setdefault(entry.slot, {}).setdefault(entry.key, entry)
    changes = Changes(since=baseline.as_of, source=baseline.path)
    order: dict[Key, Delta | None] = {}  # report order; None: unchanged
    waiting: dict[Slot, list[Entry]] = {}
    clients: set[str] = set()
    for entry in current:
        key = entry.key
        if key in order:
            continue  # the same item twice on a host: one finding to compare
        clients.add(entry.client)
        before = old.get(entry.slot, {}).pop(key, None)
        order[key] = None if before is None else _delta(before, entry)
        if before is None:
            waiting.setdefault(entry.slot, []).append(entry)
    for slot, entries in waiting.items():
        left = sorted(old.get(slot, {}).values(), key=_version_order)
        for entry in sorted(entries, key=_version_order):
            if left:
                before = left.pop(0)
                del old[slot][before.key]
                order[entry.key] = _delta(before, entry)
            else:
                order[entry.key] = Delta(Change.NEW, entry)
    changes.deltas = {key: delta for key, delta in order.items() if delta is not None}
    changes.resolved = [
        Delta(Change.RESOLVED, entry)
        for slot in old.values()
        for entry in slot.values()
        if entry.client in clients
    ]
    return changes


def _delta(before: Entry, entry: Entry) -> Delta | None:
    """CHANGED when status, cycle or version moved; None when the finding is as it was."""
    if (before.status, before.cycle, before.version, before.name) == (
        entry.status,
        entry.cycle,
        entry.version,
        entry.name,
    ):
        return None
    return Delta(Change.CHANGED, entry, before)


def _version_order(entry: Entry) -> tuple[tuple[int, ...], str]:
    """Numeric parts first (``8`` before ``11``), then the text: a stable, sensible order."""
    numbers = tuple(int(part) for part in re.findall(r"\d+", entry.version)[:6])
    return numbers, entry.version


def compare_findings(baseline_path: str, findings: Iterable[Finding]) -> Changes:
    """``scan --baseline``: the current findings against a saved report."""
    return compare(load_report(baseline_path), (entry_from_finding(f) for f in findings))
