"""Zoom Workplace by Zoom's enforced minimum version: a cycle is a range from its minimum
up; below the lowest minimum is past support; the Mac app must meet the highest minimum."""

from __future__ import annotations

from datetime import date

from eolscan.judgement.policy import Policy
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher
from eolscan.model import Asset, Cycle, Kind, Status
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF

POLICY = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)


def _minimums(database: LifecycleDB) -> list[Cycle]:
    product = database.product("zoom-workplace")
    assert product is not None
    numbered = [c for c in product.cycles if c.id[0].isdigit()]
    return sorted(numbered, key=lambda c: tuple(int(p) for p in c.id.split(".")))


def _judge(matcher: Matcher, name: str, version: str) -> tuple[Status, str | None]:
    finding = assess_asset(Asset("c", "h", Kind.SOFTWARE, name, version), matcher, POLICY)
    assert finding.product == "zoom-workplace"
    return finding.status, finding.cycle


def test_each_minimum_starts_its_range(matcher: Matcher, database: LifecycleDB) -> None:
    for cycle in _minimums(database):
        assert _judge(matcher, "Zoom Workplace", f"{cycle.id}.12345") == (
            Status.SUPPORTED,
            cycle.id,
        )


def test_below_the_lowest_minimum_is_eol(matcher: Matcher, database: LifecycleDB) -> None:
    lowest = _minimums(database)[0].id.split(".")
    older = f"{lowest[0]}.{int(lowest[1]) - 1}.10.26186"
    status, cycle = _judge(matcher, "Zoom", older)
    assert status is Status.EOL and cycle is not None and not cycle[0].isdigit()


def test_the_mac_app_needs_the_highest_minimum(matcher: Matcher, database: LifecycleDB) -> None:
    lowest, highest = _minimums(database)[0], _minimums(database)[-1]
    assert lowest.id != highest.id
    assert _judge(matcher, "zoom.us.app", lowest.id)[0] is Status.EOL
    assert _judge(matcher, "zoom.us.app", highest.id) == (Status.SUPPORTED, highest.id)


def test_no_version_is_identified_but_not_judged(matcher: Matcher) -> None:
    assert _judge(matcher, "Zoom Workplace", "")[0] is Status.UNKNOWN
