"""Every real-world corpus string is recognised as the product and cycle it names, or as nothing."""

from __future__ import annotations

from datetime import date

import pytest

from eolscan.formats.values import text_date
from eolscan.judgement.policy import Policy
from eolscan.matching import Matcher
from eolscan.model import Asset, Kind
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF
from tests.matching.helpers import CASES, STATUSES, Case


def outcome(matcher: Matcher, case: Case) -> tuple[str | None, str | None]:
    """(product, single cycle) as recognised; product None when no cycle was identified."""
    match = matcher.match(Kind(case.kind), case.name, case.version)
    if match.product is None or not match.cycles:
        return None, None
    return match.product.id, match.cycles[0].id if len(match.cycles) == 1 else None


def test_corpus_is_large_and_covers_every_kind_of_source() -> None:
    sources = {case.source for case in CASES}
    assert len(CASES) >= 400
    for needed in (
        "WMI",
        "Lansweeper",
        "os-release",
        "Ansible",
        "osquery",
        "dpkg",
        "rpm",
        "Homebrew",
        "purl",
        "CPE",
    ):
        assert any(needed in source for source in sources), needed


@pytest.mark.parametrize("case", [c for c in CASES if c.product], ids=lambda c: c.id)
def test_recognised_product_and_cycle(matcher: Matcher, case: Case) -> None:
    product, cycle = outcome(matcher, case)
    assert (product, cycle) == (case.product, case.cycle), case.source


def test_several_candidates_remain_where_the_corpus_names_no_cycle(matcher: Matcher) -> None:
    for case in (c for c in CASES if c.product and c.cycle is None):
        match = matcher.match(Kind(case.kind), case.name, case.version)
        assert len(match.cycles) > 1, case.id


@pytest.mark.parametrize("row", STATUSES, ids=lambda r: f"{r[1]}|{r[2]}")
def test_status_and_eol_at_as_of(matcher: Matcher, row: list[str]) -> None:
    kind, name, version, status, eol = row
    policy = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180)
    finding = assess_asset(Asset("corpus", "host", Kind(kind), name, version), matcher, policy)
    assert (str(finding.status), text_date(finding.eol) or None) == (status, eol), finding.reason


def test_accuracy_over_the_whole_corpus(matcher: Matcher) -> None:
    right = sum(outcome(matcher, case) == (case.product, case.cycle) for case in CASES)
    assert right / len(CASES) >= 0.97
