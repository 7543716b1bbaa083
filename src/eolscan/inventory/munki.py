"""Munki's ``InstallInfo.plist``: the items Munki manages on one Mac, with their versions.

``managedsoftwareupdate`` writes ``/Library/Managed Installs/InstallInfo.plist`` on every
check: ``managed_installs``, ``removals`` and ``optional_installs`` hold one dict per item
with ``name``, ``display_name``, ``installed`` and, when installed, ``installed_version``.
An item that is not installed is not on the Mac and is left out. The file does not name
the Mac, so the host comes from the file name (``mac-042.InstallInfo.plist``), else from
the folder it was collected into, as for ``sw_vers``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.os_release import host_and_client
from eolscan.inventory.rows import make_row
from eolscan.inventory.xmldoc import parse_xml
from eolscan.model import AssetRow, Kind

LISTS = ("managed_installs", "removals", "optional_installs")
"""The InstallInfo lists whose items may be installed on the Mac."""
_NAME_SUFFIX = re.compile(r"[._-]?installinfo\.plist$", re.IGNORECASE)


def plist_value(element: ET.Element) -> Any:
    """A plist element as Python: dicts, arrays, strings, booleans; numbers and dates as text."""
    if element.tag == "dict":
        children = list(element)
        keys = [(child.text or "") for child in children[0::2]]
        return {key: plist_value(value) for key, value in zip(keys, children[1::2], strict=False)}
    if element.tag == "array":
        return [plist_value(child) for child in element]
    if element.tag in ("true", "false"):
        return element.tag == "true"
    return (element.text or "").strip()


def host_from_name(source: Source) -> str:
    """``mac-042.InstallInfo.plist`` -> ``mac-042``; a bare ``InstallInfo.plist`` leaves it to
    the folder (``hosts/mac-042/InstallInfo.plist``)."""
    if source.name == "<stdin>":
        return "stdin"
    path = Path(source.name)
    return _NAME_SUFFIX.sub("", path.name) or host_and_client(path)[0]


class MunkiInstallInfoReader(InventoryReader):
    """Installed items of Munki's InstallInfo.plist, by display name and installed version."""

    name = "munki"
    description = "Munki InstallInfo.plist (managed_installs, removals); host from file"

    def detect(self, source: Source) -> bool:
        head = source.head()
        return "<plist" in head and any(f"<key>{key}</key>" in head for key in LISTS)

    def rows(self, source: Source) -> Iterator[AssetRow]:
        root = parse_xml(source, "a Munki InstallInfo.plist", doctype=True)
        top = root.find("dict")
        document = plist_value(top) if root.tag == "plist" and top is not None else None
        if not isinstance(document, dict) or not any(key in document for key in LISTS):
            raise InventoryError(
                f"{source.name}:1: expected a Munki InstallInfo.plist (with managed_installs)"
            )
        host = host_from_name(source)
        for key in LISTS:
            items = document.get(key) or []
            for number, item in enumerate(items if isinstance(items, list) else [], start=1):
                if not isinstance(item, dict) or item.get("installed") is not True:
                    continue
                name = str(item.get("display_name") or item.get("name") or "")
                if not name:
                    source.skip(f"{source.name}:{key}[{number}]", "item without a name")
                    continue
                version = str(item.get("installed_version") or "")
                yield make_row(
                    source.client,
                    host,
                    Kind.SOFTWARE,
                    name,
                    version,
                    file=source.name,
                    pointer=f"{key}[{number}]",
                )
