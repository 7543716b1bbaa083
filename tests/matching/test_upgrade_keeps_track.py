"""Upgrade targets keep the asset's servicing track even when its own cycle id shows none."""

from __future__ import annotations

from datetime import date

import pytest

from eolscan.judgement.policy import Policy
from eolscan.matching import Matcher
from eolscan.model import Asset, Kind
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF


@pytest.mark.parametrize(
    ("caption", "suffix"),
    [
        ("Microsoft Windows 10 Pro", "-w"),
        ("Microsoft Windows 10 Home", "-w"),
        ("Microsoft Windows 10 Enterprise", "-e"),
    ],
)
def test_windows_10_22h2_upgrades_within_its_edition(
    matcher: Matcher, caption: str, suffix: str
) -> None:
    policy = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)
    finding = assess_asset(Asset("c", "h", Kind.OS, caption, "10.0.19045"), matcher, policy)
    assert finding.cycle == "10-22h2"
    assert finding.upgrade_to is not None
    assert finding.upgrade_to.startswith("11-") and finding.upgrade_to.endswith(suffix)


def test_ltsc_upgrades_to_an_ltsc(matcher: Matcher) -> None:
    policy = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)
    finding = assess_asset(
        Asset("c", "h", Kind.OS, "Microsoft Windows 10 Enterprise LTSC", "10.0.19044"),
        matcher,
        policy,
    )
    assert finding.upgrade_to == "11-24h2-e-lts"
