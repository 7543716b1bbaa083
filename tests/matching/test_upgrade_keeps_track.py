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


@pytest.mark.parametrize(
    ("name", "version", "target"),
    [
        # volume-licensed editions (as Programs and Features names them) go to the next LTSC
        ("Microsoft Office LTSC Professional Plus 2021 - en-us", "16.0.14332.20447", "2024-ltsc"),
        ("Microsoft Office LTSC Standard 2021 - de-de", "16.0.14332.20447", "2024-ltsc"),
        ("Microsoft Office Professional Plus 2019 - en-us", "16.0.10411.20011", "2024-ltsc"),
        ("Microsoft Office Standard 2016", "16.0.5487.1000", "2024-ltsc"),
        # retail editions go to retail Office 2024
        ("Microsoft Office Home and Business 2019 - en-us", "16.0.18129.20158", "2024"),
        ("Microsoft Office Professional 2021 - en-us", "16.0.18129.20158", "2024"),
        ("Microsoft Office Home and Student 2016 - en-us", "16.0.4266.1001", "2024"),
    ],
)
def test_office_keeps_volume_or_retail_licensing(
    matcher: Matcher, name: str, version: str, target: str
) -> None:
    policy = Policy(as_of=date(2026, 12, 7), warn_days=180)
    finding = assess_asset(Asset("c", "h", Kind.SOFTWARE, name, version), matcher, policy)
    assert finding.product == "office"
    assert finding.upgrade_to == target
