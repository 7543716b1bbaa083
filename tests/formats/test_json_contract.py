"""The JSON report is a versioned contract: its keys are pinned here."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, ASSETS, EXAMPLES

TOP_KEYS = [
    "eolscan_report_version",
    "as_of",
    "warn_days",
    "fail_on",
    "database",
    "summary",
    "warnings",
    "skipped",
    "plan",
    "findings",
]
PLAN_KEYS = [
    "client",
    "product",
    "product_label",
    "cycle",
    "cycle_label",
    "upgrade_to",
    "upgrade_to_label",
    "status",
    "deadline",
    "quarter",
    "count",
    "hosts",
]
FINDING_KEYS = [
    "client",
    "host",
    "kind",
    "name",
    "version",
    "product",
    "product_label",
    "cycle",
    "cycle_label",
    "status",
    "support_end",
    "eol",
    "extended_end",
    "days_left",
    "upgrade_to",
    "upgrade_to_label",
    "reason",
    "source",
    "rule",
    "link",
    "candidates",
    "extended_support",
    "overlay",
    "maintained_by",
    "latest",
    "purl",
]


def report() -> dict[str, object]:
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            str(EXAMPLES / "acme-dental.yaml"),
            "--as-of",
            AS_OF,
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_top_level_keys_and_version() -> None:
    document = report()
    assert list(document)[: len(TOP_KEYS) - 2] == TOP_KEYS[: len(TOP_KEYS) - 2]
    assert set(TOP_KEYS) <= set(document)
    assert document["eolscan_report_version"] == 1
    assert document["as_of"] == AS_OF
    assert set(document["database"]) >= {
        "source",
        "generated_at",
        "data_date",
        "products",
        "cycles",
    }  # type: ignore[arg-type]


SUMMARY_KEYS = [
    "clients",
    "hosts",
    "findings",
    "by_status",
    "not_identified",
    "no_published_lifecycle",
]


def test_summary_keys_and_the_unknown_split() -> None:
    """``not_identified`` counts the unknown items with no product; the identified ones judged
    against the newest release (no published lifecycle) are counted apart, by their reason."""
    document = report()
    summary = document["summary"]
    findings = document["findings"]
    assert isinstance(summary, dict) and isinstance(findings, list)
    assert list(summary) == SUMMARY_KEYS
    unknown = [f for f in findings if f["status"] == "unknown"]
    assert summary["not_identified"] == sum(1 for f in unknown if f["product"] is None)
    assert summary["not_identified"] <= summary["by_status"]["unknown"]
    without = [f for f in findings if "no published lifecycle" in f["reason"]]
    assert summary["no_published_lifecycle"] >= len(without)


def test_every_plan_entry_has_the_pinned_keys_and_every_host() -> None:
    document = report()
    plan = document["plan"]
    assert isinstance(plan, list) and plan
    planned_rows = {
        (f["client"], f["product"], f["host"])
        for f in document["findings"]  # type: ignore[union-attr]
        if f["status"] in ("eol", "extended", "warn")
    }
    covered = set()
    for entry in plan:
        assert list(entry)[: len(PLAN_KEYS)] == PLAN_KEYS
        assert entry["count"] == len(entry["hosts"]) == len(set(entry["hosts"]))
        assert entry["quarter"][:4].isdigit() and entry["quarter"][4:6] == "-Q"
        assert "effort" not in entry and "cost" not in entry  # no [costs] configured
        covered |= {(entry["client"], entry["product"], host) for host in entry["hosts"]}
    assert covered == planned_rows


def test_every_finding_has_the_pinned_keys_and_types() -> None:
    for finding in report()["findings"]:  # type: ignore[union-attr]
        assert list(finding)[: len(FINDING_KEYS)] == FINDING_KEYS
        for key in ("support_end", "eol", "extended_end"):
            value = finding[key]
            assert (
                value is None
                or isinstance(value, bool)
                or (isinstance(value, str) and len(value) == 10)
            )
        assert finding["days_left"] is None or isinstance(finding["days_left"], int)
        maintained = finding["maintained_by"]
        assert maintained is None or set(maintained) == {"product", "cycle"}
        assert finding["latest"] is None or isinstance(finding["latest"], str)
        assert finding["source"].startswith(str(EXAMPLES / "acme-dental.yaml") + ":")


def test_stdout_is_exactly_one_json_document() -> None:
    result = CliRunner().invoke(
        cli, ["scan", str(EXAMPLES / "acme-dental.yaml"), "--as-of", AS_OF, "-f", "json"]
    )
    json.loads(result.stdout)  # raises if anything but one document is on stdout


SKIPPED_KEYS = ["source", "reason", "what", "client"]
"""A skipped entry: where, why, ``row``/``host``/``file``, and the client when known."""


def test_skipped_entry_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "acme.yaml").write_text((EXAMPLES / "acme-dental.yaml").read_text())
    (tmp_path / "cut.csv").write_text("client,host,kind,name,version\nAcme,PC1,os\n")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--as-of", AS_OF, "-f", "json"])
    entries = json.loads(result.stdout)["skipped"]
    assert [list(entry) for entry in entries] == [SKIPPED_KEYS, SKIPPED_KEYS]
    assert [entry["what"] for entry in entries] == ["row", "file"]


def test_an_sbom_finding_carries_its_purl_beside_its_name() -> None:
    """``purl`` (an addition to report version 1): the SBOM's package URL, null elsewhere."""
    sbom = ASSETS / "inventory" / "cyclonedx-shop-api.json"
    result = CliRunner().invoke(
        cli, ["scan", str(sbom), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    found = {f["name"]: f for f in json.loads(result.stdout)["findings"]}
    assert (found["Django"]["purl"], found["Django"]["product"]) == (
        "pkg:pypi/django@3.2.19",
        "django",
    )
    assert (found["php"]["purl"], found["php"]["product"]) == (None, "php")  # by its CPE
    assert found["debian"]["purl"] is None
    assert all(f["purl"] is None for f in report()["findings"])  # type: ignore[union-attr]
