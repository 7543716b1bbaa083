"""Refresh the lifecycle database from the live API: fetch, convert, validate, then swap in.

The order is what keeps a user's database safe: nothing on disk changes until the new
document converted and validated; the old copy is kept as ``*.previous`` for rollback;
each file is replaced atomically; and the whole update runs under a lock. A sidecar
``*.meta.json`` keeps the ETag/Last-Modified so an unchanged database costs one 304.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eolscan.errors import DatabaseError, EolscanError
from eolscan.lifecycles import fetch
from eolscan.lifecycles.build import convert, dump
from eolscan.lifecycles.cache import load_cached, parse_yaml_file
from eolscan.lifecycles.curated import load_directory, merge
from eolscan.lifecycles.lock import database_lock
from eolscan.lifecycles.paths import bundled_db_path, curated_dir, user_db_path
from eolscan.lifecycles.store import LifecycleDB, check_whole
from eolscan.support.atomic import atomic_writer
from eolscan.support.links import final_target

DEFAULT_URL = "https://endoflife.date/api/v1"
MIN_RATIO = 0.9
"""A new database with fewer than 90% of the current products or cycles is refused."""


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What ``db update`` did, for its one-line summary."""

    path: Path
    changed: bool
    products: int = 0
    cycles: int = 0


def target_path(explicit: str | None) -> Path:
    """``--db`` / ``EOLSCAN_DB``, else the user data directory; never the bundled file."""
    if explicit:
        return Path(explicit)
    if os.environ.get("EOLSCAN_DB"):
        return Path(os.environ["EOLSCAN_DB"])
    return user_db_path()


def previous_path(db_path: Path) -> Path:
    """Where the copy replaced by the last update (or rollback) is kept."""
    return db_path.with_name(db_path.name + ".previous")


def meta_path(db_path: Path) -> Path:
    """The sidecar with the HTTP validators of the current copy."""
    return db_path.with_name(db_path.name + ".meta.json")


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_meta(db_path: Path) -> dict[str, Any]:
    """The sidecar, or {} when missing, corrupt, or describing another file than the one on disk."""
    try:
        meta = json.loads(meta_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(meta, dict) or meta.get("sha256") != _sha256(db_path):
        return {}
    return meta


def conditional_headers(db_path: Path, url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the sidecar, when it is for this URL and this file."""
    meta = read_meta(db_path)
    if meta.get("url") != url:
        return {}
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = str(meta["etag"])
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = str(meta["last_modified"])
    return headers


def _counts(document: dict[str, Any]) -> tuple[int, int]:
    """endoflife.date's products and cycles: the curated ones come with eolscan, not the API."""
    products = {k: v for k, v in (document.get("products") or {}).items() if not v.get("curated")}
    return len(products), sum(
        p.get("cycle_count") or len(p.get("cycles") or []) for p in products.values()
    )


def validate(document: dict[str, Any], current: dict[str, Any] | None, source: str) -> None:
    """Every product and date must load, and counts must not collapse against the current copy."""
    db = LifecycleDB(document, source)
    for product_id in list(db.ids()):
        db.product(product_id)
    if current is None:
        return
    new_products, new_cycles = _counts(document)
    old_products, old_cycles = _counts(current)
    for what, new, old in (
        ("products", new_products, old_products),
        ("cycles", new_cycles, old_cycles),
    ):
        if new < old * MIN_RATIO:
            raise DatabaseError(
                f"{source}: only {new} {what} against {old} in the current database; refusing it"
            )


def _load_current(db_path: Path) -> dict[str, Any] | None:
    """What the update replaces: the target, or the bundled copy the default target shadows."""
    current = db_path
    if not db_path.is_file():
        if db_path != user_db_path():
            return None
        current = bundled_db_path()
    try:
        document = load_cached(current)
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _write_meta(db_path: Path, url: str, headers: dict[str, str]) -> None:
    lowered = {k.lower(): v for k, v in headers.items()}
    meta = {
        "url": url,
        "etag": lowered.get("etag"),
        "last_modified": lowered.get("last-modified"),
        "fetched_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sha256": _sha256(db_path),
    }
    with atomic_writer(meta_path(db_path)) as handle:
        handle.write(json.dumps(meta, indent=2) + "\n")


def _install(db_path: Path, text: str) -> None:
    """Keep the current copy as ``*.previous``, then replace the database; each step atomic.

    Before the first update the current copy is the bundled database, so ``db rollback``
    can always go back to what scans used before.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    before = db_path if db_path.is_file() else bundled_db_path()
    if before.is_file():
        with atomic_writer(previous_path(db_path), binary=True) as handle:
            handle.write(before.read_bytes())  # type: ignore[arg-type]
    with atomic_writer(db_path) as handle:
        handle.write(text)


def update(
    db_path: Path, base_url: str = DEFAULT_URL, limits: fetch.Limits | None = None
) -> UpdateResult:
    """Fetch, convert, validate and swap in; on any failure the database on disk is untouched."""
    base = base_url.rstrip("/")
    url = fetch.full_url(base)
    fetch.check_url(url)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"{db_path.parent}: cannot create directory: {exc.strerror or exc}"
        ) from exc
    real = final_target(db_path)  # a link's lock, meta and previous copy go beside its file
    with database_lock(real):
        fetched = fetch.get(url, conditional_headers(real, url), limits)
        if fetched.not_modified:
            return UpdateResult(db_path, changed=False)
        document = convert(fetch.parse_json(fetched), base)
        merge(document, load_directory(curated_dir()))  # the staples endoflife.date lacks
        validate(document, _load_current(real), url)
        _install(real, dump(document))
        with contextlib.suppress(EolscanError):  # only an optimisation: next time, a full download
            _write_meta(real, url, fetched.headers)
    products, cycles = _counts(document)
    return UpdateResult(db_path, changed=True, products=products, cycles=cycles)


def rollback(db_path: Path) -> Path:
    """Swap the database with its ``*.previous`` copy (running it twice undoes it)."""
    real = final_target(db_path)  # the file a link names, with its previous copy beside it
    previous = previous_path(real)
    with database_lock(real):
        if not previous.is_file():
            raise DatabaseError(f"{previous}: no previous database to roll back to")
        old = previous.read_bytes()
        current = real.read_bytes() if real.is_file() else None
        try:
            document = parse_yaml_file(previous)
            LifecycleDB(document, str(previous))
            check_whole(document, str(previous))
        except ValueError as exc:
            raise DatabaseError(f"{previous}: not a usable database: {exc}") from exc
        if current is not None:
            with atomic_writer(previous, binary=True) as handle:
                handle.write(current)  # type: ignore[arg-type]
        with atomic_writer(real, binary=True) as handle:
            handle.write(old)  # type: ignore[arg-type]
    return db_path
