"""A finding's location reaches every format as fields (file, line, JSON path), never parsed
back from ``file:line`` text: file names with a colon (``a:b.csv``, ``C:\\inv\\a.csv``) stay
whole, a line becomes SARIF's region and a JSON path its logical location."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eolscan.cli.commands.inventory import files_and_clients
from eolscan.cli.main import cli
from eolscan.formats.interface import RenderOptions, get_format
from eolscan.formats.markdown import escape
from eolscan.formats.words import client_source
from eolscan.judgement.policy import Policy
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import AssetRow, Kind, Location, Skipped, row_asset
from eolscan.report.report import Report
from eolscan.report.scan import scan_report
from tests.helpers import AS_OF, ASSETS

PHP = (Kind.SOFTWARE, "PHP", "7.4.33", False)
"""An item at end of life on AS_OF: every format, SARIF's default too, shows it."""

ROWS: list[AssetRow] = [
    ("Acme", "PC-1", PHP, "exports/a:b.csv", 12, (), ""),
    ("Acme", "PC-2", PHP, "C:\\inv\\a.csv", 3, (), ""),
    ("Acme", "PC-3", PHP, "exports/x:y.json", 0, (), "components[2]"),
    ("Acme", "PC-4", PHP, "C:\\inv\\app.json", 0, (), "programs[0]"),
]
LOCATIONS = {
    "PC-1": Location("exports/a:b.csv", 12),
    "PC-2": Location("C:\\inv\\a.csv", 3),
    "PC-3": Location("exports/x:y.json", None, "components[2]"),
    "PC-4": Location("C:\\inv\\app.json", None, "programs[0]"),
}
SOURCES = {
    "PC-1": "exports/a:b.csv:12",
    "PC-2": "C:\\inv\\a.csv:3",
    "PC-3": "exports/x:y.json:components[2]",
    "PC-4": "C:\\inv\\app.json:programs[0]",
}


@pytest.fixture(scope="module")
def report() -> Report:
    matcher = Matcher(load_db(bundled_db_path()), load_rules(rules_path()))
    policy = Policy(as_of=date.fromisoformat(AS_OF))
    return scan_report(iter(ROWS), matcher, policy, matcher.db.info())


def render(report: Report, name: str, options: RenderOptions | None = None) -> str:
    out = io.StringIO()
    get_format(name, options).render(report, out)
    return out.getvalue()


def test_a_findings_location_is_the_rows_fields(report: Report) -> None:
    assert {f.asset.host: f.asset.location for f in report.findings} == LOCATIONS
    assert {f.asset.host: f.asset.source for f in report.findings} == SOURCES


def test_sarif_takes_the_file_the_line_as_region_and_the_json_path_as_logical(
    report: Report,
) -> None:
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    found: dict[str, Any] = {r["properties"]["host"]: r["locations"][0] for r in results}
    assert found["PC-1"] == {
        "physicalLocation": {
            "artifactLocation": {"uri": "exports/a%3Ab.csv", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 12},
        }
    }
    assert found["PC-2"]["physicalLocation"] == {
        "artifactLocation": {"uri": "file:///C%3A/inv/a.csv"},
        "region": {"startLine": 3},
    }
    pointed = found["PC-3"]
    assert pointed["physicalLocation"] == {
        "artifactLocation": {"uri": "exports/x%3Ay.json", "uriBaseId": "%SRCROOT%"}
    }
    assert pointed["logicalLocations"] == [
        {"fullyQualifiedName": "components[2]", "kind": "element"}
    ]
    windows = found["PC-4"]
    assert windows["physicalLocation"]["artifactLocation"] == {"uri": "file:///C%3A/inv/app.json"}
    assert windows["logicalLocations"][0]["fullyQualifiedName"] == "programs[0]"


def test_junit_names_the_whole_file(report: Report) -> None:
    cases = ET.fromstring(render(report, "junit")).iter("testcase")
    files = {case.get("name", "").split(":")[0]: case.get("file") for case in cases}
    assert files == {host: where.file for host, where in LOCATIONS.items()}


def test_csv_and_json_write_the_source_of_the_fields(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert {row["host"]: row["source"] for row in rows} == SOURCES
    findings = json.loads(render(report, "json"))["findings"]
    assert {f["host"]: f["source"] for f in findings} == SOURCES


def test_markdown_and_html_show_the_source_to_technicians(report: Report) -> None:
    markdown, html = render(report, "markdown"), render(report, "html")
    for source in SOURCES.values():
        assert f"<sub>{escape(source)}</sub>" in markdown
        assert source in html


def test_the_tables_line_is_the_line_field_never_a_number_after_a_colon(
    report: Report,
) -> None:
    table = render(report, "table", RenderOptions(details=True))
    assert table.count("a:b.csv:12") == 1 and table.count("a.csv:3") == 1  # file and line
    assert "inv" not in table  # the folder left out, a Windows path's too
    assert "y.json:" not in table and "app.json:" not in table  # JSON paths are no lines


def test_the_inventory_listing_counts_by_the_whole_file() -> None:
    assets = [row_asset(row) for row in ROWS]
    assert files_and_clients(assets) == {where.file: {"Acme": 1} for where in LOCATIONS.values()}


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold ':'")
def test_a_json_reader_keeps_a_file_name_with_a_colon_and_its_json_path(tmp_path: Path) -> None:
    """A CycloneDX SBOM saved as ``shop:api.json``: text parsing took ``shop`` for the file."""
    sbom = tmp_path / "shop:api.json"
    shutil.copy(ASSETS / "inventory" / "cyclonedx-shop-api.json", sbom)
    result = CliRunner().invoke(
        cli, ["scan", str(sbom), "--as-of", AS_OF, "-f", "sarif", "--all", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert results
    for found in results:
        where = found["locations"][0]
        assert where["physicalLocation"]["artifactLocation"]["uri"].endswith("/shop%3Aapi.json")
        assert "region" not in where["physicalLocation"]
        pointer = where["logicalLocations"][0]["fullyQualifiedName"]
        assert pointer.startswith("components[")
        assert found["properties"]["source"] == f"{sbom}:{pointer}"


def test_the_sarif_of_these_locations_is_valid_sarif_2_1_0(
    report: Report, shared_dir: Path
) -> None:
    import jsonschema

    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(render(report, "sarif")))


@pytest.mark.parametrize(
    ("where", "file", "shown"),
    [
        ("exports/x:y.json:programs[2]", "exports/x:y.json", "x:y.json"),
        ("C:\\inv\\a.csv:3", "C:\\inv\\a.csv", "a.csv"),
        ("inv/acme.yaml:12", "inv/acme.yaml", "acme.yaml"),
    ],
)
def test_a_client_copy_names_a_skipped_rows_file_from_its_field(
    where: str, file: str, shown: str
) -> None:
    """The client's copy shows the file's name alone: a JSON path was kept before (only a
    trailing line number was cut from the text)."""
    assert client_source(Skipped(where, "not read", file=file)) == shown
