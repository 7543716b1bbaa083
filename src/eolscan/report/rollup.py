"""Figures the human formats share: per-client counts, per-product roll-ups, upcoming dates.

Each works in one pass over ``report.findings`` and keeps only aggregates, so a
million findings cost a few thousand rows of memory, never a million.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, groupby
from typing import NamedTuple

from eolscan.formats.words import archive_group, deadline, finding_product, maintainer_text
from eolscan.judgement.newest import without_dates
from eolscan.model import DateOrFlag, Finding, Status
from eolscan.report.findings import FindingStream

_MILESTONES = (
    ("support_end", "end of active support"),
    ("eol", "end of security support"),
    ("extended_end", "end of extended support"),
)


@dataclass(slots=True)
class ClientStats:
    """One client's counts: items by status and the worst status of each host."""

    client: str
    counts: Counter[Status] = field(default_factory=Counter)
    worst: dict[str, Status] = field(default_factory=dict)
    not_identified: int = 0
    no_published_lifecycle: int = 0
    update_due: int = 0
    """``warn`` items with no end date (behind the newest release: "Update due")."""
    dated_warn: set[str] = field(default_factory=set, compare=False)
    """Hosts with a ``warn`` item that has an end date. Complete whenever the client has
    update-due items (``hosts_update_due`` reads it only then); the report's columns leave
    it empty otherwise, so it is not compared."""

    def add(self, finding: Finding) -> None:
        """Count one finding."""
        self.counts[finding.status] += 1
        if finding.status is Status.WARN:
            if deadline(finding) is None:
                self.update_due += 1
            else:
                self.dated_warn.add(finding.asset.host)
        if finding.status is Status.UNKNOWN and finding.product is None:
            self.not_identified += 1
        if without_dates(finding.reason):
            self.no_published_lifecycle += 1
        host = finding.asset.host
        current = self.worst.get(host)
        if current is None or finding.status.rank < current.rank:
            self.worst[host] = finding.status

    @property
    def hosts(self) -> int:
        """How many machines the client has."""
        return len(self.worst)

    def hosts_at(self, status: Status) -> int:
        """Machines whose worst item has ``status``."""
        return sum(1 for worst in self.worst.values() if worst is status)

    def hosts_update_due(self) -> int:
        """Machines whose worst items are ``warn`` with no end date: nothing of theirs ends,
        an update is due."""
        if not self.update_due:
            return 0
        return sum(
            1
            for host, worst in self.worst.items()
            if worst is Status.WARN and host not in self.dated_warn
        )

    @property
    def exposure(self) -> tuple[float, int, int, int]:
        """Sort key, most exposed first: share of machines at eol, then counts."""
        share = self.hosts_at(Status.EOL) / self.hosts if self.hosts else 0.0
        return (
            -share,
            -self.counts[Status.EOL],
            -self.counts[Status.EXTENDED],
            -self.counts[Status.WARN],
        )


def client_stats(findings: Iterable[Finding]) -> dict[str, ClientStats]:
    """Per-client figures in report order."""
    stats: dict[str, ClientStats] = {}
    if isinstance(findings, FindingStream):
        for _ in _stream_rollups(findings, stats, 0, rows=False):
            pass
        return stats
    for _ in counted(findings, stats):
        pass
    return stats


def counted(findings: Iterable[Finding], stats: dict[str, ClientStats]) -> Iterator[Finding]:
    """``findings`` passed through, counted into ``stats`` on the way: one pass serves two."""
    for finding in findings:
        client = finding.asset.client
        if client not in stats:
            stats[client] = ClientStats(client)
        stats[client].add(finding)
        yield finding


RowKey = tuple[str, Status, str]
"""A roll-up row's (product cycle, status, distribution release): a distribution's builds
of one product from two releases (Apache of Ubuntu 14.04 and of 16.04) are two rows, each
upgraded with its own release."""


