"""SBOM items in reports: shown by name with the purl beside them, and identified across runs
by their purl, so that several versions of one package stay apart and reports that named
SBOM items by their purl still compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.formats.helpers import scan


def bom(tmp_path: Path, versions: list[str]) -> Path:
    """A CycloneDX SBOM of one host holding these versions of Django."""
    components = [
        {"type": "library", "name": "Django", "version": v, "purl": f"pkg:pypi/django@{v}"}
        for v in versions
    ]
    path = tmp_path / "web01.cdx.json"
    document = {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": components}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def report(path: Path, *args: str) -> dict[str, Any]:
    result = scan(str(path), "-f", "json", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_two_versions_of_one_package_are_two_findings_across_runs(tmp_path: Path) -> None:
    before = tmp_path / "before.json"
    before.write_text(json.dumps(report(bom(tmp_path, ["3.2.19", "4.2.7"]))), encoding="utf-8")
    after = report(bom(tmp_path, ["4.2.7"]), "--baseline", str(before))
    assert after["baseline"]["counts"] == {"new": 0, "changed": 0, "resolved": 1}
    (resolved,) = after["baseline"]["changes"]
    assert (resolved["name"], resolved["version"], resolved["purl"]) == (
        "Django",
        "3.2.19",
        "pkg:pypi/django@3.2.19",
    )


def test_a_report_that_named_sbom_items_by_their_purl_still_compares(tmp_path: Path) -> None:
    sbom = bom(tmp_path, ["3.2.19"])
    old = report(sbom)
    for finding in old["findings"]:  # as reports were written before items had names
        finding["name"] = finding.pop("purl")
    before = tmp_path / "before.json"
    before.write_text(json.dumps(old), encoding="utf-8")
    after = report(sbom, "--baseline", str(before))
    assert after["baseline"]["counts"] == {"new": 0, "changed": 0, "resolved": 0}
    assert [f["change"] for f in after["findings"]] == [""]


def test_sarif_fingerprints_keep_two_versions_of_one_package_apart(tmp_path: Path) -> None:
    result = scan(str(bom(tmp_path, ["3.2.19", "4.2.7"])), "-f", "sarif", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    results = json.loads(result.stdout)["runs"][0]["results"]
    prints = {r["partialFingerprints"]["eolscanFinding/v1"] for r in results}
    assert len(results) == 2 and len(prints) == 2


def test_html_shows_the_purl_under_the_name(tmp_path: Path) -> None:
    result = scan(str(bom(tmp_path, ["3.2.19"])), "-f", "html", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert '<small class="purl">pkg:pypi/django@3.2.19</small>' in result.stdout
    assert "Django 3.2.19" in result.stdout
