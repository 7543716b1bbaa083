"""Package-manager listings and release texts, on the genuine samples in tests/corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.interface import InventoryError
from eolscan.inventory.packages import PackageListReader, listing_kind
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.release_text import ReleaseTextReader
from eolscan.inventory.text import MAX_FIELD_CHARS
from tests.inventory.helpers import read_all, read_assets, text_source

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture
def corpora(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run inside tests/corpora so sources read as a user would see them."""
    monkeypatch.chdir(CORPORA)
    return CORPORA


def _items(path: str) -> list[tuple[str, str, str, str, str, tuple[str, ...]]]:
    assets, skipped = read_all(path)
    assert skipped == []
    return [(a.client, a.host, str(a.kind), a.name, a.version, a.tags) for a in assets]


DEB = ("package:deb",)
RPM = ("package:rpm",)


def test_dpkg_l_on_ubuntu_14_04_names_the_host_from_the_file(corpora: Path) -> None:
    items = _items("packages/ci-web01-dpkg-l.txt")
    assert items[0] == (
        "packages",
        "ci-web01",
        "software",
        "accountsservice",
        "0.6.35-0ubuntu7.2",
        DEB,
    )
    assert ("packages", "ci-web01", "software", "acpid", "1:2.0.21-1ubuntu2", DEB) in items
    # the architecture qualifier is not part of the package's name
    assert ("packages", "ci-web01", "software", "dconf-gsettings-backend", "0.20.0-1", DEB) in items
    assert len(items) == 7


def test_dpkg_l_on_ubuntu_16_04_drops_removed_packages_and_reads_the_os_beside(
    corpora: Path,
) -> None:
    items = _items("packages/ws16/dpkg-l.txt")
    names = [name for _, _, kind, name, _, _ in items if kind == "software"]
    assert "account-plugin-windows-live" not in names  # "rc": only its configuration is left
    assert "appmenu-qt" in names
    assert items[0] == ("packages", "ws16", "os", "Ubuntu", "16.04", ())  # first: the host's
    assets, _ = read_all("packages/ws16/dpkg-l.txt")
    assert assets[0].source == "packages/ws16/etc/os-release:1"


def test_rpm_qa_keeps_version_and_release(corpora: Path) -> None:
    items = _items("packages/el6-db01-rpm-qa.txt")
    assert ("packages", "el6-db01", "software", "openssh-server", "5.3p1-104.el6", RPM) in items
    assert ("packages", "el6-db01", "software", "openjpeg-libs", "1.3-9.el6_3", RPM) in items
    assert len(items) == 6  # no release file beside it: no OS is made up


def test_rpm_qa_reads_its_hosts_release_file_beside_it(corpora: Path) -> None:
    items = _items("packages/el7-app02-rpm-qa.txt")
    assert items.count(("packages", "el7-app02", "software", "kernel", "3.10.0-327.el7", RPM)) == 1
    assert items[0] == (
        "packages",
        "el7-app02",
        "os",
        "Red Hat Enterprise Linux Server release 7.0 (Maipo)",
        "",
        (),
    )


def test_yum_list_installed_joins_wrapped_rows_and_stops_at_the_footer(corpora: Path) -> None:
    items = _items("packages/rhel7-yum-list-installed.txt")
    assert [(name, version) for _, _, _, name, version, _ in items] == [
        ("GConf2", "3.2.6-8.el7"),
        ("GeoIP", "1.5.0-11.el7"),
        ("ImageMagick", "6.7.8.9-15.el7_2"),
        ("NetworkManager", "1:1.4.0-17.el7_3"),
        ("NetworkManager", "1:1.8.0-9.el7"),
        ("NetworkManager-config-server", "1:1.8.0-9.el7"),
    ]


def test_dnf_list_without_its_heading_is_still_a_listing(corpora: Path) -> None:
    items = _items("packages/fc28-dnf-list-installed.txt")
    assert [name for _, _, _, name, _, _ in items] == [
        "NetworkManager-bluetooth",
        "NetworkManager-config-connectivity-fedora",
        "NetworkManager-glib",
    ]


