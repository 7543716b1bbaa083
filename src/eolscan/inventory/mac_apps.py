"""Which Mac applications are parts of macOS itself, judged as the OS rather than one by one."""

from __future__ import annotations

SYSTEM_VOLUME = "/System/"
CRYPTEXES = "/Cryptexes/"
"""Safari lives in a cryptex (``/System/Volumes/Preboot/Cryptexes/App/System/Applications/``)
since macOS 13 so that Apple can patch it apart from the OS: it is judged on its own."""


def part_of_macos(path: str) -> bool:
    """True for an app on the sealed system volume (Calculator, TextEdit, Installer), which
    only a macOS update changes; False for ``/Applications``, user folders and cryptexes."""
    return path.startswith(SYSTEM_VOLUME) and CRYPTEXES not in path
