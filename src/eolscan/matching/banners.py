"""Read versions out of the banners servers and command-line tools print. Pure.

Scripts and RMM custom fields often store a program's whole ``--version`` line as the
item's version: ``nginx version: nginx/1.24.0``, ``Server version: Apache/2.4.57 (Unix)``,
``PostgreSQL 15.4 (Debian 15.4-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by ...``,
``Redis server v=7.2.4 sha=...``, ``openjdk version "17.0.9" 2023-10-17``. The banner
names a release; nothing else in it (the compiler's version, the build date) counts.
"""

from __future__ import annotations

import re

from eolscan.matching.normalise import numeric_version
from eolscan.support.lazy_regex import LazyRegex

_DOTTED = LazyRegex(r"\d+\.\d+")
_RELEASE = LazyRegex(r'(?:^|[\s/"])(?:v=|v)?"?(\d+(?:\.\d+)+(?:_\d+)?)')
_OPENJDK = LazyRegex(r'^openjdk version "?(\d+(?:\.\d+)*(?:_\d+)?)', re.IGNORECASE)


def is_banner(version: str) -> bool:
    """A version field that starts with words and holds a dotted release somewhere."""
    text = version.strip()
    return bool(text[:1].isalpha()) and not numeric_version(text) and bool(_DOTTED.search(text))


def read_banner(name: str, version: str) -> tuple[str, str]:
    """(name, version) with the banner's release as the version.

    ``openjdk version`` says the program is an OpenJDK build whatever the item is called
    (``java``), so the name becomes ``openjdk <major>``, the upstream release line.
    """
    text = version.strip()
    openjdk = _OPENJDK.match(text)
    if openjdk:
        release = openjdk.group(1)
        parts = release.split(".")
        major = parts[1] if parts[0] == "1" and len(parts) > 1 else parts[0]
        return f"openjdk {major.split('_')[0]}", release
    found = _RELEASE.search(text)
    return (name, found.group(1)) if found else (name, version)
