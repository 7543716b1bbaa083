"""Curated lifecycle products (``data/curated/products/*.yaml``) checked and merged into a build.

endoflife.date lacks the desktop staples every small-business PC runs (Visual C++
runtimes, Acrobat Reader, TeamViewer, ...). Their vendors publish lifecycles, so
the facts are kept by hand in YAML of the database's own product shape, each with
the vendor page it came from. A curated file is refused whole when any entry lacks
an https source link or has dates out of order: a wrong date is worse than none.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from eolscan.errors import DatabaseError
from eolscan.support.safeyaml import YamlLimitError, compose_with_lines

PRODUCT_KEYS = frozenset(
    {"label", "category", "aliases", "identifiers", "link", "policy", "source", "cycles"}
)
OPTIONAL_KEYS = frozenset({"lifecycle"})
"""``lifecycle: none`` (the vendor publishes no lifecycle: 7-Zip) or ``evergreen`` (only the
newest release is supported: Edge), on a product or one cycle; such cycles are judged by
whether the item is the newest release the data knows."""
CYCLE_KEYS = (
    "id",
    "label",
    "release",
    "support",
    "eol",
    "extended",
    "lts",
    "latest",
    "latest_date",
    "link",
    "codename",
    "source",
)
_DATE_KEYS = ("release", "support", "eol", "extended")
_LIFECYCLES = frozenset({"published", "none", "evergreen"})


def _https(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("https://") and len(value) > len("https://")


def date_or_flag(value: Any) -> str | bool | None:
    """A YAML date (or ISO text) as ISO text, the way the database stores it; true/false
    flags and null stay as they are. ValueError for anything else."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)).isoformat()


def _date_text(value: Any, what: str) -> str | bool | None:
    try:
        return date_or_flag(value)
    except ValueError as exc:
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), true, false or null") from exc


def _check_order(cycle: dict[str, Any]) -> None:
    """Release, end of active support, end of security support, end of extended support."""
    known = [(k, cycle[k]) for k in _DATE_KEYS if isinstance(cycle[k], str)]
    for (first, earlier), (second, later) in pairwise(known):
        if later < earlier:
            raise ValueError(f"dates out of order: {second} {later} is before {first} {earlier}")
    latest, release = cycle["latest_date"], cycle["release"]
    if isinstance(latest, str) and isinstance(release, str) and latest < release:
        raise ValueError("dates out of order: latest_date is before release")


def check_cycle(raw: Any, default: str = "published") -> dict[str, Any]:
    """One curated cycle in the database's cycle shape (plus ``source``), or ValueError."""
    if not isinstance(raw, dict) or "id" not in raw:
        raise ValueError("each cycle must be a mapping with an 'id'")
    unknown = sorted(set(raw) - set(CYCLE_KEYS) - OPTIONAL_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(map(str, unknown))}")
    if not _https(raw.get("link")):
        raise ValueError("'link' must be the vendor's lifecycle page (https://...)")
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        raise ValueError("'source' must say where the dates come from")
    cycle: dict[str, Any] = {key: raw.get(key) for key in CYCLE_KEYS}
    cycle["id"] = str(raw["id"])
    cycle["label"] = str(raw.get("label") or raw["id"])
    for key in (*_DATE_KEYS, "latest_date"):
        cycle[key] = _date_text(raw.get(key), key)
    if isinstance(cycle["release"], bool) or isinstance(cycle["latest_date"], bool):
        raise ValueError("'release' and 'latest_date' must be dates or null")
    cycle["lts"] = bool(raw.get("lts"))
    cycle["latest"] = None if raw.get("latest") is None else str(raw["latest"])
    _check_order(cycle)
    lifecycle = _lifecycle(raw.get("lifecycle") or default)
    if lifecycle != "published":
        cycle["lifecycle"] = lifecycle
    return cycle


def _lifecycle(value: Any) -> str:
    if str(value) not in _LIFECYCLES:
        raise ValueError("'lifecycle' must be 'published', 'none' or 'evergreen'")
    return str(value)


