"""RMM console exports whose column names are not the API's: NinjaOne's device list,
a Datto software audit, OCS Inventory's console CSV (kernel in the OS version column)."""

from __future__ import annotations

from tests.inventory.exports.helpers import scan, verdicts


def test_ninjaone_device_list_with_display_name_and_organization() -> None:
    report = scan("ninjaone-console-devices.csv")
    found = {h: v for (h, _), v in verdicts(report).items()}
    assert {f["client"] for f in report["findings"]} == {"Acme Dental"}
    assert found == {
        "ACME-DC01": ("windows-server", "2016", "warn"),
        "ACME-FD01": ("windows", "10-22h2", "eol"),
        "ACME-LT02": ("windows", "11-23h2-w", "eol"),
        "ACME-NAS": ("ubuntu", "22.04", "warn"),
        "ACME-MAC1": ("macos", "14", "supported"),
    }


def test_datto_software_audit_with_device_hostname() -> None:
    found = verdicts(scan("datto-software-audit.csv"))
    assert found[("ACME-SRV1", "Microsoft Windows Server 2012 R2 Standard 6.3.9600")] == (
        "windows-server",
        "2012-r2",
        "eol",
    )
    assert found[("ACME-SRV1", "Microsoft SQL Server 2012 (64-bit)")] == (
        "mssqlserver",
        "11.0-sp4",
        "eol",
    )
    assert found[("ACME-FD01", "Java 8 Update 351")] == ("oracle-jdk", "8", "eol")
    assert len(found) == 6


def test_ocs_console_export_kernel_versions_and_service_packs() -> None:
    found = {h: v for (h, _), v in verdicts(scan("ocs-console-export.csv")).items()}
    assert found["SRV-RH"] == ("rhel", "8", "supported")  # not RHEL 4 from kernel 4.18
    assert found["SRV-DB"] == ("centos", "7", "eol")
    assert found["SRV-DEB"] == ("debian", "11", "eol")
    assert found["SRV-WEB"] == ("ubuntu", "20.04", "eol")
    assert found["PC-OLD"] == ("windows", "7-sp1", "eol")  # "Service Pack 1"
    assert found["SRV-2008"] == ("windows-server", "2008-r2-sp1", "eol")
    assert found["PC-COMPTA"] == ("windows", "10-22h2", "eol")