@dataclass(slots=True)
class RollupRow:
    """All findings of one product cycle, status and distribution release (``RowKey``)
    within a client."""

    product: str
    status: Status
    hosts: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    eol: DateOrFlag = None
    days_left: int | None = None
    upgrade_to: str = ""


def rollup(findings: Iterable[Finding], examples: int = 3) -> list[RollupRow]:
    """One row per (product cycle, status, distribution release), worst first, then most
    machines first."""
    rows: dict[RowKey, RollupRow] = {}
    for finding in findings:
        row = _row_for(rows, finding)
        host = finding.asset.host
        if host not in row.hosts:
            row.hosts.add(host)
            if len(row.examples) < examples:
                row.examples.append(host)
    return _in_order(rows)


def client_rollups(
    findings: Iterable[Finding], stats: dict[str, ClientStats], examples: int = 3
) -> Iterator[tuple[str, list[RollupRow]]]:
    """Each client's roll-up in report order, its figures counted into ``stats`` on the way.

    A report's own findings are read as (host, verdict number) entries: what a row adds
    depends only on its verdict, so nothing is worked out, and no Finding made, per row."""
    if isinstance(findings, FindingStream):
        yield from _stream_rollups(findings, stats, examples, rows=True)
        return
    for client, group in groupby(counted(findings, stats), key=lambda f: f.asset.client):
        yield client, rollup(group, examples)


_NUMBERS_KEPT = 100_000
"""Verdicts whose figures the book, and whose roll-up row a client, keeps at hand (a
report of millions of distinct items stays bounded)."""


def _stream_rollups(
    stream: FindingStream, stats: dict[str, ClientStats], examples: int, rows: bool
) -> Iterator[tuple[str, list[RollupRow]]]:
    """``client_rollups`` over a report's rows. Rows come in report order (client, then
    worst status first), so a machine's first row carries its worst status. What a verdict
    adds is worked out once for the book (``_Verdict``), not once per client or row. A
    report held in memory is read as columns: each client's rows are a slice of them
    (``client_spans``), counted and matched with their hosts in C; Python works once per
    verdict of a client, and once per row only to gather each roll-up row's machines."""
    columns, spans = stream.columns(), stream.client_spans()
    if columns is None or spans is None:
        yield from _entry_rollups(stream, stats, examples, rows)
        return
    groups, group_ids, _, numbers = columns
    host_of = [group[1] for group in groups]
    known: dict[int, _Verdict] = {}
    for client, begin, end in spans:
        own = numbers[begin:end]
        hosts = list(map(host_of.__getitem__, group_ids[begin:end]))
        figures = stats[client] = ClientStats(client)
        tally = Counter(own)  # each verdict's rows, in the order first met
        verdicts = [known.get(number) or _known(known, number, stream) for number in tally]
        first = dict(zip(reversed(hosts), reversed(own), strict=True))  # each host's first row
        status = dict(zip(tally, (verdict.status for verdict in verdicts), strict=True))
        order = list(dict.fromkeys(hosts))
        worst = map(status.__getitem__, map(first.__getitem__, order))
        figures.worst.update(zip(order, worst, strict=True))
        for verdict, count in zip(verdicts, tally.values(), strict=True):
            verdict.add_to(figures, count)
        if figures.update_due:  # which warn machines have a dated item (rare: 7-Zip)
            dated = {n for n, verdict in zip(tally, verdicts, strict=True) if verdict.dated_warn}
            figures.dated_warn.update(compress(hosts, map(dated.__contains__, own)))
        if not rows:
            yield client, []
            continue
        by_label: dict[RowKey, RollupRow] = {}
        place: dict[int, RollupRow] = {}
        for number, verdict in zip(tally, verdicts, strict=True):
            place[number] = _row_of(by_label, verdict)
        for row, host in zip(map(place.__getitem__, own), hosts, strict=True):
            if host not in row.hosts:
                row.hosts.add(host)
                if len(row.examples) < examples:
                    row.examples.append(host)
        yield client, _in_order(by_label)


