"""``Get-ComputerInfo | ConvertTo-Json``: one Windows host per object (an array for several).

The name is ``OsName`` (WMI's caption, ``Microsoft Windows 11 Pro``), else
``WindowsProductName`` (the registry's, which still says ``Windows 10`` on Windows 11: the
build corrects it); the build is ``OsVersion``/``OsBuildNumber``, else the number that opens
``WindowsBuildLabEx``, since Get-ComputerInfo leaves every ``Cs*``/``Os*`` property null where
its CIM queries fail. The host is ``CsName``, else the file's name (``pc7-computerinfo.json``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json
from eolscan.inventory.release_text import host_and_client_of
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind

_SIGNS = (
    '"WindowsProductName"',
    '"WindowsBuildLabEx"',
    '"WindowsEditionId"',
    '"WindowsInstallationType"',
    '"WindowsVersion"',
    '"OsName"',
    '"OsVersion"',
    '"OsBuildNumber"',
    '"OsHardwareAbstractionLayer"',
    '"CsName"',
    '"CsDNSHostName"',
)
_NAMES = ('"OsName"', '"WindowsProductName"')
_BUILD_LAB = re.compile(r"^(\d{4,5})\.")
_LTSC_EDITIONS = {"enterprises", "enterprisesn", "iotenterprises", "iotenterprisesk"}
"""``WindowsEditionId`` of the long-term servicing editions (``EnterpriseS``)."""
NO_WINDOWS = "neither OsName nor WindowsProductName is given"


class ComputerInfoReader(InventoryReader):
    """Windows PowerShell's ``Get-ComputerInfo`` converted to JSON (5.1 or 7, any encoding)."""

    name = "computerinfo"
    description = "Get-ComputerInfo | ConvertTo-Json (CsName, OsName/WindowsProductName, build)"

    def detect(self, source: Source) -> bool:
        head = source.head()[:16384]
        if not head.lstrip().startswith(("{", "[")):
            return False
        return any(key in head for key in _NAMES) and sum(key in head for key in _SIGNS) >= 3

    def rows(self, source: Source) -> Iterator[AssetRow]:
        document = load_json(source, advice="one file per host, or ConvertTo-Json -Compress")
        several = isinstance(document, list)
        records = document if several else [document]
        if not records:
            raise InventoryError(f"{source.name}:1: an empty list (no Get-ComputerInfo object)")
        file_host, client = host_and_client_of(source)  # the same for every object: once
        for index, record in enumerate(records):
            file, line = (f"{source.name}:[{index}]", 0) if several else (source.name, 1)
            where = f"{file}:{line}" if line else file
            try:
                if not isinstance(record, dict):
                    raise FieldError("expected a Get-ComputerInfo object")
                yield _row(record, file, line, file_host, client)
            except FieldError as exc:
                if not several:
                    raise InventoryError(f"{where}: {exc}") from None
                source.skip(where, str(exc), "host")


def _row(record: dict[str, Any], file: str, line: int, file_host: str, client: str) -> AssetRow:
    """The host's Windows; FieldError when the object names no Windows."""
    name = first_text(record, "OsName", "WindowsProductName")
    if not name:
        raise FieldError(f"{NO_WINDOWS} (expected the Windows name)")
    host = first_text(record, "CsName", "CsDNSHostName", "PSComputerName") or file_host
    name = _with_edition(name, first_text(record, "WindowsEditionId"))
    return make_row(client, host, Kind.OS, name, _build(record), file=file, line=line)


def _build(record: dict[str, Any]) -> str:
    """``10.0.20348`` (with ``.UBR`` where given), a bare build, else a display version."""
    version = first_text(record, "OsVersion", "OsBuildNumber")
    if not version:
        found = _BUILD_LAB.match(first_text(record, "WindowsBuildLabEx"))
        version = found.group(1) if found else ""
    revision = first_text(record, "WindowsUBR")
    if version.count(".") == 2 and revision.isdigit():
        version += f".{revision}"
    if version:
        return version
    # "2009" is the frozen ReleaseId of 20H2 and later: only the display version says which
    return first_text(record, "OsDisplayVersion") or first_text(record, "WindowsVersion")


@lru_cache(maxsize=256)
def _with_edition(name: str, edition: str) -> str:
    """The name with LTSC where ``WindowsEditionId`` says so and the name does not: the
    long-term servicing dates differ from the edition's others."""
    lowered = name.lower()
    if edition.lower() in _LTSC_EDITIONS and "ltsc" not in lowered and "ltsb" not in lowered:
        return f"{name} LTSC"
    return name
