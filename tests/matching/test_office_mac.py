"""Office for Mac apps by version: 16.x against the newest build, 15.x and 14.x and a named
"2019 for Mac" by their ends; Office on Windows' 16.0.<build> is not judged as a Mac app."""

from __future__ import annotations

from datetime import date

from eolscan.judgement.policy import Policy
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher
from eolscan.model import Asset, Finding, Kind, Status
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF

POLICY = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)


def _judge(matcher: Matcher, name: str, version: str) -> Finding:
    return assess_asset(Asset("c", "h", Kind.SOFTWARE, name, version), matcher, POLICY)


def _newest(database: LifecycleDB) -> str:
    product = database.product("office-mac")
    assert product is not None
    latest = [c.latest for c in product.cycles if c.lifecycle and c.latest]
    assert latest
    return latest[0]


def test_the_newest_build_is_supported_and_older_ones_update(
    matcher: Matcher, database: LifecycleDB
) -> None:
    newest = _newest(database)
    assert _judge(matcher, "Microsoft Word.app", newest).status is Status.SUPPORTED
    major, minor = newest.split(".")[:2]
    older = _judge(matcher, "Microsoft Excel.app", f"{major}.{int(minor) - 20}")
    assert older.status is Status.WARN and newest in older.reason
    assert "macOS" in older.reason, "the reason says which macOS the builds need"


def test_older_majors_and_named_releases_have_ended(matcher: Matcher) -> None:
    for name, version in [
        ("Microsoft Outlook.app", "15.41"),
        ("Microsoft PowerPoint.app", "14.7.7"),
        ("Microsoft Office 2019 for Mac", "16.78.3"),
    ]:
        finding = _judge(matcher, name, version)
        assert (finding.product, finding.status) == ("office-mac", Status.EOL), name
        assert finding.cycle is not None and finding.cycle.endswith("-for-mac")


def test_a_windows_office_build_is_not_judged_as_a_mac_app(matcher: Matcher) -> None:
    finding = _judge(matcher, "Microsoft Word", "16.0.17928.20114")
    assert finding.status is Status.UNKNOWN and finding.cycle is None
