"""Column maps for the exports of endpoint-management consoles (``--preset intune``,
``defender``, ``sccm``, ``pdq``): device and software lists in each console's own column
names, and the few codes (Defender's ``Windows11``) spelled out as names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eolscan.inventory.csv_mapped import ColumnMap, MappedCsvReader, signature_groups

_CAMEL_GAP = re.compile(r"(?<=[a-z])(?=[A-Z0-9])")


@lru_cache(maxsize=256)
def spell_out_platform(name: str) -> str:
    """Defender's ``OSPlatform`` codes -> names: ``Windows11`` -> ``Windows 11``,
    ``WindowsServer2019`` -> ``Windows Server 2019``; other names stay as they are."""
    return _CAMEL_GAP.sub(" ", name) if name.startswith("Windows") else name


def intune_platform(name: str) -> str:
    """Intune's ``iOS/iPadOS`` platform -> ``iOS``: one name for both, whose releases carry
    the same version numbers; other names stay as they are."""
    return "iOS" if name.lower() == "ios/ipados" else name


INTUNE = ColumnMap(
    {
        "host": ("Device name", "DeviceName", "Managed device name", "ManagedDeviceName"),
        "os": ("OS", "Operating system", "Platform"),
        "os_version": ("OS version", "OSVersion"),
        "name": ("Application name", "ApplicationName", "App name"),
        "version": ("Application version", "ApplicationVersion", "App version"),
        "publisher": ("Application publisher", "ApplicationPublisher", "Publisher"),
    },
    label="--preset intune",
    os_name=intune_platform,
    signature=signature_groups(
        "Device name+OS+OS version+Managed by",
        "Device name+OS+OS version+Primary user UPN",
        "DeviceName+OS+OSVersion+ManagedBy",
        "DeviceName+ApplicationName+ApplicationVersion",
    ),
)

DEFENDER = ColumnMap(
    {
        "host": ("DeviceName", "Device name", "Device Name"),
        "os": ("OSPlatform", "OS platform", "OS Platform"),
        "os_version": ("OSBuild", "OS build", "OSVersion", "OS version", "OS Version"),
        "name": ("SoftwareName", "Software name"),
        "version": ("SoftwareVersion", "Software version"),
        "publisher": ("SoftwareVendor", "Software vendor"),
    },
    label="--preset defender",
    os_name=spell_out_platform,
    signature=signature_groups(
        "DeviceName+OSPlatform+SoftwareName",
        "DeviceName+OSPlatform+OSVersion",
        "Device name+OS platform+OS version",
    ),
)

SCCM = ColumnMap(
    {
        "host": ("Netbios_Name0", "CSName0", "Name0", "ResourceID"),
        "os": ("Caption0",),
        "os_build": ("BuildNumber0",),
        "service_pack": ("CSDVersion0",),
        "name": ("DisplayName0", "ProductName0"),
        "version": ("Version0", "DisplayVersion0", "ProductVersion0"),
        "publisher": ("Publisher0",),
    },
    label="--preset sccm",
    signature=signature_groups(
        "DisplayName0+Version0",
        "Caption0+Version0",
        "Caption0+BuildNumber0",
        "ProductName0+ProductVersion0",
    ),
)

PDQ = ColumnMap(
    {
        "host": ("Computer Name", "Computer Host Name", "Name"),
        "os": ("Computer O/S Name", "Computer OS Name", "O/S Name", "OS Name"),
        "os_version": ("Computer O/S Version", "Computer OS Version", "O/S Version", "OS Version"),
        "service_pack": ("Computer O/S Service Pack", "Computer OS Service Pack"),
        "name": ("Application Name",),
        "version": ("Application Version",),
        "publisher": ("Application Publisher",),
    },
    label="--preset pdq",
    signature=signature_groups(
        "Computer Name+Application Name",
        "Computer Name+Computer O/S Name",
        "Computer Name+Computer OS Name",
    ),
)
"""PDQ Inventory report exports: a report column left without a title is headed by its table
and column (``Computer`` + ``Name`` -> ``Computer Name``; ``Application`` + ``Version`` ->
``Application Version``), as PDQ's own import template and report definitions show."""

CONSOLE_PRESETS: dict[str, ColumnMap] = {
    "intune": INTUNE,
    "defender": DEFENDER,
    "sccm": SCCM,
    "pdq": PDQ,
}
"""Presets of management consoles' exports (Intune, Defender for Endpoint, ConfigMgr, PDQ)."""


class IntuneReader(MappedCsvReader):
    """Intune device list (Device name, OS "Windows", OS version "10.0.22631.4037") and
    discovered apps exports, in the portal's or the Graph report's column names."""

    name = "intune"
    description = "Intune export: Device name, OS, OS version (devices) or ApplicationName, ..."

    def __init__(self) -> None:
        super().__init__(INTUNE)


class DefenderReader(MappedCsvReader):
    """Defender for Endpoint device and software inventory (advanced hunting columns)."""

    name = "defender"
    description = "Defender for Endpoint: DeviceName, OSPlatform, SoftwareName, SoftwareVersion"

    def __init__(self) -> None:
        super().__init__(DEFENDER)


class SccmReader(MappedCsvReader):
    """ConfigMgr (SCCM/MECM) queries of v_GS_ADD_REMOVE_PROGRAMS and v_GS_OPERATING_SYSTEM."""

    name = "sccm"
    description = "ConfigMgr SQL views as CSV: DisplayName0, Version0 / Caption0, BuildNumber0"

    def __init__(self) -> None:
        super().__init__(SCCM)


class PdqReader(MappedCsvReader):
    """PDQ Inventory reports exported as CSV (Computer Name, Application Name/Version)."""

    name = "pdq"
    description = "PDQ Inventory report CSV: Computer Name, Computer O/S Name, Application Name"

    def __init__(self) -> None:
        super().__init__(PDQ)
