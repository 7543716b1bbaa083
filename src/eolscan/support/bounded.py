"""Read a user's file with a limit on the bytes that actually arrive.

``stat`` says 0 bytes for ``/dev/zero``, a pipe, ``/dev/stdin`` or ``<(...)``, so a size
check before reading guards nothing there: every read here counts bytes as they come and
stops one byte past the limit. A FIFO is opened without waiting for a writer (a named pipe
nobody writes to reads as empty instead of hanging), and streams are never seeked.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from eolscan.errors import InputError

ErrorType = Callable[[str], Exception]
"""Makes the caller's own error from a message (an InputError, a DatabaseError, ...)."""

CHUNK = 1 << 20


def open_binary(path: Path | str) -> BinaryIO:
    """``path`` open for reading bytes; a FIFO with no writer gives end of file at once."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs in the file system
    fd = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0))
    try:
        if nonblocking:
            os.set_blocking(fd, True)  # reads now wait for a writer that is there
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def is_regular(path: Path | str) -> bool:
    """True for a plain file, whose size ``stat`` tells truthfully."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_stream(
    handle: BinaryIO,
    limit: int,
    name: str,
    error: ErrorType,
    *,
    utf8: bool = True,
    start: bytes = b"",
) -> bytes:
    """At most ``limit`` bytes from ``handle``; ``error`` naming ``name`` when there are more.

    With ``utf8`` (settings, accepted risks, overlays, databases, reports: never UTF-16), a
    NUL byte ends the read at once: ``/dev/zero`` fails in the first megabyte, not the last.
    ``start`` is what the caller already read from ``handle``.
    """
    data = bytearray()
    chunk = start
    while len(data) <= limit:
        if not start:
            chunk = handle.read(min(CHUNK, limit + 1 - len(data)))
        start = b""
        if not chunk:
            return cast(bytes, data)  # callers only read it: a copy would double the peak
        if utf8 and b"\0" in chunk:
            line = data.count(b"\n") + chunk.count(b"\n", 0, chunk.index(b"\0")) + 1
            where = f"{name}:{line}: " if name else f"line {line}: "
            raise error(f"{where}NUL byte in text (a binary file?)")
        data += chunk
    raise error(f"{_where(name)}larger than the {_size(limit)} limit")


def read_limited(
    path: Path | str,
    limit: int,
    error: ErrorType = InputError,
    name: str | None = None,
    *,
    utf8: bool = True,
) -> bytes:
    """The bytes of ``path`` (any kind of file), at most ``limit``; ``error`` otherwise.

    A missing file or one that cannot be read is an ``error`` too, naming the file.
    """
    shown = str(path) if name is None else name
    if os.path.isdir(path):
        raise error(f"{_where(shown)}is a directory")
    try:
        with open_binary(path) as handle:
            return read_stream(handle, limit, shown, error, utf8=utf8)
    except FileNotFoundError as exc:
        raise error(f"{_where(shown)}no such file") from exc
    except OSError as exc:
        raise error(f"{_where(shown)}cannot read: {exc.strerror or exc}") from exc


def read_text_limited(
    path: Path | str, limit: int, error: ErrorType = InputError, name: str | None = None
) -> str:
    """``read_limited`` decoded as UTF-8 (a BOM is dropped); bad UTF-8 is an ``error``."""
    data = read_limited(path, limit, error, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        shown = str(path) if name is None else name
        raise error(f"{_where(shown)}not valid UTF-8 text (byte {exc.start})") from exc


def _where(name: str) -> str:
    return f"{name}: " if name else ""


def _size(limit: int) -> str:
    if limit >= 1 << 20 and not limit % (1 << 20):
        return f"{limit >> 20} MiB"
    return f"{limit >> 10} KiB" if limit >= 1 << 10 else f"{limit} byte"
