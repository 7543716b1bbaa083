"""A server's package listing names hundreds of packages the lifecycle data has no product
for (``bash``, ``accountsservice``): they come from the host's distribution release, so the
reports gather them under it, naming every one, instead of a row each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eolscan.judgement.distro import may_be_build
from tests.formats.helpers import scan_output

DAY = "2026-12-07"
"""The day these tests evaluate at."""

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "packages"
UBUNTU_1404 = 'NAME="Ubuntu"\nVERSION="14.04.6 LTS, Trusty Tahr"\nID=ubuntu\nVERSION_ID="14.04"\n'
UNLISTED = {"accountsservice", "acpid", "apt", "bash", "curl"}
"""The listing's packages with no product and the release's marker (``0ubuntu7.2``)."""
NOT_THE_ARCHIVES = {
    "dconf-gsettings-backend": "0.20.0-1",  # a bare revision names no archive
    "code": "1.85.1-1702462158",  # nor does a vendor's (Microsoft's VS Code)
    "git": "1:2.8.2-0ppa1~ubuntu14.04.1",  # a PPA's build
    "libxerces-c3.1": "3.1.1-5.1+deb8u1build0.14.04.1",  # built for another release
}


@pytest.fixture
def web01(tmp_path: Path) -> Path:
    """A host folder as a collection script leaves it: ``dpkg -l`` beside ``etc/os-release``."""
    host = tmp_path / "web01"
    (host / "etc").mkdir(parents=True)
    (host / "etc" / "os-release").write_text(UBUNTU_1404, encoding="utf-8")
    listing = (CORPUS / "ci-web01-dpkg-l.txt").read_text(encoding="utf-8")
    extra = "".join(
        f"ii  {name:<40} {version:<38} amd64        a package\n"
        for name, version in NOT_THE_ARCHIVES.items()
        if name != "dconf-gsettings-backend"  # the corpus has it
    )
    extra += f"ii  {'google-chrome-stable':<40} {'120.0.6099.109-1':<38} amd64        Google\n"
    (host / "dpkg-l.txt").write_text(listing + extra, encoding="utf-8")
    return host


def test_a_package_with_no_product_is_from_its_hosts_release(web01: Path) -> None:
    findings = json.loads(scan_output(str(web01), "-f", "json", as_of=DAY))["findings"]
    unlisted = {f["name"]: f for f in findings if f["product"] is None and f["maintained_by"]}
    assert set(unlisted) == UNLISTED
    others = {f["name"]: f for f in findings if f["name"] in NOT_THE_ARCHIVES}
    assert set(others) == set(NOT_THE_ARCHIVES)
    for name, finding in others.items():  # each its own "not identified" row, as before
        assert finding["maintained_by"] is None, name
        assert finding["status"] == "unknown", name
    chrome = next(f for f in findings if f["name"] == "google-chrome-stable")
    assert (chrome["product"], chrome["cycle"], chrome["status"]) == ("chrome", "120", "eol")
    assert chrome["maintained_by"] is None  # Google's own package, its own row
    for name, finding in unlisted.items():
        assert finding["status"] == "unknown", name  # still not identified: no dates of its own
        assert finding["maintained_by"] == {"product": "ubuntu", "cycle": "14.04"}, name
        assert finding["reason"].startswith("maintained by Ubuntu 14.04 until "), name
        assert "the data has no lifecycle for it (product not recognised" in finding["reason"]


def test_a_package_without_its_release_stays_as_it_was(tmp_path: Path) -> None:
    listing = tmp_path / "web01-dpkg-l.txt"  # no release beside it, none in it
    shutil.copy(CORPUS / "ci-web01-dpkg-l.txt", listing)
    findings = json.loads(scan_output(str(listing), "-f", "json", as_of=DAY))["findings"]
    bash = next(f for f in findings if f["name"] == "bash")
    assert bash["maintained_by"] is None and bash["status"] == "unknown"


def test_the_reports_gather_them_under_their_release_naming_each(web01: Path) -> None:
    table = scan_output(str(web01), "--all", as_of=DAY)  # every item: each package on its own line
    (bash,) = [n for n, line in enumerate(table.splitlines()) if " bash " in line]
    assert "with Ubuntu 14.04" in table.splitlines()[bash]
    assert table.splitlines()[bash + 1].strip() == "no product in the data"  # -v: the rest
    markdown = scan_output(str(web01), "-f", "markdown", as_of=DAY)
    (row,) = [line for line in markdown.splitlines() if "other packages of Ubuntu 14.04" in line]
    for name in sorted(UNLISTED):
        assert name in row
    assert "| 1 | web01 |" in row
    html = scan_output(str(web01), "-f", "html", as_of=DAY)
    assert html.count(">other packages of Ubuntu 14.04</td>") == 1
    assert html.count("accountsservice") == 1


def test_the_table_rolls_them_up_as_one_row(web01: Path) -> None:
    """Above 200 findings a client's table rolls up: the release's unidentified packages
    are one row, not one per package name."""
    listing = web01 / "dpkg-l.txt"
    rows = [f"ii  libdemo{n:<36} 1.{n}-2ubuntu1{' ' * 28}amd64        demo" for n in range(250)]
    listing.write_text(listing.read_text(encoding="utf-8") + "\n".join(rows) + "\n")
    table = scan_output(str(web01), as_of=DAY)
    assert "libdemo" not in table
    assert table.count("other packages of Ubuntu 14.04") == 1


@pytest.mark.parametrize(
    ("version", "build"),
    [
        ("3.118ubuntu5", True),  # a native Ubuntu package: its marker, no revision
        ("12ubuntu4.6", True),
        ("3.118+deb11u1", True),
        ("2.4.11", False),  # a native package with no marker: nothing says whose it is
        ("10.0.19045", False),
    ],
)
def test_a_native_package_is_a_build_only_by_its_marker(version: str, build: bool) -> None:
    assert may_be_build("adduser", version) is build
