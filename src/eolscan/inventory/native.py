"""eolscan's inventory format: YAML or JSON (hosts, os, software), or CSV (one row per item)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.rows import make_row, rows_within_limits
from eolscan.inventory.text import MAX_FIELD_CHARS, csv_error
from eolscan.lifecycles.cache import compose_cached
from eolscan.model import AssetRow, Item, Kind
from eolscan.support.safeyaml import YamlLimitError
from eolscan.support.visible import quoted

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eolscan.inventory.csv_blocks import CsvBlock

HOST_KEYS = {"name", "os", "os_version", "extended_support", "tags", "software"}
SOFTWARE_KEYS = {"name", "version", "purl", "cpe"}
TOP_KEYS = {"client", "hosts"}
CSV_COLUMNS = ("client", "host", "kind", "name", "version", "extended_support")
CSV_REQUIRED = {"host", "kind", "name"}
_KINDS = {"os": Kind.OS, "software": Kind.SOFTWARE}
_FLAGS = {"": False, "false": False, "true": True}
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}
_USUAL_COLUMNS = {name: at for at, name in enumerate(CSV_COLUMNS)}
"""Column positions in the usual order, CSV_COLUMNS as written."""


ITEM_SPELLINGS = 100_000
"""Distinct item texts the usual-order CSV path remembers before it starts afresh."""
ITEM_TEXT_CHARS = 512
"""Longest item text it remembers (longer ones are read each time)."""


_USUAL_SHORT = {name: at if at < 5 else -1 for at, name in enumerate(CSV_COLUMNS)}
"""The usual order without the optional last column, ``extended_support``."""


def _usual_item(text: str, width: int = 6) -> Item | tuple[()]:
    """``kind,name,version,flag`` (or ``kind,name,version`` in a 5-column file, the flag then
    false) as an item when it is regular, else ``()`` (such a row is read the careful way,
    for its message)."""
    cells = text.split(",")
    if len(cells) != width - 2:
        return ()
    if width == 5:
        cells.append("")
    raw_kind, name, version, raw_flag = cells
    kind = _KINDS.get(raw_kind.strip().lower())
    flag = _FLAGS.get(raw_flag.strip().lower())
    name = name.strip()
    if kind is None or flag is None or not name:
        return ()
    return kind, name, version.strip(), flag


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


def _written(value: Any, raw: str | None) -> Any:
    """A text field as written: YAML 1.1 reads a host named ``yes`` or ``on`` as true."""
    return raw if isinstance(value, bool) and raw is not None else value


def _text(value: Any, where: str, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise InventoryError(f"{where}: '{field}' must be text, not a {type(value).__name__}")
    return str(value).strip()


def looks_native(document: dict[str, Any]) -> bool:
    """Only eolscan's keys at the top, ``hosts`` among them, and a first host that is named
    as eolscan names hosts. Another tool's ``{"hosts": [...]}`` (Fleet's host list: hostname,
    platform, build) is not eolscan's, and must not be read as if it were."""
    hosts = document.get("hosts")
    if "hosts" not in document or not set(document) <= TOP_KEYS:
        return False
    first = (
        next((h for h in hosts if isinstance(h, dict)), None) if isinstance(hosts, list) else None
    )
    return first is None or "name" in first or set(first) <= HOST_KEYS


