"""Decode inventory bytes as Windows and Unix tools write them: BOMs, UTF-16, cp1252."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from pathlib import Path

from eolscan.inventory.interface import InventoryError, Source

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""Refuse inventories larger than this (512 MiB)."""


def decode(data: bytes, name: str) -> str:
    """UTF-8/UTF-16 by BOM, else UTF-8, else cp1252 (what Excel and PowerShell 5 write)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0] and data[2]:
        return _strict(data, "utf-16-le", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InventoryError(f"{name}: not valid {encoding.upper()} text (byte {exc.start})") from exc


def iter_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, for ``csv.reader``, without copying the text.

    ``io.StringIO(text)`` would hold a second copy at four bytes a character.
    """
    start = 1 if text.startswith("\ufeff") else 0
    if "\n" not in text and "\r" in text:
        yield from text[start:].splitlines(keepends=True)
        return
    find, size = text.find, len(text)
    while start < size:
        end = find("\n", start) + 1 or size
        yield text[start:end]
        start = end


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
