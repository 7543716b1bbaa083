"""The ignore list: noise leaves the headline and the plan, and is still counted everywhere."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.formats.helpers import scan

INVENTORY = """\
client: Quay Accountants
hosts:
  - name: PC01
    os: Microsoft Windows 11 Pro
    os_version: 10.0.26200
    software:
      - {name: 7-Zip 23.01 (x64), version: "23.01"}
      - {name: TeamViewer 15, version: 15.50.5}
  - name: PC02
    os: Microsoft Windows 11 Pro
    os_version: 10.0.26200
    software:
      - {name: 7-Zip 19.00 (x64), version: "19.00"}
      - {name: Sage 50 Accounts, version: "30.1"}
"""
IGNORES = """\
ignore:
  - name: "7-Zip*"
    reason: archiver, updated by the RMM's patch policy
    owner: Sam
  - name: TeamViewer*
    host: PC01
    reason: vendor remote support tool
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "quay.yaml").write_text(INVENTORY, encoding="utf-8")
    (tmp_path / "eolscan-accept.yaml").write_text(IGNORES, encoding="utf-8")
    return tmp_path


def _run(folder: Path, *args: str) -> str:
    result = scan(str(folder / "quay.yaml"), "--fail-on", "never", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ignored_items_have_their_own_status_and_count(folder: Path) -> None:
    report = json.loads(_run(folder, "-f", "json"))
    statuses = {f["name"]: f["status"] for f in report["findings"]}
    assert statuses["7-Zip 23.01 (x64)"] == statuses["7-Zip 19.00 (x64)"] == "ignored"
    assert statuses["TeamViewer 15"] == "ignored"
    assert statuses["Sage 50 Accounts"] == "unknown"  # not on the list: still to check
    assert report["summary"]["by_status"]["ignored"] == 3
    reason = next(f["reason"] for f in report["findings"] if f["name"] == "TeamViewer 15")
    assert reason.startswith("ignored: vendor remote support tool (was ")
    assert all(entry["status"] != "ignored" for entry in report["plan"])


def test_csv_sarif_and_junit_mark_ignored_items(folder: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(folder, "-f", "csv"))))
    assert sum(row["status"] == "ignored" for row in rows) == 3
    # SARIF carries only findings at risk unless --all (integrity #13): then ignored are notes
    sarif = json.loads(_run(folder, "-f", "sarif", "--all"))
    ignored = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "EOLSCAN-IGNORED"]
    assert len(ignored) == 3
    assert {r["level"] for r in ignored} == {"note"}
    assert all(r["suppressions"][0]["kind"] == "external" for r in ignored)
    junit = _run(folder, "-f", "junit")
    assert junit.count('<skipped message="ignored') == 3
    assert 'skipped="3"' in junit


def test_html_keeps_ignored_items_out_of_the_headline_in_an_appendix(folder: Path) -> None:
    html = _run(folder, "-f", "html")
    owner = html[html.index('<section class="owner">') : html.index("</section>")]
    assert "7-Zip" not in owner and "Ignored</div>" not in owner
    appendix = html[html.index("Appendix: ignored items") :]
    assert "7-Zip 23.01 (x64)" in appendix and "7-Zip 19.00 (x64)" in appendix
    unknown = html[html.index("Appendix: items not identified") :]
    assert "Sage 50 Accounts" in unknown


def test_unidentified_items_are_listed_once_per_name_with_machine_counts(tmp_path: Path) -> None:
    lines = ["client: Many", "hosts:"]
    for n in range(12):
        lines += [f"  - name: PC{n:02d}", "    software:", "      - Foo Dental Imaging Bridge"]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = scan(str(path), "-f", "html", "--fail-on", "never").output
    appendix = html[html.index("Appendix: items not identified") :]
    assert appendix.count("<td>Foo Dental Imaging Bridge</td>") == 1
    assert '<td class="num">12</td>' in appendix
    markdown = scan(str(path), "-f", "markdown", "--fail-on", "never").output
    assert markdown.count("| Foo Dental Imaging Bridge | 12 |") == 1


def test_an_expired_ignore_counts_again_with_a_warning(folder: Path) -> None:
    (folder / "eolscan-accept.yaml").write_text(
        'ignore:\n  - name: "7-Zip*"\n    reason: noise\n    until: 2026-01-31\n',
        encoding="utf-8",
    )
    report = json.loads(_run(folder, "-f", "json"))
    assert report["summary"]["by_status"]["ignored"] == 0
    assert any(
        "ignore entry for name '7-Zip*'" in w and "expired on 2026-01-31" in w
        for w in report["warnings"]
    )


def test_validate_names_each_bad_ignore_entry(folder: Path) -> None:
    from click.testing import CliRunner

    from eolscan.cli.main import cli

    (folder / "eolscan-accept.yaml").write_text(
        "ignore:\n  - host: PC01\n    reason: x\n  - name: a*\n    colour: red\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(folder / "eolscan-accept.yaml")])
    assert result.exit_code == 3
    name = folder / "eolscan-accept.yaml"
    assert result.stdout.splitlines() == [
        f"{name}:2: ignore entry needs 'name' (a glob) or 'product' (an id)",
        f"{name}:4: ignore entry needs 'reason' (why it is noise)",
        f"{name}:5: unknown key 'colour' in ignore entry "
        "(expected name, product, client, host, reason, owner, until)",
    ]
