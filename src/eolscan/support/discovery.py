"""Where settings and accepted-risk files may be found on their own, and which ones to trust.

A file found without being named changes what a scan reports (``fail_on = "never"``, accepted
findings), so the search never leaves the user's project: it climbs from its start only up to the
repository root (the nearest directory holding ``.git``) or the current directory, and a file
found there must belong to the user (or root) and be writable by no one else.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def search_dirs(start: Path, cwd: Path | None = None) -> list[Path]:
    """``start`` and the directories above it, up to the nearest ``.git``, else up to ``cwd``.

    When neither lies above ``start``, only ``start`` itself is searched: a shared parent
    such as ``/tmp`` or ``/home`` is never consulted.
    """
    chain = [start, *start.parents]
    for index, directory in enumerate(chain):
        if (directory / ".git").exists():
            return chain[: index + 1]
    if cwd is not None and cwd in chain:
        return chain[: chain.index(cwd) + 1]
    return [start]


def untrusted_reason(path: Path) -> str | None:
    """Why a discovered file must not be used, or None when it is the user's own.

    POSIX only: on Windows, ACLs rather than mode bits and owners decide who may write, and
    ``st_uid`` is always 0, so the check is skipped there.
    """
    if os.name != "posix":
        return None
    try:
        info = path.stat()
    except OSError:
        return None  # reading it reports the problem
    if info.st_uid not in (os.getuid(), 0):
        return f"owned by another user (uid {info.st_uid})"
    if info.st_mode & stat.S_IWOTH:
        return "writable by every user"
    if info.st_mode & stat.S_IWGRP and info.st_gid != os.getgid():
        return f"writable by the group {info.st_gid}"
    return None


def refusal(path: Path, what: str, option: str) -> str | None:
    """The one line refusing an untrusted ``path``, or None when it may be used."""
    reason = untrusted_reason(path)
    if reason is None:
        return None
    return (
        f"{path}: this {what} is {reason}; not used (fix its owner or mode, "
        f"e.g. chmod go-w, or name it with {option})"
    )
