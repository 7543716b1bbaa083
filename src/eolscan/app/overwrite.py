"""Outputs never replace inputs: a report named like an inventory must not overwrite it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from eolscan.errors import UsageError

Identities = set[tuple[int, int] | str]
"""Input files as (device, inode) pairs and resolved paths."""


def device_and_inode(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of an existing file, so a symlink, hard link or ``./x`` spelling of an
    input is still recognised as that input; None when nothing is there."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


def input_identities(paths: Iterable[str]) -> Identities:
    """What identifies each input file: its (device, inode), and its resolved path as a fallback
    for file systems without inode numbers."""
    found: Identities = set()
    for path in paths:
        if path == "-":
            continue
        identity = device_and_inode(path)
        if identity is not None:
            found.add(identity)
        with contextlib.suppress(OSError, ValueError, RuntimeError):  # RuntimeError: a loop
            found.add(str(Path(path).resolve()))
    return found


def refuse_inputs(targets: Iterable[Path], inputs: Identities) -> None:
    """Refuse, before anything is written, any output that is one of the inputs: a report
    named like an inventory (``acme-2026-11-23.csv`` in ``--output-dir .``) must never
    replace it."""
    for target in targets:
        identity = device_and_inode(target)
        try:
            resolved = str(target.resolve())
        except (OSError, ValueError, RuntimeError):  # Python 3.11 raises RuntimeError on a loop
            resolved = str(target)
        if (identity is not None and identity in inputs) or resolved in inputs:
            raise UsageError(f"{target}: refusing to overwrite an input file")
