"""CSV/TSV exports with any column names: a column map says which column is host, OS, software.

One row may describe a host (OS columns), one application on a host (software
columns) or both; a host's OS is yielded once however many software rows repeat it.
The file is streamed row by row, so exports of a million rows stay cheap.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from eolscan.errors import UsageError
from eolscan.inventory.csv_blocks import CsvLineError, bounded_lines, csv_blocks, too_long
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.native import parse_bool
from eolscan.inventory.rows import rows_within_limits
from eolscan.inventory.text import MAX_FIELD_CHARS, csv_error, field_too_long
from eolscan.model import AssetRow, Item, Kind
from eolscan.support.visible import quoted

_SERVICE_PACK = re.compile(r"^\s*(?:sp|service pack)?\s*(\d+)", re.IGNORECASE)

MAP_KEYS = (
    "host",
    "client",
    "os",
    "os_version",
    "os_build",
    "service_pack",
    "name",
    "version",
    "publisher",
    "extended_support",
)
"""What ``--map key=Column`` can name."""


SEPARATORS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class ColumnMap:
    """Column names (any case; first present wins) per map key, and how to read them."""

    columns: Mapping[str, tuple[str, ...]]
    label: str = "--map"
    explicit: bool = False
    os_name: Callable[[str], str] | None = None
    signature: tuple[frozenset[str], ...] = field(default=())
    software_name: Callable[[str], str] | None = None
    """How the tool writes a software name, read back (Jamf's ``Safari.app``)."""

    def resolve(self, header: list[str], where: str) -> dict[str, int]:
        """Map keys -> column positions in ``header``; explicit maps must find every column."""
        positions = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
        found: dict[str, int] = {}
        for key, names in self.columns.items():
            for name in names:
                if name.lower() in positions:
                    found[key] = positions[name.lower()]
                    break
            else:
                if self.explicit:
                    raise InventoryError(
                        f"{where}: column {names[0]!r} ({self.label} {key}) is not in the header "
                        f"(found: {', '.join(h.strip() for h in header)[:300]})"
                    )
        if (
            "name" not in found
            and "os" in found
            and "version" in found
            and "os_version" not in found
        ):
            if not self.explicit:
                refuse_app_version(header, found["version"], where, self.label)
            found["os_version"] = found.pop("version")
        plain = positions.get("version")
        if (
            "os" in found
            and "os_version" not in found
            and plain not in (None, found.get("version"))
        ):
            # Hostname;OS;Version;Software;Softwareversion: the plain one is the OS's
            found["os_version"] = plain
        if "os" not in found and "name" not in found:
            raise InventoryError(
                f"{where}: no OS or software name column for {self.label} "
                f"(found: {', '.join(h.strip() for h in header)[:300]}); use --map os=...,name=..."
            )
        return found

    def matches(self, header: Iterable[str]) -> bool:
        """True when ``header`` has every column of one of this map's signatures."""
        columns = {h.strip().lower() for h in header}
        return any(sig <= columns for sig in self.signature)


_APP_WORDS = re.compile(
    r"\b(?:app|apps|application|applications|software|program|programs|package|packages|"
    r"title|bundle|product|products)\b|app(?:lication)?_|software_|^(?:app|software)",
    re.IGNORECASE,
)
_OS_WORDS = re.compile(r"\b(?:os|operating system)\b|^os_|operating_?system", re.IGNORECASE)


def signature_groups(*groups: str) -> tuple[frozenset[str], ...]:
    """A preset's signatures written as ``"Column A+Column B"``: the header columns (any
    case) that, all present, say an export is the preset's."""
    return tuple(frozenset(c.strip() for c in group.lower().split("+")) for group in groups)


def refuse_app_version(header: list[str], at: int, where: str, label: str) -> None:
    """Never take a version column for the OS's when it may be an application's.

    A Jamf-style ``Computer Name, Operating System, Operating System Version,
    Application Title, Application Version`` once had its *application* version read
    as the macOS version: a Mac on macOS 13 became "macOS 131". A version column is
    the OS's only when its name says so or nothing in the header speaks of applications.
    """
    column = header[at].strip()
    if _OS_WORDS.search(column):
        return
    apps = [h.strip() for h in header if _APP_WORDS.search(h.strip()) and not _OS_WORDS.search(h)]
    if not apps:
        return
    raise InventoryError(
        f"{where}: column {column!r} may be an application's version, not the operating "
        f"system's ({label} also found {', '.join(repr(a) for a in apps[:3])}); name the "
        "columns with --map os=...,os_version=...,name=...,version=..."
    )


def parse_map(text: str) -> dict[str, str]:
    """``host=AssetName,os=OSname`` -> ``{"host": "AssetName", "os": "OSname"}``."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, equals, column = part.partition("=")
        if not equals or not column.strip():
            raise UsageError(
                f"--map: {part.strip()!r} is not key=Column (keys: {', '.join(MAP_KEYS)})"
            )
        mapping[key.strip().lower()] = column.strip()
    return mapping


def column_map_from_dict(mapping: Mapping[str, str], base: ColumnMap | None = None) -> ColumnMap:
    """A ColumnMap from ``{key: column}`` (``--map`` or a config file), over a preset if given."""
    columns: dict[str, tuple[str, ...]] = dict(base.columns) if base else {}
    for key, column in mapping.items():
        if key not in MAP_KEYS:
            raise UsageError(f"--map: unknown key {key!r} (expected one of {', '.join(MAP_KEYS)})")
        if not isinstance(column, str) or not column.strip():
            raise UsageError(f"--map: key {key!r} needs a column name")
        columns[key] = (column.strip(),)
    label = f"{base.label} + --map" if base else "--map"
    return ColumnMap(
        columns,
        label=label,
        explicit=base is None,
        os_name=base.os_name if base else None,
        software_name=base.software_name if base else None,
    )


def sniff_separator(line: str) -> str:
    """The separator a header line uses most: ``,`` ``;`` tab or ``|`` (``,`` for one column)."""
    counts = {sep: line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def is_preamble(stripped: str) -> bool:
    """Lines before a CSV header: blank, PowerShell's ``#TYPE ...``, Excel's ``sep=;``."""
    return not stripped or stripped.startswith("#TYPE") or _excel_separator(stripped) is not None


def _excel_separator(stripped: str) -> str | None:
    return stripped[4] if len(stripped) == 5 and stripped[:4].lower() == "sep=" else None


def header_line(lines: Iterable[str]) -> str:
    """The header of a CSV head: the first line that is no preamble."""
    for line in lines:
        stripped = line.strip().lstrip("\ufeff")
        if not is_preamble(stripped):
            return stripped
    return ""


def header_of(source: Source) -> list[str]:
    """The header columns of a CSV source (for detection); empty when it has none."""
    line = header_line(source.head().splitlines()[:4])
    if not line:
        return []
    try:
        return next(csv.reader([line], delimiter=sniff_separator(line)))
    except (csv.Error, StopIteration):
        return []


def looks_tabular(source: Source) -> bool:
    """A text file (not JSON/XML) whose extension or first line says it is delimited."""
    head = source.head().lstrip()
    if head.startswith(("{", "[", "<")):
        return False
    suffix = Path(source.name).suffix.lower()
    return suffix in (".csv", ".tsv", ".txt", "") or "\t" in head[:2000] or ";" in head[:2000]


class MappedCsvReader(InventoryReader):
    """Any CSV/TSV whose columns a ColumnMap names (generic aliases unless given one)."""

    name = "csv"
    description = "CSV/TSV with host/os/software columns under common names, or any names via --map"

    def __init__(self, column_map: ColumnMap | None = None) -> None:
        # presets.py subclasses this module's reader: importing it at the top would be a cycle
        from eolscan.inventory.presets import GENERIC

        self.column_map = column_map or GENERIC

    def detect(self, source: Source) -> bool:
        return looks_tabular(source) and self.column_map.matches(header_of(source))

    def rows(self, source: Source) -> Iterator[AssetRow]:
        csv.field_size_limit(MAX_FIELD_CHARS)  # every cell is within the limit; the client
        with source.open() as stream:  # given for the file may not be (an OS name: ``_os``)
            rows = _read_rows(stream, source, self.column_map)
            if len(source.client) > MAX_FIELD_CHARS:
                rows = rows_within_limits(rows)
            yield from rows


def _open_rows(stream: TextIO, name: str) -> tuple[Any, list[str], int]:
    """A csv reader positioned after the header, the header, and lines skipped before it."""
    separator = None
    lines = bounded_lines(stream)  # a 100 MB line is refused, not read whole
    for skipped, line in enumerate(lines):
        stripped = line.strip().lstrip("\ufeff")
        separator = _excel_separator(stripped) or separator
        if not is_preamble(stripped):
            reader = csv.reader(
                chain([line.lstrip("\ufeff")], lines),
                delimiter=separator or sniff_separator(line),
            )
            return reader, next(reader), skipped
    raise InventoryError(f"{name}:1: empty file (expected a header row)")


def _read_rows(stream: TextIO, source: Source, column_map: ColumnMap) -> Iterator[AssetRow]:
    """Yield OS (once per host) and software items row by row; step over bad rows.

    A comma-separated file after a one-line header is read in blocks (``csv_blocks``), as
    the native CSV reader reads: plain text is split in C and read by ``_RowReader.plain``.
    """
    name = source.name
    reader: Any = None
    header: list[str] = []
    offset = 0
    try:
        reader, header, offset = _open_rows(stream, name)
        cols = column_map.resolve(header, f"{name}:{offset + 1}")
        row_reader = _RowReader(source, column_map, cols, header)
        if reader.dialect.delimiter == "," and reader.line_num == 1:
            for block in csv_blocks(stream, split=False, lines_before=offset + 1):
                if block.texts is not None and row_reader.cut >= 0:
                    yield from row_reader.plain(block.texts, block.lines)
                else:
                    for cells, line in zip(block.split_rows(), block.lines, strict=True):
                        yield from row_reader.row(cells, line)
            return
        for row in reader:
            yield from row_reader.row(row, reader.line_num + offset)  # 0-2 items
    except CsvLineError as exc:
        raise csv_error(exc.error, f"{name}:{max(1, exc.line)}") from exc
    except csv.Error as exc:
        line = max(1, reader.line_num + offset + too_long(exc)) if reader is not None else 1
        raise csv_error(exc, f"{name}:{line}") from exc


ITEM_SPELLINGS = 100_000
"""Distinct software texts the plain-block path remembers before it starts afresh."""
ITEM_TEXT_CHARS = 512
"""Longest software text it remembers (longer ones are read each time)."""


class _RowReader:
    """Turns one CSV row into assets by resolved column positions (the hot loop: kept lean)."""

    def __init__(
        self, source: Source, column_map: ColumnMap, cols: dict[str, int], header: list[str]
    ) -> None:
        self.source = source
        self.cols = cols
        self.width = len(header)
        self.needed = max(cols.values()) + 1
        self.os_name = column_map.os_name
        self.software_name = column_map.software_name
        self.default_host = Path(source.name).stem if source.name != "<stdin>" else "stdin"
        self.host_column = header[cols["host"]].strip() if "host" in cols else "host"
        self.host, self.client, self.os, self.software, self.version = (
            cols.get(key, -1) for key in ("host", "client", "os", "name", "version")
        )
        self.seen: set[tuple[str, str, str, str]] = set()
        self.last: tuple[str, str, str, str] = ("", "", "", "")
        self.cut = _cut(cols)
        self.items: dict[str, Item] = {}

    def plain(self, texts: list[str], lines: Sequence[int]) -> Iterator[AssetRow]:
        """Plain lines whose software columns come after the host's: a line that starts with
        the head (host, client, OS) of the line before is one lookup of its software part,
        each distinct spelling read once; a new head is read once; any other line goes
        through ``row``."""
        cut, items, file, row = self.cut, self.items, self.source.name, self.row
        head, size = "\n", 1  # no line starts with a line end
        client = host = ""
        for text, line in zip(texts, lines, strict=True):
            if text.startswith(head) and (item := items.get(text[size:])) is not None:
                yield client, host, item, file, line, (), ""
                continue
            parts = text.split(",", cut)
            if len(parts) > cut and (found := items.get(parts[cut]) or self._item(parts[cut])):
                rest = parts.pop()
                read = self._head(parts, line)
                if read is not None:
                    client, host, os_rows = read
                    yield from os_rows
                    head = text[: len(text) - len(rest)]
                    size = len(head)
                    yield client, host, found, file, line, (), ""
                    continue
            head, size = "\n", 1
            yield from row(text.split(",") if text else [], line)

    def _item(self, text: str) -> Item | tuple[()]:
        """The software part of a plain line as an item (remembered), or ``()`` when it is
        not a regular one (no name, too few or too many fields)."""
        cells = text.split(",")
        if len(cells) != self.width - self.cut:
            return ()
        name = cells[self.software - self.cut].strip()
        if self.software_name is not None:
            name = self.software_name(name)
        if not name:
            return ()
        version = cells[self.version - self.cut].strip() if self.version >= 0 else ""
        item: Item = (Kind.SOFTWARE, name, version, False)
        if len(text) <= ITEM_TEXT_CHARS:  # a bounded memory of good ones
            if len(self.items) >= ITEM_SPELLINGS:
                self.items.clear()
            self.items[text] = item
        return item

    def _head(self, cells: list[str], line: int) -> tuple[str, str, tuple[AssetRow, ...]] | None:
        """Client, host and OS row (the first time) of a line's head cells, as ``row`` reads
        them; None when the host is empty (``row`` says so)."""
        host = cells[self.host].strip() if self.host >= 0 else self.default_host
        if not host:
            return None
        client = (cells[self.client].strip() if self.client >= 0 else "") or self.source.client
        found: tuple[AssetRow, ...] = ()
        if self.os >= 0 and (os_name := cells[self.os].strip()):
            found = self._os(cells, client, host, os_name, False, line)
        return client, host, found

    def row(self, row: list[str], line: int) -> tuple[AssetRow, ...]:
        """The OS (first time per host) and software of one row; () when stepped over."""
        file = self.source.name
        if len(row) < self.needed:
            return self._bad(row, f"{file}:{line}", f"{len(row)} fields, expected {self.width}")
        host = row[self.host].strip() if self.host >= 0 else self.default_host
        if not host:
            reason = f"column {self.host_column!r} (host) is empty"
            return self._bad(row, f"{file}:{line}", reason)
        client = (row[self.client].strip() if self.client >= 0 else "") or self.source.client
        extended = False
        if "extended_support" in self.cols:
            where = f"{file}:{line}"
            try:
                extended = parse_bool(row[self.cols["extended_support"]], where, "extended_support")
            except InventoryError as exc:
                self.source.skip(where, str(exc).split(": ", 1)[1])
                return ()
        found: tuple[AssetRow, ...] = ()
        if self.os >= 0 and (os_name := row[self.os].strip()):
            found = self._os(row, client, host, os_name, extended, line)
        if self.software >= 0 and (app := row[self.software].strip()):
            if self.software_name is not None:
                app = self.software_name(app) or app
            version = row[self.version].strip() if self.version >= 0 else ""
            item = (Kind.SOFTWARE, app, version, extended)
            return (*found, (client, host, item, file, line, (), ""))
        if self.os < 0 and self.software >= 0:
            # a software list (the uninstall registry keys): entries without a name are
            # components and updates that Programs and Features does not show either
            return found
        if not found and not (self.os >= 0 and row[self.os].strip()):
            reason = f"host {quoted(host)} has no OS or software name in this row"
            self.source.skip(f"{file}:{line}", reason)
        return found

    def _bad(self, row: list[str], where: str, reason: str) -> tuple[AssetRow, ...]:
        if any(cell.strip() for cell in row):
            self.source.skip(where, reason)
        return ()

    def _os(
        self, row: list[str], client: str, host: str, os_name: str, extended: bool, line: int
    ) -> tuple[AssetRow, ...]:
        cols = self.cols
        version = row[cols["os_version"]].strip() if "os_version" in cols else ""
        if not version and "os_build" in cols:
            version = row[cols["os_build"]].strip()
        key = (client, host.lower(), os_name, version)
        if key == self.last or key in self.seen:
            return ()
        self.seen.add(key)
        self.last = key
        if self.os_name is not None:
            os_name = self.os_name(os_name)
        if "service_pack" in cols:
            # "1", "SP1", "Service Pack 1" (OCS, WMI's CSDVersion) -> " SP1"; 0 means none
            pack = _SERVICE_PACK.search(row[cols["service_pack"]])
            named = re.search(r"\b(?:sp|service pack)\s*\d", os_name, re.IGNORECASE)
            if pack and int(pack.group(1)) and not named:
                os_name = f"{os_name} SP{int(pack.group(1))}"
        if len(os_name) > MAX_FIELD_CHARS:  # the only value that may be more than its cell
            raise field_too_long(f"{self.source.name}:{line}", "'name'")
        return (
            (client, host, (Kind.OS, os_name, version, extended), self.source.name, line, (), ""),
        )


def _cut(cols: dict[str, int]) -> int:
    """Where plain lines are cut into head and software part: after the last of the host's
    columns, when every software column comes after it; -1 when the columns do not allow
    it (an ``extended_support`` or ``service_pack`` column, no software name)."""
    if "name" not in cols or "extended_support" in cols or "service_pack" in cols:
        return -1
    head = [cols[key] for key in ("host", "client", "os", "os_version", "os_build") if key in cols]
    cut = max(head, default=-1) + 1
    if cols["name"] < cut or cols.get("version", cut) < cut:
        return -1
    return cut
