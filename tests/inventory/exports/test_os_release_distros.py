"""os-release files of many distributions, collected into host folders or saved flat as
``<host>.os-release``, plus the one-line ``/etc/redhat-release``."""

from __future__ import annotations

from tests.inventory.exports.helpers import scan, verdicts

DISTROS = {
    "ubu1804": ("ubuntu", "18.04", "eol"),
    "ubu2204": ("ubuntu", "22.04", "warn"),
    "ubu2404": ("ubuntu", "24.04", "supported"),
    "deb12": ("debian", "12", "supported"),  # free Debian LTS until 2028
    "deb-testing": ("debian", "13", "supported"),  # no VERSION_ID: VERSION_CODENAME=trixie
    "rpios12": ("debian", "12", "supported"),  # free Debian LTS until 2028
    "raspi": ("debian", "11", "eol"),
    "rhel7": ("rhel", "7", "eol"),
    "rhel8": ("rhel", "8", "supported"),
    "rocky9": ("rocky-linux", "9", "supported"),
    "alma8": ("almalinux", "8", "supported"),
    "almalinux9": ("almalinux", "9", "supported"),
    "centos7": ("centos", "7", "eol"),
    "cstream9": ("centos-stream", "9", "supported"),
    "amzn2": ("amazon-linux", "2", "eol"),
    "amzn2023": ("amazon-linux", "2023", "supported"),
    "sles12": ("sles", "12.5", "eol"),
    "sles15": ("sles", "15.5", "eol"),
    "sles15sap": ("sles", "15.4", "eol"),
    "leap155": ("opensuse", "15.5", "eol"),
    "alpine": ("alpine-linux", "3.18", "eol"),
    "ol8": ("oracle-linux", "8", "supported"),
    "fedora39": ("fedora", "39", "eol"),
    "mint21": ("linuxmint", "21.2", "warn"),
    "photon": ("photon", "4.0", "supported"),
}


def test_host_folders_of_many_distributions() -> None:
    report = scan("collected/hosts")
    found = {h: v for (h, _), v in verdicts(report).items()}
    assert {f["client"] for f in report["findings"]} == {"collected"}
    for host, verdict in DISTROS.items():
        assert found[host] == verdict, host
    assert found["opensuse-tw"][2] == "unknown"  # rolling release: no cycle to judge


def test_flat_files_are_named_after_their_hosts() -> None:
    found = {h: v for (h, _), v in verdicts(scan("flat-release-files")).items()}
    assert found == {
        "app01": ("rhel", "8", "supported"),
        "db01": ("ubuntu", "22.04", "warn"),
        "lb01": ("ubuntu", "16.04", "eol"),
        "old01": ("centos", "6", "eol"),  # "CentOS release 6.10 (Final)"
        "web01": ("centos", "7", "eol"),
    }
