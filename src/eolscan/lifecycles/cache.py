"""Parse YAML once, then load a compact ``marshal`` copy keyed by the file's identity.

Parsing the 8,000-cycle YAML takes about a second; the marshal copy loads in about
ten milliseconds. The key covers path, size, mtime and eolscan's version, so editing
the YAML (or upgrading eolscan) invalidates it, and is stored inside the file too, so a
name collision is a miss, not wrong data. Each cache file starts with a CRC-32 of its
payload, checked before unmarshalling (``marshal`` is not meant for damaged data): a
truncated or corrupt cache file counts as a miss and is rewritten.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import stat as stat_module
import sys
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from eolscan import __version__
from eolscan.lifecycles.freshness import content_date
from eolscan.lifecycles.paths import user_cache_dir
from eolscan.support.bounded import is_regular, open_binary, read_stream
from eolscan.support.safeyaml import compose_with_lines, load_yaml_text

MAX_YAML_BYTES = 64 * 1024 * 1024
"""Refuse database/rules files larger than this (a full database is about 3 MB)."""
_CHECK_BYTES = 4


T = TypeVar("T")

CACHE_FORMAT = 4
"""Bumped whenever the cached layout changes (2: each product's cycles packed on their own;
3: the data's content date, ``data_date``, computed once when the cache is written; 4: the
content date leaves curated products out)."""


def _cache_key(path: Path, stat: os.stat_result) -> str:
    identity = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return f"{identity}|{__version__}|{marshal.version}|{CACHE_FORMAT}"


def _cache_file(path: Path, key: str) -> Path:
    """``zlib.crc32`` names the file: hashlib would add milliseconds to every start."""
    digest = zlib.crc32(key.encode("utf-8", "surrogateescape"))
    return user_cache_dir() / f"{path.stem}-{digest:08x}-{len(key):x}.marshal"


def _interned(value: Any) -> Any:
    """Share repeated keys and short values: marshal then stores each once (loads ~30% faster)."""
    if isinstance(value, dict):
        return {_interned(k): _interned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_interned(item) for item in value]
    if type(value) is str and len(value) <= 32:
        return sys.intern(value)
    return value


def parse_yaml_file(path: Path) -> Any:
    """Parse a YAML file safely with the C loader when available."""
    if path.is_dir():
        raise IsADirectoryError(path)
    with open_binary(path) as handle:  # the limit counts bytes read, not stat's size
        data = read_stream(handle, MAX_YAML_BYTES, "", ValueError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start})") from exc
    return load_yaml_text(text, str(path), max_chars=MAX_YAML_BYTES)


def _packed(data: Any) -> Any:
    """Each product's cycles as their own marshal blob: a run unpacks only the products it uses.

    Loading every cycle of 464 products costs ~10 ms a run; a scan touches a few dozen.
    """
    products = data.get("products") if isinstance(data, dict) else None
    if not isinstance(products, dict):
        return data
    data_date = data.get("data_date") or content_date(products, str(data.get("generated_at", "")))
    packed = {}
    for product_id, raw in products.items():
        cycles = raw.get("cycles") if isinstance(raw, dict) else None
        if not isinstance(cycles, list):
            return data
        packed[product_id] = {**raw, "cycles": marshal.dumps(cycles), "cycle_count": len(cycles)}
    return {**data, "data_date": data_date, "products": packed}


def unpack_cycles(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn a product's packed cycles back into a list, in place; returns the product."""
    cycles = raw.get("cycles")
    if isinstance(cycles, bytes):
        raw["cycles"] = marshal.loads(cycles)
        raw.pop("cycle_count", None)
    return raw


def _read_cache(cache: Path, key: str) -> Any:
    """The cached document, or None when the file is absent, truncated, corrupt or another key's."""
    try:
        blob = cache.read_bytes()
    except OSError:
        return None
    check, payload = blob[:_CHECK_BYTES], memoryview(blob)[_CHECK_BYTES:]  # not copied
    if len(check) != _CHECK_BYTES or zlib.crc32(payload).to_bytes(4, "big") != check:
        return None
    try:
        stored_key, data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return data if stored_key == key else None


def compact_path(path: Path) -> Path:
    """Where a build-time JSON copy of ``path`` ships: ``x.yaml`` -> ``x.compact.json``."""
    return path.with_name(f"{path.stem}.compact.json")


