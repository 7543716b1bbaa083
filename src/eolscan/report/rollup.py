"""Figures the human formats share: per-client counts, per-product roll-ups, upcoming dates.

Each works in one pass over ``report.findings`` and keeps only aggregates, so a
million findings cost a few thousand rows of memory, never a million.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from eolscan.formats.words import deadline, finding_product
from eolscan.judgement.newest import without_dates
from eolscan.model import DateOrFlag, Finding, Status

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

    def add(self, finding: Finding) -> None:
        """Count one finding."""
        self.counts[finding.status] += 1
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


@dataclass(slots=True)
class RollupRow:
    """All findings of one product cycle and status within a client."""

    product: str
    status: Status
    hosts: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    eol: DateOrFlag = None
    days_left: int | None = None
    upgrade_to: str = ""


def rollup(findings: Iterable[Finding], examples: int = 3) -> list[RollupRow]:
    """One row per (product cycle, status), worst first, then most machines first."""
    rows: dict[tuple[str, Status], RollupRow] = {}
    for finding in findings:
        label = finding_product(finding) or f"{finding.asset.name} (not identified)"
        row = rows.get((label, finding.status))
        if row is None:
            row = rows[(label, finding.status)] = RollupRow(
                label, finding.status, eol=deadline(finding)
            )
            row.days_left = finding.days_left
            row.upgrade_to = finding.upgrade_to_label or ""
        host = finding.asset.host
        if host not in row.hosts:
            row.hosts.add(host)
            if len(row.examples) < examples:
                row.examples.append(host)
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
    findings: Iterable[Finding], start: date, end: date | None = None
) -> list[Milestone]:
    """Dates after ``start`` (and up to ``end``) per client and product cycle, in date order."""
    found: dict[tuple[str, str, str], Milestone] = {}
    for finding in findings:
        if finding.product is None or finding.status is Status.IGNORED:
            continue  # an ignored item's dates are noise too
        cycle = finding.cycle or "+".join(finding.candidates)
        for attribute, what in _MILESTONES:
            day = getattr(finding, attribute)
            if not isinstance(day, date) or day <= start or (end is not None and day > end):
                continue
            if attribute == "support_end" and day == finding.eol:
                continue  # active and security support end together: one date, not two
            key = (finding.asset.client, f"{finding.product}/{cycle}", attribute)
            milestone = found.get(key)
            if milestone is None:
                milestone = found[key] = Milestone(
                    finding.asset.client,
                    day,
                    what,
                    finding_product(finding),
                    attribute,
                    link=finding.link,
                    key="|".join(key),
                )
            milestone.hosts.add(finding.asset.host)
    return sorted(found.values(), key=lambda m: (m.day, m.client, m.product.lower(), m.kind))