def check_product(raw: Any) -> dict[str, Any]:
    """One curated product in the database's product shape (plus ``source``), or ValueError."""
    if not isinstance(raw, dict):
        raise ValueError("must be a mapping")
    unknown = sorted(set(raw) - PRODUCT_KEYS - OPTIONAL_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(map(str, unknown))}")
    if not isinstance(raw.get("label"), str) or not raw["label"].strip():
        raise ValueError("'label' is required")
    if not _https(raw.get("link")):
        raise ValueError("'link' must be the vendor's lifecycle page (https://...)")
    if raw.get("policy") is not None and not _https(raw["policy"]):
        raise ValueError("'policy' must be an https link or null")
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        raise ValueError("'source' must name the vendor page the facts come from")
    _lifecycle(raw.get("lifecycle") or "published")
    cycles = raw.get("cycles")
    if not isinstance(cycles, list) or not cycles:
        raise ValueError("'cycles' must be a non-empty list")
    for key in ("aliases", "identifiers"):
        if not isinstance(raw.get(key) or [], list):
            raise ValueError(f"'{key}' must be a list")
    product: dict[str, Any] = {
        "label": raw["label"],
        "category": str(raw.get("category") or "app"),
        "aliases": [str(a) for a in raw.get("aliases") or []],
        "identifiers": [str(i) for i in raw.get("identifiers") or []],
        "link": raw["link"],
        "policy": raw.get("policy"),
        "cycles": [],
    }
    product["source"] = raw["source"].strip()
    return product


def load_file(path: Path) -> dict[str, dict[str, Any]]:
    """Every product of one curated file, checked; DatabaseError naming file, line and entry."""
    try:
        document, lines, _ = compose_with_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatabaseError(f"{path}: cannot read curated file: {exc}") from exc
    except YamlLimitError as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise DatabaseError(f"{where}: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("products"), dict):
        raise DatabaseError(f"{path}: expected a mapping with 'products:'")
    products: dict[str, dict[str, Any]] = {}
    for product_id, raw in document["products"].items():
        try:
            product = check_product(raw)
        except ValueError as exc:
            where = f"{path}:{lines.get(('products', str(product_id)), 1)}"
            raise DatabaseError(f"{where}: curated product {product_id!r}: {exc}") from exc
        for index, raw_cycle in enumerate(raw["cycles"]):
            try:
                default = str(raw.get("lifecycle") or "published")
                product["cycles"].append(check_cycle(raw_cycle, default))
            except ValueError as exc:
                cycle_id = raw_cycle.get("id") if isinstance(raw_cycle, dict) else index
                line = lines.get(("products", str(product_id), "cycles", index), 1)
                where = f"{path}:{line}"
                raise DatabaseError(
                    f"{where}: curated product {product_id!r} cycle {cycle_id!r}: {exc}"
                ) from exc
        product["curated"] = f"products/{path.name}"
        products[str(product_id)] = product
    return products


def load_directory(directory: Path) -> dict[str, dict[str, Any]]:
    """Every curated product under ``directory/products``; one product id in one file only."""
    found: dict[str, dict[str, Any]] = {}
    folder = directory / "products"
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yaml")):
        for product_id, product in load_file(path).items():
            if product_id in found:
                other = found[product_id]["curated"]
                raise DatabaseError(f"{path}: curated product {product_id!r} is also in {other}")
            found[product_id] = product
    return found


def merge(document: dict[str, Any], curated: dict[str, dict[str, Any]]) -> list[str]:
    """Add curated products the document lacks; where endoflife.date has one, its data wins.

    Returns one note per curated product left out, for the build to say so.
    """
    products: dict[str, Any] = document["products"]
    notes = []
    for product_id, product in curated.items():
        if product_id in products:
            notes.append(
                f"curated {product_id!r} ({product['curated']}) left out: "
                "endoflife.date has this product and its data wins"
            )
            continue
        products[product_id] = product
    document["products"] = dict(sorted(products.items()))
    return notes
