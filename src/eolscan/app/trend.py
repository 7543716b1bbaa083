"""How each client's exposure moved across saved JSON reports: the month-to-month view.

Each report is one point per client (its ``as_of``): items by status and machines past
end of life. Between two points, improvements (risks resolved or better) and regressions
(new or worse risks) are counted apart, with the same identity ``diff`` uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from eolscan.errors import InputError
from eolscan.judgement.baseline import compare
from eolscan.judgement.changes import Change
from eolscan.judgement.saved_report import SavedReport, load_report
from eolscan.model import Status

RISKS = frozenset({Status.EOL, Status.EXTENDED, Status.WARN, Status.UNKNOWN})
"""Statuses whose coming and going is an improvement or a regression."""


@dataclass(slots=True)
class Point:
    """One client in one saved report."""

    as_of: str
    counts: Counter[Status] = field(default_factory=Counter)
    hosts: int = 0
    past: int = 0
    """Machines whose worst item is past end of life."""
    improved: int = 0
    regressed: int = 0
    """Since the point before: risks resolved or better, and risks new or worse."""


@dataclass(slots=True)
class ClientTrend:
    """A client's points in date order."""

    client: str
    points: list[Point] = field(default_factory=list)


def _points(report: SavedReport) -> dict[str, Point]:
    """Each client's figures in one report."""
    worst: dict[tuple[str, str], Status] = {}
    points: dict[str, Point] = {}
    for entry in report.entries:
        point = points.setdefault(entry.client, Point(report.as_of))
        point.counts[entry.status] += 1
        key = (entry.client, entry.host)
        if key not in worst or entry.status.rank < worst[key].rank:
            worst[key] = entry.status
    for (client, _), status in worst.items():
        points[client].hosts += 1
        points[client].past += status is Status.EOL
    return points


def _moves(before: SavedReport, after: SavedReport) -> dict[str, tuple[int, int]]:
    """Client -> (improved, regressed) from ``before`` to ``after``."""
    changes = compare(before, after.entries)
    moves: dict[str, list[int]] = {}
    for delta in changes.all():
        entry, previous = delta.entry, delta.previous
        counts = moves.setdefault(entry.client, [0, 0])
        if delta.change is Change.RESOLVED:
            counts[0] += entry.status in RISKS
        elif delta.worse:
            counts[1] += entry.status in RISKS
        elif previous is not None and entry.status.rank > previous.status.rank:
            counts[0] += previous.status in RISKS
    return {client: (up, down) for client, (up, down) in moves.items()}


def build_trend(paths: list[str]) -> list[ClientTrend]:
    """Every client's trend across the reports at ``paths``, ordered by their dates."""
    reports = sorted((load_report(path) for path in paths), key=lambda r: r.as_of)
    dates = [report.as_of for report in reports]
    if len(set(dates)) != len(dates):
        twice = next(d for d in dates if dates.count(d) > 1)
        raise InputError(f"two reports are as of {twice}; give one report per date")
    trends: dict[str, ClientTrend] = {}
    previous: SavedReport | None = None
    for report in reports:
        moves = _moves(previous, report) if previous is not None else {}
        for client, point in _points(report).items():
            point.improved, point.regressed = moves.get(client, (0, 0))
            trends.setdefault(client, ClientTrend(client)).points.append(point)
        previous = report
    return [trends[name] for name in sorted(trends, key=str.lower)]
