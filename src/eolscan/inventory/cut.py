"""Does an input look cut short? A copy that stopped mid-file reads as a smaller, cleaner client.

Checked after a file was read, from its bytes alone: UTF-16 text with an odd number of bytes
(a UTF-16 writer always writes pairs), and for CSV an odd number of quote characters (a
quoted field left open at the end) or a last row without a line end and with fewer cells
than the header (a row cut in the middle). A last row that ends cleanly cannot be told from
a complete file; nothing is claimed then.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from eolscan.inventory.text import encoding_for

CSV_SUFFIXES = frozenset({".csv", ".tsv"})
TAIL_BYTES = 64 * 1024
"""How much of the end of a file is decoded to find its last row."""
_CHUNK = 1 << 20


def cut_warning(path: str) -> str | None:
    """A warning naming ``path`` when it looks cut short, else None (also for ``-``)."""
    if path == "-":
        return None
    file = Path(path)
    try:
        with file.open("rb") as handle:
            size = file.stat().st_size
            codec, bom = encoding_for(handle.read(4))
            if codec.startswith("utf-16") and (size - bom) % 2:
                return (
                    f"{path}: UTF-16 text with an odd number of bytes ({size:,}); "
                    "the export looks cut short"
                )
            if file.suffix.lower() not in CSV_SUFFIXES:
                return None
            return _csv_cut(path, handle, size, codec, bom)
    except OSError:
        return None  # the reader has already said what is wrong with it


def _csv_cut(path: str, handle: io.BufferedReader, size: int, codec: str, bom: int) -> str | None:
    """An open quote or a partial last row at the end of a CSV file."""
    quote = '"'.encode(codec)
    handle.seek(bom)
    quotes = 0
    if len(quote) == 1:  # UTF-8 and cp1252: count in C, chunk by chunk
        while chunk := handle.read(_CHUNK):
            if quote in chunk:  # most exports quote nothing: a search (memchr), not a count
                quotes += chunk.count(quote)
    else:
        quotes = _decoded(handle, codec, bom, size).count('"')
    if quotes % 2:
        return f"{path}: a quoted field is still open at the end of the file; the export looks cut"
    wide = codec.startswith("utf-16")
    handle.seek(bom)
    head = handle.read(TAIL_BYTES)
    header = head[: len(head) - len(head) % 2 if wide else None].decode(codec, errors="replace")
    header = header.split("\n", 1)[0]
    start = max(bom, size - TAIL_BYTES)
    start += (start - bom) % 2 if wide else 0
    handle.seek(start)
    tail = handle.read().decode(codec, errors="replace")
    if not tail or tail.endswith(("\n", "\r")) or '"' in tail.rsplit("\n", 1)[-1]:
        return None
    last = tail.rsplit("\n", 1)[-1]
    if last == header.rstrip("\r\n"):
        return None
    dialect = _delimiter(header)
    wanted, got = _cells(header, dialect), _cells(last, dialect)
    if got < wanted:
        return (
            f"{path}: the last row has {got} of {wanted} columns and no line end; "
            "the export looks cut short"
        )
    return None


def _decoded(handle: io.BufferedReader, codec: str, bom: int, size: int) -> str:
    handle.seek(bom)
    data = handle.read(size - bom - (size - bom) % 2)
    return data.decode(codec, errors="replace")


def _delimiter(header: str) -> str:
    """The header's most used of comma, semicolon and tab."""
    return max((",", ";", "\t"), key=header.count)


def _cells(line: str, delimiter: str) -> int:
    """How many cells ``line`` holds."""
    row = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    return len(row)
