"""Where the database lives: bundled file, the user's refreshed copy, or an explicit path."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir as platform_cache_dir
from platformdirs import user_data_dir as platform_data_dir

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_data_dir() -> Path:
    """The ``data/`` shipped in the wheel, or the repository's ``data/`` in a source checkout."""
    packaged = _PACKAGE_DIR / "data"
    if (packaged / "lifecycles.yaml").is_file():
        return packaged
    return _PACKAGE_DIR.parent.parent / "data"


def bundled_db_path() -> Path:
    """The lifecycle database that ships with eolscan."""
    return bundled_data_dir() / "lifecycles.yaml"


def rules_path() -> Path:
    """The curated recognition rules that ship with eolscan."""
    return bundled_data_dir() / "rules.yaml"


def curated_dir() -> Path:
    """The curated supplement to endoflife.date (``data/curated``) that ``db build`` merges in."""
    return bundled_data_dir() / "curated"


def user_data_dir() -> Path:
    """Per-user data directory for refreshed databases, as the platform names it (platformdirs:
    ``$XDG_DATA_HOME/eolscan`` on Linux, ``~/Library/Application Support/eolscan`` on macOS,
    ``%LOCALAPPDATA%\\eolscan`` on Windows)."""
    return Path(platform_data_dir("eolscan", appauthor=False))


def user_cache_dir() -> Path:
    """Per-user cache directory for the compact form of the database; ``EOLSCAN_CACHE_DIR``
    wins, else the platform's cache folder (``~/Library/Caches/eolscan`` on macOS)."""
    if os.environ.get("EOLSCAN_CACHE_DIR"):
        return Path(os.environ["EOLSCAN_CACHE_DIR"])
    return Path(platform_cache_dir("eolscan", appauthor=False))


def user_db_path() -> Path:
    """Where ``db update`` puts a refreshed database."""
    return user_data_dir() / "lifecycles.yaml"


def resolve_db_path(explicit: str | None) -> Path:
    """``--db``, else ``EOLSCAN_DB``, else a refreshed copy, else the bundled file."""
    if explicit:
        return Path(explicit)
    if os.environ.get("EOLSCAN_DB"):
        return Path(os.environ["EOLSCAN_DB"])
    refreshed = user_db_path()
    if refreshed.is_file():
        return refreshed
    return bundled_db_path()