def test_a_folder_reads_each_release_file_once_through_its_listing(corpora: Path) -> None:
    assets, skipped = read_all("packages")
    assert skipped == []
    oses = [(a.host, a.name, a.source) for a in assets if str(a.kind) == "os"]
    assert oses == [
        (
            "el7-app02",
            "Red Hat Enterprise Linux Server release 7.0 (Maipo)",
            "packages/el7-app02-redhat-release:1",
        ),
        (
            "rocky8-app03",
            "Rocky Linux release 8.10 (Green Obsidian)",
            "packages/rocky8-app03-redhat-release:1",
        ),
        ("al2-legacy07", "Amazon Linux", "packages/al2-legacy07/etc/os-release:1"),
        ("al2023-app06", "Amazon Linux", "packages/al2023-app06/etc/os-release:1"),
        (
            "centos7-web09",
            "CentOS Linux release 7.1.1503 (Core)",
            "packages/centos7-web09/etc/redhat-release:1",
        ),
        ("sles15-web05", "SLES", "packages/sles15-web05/etc/os-release:1"),
        ("ws16", "Ubuntu", "packages/ws16/etc/os-release:1"),
    ]


@pytest.mark.parametrize(
    ("folder", "host", "release", "rows"),
    [
        ("packages/ws16", "ws16", "etc/os-release", 7),
        ("packages/ws16/", "ws16", "etc/os-release", 7),
        ("packages/ws16/etc", "ws16", "etc/os-release", 0),
        ("packages/centos7-web09", "centos7-web09", "etc/redhat-release", 13),
    ],
)
def test_a_host_folder_scanned_alone_reads_its_os_once(
    corpora: Path, folder: str, host: str, release: str, rows: int
) -> None:
    """``ws16/`` holds ``dpkg-l.txt`` and ``etc/os-release`` (``centos7-web09/`` an ``rpm -qa``
    listing and ``etc/redhat-release``): the listing reads the OS; the release file is not
    read again as a host folder ``etc`` of a client named after the host."""
    assets, skipped = read_all(folder)
    assert skipped == []
    oses = [(a.client, a.host, a.source) for a in assets if str(a.kind) == "os"]
    assert len(oses) == 1 and oses[0][1:] == (host, f"packages/{host}/{release}:1")
    if rows:
        assert {a.client for a in assets} == {"packages"}  # the folder holding the host's
        assert len(assets) == rows  # the OS and the listing's packages


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Listing... Done\nadduser/now 3.118ubuntu2 all [installed,local]\n"
            "apt/now 2.0.4 amd64 [installed,local]\nskype/xenial 4.3.0.37-0ubuntu0.12.04.1 amd64\n",
            "apt list",
            [("adduser", "3.118ubuntu2"), ("apt", "2.0.4")],
        ),
        (
            "adduser\t3.118ubuntu2\nbash\t5.0-6ubuntu1.1\nlibc6:amd64\t2.31-0ubuntu9.9\n",
            "dpkg-query -W",
            [("adduser", "3.118ubuntu2"), ("bash", "5.0-6ubuntu1.1"), ("libc6", "2.31-0ubuntu9.9")],
        ),
        (
            "alpine-baselayout-3.2.0-r8\nalpine-keys-2.2-r0\napk-tools-2.12.0_rc1-r2\n"
            "busybox-1.32.0-r3\n",
            "apk info -v",
            [
                ("alpine-baselayout", "3.2.0-r8"),
                ("alpine-keys", "2.2-r0"),
                ("apk-tools", "2.12.0_rc1-r2"),
                ("busybox", "1.32.0-r3"),
            ],
        ),
    ],
)
def test_line_listings(text: str, kind: str, expected: list[tuple[str, str]]) -> None:
    assert listing_kind(text) == kind
    source, skipped = text_source("web07-packages.txt", text)
    assets = list(read_assets(PackageListReader(), source))
    assert [(a.host, a.name, a.version) for a in assets] == [("web07", *e) for e in expected]
    assert skipped == []


