"""osquery results: ``osqueryi --json`` arrays, ``{table: rows}`` and osqueryd result logs.

Rows of ``os_version`` become the host's OS; ``programs``, ``deb_packages``,
``rpm_packages``, ``homebrew_packages``, macOS ``apps`` (version in
``bundle_short_version``, else ``bundle_version``; ``Safari.app`` read as ``Safari``) and
any row with name and version become software; ``system_info`` names the host. Apps
under ``/System/`` are parts of macOS, updated only with it, and are judged as the OS.
Result log lines carry ``hostIdentifier``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json, text
from eolscan.inventory.mac_apps import part_of_macos
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Item, Kind, Location
from eolscan.support.jsontext import loads

OS_TABLES = ("os_version",)
INFO_TABLES = ("system_info",)
_OS_KEYS = ({"platform", "major"}, {"platform", "codename"}, {"platform_like", "version"})
_INFO_KEYS = ({"hostname", "cpu_brand"}, {"hostname", "hardware_vendor"}, {"computer_name", "uuid"})
_TABLE_KEY = re.compile(
    r'"(os_version|system_info|programs|deb_packages|rpm_packages|homebrew_packages|apps)"\s*:\s*\['
)
_LOG_KEYS = ('"hostIdentifier"', '"calendarTime"', '"unixTime"')
_PACKAGE_HINTS = (
    '"install_source"',
    '"identifying_number"',
    '"maintainer"',
    '"revision"',
    '"package_group"',
    '"platform_like"',
    '"cpu_brand"',
    '"uninstall_string"',
    '"bundle_short_version"',
    '"bundle_identifier"',
)


def table_of(row: dict[str, Any], query: str = "") -> str:
    """ "os", "info" or "software": what a row is, from its query name or else its columns."""
    lowered = query.lower()
    if any(t in lowered for t in OS_TABLES):
        return "os"
    if any(t in lowered for t in INFO_TABLES):
        return "info"
    keys = set(row)
    if any(k <= keys for k in _OS_KEYS):
        return "os"
    if any(k <= keys for k in _INFO_KEYS):
        return "info"
    return "software"


class OsqueryReader(InventoryReader):
    """osquery JSON output and result logs."""

    name = "osquery"
    description = "osquery JSON (osqueryi --json, {table: rows}, osqueryd result logs)"

    def detect(self, source: Source) -> bool:
        head = source.head().lstrip()
        if head.startswith("{") and all(key in head[:4096] for key in _LOG_KEYS[:1]):
            return '"columns"' in head or '"snapshot"' in head or '"diffResults"' in head
        if head.startswith("{") and _TABLE_KEY.search(head[:4096]):
            return True
        if not head.startswith("["):
            return False
        homebrew = '"prefix"' in head and '"path"' in head and '"version"' in head
        return homebrew or any(hint in head for hint in _PACKAGE_HINTS)

    def rows(self, source: Source) -> Iterator[AssetRow]:
        head = source.head().lstrip()
        if head.startswith("{") and '"hostIdentifier"' in head[:4096]:
            yield from self._log(source)
            return
        document = load_json(source)
        if isinstance(document, list):
            tables: dict[str, Any] = {"": document}
        elif isinstance(document, dict):
            tables = document
        else:
            raise InventoryError(
                f"{source.name}:1: expected a JSON array of rows or {{table: rows}}"
            )
        yield from self._tables(source, tables)

    def _tables(self, source: Source, tables: dict[str, Any]) -> Iterator[AssetRow]:
        rows: list[tuple[str, str, dict[str, Any]]] = []
        for table, table_rows in tables.items():
            if not isinstance(table_rows, list):
                raise InventoryError(f"{source.name}: {table!r} must be a list of rows")
            for index, row in enumerate(table_rows):
                pointer = f"{table}[{index}]"
                if not isinstance(row, dict):
                    source.skip(f"{source.name}:{pointer}", "expected an object of columns")
                    continue
                rows.append((pointer, table_of(row, table), row))
        host = self._host_name(rows) or default_host(source)
        for pointer, kind, row in rows:
            yield from self._row(source, host, kind, row, Location(source.name, None, pointer))

    @staticmethod
    def _host_name(rows: list[tuple[str, str, dict[str, Any]]]) -> str:
        for _, kind, row in rows:
            if kind == "info":
                try:
                    return first_text(row, "hostname", "computer_name", "local_hostname")
                except FieldError:
                    continue
        return ""

    def _row(
        self,
        source: Source,
        host: str,
        kind: str,
        row: dict[str, Any],
        at: Location,
        quiet: bool = False,
    ) -> Iterator[AssetRow]:
        """The row of one osquery result row read at ``at`` (a line, or a JSON path)."""
        if kind == "info":
            return
        where = at.text
        file, line, pointer = at.file, at.line or 0, at.pointer
        try:
            name = text(row, "name")
            version = first_text(row, "version", "bundle_short_version", "bundle_version")
            release = text(row, "release")  # rpm_packages: "9.el7_9", the distribution's build
            if kind == "os" and name and version.startswith(name):
                # RHEL's family: the version is the release file's line; its numbers follow
                numbers = (text(row, "major"), text(row, "minor"), text(row, "patch"))
                name, version = version, ".".join(n for n in numbers if n)
            if "bundle_identifier" in row:
                if part_of_macos(text(row, "path")):
                    return
                name = name.removesuffix(".app") or name
            host = first_text(row, "host", "hostIdentifier") or host
            status = text(row, "status")
        except FieldError as exc:
            if not quiet:
                source.skip(where, str(exc))
            return
        if not name:
            if not quiet:
                source.skip(where, "row has no 'name'")
            return
        if status.endswith(("config-files", "not-installed")):
            return  # deb_packages lists removed packages whose configuration files remain
        if kind == "os":
            yield make_row(
                source.client, host, Kind.OS, name, version, file=file, line=line, pointer=pointer
            )
        else:
            if "prefix" in row and "@" in name[1:]:
                name = name.split("@", 1)[0]  # Homebrew's versioned formulae: python@3.9
            if release and version:
                version = f"{version}-{release}"  # as rpm -q shows it: 9.2.24-9.el7_9
            yield make_row(
                source.client,
                host,
                Kind.SOFTWARE,
                name,
                version,
                file=file,
                line=line,
                pointer=pointer,
            )

    def _log(self, source: Source) -> Iterator[AssetRow]:
        """osqueryd result log: one JSON object per line, replayed in order.

        A snapshot is the whole result of its query at that time, so it replaces what
        earlier lines said for that host and query; differential lines add and remove
        rows. What is left at the end is installed now, each item once.
        """
        state: dict[tuple[str, str], dict[Plain, AssetRow]] = {}
        for number, line in enumerate(source.lines(), start=1):
            if not line.strip():
                continue
            where = f"{source.name}:{number}"
            try:
                entry = loads(line, where, ValueError)
            except ValueError:
                source.skip(where, "not a JSON object (expected one osquery result per line)")
                continue
            if not isinstance(entry, dict):
                source.skip(where, "not a JSON object (expected one osquery result per line)")
                continue
            query, host, added, removed = _log_rows(entry, default_host(source))
            current = state.setdefault((host, query), {})
            # an item still there keeps where it was first seen; only what this line
            # replaces or removes is set aside (copying all of it per line was quadratic)
            earlier: dict[Plain, AssetRow] = {}
            if isinstance(entry.get("snapshot"), list):
                earlier, current = current, {}
                state[(host, query)] = current
            for kind, row in removed:
                at = Location(source.name, number)
                for asset in self._row(source, host, kind, row, at, quiet=True):
                    key = asset[:3]
                    gone = current.pop(key, None)
                    if gone is not None:
                        earlier.setdefault(key, gone)
            for kind, row in added:
                for asset in self._row(source, host, kind, row, Location(source.name, number)):
                    key = asset[:3]
                    current.setdefault(key, earlier.get(key, asset))
        seen: set[Plain] = set()
        for current in state.values():
            for key, asset in current.items():
                if key not in seen:
                    seen.add(key)
                    yield asset


Plain = tuple[str, str, Item]
"""A row's (client, host, item), without where it was read: the same item seen on two lines
is one item."""


Rows = list[tuple[str, dict[str, Any]]]


def _log_rows(entry: dict[str, Any], fallback: str) -> tuple[str, str, Rows, Rows]:
    """(query, host, added rows, removed rows) of one result log entry, each row with its kind."""
    query = entry.get("name") if isinstance(entry.get("name"), str) else ""
    host_value = entry.get("hostIdentifier")
    host = host_value.strip() if isinstance(host_value, str) and host_value.strip() else fallback
    added: list[Any] = []
    removed: list[Any] = []
    if isinstance(entry.get("columns"), dict):
        (removed if entry.get("action") == "removed" else added).append(entry["columns"])
    if isinstance(entry.get("snapshot"), list):
        added.extend(entry["snapshot"])
    diff = entry.get("diffResults")
    if isinstance(diff, dict):
        for rows, key in ((added, "added"), (removed, "removed")):
            if isinstance(diff.get(key), list):
                rows.extend(diff[key])
    return (
        str(query),
        host,
        [(table_of(row, str(query)), row) for row in added if isinstance(row, dict)],
        [(table_of(row, str(query)), row) for row in removed if isinstance(row, dict)],
    )


def default_host(source: Source) -> str:
    """The host a single-host file stands for when it does not say: its file name."""
    return "stdin" if source.name == "<stdin>" else Path(source.name).stem
