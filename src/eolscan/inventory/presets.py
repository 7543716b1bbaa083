"""Column maps for the exports of common tools (``--preset``), and the generic column aliases.

Each preset lists the column names the tool is known to write, first choice first;
a preset is detected when the header holds one of its signatures. Where a tool's
exact column names are not confirmed docs/inputs.md says so, and ``--map`` adds to a preset.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eolscan.inventory.console_presets import CONSOLE_PRESETS
from eolscan.inventory.csv_mapped import ColumnMap, MappedCsvReader, signature_groups

_WIN_SHORT = re.compile(
    r"^win(?:dows)?\s*(xp|vista|7|8\.1|8|10|11|2000|2003|2008|2012|2016|2019|2022|2025)(\s*r2)?\b\s*(.*)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def expand_windows_short_name(name: str) -> str:
    """Lansweeper's ``Win 10`` / ``Win 2012 R2`` -> ``Windows 10`` / ``Windows Server 2012 R2``."""
    if name[:4].lower() not in ("win ", "win2"):
        return name
    found = _WIN_SHORT.match(name.strip())
    if found is None:
        return name
    release, r2, rest = found.group(1).upper(), found.group(2), found.group(3)
    full = (
        f"Windows Server {release}"
        if len(release) == 4 and release.isdigit()
        else f"Windows {release}"
    )
    if r2:
        full += " R2"
    return f"{full} {rest}".strip()


LANSWEEPER = ColumnMap(
    {
        "host": ("AssetName", "Asset Name", "Name"),
        "os": ("OSname", "OS Name", "OS"),
        "os_version": ("Version", "Release", "OSVersion"),
        "os_build": ("BuildNumber", "Build"),
        "service_pack": ("SP", "Service Pack"),
        "name": ("softwareName", "Software"),
        "version": ("softwareVersion", "Software Version"),
        "publisher": ("SoftwarePublisher", "Publisher"),
    },
    label="--preset lansweeper",
    os_name=expand_windows_short_name,
    signature=signature_groups("AssetName+OSname", "AssetName+softwareName"),
)

NINJAONE = ColumnMap(
    {
        "host": ("systemName", "displayName", "dnsName", "netbiosName", "Device", "Device Name"),
        "client": ("organizationName", "organization", "Organization"),
        "os": ("osName", "os.name", "OS Name", "operatingSystem", "OS"),
        "os_version": ("osVersion", "os.releaseId", "OS Version", "os.buildNumber", "OS Build"),
        "name": ("name", "Software", "Software Name"),
        "version": ("version", "Software Version"),
        "publisher": ("publisher", "Publisher"),
    },
    label="--preset ninjaone",
    signature=signature_groups(
        "systemName+nodeClass", "systemName+name", "systemName+osName", "displayName+nodeClass"
    ),
)

DATTO = ColumnMap(
    {
        "host": ("hostname", "Device Hostname", "Device"),
        "client": ("siteName", "Site Name", "Site"),
        "os": ("operatingSystem", "Operating System", "OS"),
        "os_version": ("displayVersion", "Display Version", "osVersion"),
        "name": ("name", "softwareName", "Software", "Application"),
        "version": ("version", "softwareVersion", "Software Version"),
    },
    label="--preset datto",
    signature=signature_groups("hostname+operatingSystem", "hostname+siteName"),
)

OCS = ColumnMap(
    {
        "host": ("Computer name", "Computer", "NETBIOS name", "Device name", "Name", "Computer ID"),
        "os": ("OS Name",),
        "os_version": ("OS Version",),
        "service_pack": ("Service Pack",),
        "name": ("Software", "Software name"),
        "version": ("Software version",),
        "publisher": ("Publisher",),
    },
    label="--preset ocs",
    signature=signature_groups(
        "Computer ID+OS Name+OS Version",
        "Computer+OS Name+OS Version",
        "Computer name+OS Name+OS Version",
    ),
)

POWERSHELL = ColumnMap(
    {
        "host": ("CSName", "PSComputerName", "ComputerName", "__SERVER"),
        "os": ("Caption",),
        "os_version": ("Version",),
        "os_build": ("BuildNumber",),
        "service_pack": ("ServicePackMajorVersion",),
        "name": ("DisplayName",),
        "version": ("DisplayVersion",),
        "publisher": ("Publisher",),
    },
    label="--preset powershell",
    signature=signature_groups("CSName+Caption", "DisplayName+DisplayVersion"),
)