def test_an_os_release_block_in_the_listing_is_the_hosts_os() -> None:
    text = (
        'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.12.1\nmusl-1.1.24-r10\nbusybox-1.31.1-r19\n'
    )
    source, _ = text_source("edge01.txt", text)
    assets = list(read_assets(PackageListReader(), source))
    first = assets[0]
    assert (first.kind, first.name, first.version, first.source) == (
        "os",
        "Alpine Linux",
        "3.12.1",
        "edge01.txt:1",
    )


def test_an_os_release_block_anywhere_in_the_listing_is_read() -> None:
    """In the first 64 KiB the OS comes first; a block after a long listing comes last."""
    packages = "".join(f"pkg{i}-1.0-r0\n" for i in range(8000))  # about 100 KiB
    block = 'NAME="Alpine Linux"\nVERSION_ID=3.12.1\n'
    for text, first in ((block + packages, True), (packages + block, False)):
        source, _ = text_source("edge02.txt", text)
        assets = list(read_assets(PackageListReader(), source))
        os_at = 0 if first else len(assets) - 1
        assert (str(assets[os_at].kind), assets[os_at].name, assets[os_at].version) == (
            "os",
            "Alpine Linux",
            "3.12.1",
        )
        assert len(assets) == 8001


def test_a_broken_row_is_stepped_over_with_its_line() -> None:
    text = "openssl-1.0.0-27.el6.x86_64\nbash-4.1.2-48.el6.x86_64\n"
    text += "zlib-1.2.3-29.el6.x86_64\n##garbage##\n"
    source, skipped = text_source("db9-rpm-qa.txt", text)
    assert len(list(read_assets(PackageListReader(), source))) == 3
    assert [(s.source, s.reason) for s in skipped] == [
        ("db9-rpm-qa.txt:4", "expected name-version-release.arch")
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "web01-dpkg.txt",
            "Desired=Unknown/Install/Remove/Purge/Hold\n+++-====-====\nrc  foo  1.0  all  gone\n",
            "web01-dpkg.txt:1: no installed packages in this dpkg -l listing",
        ),
        (
            "web01-dpkg.txt",
            "Desired=Unknown/Install/Remove/Purge/Hold\n+++-====-====\nthis is not a row\n",
            "web01-dpkg.txt:3: expected a dpkg -l row (status, name, version)",
        ),
    ],
)
def test_bad_listings_give_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["inventory", "--strict", name])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [f"eolscan: error: {message}"]


@pytest.mark.parametrize(
    ("path", "host", "name", "version"),
    [
        (
            "release-text/buster01-lsb_release-a.txt",
            "buster01",
            "Debian GNU/Linux 10 (buster)",
            "10",
        ),
        (
            "release-text/sles01-lsb_release.txt",
            "sles01",
            "SUSE Linux Enterprise Server 12 SP1",
            "12.1",
        ),
        (
            "release-text/mini-hp-hostnamectl.txt",
            "mini-hp.local",
            "Debian GNU/Linux 12 (bookworm)",
            "",
        ),
        (
            "release-text/rhel8-hostnamectl.txt",
            "rhel8.localdomain",
            "Red Hat Enterprise Linux 8.9 (Ootpa)",
            "",
        ),
        ("release-text/hosts/db02/SuSE-release", "db02", "openSUSE 42.1 (x86_64)", ""),
        ("release-text/hosts/web03/etc/debian_version", "web03", "Debian", "10.11"),
    ],
)
def test_release_texts(corpora: Path, path: str, host: str, name: str, version: str) -> None:
    assert detect_reader(text_source(path, Path(path).read_text(encoding="utf-8"))[0]).name == (
        "release-text"
    )
    assets, skipped = read_all(path)
    assert skipped == []
    assert [(a.host, str(a.kind), a.name, a.version) for a in assets] == [
        (host, "os", name, version)
    ]


