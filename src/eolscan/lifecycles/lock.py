"""An advisory lock beside the database, so two ``db update`` runs (two cron jobs) take turns.

The lock is an OS file lock (``flock`` on Unix, ``msvcrt.locking`` on Windows): it is
released when the process ends, even if it is killed, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from eolscan.errors import DatabaseError
from eolscan.support.logging_setup import log

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

LOCK_WAIT = 120.0
"""Seconds to wait for another update to finish before giving up."""


def lock_path(db_path: Path) -> Path:
    """``lifecycles.yaml`` -> ``lifecycles.yaml.lock``."""
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def database_lock(db_path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the database's lock for the block; wait up to ``wait`` seconds for it."""
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot create lock file: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fd):
            if not told:  # a cron job that seems stuck says why
                log.error(f"waiting up to {wait:g}s for another eolscan update ({path})")
                told = True
            if time.monotonic() >= deadline:
                raise DatabaseError(
                    f"{path}: another eolscan update held the lock for {wait:g}s; try again later"
                )
            time.sleep(0.1)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
