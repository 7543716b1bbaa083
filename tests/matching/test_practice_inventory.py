"""A 30-seat Windows practice: the staples are identified, only LOB software is not.

examples/windows-practice-30.csv imitates an RMM software export of a small dental practice
(26 workstations, 4 servers): the desktop staples of #17, drivers and vendor tools, and the
practice's line-of-business applications. On main before #17, 90% of its items were "not
identified"; the share is measured here, not pinned.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, EXAMPLES

PRACTICE = EXAMPLES / "windows-practice-30.csv"
NOT_PRODUCTS = {
    # a SQL Server tool, not the engine
    "Microsoft SQL Server 2014 Upgrade Advisor",
    # the practice's line-of-business software publishes no lifecycle anywhere
    "Dentrix G7",
    "Dentrix G7 Server",
    "Kodak Dental Imaging Software",
    "Sirona SIDEXIS 4",
    "Sirona SIDEXIS 4 Server",
    "Patterson Eaglesoft 21",
}
WITHOUT_LIFECYCLE = {
    # drivers, OEM agents and servicing components of every OEM PC: their vendors publish
    # no lifecycle, so they are identified and judged by the newest release only
    "Dell SupportAssist": "dell-supportassist",
    "Intel(R) Chipset Device Software": "intel-chipset-device-software",
    "Realtek High Definition Audio Driver": "realtek-hd-audio",
    "Microsoft Update Health Tools": "microsoft-update-health-tools",
    "Office 16 Click-to-Run Extensibility Component": "office-c2r-extensibility",
    "Microsoft OneDrive": "onedrive",
}
STAPLES = {
    "Microsoft Edge": "microsoft-edge",
    "Microsoft Edge WebView2 Runtime": "microsoft-edge",
    "Microsoft Visual C++ 2008 Redistributable - x86 9.0.30729.6161": "msvc-redist",
    "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33135": "msvc-redist",
    "7-Zip 23.01 (x64)": "7-zip",
    "Adobe Acrobat Reader DC": "acrobat",
    "Microsoft 365 Apps for business - en-us": "microsoft-365-apps",
    "Teams Machine-Wide Installer": "teams-classic",
    "TeamViewer": "teamviewer",
    "TeamViewer 13 Host": "teamviewer",
    "Zoom Workplace": "zoom-workplace",
    "Java 8 Update 381": "oracle-jdk",
    "Adobe Flash Player 32 NPAPI": "flash-player",
    "QuickBooks Desktop Pro 2023": "quickbooks-desktop",
    "AutoCAD LT 2021 - English": "autocad",
    "VMware Tools": "vmware-tools",
    "Microsoft SQL Server Management Studio - 19.1": "ssms",
    "Microsoft SQL Server 2019 (64-bit)": "mssqlserver",
    **WITHOUT_LIFECYCLE,
}


@pytest.fixture(scope="module")
def findings() -> list[dict[str, object]]:
    """The practice scanned once at the test date, as JSON findings."""
    result = CliRunner().invoke(
        cli, ["scan", str(PRACTICE), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def test_the_practice_has_thirty_seats_and_every_staple(findings: list[dict[str, object]]) -> None:
    assert len({f["host"] for f in findings}) == 30
    assert set(STAPLES) <= {f["name"] for f in findings}


def test_only_line_of_business_software_stays_unidentified(
    findings: list[dict[str, object]],
) -> None:
    unidentified = [f for f in findings if f["product"] is None]
    assert {f["name"] for f in unidentified} <= NOT_PRODUCTS
    assert len(unidentified) / len(findings) < 0.30


def test_no_staple_is_identified_as_another_product(findings: list[dict[str, object]]) -> None:
    for finding in findings:
        if finding["name"] in STAPLES:
            assert finding["product"] == STAPLES[str(finding["name"])], finding["name"]


def test_oem_and_servicing_staples_are_identified_without_a_lifecycle(
    findings: list[dict[str, object]],
) -> None:
    """Drivers and OEM agents count as "identified, no published lifecycle", not unknown."""
    seen = {str(f["name"]) for f in findings if f["name"] in WITHOUT_LIFECYCLE}
    assert seen == set(WITHOUT_LIFECYCLE)
    for finding in findings:
        if finding["name"] in WITHOUT_LIFECYCLE:
            assert finding["product"] == WITHOUT_LIFECYCLE[str(finding["name"])]
            assert str(finding["reason"]).startswith("identified; no published lifecycle")
