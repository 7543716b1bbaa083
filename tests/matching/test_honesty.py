"""Honesty: in-house names stay unknown; partial names report only what candidates share."""

from __future__ import annotations

from datetime import date

import pytest

from eolscan.judgement.policy import Policy
from eolscan.matching import Matcher
from eolscan.model import Asset, Kind, Status
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF
from tests.matching.helpers import CASES, Case

IN_HOUSE = [c for c in CASES if c.source.startswith("in-house")]
POLICY = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)


def _finding(matcher: Matcher, kind: Kind, name: str, version: str = ""):  # type: ignore[no-untyped-def]
    return assess_asset(Asset("c", "h", kind, name, version), matcher, POLICY)


def test_the_in_house_section_is_large_enough() -> None:
    assert len(IN_HOUSE) >= 40


@pytest.mark.parametrize("case", IN_HOUSE, ids=lambda c: c.id)
def test_in_house_and_look_alike_names_identify_nothing(matcher: Matcher, case: Case) -> None:
    finding = _finding(matcher, Kind(case.kind), case.name, case.version)
    assert finding.status is Status.UNKNOWN
    assert finding.product is None
    assert finding.reason


def test_unknown_product_reason_names_the_string(matcher: Matcher) -> None:
    finding = _finding(matcher, Kind.SOFTWARE, "Acme Billing 4.2", "4.2.0")
    assert (
        finding.reason
        == "product not recognised: 'Acme Billing 4.2' matches no rule or product name"
    )


def test_a_windows_path_in_a_reason_keeps_single_backslashes(matcher: Matcher) -> None:
    name = "C:\\Program Files\\Acme\\acme.exe"
    finding = _finding(matcher, Kind.SOFTWARE, name, "4.2.0")
    assert finding.reason == (
        "product not recognised: 'C:\\Program Files\\Acme\\acme.exe' matches no rule or "
        "product name"
    )
    assert "\\\\" not in finding.reason
    line_break = _finding(matcher, Kind.SOFTWARE, "Acme\nBilling", "4.2.0")
    assert "\n" not in line_break.reason  # still one line


def test_refused_look_alike_gives_the_curated_reason(matcher: Matcher) -> None:
    finding = _finding(matcher, Kind.SOFTWARE, "Microsoft 365 - en-us", "16.0.17328.20162")
    assert finding.reason.startswith(
        "'Microsoft 365 - en-us': Microsoft 365 Apps is a subscription"
    )


def test_version_that_fits_no_cycle_is_unknown_with_the_version(matcher: Matcher) -> None:
    finding = _finding(matcher, Kind.SOFTWARE, "PHP", "beta-nine")
    assert (finding.status, finding.product) == (Status.UNKNOWN, "php")
    assert finding.reason == "version beta-nine fits no cycle of PHP"


def test_version_newer_than_the_data_is_current_not_unknown(matcher: Matcher) -> None:
    finding = _finding(matcher, Kind.SOFTWARE, "PHP", "99.1.0")
    assert (finding.status, finding.product) == (Status.SUPPORTED, "php")
    assert "newer than every release line" in finding.reason


def test_name_without_cycle_reports_the_shared_status_with_latest_dates(matcher: Matcher) -> None:
    finding = _finding(matcher, Kind.OS, "Windows 10 Pro")
    assert finding.status is Status.EOL
    assert finding.cycle is None
    assert "10-22h2" in finding.candidates and len(finding.candidates) > 5
    assert finding.reason.endswith("are all eol; latest dates shown")


def test_name_without_cycle_whose_candidates_disagree_is_unknown(matcher: Matcher) -> None:
    finding = _finding(matcher, Kind.OS, "Microsoft Windows 11 Pro")
    assert finding.status is Status.UNKNOWN
    assert "give the version or build" in finding.reason


def test_software_named_like_an_os_is_not_the_os(matcher: Matcher) -> None:
    match = matcher.match(Kind.SOFTWARE, "Windows 10 Update Assistant", "1.4.19041.3630")
    assert match.product is None


def test_generic_word_alone_is_refused_but_vendor_and_name_are_not(matcher: Matcher) -> None:
    refused = matcher.match(Kind.SOFTWARE, "Horizon", "8.0")
    assert (refused.product, refused.reason) == (
        None,
        "'Horizon': 'horizon' alone is too generic to name a product",
    )
    named = matcher.match(Kind.SOFTWARE, "VMware Horizon 8")
    assert named.product is not None and named.product.id == "horizon"
