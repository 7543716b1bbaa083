"""Decode inventory bytes as Windows and Unix tools write them: BOMs, UTF-16, cp1252."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.interface import InventoryError, Source
from eolscan.models import Asset

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""Refuse inventories larger than this (512 MiB)."""
MAX_FIELD_CHARS = 64 * 1024
"""Longest single field (a CSV cell, a host, product or version string) accepted: 64 KiB."""


def field_too_long(where: str, field: str) -> InventoryError:
    """The one message for a field past ``MAX_FIELD_CHARS``, shared by every reader."""
    return InventoryError(
        f"{where}: {field} is longer than the {MAX_FIELD_CHARS >> 10} KiB field limit"
    )


def within_limits(assets: Iterable[Asset]) -> Iterator[Asset]:
    """Pass assets through, refusing any string past ``MAX_FIELD_CHARS`` (covers every reader)."""
    for asset in assets:
        for field in ("client", "host", "name", "version"):
            if len(getattr(asset, field)) > MAX_FIELD_CHARS:
                raise field_too_long(asset.source, repr(field))
        yield asset


def decode(data: bytes, name: str) -> str:
    """UTF-8/UTF-16 by BOM, else UTF-8, else cp1252 (what Excel and PowerShell 5 write).

    Text with a NUL byte left after decoding is binary (or UTF-16 we could not
    recognise) and is refused, as is UTF-8 mixed with other bytes, which no single
    encoding would read without garbling some names.
    """
    text = _decode(data, name)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InventoryError(
            f"{name}:{line}: NUL byte in text (a binary file, or UTF-16 without a byte order mark?)"
        )
    return text


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0] and data[2]:
        return _strict(data, "utf-16-le", name)
    if len(data) >= 4 and data[0:3:2] == b"\x00\x00" and data[1] and data[3]:
        return _strict(data, "utf-16-be", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _has_utf8_sequence(data):
            line = data.count(b"\n", 0, exc.start) + 1
            raise InventoryError(
                f"{name}:{line}: not valid UTF-8 at byte {exc.start}, though other characters are; "
                "save the file as UTF-8"
            ) from exc
        return data.decode("cp1252", errors="replace")


def _has_utf8_sequence(data: bytes) -> bool:
    """True when the bytes hold at least one well-formed multi-byte UTF-8 character."""
    decoded = data.decode("utf-8", errors="replace")
    return any(ord(ch) > 0x7F and ch != "\ufffd" for ch in decoded)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InventoryError(f"{name}: not valid {encoding.upper()} text (byte {exc.start})") from exc


def read_source(path: str, client: str | None = None) -> Source:
    """Read a file (or ``-`` for standard input) into a Source."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name, default_client = "<stdin>", "stdin"
    else:
        file = Path(path)
        try:
            size = file.stat().st_size
            if size > MAX_INPUT_BYTES:
                raise InventoryError(f"{path}: file is larger than the {MAX_INPUT_BYTES >> 20} MiB limit")
            data = file.read_bytes()
        except FileNotFoundError as exc:
            raise InventoryError(f"{path}: no such file") from exc
        except IsADirectoryError as exc:
            raise InventoryError(f"{path}: is a directory") from exc
        except OSError as exc:
            raise InventoryError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        name, default_client = path, file.stem
    if len(data) > MAX_INPUT_BYTES:
        raise InventoryError(f"{name}: input is larger than the {MAX_INPUT_BYTES >> 20} MiB limit")
    return Source(name=name, text=decode(data, name), client=client or default_client)


def csv_rows(reader: Any, name: str) -> Iterator[list[str]]:
    """Rows of a ``csv.reader``; a field past ``MAX_FIELD_CHARS`` or bad CSV is a one-line error.

    Every CSV-based reader should iterate through this (``csv`` itself raises an
    unhelpful ``field larger than field limit (131072)``).
    """
    import csv

    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise field_too_long(f"{name}:{reader.line_num}", "a field") from exc
            raise InventoryError(f"{name}:{reader.line_num}: not valid CSV: {exc}") from exc
        if any(len(cell) > MAX_FIELD_CHARS for cell in row):
            raise field_too_long(f"{name}:{reader.line_num}", "a field")
        yield row
