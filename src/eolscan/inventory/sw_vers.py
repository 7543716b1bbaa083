"""``sw_vers`` output: a Mac's operating system, one file per host.

``sw_vers`` prints ``ProductName:``, ``ProductVersion:`` and ``BuildVersion:``
(``ProductVersionExtra:`` after a Rapid Security Response), separated by a tab or
spaces. It does not name the Mac, so the host comes from the file name
(``mac-042.sw_vers.txt``, ``mac-042_sw_vers``), else from the folder it was collected
into (``hosts/mac-042/sw_vers.txt``), as for os-release.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.os_release import host_and_client
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind

KEYS = ("ProductName", "ProductVersion", "ProductVersionExtra", "BuildVersion")
_LINE = re.compile(r"^(ProductName|ProductVersion|ProductVersionExtra|BuildVersion):\s*(.*?)\s*$")
_GENERIC_NAMES = {"sw_vers", "sw-vers", "swvers", "sw_vers.txt", "sw_vers.out"}
_NAME_SUFFIX = re.compile(r"(?:[._-]sw[_-]?vers)?(?:\.(?:txt|out|log))?$", re.IGNORECASE)


def host_from_name(path: Path) -> str:
    """``mac-042.sw_vers.txt`` -> ``mac-042``; a bare ``sw_vers.txt`` leaves it to the folder."""
    if path.name.lower() in _GENERIC_NAMES:
        return host_and_client(path)[0]
    return _NAME_SUFFIX.sub("", path.name) or path.name


class SwVersReader(InventoryReader):
    """The three or four ``Key:<tab>value`` lines of ``sw_vers``."""

    name = "sw_vers"
    description = "macOS sw_vers output (ProductName, ProductVersion, BuildVersion); host from file"

    def detect(self, source: Source) -> bool:
        lines = [ln.strip() for ln in source.head().splitlines()[:12] if ln.strip()]
        found = {m.group(1) for ln in lines if (m := _LINE.match(ln))}
        return {"ProductName", "ProductVersion"} <= found and len(found) >= len(lines) - 1

    def rows(self, source: Source) -> Iterator[AssetRow]:
        values: dict[str, tuple[str, int]] = {}
        for number, text in enumerate(source.lines(), start=1):
            stripped = text.strip().lstrip("\ufeff")
            if not stripped:
                continue
            found = _LINE.match(stripped)
            if found is None:
                source.skip(
                    f"{source.name}:{number}",
                    "expected a sw_vers line (ProductName:, ProductVersion:, BuildVersion:)",
                )
                continue
            values.setdefault(found.group(1), (found.group(2), number))
        name, line = values.get("ProductName", ("", 0))
        if not name:
            raise InventoryError(f"{source.name}:1: no ProductName: line (expected sw_vers output)")
        version = values.get("ProductVersion", ("", 0))[0]
        host = "stdin" if source.name == "<stdin>" else host_from_name(Path(source.name))
        yield make_row(source.client, host, Kind.OS, name, version, file=source.name, line=line)
