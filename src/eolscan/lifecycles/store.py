"""The loaded lifecycle database: products built lazily from the compact document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eolscan.errors import DatabaseError
from eolscan.lifecycles.cache import load_cached, unpack_cycles
from eolscan.lifecycles.freshness import content_date
from eolscan.model import Cycle, DatabaseInfo, DateOrFlag, Product

if TYPE_CHECKING:
    from eolscan.lifecycles.contracts import Contract
    from eolscan.lifecycles.overlay import Overlay


def _date_or_flag(value: Any) -> DateOrFlag:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _optional_date(value: Any) -> date | None:
    parsed = _date_or_flag(value)
    return parsed if isinstance(parsed, date) else None


def cycle_from_dict(raw: dict[str, Any], *, overlay: bool = False) -> Cycle:
    """Build a Cycle from its database mapping."""
    lts = raw.get("lts")
    return Cycle(
        id=str(raw["id"]),
        label=str(raw.get("label") or raw["id"]),
        release=_optional_date(raw.get("release")),
        support_end=_date_or_flag(raw.get("support")),
        eol=_date_or_flag(raw.get("eol")),
        extended_end=_date_or_flag(raw.get("extended")),
        lts=bool(lts),
        latest=None if raw.get("latest") is None else str(raw["latest"]),
        link=raw.get("link"),
        codename=raw.get("codename"),
        overlay=overlay,
        lifecycle=str(raw.get("lifecycle") or ""),
    )


class LifecycleDB:
    """Products and cycles by endoflife.date id; each product is built when first asked for."""

    def __init__(self, document: dict[str, Any], path: str = "") -> None:
        try:
            self._raw: dict[str, dict[str, Any]] = document["products"]
            self.source = str(document.get("source", ""))
            self.generated_at = str(document.get("generated_at", ""))
            self._data_date = str(document.get("data_date") or "")
        except (KeyError, TypeError) as exc:
            raise DatabaseError(
                f"{path}: not an eolscan lifecycle database (no 'products')"
            ) from exc
        if not isinstance(self._raw, dict):
            raise DatabaseError(f"{path}: 'products' must be a mapping")
        _check_products(self._raw, path)
        self.path = path
        self._products: dict[str, Product] = {}
        self._overlay_ids: set[str] = set()
        self.overlay: Overlay | None = None
        """The local overlay applied on top, if any (see ``lifecycles.overlay``)."""
        self.changed = False
        """True once a product was added or replaced here: the database is no longer
        what its file holds."""

    def __contains__(self, product_id: object) -> bool:
        return product_id in self._raw

    def ids(self) -> Iterator[str]:
        """Every product id."""
        return iter(self._raw)

    def raw(self, product_id: str) -> dict[str, Any]:
        """The product's mapping as stored (aliases, identifiers, cycles, ...)."""
        raw = self._raw[product_id]
        if isinstance(raw.get("cycles"), bytes):
            _check_product(product_id, unpack_cycles(raw), self.path)
        return raw

    def meta(self, product_id: str) -> dict[str, Any]:
        """The product's mapping without unpacking its cycles: label, aliases, identifiers."""
        return self._raw[product_id]

    def product(self, product_id: str) -> Product:
        """The product with this id; KeyError when absent."""
        cached = self._products.get(product_id)
        if cached is not None:
            return cached
        raw = self.raw(product_id)
        overlay = product_id in self._overlay_ids or bool(raw.get("overlay"))
        try:
            product = Product(
                id=product_id,
                label=str(raw.get("label") or product_id),
                category=str(raw.get("category") or ""),
                link=raw.get("link"),
                policy_link=raw.get("policy"),
                cycles=tuple(
                    cycle_from_dict(c, overlay=overlay or bool(c.get("overlay")))
                    for c in raw.get("cycles") or []
                ),
                overlay=overlay,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DatabaseError(f"{self.path}: product {product_id!r} is malformed: {exc}") from exc
        self._products[product_id] = product
        return product

    def add_raw_product(self, product_id: str, raw: dict[str, Any]) -> None:
        """Add or replace a product (used by the local overlay)."""
        self._raw[product_id] = raw
        self._overlay_ids.add(product_id)
        self._products.pop(product_id, None)
        self.changed = True

    def replace_raw_product(self, product_id: str, raw: dict[str, Any]) -> None:
        """Replace a product whose overlay cycles carry their own ``overlay`` marks."""
        self._raw[product_id] = raw
        self._products.pop(product_id, None)
        self.changed = True

    @property
    def contracts(self) -> tuple[Contract, ...]:
        """Extended-support contracts from the overlay."""
        return self.overlay.contracts if self.overlay else ()

    def _names(self, product_id: str) -> list[str]:
        raw = self._raw[product_id]
        return [str(raw.get("label") or ""), *(str(a) for a in raw.get("aliases") or [])]

    def find(self, text: str) -> str | None:
        """A product id from its id, label or alias (case-insensitive), for ``db show``."""
        wanted = text.strip().lower()
        for candidate in (wanted, wanted.replace(" ", "-")):
            if candidate in self._raw:
                return candidate
        for product_id in self._raw:
            if wanted in (n.lower() for n in self._names(product_id)):
                return product_id
        return None

    def search(self, text: str) -> list[str]:
        """Product ids whose id, label, alias or category contains ``text``, for ``db search``."""
        wanted = text.strip().lower()
        found = []
        for product_id, raw in self._raw.items():
            words = [product_id, str(raw.get("category") or ""), *self._names(product_id)]
            if any(wanted in w.lower() for w in words):
                found.append(product_id)
        return sorted(found)

    @property
    def data_date(self) -> str:
        """The data's content date: its newest release or ``latest`` date (see ``freshness``);
        stored by the compact cache, computed here only on a run that parsed the YAML."""
        if not self._data_date:
            self._data_date = content_date(
                {pid: self.raw(pid) for pid in self._raw}, self.generated_at
            )
        return self._data_date

    def info(self) -> DatabaseInfo:
        """Source, date, counts and location, for reports and ``db info``."""
        cycles = sum(p.get("cycle_count") or len(p.get("cycles") or []) for p in self._raw.values())
        return DatabaseInfo(
            source=self.source,
            generated_at=self.generated_at,
            products=len(self._raw),
            cycles=cycles,
            path=self.path,
            overlay=self.overlay.path if self.overlay else "",
            data_date=self.data_date,
        )


def _check_products(products: dict[Any, Any], path: str) -> None:
    """Cheap shape check of every product, so later lookups cannot fail on a damaged file.

    Packed cycles (from the checked cache) are checked when a product is first unpacked.
    """
    for product_id, raw in products.items():
        if not isinstance(product_id, str) or not isinstance(raw, dict):
            raise DatabaseError(f"{path}: product {product_id!r} must be a mapping")
        if not isinstance(raw.get("cycles"), bytes):
            _check_product(product_id, raw, path)


def _check_product(product_id: str, raw: dict[str, Any], path: str) -> None:
    cycles = raw.get("cycles") or []
    if not isinstance(cycles, list) or not all(isinstance(c, dict) and "id" in c for c in cycles):
        raise DatabaseError(
            f"{path}: product {product_id!r}: 'cycles' must be a list of mappings with 'id'"
        )


def load_db(path: Path) -> LifecycleDB:
    """Load the database at ``path`` (through the compact cache) or raise DatabaseError."""
    try:
        document = load_cached(path)
    except FileNotFoundError as exc:
        raise DatabaseError(f"{path}: lifecycle database not found") from exc
    except IsADirectoryError as exc:
        raise DatabaseError(f"{path}: is a directory, not a lifecycle database") from exc
    except (OSError, ValueError) as exc:
        line = getattr(exc, "line", None)
        where = f"{path}:{line}" if line else str(path)
        raise DatabaseError(f"{where}: cannot load lifecycle database: {exc}") from exc
    if not isinstance(document, dict):
        raise DatabaseError(f"{path}: not an eolscan lifecycle database")
    db = LifecycleDB(document, str(path))  # its shape first: the clearer message
    check_whole(document, str(path))
    return db


def check_whole(document: dict[str, Any], path: str) -> None:
    """Refuse a database file that was cut short: its last key, the product count written
    with it, must be there and agree (a cut at a line boundary still parses as YAML)."""
    written = document.get("integrity")
    count = written.get("products") if isinstance(written, dict) else None
    products = document.get("products")
    found = len(products) if isinstance(products, dict) else 0
    if not isinstance(count, int) or isinstance(count, bool):
        raise DatabaseError(
            f"{path}: incomplete lifecycle database (no product count at its end: cut short, "
            "or written by an older eolscan); run `eolscan db update` or `eolscan db build`"
        )
    if count != found:
        raise DatabaseError(
            f"{path}: incomplete lifecycle database ({found} products, {count} written); "
            "run `eolscan db update` or `eolscan db build`"
        )
