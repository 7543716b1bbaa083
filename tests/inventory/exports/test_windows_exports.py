"""Windows exports: PowerShell 5 Export-Csv (``#TYPE`` line, registry columns, UTF-16) and
Lansweeper saved by Excel (``;``, BOM, short OS codes)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.inventory.exports.helpers import SAMPLES, scan, verdicts


@pytest.mark.parametrize(
    ("sample", "host"),
    [
        ("ps5-uninstall-FRONTDESK-01.csv", "ps5-uninstall-FRONTDESK-01"),
        ("ps-uninstall-utf16-FRONTDESK-01.csv", "ps-uninstall-utf16-FRONTDESK-01"),
    ],
)
def test_uninstall_registry_export(sample: str, host: str) -> None:
    report = scan(sample)
    found = verdicts(report)
    assert {h for h, _ in found} == {host}
    assert report["summary"]["findings"] == 47  # 48 rows; the blank DisplayName row is dropped
    expect = {
        "Microsoft SQL Server 2014 (64-bit)": ("mssqlserver", "12.0-sp3", "eol"),
        "Microsoft SQL Server 2016 (64-bit)": ("mssqlserver", "13.0-sp2", "eol"),
        "Microsoft Office Professional Plus 2016": ("office", "2016", "eol"),
        "Java 8 Update 381 (64-bit)": ("oracle-jdk", "8", "eol"),
        "Python 3.8.10 (64-bit)": ("python", "3.8", "eol"),
        "Node.js": ("nodejs", "16", "eol"),
        "Mozilla Firefox ESR (x64 en-US)": ("firefox", "115", "warn"),
        "Microsoft Exchange Server 2013 Cumulative Update 23": ("msexchange", "2013-cu23", "eol"),
        "Apache Tomcat 9.0 Tomcat9 (remove only)": ("tomcat", "9.0", "warn"),
    }
    for name, verdict in expect.items():
        product, cycle, status = found[(host, name)]
        assert (product, status) == (verdict[0], verdict[2]), name
        assert cycle is not None and cycle.startswith(verdict[1].split("-")[0]), name
    for refused in ("Python Launcher", "Acme Dental Practice Manager"):
        assert found[(host, refused)][2] == "unknown"


def test_win32_operatingsystem_export() -> None:
    found = {h: v for (h, _), v in verdicts(scan("ps5-win32-os.csv")).items()}
    assert len(found) == 22
    assert found["DC01"] == ("windows-server", "2012-r2", "eol")
    assert found["FS01"] == ("windows-server", "2016", "warn")
    assert found["APP02"] == ("windows-server", "2022", "supported")
    assert found["SRV13"] == ("windows-server", "2022", "supported")  # no year in the caption
    assert found["SRV14"] == ("windows-server", "2008-sp2", "eol")  # ® signs
    assert found["PC01"] == ("windows", "10-22h2", "eol")
    assert found["PC02"] == ("windows", "11-23h2-w", "eol")
    assert found["PC03"] == ("windows", "10-1809-e-lts", "supported")
    assert found["PC09"] == ("windows", "10-21h2-iot-lts", "supported")
    assert found["PC10"] == ("windows", "11-24h2-w", "eol")
    assert found["PC13"] == ("windows", "10-2004", "eol")


def test_lansweeper_excel_semicolon_bom_short_codes() -> None:
    found = {h: v for (h, _), v in verdicts(scan("lansweeper-os-excel-semicolon.csv")).items()}
    assert len(found) == 13
    assert found["DC01"] == ("windows-server", "2012-r2", "eol")
    assert found["OLDXP"] == ("windows", "5-sp3", "eol")
    assert found["PC-EMPFANG"] == ("windows", "10-22h2", "eol")
    assert found["PC-10E"] == ("windows", "10-21h2-e", "eol")
    assert found["SRV-SQL"] == ("windows-server", "2016", "warn")
    assert found["SRV-2025"] == ("windows-server", "2025", "supported")


def test_excel_sep_line_and_two_version_columns() -> None:
    found = verdicts(scan("excel-sep-two-version-columns.csv"))
    assert found[("PC01", "Microsoft Windows 10 Pro")] == ("windows", "10-22h2", "eol")
    assert found[("PC01", "Mozilla Firefox (x64 de)")] == ("firefox", "115", "warn")


def test_invoke_command_export_names_hosts_by_pscomputername() -> None:
    found = verdicts(scan("invoke-command-uninstall.csv"))
    assert found == {
        ("SQL01", "Microsoft SQL Server 2014 (64-bit)"): ("mssqlserver", "12.0-sp3", "eol"),
        ("APP01", "Java 8 Update 202"): ("oracle-jdk", "8", "eol"),
        ("EX01", "Microsoft Exchange Server 2013"): ("msexchange", "2013", "eol"),
    }


def test_registry_entries_without_a_display_name_are_not_reported_as_bad_rows() -> None:
    result = CliRunner().invoke(cli, ["validate", str(SAMPLES / "ps5-uninstall-FRONTDESK-01.csv")])
    assert result.exit_code == 0
    assert "has no OS or software name" not in result.output + result.stderr