def _entry_rollups(
    stream: FindingStream, stats: dict[str, ClientStats], examples: int, rows: bool
) -> Iterator[tuple[str, list[RollupRow]]]:
    """``_stream_rollups`` entry by entry, for a report that spilled to disk."""
    known: dict[int, _Verdict] = {}
    for client, entries in groupby(stream.entries(), key=lambda entry: entry[0][0]):
        figures = stats[client] = ClientStats(client)
        worst = figures.worst
        tally: dict[int, int] = {}
        by_label: dict[RowKey, RollupRow] = {}
        by_number: dict[int, tuple[RollupRow, _Verdict]] = {}
        for (_, host, _, _, _), _, number in entries:
            found = by_number.get(number)
            if found is None:
                if len(by_number) >= _NUMBERS_KEPT:
                    by_number.clear()
                verdict = known.get(number) or _known(known, number, stream)
                row = _row_of(by_label, verdict)
                found = by_number[number] = (row, verdict)
            row = found[0]
            if host not in worst:
                worst[host] = row.status
            if found[1].dated_warn:
                figures.dated_warn.add(host)
            tally[number] = tally.get(number, 0) + 1
            if rows and host not in row.hosts:
                row.hosts.add(host)
                if len(row.examples) < examples:
                    row.examples.append(host)
        for number, count in tally.items():
            found = by_number.get(number)
            verdict = found[1] if found else known.get(number) or _known(known, number, stream)
            verdict.add_to(figures, count)
        yield client, _in_order(by_label) if rows else []


class _Verdict(NamedTuple):
    """What a verdict adds to a client's figures and roll-up, worked out once for the book."""

    key: RowKey
    status: Status
    not_identified: bool
    no_published_lifecycle: bool
    eol: DateOrFlag
    days_left: int | None
    upgrade_to: str
    dated_warn: bool
    """A ``warn`` with an end date (not an update due)."""

    @classmethod
    def of(cls, finding: Finding) -> _Verdict:
        label = finding_product(finding) or _unidentified_label(finding)
        due = deadline(finding)
        return cls(
            (label, finding.status, maintainer_text(finding)),
            finding.status,
            finding.status is Status.UNKNOWN and finding.product is None,
            without_dates(finding.reason),
            due,
            finding.days_left,
            finding.upgrade_to_label or _with_release(finding),
            finding.status is Status.WARN and due is not None,
        )

    def add_to(self, figures: ClientStats, rows: int) -> None:
        """``rows`` findings of this verdict, counted as ``ClientStats.add`` counts one."""
        figures.counts[self.status] += rows
        if self.status is Status.WARN and not self.dated_warn:
            figures.update_due += rows
        if self.not_identified:
            figures.not_identified += rows
        if self.no_published_lifecycle:
            figures.no_published_lifecycle += rows

    def row(self) -> RollupRow:
        """A new roll-up row for this verdict's key (``RowKey``)."""
        return RollupRow(
            self.key[0],
            self.status,
            eol=self.eol,
            days_left=self.days_left,
            upgrade_to=self.upgrade_to,
        )


def _unidentified_label(finding: Finding) -> str:
    """``bash (not identified)``; a distribution's own package the data has no product for
    is one of ``other packages of Ubuntu 22.04 (not identified)`` (``archive_group``)."""
    return f"{archive_group(finding) or finding.asset.name} (not identified)"


def _with_release(finding: Finding) -> str:
    """``with CentOS 7``: how a distribution build is upgraded, as the full table says it."""
    release = maintainer_text(finding)
    return f"with {release}" if release else ""


def _known(known: dict[int, _Verdict], number: int, stream: FindingStream) -> _Verdict:
    """Verdict ``number``'s figures, kept in ``known`` (up to ``_NUMBERS_KEPT`` of them)."""
    if len(known) >= _NUMBERS_KEPT:
        known.clear()
    found = known[number] = _Verdict.of(stream.verdict(number))
    return found


