"""``.eolscanignore``: what a folder scan leaves out (notes, archives, another tool's files).

A client folder often holds more than exports: ``notes.txt``, a quote, an ``old/`` folder.
Each file no reader recognises is a broken input (exit 3), which is right for a cut export
and wrong for a note, so a cron run would fail every month. An ignore file names what is
not an inventory, in the shape git users know:

- one pattern a line; ``#`` starts a comment; blank lines are skipped;
- a pattern without ``/`` matches a file or folder name at any depth (``*.docx``,
  ``notes.txt``); one with ``/`` matches the path from the ignore file's folder
  (``old/*.csv``, ``/drafts``); a trailing ``/`` matches folders only;
- ``!pattern`` takes a file back; the last pattern that matches decides; ``**/name`` is
  ``name`` (any depth), and ``*`` may span folders (``old/*`` is all of ``old``); as in
  git, a folder left out is not looked into, so nothing in it can be taken back.

Ignore files are read in the folder scanned, in the folders above it up to the repository
root (inside a git repository only: wherever the run starts, the same files are read), and
in each folder below it for its own subtree.
A file named on the command line is always read. An ignore file that cannot be read, or
that another user could have written (it could hide a client's machines), is a broken input
(exit 3, named in every report), and the folder is read as if it were not there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from eolscan.inventory.interface import InventoryError
from eolscan.support.bounded import read_text_limited
from eolscan.support.discovery import search_dirs, untrusted_reason

IGNORE_FILE = ".eolscanignore"
MAX_IGNORE_BYTES = 64 * 1024
"""Largest ignore file read: a list of patterns, not data."""


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One pattern of an ignore file, with the folder it counts from."""

    base: Path
    where: str
    """``file:line`` of the pattern, to say why a file was left out."""
    pattern: str
    anchored: bool
    """Matched against the path from ``base`` (the pattern has a ``/``), not the name."""
    folders_only: bool
    keep: bool
    """A ``!`` pattern: takes back what an earlier one left out."""

    def matches(self, path: Path, is_folder: bool) -> bool:
        """Whether this pattern names ``path`` (below ``base``)."""
        if self.folders_only and not is_folder:
            return False
        if not self.anchored:
            return fnmatch(path.name, self.pattern)
        try:  # a scan names folders as the user typed them, often relative
            relative = path.absolute().relative_to(self.base)
        except ValueError:
            return False
        return fnmatch(PurePosixPath(*relative.parts).as_posix(), self.pattern)


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """The patterns in effect in one folder: its own and those of the folders above it."""

    rules: tuple[IgnoreRule, ...] = ()

    def ignores(self, path: Path, is_folder: bool = False) -> bool:
        """Whether a folder scan leaves ``path`` out (the last matching pattern decides)."""
        return self.leaving_out(path, is_folder) is not None

    def leaving_out(self, path: Path, is_folder: bool = False) -> IgnoreRule | None:
        """The pattern that leaves ``path`` out, or None when it is read."""
        deciding = None
        for rule in self.rules:
            if rule.matches(path, is_folder):
                deciding = rule
        return deciding if deciding is not None and not deciding.keep else None

    def within(self, folder: Path) -> IgnoreRules:
        """These rules with ``folder``'s own ignore file added (for its subtree)."""
        own = read_rules(folder / IGNORE_FILE)
        return IgnoreRules(self.rules + own) if own else self


NO_RULES = IgnoreRules()


def rules_for(folder: Path) -> IgnoreRules:
    """The rules in effect for a scanned ``folder``: its ignore file and, inside a git
    repository, those above it up to the repository's root, nearest last so it decides.
    Not the current directory's: a cron job in ``$HOME`` leaves out what a run at the
    terminal did."""
    start = folder.absolute()
    chain = search_dirs(start)
    found: tuple[IgnoreRule, ...] = ()
    for directory in reversed(chain):
        found += read_rules(directory / IGNORE_FILE)
    return IgnoreRules(found)


def read_rules(path: Path) -> tuple[IgnoreRule, ...]:
    """The patterns of one ignore file (none when there is none); an InventoryError when it
    cannot be read or another user could have written it."""
    try:
        if not path.is_file():
            return ()
    except OSError:  # its folder cannot be looked into: the folder walk says so
        return ()
    untrusted = untrusted_reason(path)
    if untrusted is not None:
        raise InventoryError(
            f"{path}: this ignore file is {untrusted}; not used (fix its owner or mode, "
            "e.g. chmod go-w)"
        )
    try:
        text = read_text_limited(path, MAX_IGNORE_BYTES, InventoryError)
    except OSError as exc:
        raise InventoryError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    base = path.parent.absolute()
    return tuple(
        rule
        for number, line in enumerate(text.splitlines(), start=1)
        if (rule := _rule(base, f"{path}:{number}", line.strip())) is not None
    )


def _rule(base: Path, where: str, line: str) -> IgnoreRule | None:
    if not line or line.startswith("#"):
        return None
    keep = line.startswith("!")
    pattern = line[1:] if keep else line
    pattern = pattern.replace(os.sep, "/") if os.sep != "/" else pattern
    folders_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    while pattern.startswith("**/"):  # git's "at any depth", which a name alone says here
        pattern = pattern[3:]
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    if not pattern:
        return None
    return IgnoreRule(base, where, pattern, anchored, folders_only, keep)
