"""osquery as it really writes: osqueryi --json tables, a script's {table: rows}, and
osqueryd differential and snapshot result logs."""

from __future__ import annotations

from tests.inventory.exports.helpers import scan, verdicts


def test_differential_log_drops_removed_rows() -> None:
    report = scan("osqueryd-differential.results.log")
    found = verdicts(report)
    firefox = [v for (h, n), v in found.items() if n.startswith("Mozilla Firefox")]
    assert firefox == [("firefox", "132", "eol")]  # 115.0.2 was added, then removed
    assert found[("LT-SALES-04", "Microsoft Windows 11 Enterprise")] == (
        "windows",
        "11-23h2-e",
        "eol",
    )
    assert found[("db02.acme.local", "Rocky Linux")] == ("rocky-linux", "8", "supported")
    assert found[("db02.acme.local", "java-1.8.0-openjdk-headless")][:2] == (
        "redhat-build-of-openjdk",
        "8",
    )
    assert report["summary"]["hosts"] == 2


def test_deb_packages_removed_but_configured_are_not_reported() -> None:
    found = verdicts(scan("osquery-tables-web01.json"))
    assert {h for h, _ in found} == {"web01.acme.local"}
    assert ("web01.acme.local", "rc-package") not in found
    assert found[("web01.acme.local", "Ubuntu")] == ("ubuntu", "20.04", "eol")
    assert found[("web01.acme.local", "libssl1.1")] == ("openssl", "1.1.1", "eol")


def test_programs_table() -> None:
    found = {n: v for (_, n), v in verdicts(scan("osqueryi-programs-WS-ACCT-07.json")).items()}
    assert found["Microsoft Office Professional Plus 2016"] == ("office", "2016", "eol")
    assert found["Java 8 Update 381 (64-bit)"] == ("oracle-jdk", "8", "eol")
    assert found["SQL Server 2017 Database Engine Services"][:2] == ("mssqlserver", "14.0")
    assert found["TeamViewer"] == ("teamviewer", "15", "supported")  # curated (#17)


def test_centos7_release_line_in_the_version_column_and_rpm_packages() -> None:
    """osquery's os_version on CentOS 7 has name "CentOS Linux" and, as its version, the
    release file's whole line: the item is that line once, not "CentOS Linux CentOS Linux
    release ...", with major.minor.patch as its version."""
    findings = scan("osquery-centos7-db03.json")
    found = {n: v for (_, n), v in verdicts(findings).items()}
    assert found["CentOS Linux release 7.9.2009 (Core)"] == ("centos", "7", "eol")
    assert "CentOS Linux" not in found
    assert found["postgresql-server"] == ("postgresql", "9.2", "eol")
    assert found["php"] == ("php", "5.4", "eol")
    assert found["python"] == ("python", "2.7", "eol")
    assert found["openssl-libs"] == ("openssl", "1.0.2", "eol")
