"""Classify cycles at a date: eol, extended, warn or supported; days left; upgrade target. Pure."""

from __future__ import annotations

from datetime import date

from eolscan.models import Assessment, Cycle, DateOrFlag, Product, Status
from eolscan.policy import Policy

_EDITION_SUFFIXES = ("-iot-lts", "-e-lts", "-w", "-e", "-sac", "-ac")


def _has_passed(value: DateOrFlag, as_of: date) -> bool:
    """A date on or before ``as_of``, or a bare ``true`` flag."""
    if isinstance(value, bool):
        return value
    return value is not None and value <= as_of


def _days(value: DateOrFlag, as_of: date) -> int | None:
    """Days from ``as_of`` to a date (negative when past); None for a flag or an unknown date."""
    if value is None or isinstance(value, bool):
        return None
    return (value - as_of).days


def _extended_running(cycle: Cycle, as_of: date) -> bool:
    """Paid extended support exists and has not ended (``false`` = running, no end date known)."""
    value = cycle.extended_end
    if value is None or value is True:
        return False
    return value is False or value > as_of


def assess_cycle(cycle: Cycle, policy: Policy, extended_support: bool) -> Assessment:
    """One cycle at ``policy.as_of`` for a host that does or does not pay for extended support."""
    as_of = policy.as_of

    def verdict(status: Status, days_left: int | None, reason: str = "") -> Assessment:
        return Assessment(
            status,
            support_end=cycle.support_end,
            eol=cycle.eol,
            extended_end=cycle.extended_end,
            days_left=days_left,
            reason=reason,
        )

    if _has_passed(cycle.eol, as_of):
        if extended_support and _extended_running(cycle, as_of):
            return verdict(
                Status.EXTENDED,
                _days(cycle.extended_end, as_of),
                "security support ended; paid extended support in force on this host",
            )
        return verdict(Status.EOL, _days(cycle.eol, as_of))
    days_left = _days(cycle.eol, as_of)
    if days_left is not None and days_left <= policy.warn_days:
        return verdict(Status.WARN, days_left)
    reason = "" if cycle.eol is not None and cycle.eol is not False else "no end of life announced"
    return verdict(Status.SUPPORTED, days_left, reason)


def _suffix(cycle_id: str) -> str:
    for suffix in _EDITION_SUFFIXES:
        if cycle_id.endswith(suffix):
            return suffix
    return ""


def _is_supported(cycle: Cycle, as_of: date) -> bool:
    released = cycle.release is None or cycle.release <= as_of
    return released and not _has_passed(cycle.eol, as_of)


def upgrade_target(product: Product, current: Cycle, as_of: date, track: str = "") -> Cycle | None:
    """The newest cycle still supported at ``as_of``, keeping edition and LTS track when possible.

    ``track`` is the asset's own servicing track when its cycle id does not show one
    (Windows 10 22H2 Pro is cycle ``10-22h2`` but follows the ``-w`` track).
    """
    supported = [c for c in product.cycles if _is_supported(c, as_of)]
    if not supported:
        return None
    supported.sort(key=lambda c: c.release or date.min, reverse=True)
    suffix = _suffix(current.id) or track
    same_track = [c for c in supported if _suffix(c.id) == suffix] or supported
    if current.lts:
        same_track = [c for c in same_track if c.lts] or same_track
    best = same_track[0]
    return None if best.id == current.id else best


def _latest_date(values: list[DateOrFlag]) -> DateOrFlag:
    dates = [v for v in values if v is not None and not isinstance(v, bool)]
    if dates:
        return max(dates)
    return values[0] if values else None


def assess(
    product: Product,
    cycles: tuple[Cycle, ...],
    policy: Policy,
    extended_support: bool,
    track: str = "",
) -> tuple[Assessment, Cycle | None]:
    """All candidates at once: one cycle, or several that agree, give a status; else unknown."""
    results = [(cycle, assess_cycle(cycle, policy, extended_support)) for cycle in cycles]
    statuses = {a.status for _, a in results}
    if len(results) == 1:
        cycle, assessment = results[0]
        target = upgrade_target(product, cycle, policy.as_of, track)
        return _with_target(assessment, target), cycle
    ids = ", ".join(c.id for c, _ in results)
    if len(statuses) != 1:
        return (
            Assessment(
                Status.UNKNOWN,
                reason=f"cannot tell which of {len(results)} cycles ({ids}) applies "
                "and their statuses differ; "
                "give the version or build",
            ),
            None,
        )
    status = statuses.pop()
    eols = [a.eol for _, a in results]
    chosen = max(results, key=lambda r: r[1].days_left if r[1].days_left is not None else -(10**9))
    target = upgrade_target(product, chosen[0], policy.as_of, track)
    merged = Assessment(
        status,
        support_end=_latest_date([a.support_end for _, a in results]),
        eol=_latest_date(eols),
        extended_end=_latest_date([a.extended_end for _, a in results]),
        days_left=chosen[1].days_left,
        upgrade_to=None,
        reason=f"{len(results)} candidate cycles ({ids}) are all {status}; latest dates shown",
    )
    return _with_target(merged, target), None


def _with_target(assessment: Assessment, target: Cycle | None) -> Assessment:
    if target is None:
        return assessment
    return Assessment(
        assessment.status,
        support_end=assessment.support_end,
        eol=assessment.eol,
        extended_end=assessment.extended_end,
        days_left=assessment.days_left,
        upgrade_to=target.id,
        reason=assessment.reason,
    )
