"""``eolscan inventory`` and the reading options of ``eolscan scan``, through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, ASSETS

SAMPLES = ASSETS / "inventory"
GERMAN_MAP = (
    "host=Rechnername,os=Betriebssystem,os_version=BS-Version,"
    "name=Anwendung,version=Anwendungsversion"
)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(SAMPLES)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, list(args))

    return invoke


def test_inventory_table_shows_how_an_export_was_read(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "powershell-os.csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CLIENT", "HOST", "KIND", "NAME", "VERSION", "SOURCE"]
    assert lines[1].split() == [
        "powershell-os",
        "FRONTDESK-01",
        "os",
        "Microsoft",
        "Windows",
        "10",
        "Pro",
        "10.0.19045",
        "powershell-os.csv:3",
    ]
    assert len(lines) == 5
    assert result.stderr.splitlines() == [  # how the file was read, and which client it went to
        "eolscan: powershell-os.csv: read as powershell (PowerShell Export-Csv: "
        "CSName,Caption,Version,BuildNumber or DisplayName,DisplayVersion); "
        "client 'powershell-os' (4 items)",
        "eolscan: read 4 assets; 0 rows skipped",
    ]


def test_inventory_json_lists_assets_and_skipped_rows(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "--format", "json", "bad/lansweeper-bad-rows.csv")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["eolscan_inventory_version"] == 1
    assert document["assets"][0] == {
        "client": "lansweeper-bad-rows",
        "host": "PC01",
        "kind": "os",
        "name": "Windows 10",
        "version": "",
        "extended_support": False,
        "source": "bad/lansweeper-bad-rows.csv:2",
        "tags": [],
        "purl": None,
    }
    assert document["skipped"] == [
        {"source": "bad/lansweeper-bad-rows.csv:3", "reason": "2 fields, expected 4"},
        {"source": "bad/lansweeper-bad-rows.csv:4", "reason": "column 'AssetName' (host) is empty"},
    ]
    assert result.stderr.splitlines() == [
        "eolscan: bad/lansweeper-bad-rows.csv: read as lansweeper (Lansweeper report export "
        "(AssetName, OSname, Version, SP, softwareName, softwareVersion)); "
        "client 'lansweeper-bad-rows' (4 items)",
        "eolscan: skipped bad/lansweeper-bad-rows.csv:3: 2 fields, expected 4",
        "eolscan: skipped bad/lansweeper-bad-rows.csv:4: column 'AssetName' (host) is empty",
        "eolscan: read 4 assets; 2 rows skipped",
    ]


def test_inventory_strict_stops_at_the_first_bad_row(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "--strict", "--format", "json", "bad/lansweeper-bad-rows.csv")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == "eolscan: error: bad/lansweeper-bad-rows.csv:3: 2 fields, expected 4\n"


def test_inventory_unknown_format_lists_the_formats_tried(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "custom-columns.tsv")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "eolscan: error: custom-columns.tsv: not a known inventory format "
        "(tried: cyclonedx, spdx, osquery,"
    )


def test_inventory_with_map_reads_any_columns(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "inventory",
        "--format",
        "json",
        "--map",
        GERMAN_MAP,
        "--map",
        "client=Mandant",
        "custom-columns.tsv",
    )
    assert result.exit_code == 0
    assets = json.loads(result.stdout)["assets"]
    assert [(a["client"], a["host"], a["kind"], a["name"]) for a in assets][:2] == [
        ("Lager GmbH", "PC-LAGER", "os", "Windows 10 Enterprise"),
        ("Lager GmbH", "PC-LAGER", "software", "PostgreSQL 11"),
    ]


def test_inventory_map_with_an_unknown_key_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "--map", "hots=AssetName", "custom-columns.tsv")
    assert result.exit_code == 2
    assert result.stderr == (
        "eolscan: error: --map: unknown key 'hots' (expected one of host, client, os, "
        "os_version, os_build, "
        "service_pack, name, version, publisher, extended_support)\n"
    )


def test_inventory_folder_reads_every_host(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "--format", "json", "hosts")
    assert result.exit_code == 0
    assert [(a["client"], a["host"]) for a in json.loads(result.stdout)["assets"]] == [
        ("inventory", "db01"),
        ("inventory", "web01"),
    ]


def test_scan_with_preset_reports_findings_and_exit_code(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "scan",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--preset",
        "lansweeper",
        "lansweeper-software.csv",
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    server = next(f for f in report["findings"] if f["host"] == "SRV-FILE" and f["kind"] == "os")
    assert (server["product"], server["cycle"]) == ("windows-server", "2012-r2")
    assert server["source"] == "lansweeper-software.csv:5"
    assert report["skipped"] == []


def test_scan_reports_skipped_rows_and_scans_the_rest(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "scan",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--fail-on",
        "never",
        "-v",
        "bad/lansweeper-bad-rows.csv",
    )
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    rows = [("bad/lansweeper-bad-rows.csv:3", "2 fields, expected 4")]
    rows.append(("bad/lansweeper-bad-rows.csv:4", "column 'AssetName' (host) is empty"))
    assert report["skipped"] == [
        {"source": source, "reason": reason, "what": "row", "client": None}
        for source, reason in rows
    ]
    assert report["summary"]["hosts"] == 2
    assert (
        "eolscan: warning: bad/lansweeper-bad-rows.csv:3: row not read: 2 fields, expected 4"
        in result.stderr.splitlines()
    )


def test_scan_strict_makes_a_bad_row_an_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("scan", "--as-of", AS_OF, "--strict", "bad/lansweeper-bad-rows.csv")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert (
        result.stderr.splitlines()[-1]
        == "eolscan: error: bad/lansweeper-bad-rows.csv:3: 2 fields, expected 4"
    )


def test_scan_with_map_names_a_missing_column(run) -> None:  # type: ignore[no-untyped-def]
    result = run("scan", "--as-of", AS_OF, "--map", "host=Computer,os=OS", "custom-columns.tsv")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == (
        "eolscan: error: custom-columns.tsv:1: column 'Computer' (--map host) is not in the header "
        "(found: Rechnername, Betriebssystem, BS-Version, Anwendung, Anwendungsversion, Mandant)"
    )


def test_scan_map_with_another_input_format_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "scan", "--as-of", AS_OF, "--input-format", "spdx", "--map", "host=x", "custom-columns.tsv"
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "eolscan: error: --map and --preset read CSV; they cannot be used with --input-format spdx"
    )


def test_scan_of_several_formats_in_one_run(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "scan",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--fail-on",
        "never",
        "hosts",
        "ansible-setup.txt",
        "cyclonedx-shop-api.json",
        "osquery-results.log",
    )
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["clients"] == 4
    assert {f["client"] for f in report["findings"]} == {
        "inventory",
        "ansible-setup",
        "cyclonedx-shop-api",
        "osquery-results",
    }


def test_inventory_reads_standard_input() -> None:
    body = "hostname;operating system;os version\nKASSE2;Windows 10 Pro;10.0.19045\n"
    result = CliRunner().invoke(cli, ["inventory", "--format", "json", "-"], input=body)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["assets"] == [
        {
            "client": "stdin",
            "host": "KASSE2",
            "kind": "os",
            "name": "Windows 10 Pro",
            "version": "10.0.19045",
            "extended_support": False,
            "source": "<stdin>:2",
            "tags": [],
            "purl": None,
        }
    ]


def test_inventory_json_lists_an_sbom_item_by_name_with_its_purl(run) -> None:  # type: ignore[no-untyped-def]
    result = run("inventory", "--format", "json", "cyclonedx-intranet.xml")
    assert result.exit_code == 0
    spring = json.loads(result.stdout)["assets"][0]
    assert (spring["name"], spring["version"], spring["purl"]) == (
        "org.springframework/spring-core",
        "5.2.25.RELEASE",
        "pkg:maven/org.springframework/spring-core@5.2.25.RELEASE",
    )


def test_inventory_of_a_book_reads_the_files_scan_reads(tmp_path: Path) -> None:
    """The accepted-risk file and ``client.toml`` beside inventories are set aside by
    ``inventory`` exactly as by ``scan``: not listed as read, not read as inventories."""
    book = tmp_path / "clients"
    (book / "acme").mkdir(parents=True)
    (book / "acme" / "inventory.yaml").write_text(
        "hosts:\n  - name: web\n    os: Ubuntu 20.04 LTS\n", "utf-8"
    )
    (book / "acme" / "client.toml").write_text('name = "Acme"\n', "utf-8")
    (book / "eolscan-accept.yaml").write_text("accept: []\n", "utf-8")
    listing = CliRunner().invoke(cli, ["inventory", str(book), "-f", "json"])
    scanned = CliRunner().invoke(cli, ["scan", str(book), "--as-of", AS_OF, "-f", "json"])
    assert listing.exit_code == 0, listing.stderr
    files = [entry["file"] for entry in json.loads(listing.stdout)["files"]]
    assert [Path(f).name for f in files] == ["inventory.yaml"]
    assert "eolscan-accept.yaml" not in listing.stderr
    assert "client.toml" not in listing.stderr
    hosts = {f["host"] for f in json.loads(scanned.stdout)["findings"]}
    assert hosts == {"web"}
