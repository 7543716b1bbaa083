"""Bad accepted-risk files: one fixture per failure mode, each with its exact message and exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.judgement.accept import AcceptError
from eolscan.judgement.accept_file import load_accept_file, parse_accept_text
from tests.app.helpers import CICRON_ASSETS, run
from tests.helpers import AS_OF, EXAMPLES

CASES = {
    "accept-no-reason.yaml": "2: accepted risk needs 'reason' (why it is accepted)",
    "accept-no-until.yaml": "2: accepted risk needs 'until' (a date, YYYY-MM-DD)",
    "accept-bad-until.yaml": "4: 'until' must be a date in the form YYYY-MM-DD, not 'next spring'",
    # YAML takes it for a date and fails: read as text, it is this entry's problem alone
    "accept-impossible-date.yaml": "4: 'until' must be a date in the form YYYY-MM-DD, "
    "not '2027-02-30'",
    "accept-no-product.yaml": "2: accepted risk needs 'product' "
    "(an endoflife.date product id such as windows-server)",
    "accept-unknown-key.yaml": "5: unknown key 'hots' in accepted risk "
    "(expected client, host, product, cycle, reason, owner, until)",
    "accept-unknown-top-key.yaml": "1: unknown key 'accepted' (expected accept, ignore)",
    "accept-not-a-list.yaml": "2: 'accept' must be a list of entries",
    "accept-entry-not-mapping.yaml": "2: an accepted risk must be a mapping with "
    "product, reason and until",
    "accept-top-level-list.yaml": "1: expected a mapping with an 'accept' list, not a list",
    "accept-reason-not-text.yaml": "3: 'reason' must be text, not a list",
    "accept-bad-yaml.yaml": "5: invalid YAML/JSON: found unexpected end of stream",
}


@pytest.mark.parametrize(("name", "message"), sorted(CASES.items()))
def test_each_failure_mode_names_file_and_line(name: str, message: str) -> None:
    path = CICRON_ASSETS / name
    with pytest.raises(AcceptError) as caught:
        load_accept_file(path)
    assert str(caught.value) == f"{path}:{message}"


@pytest.mark.parametrize(("name", "message"), sorted(CASES.items()))
def test_scan_with_a_bad_accept_file_exits_3_with_one_line(name: str, message: str) -> None:
    path = CICRON_ASSETS / name
    result = run(
        ["scan", str(EXAMPLES / "acme-dental.yaml"), "--as-of", AS_OF, "--accept", str(path)]
    )
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"eolscan: error: {path}:{message}\n"


def test_every_problem_is_found_and_the_first_raised_with_a_count() -> None:
    path = CICRON_ASSETS / "accept-many-problems.yaml"
    entries, problems = parse_accept_text(path.read_text(), "accept.yaml")
    assert entries == []
    assert problems == [
        "accept.yaml:2: accepted risk needs 'reason' (why it is accepted)",
        "accept.yaml:7: 'until' must be a date in the form YYYY-MM-DD, not 'soon'",
        "accept.yaml:8: accepted risk needs 'product' "
        "(an endoflife.date product id such as windows-server)",
        "accept.yaml:10: unknown key 'extra' (expected accept, ignore)",
    ]
    with pytest.raises(AcceptError) as caught:
        load_accept_file(path)
    assert str(caught.value) == (
        f"{path}:2: accepted risk needs 'reason' (why it is accepted) "
        f"(and 3 more; run `eolscan validate {path}`)"
    )


def test_missing_accept_file_given_explicitly_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run(
        ["scan", str(EXAMPLES / "acme-dental.yaml"), "--as-of", AS_OF, "--accept", str(missing)]
    )
    assert result.exit_code == 3
    assert result.stderr == f"eolscan: error: {missing}: no such file\n"


def test_empty_file_and_empty_list_mean_no_entries() -> None:
    assert parse_accept_text("", "a.yaml") == ([], [])
    assert parse_accept_text("accept: []\n", "a.yaml") == ([], [])
    assert parse_accept_text("# only a comment\naccept:\n", "a.yaml") == ([], [])


def test_versions_and_cycles_keep_their_written_text() -> None:
    entries, problems = parse_accept_text(
        "accept:\n  - product: ubuntu\n    cycle: 18.10\n    reason: r\n    until: '2027-01-01'\n",
        "a.yaml",
    )
    assert problems == []
    assert entries[0].cycle == "18.10"
    assert entries[0].until.isoformat() == "2027-01-01"
    assert entries[0].source == "a.yaml:2"
    assert (entries[0].client, entries[0].host, entries[0].owner) == ("*", "*", "")


def test_an_impossible_date_is_one_entrys_problem_and_the_others_are_still_checked() -> None:
    """YAML takes ``2027-13-01`` for a date and fails the whole document; read as text, it
    is reported at its line beside every other entry's problem, block or flow style."""
    text = (
        "accept:\n"
        "  - {client: A, product: php, reason: booked, until: 2027-02-30}\n"
        "  - client: A\n"
        "    product: php\n"
        "    until: 2027-01-31  # a real date\n"
        "  - client: A\n"
        "    product: windows\n"
        "    reason: old\n"
        "    until: 2027-13-01\n"
    )
    entries, problems = parse_accept_text(text, "risks.yaml")
    assert problems == [
        "risks.yaml:2: 'until' must be a date in the form YYYY-MM-DD, not '2027-02-30'",
        "risks.yaml:3: accepted risk needs 'reason' (why it is accepted)",
        "risks.yaml:9: 'until' must be a date in the form YYYY-MM-DD, not '2027-13-01'",
    ]
    assert entries == []
