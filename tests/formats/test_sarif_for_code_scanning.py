"""SARIF that code-scanning services accept: real file paths, what is at risk, within 25,000."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.formats import sarif
from tests.helpers import AS_OF, ASSETS, REPO

CYCLONEDX = ASSETS / "inventory" / "cyclonedx-shop-api.json"
REPORTS = ASSETS / "reports"


def run_sarif(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["scan", *args, "--as-of", AS_OF, "-f", "sarif", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_a_json_input_keeps_its_file_path_and_the_json_path_as_a_logical_location(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)  # CI scans paths relative to the repository
    relative = CYCLONEDX.relative_to(REPO)
    results = run_sarif(str(relative), "--all")["runs"][0]["results"]
    assert results
    for result in results:
        where = result["locations"][0]
        artifact = where["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": relative.as_posix(), "uriBaseId": "%SRCROOT%"}
        logical = where["logicalLocations"][0]
        assert logical["fullyQualifiedName"].startswith("components[")
        assert result["properties"]["source"].endswith(":" + logical["fullyQualifiedName"])


def test_by_default_only_findings_at_risk_are_results_and_all_brings_the_rest() -> None:
    default = run_sarif(str(REPORTS))["runs"][0]["results"]
    everything = run_sarif(str(REPORTS), "--all")["runs"][0]["results"]
    assert {r["properties"]["status"] for r in default} == {"eol", "extended", "warn"}
    assert {r["properties"]["status"] for r in everything} >= {"supported", "unknown"}
    at_risk = [r for r in everything if r["properties"]["status"] in ("eol", "extended", "warn")]
    assert default == at_risk  # same results, same order


def test_a_run_past_the_limit_keeps_the_worst_and_says_what_it_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    everything = run_sarif(str(REPORTS))["runs"][0]["results"]
    statuses = [r["properties"]["status"] for r in everything]
    limit = statuses.count("eol") + 1  # all eol, one extended; the warn results go
    monkeypatch.setattr(sarif, "MAX_RESULTS", limit)
    run = run_sarif(str(REPORTS))["runs"][0]
    kept = [r["properties"]["status"] for r in run["results"]]
    assert kept == ["eol"] * statuses.count("eol") + ["extended"]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    left = len(statuses) - limit
    extended_left = statuses.count("extended") - 1
    parts = [f"{extended_left:,} extended"] if extended_left else []
    parts.append(f"{statuses.count('warn'):,} warn")
    assert notes[-1].startswith(f"{left:,} results left out ({', '.join(parts)}):")


def test_sarif_from_a_file_path_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "r.sarif"
    result = CliRunner().invoke(
        cli, ["scan", str(CYCLONEDX), "--as-of", AS_OF, "-o", str(out), "--fail-on", "never"]
    )
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_junit_test_names_stay_the_same_when_an_item_is_updated(tmp_path: Path) -> None:
    def names(version: str) -> tuple[list[str], str]:
        inventory = tmp_path / "acme.csv"
        inventory.write_text(
            f"client,host,kind,name,version\nAcme,WEB01,software,PHP,{version}\n", encoding="utf-8"
        )
        result = CliRunner().invoke(
            cli, ["scan", str(inventory), "--as-of", AS_OF, "-f", "junit", "--fail-on", "never"]
        )
        root = ET.fromstring(result.stdout_bytes)
        cases = root.iter("testcase")
        return [c.get("name", "") for c in cases], result.stdout

    before, old_xml = names("8.1.2")
    after, new_xml = names("8.4.3")
    assert before == after == ["WEB01: PHP"]
    assert "8.1.2" in old_xml and "8.4.3" in new_xml  # the version is in the message


IGNORES = (
    "ignore:\n"
    "  - {name: 'PHP', reason: 'the vendor backports fixes; ticket 4411', owner: ops}\n"
    "  - {name: 'Red Hat Enterprise Linux*', reason: 'appliance, vendor patched'}\n"
)


def _ignoring(tmp_path: Path, *args: str) -> dict[str, Any]:
    accept = tmp_path / "accept.yaml"
    accept.write_text(IGNORES, encoding="utf-8")
    return run_sarif(str(REPORTS / "acme-dental.yaml"), "--accept", str(accept), *args)


def test_an_ignored_finding_that_was_at_risk_is_a_dismissed_result(tmp_path: Path) -> None:
    """By default SARIF carries what is at risk; an item ignored as noise that was at risk
    stays visible as a suppressed result (code scanning shows it as dismissed, with the
    reason), rather than vanishing from the dashboard."""
    results = _ignoring(tmp_path)["runs"][0]["results"]
    ignored = [r for r in results if r["properties"]["status"] == "ignored"]
    assert [r["properties"]["name"] for r in ignored] == ["PHP"]
    (php,) = ignored
    assert php["level"] == "note"
    assert php["suppressions"] == [
        {"kind": "external", "justification": php["properties"]["reason"]}
    ]
    assert "the vendor backports fixes; ticket 4411" in php["properties"]["reason"]
    assert "was eol" in php["properties"]["reason"]
    assert all("suppressions" not in r for r in results if r is not php)


def test_an_ignored_finding_that_was_not_at_risk_stays_out_unless_all(tmp_path: Path) -> None:
    """The golden inventories' ignored Red Hat item was never recognised: no result by
    default, one (suppressed) with --all."""
    document = run_sarif(str(REPORTS))
    statuses = [r["properties"]["status"] for r in document["runs"][0]["results"]]
    assert "ignored" not in statuses
    everything = run_sarif(str(REPORTS), "--all")["runs"][0]["results"]
    (rhel,) = [r for r in everything if r["properties"]["status"] == "ignored"]
    assert rhel["suppressions"][0]["kind"] == "external"


def test_an_accepted_risk_is_a_dismissed_result(tmp_path: Path) -> None:
    """An accepted risk is still a risk: by default SARIF carries it as a suppressed result
    with the accepted risk's reason, so code scanning shows it as dismissed, not as fixed."""
    accept = tmp_path / "accept.yaml"
    accept.write_text(
        "accept:\n  - {client: '*', host: WEB01, product: php, reason: 'rewrite booked; "
        "ticket 88', owner: ops, until: 2027-03-31}\n",
        encoding="utf-8",
    )
    document = run_sarif(str(REPORTS / "acme-dental.yaml"), "--accept", str(accept))
    results = document["runs"][0]["results"]
    accepted = [r for r in results if r["properties"]["status"] == "accepted"]
    assert [r["properties"]["name"] for r in accepted] == ["PHP"]
    (php,) = accepted
    assert php["suppressions"] == [
        {"kind": "external", "justification": php["properties"]["reason"]}
    ]
    assert "rewrite booked; ticket 88" in php["properties"]["reason"]


