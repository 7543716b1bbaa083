"""Each status at a fixed date, days left, the extended-support rule and the upgrade target."""

from __future__ import annotations

from datetime import date

from eolscan.judgement.policy import FailOn, Policy
from eolscan.judgement.risk import assess, assess_cycle, upgrade_target
from eolscan.model import Cycle, Product, Status

AS_OF = date(2026, 11, 23)
POLICY = Policy(as_of=AS_OF, warn_days=180)


def cycle(
    cid: str,
    eol: date | bool | None,
    *,
    extended: date | bool | None = None,
    release: date | None = None,
    lts: bool = False,
) -> Cycle:
    return Cycle(
        id=cid,
        label=cid,
        eol=eol,
        extended_end=extended,
        release=release or date(2020, 1, 1),
        lts=lts,
    )


def test_eol_when_security_support_is_over() -> None:
    result = assess_cycle(cycle("1", date(2026, 1, 1)), POLICY, extended_support=False)
    assert (result.status, result.days_left) == (Status.EOL, -326)


def test_eol_on_the_day_itself() -> None:
    assert assess_cycle(cycle("1", AS_OF), POLICY, False).status is Status.EOL


def test_extended_only_when_the_host_pays_and_the_period_runs() -> None:
    c = cycle("1", date(2026, 1, 1), extended=date(2027, 1, 1))
    paying = assess_cycle(c, POLICY, extended_support=True)
    assert (paying.status, paying.days_left) == (Status.EXTENDED, 39)
    assert assess_cycle(c, POLICY, extended_support=False).status is Status.EOL
    over = cycle("1", date(2025, 1, 1), extended=date(2026, 1, 1))
    assert assess_cycle(over, POLICY, extended_support=True).status is Status.EOL


def test_a_host_whose_paid_support_ended_is_dated_by_its_contract() -> None:
    """Server 2012 R2 with ESU on 2026-11-23: its fixes stopped 2026-10-13, not 2023-10-10."""
    c = cycle("2012-r2", date(2023, 10, 10), extended=date(2026, 10, 13))
    paying = assess_cycle(c, POLICY, extended_support=True)
    assert (paying.status, paying.eol, paying.days_left) == (Status.EOL, date(2026, 10, 13), -41)
    assert "paid extended support ended too; security support ended 2023-10-10" in paying.reason
    other = assess_cycle(c, POLICY, extended_support=False)
    assert (other.eol, other.days_left, other.reason) == (date(2023, 10, 10), -1140, "")


def test_extended_flag_false_means_running_without_known_end() -> None:
    c = cycle("1", date(2026, 1, 1), extended=False)
    assert assess_cycle(c, POLICY, extended_support=True).status is Status.EXTENDED
    assert assess_cycle(cycle("1", True, extended=None), POLICY, True).status is Status.EOL


def test_warn_inside_the_window_supported_outside() -> None:
    assert (
        assess_cycle(cycle("1", date(2027, 5, 22)), POLICY, False).status is Status.WARN
    )  # 180 days
    assert assess_cycle(cycle("1", date(2027, 5, 23)), POLICY, False).status is Status.SUPPORTED
    wide = Policy(as_of=AS_OF, warn_days=365)
    assert assess_cycle(cycle("1", date(2027, 5, 23)), wide, False).status is Status.WARN


def test_flags_without_dates() -> None:
    assert assess_cycle(cycle("1", True), POLICY, False).status is Status.EOL
    no_end = assess_cycle(cycle("1", False), POLICY, False)
    assert (no_end.status, no_end.days_left, no_end.reason) == (
        Status.SUPPORTED,
        None,
        "no end of life announced",
    )