JAMF = ColumnMap(
    {
        "host": ("Computer Name", "Computer_Name", "Name"),
        "os": ("Operating System", "Operating_System", "Operating System Name"),
        "os_version": ("Operating System Version", "Operating_System_Version"),
        "os_build": ("Operating System Build", "Operating_System_Build"),
        "name": ("Application Title", "Application_Title", "Application Name"),
        "version": ("Application Version", "Application_Version"),
    },
    label="--preset jamf",
    software_name=lambda title: title.removesuffix(".app") or title,
    signature=signature_groups(
        "Computer Name+Operating System Version",
        "Computer Name+Operating System",
        "Computer Name+Application Title",
        "Computer_Name+Operating_System",
        "Computer_Name+Application_Title",
    ),
)
"""Jamf Pro advanced computer search exports: the display fields' names are the column names
(``Computer Name``, ``Operating System`` = "macOS 14.6.1", ``Operating System Version``,
``Operating System Build``; ``Application Title`` = "Safari.app", read as "Safari", and
``Application Version``);
the Classic API writes the same names with underscores (``Computer_Name``)."""

_GENERIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "host": (
        "host",
        "hostname",
        "host name",
        "host_name",
        "computer",
        "computername",
        "computer name",
        "computer_name",
        "machine",
        "machine name",
        "machine_name",
        "device",
        "device name",
        "device_name",
        "device hostname",
        "display name",
        "system name",
        "systemname",
        "dns name",
        "dnsname",
        "netbios name",
        "endpoint",
        "endpoint name",
        "asset",
        "assetname",
        "asset name",
        "asset_name",
        "server",
        "server name",
        "fqdn",
        "node",
    ),
    "client": ("client", "customer", "organization", "organisation", "company", "tenant"),
    "os": (
        "os",
        "os name",
        "os_name",
        "osname",
        "operating system",
        "operatingsystem",
        "operating_system",
    ),
    "os_version": (
        "os version",
        "os_version",
        "osversion",
        "operating system version",
        "operating_system_version",
        "operatingsystemversion",
        "os release",
        "os build",
    ),
    "os_build": ("operating system build", "operating_system_build"),
    "name": (
        "software",
        "software name",
        "software_name",
        "softwarename",
        "software title",
        "application",
        "application name",
        "application title",
        "application_title",
        "app title",
        "app",
        "app name",
        "program",
        "program name",
        "package",
        "package name",
    ),
    "version": (
        "software version",
        "software_version",
        "softwareversion",
        "application version",
        "application_version",
        "app version",
        "program version",
        "package version",
        "version",
    ),
    "extended_support": ("extended_support", "extended support", "esu"),
}

GENERIC = ColumnMap(
    _GENERIC_COLUMNS,
    label="csv",
    signature=tuple(
        frozenset({h, o})
        for h in _GENERIC_COLUMNS["host"]
        for o in _GENERIC_COLUMNS["os"] + _GENERIC_COLUMNS["name"]
    ),
)

PRESETS: dict[str, ColumnMap] = {
    "lansweeper": LANSWEEPER,
    "ninjaone": NINJAONE,
    "datto": DATTO,
    "ocs": OCS,
    "powershell": POWERSHELL,
    "jamf": JAMF,
    **CONSOLE_PRESETS,
}
"""``--preset NAME`` -> its column map; each is also an ``--input-format`` of the same name."""


class LansweeperReader(MappedCsvReader):
    """Lansweeper report exports: AssetName, OSname short codes, softwareName/softwareVersion."""

    name = "lansweeper"
    description = (
        "Lansweeper report export (AssetName, OSname, Version, SP, softwareName, softwareVersion)"
    )

    def __init__(self) -> None:
        super().__init__(LANSWEEPER)


class NinjaOneReader(MappedCsvReader):
    """NinjaOne device and software exports."""

    name = "ninjaone"
    description = "NinjaOne export (systemName/displayName, nodeClass, name, version, publisher)"

    def __init__(self) -> None:
        super().__init__(NINJAONE)


class DattoReader(MappedCsvReader):
    """Datto RMM device and software audit exports."""

    name = "datto"
    description = "Datto RMM export (hostname, operatingSystem, displayVersion, siteName)"

    def __init__(self) -> None:
        super().__init__(DATTO)


class OcsReader(MappedCsvReader):
    """OCS Inventory computer list exports (semicolon separated)."""

    name = "ocs"
    description = "OCS Inventory export (Computer;OS Name;OS Version;...)"

    def __init__(self) -> None:
        super().__init__(OCS)


class PowerShellReader(MappedCsvReader):
    """``Export-Csv`` of Win32_OperatingSystem or of the uninstall registry keys."""

    name = "powershell"
    description = (
        "PowerShell Export-Csv: CSName,Caption,Version,BuildNumber or DisplayName,DisplayVersion"
    )

    def __init__(self) -> None:
        super().__init__(POWERSHELL)


class JamfReader(MappedCsvReader):
    """Jamf Pro computer inventory and application exports (advanced computer searches)."""

    name = "jamf"
    description = (
        "Jamf Pro export (Computer Name, Operating System Version, Application Title/Version)"
    )

    def __init__(self) -> None:
        super().__init__(JAMF)
