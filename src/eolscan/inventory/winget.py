"""``winget list`` / ``winget upgrade`` as saved to a text file: one host per file.

The table's header names the columns (Name, Id, Version, Available, Source, in the
user's language) over a rule of dashes; every row is cut at the header's column
starts, counted in display columns (a CJK character takes two). The host is the
file name (``pc042-winget-list.txt``) or its folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.release_text import host_and_client_of
from eolscan.inventory.rows import rows_within_limits
from eolscan.model import AssetRow, Kind

_RULE = re.compile(r"^-{10,}\s*$")
_ID_HEADERS = {"id", "ｉｄ"}
_UNKNOWN = {"unknown", ""}
HEADER_LINES = 40
"""How far down the header may sit (winget prints progress and notices above it)."""


def _visible(line: str) -> str:
    """What a console shows of a saved line: after the last carriage return (winget's
    progress spinner), without the line ending."""
    return line.rstrip("\r\n").rsplit("\r", 1)[-1]


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def columns_of(header: str) -> list[int]:
    """The display column each header word starts at."""
    starts: list[int] = []
    column = 0
    previous = " "
    for char in header:
        if char != " " and previous == " ":
            starts.append(column)
        column += _width(char)
        previous = char
    return starts


def display_width(text: str) -> int:
    """How many console columns ``text`` takes."""
    return len(text) if text.isascii() else sum(map(_width, text))


def cut(line: str, starts: list[int]) -> list[str]:
    """``line`` cut into fields at the display columns ``starts``."""
    if line.isascii():  # one column a character: plain slices (the usual, fast case)
        bounds = [*starts[1:], len(line)]
        return [line[a:b].strip() for a, b in zip(starts, bounds, strict=True)]
    fields = [""] * len(starts)
    column = 0
    index = 0
    for char in line:
        while index + 1 < len(starts) and column >= starts[index + 1]:
            index += 1
        fields[index] += char
        column += _width(char)
    return [field.strip() for field in fields]


def find_table(lines: list[str]) -> int | None:
    """The index of the header line (the line above the rule), or None."""
    for index, line in enumerate(lines[:HEADER_LINES]):
        if index and _RULE.match(_visible(line)):
            words = _visible(lines[index - 1]).split()
            if len(words) >= 3 and words[1].lower() in _ID_HEADERS:
                return index - 1
    return None


class WingetReader(InventoryReader):
    """``winget list`` and ``winget upgrade`` tables."""

    name = "winget"
    description = "winget list / winget upgrade output (Name, Id, Version, Available, Source)"

    def detect(self, source: Source) -> bool:
        head = source.head()
        if head.lstrip().startswith(("{", "[", "<")):
            return False
        return find_table(head.splitlines()) is not None

    def rows(self, source: Source) -> Iterator[AssetRow]:
        return rows_within_limits(self._rows(source))  # a line may be longer than a field

    def _rows(self, source: Source) -> Iterator[AssetRow]:
        host, client = host_and_client_of(source)
        lines = source.lines()
        header_at = find_table(source.head().splitlines())
        if header_at is None:
            raise InventoryError(f"{source.name}:1: no winget table (a header over a rule)")
        starts: list[int] = []
        count = 0
        seen: set[tuple[str, str]] = set()
        for number, raw in enumerate(lines, start=1):
            line = _visible(raw)
            if number == header_at + 1:
                starts = columns_of(line)
                continue
            if number <= header_at + 2:
                continue
            if not line.strip():
                continue
            if display_width(line.rstrip()) <= starts[2]:
                break  # "3 upgrades available.": the table has ended
            fields = cut(line, starts)
            name, version = fields[0], fields[2]
            if not name:
                source.skip(f"{source.name}:{number}", "row has no name")
                continue
            version = version.lstrip("<> ").strip()
            if version.lower() in _UNKNOWN:
                version = ""
            count += 1
            if (name, version) in seen:  # one app listed under two ids (Edge: its installer
                continue  # entry and its Store package): one item, as on the machine
            seen.add((name, version))
            item = (Kind.SOFTWARE, name, version, False)
            yield client, host, item, source.name, number, (), ""
        if not count:
            raise InventoryError(f"{source.name}:{header_at + 1}: the winget table has no rows")