class NativeDocumentReader(InventoryReader):
    """YAML or JSON: ``{client, hosts: [{name, os, os_version, tags, software, ...}]}``."""

    name = "native"
    description = "eolscan inventory (YAML or JSON): client, hosts, os, software"

    def detect(self, source: Source) -> bool:
        lowered = source.name.lower()
        head = source.head().lstrip(" \t\r\n")  # the whole 64 KiB the docs promise
        if lowered.endswith((".yaml", ".yml")):
            return True
        if head.startswith("{"):
            document = source.json_object()
            if document is not None:  # claimed only when it looks like eolscan's own
                return looks_native(document)
        return "hosts" in head and (head.startswith(("{", "client", "hosts", "#", "---")))

    def rows(self, source: Source) -> Iterator[AssetRow]:
        source.forget_json()  # read again with line numbers; detection's copy is not needed
        try:
            document, lines, scalars = compose_cached(source.name, source.text)
        except YamlLimitError as exc:
            where = f"{source.name}:{exc.line}" if exc.line else source.name
            raise InventoryError(f"{where}: {exc}") from exc
        if not isinstance(document, dict):
            found = "an empty document" if document is None else f"a {type(document).__name__}"
            raise InventoryError(f"{source.name}:1: expected a mapping with 'hosts', not {found}")
        unknown = set(document) - TOP_KEYS
        if unknown:  # keys as written first: YAML reads a workflow's "on:" as True
            first = min(unknown, key=lambda key: (not isinstance(key, str), str(key)))
            raise InventoryError(
                f"{source.name}:{lines.get((), 1)}: unknown key {first!r} "
                f"(expected {', '.join(sorted(TOP_KEYS))})"
            )
        client_value = _written(document.get("client"), scalars.get(("client",)))
        client = _text(client_value, source.name, "client") or source.client
        hosts = document.get("hosts")
        if not isinstance(hosts, list):
            raise InventoryError(
                f"{source.name}:{lines.get((), 1)}: 'hosts' must be a list of hosts"
            )
        seen: dict[str, str] = {}
        for index, host in enumerate(hosts):
            at = (source.name, lines.get(("hosts", index), 1))
            yield from self._host(host, index, client, at, lines, scalars, seen)

    def _host(
        self,
        host: Any,
        index: int,
        client: str,
        at_line: tuple[str, int],
        lines: dict[tuple[Any, ...], int],
        scalars: dict[tuple[Any, ...], str],
        seen: dict[str, str],
    ) -> Iterator[AssetRow]:
        """The rows of one host, whose entry starts at ``at_line`` (file, line)."""
        file, host_line = at_line
        where = f"{file}:{host_line}"
        if not isinstance(host, dict):
            raise InventoryError(f"{where}: a host must be a mapping with at least 'name'")
        unknown = set(host) - HOST_KEYS
        if unknown:
            raise InventoryError(
                f"{where}: unknown host key {sorted(map(str, unknown))[0]!r} "
                f"(expected {', '.join(sorted(HOST_KEYS))})"
            )
        at = ("hosts", index)
        name = _text(_written(host.get("name"), scalars.get((*at, "name"))), where, "name")
        if not name:
            raise InventoryError(f"{where}: host needs a 'name'")
        if name.lower() in seen:
            raise InventoryError(
                f"{where}: host {quoted(name)} appears twice (first at {seen[name.lower()]})"
            )
        seen[name.lower()] = where
        extended = parse_bool(host.get("extended_support"), where, "extended_support")
        tags_raw = host.get("tags") or []
        if not isinstance(tags_raw, list):
            raise InventoryError(f"{where}: 'tags' must be a list")
        tags = tuple(
            _text(_written(t, scalars.get((*at, "tags", i))), where, "tags")
            for i, t in enumerate(tags_raw)
        )
        os_name = _text(_written(host.get("os"), scalars.get((*at, "os"))), where, "os")
        if os_name:
            yield make_row(
                client,
                name,
                Kind.OS,
                os_name,
                _raw_text(host.get("os_version"), scalars.get(("hosts", index, "os_version"))),
                extended,
                file=file,
                line=lines.get(("hosts", index, "os"), host_line),
                tags=tags,
            )
        software = host.get("software") or []
        if not isinstance(software, list):
            raise InventoryError(f"{where}: 'software' must be a list")
        if not os_name and not software:  # listed, so never silently dropped: an unknown item
            yield make_row(
                client, name, Kind.OS, "", "", extended, file=file, line=host_line, tags=tags
            )
        for position, item in enumerate(software):
            line = lines.get(("hosts", index, "software", position), 0) or host_line
            item_where = f"{file}:{line}"
            item_at = (*at, "software", position)
            if isinstance(item, dict) and isinstance(item.get("name"), bool):
                item = {**item, "name": _written(item["name"], scalars.get((*item_at, "name")))}
            item_name, version = _software(_written(item, scalars.get(item_at)), item_where)
            if isinstance(item, dict) and isinstance(item.get("version"), (int, float)):
                version = _raw_text(
                    item["version"], scalars.get(("hosts", index, "software", position, "version"))
                )
            yield make_row(
                client,
                name,
                Kind.SOFTWARE,
                item_name,
                version,
                extended,
                file=file,
                line=line,
                tags=tags,
            )


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
        raise InventoryError(
            f"{where}: software must be a name or a mapping with 'name', 'purl' or 'cpe'"
        )
    unknown = set(item) - SOFTWARE_KEYS
    if unknown:
        raise InventoryError(
            f"{where}: unknown software key {sorted(map(str, unknown))[0]!r} "
            f"(expected {', '.join(sorted(SOFTWARE_KEYS))})"
        )
    version = (
        ""
        if isinstance(item.get("version"), (int, float))
        else _text(item.get("version"), where, "version")
    )
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
        first = source.head().split("\n", 1)[0].strip().lower()
        columns = {c.strip().strip('"') for c in first.split(",")}
        return columns >= CSV_REQUIRED and columns <= set(CSV_COLUMNS)

    def rows(self, source: Source) -> Iterator[AssetRow]:
        """The rows a block at a time, chained in C: a million rows go through no Python
        generator frame each (a row read is appended to its block's list)."""
        rows = chain.from_iterable(self._row_lists(source))
        if len(source.client) > MAX_FIELD_CHARS:  # every cell is within the limit; the
            return rows_within_limits(rows)  # client given for the file may not be
        return rows

    def _row_lists(self, source: Source) -> Iterator[list[AssetRow]]:
        # CSV only: a YAML or JSON inventory's scan does not load the block splitter
        from eolscan.inventory.csv_blocks import CsvLineError, csv_blocks

        csv.field_size_limit(MAX_FIELD_CHARS)
        with source.open() as stream:
            try:
                yield from self._rows(csv_blocks(stream, split=False), source)
            except CsvLineError as exc:
                raise csv_error(exc.error, f"{source.name}:{max(1, exc.line)}") from exc

    def _rows(self, blocks: Iterator[CsvBlock], source: Source) -> Iterator[list[AssetRow]]:
        from eolscan.inventory.csv_blocks import CsvBlock  # CSV only, as above

        for block in blocks:
            rows = block.split_rows()
            if rows:
                header = [h.strip().lstrip("\ufeff").lower() for h in rows[0]]
                rest = chain([CsvBlock(block.lines[1:], rows[1:])], blocks)
                break
        else:
            raise InventoryError(
                f"{source.name}:1: empty file (expected a header {','.join(CSV_COLUMNS)})"
            )
        missing = CSV_REQUIRED - set(header)
        if missing:
            raise InventoryError(
                f"{source.name}:1: missing column {sorted(missing)[0]!r} "
                f"(expected {','.join(CSV_COLUMNS)})"
            )
        unknown = set(header) - set(CSV_COLUMNS)
        if unknown:
            raise InventoryError(
                f"{source.name}:1: unknown column {sorted(unknown)[0]!r} "
                f"(expected {','.join(CSV_COLUMNS)})"
            )
        columns = {name: header.index(name) if name in header else -1 for name in CSV_COLUMNS}
        return self._records(rest, source, columns, len(header))

    def _records(
        self, blocks: Iterable[CsvBlock], source: Source, columns: dict[str, int], width: int
    ) -> Iterator[list[AssetRow]]:
        """Each block's rows as a list; plain text in the usual column order goes the fastest
        way. A row that ends the read (``--strict``) comes after the block's rows before it,
        as a reader yielding row by row would have given them."""
        usual = (width, columns) in ((6, _USUAL_COLUMNS), (5, _USUAL_SHORT))
        items: dict[str, Item | tuple[()]] = {}
        for block in blocks:
            found: list[AssetRow] = []
            try:
                if usual and block.texts is not None:
                    self._usual_lines(found, block.texts, block.lines, source, items, width)
                else:
                    rows = block.split_rows()
                    self._block_rows(found, rows, block.lines, source, columns, width)
            except InventoryError:
                yield found
                raise
            yield found

    def _usual_lines(
        self,
        found: list[AssetRow],
        texts: list[str],
        lines: Sequence[int],
        source: Source,
        items: dict[str, Item | tuple[()]],
        width: int,
    ) -> None:
        """Plain lines in the usual column order, ``client,host,kind,name,version[,flag]``,
        appended to ``found``: a line is cut after its host, and the rest is looked up whole,
        so each distinct spelling of an item is read once."""
        file, default_client, no_tags = source.name, source.client, ()
        columns = _USUAL_COLUMNS if width == 6 else _USUAL_SHORT
        add = found.append
        for text, line in zip(texts, lines, strict=True):
            cells = text.split(",", 2)
            if len(cells) == 3:
                item = items.get(cells[2])
                if item is None:
                    item = _usual_item(cells[2], width)
                    if item and len(cells[2]) <= ITEM_TEXT_CHARS:  # a bounded memory of good ones
                        if len(items) >= ITEM_SPELLINGS:
                            items.clear()
                        items[cells[2]] = item
                host = cells[1].strip()
                if item and host:
                    add((cells[0].strip() or default_client, host, item, file, line, no_tags, ""))
                    continue
            row = self._row(text.split(",") if text else [], line, source, columns, width)
            if row is not None:
                add(row)

    def _block_rows(
        self,
        found: list[AssetRow],
        rows: list[list[str]],
        lines: Sequence[int],
        source: Source,
        columns: dict[str, int],
        width: int,
    ) -> None:
        """The hot loop for any column order, appending to ``found``: a regular row becomes an
        AssetRow in a few lookups (tuples, no per-row source text); any other row goes
        through ``_row``."""
        host_at, name_at, kind_at = columns["host"], columns["name"], columns["kind"]
        client_at, version_at = columns["client"], columns["version"]
        flag_at = columns["extended_support"]
        file, default_client = source.name, source.client
        kinds, flags, no_tags = _KINDS, _FLAGS, ()
        add = found.append
        for row, line in zip(rows, lines, strict=True):
            if len(row) == width:
                host, name = row[host_at].strip(), row[name_at].strip()
                kind = kinds.get(row[kind_at])  # as written, else tidied
                if kind is None:
                    kind = kinds.get(row[kind_at].strip().lower())
                flag = flags.get(row[flag_at]) if flag_at >= 0 else False
                if flag is None:
                    flag = flags.get(row[flag_at].strip().lower())
                if host and name and kind is not None and flag is not None:
                    client = (row[client_at].strip() if client_at >= 0 else "") or default_client
                    version = row[version_at].strip() if version_at >= 0 else ""
                    add((client, host, (kind, name, version, flag), file, line, no_tags, ""))
                    continue
            asset_row_ = self._row(row, line, source, columns, width)
            if asset_row_ is not None:
                add(asset_row_)

    def _row(
        self, row: list[str], line: int, source: Source, columns: dict[str, int], width: int
    ) -> AssetRow | None:
        """Any row, read the careful way: an AssetRow, or None when it is blank or was
        skipped with the reason (strict mode raises instead)."""
        where = f"{source.name}:{line}"
        if len(row) != width:
            if any(cell.strip() for cell in row):
                source.skip(where, f"{len(row)} fields, expected {width}")
            return None
        try:
            return self._asset(row, columns, source, line)
        except InventoryError as exc:
            if any(cell.strip() for cell in row):
                source.skip(where, str(exc).removeprefix(f"{where}: "))
            return None

    @staticmethod
    def _asset(row: list[str], columns: dict[str, int], source: Source, line: int) -> AssetRow:
        """One row read the careful way, saying what is wrong with it."""
        where = f"{source.name}:{line}"
        host, name = row[columns["host"]].strip(), row[columns["name"]].strip()
        for column, value in (("host", host), ("name", name)):
            if not value:
                raise InventoryError(f"{where}: column {column!r} is empty")
        raw_kind = row[columns["kind"]].strip()
        kind = _KINDS.get(raw_kind.lower())
        if kind is None:
            raise InventoryError(
                f"{where}: column 'kind' must be 'os' or 'software', not {raw_kind!r}"
            )
        client, version, extended = (
            row[columns[c]].strip() if columns[c] >= 0 else ""
            for c in ("client", "version", "extended_support")
        )
        flag = _FLAGS.get(extended.lower())
        if flag is None:
            flag = parse_bool(extended, where, "extended_support")
        return client or source.client, host, (kind, name, version, flag), source.name, line, (), ""
