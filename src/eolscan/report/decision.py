"""One decision of the action plan: move these machines off this release by this date.

A decision is one (client, product cycle, upgrade target); it lists every machine, the
deadline (end of security support, or of the paid extended support in force) and the
quarter to act in. ``report.plan`` gathers the decisions of a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from eolscan.formats.words import deadline, product_text
from eolscan.judgement.facts import policy_facts
from eolscan.model import DateOrFlag, Finding, Status

LEAD_DAYS = 30
"""A month to do the work: the plan puts a decision in the quarter that holds the day
this long before its deadline (a deadline is the first day without support, as ``risk``
judges), so support ending early in a quarter is planned in the quarter before."""

PLANNED = frozenset({Status.EOL, Status.EXTENDED, Status.WARN})
"""Statuses that call for a decision; unknown items are checked by hand, accepted and
ignored ones were decided already."""


@dataclass(slots=True)
class Decision:
    """One thing to do for one client: move these machines off this release by this date."""

    client: str
    product: str
    product_name: str
    cycle: str
    cycle_label: str
    upgrade_to: str | None
    upgrade_to_label: str
    status: Status
    deadline: DateOrFlag
    link: str | None = None
    maintained_by: tuple[str, str] | None = None
    """The (product, cycle) of the OS release whose archive the machines' packages come
    from: a distribution build, supported as long as that release (``verdict``)."""
    hosts: list[str] = field(default_factory=list)
    """Every machine, in name order."""
    packages: list[Decision] = field(default_factory=list)
    """On an OS release's decision: its distribution builds on these machines (OpenSSL,
    PHP from CentOS 7's archive), which moving the machines off the release replaces."""

    @property
    def product_label(self) -> str:
        """``Microsoft Windows 10 22H2``: the release the machines run; the product alone
        where the fix is an update in place (``7-Zip``, not ``7-Zip releases (no published
        lifecycle)``)."""
        if self.update_only and self.product_name:
            return self.product_name
        return product_text(self.product_name, self.cycle_label) or self.product

    @property
    def target(self) -> str:
        """``Microsoft Windows 11 26H1 (W)``: the release to move to, named in full."""
        if not self.upgrade_to_label:
            return ""
        if self.update_only:
            return f"update to {self.upgrade_to_label}"  # the newest release, 26.02
        if self.upgrade_to is None and not self.upgrade_to_label[0].isdigit():
            return self.upgrade_to_label  # a vendor-named successor, named in full
        return product_text(self.product_name, self.upgrade_to_label)

    @property
    def update_only(self) -> bool:
        """Behind the newest release of a product with no published end dates (7-Zip, Edge,
        Acrobat DC): the fix is updating in place, not replacing it."""
        return self.status is Status.WARN and self.deadline is None and self.upgrade_to is None

    @property
    def action(self) -> str:
        """What the plan says to do when no release is named: update in place, or replace."""
        return "update to the newest release" if self.update_only else "replace"

    @property
    def due(self) -> date | None:
        """The deadline as a date, or None when the data has only a flag."""
        return self.deadline if isinstance(self.deadline, date) else None

    def quarter(self, as_of: date) -> str:
        """``2027-Q1``: when to act, the quarter that holds the day ``LEAD_DAYS`` before the
        deadline (Windows Server 2016, ending 2027-01-12, is work for 2026-Q4, not for
        the quarter it ends in); an overdue or undated deadline is this quarter."""
        due = self.due
        start = due - timedelta(days=LEAD_DAYS) if due is not None else as_of
        return quarter_of(max(start, as_of))

    def sorted_hosts(self) -> list[str]:
        """Every machine, in name order."""
        return self.hosts


@lru_cache(maxsize=4_096)
def quarter_of(day: date) -> str:
    """``2027-Q1`` for a day (a plan of 28,000 decisions has a few hundred deadlines)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


Order = tuple[int, int, date]
"""A verdict's place in ``deciding_order``."""


def _release_of(finding: Finding) -> tuple[str, str]:
    """(cycle, cycle label) a decision is about: the finding's release, its candidates
    joined where it has several, none for an evergreen line (``_one_line``)."""
    if _one_line(finding):
        return "", ""
    if finding.cycle:
        return finding.cycle, finding.cycle_label or ""
    return "+".join(finding.candidates), finding.cycle_label or " or ".join(finding.candidates)


def decision_key(finding: Finding) -> tuple[str, str, str, str]:
    """What a decision is about, apart from the client: product, cycle, upgrade target, and
    the release whose archive a distribution build comes from (its own decision: upstream's
    dates are not its dates)."""
    return (
        finding.product or "",
        f"~{finding.status}" if _one_line(finding) else _release_of(finding)[0],
        finding.upgrade_to or "",
        "/".join(finding.maintained_by or ()),
    )


def _one_line(finding: Finding) -> bool:
    """An evergreen product's own release (Chrome 131, Chrome 143): every one is updated
    to the same release, so the plan makes one decision of those of one status, named by
    the product (a Firefox ESR still supported is not "overdue" with an ended one)."""
    return finding.maintained_by is None and (finding.product or "") in policy_facts().evergreen


def deciding_order(finding: Finding) -> Order:
    """How the verdicts of one decision rank for the one that gives its status and
    deadline: the worst status, then the earliest deadline (a Windows Server 2012 R2 on
    paid support that ended 2026-10-13 beside one without: overdue since 2023-10-10), a
    flag, then none; the same whatever order the machines were read in."""
    due = deadline(finding)
    if isinstance(due, date):
        return finding.status.rank, 0, due
    return finding.status.rank, 1 if due is not None else 2, date.max


def decision_values(finding: Finding) -> tuple[Any, ...]:
    """A decision's fields after its client, from the finding that decides them."""
    return (
        finding.product or "",
        finding.product_label or "",
        *_release_of(finding),
        finding.upgrade_to,
        finding.upgrade_to_label or "",
        finding.status,
        deadline(finding),
        finding.link,
        finding.maintained_by,
    )
