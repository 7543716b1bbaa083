"""Banners: the release a --version line names, never the compiler's or the build date."""

from __future__ import annotations

import pytest

from eolscan.matching.banners import is_banner, read_banner


@pytest.mark.parametrize(
    ("name", "banner", "expected"),
    [
        ("nginx", "nginx version: nginx/1.24.0", ("nginx", "1.24.0")),
        ("httpd", "Server version: Apache/2.4.57 (Unix)", ("httpd", "2.4.57")),
        (
            "PostgreSQL",
            "PostgreSQL 15.4 (Debian 15.4-1.pgdg120+1) on x86_64-pc-linux-gnu, "
            "compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
            ("PostgreSQL", "15.4"),
        ),
        ("redis-server", "Redis server v=7.2.4 sha=00000000:0 bits=64", ("redis-server", "7.2.4")),
        ("python3", "Python 3.8.10", ("python3", "3.8.10")),
        ("java", 'openjdk version "17.0.9" 2023-10-17', ("openjdk 17", "17.0.9")),
        ("java", 'openjdk version "1.8.0_392"', ("openjdk 8", "1.8.0_392")),
    ],
)
def test_the_banner_release_becomes_the_version(
    name: str, banner: str, expected: tuple[str, str]
) -> None:
    assert is_banner(banner)
    assert read_banner(name, banner) == expected


@pytest.mark.parametrize("version", ["1.24.0", "10.11.6-MariaDB-0+deb12u1", "v18.19.0", "2019", ""])
def test_plain_versions_are_not_banners(version: str) -> None:
    assert not is_banner(version)
