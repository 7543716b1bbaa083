"""Write files whole or not at all: a temp file in the same directory, fsync, rename.

Only regular files (or new ones) are replaced so: a device or FIFO (``-o /dev/null``,
``-o /dev/stdout``, a named pipe) is written to directly, since renaming over it would
replace the device node itself; a directory is refused. A symbolic link (or a chain of
them) is written through: the file it ends at is replaced, beside it, and the link stays
(``eolscan.support.links``); one that ends at a device or FIFO is written to directly,
and so is an open descriptor (``/dev/stdout``, ``/proc/self/fd/1``), whatever it leads to.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from eolscan.errors import OutputError
from eolscan.support.links import final_target, names_a_descriptor


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, binary: bool = False, newline: str | None = ""
) -> Iterator[IO[str]]:
    """Yield a handle on a temp file that replaces ``path`` only if the block succeeds.

    An exception, Ctrl-C or a full disk leaves the previous file intact and no temp file.
    A path that exists and is not a regular file is written in place, and a link is
    written through to the file it ends at (see the module).
    """
    stream = names_a_descriptor(path)
    if stream or _special(path):
        with _open_in_place(path, binary, newline, append=stream) as handle:
            yield handle
        return
    target = final_target(path)
    directory = target.parent if str(target.parent) else Path(".")
    tmp: Path | None = None
    try:
        with _signals_held():  # so Ctrl-C cannot land between creating the file and naming it
            fd, tmp_name = _make_temp(path, target, directory)
            tmp = Path(tmp_name)
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, tmp)
        os.replace(tmp, target)
        _sync_directory(directory)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise


def _special(path: Path) -> bool:
    """True for an existing path that is not a regular file; a directory raises."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # a new file (or one we will fail to write, with its own message)
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path}: cannot write: is a directory")
    return not stat.S_ISREG(mode)


@contextlib.contextmanager
def _open_in_place(
    path: Path, binary: bool, newline: str | None, append: bool = False
) -> Iterator[IO[str]]:
    """A device or FIFO, opened for writing as it is; an open descriptor's file is appended
    to, after what its own writes put there (opened to write, it would be emptied)."""
    mode = "a" if append else "w"
    try:
        if binary:
            handle: IO[Any] = open(path, mode + "b")  # noqa: SIM115 - closed below
        else:
            handle = open(path, mode, encoding="utf-8", newline=newline)  # noqa: SIM115
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    with handle:
        try:
            yield handle
            handle.flush()
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _make_temp(path: Path, target: Path, directory: Path) -> tuple[int, str]:
    """A temp file beside ``target``, the file ``path`` (the name given) is or links to."""
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        where = "" if target == path else f" (it links to {target})"
        raise OutputError(f"{path}: cannot write here: {exc.strerror or exc}{where}") from exc


def _copy_mode(path: Path, tmp: Path) -> None:
    """The new file keeps the old one's permissions, or gets the usual ones for a new file."""
    if path.exists():
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the terminating signals for a few statements; they are delivered right after."""
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
    held = {getattr(signal, name) for name in names if hasattr(signal, name)}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically."""
    with atomic_writer(path) as handle:
        handle.write(text)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
