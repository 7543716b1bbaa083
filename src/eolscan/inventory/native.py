"""eolscan's own inventory format, as YAML or JSON (hosts with os and software) or CSV (one row per item)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.text import iter_lines
from eolscan.models import Asset, Kind

HOST_KEYS = {"name", "os", "os_version", "extended_support", "tags", "software"}
SOFTWARE_KEYS = {"name", "version", "purl", "cpe"}
TOP_KEYS = {"client", "hosts"}
CSV_COLUMNS = ("client", "host", "kind", "name", "version", "extended_support")
CSV_REQUIRED = {"host", "kind", "name"}
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}


def parse_bool(value: Any, where: str, field: str) -> bool:
    """Accept YAML booleans and the usual spreadsheet spellings."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InventoryError(f"{where}: '{field}' must be true or false, not {value!r}")


def _text(value: Any, where: str, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise InventoryError(f"{where}: '{field}' must be text, not a {type(value).__name__}")
    return str(value).strip()


class NativeDocumentReader(InventoryReader):
    """YAML or JSON: ``{client, hosts: [{name, os, os_version, extended_support, tags, software}]}``."""

    name = "native"
    description = "eolscan inventory (YAML or JSON): client, hosts, os, software"

    def detect(self, source: Source) -> bool:
        lowered = source.name.lower()
        head = source.text.lstrip("\ufeff \t\r\n")[:4096]
        if lowered.endswith((".yaml", ".yml")):
            return True
        return "hosts" in head and (head.startswith(("{", "client", "hosts", "#", "---")))

    def read(self, source: Source) -> Iterator[Asset]:
        from eolscan.safeyaml import YamlLimitError, compose_with_lines

        try:
            document, lines, scalars = compose_with_lines(source.text)
        except YamlLimitError as exc:
            where = f"{source.name}:{exc.line}" if exc.line else source.name
            raise InventoryError(f"{where}: {exc}") from exc
        if not isinstance(document, dict):
            raise InventoryError(f"{source.name}:1: expected a mapping with 'hosts', not a {type(document).__name__}")
        unknown = set(document) - TOP_KEYS
        if unknown:
            raise InventoryError(
                f"{source.name}:{lines.get((), 1)}: unknown key {sorted(unknown)[0]!r} (expected {', '.join(sorted(TOP_KEYS))})"
            )
        client = _text(document.get("client"), source.name, "client") or source.client
        hosts = document.get("hosts")
        if not isinstance(hosts, list):
            raise InventoryError(f"{source.name}:{lines.get((), 1)}: 'hosts' must be a list of hosts")
        seen: dict[str, str] = {}
        for index, host in enumerate(hosts):
            where = f"{source.name}:{lines.get(('hosts', index), 1)}"
            yield from self._host(host, index, client, where, source.name, lines, scalars, seen)

    def _host(
        self,
        host: Any,
        index: int,
        client: str,
        where: str,
        file: str,
        lines: dict[tuple[Any, ...], int],
        scalars: dict[tuple[Any, ...], str],
        seen: dict[str, str],
    ) -> Iterator[Asset]:
        if not isinstance(host, dict):
            raise InventoryError(f"{where}: a host must be a mapping with at least 'name'")
        unknown = set(host) - HOST_KEYS
        if unknown:
            raise InventoryError(
                f"{where}: unknown host key {sorted(map(str, unknown))[0]!r} (expected {', '.join(sorted(HOST_KEYS))})"
            )
        name = _text(host.get("name"), where, "name")
        if not name:
            raise InventoryError(f"{where}: host needs a 'name'")
        if name.lower() in seen:
            raise InventoryError(f"{where}: host {name!r} appears twice (first at {seen[name.lower()]})")
        seen[name.lower()] = where
        extended = parse_bool(host.get("extended_support"), where, "extended_support")
        tags_raw = host.get("tags") or []
        if not isinstance(tags_raw, list):
            raise InventoryError(f"{where}: 'tags' must be a list")
        tags = tuple(_text(t, where, "tags") for t in tags_raw)
        os_name = _text(host.get("os"), where, "os")
        if os_name:
            yield Asset(client, name, Kind.OS, os_name, _raw_text(host.get("os_version"), scalars.get(("hosts", index, "os_version"))),
                        extended, f"{file}:{lines.get(('hosts', index, 'os'), where.rsplit(':', 1)[1])}", tags)
        software = host.get("software") or []
        if not isinstance(software, list):
            raise InventoryError(f"{where}: 'software' must be a list")
        for position, item in enumerate(software):
            line = lines.get(("hosts", index, "software", position), 0)
            item_where = f"{file}:{line}" if line else where
            item_name, version = _software(item, item_where)
            if isinstance(item, dict) and isinstance(item.get("version"), (int, float)):
                version = _raw_text(item["version"], scalars.get(("hosts", index, "software", position, "version")))
            yield Asset(client, name, Kind.SOFTWARE, item_name, version, extended, item_where, tags)


def _raw_text(value: Any, raw: str | None) -> str:
    """A version as written in the file: ``20.04`` stays "20.04" although YAML reads a float."""
    if value is None or isinstance(value, bool):
        return ""
    return (raw if raw is not None else str(value)).strip()


def _software(item: Any, where: str) -> tuple[str, str]:
    """A software entry: a bare name, or ``{name, version}``, or ``{purl}``/``{cpe}``."""
    if isinstance(item, str):
        if not item.strip():
            raise InventoryError(f"{where}: empty software name")
        return item.strip(), ""
    if not isinstance(item, dict):
        raise InventoryError(f"{where}: software must be a name or a mapping with 'name', 'purl' or 'cpe'")
    unknown = set(item) - SOFTWARE_KEYS
    if unknown:
        raise InventoryError(
            f"{where}: unknown software key {sorted(map(str, unknown))[0]!r} (expected {', '.join(sorted(SOFTWARE_KEYS))})"
        )
    version = "" if isinstance(item.get("version"), (int, float)) else _text(item.get("version"), where, "version")
    for key in ("purl", "cpe", "name"):
        value = _text(item.get(key), where, key)
        if value:
            return value, version
    raise InventoryError(f"{where}: software needs 'name', 'purl' or 'cpe'")


class NativeCsvReader(InventoryReader):
    """CSV, one row per item: ``client,host,kind,name,version,extended_support``."""

    name = "native-csv"
    description = "eolscan CSV: client,host,kind,name,version,extended_support"

    def detect(self, source: Source) -> bool:
        first = source.text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
        columns = {c.strip().strip('"') for c in first.split(",")}
        return CSV_REQUIRED <= columns and columns <= set(CSV_COLUMNS)

    def read(self, source: Source) -> Iterator[Asset]:
        reader = csv.reader(iter_lines(source.text))
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            raise InventoryError(f"{source.name}:1: empty file (expected a header {','.join(CSV_COLUMNS)})") from None
        missing = CSV_REQUIRED - set(header)
        if missing:
            raise InventoryError(f"{source.name}:1: missing column {sorted(missing)[0]!r} (expected {','.join(CSV_COLUMNS)})")
        unknown = set(header) - set(CSV_COLUMNS)
        if unknown:
            raise InventoryError(f"{source.name}:1: unknown column {sorted(unknown)[0]!r} (expected {','.join(CSV_COLUMNS)})")
        yield from self._rows(reader, header, source)

    def _rows(self, reader: Any, header: list[str], source: Source) -> Iterator[Asset]:
        """The hot loop: rows by column position; any irregular row goes through ``_asset``."""
        width, column = len(header), {name: index for index, name in enumerate(header)}
        host_at, kind_at, name_at = column["host"], column["kind"], column["name"]
        client_at, version_at, extended_at = (column.get(c) for c in ("client", "version", "extended_support"))
        kinds = {"os": Kind.OS, "software": Kind.SOFTWARE}
        for row in reader:
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                raise InventoryError(f"{source.name}:{reader.line_num}: {len(row)} fields, expected {width}")
            where = f"{source.name}:{reader.line_num}"
            cells = [cell.strip() for cell in row]
            kind, host, name = kinds.get(cells[kind_at].lower()), cells[host_at], cells[name_at]
            if kind is None or not host or not name:
                if any(cells):
                    yield self._asset(dict(zip(header, cells, strict=True)), where, source.client)
                continue
            extended = cells[extended_at] if extended_at is not None else ""
            yield Asset(
                (cells[client_at] if client_at is not None else "") or source.client,
                host,
                kind,
                name,
                cells[version_at] if version_at is not None else "",
                parse_bool(extended, where, "extended_support") if extended else False,
                where,
            )

    @staticmethod
    def _asset(record: dict[str, str], where: str, default_client: str) -> Asset:
        for column in ("host", "name"):
            if not record.get(column):
                raise InventoryError(f"{where}: column {column!r} is empty")
        kind = record["kind"].lower()
        if kind not in (Kind.OS, Kind.SOFTWARE):
            raise InventoryError(f"{where}: column 'kind' must be 'os' or 'software', not {record['kind']!r}")
        return Asset(
            client=record.get("client") or default_client,
            host=record["host"],
            kind=Kind(kind),
            name=record["name"],
            version=record.get("version", ""),
            extended_support=parse_bool(record.get("extended_support"), where, "extended_support"),
            source=where,
        )
