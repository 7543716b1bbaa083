"""Where a write through a symbolic link lands: the file at the end of the link's chain.

A file is replaced by renaming a new one over it, and renaming over a link replaces the
link itself: ``-o link.json`` left the file it points to as it was, and ``-o /dev/stdout``
run as root replaced the system's link. So the writer renames over the file the chain of
links ends at instead, and the links stay. Only links in the last part of the path are
followed here; folders on the way are left to the system, which follows them (with its
own protections) when the temporary file is made. A link into a process's open
descriptors (``/dev/stdout``) names a stream, not a file: it is written where it is.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from eolscan.errors import OutputError

MAX_LINKS = 40
"""Links followed before a chain counts as a loop (the Linux kernel's own limit)."""

SHARED = stat.S_ISVTX | stat.S_IWOTH
"""A folder anyone may write to but only owners delete from: ``/tmp``."""

DESCRIPTORS = re.compile(r"/proc/[^/]+/fd")
"""Where Linux shows a process's open descriptors as links (``/dev/fd`` leads there)."""


def names_a_descriptor(path: Path) -> bool:
    """Whether ``path`` is, or links to, an open descriptor (``/dev/stdout``,
    ``/proc/self/fd/1``): a stream the caller set up, to be written to as it is, where it
    is (``>> log`` keeps the log), not a file to replace by name."""
    links, _ = _follow(path)
    return any(DESCRIPTORS.fullmatch(os.path.realpath(link.parent)) for link in links)


def final_target(path: Path) -> Path:
    """The file a write to ``path`` replaces: ``path`` itself, or the end of its links.

    A link is followed only when it is the user's own (see :func:`_refuse_planted`), and
    only to the very file the system opens through it: a link that ends at another file
    (one replaced while the links were read) is refused rather than recreated by name.
    """
    links, end = _follow(path)
    if not links:
        return path
    for link in links:
        _refuse_planted(link, path)
    _refuse_elsewhere(path, end)
    return end


def _follow(path: Path) -> tuple[list[Path], Path]:
    """The links met from ``path`` on, and the path they end at (which may not exist)."""
    links: list[Path] = []
    current = path
    while os.path.islink(current):
        if len(links) == MAX_LINKS:
            raise OutputError(f"{path}: cannot write: too many levels of symbolic links")
        links.append(current)
        try:
            pointed = os.readlink(current)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        current = current.parent / pointed  # an absolute target replaces the folder
    return links, current


def _refuse_planted(link: Path, path: Path) -> None:
    """Refuse a link another user left in a shared folder such as ``/tmp``: writing through
    it would let them aim a report run as root at any file (the rule Linux applies itself
    with ``fs.protected_symlinks``, which reading the link here would get around)."""
    if not hasattr(os, "geteuid"):  # Windows: no such folders, no such owners
        return
    try:
        owner = os.lstat(link).st_uid
        folder = os.stat(link.parent)
    except OSError:
        return
    if folder.st_mode & SHARED == SHARED and owner not in (os.geteuid(), folder.st_uid):
        which = "" if link == path else f" ({link})"
        why = f"a link another user owns in a shared folder{which}"
        raise OutputError(f"{path}: refusing to write through {why}")


def _refuse_elsewhere(path: Path, end: Path) -> None:
    """Refuse when the end of the links is not the file ``path`` opens; a dangling link
    passes (its target is created, or its missing folder reported, when written)."""
    try:
        opened = os.stat(path)
    except OSError:
        return
    try:
        same = os.path.samestat(opened, os.stat(end))
    except OSError:
        same = False
    if not same:
        raise OutputError(f"{path}: cannot write: its link ends at {end}, not at the file it opens")
