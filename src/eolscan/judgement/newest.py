"""Judge items whose vendor publishes no lifecycle, or supports only its newest release. Pure.

7-Zip publishes no end dates and Microsoft Edge supports only its newest release, so
neither has a date to compare with. Such an item is still identified, never "not
identified": it is judged by whether it is the newest release the lifecycle data knows,
and the reason says so, so reports keep it apart from dated verdicts and from unknowns.
"""

from __future__ import annotations

from eolscan.matching.normalise import version_parts
from eolscan.model import Assessment, Cycle, Status

NO_LIFECYCLE = "no published lifecycle"
EVERGREEN = "only the newest release is supported"
_WHY = {"none": NO_LIFECYCLE, "evergreen": EVERGREEN}


def without_dates(reason: str) -> bool:
    """True for a verdict judged against the newest release because the vendor publishes no
    dates (7-Zip, Edge): reports count these apart from items not identified at all."""
    return reason.removeprefix("identified; ").startswith((NO_LIFECYCLE, EVERGREEN))


def judged_by_newest(cycle: Cycle) -> bool:
    """True for a cycle without published dates (``lifecycle: none`` or ``evergreen``)."""
    return cycle.lifecycle in _WHY


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version_parts(version))


def assess_newest(cycle: Cycle, version: str) -> Assessment:
    """Supported when ``version`` is the newest release known, warn when older (update, not
    replace); ended when an evergreen product's major release is older than the newest's
    (Edge 131 beside 148 gets no fixes, as Chrome's ended majors do); unknown, though
    identified, when either version is missing."""
    why = _WHY[cycle.lifecycle]
    latest = cycle.latest or ""
    if not _numbers(latest):
        return Assessment(
            Status.UNKNOWN, reason=f"identified; {why}, and the data knows no newest release"
        )
    if not _numbers(version):
        return Assessment(
            Status.UNKNOWN,
            reason=f"identified; {why}: give the version to compare with the newest, {latest}",
        )
    newest = _numbers(latest)
    mine = _numbers(version)[: len(newest)]  # "20.1.10.0" is release "20.1"
    if len(mine) < len(newest) and mine == newest[: len(mine)]:  # "16.0" of 16.0.20228.20190
        return Assessment(
            Status.UNKNOWN,
            reason=f"identified; {why}: {version} is too short to compare with {latest}",
        )
    if mine == newest:
        return Assessment(Status.SUPPORTED, reason=f"{why}; {version} is the newest release known")
    if mine > newest:
        return Assessment(
            Status.SUPPORTED,
            reason=f"{why}; {version} is newer than the newest release the data knows, {latest}",
        )
    if cycle.lifecycle == "evergreen" and mine[0] < newest[0]:
        return Assessment(
            Status.EOL,
            eol=True,
            reason=f"{why}; {version} is an older major release than the newest, {latest}, "
            "so it no longer receives fixes: update",
        )
    return Assessment(
        Status.WARN, reason=f"{why}; {version} is older than the newest release, {latest}: update"
    )
