"""Recognise an asset's product and cycle; pure, cached per distinct (kind, name, version).

Order of evidence: a purl or CPE, then curated rules, then an exact product name
(endoflife.date id, label or alias, or a curated name) followed only by version
words. Anything else is unknown with a reason: no fuzzy guesses.
"""

from __future__ import annotations

import re

from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import windows as _windows  # noqa: F401  (registers schemes)
from eolscan.matching.identifiers import cpe_key_and_version, purl_key_and_version
from eolscan.matching.normalise import normalise_name
from eolscan.matching.rules import RuleSet
from eolscan.matching.schemes import SCHEMES, Hints, Resolution
from eolscan.models import Kind, Match, Product

_NAME_VERSION = re.compile(
    r"(?<![\w.])v?(\d+(?:\.\d+)*)(?:\s*(?:sp|service pack)\s*(\d+))?(?:\s*update\s*(\d+))?"
)
_MAX_CACHE = 250_000
_MAX_NAME_WORDS = 8


def name_version(text: str) -> str:
    """The first version-looking token of a name: ``sles 15 sp4`` -> ``15.4``."""
    match = _NAME_VERSION.search(text)
    if match is None:
        return ""
    if match.group(2):
        return f"{match.group(1)}.{match.group(2)}"
    return match.group(1)


class Matcher:
    """Recognition over one database and rule set."""

    def __init__(self, db: LifecycleDB, rules: RuleSet) -> None:
        self.db = db
        self.rules = rules
        self._cache: dict[tuple[str, str, str], Match] = {}
        self._names, self._purls, self._cpes = self._index()

    def _index(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        names: dict[str, str] = {}
        purls: dict[str, str] = {}
        cpes: dict[str, str] = {}
        for product_id in self.db.ids():
            raw = self.db.raw(product_id)
            spellings = [product_id, product_id.replace("-", " "), str(raw.get("label") or "")]
            spellings += [str(a) for a in raw.get("aliases") or []]
            for spelling in spellings:
                names.setdefault(normalise_name(spelling), product_id)
            for identifier in raw.get("identifiers") or []:
                self._add_identifier(str(identifier), product_id, purls, cpes)
        names.update(self.rules.names)
        for identifier, product_id in self.rules.identifiers.items():
            self._add_identifier(identifier, product_id, purls, cpes)
        return names, purls, cpes

    @staticmethod
    def _add_identifier(identifier: str, product_id: str, purls: dict[str, str], cpes: dict[str, str]) -> None:
        if identifier.startswith("pkg:"):
            purls.setdefault(purl_key_and_version(identifier)[0], product_id)
        elif identifier.startswith("cpe:"):
            key = cpe_key_and_version(identifier)[0]
            if key:
                cpes.setdefault(key, product_id)

    def match(self, kind: Kind | str, name: str, version: str = "") -> Match:
        """Recognise one (kind, name, version); the same triple is only worked out once."""
        key = (str(kind), name, version)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        result = self._match(str(kind), name.strip(), version.strip())
        if len(self._cache) >= _MAX_CACHE:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _match(self, kind: str, name: str, version: str) -> Match:
        if not name:
            return Match(reason="no name given")
        lowered = name.lower()
        if lowered.startswith("pkg:"):
            return self._by_purl(name, version)
        if lowered.startswith("cpe:"):
            return self._by_cpe(name, version)
        normalised = normalise_name(name)
        for pattern in self.rules.not_products:
            if pattern.search(normalised):
                return Match(reason=f"{name!r} is a component, not a product with a lifecycle")
        for rule in self.rules.candidates(normalised):
            if rule.kind and rule.kind != kind:
                continue
            found = rule.pattern.search(normalised)
            if found is None or rule.product not in self.db:
                continue
            groups = {k: v for k, v in found.groupdict().items() if v}
            hints = Hints(
                name=normalised,
                version=version,
                name_version=groups.get("version") or name_version(normalised[found.end() :]),
                cycle=groups.get("cycle", ""),
                groups=groups,
            )
            return self._resolve(rule.product, hints, f"rule {rule.id}", rule.scheme)
        return self._by_name(kind, name, normalised, version)

    def _by_name(self, kind: str, name: str, normalised: str, version: str) -> Match:
        words = normalised.split(" ")
        for length in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            product_id = self._names.get(" ".join(words[:length]))
            if product_id is None:
                continue
            rest = " ".join(words[length:])
            if rest and not any(ch.isdigit() for ch in words[length]):
                continue
            if kind == Kind.SOFTWARE and self.db.raw(product_id).get("category") == "os":
                continue
            hints = Hints(name=normalised, version=version, name_version=name_version(rest))
            return self._resolve(product_id, hints, f"name {' '.join(words[:length])!r}")
        return Match(reason=f"product not recognised: {name!r} matches no rule or product name")

    def _by_purl(self, purl: str, version: str) -> Match:
        key, purl_version = purl_key_and_version(purl)
        product_id = self._purls.get(key)
        if product_id is None:
            return Match(reason=f"package URL {key} is not linked to any product")
        hints = Hints(name=key, version=version or purl_version)
        return self._resolve(product_id, hints, f"purl {key}")

    def _by_cpe(self, cpe: str, version: str) -> Match:
        key, cpe_version, update = cpe_key_and_version(cpe)
        product_id = self._cpes.get(key) if key else None
        if product_id is None:
            return Match(reason=f"CPE {key or cpe} is not linked to any product")
        cycle_hint = f"{cpe_version} {update}".strip() if update else ""
        hints = Hints(name=key.replace(":", " ").replace("_", " "), version=version or cpe_version, cycle=cycle_hint)
        return self._resolve(product_id, hints, f"cpe {key}")

    def _resolve(self, product_id: str, hints: Hints, rule: str, scheme: str | None = None) -> Match:
        product: Product = self.db.product(product_id)
        scheme_name = scheme or self.rules.product_schemes.get(product_id, "prefix")
        resolver = SCHEMES.get(scheme_name, SCHEMES["prefix"])
        resolution: Resolution = resolver(product, hints)
        detail = f"{rule}; {resolution.detail}" if resolution.detail else rule
        return Match(product=product, cycles=resolution.cycles, rule=detail, reason=resolution.reason)
