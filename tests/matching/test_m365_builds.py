"""Microsoft 365 Apps by build: the build number of ``16.0.<build>.<rev>`` names the version,
and the version's end is the end of the channel that services it longest (the label says
which channel was assumed)."""

from __future__ import annotations

from datetime import date

import pytest

from eolscan.judgement.policy import Policy
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher
from eolscan.matching.normalise import version_parts
from eolscan.model import Asset, Cycle, Kind, Status
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF

NAME = "Microsoft 365 Apps for business - en-us"
POLICY = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)


def _dated(database: LifecycleDB) -> list[Cycle]:
    product = database.product("microsoft-365-apps")
    assert product is not None
    return [c for c in product.cycles if not c.lifecycle and c.latest]


def _build(cycle: Cycle) -> int:
    return int(version_parts(cycle.latest or "")[2])


def test_every_version_is_found_from_a_build_of_it(matcher: Matcher, database: LifecycleDB) -> None:
    for cycle in _dated(database):
        version = f"16.0.{_build(cycle)}.10000"
        finding = assess_asset(Asset("c", "h", Kind.SOFTWARE, NAME, version), matcher, POLICY)
        assert (finding.product, finding.cycle) == ("microsoft-365-apps", cycle.id), version
        assert "assumed" in (finding.cycle_label or ""), "the label names the assumed channel"


def test_a_version_past_its_longest_channel_is_eol(matcher: Matcher, database: LifecycleDB) -> None:
    ended = [c for c in _dated(database) if isinstance(c.eol, date) and c.eol < POLICY.as_of]
    assert ended
    for cycle in ended[:5]:
        asset = Asset("c", "h", Kind.SOFTWARE, NAME, cycle.latest or "")
        finding = assess_asset(asset, matcher, POLICY)
        assert finding.status is Status.EOL and finding.eol == cycle.eol


def test_a_build_newer_than_the_data_is_a_current_version(
    matcher: Matcher, database: LifecycleDB
) -> None:
    newest = max(_build(c) for c in _dated(database))
    asset = Asset("c", "h", Kind.SOFTWARE, NAME, f"16.0.{newest + 200}.20092")
    finding = assess_asset(asset, matcher, POLICY)
    assert finding.product == "microsoft-365-apps"
    assert finding.status is Status.SUPPORTED
    assert "newer than the newest release the data knows" in finding.reason


@pytest.mark.parametrize("version", ["", "16.0"])
def test_no_build_is_identified_but_not_judged(matcher: Matcher, version: str) -> None:
    finding = assess_asset(Asset("c", "h", Kind.SOFTWARE, NAME, version), matcher, POLICY)
    assert finding.product == "microsoft-365-apps"
    assert finding.status is Status.UNKNOWN


def test_a_build_older_than_every_version_has_ended(
    matcher: Matcher, database: LifecycleDB
) -> None:
    oldest = min(_dated(database), key=_build)
    asset = Asset("c", "h", Kind.SOFTWARE, NAME, f"16.0.{_build(oldest) - 1}.1000")
    finding = assess_asset(asset, matcher, POLICY)
    assert finding.status is Status.EOL and finding.cycle == oldest.id


def test_a_version_named_yymm_is_that_version(matcher: Matcher, database: LifecycleDB) -> None:
    cycle = _dated(database)[3]
    finding = assess_asset(Asset("c", "h", Kind.SOFTWARE, NAME, cycle.id), matcher, POLICY)
    assert finding.cycle == cycle.id
