"""Macs as they are inventoried: sw_vers, system_profiler, osquery apps, Jamf Pro exports.

Every file read here is a genuine sample in tests/corpora/macos (see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.csv_mapped import MappedCsvReader
from eolscan.inventory.interface import InventoryError
from eolscan.inventory.jamf_api import JamfApiReader
from eolscan.inventory.munki import MunkiInstallInfoReader
from eolscan.inventory.osquery import OsqueryReader
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.sw_vers import SwVersReader
from eolscan.inventory.system_profiler import SystemProfilerReader
from eolscan.inventory.text import read_source
from tests.helpers import AS_OF
from tests.inventory.helpers import read_all, read_assets, rows, text_source

CORPUS = Path(__file__).parent.parent / "corpora" / "macos"


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run inside the corpus so sources read ``file:line`` as a user would see them."""
    monkeypatch.chdir(CORPUS)
    return CORPUS


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("big-sur.sw_vers.txt", "sw_vers"),
        ("catalina.sw_vers.txt", "sw_vers"),
        ("high-sierra.sw_vers.txt", "sw_vers"),
        ("system_profiler.txt", "system_profiler"),
        ("applications-10.8.txt", "system_profiler"),
        ("sp-applications.json", "system_profiler"),
        ("sp-software.json", "system_profiler"),
        ("osquery-apps.json", "osquery"),
        ("jamf-computers.csv", "jamf"),
        ("jamf-applications.csv", "jamf"),
        ("jamf-computers-inventory.json", "jamf-api"),
        ("munki-first-run.InstallInfo.plist", "munki"),
        ("munki-removals.InstallInfo.plist", "munki"),
    ],
)
def test_each_mac_sample_is_recognised_by_its_reader(name: str, reader: str) -> None:
    assert detect_reader(read_source(str(CORPUS / name))).name == reader


def test_sw_vers_gives_the_os_and_takes_the_host_from_the_file_name(corpus: Path) -> None:
    assets, skipped = read_all("big-sur.sw_vers.txt", "catalina.sw_vers.txt")
    assert skipped == []
    assert rows(assets) == [
        ("big-sur", "os", "macOS", "11.4", "big-sur.sw_vers.txt:1"),
        ("catalina", "os", "Mac OS X", "10.15.5", "catalina.sw_vers.txt:1"),
    ]


def test_sw_vers_in_a_host_folder_is_named_by_the_folder(tmp_path: Path) -> None:
    host = tmp_path / "studio" / "hosts" / "mac-07"
    host.mkdir(parents=True)
    (host / "sw_vers").write_bytes((CORPUS / "high-sierra.sw_vers.txt").read_bytes())
    assets, _ = read_all(tmp_path / "studio")
    assert [(a.client, a.host, a.name, a.version) for a in assets] == [
        ("studio", "mac-07", "Mac OS X", "10.13")
    ]


def test_sw_vers_steps_over_a_stray_line_and_refuses_a_file_without_product_name() -> None:
    text = "ProductName:\tmacOS\nProductVersion:\t14.6.1\nlast login: today\n"
    source, skipped = text_source("mac-1.sw_vers.txt", text)
    assert [(a.name, a.version) for a in read_assets(SwVersReader(), source)] == [
        ("macOS", "14.6.1")
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        (
            "mac-1.sw_vers.txt:3",
            "expected a sw_vers line (ProductName:, ProductVersion:, BuildVersion:)",
        )
    ]
    source, _ = text_source("mac-2.sw_vers.txt", "ProductVersion:\t14.6.1\n")
    with pytest.raises(InventoryError) as info:
        list(read_assets(SwVersReader(), source))
    assert str(info.value) == "mac-2.sw_vers.txt:1: no ProductName: line (expected sw_vers output)"


def test_system_profiler_text_names_the_host_by_its_computer_name(corpus: Path) -> None:
    assets, skipped = read_all("system_profiler.txt")
    assert skipped == []
    assert rows(assets) == [
        ("MacBook Air de test", "os", "macOS", "11.2.3", "system_profiler.txt:23"),
    ]


def test_system_profiler_apps_leave_macos_parts_out_and_keep_apps_without_a_version(
    corpus: Path,
) -> None:
    assets, skipped = read_all("applications-10.8.txt")
    assert skipped == []
    assert [(a.name, a.version) for a in assets] == [
        ("Terminal", "2.1.2"),
        ("Google Chrome", "49.0.2623.112"),
        ("Skype", "6.15"),
        ("Firefox", "37.0.2"),
        ("autosetup", ""),
        ("Safari", "5.1.10"),
    ]
    assert {a.host for a in assets} == {"applications-10.8"}