def compact_text(path: Path) -> str | None:
    """A JSON copy of the YAML at ``path`` (the wheel ships it), or None if JSON cannot hold it.

    The first line records the YAML's size and CRC-32; the copy is used only while they match.
    """
    raw = path.read_bytes()
    data = parse_yaml_file(path)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if json.loads(text) != data:
        return None
    return json.dumps({"yaml_size": len(raw), "yaml_crc32": zlib.crc32(raw)}) + "\n" + text


def _from_compact(path: Path, size: int) -> Any:
    """The shipped JSON copy of ``path`` while it still matches the YAML, else None (50x faster)."""
    compact = compact_path(path)
    if not compact.is_file():
        return None
    suppressed = contextlib.suppress(OSError, ValueError, AttributeError)
    with suppressed, compact.open(encoding="utf-8") as handle:
        header = json.loads(handle.readline())
        if header.get("yaml_size") != size:
            return None
        if header.get("yaml_crc32") == zlib.crc32(path.read_bytes()):
            return json.loads(handle.read())
    return None


def load_cached(path: Path) -> Any:
    """Load ``path`` (YAML) through the marshal cache; raises OSError/ValueError on a bad file.

    A pipe or device (``--db <(...)``) is read as it is: its size and time name no content.
    """
    if not is_regular(path):
        return parse_yaml_file(path)
    stat = path.stat()
    key = _cache_key(path, stat)
    cache = _cache_file(path, key)
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    data = _from_compact(path, stat.st_size)
    if data is None:
        data = parse_yaml_file(path)
    _write_cache(cache, (key, _packed(_interned(data))))
    return data


def _write_cache(cache: Path, data: Any) -> None:
    """Store ``data`` for next time; a cache that cannot be written is simply skipped."""
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        payload = marshal.dumps(data)
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:  # the check, then the payload: not copied behind it
            handle.write(zlib.crc32(payload).to_bytes(4, "big"))
            handle.write(payload)
        os.replace(tmp, cache)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()


def parse_cached(path: Path, text: str, parse: Callable[[str], T], purpose: str = "") -> T:
    """``parse(text)`` through the same marshal cache, keyed by the text itself (its length
    and CRC-32) and eolscan's version: a file read on every run costs a lookup, not its
    parser's import and a parse. A result marshal cannot hold (a TOML date) is parsed
    every time. The path as given is part of the key: the result may name it. Each path
    (and ``purpose``, naming what ``parse`` makes) has one cache file, which a changed text
    replaces: an inventory exported anew every day does not leave a file a day behind."""
    encoded = text.encode("utf-8", "surrogatepass")
    where = f"{purpose}|{path}|{path.resolve()}"
    key = f"{where}|{len(encoded)}|{zlib.crc32(encoded)}|{__version__}|{marshal.version}"
    key = f"{key}|{CACHE_FORMAT}"
    cache = _cache_file(Path(f"{purpose}-{path.name}") if purpose else path, where)
    cached = _read_cache(cache, key)
    if cached is not None:
        result: T = cached
        return result
    parsed = parse(text)
    _write_cache(cache, (key, parsed))
    # Files of every client, and temporary ones: the newest are kept, looked over once a
    # run (a book of one file a machine has thousands, and each look is a pass over them).
    if purpose and purpose not in _PRUNED:
        _PRUNED.add(purpose)
        prune_cache(purpose, KEPT_PARSES, cache, KEPT_PARSE_BYTES)
    return parsed


KEPT_PARSES = 10_000
"""Parses of one purpose kept (a client's inventory and accepted-risk file each, or one
export a machine: a book of thousands of machines); older ones are removed, at a run's
first new parse, down to this many and ``KEPT_PARSE_BYTES``."""
KEPT_PARSE_BYTES = 256 * 1024 * 1024
"""The most the parses of one purpose take on disk (a machine's export parses to a few KB,
a large client's up to a few MB)."""
_PRUNED: set[str] = set()
"""Purposes whose cache this run has pruned already."""


MAX_COMPOSED_CHARS = 2 * 1024 * 1024
"""Largest YAML/JSON text whose parse with line numbers is kept in the cache (2 MiB, a
client of a few thousand machines): larger ones are read whole each time."""


