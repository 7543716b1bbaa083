"""GLPI Agent and FusionInventory inventories: the JSON format and the older XML one.

JSON: ``{"action": "inventory", "deviceid": ..., "content": {"hardware", "operatingsystem",
"softwares": [...]}}``. XML: ``<REQUEST><CONTENT><HARDWARE>``, ``<OPERATINGSYSTEM>`` and one
``<SOFTWARES>`` per item, ``<QUERY>INVENTORY</QUERY>`` (GLPI's SCCM plugin writes the same).
One computer per file, named by ``hardware.name``, else the FQDN, else the device id.
Software the agent read from rpm or dpkg is a distribution build (tag ``package:rpm``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from eolscan.inventory.classify import NOT_AN_INVENTORY
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json, text
from eolscan.inventory.rows import make_row
from eolscan.inventory.xmldoc import parse_xml
from eolscan.model import AssetRow, Kind

_JSON_KEYS = ('"operatingsystem"', '"softwares"', '"hardware"', '"network_device"')
_XML_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?<REQUEST>", re.IGNORECASE)
PACKAGE_SOURCES = {"rpm": "rpm", "deb": "deb", "dpkg": "deb", "apk": "apk"}
"""``from`` values of software the distribution built -> the ``package:`` tag."""
_DEVICE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$")


def _lower(element: Any) -> dict[str, Any]:
    """An XML element's children as a JSON-like mapping with lower-case keys."""
    found: dict[str, Any] = {}
    for child in element:
        found.setdefault(child.tag.lower(), (child.text or "").strip())
    return found


class GlpiReader(InventoryReader):
    """GLPI Agent / FusionInventory inventory, JSON or XML."""

    name = "glpi"
    description = "GLPI Agent / FusionInventory inventory (JSON content.* or XML <REQUEST>)"

    def detect(self, source: Source) -> bool:
        head = source.head()[:8192]
        if _XML_START.match(head):
            return "<CONTENT>" in head or "<QUERY>" in head
        stripped = head.lstrip()
        return (
            stripped.startswith("{")
            and '"content"' in head
            and any(key in head for key in _JSON_KEYS)
        )

    def rows(self, source: Source) -> Iterator[AssetRow]:
        if source.head().lstrip().startswith("<"):
            content, device = self._xml(source)
        else:
            content, device = self._json(source)
        yield from self._content(source, content, device)

    @staticmethod
    def _json(source: Source) -> tuple[dict[str, Any], str]:
        document = load_json(source)
        content = document.get("content") if isinstance(document, dict) else None
        if not isinstance(content, dict):
            raise InventoryError(f'{source.name}:1: expected {{"content": {{...}}}} (GLPI JSON)')
        device = document.get("deviceid")
        return content, device if isinstance(device, str) else ""

    @staticmethod
    def _xml(source: Source) -> tuple[dict[str, Any], str]:
        root = parse_xml(source, "a GLPI inventory")
        if root.tag.upper() != "REQUEST":
            raise InventoryError(f"{source.name}:1: expected <REQUEST>, not <{root.tag}>")
        found = root.find("CONTENT")
        content: dict[str, Any] = {}
        if found is not None:
            for part in ("HARDWARE", "OPERATINGSYSTEM"):
                element = found.find(part)
                if element is not None:
                    content[part.lower()] = _lower(element)
            content["softwares"] = [_lower(item) for item in found.findall("SOFTWARES")]
        device = root.find("DEVICEID")
        return content, (device.text or "").strip() if device is not None else ""

    def _content(self, source: Source, content: dict[str, Any], device: str) -> Iterator[AssetRow]:
        hardware = _mapping(content.get("hardware"))
        system = _mapping(content.get("operatingsystem"))
        try:
            host = first_text(hardware, "name") or first_text(system, "fqdn")
        except FieldError as exc:
            raise InventoryError(f"{source.name}: content.hardware: {exc}") from exc
        host = host or _DEVICE_SUFFIX.sub("", device) or "unknown"
        count = 0
        os_item = _os(source, system)
        if os_item is not None:
            count += 1
            name, version = os_item
            pointer = "content.operatingsystem"
            yield make_row(
                source.client, host, Kind.OS, name, version, file=source.name, pointer=pointer
            )
        softwares = content.get("softwares") or []
        if not isinstance(softwares, list):
            raise InventoryError(f"{source.name}: content.softwares must be a list")
        for index, item in enumerate(softwares):
            asset = self._software(source, host, index, item)
            if asset is not None:
                count += 1
                yield asset
        if not count:
            raise InventoryError(f"{source.name}:1: {NOT_AN_INVENTORY}")

    @staticmethod
    def _software(source: Source, host: str, index: int, item: Any) -> AssetRow | None:
        pointer = f"content.softwares[{index}]"
        where = f"{source.name}:{pointer}"
        if not isinstance(item, dict):
            source.skip(where, "expected an object with name and version")
            return None
        try:
            name, version, origin = text(item, "name"), text(item, "version"), text(item, "from")
        except FieldError as exc:
            source.skip(where, str(exc))
            return None
        if not name:
            source.skip(where, "software has no name")
            return None
        ecosystem = PACKAGE_SOURCES.get(origin.lower())
        tags = (f"package:{ecosystem}",) if ecosystem else ()
        return make_row(
            source.client,
            host,
            Kind.SOFTWARE,
            name,
            version,
            file=source.name,
            pointer=pointer,
            tags=tags,
        )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _os(source: Source, system: dict[str, Any]) -> tuple[str, str] | None:
    """(name, version) of ``operatingsystem``: Windows by its build (kernel_version), other
    systems by full_name and version."""
    try:
        full = first_text(system, "full_name", "name")
        version = text(system, "version")
        kernel = text(system, "kernel_name").lower()
        build = text(system, "kernel_version")
    except FieldError as exc:
        raise InventoryError(f"{source.name}: content.operatingsystem: {exc}") from exc
    if not full:
        return None
    if kernel == "mswin32" and build:
        return full, build
    return full, version
