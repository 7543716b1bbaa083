"""``system_profiler SPSoftwareDataType SPApplicationsDataType``, as text or ``-json``.

The software overview gives the OS (``System Version: macOS 14.6.1 (23G93)``) and the
Mac's name; the applications list gives each app's name and ``Version:``. Apps under
``/System/`` are parts of macOS itself, updated only with it, and are judged as the OS;
an app without a version is kept (it is judged unknown, never dropped). The host is
named by the file (``mac-042.system_profiler.txt``); a generic file name leaves it to
the ``Local Host Name``/``Computer Name`` the output gives, else to the folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json, text
from eolscan.inventory.mac_apps import part_of_macos
from eolscan.inventory.os_release import host_and_client
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind

DATA_TYPES = ("SPSoftwareDataType", "SPApplicationsDataType")
_SYSTEM_VERSION = re.compile(
    r"^(?P<name>.*?)\s+(?P<version>\d+(?:\.\d+)*)(?:\s+\((?P<build>\w+)\))?$"
)
_GENERIC_NAME = re.compile(
    r"^(?:sp[-_]?)?(?:system[_-]?profiler|software|applications|apps)(?:[-_]?data[-_]?type)?$",
    re.IGNORECASE,
)
_NAME_SUFFIX = re.compile(
    r"[._-](?:system[_-]?profiler|sp(?:software|applications)data[-_]?type)$", re.IGNORECASE
)
_SECTION = re.compile(r"^(\S[^:]*):\s*$")
"""A data type's heading at the margin (``Software:``, ``Applications:``, ``Hardware:``)."""
_ENTRY = re.compile(r"^ {4}(\S.*):\s*$")
_FIELD = re.compile(r"^ {6,}([^:]+):\s*(.*?)\s*$")


def split_system_version(value: str) -> tuple[str, str]:
    """``macOS 14.6.1 (23G93)`` -> ("macOS", "14.6.1"); ``Mac OS X 10.13.6 (17G65)`` too."""
    found = _SYSTEM_VERSION.match(value.strip())
    if found is None:
        return value.strip(), ""
    return found.group("name"), found.group("version")


def host_from_name(source: Source) -> str:
    """The host a file names (``mac-042.system_profiler.json`` -> ``mac-042``); "" when the
    name is generic (``system_profiler.txt``, ``SPApplicationsDataType.json``)."""
    if source.name == "<stdin>":
        return ""
    stem = Path(source.name).stem
    if _GENERIC_NAME.match(stem):
        return ""
    return _NAME_SUFFIX.sub("", stem) or stem


class SystemProfilerReader(InventoryReader):
    """system_profiler's software overview and application list (text or JSON)."""

    name = "system_profiler"
    description = (
        "macOS system_profiler SPSoftwareDataType / SPApplicationsDataType (text or -json)"
    )

    def detect(self, source: Source) -> bool:
        head = source.head().lstrip()
        if head.startswith("{"):
            return any(f'"{kind}"' in head[:4096] for kind in DATA_TYPES)
        lines = [ln for ln in head.splitlines()[:40] if ln.strip()]
        return (
            bool(lines)
            and _SECTION.match(lines[0]) is not None
            and any(
                ln.strip().startswith(("System Version:", "Version:", "Location:")) for ln in lines
            )
        )

    def rows(self, source: Source) -> Iterator[AssetRow]:
        if source.head().lstrip().startswith("{"):
            yield from self._json(source)
        else:
            yield from self._text(source)

    def _host(self, source: Source, reported: str) -> str:
        if source.name == "<stdin>":
            return reported or "stdin"
        return host_from_name(source) or reported or host_and_client(Path(source.name))[0]

    def _json(self, source: Source) -> Iterator[AssetRow]:
        document = load_json(source)
        if not isinstance(document, dict) or not any(k in document for k in DATA_TYPES):
            raise InventoryError(
                f"{source.name}:1: expected system_profiler -json output "
                "(SPSoftwareDataType or SPApplicationsDataType)"
            )
        overview = _records(document, "SPSoftwareDataType", source)
        reported = ""
        for _, record in overview:
            reported = reported or _safe(record, "local_host_name", "computer_name")
        host = self._host(source, reported)
        for pointer, record in overview:
            name, version = split_system_version(_safe(record, "os_version"))
            if name:
                yield make_row(
                    source.client, host, Kind.OS, name, version, file=source.name, pointer=pointer
                )
        for pointer, record in _records(document, "SPApplicationsDataType", source):
            where = f"{source.name}:{pointer}"
            try:
                app, version, path = (text(record, k) for k in ("_name", "version", "path"))
            except FieldError as exc:
                source.skip(where, str(exc))
                continue
            if not app:
                source.skip(where, "application has no '_name'")
            elif not part_of_macos(path):
                yield make_row(
                    source.client,
                    host,
                    Kind.SOFTWARE,
                    app,
                    version,
                    file=source.name,
                    pointer=pointer,
                )

    def _text(self, source: Source) -> Iterator[AssetRow]:
        entries = list(_text_entries(source))
        reported = ""
        for section, _, fields, _ in entries:
            if section == "Software":
                reported = reported or fields.get(
                    "Local Host Name", fields.get("Computer Name", "")
                )
        host = self._host(source, reported)
        found = False
        for section, title, fields, line in entries:
            if section == "Software" and "System Version" in fields:
                name, version = split_system_version(fields["System Version"])
                found = True
                yield make_row(
                    source.client, host, Kind.OS, name, version, file=source.name, line=line
                )
            elif section == "Applications":
                found = True
                if not part_of_macos(fields.get("Location", "")):
                    version = fields.get("Version", "")
                    yield make_row(
                        source.client,
                        host,
                        Kind.SOFTWARE,
                        title,
                        version,
                        file=source.name,
                        line=line,
                    )
        if not found:
            raise InventoryError(
                f"{source.name}:1: no 'System Version:' or application entries "
                "(expected system_profiler SPSoftwareDataType or SPApplicationsDataType output)"
            )


def _safe(record: dict[str, Any], *keys: str) -> str:
    try:
        return first_text(record, *keys)
    except FieldError:
        return ""


def _records(
    document: dict[str, Any], kind: str, source: Source
) -> list[tuple[str, dict[str, Any]]]:
    """The objects of one data type, each with where it is (``SPApplicationsDataType[3]``)."""
    items = document.get(kind) or []
    if not isinstance(items, list):
        raise InventoryError(f"{source.name}:1: {kind!r} must be a list of objects")
    found: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(items):
        pointer = f"{kind}[{index}]"
        if isinstance(item, dict):
            found.append((pointer, item))
        else:
            source.skip(f"{source.name}:{pointer}", "expected an object")
    return found


def _text_entries(source: Source) -> Iterator[tuple[str, str, dict[str, str], int]]:
    """(section, entry title, its ``Key: value`` fields, line of the title) per entry."""
    section, title, start = "", "", 0
    fields: dict[str, str] = {}
    for number, line in enumerate(source.lines(), start=1):
        line = line.lstrip("\ufeff").rstrip()
        if not line.strip():
            continue
        head = _SECTION.match(line)
        entry = _ENTRY.match(line)
        field = _FIELD.match(line)
        if head or entry:
            if title:
                yield section, title, fields, start
            title, fields, start = "", {}, number
            if head:
                section = head.group(1)
            elif entry:
                title = entry.group(1).strip()
        elif field and title:
            fields.setdefault(field.group(1).strip(), field.group(2))
    if title:
        yield section, title, fields, start
