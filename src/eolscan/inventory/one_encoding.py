"""One encoding per file: UTF-8 or Windows-1252 throughout, never a mix of the two.

Windows exports without a byte order mark are either UTF-8 or cp1252 (Excel, Windows
PowerShell 5). Decoding reads UTF-8 and takes bytes UTF-8 rejects as cp1252, which reads
a whole cp1252 file right; but a file whose lines come in both (an export appended to
another, an edit in another editor) would give each name its own encoding unnoticed. So
the bytes are checked as they pass, at C speed (an ASCII block costs one ``isascii``):

* while all was ASCII, the first byte UTF-8 rejects makes the file cp1252;
* after UTF-8 text that was not ASCII (or a UTF-8 byte order mark), a byte UTF-8 rejects
  is a mix;
* in a cp1252 file, a valid UTF-8 sequence of two or more bytes is a mix (cp1252 text
  holds those only as unlikely pairs such as "Ã©", which is what UTF-8 looks like in it).

A mix is refused with the file and the line of its first offending byte.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable

from eolscan.inventory.interface import InventoryError
from eolscan.support.lazy_regex import LazyRegex

MIXED = (
    "mixed encodings: this line is not in the encoding of the lines before it "
    "(UTF-8 and Windows-1252 in one file; save it in one encoding)"
)
_UTF8_SEQUENCE = LazyRegex(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF8_START = LazyRegex(rb"[\xc2-\xf4][\x80-\xbf]")
"""What every UTF-8 sequence of two or more bytes starts with: searched first (about five
times faster than the whole pattern), the whole pattern then matched where it is found."""
_CARRY = 3
"""Bytes of a block kept for the next one: a UTF-8 sequence may span two blocks."""


class EncodingCheck:
    """Fed a file's bytes block by block (after any BOM), refuses a mix of encodings."""

    def __init__(self, name: str, line_of: Callable[[int], int], utf8_declared: bool) -> None:
        """``line_of`` gives the line of a byte offset (only asked when refusing: counting
        lines as blocks pass would cost as much as reading them)."""
        self._name = name
        self._line_of = line_of
        self._cp1252 = False
        self._utf8 = utf8_declared  # text that only UTF-8 reads was seen (or a BOM said so)
        self._offset = 0  # bytes fed before the pending ones
        self._pending = b""  # a block's last bytes, which may begin a split sequence

    def feed(self, block: bytes, final: bool = False) -> None:
        """Check the next block; ``final`` at the end of the file."""
        if not self._pending and block.isascii():
            self._offset += len(block)
            return
        data = self._pending + block
        start = 0
        if not self._cp1252:
            try:
                text, used = codecs.utf_8_decode(data, "strict", final)
            except UnicodeDecodeError as exc:
                if self._utf8 or not data[: exc.start].isascii():
                    self._refuse(data, exc.start)
                self._cp1252, start = True, exc.start
            else:
                self._utf8 = self._utf8 or not text.isascii()
                self._offset += used
                self._pending = data[used:]  # a sequence the next block completes
                return
        while candidate := _UTF8_START.search(data, start):
            start = candidate.start()
            if _UTF8_SEQUENCE.match(data, start):
                self._refuse(data, start)
            start += 1
        keep = 0
        while not final and keep < min(_CARRY, len(data)) and data[-1 - keep] >= 0x80:
            keep += 1
        end = len(data) - keep
        self._offset += end
        self._pending = data[end:]

    def _refuse(self, data: bytes, at: int) -> None:
        raise InventoryError(f"{self._name}:{self._line_of(self._offset + at)}: {MIXED}")


def line_in(data: bytes, start: int = 0) -> Callable[[int], int]:
    """``line_of`` for bytes in memory fed from ``start``."""
    return lambda offset: data.count(b"\n", start, start + offset) + 1


def line_in_file(path: str, start: int) -> Callable[[int], int]:
    """``line_of`` for a file fed from ``start``: counts its lines up to the offset."""

    def line_of(offset: int) -> int:
        lines = 1
        with open(path, "rb") as handle:
            handle.seek(start)
            while offset > 0 and (block := handle.read(min(offset, 1 << 20))):
                lines += block.count(b"\n")
                offset -= len(block)
        return lines

    return line_of


class CheckedReader(io.BufferedIOBase):
    """A binary stream over ``raw`` whose bytes pass an EncodingCheck as they are read."""

    def __init__(self, raw: io.BufferedReader, check: EncodingCheck) -> None:
        super().__init__()
        self._raw = raw
        self._check = check

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        whole = size is None or size < 0
        data = self._raw.read(-1 if size is None else size)
        self._check.feed(data, final=not data or whole)
        return data

    def read1(self, size: int = -1) -> bytes:
        data = self._raw.read1(size)
        self._check.feed(data, final=not data)
        return data

    def close(self) -> None:
        self._raw.close()
        super().close()
