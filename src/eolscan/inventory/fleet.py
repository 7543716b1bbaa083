"""Fleet (osquery manager) API responses: the hosts list ``{"hosts": [...]}``, one host
``{"host": {...}}`` and software ``{"software": [...]}``.

A host's OS is its ``os_version`` (``CentOS Linux 7``, ``Ubuntu 22.04.1 LTS``); Windows hosts
add their ``build``. Its ``software`` items (name, version, source) become software;
``deb_packages``/``rpm_packages`` are distribution builds (tag ``package:deb``/``package:rpm``).
A bare software list names no host: the file name does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.classify import NOT_AN_INVENTORY
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json, text
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind

PACKAGE_SOURCES = {"deb_packages": "deb", "rpm_packages": "rpm", "apk_packages": "apk"}
_FLEET_HOST_KEYS = ('"osquery_version"', '"os_version"', '"platform_like"', '"display_name"')
_TOP = ('"hosts"', '"host"', '"software"')


class FleetReader(InventoryReader):
    """Fleet hosts, host and software responses (``fleetctl``/REST API JSON)."""

    name = "fleet"
    description = "Fleet API: hosts list, host (with software), software (name, version, source)"

    def detect(self, source: Source) -> bool:
        head = source.head()[:16384]
        if not head.lstrip().startswith("{") or not any(key in head for key in _TOP):
            return False
        if '"os_version"' in head and sum(key in head for key in _FLEET_HOST_KEYS) >= 2:
            return True
        return '"software"' in head and '"source"' in head and '"generated_cpe"' in head

    def rows(self, source: Source) -> Iterator[AssetRow]:
        document = load_json(source)
        if not isinstance(document, dict):
            raise InventoryError(f"{source.name}:1: expected a Fleet response object")
        count = 0
        if isinstance(document.get("hosts"), list):
            for index, host in enumerate(document["hosts"]):
                assets = self._host(source, host, f"hosts[{index}]")
                count += len(assets)
                yield from assets
        elif isinstance(document.get("host"), dict):
            assets = self._host(source, document["host"], "host")
            count += len(assets)
            yield from assets
        elif isinstance(document.get("software"), list):
            name = "stdin" if source.name == "<stdin>" else Path(source.name).stem
            for asset in _software(source, name, document["software"], "software"):
                count += 1
                yield asset
        else:
            raise InventoryError(
                f"{source.name}:1: expected 'hosts', 'host' or 'software' (a Fleet response)"
            )
        if not count:
            raise InventoryError(f"{source.name}:1: {NOT_AN_INVENTORY}")

    @staticmethod
    def _host(source: Source, host: Any, path: str) -> list[AssetRow]:
        where = f"{source.name}:{path}"
        if not isinstance(host, dict):
            source.skip(where, "expected a host object")
            return []
        try:
            name = first_text(host, "hostname", "display_name", "computer_name", "uuid")
            system = text(host, "os_version")
            platform = text(host, "platform").lower()
            build = text(host, "build")
        except FieldError as exc:
            source.skip(where, str(exc))
            return []
        if not name:
            source.skip(where, "host has no hostname")
            return []
        found: list[AssetRow] = []
        if system:
            version = build if platform == "windows" and build else ""
            row = make_row(
                source.client, name, Kind.OS, system, version, file=source.name, pointer=path
            )
            found.append(row)
        software = host.get("software")
        if isinstance(software, list):
            found.extend(_software(source, name, software, f"{path}.software"))
        return found


def _software(source: Source, host: str, items: list[Any], path: str) -> Iterator[AssetRow]:
    """Fleet software items (name, version, source) on ``host``."""
    for index, item in enumerate(items):
        pointer = f"{path}[{index}]"
        where = f"{source.name}:{pointer}"
        if not isinstance(item, dict):
            source.skip(where, "expected a software object")
            continue
        try:
            name, version, origin = text(item, "name"), text(item, "version"), text(item, "source")
        except FieldError as exc:
            source.skip(where, str(exc))
            continue
        if not name:
            source.skip(where, "software has no name")
            continue
        ecosystem = PACKAGE_SOURCES.get(origin)
        tags = (f"package:{ecosystem}",) if ecosystem else ()
        yield make_row(
            source.client,
            host,
            Kind.SOFTWARE,
            name,
            version,
            file=source.name,
            pointer=pointer,
            tags=tags,
        )
