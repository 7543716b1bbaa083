"""Items without published dates are identified and judged against the newest release known."""

from __future__ import annotations

import pytest

from eolscan.judgement.newest import assess_newest, judged_by_newest
from eolscan.model import Cycle, Status

SEVEN_ZIP = Cycle("releases", "releases", latest="25.01", lifecycle="none")
NONE = "no published lifecycle"
EDGE = Cycle("stable", "Stable", latest="130.0.2849.56", lifecycle="evergreen")


@pytest.mark.parametrize(
    ("cycle", "version", "status", "reason"),
    [
        (
            SEVEN_ZIP,
            "25.01",
            Status.SUPPORTED,
            "no published lifecycle; 25.01 is the newest release known",
        ),
        (
            SEVEN_ZIP,
            "25.01.00.0",
            Status.SUPPORTED,
            "no published lifecycle; 25.01.00.0 is the newest release known",
        ),
        (
            SEVEN_ZIP,
            "23.01",
            Status.WARN,
            "no published lifecycle; 23.01 is older than the newest release, 25.01: update",
        ),
        (
            SEVEN_ZIP,
            "26.00",
            Status.SUPPORTED,
            "no published lifecycle; 26.00 is newer than the newest release the data knows, 25.01",
        ),
        (
            EDGE,
            "109.0.1518.140",
            Status.EOL,
            "only the newest release is supported; 109.0.1518.140 is an older major release "
            "than the newest, 130.0.2849.56, so it no longer receives fixes: update",
        ),
        (
            EDGE,
            "130.0.2849.46",
            Status.WARN,
            "only the newest release is supported; 130.0.2849.46 is older than the newest "
            "release, 130.0.2849.56: update",
        ),
        (
            SEVEN_ZIP,
            "19.00",
            Status.WARN,
            "no published lifecycle; 19.00 is older than the newest release, 25.01: update",
        ),
        (
            SEVEN_ZIP,
            "",
            Status.UNKNOWN,
            f"identified; {NONE}: give the version to compare with the newest, 25.01",
        ),
        (
            Cycle("releases", "releases", lifecycle="none"),
            "12.3.5",
            Status.UNKNOWN,
            "identified; no published lifecycle, and the data knows no newest release",
        ),
    ],
)
def test_judged_by_the_newest_release(
    cycle: Cycle, version: str, status: Status, reason: str
) -> None:
    assessment = assess_newest(cycle, version)
    assert (assessment.status, assessment.reason) == (status, reason)


def test_only_undated_cycles_are_judged_this_way() -> None:
    assert judged_by_newest(SEVEN_ZIP) and judged_by_newest(EDGE)
    assert not judged_by_newest(Cycle("8", "8", latest="8.0.1"))
