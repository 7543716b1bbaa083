"""Per-client settings in a client's folder (``client.toml``): a display name, contacts,
contracts and ignores that travel with the client's inventories.

An export without a client column gets its proper title this way, and a client's own
noise (its line-of-business app) is silenced only for that client's files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eolscan.errors import InputError
from eolscan.formats.settings import ClientInfo, read_client_file
from eolscan.inventory.registry import client_folder_of
from eolscan.judgement.ignore import (
    IGNORE_KEYS,
    IgnoreEntry,
    folder_path,
    folders_of,
    read_ignore_entry,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

CLIENT_FILE = "client.toml"


class ClientFileError(InputError):
    """A ``client.toml`` cannot be used; the message starts with ``file:line:``."""


@dataclass(slots=True)
class ClientSettings:
    """Every ``client.toml`` found: details by folder, and their ignores."""

    folders: dict[str, ClientInfo] = field(default_factory=dict)
    ignores: list[IgnoreEntry] = field(default_factory=list)

    def for_clients(self, files: dict[str, set[str]]) -> dict[str, ClientInfo]:
        """Client -> details, for each client whose files lie in a folder with a client.toml
        (the first such folder found; each file's folders looked up, not every folder
        compared with every file: a book of one file a machine has thousands)."""
        order = {folder_path(folder): at for at, folder in enumerate(self.folders)}
        details = list(self.folders.values())
        found: dict[str, ClientInfo] = {}
        for client, client_files in files.items():
            hits = [order[f] for file in client_files for f in folders_of(file) if f in order]
            if hits:
                found[client] = details[min(hits)]
        return found


def client_files(inventories: Iterable[str]) -> list[Path]:
    """``client.toml`` of each input (in its folder, or a folder above it: see
    ``registry.client_folder_of``) and in an input folder's sub-folders (one client per
    folder)."""
    found: list[Path] = []
    for inventory in inventories:
        if inventory == "-":
            continue
        path = Path(inventory)
        nested = sorted(path.glob(f"*/{CLIENT_FILE}")) if path.is_dir() else []
        enclosing = client_folder_of(path)
        own = [] if enclosing is None else [_as_given(path, enclosing) / CLIENT_FILE]
        for candidate in (*own, *nested):
            if candidate.is_file() and candidate not in found:
                found.append(candidate)
    return found


def _as_given(path: Path, folder: Path) -> Path:
    """``folder`` (absolute, at or above ``path``) written as ``path`` was: findings name
    their files as the command line did, and a client folder is matched against them."""
    if path.is_absolute():
        return folder
    start = path if path.is_dir() else path.parent
    levels = len(start.absolute().parts) - len(folder.parts)
    return Path(os.path.normpath(os.path.join(start, *[os.pardir] * levels)))


def load_client_settings(inventories: Iterable[str]) -> ClientSettings:
    """Read every ``client.toml`` beside the inventories; its first problem is an error."""
    settings = ClientSettings()
    for path in client_files(inventories):
        info, ignores, problems = read_client_file(path)
        entries = [_ignore(path, index, item, problems) for index, item in enumerate(ignores)]
        if problems:
            raise ClientFileError(problems[0])
        if info is not None:
            settings.folders[str(path.parent)] = info
        settings.ignores.extend(entry for entry in entries if entry is not None)
    return settings


def check_client_file(path: Path) -> list[str]:
    """Every problem in one ``client.toml`` (for ``validate``)."""
    _, ignores, problems = read_client_file(path)
    for index, item in enumerate(ignores):
        _ignore(path, index, item, problems)
    return problems


def _ignore(
    path: Path, index: int, item: dict[str, Any], problems: list[str]
) -> IgnoreEntry | None:
    """One ``[[ignore]]`` table as an entry that covers only this folder's files."""
    where = f"{path}: ignore entry {index + 1}"
    texts = {k: str(v).strip() for k, v in item.items() if k in IGNORE_KEYS and k != "until"}
    until = item.get("until")
    if until is not None and not isinstance(until, date):
        try:
            until = date.fromisoformat(str(until))
        except ValueError:
            problems.append(f"{where}: 'until' must be a date in the form YYYY-MM-DD")
            return None
    entry = read_ignore_entry(item, where, lambda _key: where, texts, until, problems)
    if entry is None:
        return None
    return replace(entry, folder=str(path.parent))
