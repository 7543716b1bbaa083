"""The 40-Mac example client: every Mac is read once, with its own macOS, from four sources."""

from __future__ import annotations

import json
from collections import Counter

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import EXAMPLES

AS_OF = "2026-12-06"


def _findings() -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["scan", str(EXAMPLES / "macs"), "--as-of", AS_OF, "--all", "-f", "json"]
    )
    assert result.exit_code == 1, result.output  # it has Macs past their end
    return list(json.loads(result.stdout)["findings"])


def test_every_mac_has_one_macos_and_never_an_applications_version() -> None:
    findings = _findings()
    systems = [f for f in findings if f["kind"] == "os"]
    assert len(systems) == 40
    assert Counter(f["host"] for f in systems).most_common(1)[0][1] == 1
    assert {f["client"] for f in findings} == {"studio-nord"}
    assert {f["product"] for f in systems} == {"macos"}
    jamf = [f for f in systems if "jamf-advanced-search.csv" in str(f["source"])]
    assert len(jamf) == 14  # "macOS 26.5" + "26.5": the OS columns, not Application Version
    assert all(str(f["name"]).endswith(" " + str(f["version"])) for f in jamf)


def test_macos_releases_past_their_end_are_eol_and_the_newest_three_are_not() -> None:
    for finding in (f for f in _findings() if f["kind"] == "os"):
        major = str(finding["version"]).split(".")[0]
        expected = "supported" if int(major) >= 14 else "eol"
        assert finding["status"] == expected, finding


def test_mac_apps_are_recognised_without_their_app_suffix() -> None:
    software = [f for f in _findings() if f["kind"] == "software"]
    by_name = {str(f["name"]).removesuffix(".app"): f for f in software}
    for name in ("Safari", "Google Chrome", "Firefox", "zoom.us", "Adobe Acrobat Reader"):
        assert by_name[name]["product"] is not None, by_name[name]
    assert not [f for f in software if f["name"] == "Calculator.app"]  # part of macOS
