"""The local overlay: a user's YAML that adds products, corrects cycles and records contracts.

endoflife.date does not know the client's line-of-business app, a firewall's firmware,
or that Acme pays for ESU. The overlay adds them on top of whichever database is in use;
everything it adds or changes is marked ``overlay`` in every report. Errors name the
file and line. Example::

    products:
      acme-pm:                       # a new product: label, cycles, optional link
        label: Acme Practice Manager
        cycles:
          - {id: "5", release: 2021-03-01, eol: 2026-06-30}
      windows-server:                # an existing product: add or correct cycles
        cycles:
          - {id: 2012-r2, extended: 2026-10-13}
    rules:                           # same shape as data/rules.yaml entries
      - {product: acme-pm, pattern: '^acme practice manager\\b'}
    contracts:
      - {client: "Acme*", host: "*", product: windows-server, cycle: 2012-r2, until: 2026-10-13}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eolscan.errors import InputError
from eolscan.lifecycles.contracts import Contract
from eolscan.lifecycles.curated import date_or_flag
from eolscan.lifecycles.overlay_apply import apply_overlay
from eolscan.matching.patterns import check_pattern
from eolscan.matching.schemes import SCHEMES
from eolscan.support.bounded import open_binary, read_stream
from eolscan.support.safeyaml import YamlLimitError, compose_with_lines

if TYPE_CHECKING:
    from eolscan.lifecycles.store import LifecycleDB

MAX_OVERLAY_BYTES = 8 * 1024 * 1024
TOP_KEYS = frozenset({"version", "products", "rules", "names", "contracts"})
PRODUCT_KEYS = frozenset({"label", "category", "link", "policy", "aliases", "cycles"})
DATE_KEYS = ("release", "support", "eol", "extended", "lts", "discontinued")
CYCLE_KEYS = frozenset({"id", "label", "latest", "latest_date", "link", "codename", *DATE_KEYS})
RULE_KEYS = frozenset({"id", "product", "pattern", "kind", "scheme", "cycle", "version"})
"""Keys of an overlay rule: the shape of data/rules.yaml (``cycle`` and ``version`` may use
the pattern's named groups, as there)."""
CONTRACT_KEYS = frozenset({"client", "host", "product", "cycle", "until", "note"})
_PRODUCT_ID = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")


class OverlayError(InputError):
    """The overlay file cannot be used; the message starts with ``file:line:``."""


@dataclass(slots=True)
class Overlay:
    """A parsed, validated overlay: product mappings, rules and contracts."""

    path: str
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    contracts: tuple[Contract, ...] = ()


_DATE_TOKEN = re.compile(r"\b(\d{4}-\d{1,2}-\d{1,2})\b")


def _bad_date_line(text: str) -> int:
    """The first line holding a date-shaped token that is not a real date (else 1)."""
    for number, line in enumerate(text.splitlines(), start=1):
        for token in _DATE_TOKEN.findall(line.split("#", 1)[0]):
            try:
                date.fromisoformat(token)
            except ValueError:
                return number
    return 1


class _Doc:
    """The parsed YAML plus line numbers, so every error can say where."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        try:
            self.data, self.lines, self.scalars = compose_with_lines(text)
        except YamlLimitError as exc:
            first = (str(exc).splitlines() or ["invalid YAML"])[0]
            raise OverlayError(f"{path}:{exc.line or 1}: {first}") from exc
        except ValueError as exc:  # a scalar YAML cannot construct, such as 2026-02-30
            line = _bad_date_line(text)
            raise OverlayError(f"{path}:{line}: invalid date or value: {exc}") from exc

    def error(self, where: tuple[Any, ...], message: str) -> OverlayError:
        """An error at the closest known line of ``where``."""
        for length in range(len(where), -1, -1):
            line = self.lines.get(where[:length])
            if line is not None:
                return OverlayError(f"{self.path}:{line}: {message}")
        return OverlayError(f"{self.path}:1: {message}")

    def text(self, where: tuple[Any, ...], value: Any) -> str:
        """A scalar as written (``5.10`` stays "5.10", not the float 5.1)."""
        return self.scalars.get(where, str(value)) if not isinstance(value, str) else value

    def mapping(
        self, where: tuple[Any, ...], value: Any, keys: frozenset[str], what: str
    ) -> dict[str, Any]:
        """``value`` must be a mapping whose keys are all known."""
        if not isinstance(value, dict):
            raise self.error(where, f"{what} must be a mapping")
        for key in value:
            if key not in keys:
                raise self.error(
                    (*where, key),
                    f"unknown key {key!r} in {what} (expected one of: {', '.join(sorted(keys))})",
                )
        return value


def _date_or_flag(doc: _Doc, where: tuple[Any, ...], value: Any) -> str | bool | None:
    """A date (written YYYY-MM-DD), true/false or null, stored the way the database stores it."""
    try:
        return date_or_flag(value)
    except ValueError:
        raise doc.error(
            where, f"{where[-1]!r} must be a date (YYYY-MM-DD), true, false or null, not {value!r}"
        ) from None


def _cycle(doc: _Doc, where: tuple[Any, ...], raw: Any) -> dict[str, Any]:
    raw = doc.mapping(where, raw, CYCLE_KEYS, "a cycle")
    if raw.get("id") in (None, ""):
        raise doc.error(where, "a cycle needs an 'id'")
    cycle: dict[str, Any] = {"id": _scalar(doc, (*where, "id"), raw["id"])}
    for key, value in raw.items():
        if key in DATE_KEYS:
            cycle[key] = _date_or_flag(doc, (*where, key), value)
        elif key != "id":
            cycle[key] = _scalar(doc, (*where, key), value)
    cycle["overlay"] = True
    return cycle


def _product(doc: _Doc, product_id: Any, raw: Any) -> dict[str, Any]:
    where: tuple[Any, ...] = ("products", product_id)
    if not isinstance(product_id, str) or not _PRODUCT_ID.match(product_id):
        raise doc.error(
            where,
            f"product id {product_id!r} must be lower case letters, digits, '.', '_', '+' or '-'",
        )
    raw = doc.mapping(where, raw, PRODUCT_KEYS, f"product {product_id!r}")
    cycles = raw.get("cycles") or []
    if not isinstance(cycles, list):
        raise doc.error((*where, "cycles"), "'cycles' must be a list")
    product: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "aliases":
            product[key] = _scalar_list(doc, (*where, key), value)
        elif key != "cycles":
            product[key] = _scalar(doc, (*where, key), value)
    product["cycles"] = [_cycle(doc, (*where, "cycles", i), c) for i, c in enumerate(cycles)]
    return product


def _scalar(doc: _Doc, where: tuple[Any, ...], value: Any) -> str | None:
    """A text field: a scalar as written, or null; lists and mappings are mistakes."""
    if isinstance(value, list | dict):
        raise doc.error(where, f"{where[-1]!r} must be a single value, not a list or mapping")
    return None if value is None else doc.text(where, value)


def _scalar_list(doc: _Doc, where: tuple[Any, ...], value: Any) -> list[str]:
    if not isinstance(value, list):
        raise doc.error(where, f"{where[-1]!r} must be a list")
    return [str(_scalar(doc, (*where, i), v) or "") for i, v in enumerate(value)]


def _rules(doc: _Doc, raw: Any, known: set[str]) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise doc.error(("rules",), "'rules' must be a list")
    rules = []
    for index, rule in enumerate(raw):
        where = ("rules", index)
        rule = doc.mapping(where, rule, RULE_KEYS, "a rule")
        rule = {k: _scalar(doc, (*where, k), v) for k, v in rule.items()}
        if not rule.get("product") or not rule.get("pattern"):
            raise doc.error(where, "a rule needs 'product' and 'pattern'")
        if str(rule["product"]) not in known:
            raise doc.error((*where, "product"), f"rule for unknown product {rule['product']!r}")
        try:
            check_pattern(str(rule["pattern"]))  # also refuses (a+)+ and the like
        except re.error as exc:
            raise doc.error((*where, "pattern"), f"bad pattern: {exc}") from exc
        if rule.get("scheme") and str(rule["scheme"]) not in SCHEMES:
            raise doc.error(
                (*where, "scheme"),
                f"unknown scheme {rule['scheme']!r} (one of: {', '.join(sorted(SCHEMES))})",
            )
        rules.append(
            {**rule, "id": str(rule.get("id") or f"overlay:{rule['product']}#{index + 1}")}
        )
    return rules


def _contract(doc: _Doc, index: int, raw: Any, cycles: dict[str, set[str]]) -> Contract:
    where = ("contracts", index)
    raw = doc.mapping(where, raw, CONTRACT_KEYS, "a contract")
    raw = {k: v if k == "until" else _scalar(doc, (*where, k), v) for k, v in raw.items()}
    for key in ("product", "cycle", "until"):
        if raw.get(key) in (None, ""):
            raise doc.error(where, f"a contract needs '{key}'")
    product = str(raw["product"])
    cycle = doc.text((*where, "cycle"), raw["cycle"])
    if product not in cycles:
        raise doc.error((*where, "product"), f"contract for unknown product {product!r}")
    if cycle not in cycles[product]:
        raise doc.error((*where, "cycle"), f"product {product!r} has no cycle {cycle!r}")
    until = _date_or_flag(doc, (*where, "until"), raw["until"])
    if not isinstance(until, str):
        raise doc.error((*where, "until"), "'until' must be a date (YYYY-MM-DD)")
    return Contract(
        product=product,
        cycle=cycle,
        until=date.fromisoformat(until),
        client=str(raw.get("client") or "*"),
        host=str(raw.get("host") or "*"),
        note=str(raw.get("note") or ""),
        source=f"{Path(doc.path).name}:{doc.lines.get(where, 1)}",
    )


def _read_text(path: Path) -> str:
    """The overlay's text; the size limit counts bytes read (``/dev/zero``, a pipe)."""
    try:
        with open_binary(path) as handle:
            return read_stream(handle, MAX_OVERLAY_BYTES, str(path), OverlayError).decode("utf-8")
    except FileNotFoundError as exc:
        raise OverlayError(f"{path}: overlay file not found") from exc
    except UnicodeDecodeError as exc:
        raise OverlayError(f"{path}:1: not UTF-8 text") from exc
    except OSError as exc:
        raise OverlayError(f"{path}: cannot read overlay: {exc.strerror or exc}") from exc


def _parse(doc: _Doc, db: LifecycleDB) -> Overlay:
    data = doc.data if doc.data is not None else {}
    data = doc.mapping((), data, TOP_KEYS, "the overlay")
    products = data.get("products") or {}
    if not isinstance(products, dict):
        raise doc.error(("products",), "'products' must be a mapping of product id to product")
    overlay = Overlay(doc.path)
    for product_id, raw in products.items():
        product = _product(doc, product_id, raw)
        if product_id not in db and not product["cycles"]:
            raise doc.error(
                ("products", product_id), f"new product {product_id!r} needs at least one cycle"
            )
        overlay.products[product_id] = product
    cycles = {pid: {str(c.get("id")) for c in db.raw(pid).get("cycles") or []} for pid in db.ids()}
    for pid, product in overlay.products.items():
        cycles.setdefault(pid, set()).update(c["id"] for c in product["cycles"])
    overlay.rules = _rules(doc, data.get("rules") or [], set(cycles))
    names = data.get("names") or {}
    if not isinstance(names, dict) or any(str(v) not in cycles for v in names.values()):
        raise doc.error(("names",), "'names' must map names to known product ids")
    overlay.names = {str(k).lower(): str(v) for k, v in names.items()}
    contracts = data.get("contracts") or []
    if not isinstance(contracts, list):
        raise doc.error(("contracts",), "'contracts' must be a list")
    overlay.contracts = tuple(_contract(doc, i, c, cycles) for i, c in enumerate(contracts))
    return overlay


def load_overlay(path: Path, db: LifecycleDB) -> Overlay:
    """Read, validate and apply the overlay at ``path`` to ``db``."""
    overlay = _parse(_Doc(str(path), _read_text(path)), db)
    apply_overlay(db, overlay)
    return overlay
