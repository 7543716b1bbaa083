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
from array import array
from collections.abc import Iterable, Iterator, MutableSequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any, TextIO, cast

from eolscan.errors import InputError
from eolscan.model import Finding, Status
from eolscan.support.jsontext import lone_surrogate_line

if TYPE_CHECKING:
    from eolscan.report.findings import FindingStream

Key = tuple[str, str, str, str, str]
"""(client, host, kind, name, version): one finding, distinct from a second item of the
same name on the host."""
Slot = tuple[str, ...]
"""Where findings of two runs may pair: (client, host, "os"), or (client, host, kind, name)."""
SUPPORTED_VERSIONS = (1,)
MAX_BASELINE_BYTES = 512 * 1024 * 1024
"""Largest baseline report read whole (512 MiB, as for inventories): from a pipe, or in
another tool's layout; counted as bytes arrive."""
MAX_STREAMED_BASELINE_BYTES = 4 * 1024 * 1024 * 1024
"""Largest baseline file in eolscan's own layout (4 GiB, about 6 million findings): it is
read a finding a line, so memory follows the findings, not the file (a 100,000-host book's
report is about 700 MB)."""
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
    purl: str | None = None

    @property
    def key(self) -> Key:
        """The identity of a finding within one run."""
        return (self.client, self.host, self.kind, self.purl or self.name, self.version)

    @property
    def slot(self) -> Slot:
        """Where it pairs with a finding of another run: a host's OS, else its name."""
        return slot_of(self.client, self.host, self.kind, self.purl or self.name)


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
    deltas: dict[Key, Delta] = field(default_factory=dict)
    resolved: list[Delta] = field(default_factory=list)
    row_marks: RowMarks | None = None
    """Each row's mark as a column, for the report the comparison was made on."""

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
    return _entry(finding.asset.client, finding.asset.host, finding)


_STATUSES = {str(status): status for status in Status}
_OPTIONAL = ("version", "cycle", "product_label", "cycle_label", "upgrade_to_label", "purl")
_TEXT_OR_NONE = frozenset({str, type(None)})


def entry_from_dict(item: Any, where: str) -> Entry:
    """A finding of a saved JSON report as an entry; a clear error names the finding."""
    entry = _entry_or_none(item)
    if entry is None:
        raise InputError(f"{where}: {_problem(item)}")
    return entry


def _entry_or_none(item: Any) -> Entry | None:
    """A finding as an entry, or None when it is not one (``_problem`` says why)."""
    if type(item) is not dict:
        return None
    get = item.get
    status = get("status")
    status = _STATUSES.get(status) if type(status) is str else None
    client, host, kind, name = get("client"), get("host"), get("kind"), get("name")
    version, cycle, product_label = get("version"), get("cycle"), get("product_label")
    cycle_label, upgrade_to_label = get("cycle_label"), get("upgrade_to_label")
    purl = get("purl")
    if (
        status is None
        or type(client) is not str
        or type(host) is not str
        or type(kind) is not str
        or type(name) is not str
        or {type(version), type(cycle), type(product_label), type(cycle_label)} - _TEXT_OR_NONE
        or type(upgrade_to_label) not in _TEXT_OR_NONE
        or type(purl) not in _TEXT_OR_NONE
    ):
        return None
    eol = get("eol")
    return Entry(
        intern(client),
        intern(host),
        intern(kind),
        intern(name),
        status=status,
        version=intern(version) if version else "",
        cycle=intern(cycle) if cycle else cycle,
        product_label=intern(product_label) if product_label else product_label,
        cycle_label=intern(cycle_label) if cycle_label else cycle_label,
        eol=intern(eol) if type(eol) is str else None,
        upgrade_to_label=intern(upgrade_to_label) if upgrade_to_label else upgrade_to_label,
        purl=purl or None,
    )


def _problem(item: Any) -> str:
    """What is wrong with a finding that ``entry_from_dict`` refused."""
    if not isinstance(item, dict):
        return "expected an object"
    status = item.get("status")
    if not isinstance(status, str) or status not in _STATUSES:
        return f"unknown status {status!r}"
    for key in _IDENTITY:
        if not isinstance(item.get(key), str):
            return f"{key!r} must be a string"
    bad = next(key for key in _OPTIONAL if not isinstance(item.get(key), str | None))
    return f"{bad!r} must be a string"


_KEPT = frozenset(
    {"client", "host", "kind", "name", "status", "version", "cycle", "product_label"}
    | {"cycle_label", "eol", "upgrade_to_label", "purl"}
)


def _compact(item: dict[str, Any]) -> Entry | dict[str, Any]:
    """A finding as the parser meets it: an Entry (all a comparison reads, so a large
    baseline stays small), or what is kept of one that is not valid, for its message."""
    if "host" in item and "status" in item:
        entry = _entry_or_none(item)
        if entry is not None:
            return entry
        return {key: value for key, value in item.items() if key in _KEPT}
    return item


@dataclass(frozen=True, slots=True)
class SavedReport:
    """A JSON report read back: its date and its findings as entries."""

    path: str
    as_of: str
    entries: list[Entry]


_LONE_SURROGATE = "a lone surrogate escape (\\uD800-\\uDFFF)"
_FINDINGS_OPEN = '  "findings": [\n'
MAX_FINDING_LINE = 1 << 20
"""Longest line read as one finding of eolscan's own layout (a finding is about 700 bytes)."""


