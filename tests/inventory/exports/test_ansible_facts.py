"""``ansible all -m setup`` output for Windows and Linux hosts, and the jsonfile fact cache."""

from __future__ import annotations

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.inventory.exports.helpers import SAMPLES, scan, verdicts

EXPECTED = {
    "win-srv01": ("windows-server", "2022", "supported"),
    "win-srv02": ("windows-server", "2016", "warn"),
    "win-srv03": ("windows-server", "2012-r2", "eol"),
    "pc-lab-04": ("windows", "10-22h2", "eol"),
    "web01.acme.local": ("ubuntu", "20.04", "eol"),
    "db01": ("rhel", "8", "supported"),
    "db02": ("centos", "7", "eol"),
    "sles02": ("sles", "15.5", "eol"),
    "aws01": ("amazon-linux", "2", "eol"),
    "aws02": ("amazon-linux", "2023", "supported"),
    "deb01": ("debian", "11", "eol"),
    "rocky01": ("rocky-linux", "9", "supported"),
    "ol01": ("oracle-linux", "7", "eol"),
    "alma01": ("almalinux", "8", "supported"),
    "mac01": ("macos", "13", "eol"),
    "leap01": ("opensuse", "15.5", "eol"),
    "alp01": ("alpine-linux", "3.18", "eol"),
    "mint01": ("linuxmint", "21.2", "warn"),
    "sid01": ("debian", "13", "supported"),  # version "n/a", release "trixie"
    "fed01": ("fedora", "39", "eol"),
}


def test_setup_output_of_windows_and_linux_hosts() -> None:
    found = {h: v for (h, _), v in verdicts(scan("ansible-setup-mixed.txt")).items()}
    for host, verdict in EXPECTED.items():
        assert found[host] == verdict, host
    assert "badhost" not in found and "winfail" not in found


def test_unreachable_and_failed_hosts_are_reported_as_skipped() -> None:
    result = CliRunner().invoke(cli, ["inventory", str(SAMPLES / "ansible-setup-mixed.txt")])
    assert result.exit_code == 0
    assert "host 'badhost' is UNREACHABLE: Failed to connect" in result.stderr
    assert "host 'winfail' is FAILED: winrm or requests is not installed" in result.stderr


def test_fact_cache_files_name_the_host_by_inventory_name_not_ansible_hostname() -> None:
    report = scan("ansible-factcache")
    assert {f["client"] for f in report["findings"]} == {"ansible-factcache"}  # the folder
    found = {h: v for (h, _), v in verdicts(report).items()}
    assert found == {  # the file names; ansible_hostname says WIN-SRV01 and web01
        "win-srv01": ("windows-server", "2022", "supported"),
        "web01.acme.local": ("ubuntu", "20.04", "eol"),
    }