def test_upgrade_target_is_newest_supported_released_cycle() -> None:
    product = Product(
        id="p",
        label="P",
        cycles=(
            cycle("4", False, release=date(2027, 1, 1)),  # not released yet at AS_OF
            cycle("3", date(2030, 1, 1), release=date(2025, 1, 1)),
            cycle("2", date(2028, 1, 1), release=date(2023, 1, 1), lts=True),
            cycle("1", date(2020, 1, 1), release=date(2019, 1, 1), lts=True),
        ),
    )
    assert upgrade_target(product, product.cycles[3], AS_OF) == product.cycles[2]  # LTS track kept
    assert upgrade_target(product, product.cycles[1], AS_OF) is None  # already newest


def test_upgrade_target_stays_in_a_major_line_that_outlives_the_newest_release() -> None:
    """SUSE 15 SP5 goes to 15 SP7 (supported to 2031), not 16.0 (its point release to 2027);
    a major line is left when nothing newer in it lasts as long, and never for an older one."""
    product = Product(
        id="sles",
        label="SLES",
        cycles=(
            cycle("16.0", date(2027, 11, 30), release=date(2025, 11, 4)),
            cycle("15.7", date(2031, 7, 31), release=date(2025, 6, 17)),
            cycle("15.6", date(2025, 12, 31), release=date(2024, 6, 26)),
            cycle("15.5", date(2024, 12, 31), release=date(2023, 6, 20)),
            cycle("14.9", date(2027, 1, 1), release=date(2024, 1, 1)),
            cycle("14.8", date(2024, 1, 1), release=date(2023, 1, 1)),
            cycle("13.2", date(2029, 1, 1), release=date(2019, 1, 1)),
            cycle("13.4", date(2024, 1, 1), release=date(2021, 1, 1)),
            cycle("12", date(2020, 1, 1), release=date(2014, 1, 1)),
        ),
    )
    by_id = {c.id: c for c in product.cycles}
    assert upgrade_target(product, by_id["15.5"], AS_OF) is by_id["15.7"]
    assert upgrade_target(product, by_id["15.7"], AS_OF) is None  # its line outlives 16.0
    assert upgrade_target(product, by_id["14.8"], AS_OF) is by_id["16.0"]  # 14.9 ends sooner
    assert upgrade_target(product, by_id["13.4"], AS_OF) is by_id["16.0"]  # 13.2 is older
    assert upgrade_target(product, by_id["12"], AS_OF) is by_id["16.0"]  # no minor line


def test_candidates_with_one_status_report_it_with_latest_dates() -> None:
    product = Product(
        id="p", label="P", cycles=(cycle("a", date(2020, 1, 1)), cycle("b", date(2022, 1, 1)))
    )
    assessment, chosen = assess(product, product.cycles, POLICY, False)
    assert chosen is None
    assert assessment.status is Status.EOL
    assert assessment.eol == date(2022, 1, 1)
    assert "2 candidate cycles (a, b) are all eol" in assessment.reason


def test_candidates_that_disagree_are_unknown_and_say_what_is_missing() -> None:
    product = Product(
        id="p", label="P", cycles=(cycle("a", date(2020, 1, 1)), cycle("b", date(2030, 1, 1)))
    )
    assessment, _ = assess(product, product.cycles, POLICY, False)
    assert assessment.status is Status.UNKNOWN
    assert "give the version or build" in assessment.reason


def test_fail_on_levels() -> None:
    assert FailOn.EOL.trips(Status.EOL) and not FailOn.EOL.trips(Status.WARN)
    assert FailOn.WARN.trips(Status.EXTENDED) and FailOn.WARN.trips(Status.WARN)
    assert not FailOn.WARN.trips(Status.UNKNOWN)
    assert FailOn.UNKNOWN.trips(Status.UNKNOWN)
    assert not any(FailOn.NEVER.trips(s) for s in Status)
    assert not any(
        level.trips(Status.ACCEPTED) or level.trips(Status.SUPPORTED) for level in FailOn
    )


def test_fail_on_choices_of_the_cli_are_the_policy_levels() -> None:
    from eolscan.cli.options import FAIL_ON_CHOICES

    assert tuple(level.value for level in FailOn) == FAIL_ON_CHOICES
