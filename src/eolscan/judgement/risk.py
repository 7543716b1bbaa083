"""Classify cycles at a date: eol, extended, warn or supported; days left; upgrade target. Pure."""

from __future__ import annotations

from datetime import date

from eolscan.judgement.facts import Phase, PolicyFacts
from eolscan.judgement.policy import Policy
from eolscan.model import Assessment, Cycle, DateOrFlag, Product, Status

_EDITION_SUFFIXES = ("-iot-lts", "-e-lts", "-ltsc", "-w", "-e", "-sac", "-ac")


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


def assess_cycle(
    cycle: Cycle, policy: Policy, extended_support: bool, phase: Phase | None = None
) -> Assessment:
    """One cycle at ``policy.as_of`` for a host that does or does not pay for extended support.

    ``phase`` says whether the cycle's extended phase is free to everyone (Debian LTS: judged
    as support) or a paid contract (only where the host pays); unknown is taken as paid.
    """
    as_of = policy.as_of

    def verdict(
        status: Status, days_left: int | None, reason: str = "", eol: DateOrFlag = cycle.eol
    ) -> Assessment:
        return Assessment(
            status,
            support_end=cycle.support_end,
            eol=eol,
            extended_end=cycle.extended_end,
            days_left=days_left,
            reason=reason,
        )

    if phase is not None and phase.free and _extended_running(cycle, as_of) and cycle.eol:
        days = _days(cycle.extended_end, as_of)
        status = Status.WARN if days is not None and days <= policy.warn_days else Status.SUPPORTED
        regular = cycle.eol.isoformat() if isinstance(cycle.eol, date) else "ended"
        if not _has_passed(cycle.eol, as_of):
            regular = f"until {regular}"
        until = _until(cycle.extended_end)
        reason = f"security updates from {phase.name} (free) {until}; regular support {regular}"
        return verdict(status, days, reason, eol=cycle.extended_end)
    free_end = cycle.extended_end if phase is not None and phase.free else None
    if phase is not None and isinstance(free_end, date) and free_end <= as_of:
        reason = f"{phase.name} (free) ended {free_end.isoformat()}"  # the real end
        return verdict(Status.EOL, _days(free_end, as_of), reason, eol=free_end)
    if _has_passed(cycle.eol, as_of):
        paid_end = cycle.extended_end
        if extended_support and isinstance(paid_end, date) and paid_end <= as_of:
            # the host's fixes ended with its contract: that is its date, not the release's
            name = f" ({phase.name})" if phase is not None else ""
            regular = cycle.eol.isoformat() if isinstance(cycle.eol, date) else "earlier"
            reason = f"paid extended support{name} ended too; security support ended {regular}"
            return verdict(Status.EOL, _days(paid_end, as_of), reason, eol=paid_end)
        if extended_support and _extended_running(cycle, as_of):
            name = f" ({phase.name})" if phase is not None else ""
            return verdict(
                Status.EXTENDED,
                _days(cycle.extended_end, as_of),
                f"security support ended; paid extended support{name} in force on this host",
            )
        if extended_support and cycle.extended_end in (None, True):
            return verdict(
                Status.EOL,
                _days(cycle.eol, as_of),
                "extended_support is set, but no extended phase is known for this release: "
                "record your contract's end date as an overlay contract",
            )
        return verdict(Status.EOL, _days(cycle.eol, as_of))
    days_left = _days(cycle.eol, as_of)
    if days_left is not None and days_left <= policy.warn_days:
        return verdict(Status.WARN, days_left)
    reason = "" if cycle.eol is not None and cycle.eol is not False else "no end of life announced"
    return verdict(Status.SUPPORTED, days_left, reason)


def _until(value: DateOrFlag) -> str:
    return f"until {value.isoformat()}" if isinstance(value, date) else "with no end date known"


def _suffix(cycle_id: str) -> str:
    for suffix in _EDITION_SUFFIXES:
        if cycle_id.endswith(suffix):
            return suffix
    return ""


def _is_supported(cycle: Cycle, as_of: date) -> bool:
    released = cycle.release is None or cycle.release <= as_of
    return released and not _has_passed(cycle.eol, as_of)


def upgrade_target(
    product: Product,
    current: Cycle,
    as_of: date,
    track: str = "",
    excluded: frozenset[str] = frozenset(),
    stable_even_minor: bool = False,
) -> Cycle | None:
    """The newest cycle still supported at ``as_of``, keeping edition and LTS track when possible.

    ``track`` is the asset's own servicing track when its cycle id does not show one
    (Windows 10 22H2 Pro is cycle ``10-22h2`` but follows the ``-w`` track). ``excluded``
    cycles are never targets (new-device-only releases); with ``stable_even_minor`` only
    even minor lines are (nginx's odd lines are mainline).
    """
    supported = [
        c
        for c in product.cycles
        if _is_supported(c, as_of)
        and c.id not in excluded
        and (not stable_even_minor or _even_minor(c.id))
    ]
    if not supported:
        return None
    supported.sort(key=lambda c: c.release or date.min, reverse=True)
    suffix = _suffix(current.id) or track
    same_track = [c for c in supported if _suffix(c.id) == suffix] or supported
    if current.lts:
        same_track = [c for c in same_track if c.lts] or same_track
    best = _in_place(current, same_track) or same_track[0]
    return None if best.id == current.id else best


def _in_place(current: Cycle, newest_first: list[Cycle]) -> Cycle | None:
    """The newest supported release of the current one's major line, released after it
    (SUSE 15 SP5 to 15 SP7, an in-place service pack; OpenSSL 3.1 to the 3.5 LTS), when it
    is supported at least as long as the newest release of all (SUSE 16.0 or OpenSSL 4.0:
    a new major, with shorter support); the current release itself when it is that one
    and still supported; else None."""
    major, dot, _ = current.id.partition(".")
    if not dot:
        return None
    after = current.release or date.min
    same_major = [
        c
        for c in newest_first
        if c.id.partition(".")[0] == major
        and "." in c.id
        and (c.id == current.id or (c.release or date.max) > after)
    ]
    if not same_major or same_major[0] is newest_first[0]:
        return None
    ours, newest = same_major[0].eol, newest_first[0].eol
    if isinstance(ours, date) and isinstance(newest, date) and ours >= newest:
        return same_major[0]
    return None


def _even_minor(cycle_id: str) -> bool:
    parts = cycle_id.split(".")
    return len(parts) > 1 and parts[1].isdigit() and int(parts[1]) % 2 == 0


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
    facts: PolicyFacts | None = None,
) -> tuple[Assessment, Cycle | None]:
    """All candidates at once: one cycle, or several that agree, give a status; else unknown.

    ``facts`` (curated) say whether the product's extended phase is free, which releases are
    for new devices only and whether only even minor lines are stable.
    """
    facts = facts or PolicyFacts()
    phase = facts.phases.get(product.id)
    results = [(cycle, assess_cycle(cycle, policy, extended_support, phase)) for cycle in cycles]
    statuses = {a.status for _, a in results}

    def target_for(cycle: Cycle) -> Cycle | None:
        return upgrade_target(
            product,
            cycle,
            policy.as_of,
            track,
            facts.new_device_only.get(product.id, frozenset()),
            product.id in facts.stable_even_minor,
        )

    if len(results) == 1:
        cycle, assessment = results[0]
        return _with_target(assessment, target_for(cycle)), cycle
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
    target = target_for(chosen[0])
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
