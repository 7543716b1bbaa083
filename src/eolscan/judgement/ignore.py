"""Ignored items: noise a consultant silences (7-Zip, TeamViewer) without losing it.

The accepted-risk file's ``ignore:`` list names items by ``name`` glob or ``product`` id,
optionally for some ``client``/``host`` globs, with a ``reason``, an ``owner`` and an
optional ``until``. A match keeps its row with status ``ignored``: counted in the
summary and shown in every machine format, but out of the headline and the plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from eolscan.model import Finding, Status
from eolscan.support.globs import glob_matches, matches_one_of

IGNORE_KEYS = ("name", "product", "client", "host", "reason", "owner", "until")


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    """One ignore rule as written, with where it was written."""

    reason: str
    name: str = ""
    product: str = ""
    client: str = "*"
    host: str = "*"
    owner: str = ""
    until: date | None = None
    source: str = ""
    folder: str = ""
    """From a client folder's ``client.toml``: only items read from files in that folder."""

    def matches(self, finding: Finding) -> bool:
        """The folder (a client folder's entry), name glob and product id (when given),
        client and host globs; case ignored."""
        asset = finding.asset
        if self.folder and not in_folder(asset.location.file, self.folder):
            return False
        if not self.could_match(asset.name, finding.product):
            return False
        return glob_matches(asset.client.lower(), self.client.lower()) and glob_matches(
            asset.host.lower(), self.host.lower()
        )

    def could_match(self, name: str, product: str | None) -> bool:
        """Whether an item of this name and product could be ignored by this entry on some
        host (its name glob and product id; case ignored)."""
        if self.name and not glob_matches(name.lower(), self.name.lower()):
            return False
        return not self.product or (product or "").lower() == self.product.lower()

    def active(self, as_of: date) -> bool:
        """An entry without ``until`` never expires; else it applies up to that date."""
        return self.until is None or as_of <= self.until

    def describe(self) -> str:
        """``name '7-Zip*' on */*``: what the entry covers, for warnings."""
        what = f"name {self.name!r}" if self.name else f"product {self.product}"
        if self.name and self.product:
            what += f" ({self.product})"
        return f"{what} on {self.client}/{self.host}"


def in_folder(file: str, folder: str) -> bool:
    """True when ``file`` (an item's input file) lies in ``folder`` (each path parsed once: a
    book's every client folder may hold ignores, each checked against every client's files)."""
    return folder_path(folder) in folders_of(file)


@lru_cache(maxsize=4096)
def folder_path(folder: str) -> PurePath:
    """``folder`` as a path, made once a run."""
    return PurePath(folder)


@lru_cache(maxsize=4096)
def folders_of(file: str) -> frozenset[PurePath]:
    """The folders ``file`` lies in (compared as paths compare: without case on Windows)."""
    return frozenset(PurePath(file).parents)


def ignored(entry: IgnoreEntry, finding: Finding) -> Finding:
    """An ``ignored`` copy of ``finding`` whose reason says who silenced it and why."""
    owner = f" by {entry.owner}" if entry.owner else ""
    until = f" until {entry.until.isoformat()}" if entry.until else ""
    was = f"{finding.status}: {finding.reason}" if finding.reason else str(finding.status)
    reason = f"ignored{until}{owner}: {entry.reason} (was {was})"
    return dataclasses.replace(finding, status=Status.IGNORED, reason=reason, was=finding.status)


def read_ignore_entry(
    item: Any,
    where: str,
    key_where: Any,
    texts: dict[str, str],
    until: date | None,
    problems: list[str],
) -> IgnoreEntry | None:
    """One ``ignore:`` entry from its text fields, or None after appending its problems.

    ``key_where(key)`` gives ``file:line`` of a key; ``texts`` holds the non-empty text
    fields as written; ``until`` is already checked.
    """
    before = len(problems)
    for key in item:
        if key not in IGNORE_KEYS:
            problems.append(
                f"{key_where(key)}: unknown key {key!r} in ignore entry "
                f"(expected {', '.join(IGNORE_KEYS)})"
            )
    if "name" not in texts and "product" not in texts:
        problems.append(f"{where}: ignore entry needs 'name' (a glob) or 'product' (an id)")
    if "reason" not in texts:
        problems.append(f"{where}: ignore entry needs 'reason' (why it is noise)")
    if len(problems) > before:
        return None
    return IgnoreEntry(
        reason=texts["reason"],
        name=texts.get("name", ""),
        product=texts.get("product", ""),
        client=texts.get("client", "*"),
        host=texts.get("host", "*"),
        owner=texts.get("owner", ""),
        until=until,
        source=where,
    )


def ignore_warnings(
    ignores: list[IgnoreEntry],
    as_of: date,
    used: set[int],
    expired: dict[int, set[str]],
    client: str | None = None,
    clients: AbstractSet[str] | None = None,
) -> list[str]:
    """Expired and unused ignore entries, in file order, once every item went through.

    For one ``client`` only the expired entries that would have covered its items; with
    ``clients`` (lower-cased names: a shared file scanned for some clients) an entry that
    covered nothing is reported only when its client glob matches one of them.
    """
    messages: list[str] = []
    for index, rule in enumerate(ignores):
        if (
            clients is not None
            and not expired.get(index)
            and index not in used
            and not matches_one_of(rule.client, clients)
        ):
            continue  # another client's entry in a shared file: none of this run's business
        if not rule.active(as_of) and rule.until is not None:
            if client is None or client in expired.get(index, ()):
                messages.append(
                    f"{rule.source}: ignore entry for {rule.describe()} expired on "
                    f"{rule.until.isoformat()}; its items count again"
                )
        elif index not in used and client is None:
            messages.append(
                f"{rule.source}: ignore entry for {rule.describe()} matches no item; "
                "remove it or correct name, product, client or host"
            )
    return messages