def test_system_profiler_json_reads_the_overview_and_the_applications(corpus: Path) -> None:
    assets, skipped = read_all("sp-software.json", "sp-applications.json")
    assert skipped == []
    assert rows(assets) == [
        ("test-hostname", "os", "macOS", "12.0.1", "sp-software.json:SPSoftwareDataType[0]"),
    ]  # both apps of the sample live under /System: parts of macOS itself


def test_system_profiler_json_app_outside_the_system_volume_is_software() -> None:
    text = (
        '{"SPApplicationsDataType" : [{"_name" : "Microsoft Edge", "obtained_from" : '
        '"identified_developer", "path" : "/Applications/Microsoft Edge.app", '
        '"version" : "153.0.4234.32"}, {"_name" : "Ferramenta", "path" : '
        '"/Users/sid/Applications/Ferramenta.app"}, {"version" : "1.0"}]}'
    )
    source, skipped = text_source("mac-9.system_profiler.json", text)
    found = [(a.host, a.name, a.version) for a in read_assets(SystemProfilerReader(), source)]
    assert found == [("mac-9", "Microsoft Edge", "153.0.4234.32"), ("mac-9", "Ferramenta", "")]
    assert [(s.source, s.reason) for s in skipped] == [
        ("mac-9.system_profiler.json:SPApplicationsDataType[2]", "application has no '_name'")
    ]


def test_osquery_apps_use_the_bundle_version_and_drop_app(corpus: Path) -> None:
    assets, skipped = read_all("osquery-apps.json")
    assert skipped == []
    assert [(a.name, a.version) for a in assets] == [("Firefox", "153.0")]  # Python.app: /System
    text = (
        '{"apps": [{"name": "Google Chrome.app", "path": "/Applications/Google Chrome.app", '
        '"bundle_identifier": "com.google.Chrome", "bundle_short_version": "", '
        '"bundle_version": "131.0.6778.86"}]}'
    )
    source, _ = text_source("mac-3.json", text)
    assert [(a.name, a.version) for a in read_assets(OsqueryReader(), source)] == [
        ("Google Chrome", "131.0.6778.86")
    ]


def test_jamf_exports_read_the_os_version_not_the_application_version(corpus: Path) -> None:
    """Jamf titles an application by its bundle (``iMovie.app``): read as osquery's apps
    and Jamf's API are, without the ``.app``, so one Mac's app is one row whatever tool
    listed it."""
    assets, skipped = read_all("jamf-applications.csv")
    assert skipped == []
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == [
        ("Deathquark", "os", "Mac OS X 10.15.7", "10.15.7"),
        ("Deathquark", "software", "iMovie", "10.4.1"),
        ("Deathquark", "software", "Webex", "44.10.1.31028"),
        ("Deathquark", "software", "Numbers", "14.1"),
        ("Deathquark", "software", "Self Service", "11.10.1"),
    ]


JAMF_HEADER = (
    "Computer Name,Operating System,Operating System Version,Application Title,"
    "Application Version\n"
)


def test_the_generic_csv_reader_takes_the_column_that_says_operating_system() -> None:
    source, skipped = text_source(
        "export.csv", JAMF_HEADER + "MAC-01,macOS 13.6.9,13.6.9,Google Chrome.app,131.0.6778.86\n"
    )
    found = [(str(a.kind), a.name, a.version) for a in read_assets(MappedCsvReader(), source)]
    assert found == [
        ("os", "macOS 13.6.9", "13.6.9"),
        ("software", "Google Chrome.app", "131.0.6778.86"),
    ]
    assert skipped == []


@pytest.mark.parametrize(
    ("header", "column", "apps"),
    [
        ("Computer,OS,Title,App Version", "App Version", "'Title', 'App Version'"),
        ("Host,OS,Bundle Name,Version", "Version", "'Bundle Name'"),
    ],
)
def test_the_generic_csv_reader_refuses_a_version_that_may_be_an_applications(
    tmp_path: Path, header: str, column: str, apps: str
) -> None:
    inventory = tmp_path / "macs.csv"
    inventory.write_text(f"{header}\nMAC-01,macOS,Google Chrome,131.0\n")
    result = CliRunner().invoke(cli, ["scan", str(inventory), "--as-of", AS_OF])
    assert result.exit_code == 3
    assert result.stderr == (
        f"eolscan: error: {inventory}:1: column {column!r} may be an application's version, "
        f"not the operating system's (csv also found {apps}); name the columns with "
        "--map os=...,os_version=...,name=...,version=...\n"
    )