def _row_for(rows: dict[RowKey, RollupRow], finding: Finding) -> RollupRow:
    """The roll-up row ``finding`` belongs to, made from it when it is the first."""
    return _row_of(rows, _Verdict.of(finding))


def _row_of(rows: dict[RowKey, RollupRow], verdict: _Verdict) -> RollupRow:
    """The roll-up row of ``verdict``'s key (``RowKey``), made when it is the first."""
    row = rows.get(verdict.key)
    if row is None:
        row = rows[verdict.key] = verdict.row()
    return row


def _in_order(rows: dict[RowKey, RollupRow]) -> list[RollupRow]:
    """Worst first, then most machines first."""
    return sorted(rows.values(), key=lambda r: (r.status.rank, -len(r.hosts), r.product.lower()))


@dataclass(slots=True)
class Milestone:
    """A date on which something a client runs loses a kind of support."""

    client: str
    day: date
    what: str
    product: str
    kind: str
    hosts: set[str] = field(default_factory=set)
    link: str | None = None
    key: str = ""


def milestones(
    findings: Iterable[Finding],
    start: date,
    end: date | None = None,
    stats: dict[str, ClientStats] | None = None,
) -> list[Milestone]:
    """Dates after ``start`` (and up to ``end``) per client and product cycle, in date order;
    each client's figures counted into ``stats`` too, when given (one pass serves two).

    A report's own findings are read as (client, host, verdict number) entries: a verdict's
    dates are worked out once, and no Finding is made per row."""
    if stats is not None:
        if isinstance(findings, FindingStream):
            stats.update(client_stats(findings))
        else:
            findings = counted(findings, stats)
    found: dict[tuple[str, str, str], Milestone] = {}
    dates: dict[int, list[_Dates]] = {}
    verdict_of = findings.verdict if isinstance(findings, FindingStream) else None
    for client, host, number, finding in _rows(findings):
        marks = dates.get(number) if number >= 0 else None
        if marks is None:
            if finding is None and verdict_of is not None:  # once per verdict, not per row
                finding = verdict_of(number)
            assert finding is not None
            marks = _dates(finding, start, end)
            if number >= 0:
                if len(dates) >= _NUMBERS_KEPT:
                    dates.clear()
                dates[number] = marks
        for cycle, attribute, day, what, verdict in marks:
            key = (client, cycle, attribute)
            milestone = found.get(key)
            if milestone is None:
                milestone = found[key] = Milestone(
                    client,
                    day,
                    what,
                    finding_product(verdict),
                    attribute,
                    link=verdict.link,
                    key="|".join(key),
                )
            milestone.hosts.add(host)
    return sorted(found.values(), key=lambda m: (m.day, m.client, m.product.lower(), m.kind))


_Dates = tuple[str, str, date, str, Finding]
"""(product/cycle, which date, the day, what ends, the verdict) of one milestone a row adds."""


def _rows(findings: Iterable[Finding]) -> Iterator[tuple[str, str, int, Finding | None]]:
    """(client, host, verdict number or -1, the finding) per row; a report's own rows come
    as entries, without a finding (its verdict may be on disk: read once per number)."""
    if isinstance(findings, FindingStream):
        for (client, host, *_), _, number in findings.entries():
            yield client, host, number, None
        return
    for finding in findings:
        yield finding.asset.client, finding.asset.host, -1, finding


def _dates(finding: Finding, start: date, end: date | None) -> list[_Dates]:
    """The milestones a verdict adds: its dates after ``start`` (and up to ``end``)."""
    if finding.product is None or finding.status is Status.IGNORED:
        return []  # an ignored item's dates are noise too
    cycle = f"{finding.product}/{finding.cycle or '+'.join(finding.candidates)}"
    marks: list[_Dates] = []
    for attribute, what in _MILESTONES:
        day = getattr(finding, attribute)
        if not isinstance(day, date) or day <= start or (end is not None and day > end):
            continue
        if attribute == "support_end" and day == finding.eol:
            continue  # active and security support end together: one date, not two
        marks.append((cycle, attribute, day, what, finding))
    return marks