def test_dismissed_results_come_after_the_at_risk_ones_within_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = _ignoring(tmp_path)["runs"][0]["results"]
    statuses = [r["properties"]["status"] for r in results]
    monkeypatch.setattr(sarif, "MAX_RESULTS", len(statuses) - 1)
    run = _ignoring(tmp_path)["runs"][0]
    assert [r["properties"]["status"] for r in run["results"]] == [
        s for s in statuses if s != "ignored"
    ]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes[-1].startswith("1 results left out (1 ignored):")


def test_sarif_with_dismissed_results_is_valid_against_the_schema(
    tmp_path: Path, shared_dir: Path
) -> None:
    import jsonschema

    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(_ignoring(tmp_path))


def test_junit_shows_an_ignored_item_as_skipped_with_its_reason(tmp_path: Path) -> None:
    accept = tmp_path / "accept.yaml"
    accept.write_text(IGNORES, encoding="utf-8")
    inventory = str(REPORTS / "acme-dental.yaml")
    args = ["scan", inventory, "--accept", str(accept), "--as-of", AS_OF, "-f", "junit"]
    result = CliRunner().invoke(cli, [*args, "--fail-on", "eol"])
    cases = ET.fromstring(result.stdout).iter("testcase")
    (php,) = [case for case in cases if case.get("name", "").endswith(": PHP")]
    skipped = php.find("skipped")
    assert skipped is not None and php.find("failure") is None
    assert "ticket 4411" in skipped.get("message", "")
