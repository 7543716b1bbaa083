"""Recognise an asset's product and cycle; pure, cached per distinct (kind, name, version).

Order of evidence: a purl or CPE, then curated rules, then an exact product name
(endoflife.date id, label or alias, or a curated name) followed only by version
words. Anything else is unknown with a reason: no fuzzy guesses.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eolscan.lifecycles.cache import fetch_keyed, file_identity, prune_cache, store_keyed
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import mssql as _mssql  # noqa: F401  (registers schemes)
from eolscan.matching import vendor_schemes as _vendor_schemes  # noqa: F401  (registers schemes)
from eolscan.matching import windows as _windows  # noqa: F401  (registers schemes)
from eolscan.matching.banners import is_banner, read_banner
from eolscan.matching.identifiers import cpe_key_and_version, purl_key_and_version
from eolscan.matching.normalise import normalise_name, numeric_version, split_package
from eolscan.matching.rules import Rule, RuleSet
from eolscan.matching.schemes import SCHEMES, Hints, Resolution
from eolscan.model import Kind, Match, Product
from eolscan.support.visible import quoted

_NAME_VERSION = re.compile(
    r"(?<![\w.])v?(\d+(?:\.\d+)*)(?:[\s-]*(?:sp|service pack)\s*(\d+))?(?:\s*update\s*(\d+))?"
)
_SERVICE_PACK = re.compile(r"\d[\s-]*(?:sp|service pack)\s*\d", re.IGNORECASE)
_GENERIC_OS = frozenset({"linux", "gnu/linux", "unix"})
_SERVER_YEAR = re.compile(r"(?:2003|2008|2012|2016|2019|2022|2025)(?: r2)?")
"""Windows Server years; no Windows client release is called by one (Windows 10 has 2004)."""
_MAX_CACHE = 65_536
_NAMES = "product-names"
"""The cache of each database file's normalised product names."""
_MAX_NAME_WORDS = 8
MAX_NAME_CHARS = 512
"""Longest name recognition looks at: product names are short, and every rule's work grows
with the text (a 64 KiB field of "microsoft sql server" repeated took seconds)."""
MAX_VERSION_CHARS = 1024
"""Longest version recognition looks at (a 30,000-part version took seconds per scheme;
banners such as PostgreSQL's `SELECT version()` run to about 150)."""
_VERSION_WORDS = frozenset(
    [
        "lts",
        "release",
        "version",
        "ver",
        "v",
        "sp",
        "service",
        "pack",
        "update",
        "build",
        "esr",
        "edition",
        "ga",
        "final",
        "-",
        "–",
        ",",
        "/",
        "+",
    ]
)
_PARENS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_TOKEN = re.compile(r"[^\s/,]+")
_SYSTEM_PURLS = frozenset(
    [
        "deb",
        "rpm",
        "apk",
        "alpine",
        "alpm",
        "brew",
        "generic",
        "docker",
        "oci",
        "chocolatey",
        "nuget",
        "winget",
    ]
)


def name_version(text: str) -> str:
    """The first version-looking token of a name: ``sles 15 sp4`` -> ``15.4``."""
    match = _NAME_VERSION.search(text)
    if match is None:
        return ""
    if match.group(2):
        return f"{match.group(1)}.{match.group(2)}"
    return match.group(1)


def codename_words(product: Product) -> frozenset[str]:
    """Every word of every cycle codename of a product (``bookworm``, ``jammy``, ``jellyfish``)."""
    words = (re.findall(r"[a-z0-9]+", c.codename.lower()) for c in product.cycles if c.codename)
    return frozenset(w for found in words for w in found)


def only_version_words(rest: str, codenames: frozenset[str]) -> bool:
    """True when what follows a product name is version talk: numbers, LTS, codenames, (notes)."""
    if not rest:
        return True
    for token in _TOKEN.findall(_PARENS.sub(" ", rest)):
        if any(ch.isdigit() for ch in token) or token in _VERSION_WORDS:
            continue
        if set(re.findall(r"[a-z0-9]+", token)) <= codenames:
            continue
        return False
    return True


