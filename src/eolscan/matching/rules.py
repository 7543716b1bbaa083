"""Curated recognition rules (``data/rules.yaml``) compiled into fast lookups.

Rules are data: a product id, a regular expression on the normalised name, an
optional asset kind and version scheme. Rules are tried in file order, but only
those whose leading literal word matches the name's first word, so thousands of
strings cost a handful of regex searches each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eolscan.errors import DatabaseError

_LEADING_WORD = re.compile(r"^\^(?:\\b)?([a-z0-9][a-z0-9+]*)")
_FIRST_WORD = re.compile(r"[a-z0-9+]+")


@dataclass(frozen=True, slots=True)
class Rule:
    """One curated pattern: which product a matching name is, and how to read its version."""

    id: str
    product: str
    pattern: re.Pattern[str]
    kind: str | None = None
    scheme: str | None = None


@dataclass(slots=True)
class RuleSet:
    """Compiled rules plus the curated names, identifiers and per-product schemes."""

    by_word: dict[str, list[Rule]]
    unanchored: list[Rule]
    names: dict[str, str]
    identifiers: dict[str, str]
    product_schemes: dict[str, str]
    not_products: list[re.Pattern[str]]

    def candidates(self, normalised: str) -> list[Rule]:
        """Rules that could match this name: its first word's bucket, then unanchored ones."""
        found = _FIRST_WORD.match(normalised)
        first = found.group(0) if found else ""
        bucket = self.by_word.get(first, [])
        return bucket + self.unanchored if self.unanchored else bucket


def _leading_word(pattern: str) -> str | None:
    match = _LEADING_WORD.match(pattern)
    if match is None:
        return None
    word = match.group(1)
    rest = pattern[match.end() :]
    if rest[:1] in ("?", "*", "{", "(", "[", "|", "+", "."):
        return None
    return word.replace("\\", "")


def compile_rules(document: Any, source: str) -> RuleSet:
    """Validate and compile the rules document; errors name the rule."""
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise DatabaseError(f"{source}: expected a mapping with a 'rules' list")
    by_word: dict[str, list[Rule]] = {}
    unanchored: list[Rule] = []
    for index, raw in enumerate(document["rules"], start=1):
        if not isinstance(raw, dict) or "product" not in raw or "pattern" not in raw:
            raise DatabaseError(f"{source}: rule {index} needs 'product' and 'pattern'")
        try:
            pattern = re.compile(str(raw["pattern"]))
        except re.error as exc:
            raise DatabaseError(f"{source}: rule {index} ({raw['product']}): bad pattern: {exc}") from exc
        rule = Rule(
            id=str(raw.get("id") or f"{raw['product']}#{index}"),
            product=str(raw["product"]),
            pattern=pattern,
            kind=raw.get("kind"),
            scheme=raw.get("scheme"),
        )
        word = _leading_word(str(raw["pattern"]))
        if word is None:
            unanchored.append(rule)
        else:
            by_word.setdefault(word, []).append(rule)
    names = {str(k).lower(): str(v) for k, v in (document.get("names") or {}).items()}
    identifiers = {str(k).lower(): str(v) for k, v in (document.get("identifiers") or {}).items()}
    schemes = {str(k): str(v) for k, v in (document.get("schemes") or {}).items()}
    not_products = [re.compile(str(p)) for p in document.get("not_products") or []]
    return RuleSet(by_word, unanchored, names, identifiers, schemes, not_products)


def load_rules(path: Path) -> RuleSet:
    """Load curated rules through the compact cache."""
    from eolscan.lifecycles.cache import load_cached

    try:
        document = load_cached(path)
    except (OSError, ValueError) as exc:
        raise DatabaseError(f"{path}: cannot load recognition rules: {exc}") from exc
    try:
        return compile_rules(document, str(path))
    except (AttributeError, TypeError, ValueError, re.error) as exc:
        raise DatabaseError(f"{path}: malformed recognition rules: {exc}") from exc
