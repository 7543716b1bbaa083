"""Put a validated overlay into a loaded database and its recognition rules.

Overlay cycles are merged by id into existing products (each marked ``overlay``),
new products are added whole, and overlay rules are tried before the curated ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eolscan.matching.rules import RuleSet, compile_rules

if TYPE_CHECKING:
    from eolscan.lifecycles.overlay import Overlay
    from eolscan.lifecycles.store import LifecycleDB
    from eolscan.matching.rules import RuleSet


def _merge_cycles(
    existing: list[dict[str, Any]], extra: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Correct cycles with the same id; insert new ones before the first older release."""
    merged = [dict(c) for c in existing]
    for cycle in extra:
        index = next((i for i, c in enumerate(merged) if str(c.get("id")) == cycle["id"]), None)
        if index is not None:
            merged[index] = {**merged[index], **cycle}
            continue
        release = str(cycle.get("release") or "")
        position = next(
            (i for i, c in enumerate(merged) if release and str(c.get("release") or "") < release),
            len(merged),
        )
        merged.insert(position, cycle)
    return merged


def apply_overlay(db: LifecycleDB, overlay: Overlay) -> None:
    """Put the overlay's products and cycles into ``db`` and remember its rules and contracts."""
    for product_id, product in overlay.products.items():
        if product_id in db:
            raw = dict(db.raw(product_id))
            raw.update({k: v for k, v in product.items() if k != "cycles"})
            raw["cycles"] = _merge_cycles(list(raw.get("cycles") or []), product["cycles"])
            db.replace_raw_product(product_id, raw)
        else:
            new = {"label": product_id, "category": "", "aliases": [], "identifiers": [], **product}
            db.add_raw_product(product_id, new)
    db.overlay = overlay


def with_overlay_rules(base: RuleSet, overlay: Overlay | None) -> RuleSet:
    """The curated rules with the overlay's rules tried first and its names added."""
    if overlay is None or not (overlay.rules or overlay.names):
        return base
    extra = compile_rules({"rules": overlay.rules, "names": overlay.names}, overlay.path)
    by_word = {word: list(rules) for word, rules in base.by_word.items()}
    for word, rules in extra.by_word.items():
        by_word[word] = rules + by_word.get(word, [])
    return RuleSet(
        by_word=by_word,
        unanchored=extra.unanchored + base.unanchored,
        names={**base.names, **extra.names},
        identifiers=base.identifiers,
        product_schemes=base.product_schemes,
        not_products=base.not_products,
    )