class Matcher:
    """Recognition over one database and rule set."""

    def __init__(self, db: LifecycleDB, rules: RuleSet) -> None:
        self.db = db
        self.rules = rules
        self._cache: dict[tuple[str, str, str], Match] = {}
        self._names = self._name_index()
        self._identifiers: tuple[dict[str, str], dict[str, str]] | None = None
        self._codename_words: dict[str, frozenset[str]] = {}

    def _codenames(self, product_id: str) -> frozenset[str]:
        found = self._codename_words.get(product_id)
        if found is None:
            found = self._codename_words[product_id] = codename_words(self.db.product(product_id))
        return found

    def _name_index(self) -> dict[str, str]:
        """Every product's spellings (id, label, aliases) normalised, then the curated names.
        The database's part is kept in the cache for the database file as it is on disk
        (normalising some 2,000 spellings costs a small client's scan 2 ms)."""
        identity = None if self.db.changed else file_identity(self.db.path)
        key = f"{self.db.path}|{identity}"
        names = fetch_keyed(_NAMES, key) if identity is not None else None
        if not isinstance(names, dict):
            names = self._database_names()
            if identity is not None:  # the newest few: each database file has its own
                prune_cache(_NAMES, 4, store_keyed(_NAMES, key, names))
        names.update(self.rules.names)
        return names

    def _database_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for product_id in self.db.ids():
            raw = self.db.meta(product_id)
            spellings = [product_id, product_id.replace("-", " "), str(raw.get("label") or "")]
            aliases = [str(a) for a in raw.get("aliases") or []]
            spellings += aliases + [a.replace("-", " ") for a in aliases if "-" in a]
            for spelling in spellings:
                names.setdefault(normalise_name(spelling), product_id)
        return names

    def _identifier_index(self) -> tuple[dict[str, str], dict[str, str]]:
        """Purl and CPE keys to products, built on the first purl or CPE a scan meets:
        parsing some 1,400 identifiers costs more than a small client's whole scan."""
        if self._identifiers is not None:
            return self._identifiers
        purls: dict[str, str] = {}
        cpes: dict[str, str] = {}
        for identifier, product_id in self.rules.identifiers.items():
            # curated identifiers come first: they correct a guess (syft's oracle:openjdk CPE)
            self._add_identifier(identifier, product_id, purls, cpes)
        for product_id in self.db.ids():
            for identifier in self.db.meta(product_id).get("identifiers") or []:
                self._add_identifier(str(identifier), product_id, purls, cpes)
        self._identifiers = purls, cpes
        return purls, cpes

    @staticmethod
    def _add_identifier(
        identifier: str, product_id: str, purls: dict[str, str], cpes: dict[str, str]
    ) -> None:
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
            return Match(reason="nothing listed: no operating system or software name")
        if len(name) > MAX_NAME_CHARS:
            return Match(reason=f"name is longer than {MAX_NAME_CHARS} characters: no product name")
        if len(version) > MAX_VERSION_CHARS:
            return Match(reason=f"version is longer than {MAX_VERSION_CHARS} characters")
        lowered = name.lower()
        if lowered.startswith("pkg:"):
            return self._by_purl(kind, name, version)
        if lowered.startswith("cpe:"):
            return self._by_cpe(kind, name, version)
        if not version and " " not in name:
            name, version = split_package(name)
        if kind == Kind.SOFTWARE and is_banner(version):
            name, version = read_banner(name, version)  # "nginx version: nginx/1.24.0"
        if (
            kind == Kind.OS
            and _SERVER_YEAR.fullmatch(version.lower())
            and normalise_name(name) in ("windows", "microsoft windows")
        ):
            # old Ansible facts: distribution "Windows", version "2012", release "server"
            return self._by_text(kind, f"Windows Server {version}", "")
        if version[:1].isalpha() and (
            normalise_name(name) in _GENERIC_OS
            or normalise_name(version).startswith(normalise_name(name))
        ):
            # Lansweeper and some RMMs say "Linux" and put the distribution in the version;
            # osquery on CentOS 7 gives "CentOS Linux" + "CentOS Linux release 7.9.2009 (Core)"
            return self._by_text(kind, version, "")
        if _SERVICE_PACK.search(version):
            version = name_version(version.lower())  # SLES "15 SP5" / "15-SP5" -> 15.5
        return self._by_text(kind, name, version)

    def _by_text(self, kind: str, name: str, version: str) -> Match:
        normalised = normalise_name(name)
        for refusal in self.rules.not_products:
            if refusal.pattern.search(normalised):
                return Match(reason=f"{quoted(name)}: {refusal.reason}")
        for rule in self.rules.candidates(normalised):
            if rule.kind and rule.kind != kind:
                continue
            found = rule.pattern.search(normalised)
            if found is None or rule.product not in self.db:
                continue
            return self._by_rule(rule, found, normalised, version)
        return self._by_name(kind, name, normalised, version)

    def _by_rule(self, rule: Rule, found: re.Match[str], normalised: str, version: str) -> Match:
        groups = {k: v for k, v in found.groupdict().items() if v}
        cycle = rule.cycle.format_map(_Groups(groups)) if rule.cycle else groups.get("cycle", "")
        from_name = (
            rule.version.format_map(_Groups(groups)) if rule.version else groups.get("version")
        )
        hints = Hints(
            name=normalised,
            version=version,
            name_version=from_name or name_version(normalised[found.end() :]),
            cycle=cycle,
            groups=groups,
        )
        result = self._resolve(rule.product, hints, f"rule {rule.id}", rule.scheme)
        if not result.cycles and rule.fallback and rule.fallback in self.db:
            other = self._resolve(rule.fallback, hints, f"rule {rule.id} (as {rule.fallback})")
            if other.cycles:
                return other
        if rule.track and result.product is not None and not result.track:
            result = replace(result, track=rule.track)
        return replace(result, note=rule.note) if rule.note else result

    def _by_name(self, kind: str, name: str, normalised: str, version: str) -> Match:
        words = normalised.split(" ")
        for length in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            product_id = self._names.get(" ".join(words[:length]))
            if product_id is None or product_id not in self.db:
                continue
            if kind == Kind.SOFTWARE and self.db.meta(product_id).get("category") == "os":
                continue
            rest = " ".join(words[length:])
            if not only_version_words(rest, self._codenames(product_id)):
                continue
            spelling = " ".join(words[:length])
            if spelling in self.rules.generic_names:
                return Match(
                    reason=f"{quoted(name)}: {quoted(spelling)} alone is too generic to name "
                    "a product"
                )
            hints = Hints(name=normalised, version=version, name_version=name_version(rest))
            return self._resolve(product_id, hints, f"name {quoted(' '.join(words[:length]))}")
        return Match(
            reason=f"product not recognised: {quoted(name)} matches no rule or product name"
        )

    def _by_purl(self, kind: str, purl: str, version: str) -> Match:
        key, purl_version = purl_key_and_version(purl)
        if purl_version and not numeric_version(version):
            version = purl_version  # syft's pkg:golang/stdlib@1.20.5 has version "go1.20.5"
        product_id = self._identifier_index()[0].get(key)
        if product_id is None:
            package_type, _, path = key[len("pkg:") :].partition("/")
            if package_type in _SYSTEM_PURLS and path:
                found = self._by_text(kind, path.rsplit("/", 1)[-1], version or purl_version)
                if found.product is not None:
                    return _with_rule(found, f"purl {key} by package name")
            return Match(reason=f"package URL {key} is not linked to any product")
        hints = Hints(name=key, version=version or purl_version)
        return self._resolve(product_id, hints, f"purl {key}")

    def _by_cpe(self, kind: str, cpe: str, version: str) -> Match:
        key, cpe_version, update = cpe_key_and_version(cpe)
        product_id = self._identifier_index()[1].get(key) if key else None
        words = f"{cpe_version} {update}".replace("_", " ").strip()
        if product_id is None:
            if key:
                part, vendor, product = key.split(":", 2)
                cpe_kind = Kind.OS if part == "o" else Kind.SOFTWARE if part == "a" else kind
                # SBOM generators guess CPEs from package names (cpe:2.3:a:postgresql-12:
                # postgresql-12:12.17-0ubuntu0.20.04.1): the product part alone is that name
                tries = (
                    (f"{vendor} {product} {words}", version),
                    (f"{product} {words}", version),
                    (product, version or cpe_version),
                )
                for text, given in tries:
                    found = self._by_text(str(cpe_kind), text.replace("_", " ").strip(), given)
                    if found.product is not None:
                        return _with_rule(found, f"cpe {key} as {quoted(text.strip())}")
            return Match(reason=f"CPE {key or cpe} is not linked to any product")
        hints = Hints(
            name=f"{key.replace(':', ' ').replace('_', ' ')} {words}".strip(),
            version=version or cpe_version,
            name_version=name_version(words),
            cycle=words if update else "",
        )
        return self._resolve(product_id, hints, f"cpe {key}")

    def _resolve(
        self, product_id: str, hints: Hints, rule: str, scheme: str | None = None
    ) -> Match:
        product: Product = self.db.product(product_id)
        scheme_name = scheme or self.rules.product_schemes.get(product_id, "prefix")
        resolver = SCHEMES.get(scheme_name, SCHEMES["prefix"])
        resolution: Resolution = resolver(product, hints)
        if resolution.another_product:
            return Match(reason=resolution.reason)
        detail = f"{rule}; {resolution.detail}" if resolution.detail else rule
        return Match(
            product=product,
            cycles=resolution.cycles,
            rule=detail,
            reason=resolution.reason,
            track=resolution.track,
            version=hints.version or hints.name_version,
        )


class _Groups(dict[str, str]):
    """Pattern groups for cycle/version templates; a missing group is empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _with_rule(found: Match, prefix: str) -> Match:
    return Match(
        found.product,
        found.cycles,
        f"{prefix}; {found.rule}",
        found.reason,
        found.track,
        found.version,
        found.note,
    )
