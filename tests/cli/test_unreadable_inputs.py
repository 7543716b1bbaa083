"""Nothing lost: one broken export in a folder is named and exits 3; the others are reported whole.

The broken files are shaped as they arrive: a CycloneDX SBOM cut off mid-upload (the first
lines of a syft 1.x document), and a Lansweeper export whose rows were all filtered out (only
its header, as the "Assets" report writes it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, EXAMPLES, without_data_notes

CUT_SBOM = """\
{
  "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:3c1b3c5e-44e1-4b59-9b8a-0f3f1c3f6c11",
  "version": 1,
  "metadata": {
    "timestamp": "2026-11-20T09:14:02Z",
    "tools": {"components": [{"type": "application", "author": "anchore", "name": "syft",
"""
HEADER_ONLY = "AssetName,OSname,SoftwareName,SoftwareVersion\r\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    clients = tmp_path / "clients"
    clients.mkdir()
    shutil.copy(EXAMPLES / "acme-dental.yaml", clients / "acme-dental.yaml")
    (clients / "builder.cdx.json").write_text(CUT_SBOM)
    return clients


def scan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, *args])
    return result.exit_code, result.stdout, without_data_notes(result.stderr)


def test_a_cut_file_in_a_folder_is_named_and_the_rest_reported(folder: Path) -> None:
    whole = scan("clients/acme-dental.yaml", "-f", "json")[1]
    code, out, err = scan("clients", "-f", "json", "-o", "month.json", "-o", "month.md")
    assert code == 3  # cron and CI notice, though every other file was read
    assert out == ""  # -o given: stdout stays empty; the files are complete
    report = json.loads(Path("month.json").read_text())
    assert report["summary"] == json.loads(whole)["summary"]
    [broken] = report["skipped"]
    assert (broken["what"], broken["client"]) == ("file", "builder")
    assert broken["source"].startswith("clients/builder.cdx.json:")
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("eolscan: warning: clients/builder.cdx.json:")
    markdown = Path("month.md").read_text()
    assert "## Not checked (1 file not read)" in markdown
    assert "; 1 file not read**" in markdown  # the summary line counts it


def test_stdout_is_complete_too(folder: Path) -> None:
    code, out, _ = scan("clients", "-f", "json")
    assert code == 3
    assert json.loads(out)["summary"]["findings"] == 20


def test_strict_stops_at_the_first_problem(folder: Path) -> None:
    code, out, err = scan("clients", "-f", "json", "--strict")
    assert (code, out) == (3, "")
    [line] = err.splitlines()
    assert line.startswith("eolscan: error: clients/builder.cdx.json:")


def test_a_header_only_export_alone_is_exit_3_with_one_line(tmp_path: Path) -> None:
    export = tmp_path / "lansweeper.csv"
    export.write_text(HEADER_ONLY)
    code, out, err = scan(str(export), "--preset", "lansweeper")
    assert (code, out) == (3, "")
    assert err == f"eolscan: error: {export}: no hosts or items read; is the export complete?\n"


def test_every_row_bad_alone_is_exit_3_and_names_the_rows(tmp_path: Path) -> None:
    export = tmp_path / "lansweeper.csv"
    export.write_text(HEADER_ONLY + ",Windows 10 Pro,,\r\nPC-2\r\n")
    code, out, err = scan(str(export), "--preset", "lansweeper")
    assert (code, out) == (3, "")
    assert err == (
        f"eolscan: error: {export}: no hosts or items read: 2 rows not read, first "
        f"{export}:2: column 'AssetName' (host) is empty\n"
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "  clients/builder.cdx.json:"),
        ("markdown", "| clients/builder.cdx.json:"),
        ("html", '<section class="not-checked"><h2>Not checked</h2>'),
    ],
)
def test_every_human_format_names_what_was_not_checked(
    folder: Path, fmt: str, expected: str
) -> None:
    out = scan("clients", "-f", fmt)[1]
    assert expected in out
    assert "1 file not read" in out


def test_an_unreachable_ansible_host_is_named_in_the_table(tmp_path: Path) -> None:
    output = tmp_path / "setup.txt"
    output.write_text(
        'web01 | SUCCESS => {\n    "ansible_facts": {\n'
        '        "ansible_distribution": "Ubuntu",\n'
        '        "ansible_distribution_version": "20.04"\n    },\n    "changed": false\n}\n'
        "db02 | UNREACHABLE! => {\n"
        '    "changed": false,\n'
        '    "msg": "Failed to connect to the host via ssh: ssh: connect to host db02 port 22: '
        'No route to host",\n'
        '    "unreachable": true\n}\n'
    )
    code, out, err = scan(str(output), "--fail-on", "never")
    assert code == 0  # a host not reached is not a broken input
    assert "1 host not read" in out
    assert f"{output}:8: host not read: host 'db02' is UNREACHABLE: Failed to connect" in out
    assert f"eolscan: warning: {output}:8: host not read: host 'db02'" in err


def test_quiet_is_no_chatter_not_silence_about_lost_data(folder: Path) -> None:
    code, _, err = scan("clients", "-f", "json", "-q")
    assert code == 3
    assert err.startswith("eolscan: warning: clients/builder.cdx.json:")


def test_inventory_lists_the_readable_files_and_names_the_broken_one(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["inventory", "clients", "-f", "json"])
    assert result.exit_code == 3
    listing = json.loads(result.stdout)
    assert len(listing["assets"]) == 20  # acme-dental.yaml, whole
    assert [s["source"].split(":")[0] for s in listing["skipped"]] == ["clients/builder.cdx.json"]
    assert (
        result.stderr.splitlines()[-1] == "eolscan: read 20 assets; 0 rows skipped; 1 file not read"
    )