def _read_document(handle: TextIO) -> Any:
    """A saved report as eolscan writes it, one finding a line, read line by line so that
    only entries stay in memory, not the file's text; any other layout of valid JSON (a
    report reformatted by another tool) is parsed whole."""
    header: list[str] = []
    for line in iter(lambda: handle.readline(MAX_FINDING_LINE), ""):
        if line == _FINDINGS_OPEN:
            findings = _finding_lines(handle)
            if findings is not None:
                head = "".join(header) + '"findings": []}'
                if lone_surrogate_line(head) is not None:
                    raise ValueError(_LONE_SURROGATE)
                document = json.loads(head, object_hook=_compact)
                if isinstance(document, dict):
                    document["findings"] = findings
                    return document
            break
        header.append(line)
        if len(line) >= MAX_FINDING_LINE:
            break
    handle.seek(0)
    text = handle.read(MAX_BASELINE_BYTES + 1)  # another layout is parsed whole: bounded
    if len(text) > MAX_BASELINE_BYTES:
        raise ValueError(
            f"larger than the {MAX_BASELINE_BYTES >> 20} MiB limit for a report not in "
            "eolscan's own layout"
        )
    document = json.loads(text, object_hook=_compact)
    surrogate = lone_surrogate_line(text)
    if surrogate is not None:
        raise ValueError(f"line {surrogate}: {_LONE_SURROGATE}")
    return document


def _finding_lines(handle: TextIO) -> list[Any] | None:
    """The findings after ``"findings": [``, one a line; None where the layout is another."""
    findings: list[Any] = []
    parse = json.JSONDecoder(object_hook=_compact).decode
    for line in iter(lambda: handle.readline(MAX_FINDING_LINE), ""):
        if line.startswith("    {") and line.endswith(("},\n", "}\n")):
            if "\\u" in line and lone_surrogate_line(line) is not None:
                raise ValueError(_LONE_SURROGATE)
            try:
                findings.append(parse(line.rstrip().removesuffix(",")))
            except ValueError:
                return None
        elif line == "  ]\n":
            return findings if handle.read(3) in ("}\n", "}") else None
        else:
            return None
    return None


def _open_report(path: str) -> TextIO:
    """A seekable text handle on the report: the file itself when ``stat`` tells its size
    truthfully, else (a pipe, ``/dev/zero``) a copy read with the limit counted in bytes."""
    import io
    import os

    from eolscan.support.bounded import is_regular, read_text_limited

    if os.path.exists(path) and not is_regular(path) and not os.path.isdir(path):
        return io.StringIO(read_text_limited(path, MAX_BASELINE_BYTES))
    if os.stat(path).st_size > MAX_STREAMED_BASELINE_BYTES:
        limit = MAX_STREAMED_BASELINE_BYTES >> 20
        raise InputError(f"{path}: larger than the {limit} MiB limit")
    return Path(path).open(encoding="utf-8")


def load_report(path: str) -> SavedReport:
    """Read a report written by ``--format json``; errors name the file and what is wrong."""
    try:
        with _open_report(path) as handle:
            document = _read_document(handle)
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
    for number, entry in enumerate(findings, 1):
        if type(entry) is not Entry:
            raise InputError(f"{path}: finding {number}: {_problem(entry)}")
    return SavedReport(path, str(document.get("as_of", "?")), cast(list[Entry], findings))


class _Pairing:
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
                self.add(_entry(client, host, verdict))
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
        self.order[key] = None if before is None else _delta(before, entry)
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
                    self.order[entry.key] = _delta(before, entry)
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
    pairing = _Pairing(baseline)
    for entry in current:
        if entry.key not in pairing.order:  # the same item twice on a host: one finding
            pairing.add(entry)
    return pairing.finish()


def _delta(before: Entry, entry: Entry) -> Delta | None:
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
    """Numeric parts first (``8`` before ``11``), then the text: a stable, sensible order."""
    numbers = tuple(int(part) for part in re.findall(r"\d+", entry.version)[:6])
    return numbers, entry.version


@dataclass(frozen=True, slots=True)
class RowMarks:
    """A report's change marks as one more column: mark numbers in report order, and the
    text of each number (0 is unchanged, "")."""

    stream: object
    numbers: array[int]
    texts: list[str]


def compare_findings(baseline_path: str, findings: Iterable[Finding]) -> Changes:
    """``scan --baseline``: the current findings against a saved report."""
    from eolscan.report.findings import FindingStream

    saved = load_report(baseline_path)
    if isinstance(findings, FindingStream):
        return compare_stream(saved, findings)
    return compare(saved, (entry_from_finding(f) for f in findings))


def compare_stream(baseline: SavedReport, stream: FindingStream) -> Changes:
    """``compare`` over a compact report's rows, without a Finding per row; also each row's
    mark as a column, so the JSON and CSV writers stay on their fast path. Rows whose
    finding waits for its pair get their mark once the stream has been read."""
    pairing = _Pairing(baseline)
    numbers: array[int] = array("I")
    texts: dict[str, int] = {"": 0}
    later: dict[Key, list[int]] = {}
    verdicts = [stream.verdict(n) for n in range(stream.verdict_count)]
    for (client, host, _file, _tags), _line, number in stream.entries():
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


def _entry(client: str, host: str, verdict: Finding) -> Entry:
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