def test_a_folder_of_hosts_with_release_texts(corpora: Path) -> None:
    assets, _ = read_all("release-text/hosts")
    assert [(a.client, a.host, a.version) for a in assets] == [
        ("release-text", "db02", ""),
        ("release-text", "web03", "10.11"),
    ]


def test_a_release_text_without_an_os_is_an_error() -> None:
    source, _ = text_source("x.txt", "Distributor ID:\nRelease:\n", lenient=False)
    with pytest.raises(InventoryError) as info:
        list(read_assets(ReleaseTextReader(), source))
    assert str(info.value).startswith("x.txt:1: no operating system in this text")


def test_a_forced_release_text_without_an_os_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web9-lsb_release.txt").write_text("No LSB modules are available.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["inventory", "--input-format", "release-text", "web9-lsb_release.txt"]
    )
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "eolscan: error: web9-lsb_release.txt:1: no operating system in this text (expected "
        "lsb_release -a, hostnamectl, a one-line release file, debian_version or systeminfo)"
    ]


def test_a_client_folder_of_host_folders_with_listings_and_release_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """clients/acme/<host>/...: each host folder is one host of the client acme."""
    monkeypatch.chdir(tmp_path)
    acme = Path("clients/acme")
    (acme / "web01/etc").mkdir(parents=True)
    (acme / "web01/etc/os-release").write_text('NAME="Ubuntu"\nVERSION_ID="16.04"\n', "utf-8")
    listing = (CORPORA / "packages/ws16/dpkg-l.txt").read_text(encoding="utf-8")
    (acme / "web01/dpkg-l.txt").write_text(listing, encoding="utf-8")
    (acme / "db02").mkdir()
    lsb = (CORPORA / "release-text/sles01-lsb_release.txt").read_text(encoding="utf-8")
    (acme / "db02/lsb_release.txt").write_text(lsb, encoding="utf-8")
    assets, skipped = read_all("clients")
    assert skipped == []
    oses = sorted((a.client, a.host, a.name, a.version) for a in assets if str(a.kind) == "os")
    assert oses == [
        ("acme", "db02", "SUSE Linux Enterprise Server 12 SP1", "12.1"),
        ("acme", "web01", "Ubuntu", "16.04"),
    ]
    assert {(a.client, a.host) for a in assets if str(a.kind) == "software"} == {("acme", "web01")}


def test_a_package_name_past_the_field_limit_is_refused_with_its_line() -> None:
    """A listing's line has no cell limit: its rows are held to the field limit as every
    reader's are."""
    text = "".join(f"pkg{i}-1.0-1.el6.x86_64\n" for i in range(4000))  # the head: a listing
    text += "x" * (MAX_FIELD_CHARS + 1) + "-1.0-1.el6.x86_64\n"
    source, _ = text_source("db9-rpm-qa.txt", text)
    with pytest.raises(InventoryError) as info:
        read_assets(PackageListReader(), source)
    assert str(info.value) == "db9-rpm-qa.txt:4001: 'name' is longer than the 64 KiB field limit"


def test_every_file_of_a_host_folder_is_read_or_said_not_read(tmp_path: Path) -> None:
    """A host folder holds its release file and its listing, and may hold more: an empty
    listing, notes. Each is read, or said not read (exit 3), as in any folder: a folder
    walk took only the listing and the release file, and dropped the rest unsaid."""
    host = tmp_path / "acme" / "centos7-web09"
    shutil.copytree(CORPORA / "packages" / "centos7-web09", host)
    (host / "rpm-qa-new.txt").write_text("", encoding="utf-8")
    (host / "notes.txt").write_text("call Dana before rebooting\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 3, result.output
    assert f"{host / 'rpm-qa-new.txt'}: file not read: empty file" in result.stderr
    assert f"{host / 'notes.txt'}: file not read: not a known inventory format" in result.stderr
    assert "mysql-community-server" in result.stdout  # the listing itself is read as before