def compose_cached(name: str, text: str) -> tuple[Any, dict[Any, int], dict[Any, str]]:
    """``safeyaml.compose_with_lines(text)`` of the file named ``name``, through the parse
    cache when it is a regular file of at most ``MAX_COMPOSED_CHARS``: a client's inventory
    and accepted-risk file are read again on every run, mostly unchanged (parsing a
    25-machine inventory with its lines costs 4 ms; loading the kept parse a tenth of it).
    What fails to parse raises each time, as it did."""
    path = Path(name)
    if len(text) > MAX_COMPOSED_CHARS or not name or file_identity(path) is None:
        return compose_with_lines(text)
    document, lines, scalars, tagged = parse_cached(path, text, _composed, "composed")
    return (_untagged(document) if tagged else document), lines, scalars


def _composed(text: str) -> tuple[Any, dict[Any, int], dict[Any, str], bool]:
    """The parse with what marshal cannot hold, or could confuse, as tagged tuples: a date
    (an accepted risk's ``until``) as ``("date", "2027-01-31")``, and a tuple of YAML's
    own (``!!pairs``, ``!!omap``) as ``("tuple", (...))``; so every tuple kept is a tag."""
    document, lines, scalars = compose_with_lines(text)
    tags: list[bool] = []
    return _tagged(document, tags), lines, scalars, bool(tags)


def _tagged(value: Any, tags: list[bool]) -> Any:
    if isinstance(value, dict):
        return {_tagged(k, tags): _tagged(v, tags) for k, v in value.items()}
    if isinstance(value, (list, set)):
        return type(value)(_tagged(item, tags) for item in value)
    if isinstance(value, tuple):  # a tuple of tags stays hashable, as the tuple was
        tags.append(True)
        return ("tuple", tuple(_tagged(item, tags) for item in value))
    if isinstance(value, date):  # a datetime too
        tags.append(True)
        return (type(value).__name__, value.isoformat())
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        return {_untagged(k): _untagged(v) for k, v in value.items()}
    if isinstance(value, (list, set)):
        return type(value)(_untagged(item) for item in value)
    if isinstance(value, tuple):
        kind, content = value
        if kind == "tuple":
            return tuple(_untagged(item) for item in content)
        return (
            datetime.fromisoformat(content) if kind == "datetime" else date.fromisoformat(content)
        )
    return value


def prune_cache(name: str, keep: int, kept: Path, max_bytes: int | None = None) -> None:
    """Remove the cache files of ``name`` (``store_keyed``'s, or a parse purpose's) past the
    newest ``keep`` (and past ``max_bytes`` in all, when given), never ``kept`` (the one
    just written): caches keyed by a file's content or identity would otherwise grow with
    every version of that file."""
    found = sorted(map(_dated, user_cache_dir().glob(f"{name}-*.marshal")), reverse=True)
    total = 0
    for at, (_, size, old) in enumerate(found):
        total += size
        if (at >= keep or (max_bytes is not None and total > max_bytes)) and old != kept:
            with contextlib.suppress(OSError):
                old.unlink()


def _dated(path: Path) -> tuple[float, int, Path]:
    """(modification time, size, path) of a cache file; (0, 0, path) when it is gone."""
    try:
        info = path.stat()
    except OSError:
        return 0.0, 0, path
    return info.st_mtime, info.st_size, path


def file_identity(target: Path | str | int) -> str | None:
    """A regular file's identity as the system tells it (device, inode, size, modification
    time to the nanosecond; a path, or an open descriptor such as standard output
    redirected to a file): a key for what is known of its content. None for anything else,
    or a file that cannot be looked at."""
    try:
        info = os.fstat(target) if isinstance(target, int) else os.stat(target)
    except (OSError, ValueError):
        return None
    if not stat_module.S_ISREG(info.st_mode):
        return None
    return f"{info.st_dev}|{info.st_ino}|{info.st_size}|{info.st_mtime_ns}"


def store_keyed(name: str, key: str, data: Any) -> Path:
    """Keep ``data`` (what marshal holds) in the cache under ``key`` (eolscan's version and
    the cache format join it); returns the cache file, written whole or not at all."""
    full = f"{key}|{__version__}|{marshal.version}|{CACHE_FORMAT}"
    cache = _cache_file(Path(name), full)
    _write_cache(cache, (full, data))
    return cache


def fetch_keyed(name: str, key: str) -> Any:
    """What ``store_keyed`` kept under ``key``, or None (absent, damaged, another key's)."""
    full = f"{key}|{__version__}|{marshal.version}|{CACHE_FORMAT}"
    return _read_cache(_cache_file(Path(name), full), full)
