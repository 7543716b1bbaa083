"""Decode inventory bytes as Windows and Unix tools write them: BOMs, UTF-16, cp1252.

Files are decoded as a stream (a file of a million rows is never held twice): the
encoding is chosen from the first bytes, and bytes that are not UTF-8 in a file
without a BOM are read as cp1252, which is what Excel and Windows PowerShell 5 write.
A file must be in one of them throughout (``one_encoding``): a mix is refused.
"""

from __future__ import annotations

import codecs
import io
import stat
import sys
from pathlib import Path
from typing import BinaryIO, TextIO, cast

from eolscan.inventory.interface import InventoryError, SkipHandler, Source, refuse_nul
from eolscan.inventory.one_encoding import CheckedReader, EncodingCheck, line_in, line_in_file
from eolscan.support.bounded import CHUNK, open_binary, read_stream

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""Refuse inventories larger than this (512 MiB)."""
MAX_STREAM_BYTES = 128 * 1024 * 1024
"""Refuse standard input, pipes and devices past this (128 MiB, counted as read): they are
held in memory, where a file is streamed from disk."""
MAX_FIELD_CHARS = 64 * 1024
"""Longest single field (a CSV cell, a host, product or version string) accepted: 64 KiB."""


def field_too_long(where: str, field: str) -> InventoryError:
    """The one message for a field past ``MAX_FIELD_CHARS``, shared by every reader."""
    return InventoryError(
        f"{where}: {field} is longer than the {MAX_FIELD_CHARS >> 10} KiB field limit"
    )


_CP1252_FALLBACK = "eolscan-cp1252"


def _cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as cp1252 (undefined bytes become U+FFFD)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252)


def encoding_for(first: bytes) -> tuple[str, int]:
    """(codec, BOM length) from the first bytes: a BOM, BOM-less UTF-16 LE, else UTF-8."""
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if first.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if first.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    if len(first) >= 4 and first[1:4:2] == b"\x00\x00" and first[0] and first[2]:
        return "utf-16-le", 0
    if len(first) >= 4 and first[0:3:2] == b"\x00\x00" and first[1] and first[3]:
        return "utf-16-be", 0
    return "utf-8", 0


def _errors(codec: str) -> str:
    return _CP1252_FALLBACK if codec == "utf-8" else "replace"


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode a whole input (standard input, tests) the same way files are streamed."""
    codec, bom = encoding_for(bytes(data[:4]))
    if codec == "utf-8":
        check = EncodingCheck(name, line_in(data, bom), utf8_declared=bom > 0)
        check.feed(data[bom:] if bom else data, final=True)
    return str(memoryview(data)[bom:], codec, _errors(codec))  # no copy of a large input


def open_text(path: Path, name: str | None = None) -> TextIO:
    """A text stream over ``path`` decoded by its BOM (line endings untouched); UTF-8 and
    cp1252 bytes are checked as they are read (a mix is refused, naming ``name``)."""
    raw = path.open("rb")
    try:
        codec, bom = encoding_for(raw.read(4))
        raw.seek(bom)
    except OSError:
        raw.close()
        raise
    if codec == "utf-8":
        check = EncodingCheck(name or str(path), line_in_file(str(path), bom), bom > 0)
        checked = cast(BinaryIO, CheckedReader(raw, check))
        text = io.TextIOWrapper(checked, encoding=codec, errors=_errors(codec), newline="")
    else:
        text = io.TextIOWrapper(raw, encoding=codec, errors=_errors(codec), newline="")
    text._CHUNK_SIZE = _BLOCK  # type: ignore[attr-defined]  # fewer, larger decodes
    return text


_BLOCK = 1 << 16
"""Bytes a text stream decodes at a time (8 KiB by default)."""


def client_name(file: Path) -> str:
    """The client a file stands for: its name without extensions (``acme.cdx.json`` -> ``acme``)."""
    stem = file.stem
    for suffix in (".cdx", ".spdx", ".bom", ".sbom"):
        stem = stem.removesuffix(suffix)
    return stem or file.stem


def read_source(
    path: str,
    client: str | None = None,
    on_skip: SkipHandler | None = None,
    default_client: str | None = None,
) -> Source:
    """A Source for a file (streamed) or ``-`` for standard input (read whole).

    Standard input, pipes (``<(...)``, ``/dev/stdin``, a FIFO) and devices are read whole
    with a limit on the bytes that arrive: their ``stat`` size says nothing.
    """
    if path == "-":
        return _stream_source(
            sys.stdin.buffer, "<stdin>", client or default_client or "stdin", on_skip
        )
    file = Path(path)
    try:
        info = file.stat()
        if file.is_dir():
            raise InventoryError(f"{path}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            with open_binary(file) as handle:
                name = client or default_client or client_name(file)
                return _stream_source(handle, path, name, on_skip)
        with file.open("rb"):
            pass
    except FileNotFoundError as exc:
        raise InventoryError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InventoryError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if info.st_size > MAX_INPUT_BYTES:
        raise InventoryError(f"{path}: file is larger than the {MAX_INPUT_BYTES >> 20} MiB limit")
    return Source(
        path,
        None,
        client or default_client or client_name(file),
        opener=lambda: open_text(file, path),
        on_skip=on_skip,
    )


def _stream_source(handle: BinaryIO, name: str, client: str, on_skip: SkipHandler | None) -> Source:
    """A Source holding all of a stream, read with a byte limit; a NUL in UTF-8 text ends
    the read at once (``/dev/zero``), not after the limit."""
    first = handle.read(CHUNK)
    if encoding_for(first[:4])[0] == "utf-8" and b"\0" in first:
        refuse_nul(first.decode("utf-8", _CP1252_FALLBACK), name)  # /dev/zero: at once
    data = read_stream(handle, MAX_STREAM_BYTES, name, InventoryError, utf8=False, start=first)
    return Source(name, refuse_nul(decode(data, name), name), client, on_skip=on_skip)


def csv_error(exc: Exception, where: str) -> InventoryError:
    """One message for what the ``csv`` module rejects: an over-long field or broken quoting."""
    if "field limit" in str(exc):
        return field_too_long(where, "a field")
    return InventoryError(f"{where}: cannot read CSV: {exc}")
