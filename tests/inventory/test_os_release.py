"""/etc/os-release files: one host each, named by folder or '# host:' comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.inventory.interface import InventoryError
from eolscan.inventory.os_release import OsReleaseReader, host_and_client, unquote
from tests.inventory.helpers import read_all, read_assets, rows, text_source


def test_collected_folder_of_hosts(samples: Path) -> None:
    assets, skipped = read_all("hosts")
    assert skipped == []
    assert [(a.client, a.host, a.name, a.version, a.source) for a in assets] == [
        ("inventory", "db01", "Red Hat Enterprise Linux Server", "7.9", "hosts/db01/os-release:1"),
        ("inventory", "web01", "Ubuntu", "20.04", "hosts/web01/os-release:1"),
    ]


def test_one_file_many_hosts_after_host_comments(samples: Path) -> None:
    assets, skipped = read_all("os-release-all.txt")
    assert rows(assets) == [
        ("mail01", "os", "Debian GNU/Linux", "10", "os-release-all.txt:3"),
        ("edge-router", "os", "Alpine Linux", "3.16.2", "os-release-all.txt:9"),
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("os-release-all.txt:15", "expected KEY=VALUE (an os-release line)"),
        ("os-release-all.txt:14", "host 'broken01' has no NAME= or ID= line"),
    ]


@pytest.mark.parametrize(
    ("path", "host", "client"),
    [
        ("/srv/acme/hosts/web01/os-release", "web01", "acme"),
        ("/srv/collected/web01/etc/os-release", "web01", "collected"),
        ("/srv/collected/db02/usr/lib/os-release", "db02", "collected"),
    ],
)
def test_host_and_client_from_the_collected_path(path: str, host: str, client: str) -> None:
    assert host_and_client(Path(path)) == (host, client)


def test_the_machines_own_file_names_this_machine() -> None:
    import platform

    assert host_and_client(Path("/etc/os-release"))[0] == (platform.node() or "localhost")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ('"Ubuntu"', "Ubuntu"),
        ("ubuntu", "ubuntu"),
        ("'20.04'", "20.04"),
        (r'"say \"hi\""', 'say "hi"'),
        ('"unterminated', "unterminated"),
    ],
)
def test_values_are_unquoted_like_a_shell(raw: str, value: str) -> None:
    assert unquote(raw) == value


def test_lsb_release_style_keys_are_read() -> None:
    source, _ = text_source("srv/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=16.04\n")
    assert rows(read_assets(OsReleaseReader(), source)) == [
        ("srv", "os", "Ubuntu", "16.04", "srv/lsb-release:1")
    ]


def test_a_file_without_name_or_id_is_an_error() -> None:
    source, _ = text_source("web/os-release", "HOME_URL=https://example.org/\n", lenient=False)
    with pytest.raises(InventoryError) as info:
        list(read_assets(OsReleaseReader(), source))
    assert str(info.value) == "web/os-release:1: host 'web' has no NAME= or ID= line"
