"""Jamf Pro API computer inventory (``GET /api/v1/computers-inventory``) saved as JSON.

A page is ``{"totalCount": N, "results": [computer, ...]}`` (a bare list of computers or
one computer is read too); each computer has sections: ``general.name`` names the Mac,
``operatingSystem`` gives ``name`` + ``version``, ``applications`` lists each app's
``name`` (``Safari.app``, read as ``Safari``), ``version`` and ``path``. Apps on the sealed
system volume are parts of macOS and are judged as the OS.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, load_json, text
from eolscan.inventory.mac_apps import part_of_macos
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind

_SECTIONS = ('"operatingSystem"', '"applications"')


class JamfApiReader(InventoryReader):
    """Jamf Pro API computers-inventory results, with their sections."""

    name = "jamf-api"
    description = "Jamf Pro API computers-inventory JSON (general, operatingSystem, applications)"

    def detect(self, source: Source) -> bool:
        head = source.head().lstrip()[:8192]
        return (
            head.startswith(("{", "["))
            and '"general"' in head
            and any(section in head for section in _SECTIONS)
        )

    def rows(self, source: Source) -> Iterator[AssetRow]:
        document = load_json(source)
        is_page = isinstance(document, dict)
        computers = document.get("results", [document]) if is_page else document
        if not isinstance(computers, list):
            raise InventoryError(
                f"{source.name}:1: expected Jamf Pro computers-inventory JSON "
                '({"results": [computers]})'
            )
        for index, computer in enumerate(computers):
            pointer = f"results[{index}]"
            if not isinstance(computer, dict) or not isinstance(computer.get("general"), dict):
                where = f"{source.name}:{pointer}"
                source.skip(where, "expected a computer with a 'general' section")
                continue
            yield from self._computer(source, computer, pointer)

    @staticmethod
    def _computer(source: Source, computer: dict[str, Any], pointer: str) -> Iterator[AssetRow]:
        where = f"{source.name}:{pointer}"
        try:
            host = text(computer["general"], "name")
        except FieldError as exc:
            source.skip(where, f"general: {exc}")
            return
        if not host:
            source.skip(where, "the computer has no general.name")
            return
        system = computer.get("operatingSystem")
        if isinstance(system, dict) and (name := _safe(system, "name")):
            version = _safe(system, "version")
            yield make_row(
                source.client, host, Kind.OS, name, version, file=source.name, pointer=pointer
            )
        apps = computer.get("applications") or []
        for position, app in enumerate(apps if isinstance(apps, list) else []):
            place = f"{pointer}.applications[{position}]"
            if not isinstance(app, dict) or not _safe(app, "name"):
                source.skip(f"{source.name}:{place}", "expected an application with a 'name'")
            elif not part_of_macos(_safe(app, "path")):
                yield make_row(
                    source.client,
                    host,
                    Kind.SOFTWARE,
                    _safe(app, "name").removesuffix(".app") or _safe(app, "name"),
                    _safe(app, "version"),
                    file=source.name,
                    pointer=place,
                )


def _safe(record: dict[str, Any], key: str) -> str:
    try:
        return text(record, key)
    except FieldError:
        return ""
