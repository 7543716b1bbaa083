"""The JSON report is a versioned contract: its keys are pinned here."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.formats.json_format import _plan_lines
from eolscan.formats.plan_text import decision_dict
from eolscan.formats.settings import Cost, Costs
from eolscan.model import Status
from eolscan.report.decision import Decision
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
        for package in entry.get("packages", []):  # a release's own builds, under it
            assert package["count"] == len(package["hosts"]) and package["hosts"]
            assert set(package["hosts"]) <= set(entry["hosts"])
            covered |= {(entry["client"], package["product"], h) for h in package["hosts"]}
    assert covered == planned_rows


def _decision(client: str, hosts: list[str], **changes: object) -> Decision:
    values: dict[str, object] = {
        "product": "windows",
        "product_name": "Microsoft Windows",
        "cycle": "10-22h2",
        "cycle_label": "10 22H2",
        "upgrade_to": "11-25h2-w",
        "upgrade_to_label": "11 25H2 (W)",
        "status": Status.EOL,
        "deadline": date(2025, 10, 14),
    }
    values.update(changes)
    return Decision(client, hosts=hosts, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize("costs", [None, Costs("EUR", {"windows": Cost(1.5, 120.0, 61.0)})])
def test_plan_entries_are_written_byte_for_byte_as_the_encoder_writes_them(
    costs: Costs | None,
) -> None:
    """The plan is written from parts shared by a release's decisions: each line is still
    exactly what encoding the entry's dictionary gives, whatever the names hold."""
    hostile = ['Q"uote', "back\\slash", "tab\tand\nline", "Zoë \u2028", "\x07bell", "\ud800"]
    decisions = [
        _decision("Client A", ["PC-01", *hostile]),
        _decision('Client "B"', ["PC-02"]),  # the same release: its shared part again
        _decision("Client C", ["tab\there"]),  # one name, and it needs an escape
        _decision("Client A", [], deadline=True, upgrade_to=None, upgrade_to_label=""),
        _decision("Client \u00e9", ["S1"], status=Status.WARN, deadline=None, cycle_label=""),
        _decision("Client A", ["PC-03"], status=Status.EXTENDED, deadline=date(2028, 10, 10)),
        _decision(
            "Client D",
            ["APP01", "APP02"],
            product="centos",
            packages=[
                _decision("Client D", ["APP01"], product="openssl", maintained_by=("centos", "7"))
            ],
        ),
    ]
    as_of = date(2026, 12, 6)
    written = list(_plan_lines(decisions, as_of, costs))
    encoded = [json.dumps(decision_dict(d, as_of, costs), ensure_ascii=False) for d in decisions]
    assert written == encoded
    assert json.loads(written[0])["hosts"] == ["PC-01", *hostile]
    with_packages = json.loads(written[-1])
    assert list(with_packages)[-3:] == ["count", "hosts", "packages"]
    assert with_packages["packages"][0]["hosts"] == ["APP01"]


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