def test_a_plain_version_beside_the_os_and_nothing_else_is_still_the_os_version() -> None:
    source, _ = text_source("servers.csv", "Hostname,OS,Version\nweb01,Ubuntu,22.04\n")
    found = [(a.name, a.version) for a in read_assets(MappedCsvReader(), source)]
    assert found == [("Ubuntu", "22.04")]


def test_safari_in_its_cryptex_is_judged_while_system_apps_are_left_to_the_os() -> None:
    text = (
        '[{"name": "Safari.app", "path": '
        '"/System/Volumes/Preboot/Cryptexes/App/System/Applications/Safari.app", '
        '"bundle_identifier": "com.apple.Safari", "bundle_short_version": "18.6"}, '
        '{"name": "Calculator.app", "path": "/System/Applications/Calculator.app", '
        '"bundle_identifier": "com.apple.calculator", "bundle_short_version": "11.0"}]'
    )
    source, skipped = text_source("mac-5.json", text)
    assert [(a.name, a.version) for a in read_assets(OsqueryReader(), source)] == [
        ("Safari", "18.6")
    ]
    assert skipped == []


def test_jamf_api_inventory_reads_os_and_applications_by_computer(corpus: Path) -> None:
    assets, skipped = read_all("jamf-computers-inventory.json")
    assert skipped == []
    where = "jamf-computers-inventory.json:results[0]"
    assert rows(assets) == [
        ("macbook", "os", "macOS", "14.4", where),
        ("macbook", "software", "iMovie", "10.4.1", f"{where}.applications[0]"),
        ("macbook", "software", "Webex", "44.10.1.31028", f"{where}.applications[1]"),
        ("macbook", "software", "IDLE", "3.12.5", f"{where}.applications[3]"),
    ]  # applications[2] is VoiceMemos.app under /System: part of macOS


def test_jamf_api_steps_over_a_computer_without_a_name() -> None:
    text = '{"results": [{"general": {"name": ""}, "operatingSystem": {"name": "macOS"}}, 7]}'
    source, skipped = text_source("jamf.json", text)
    assert list(read_assets(JamfApiReader(), source)) == []
    assert [(s.source, s.reason) for s in skipped] == [
        ("jamf.json:results[0]", "the computer has no general.name"),
        ("jamf.json:results[1]", "expected a computer with a 'general' section"),
    ]


def test_munki_install_info_lists_installed_items_only(corpus: Path) -> None:
    assets, skipped = read_all(
        "munki-first-run.InstallInfo.plist", "munki-removals.InstallInfo.plist"
    )
    assert skipped == []
    first = "munki-first-run.InstallInfo.plist"
    removals = "munki-removals.InstallInfo.plist"
    assert rows(assets) == [
        (
            "munki-first-run",
            "software",
            "ServerAdministrationSoftware",
            "10.5.3",
            f"{first}:managed_installs[1]",
        ),
        (
            "munki-removals",
            "software",
            "ServerAdministrationSoftware",
            "10.5.3",
            f"{removals}:managed_installs[1]",
        ),
        ("munki-removals", "software", "TextWrangler", "2.3", f"{removals}:removals[1]"),
        (
            "munki-removals",
            "software",
            "Microsoft Silverlight",
            "2.0.40115.0.0",
            f"{removals}:removals[2]",
        ),
    ]


def test_munki_install_info_in_a_host_folder_is_named_by_the_folder(tmp_path: Path) -> None:
    host = tmp_path / "studio" / "hosts" / "mac-07"
    host.mkdir(parents=True)
    sample = (CORPUS / "munki-removals.InstallInfo.plist").read_bytes()
    (host / "InstallInfo.plist").write_bytes(sample)
    assets, _ = read_all(tmp_path / "studio")
    assert {(a.client, a.host) for a in assets} == {("studio", "mac-07")}
    assert len(assets) == 3


def test_munki_refuses_entities_and_a_plist_without_its_lists() -> None:
    header = (CORPUS / "munki-first-run.InstallInfo.plist").read_text().splitlines()[:3]
    bomb = '<!DOCTYPE plist [<!ENTITY a "aaaa">]>\n<plist version="1.0"><dict>'
    bomb += "<key>managed_installs</key><array/><key>x</key><string>&a;</string></dict></plist>\n"
    source, _ = text_source("mac-1.InstallInfo.plist", bomb)
    with pytest.raises(InventoryError, match="entities is refused"):
        list(read_assets(MunkiInstallInfoReader(), source))
    other = "\n".join(header) + "\n<dict><key>catalogs</key><array/></dict></plist>\n"
    source, _ = text_source("mac-1.InstallInfo.plist", other)
    with pytest.raises(InventoryError, match=r"^mac-1.InstallInfo.plist:1: expected a Munki"):
        list(read_assets(MunkiInstallInfoReader(), source))
