"""Parse YAML once, then load a compact ``marshal`` copy keyed by the file's identity.

Parsing the 8,000-cycle YAML takes about a second; the marshal copy loads in a few
milliseconds. The key covers path, size, mtime and eolscan's version, so editing
the YAML (or upgrading eolscan) invalidates it. Each cache file starts with a SHA-256
of its payload, checked before unmarshalling (``marshal`` is not meant for damaged
data): a truncated or corrupt cache file counts as a miss and is rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from eolscan import __version__
from eolscan.lifecycles.paths import user_cache_dir

MAX_YAML_BYTES = 64 * 1024 * 1024
"""Refuse database/rules files larger than this (a full database is about 3 MB)."""
_DIGEST_BYTES = 32


def _cache_file(path: Path, stat: os.stat_result) -> Path:
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}|{marshal.version}"
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]
    return user_cache_dir() / f"{path.stem}-{digest}.marshal"


def parse_yaml_file(path: Path) -> Any:
    """Parse a YAML file safely with the C loader when available."""
    from eolscan.safeyaml import load_yaml_text

    if path.stat().st_size > MAX_YAML_BYTES:
        raise ValueError(f"larger than the {MAX_YAML_BYTES // (1024 * 1024)} MiB limit")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start})") from exc
    return load_yaml_text(text, str(path), max_chars=MAX_YAML_BYTES)


def _read_cache(cache: Path) -> Any:
    """The cached document, or None when the file is absent, truncated or corrupt."""
    try:
        blob = cache.read_bytes()
    except OSError:
        return None
    digest, payload = blob[:_DIGEST_BYTES], blob[_DIGEST_BYTES:]
    if len(digest) != _DIGEST_BYTES or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def load_cached(path: Path) -> Any:
    """Load ``path`` (YAML) through the marshal cache; raises OSError/ValueError on a bad file."""
    stat = path.stat()
    cache = _cache_file(path, stat)
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    data = parse_yaml_file(path)
    _write_cache(cache, data)
    return data


def _write_cache(cache: Path, data: Any) -> None:
    """Store ``data`` for next time; a cache that cannot be written is simply skipped."""
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        payload = marshal.dumps(data)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, cache)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()
