"""Parse YAML once, then load a compact ``marshal`` copy keyed by the file's identity.

Parsing the 8,000-cycle YAML takes about a second; the marshal copy loads in a few
milliseconds. The key covers path, size, mtime and eolscan's version, so editing
the YAML (or upgrading eolscan) invalidates it; a corrupt cache file counts as a miss.
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


def _cache_file(path: Path, stat: os.stat_result) -> Path:
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}|{marshal.version}"
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]
    return user_cache_dir() / f"{path.stem}-{digest}.marshal"


def parse_yaml_file(path: Path) -> Any:
    """Parse a YAML file safely with the C loader when available."""
    from eolscan.safeyaml import load_yaml_text

    if path.stat().st_size > MAX_YAML_BYTES:
        raise ValueError(f"larger than the {MAX_YAML_BYTES // (1024 * 1024)} MiB limit")
    text = path.read_text(encoding="utf-8")
    return load_yaml_text(text, str(path))


def load_cached(path: Path) -> Any:
    """Load ``path`` (YAML) through the marshal cache; raises OSError/ValueError on a bad file."""
    stat = path.stat()
    cache = _cache_file(path, stat)
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        return marshal.loads(cache.read_bytes())
    data = parse_yaml_file(path)
    with contextlib.suppress(OSError, ValueError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, cache)
    return data
