"""Version schemes: from a version (and name hints) to candidate cycles of one product.

Each scheme is a pure function registered by name; ``data/rules.yaml`` says which
product uses which scheme. The default compares dotted version prefixes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eolscan.matching.normalise import canonical_cycle_id, numeric_version, version_parts
from eolscan.model import Cycle, Product
from eolscan.support.visible import quoted


@dataclass(frozen=True, slots=True)
class Hints:
    """What recognition knows about an asset besides its product."""

    name: str
    version: str = ""
    name_version: str = ""
    cycle: str = ""
    groups: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Candidate cycles, or none with the reason why."""

    cycles: tuple[Cycle, ...] = ()
    reason: str = ""
    detail: str = ""
    track: str = ""
    another_product: bool = False
    """The version says the string names another product (a successor under the same
    name): not this one, not identified, and the reason says why."""


Scheme = Callable[[Product, Hints], Resolution]
SCHEMES: dict[str, Scheme] = {}


def scheme(name: str) -> Callable[[Scheme], Scheme]:
    """Register a version scheme under ``name``."""

    def register(func: Scheme) -> Scheme:
        SCHEMES[name] = func
        return func

    return register


def _cycle_key(cycle_id: str) -> str:
    """Numeric cycle ids compared without leading zeros: ``10.00`` == ``10.0``."""
    parts = cycle_id.split(".")
    if all(p.isdigit() for p in parts):
        return ".".join(str(int(p)) for p in parts)
    return cycle_id.lower()


_INDEXES: dict[tuple[int, str], tuple[Product, Any]] = {}


def per_product(product: Product, name: str, build: Callable[[Product], Any]) -> Any:
    """An index of a product's cycles, built once per product object (kept alive with it)."""
    held = _INDEXES.get((id(product), name))
    if held is None or held[0] is not product:
        held = (product, build(product))
        _INDEXES[(id(product), name)] = held
    return held[1]


def _prefix_index(product: Product) -> dict[str, Cycle]:
    """Cycles by comparable id."""
    index: dict[str, Cycle] = per_product(
        product, "prefix", lambda p: {_cycle_key(c.id): c for c in reversed(p.cycles)}
    )
    return index


def _latest_index(product: Product) -> dict[str, tuple[Cycle, ...]]:
    """Cycles by the numeric part of their ``latest`` version."""

    def build(p: Product) -> dict[str, tuple[Cycle, ...]]:
        index: dict[str, tuple[Cycle, ...]] = {}
        for cycle in p.cycles:
            if cycle.latest:
                key = numeric_version(cycle.latest)
                index[key] = (*index.get(key, ()), cycle)
        return index

    index: dict[str, tuple[Cycle, ...]] = per_product(product, "latest", build)
    return index


def by_prefix(product: Product, version: str) -> tuple[Cycle, ...]:
    """Cycles whose id equals the longest dotted prefix of ``version`` (``7.4.33`` -> ``7.4``)."""
    parts = version_parts(version)
    if not parts:
        return ()
    index = _prefix_index(product)
    for length in range(len(parts), 0, -1):
        found = index.get(".".join(parts[:length]))
        if found is not None:
            return (found,)
    return ()


def by_exact(product: Product, cycle_hint: str) -> tuple[Cycle, ...]:
    """The cycle whose id is ``cycle_hint`` (``2012 R2`` -> ``2012-r2``)."""
    if not cycle_hint:
        return ()
    found = _prefix_index(product).get(_cycle_key(canonical_cycle_id(cycle_hint)))
    return (found,) if found is not None else ()


def by_codename(product: Product, text: str) -> tuple[Cycle, ...]:
    """The cycle whose codename is in ``text``: the longest whole codename wins (High Sierra >
    Sierra); failing that, a codename's first word alone (``Ubuntu jammy``, VERSION_CODENAME)."""
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    best: tuple[Cycle, ...] = ()
    best_score = 0.0
    for cycle in product.cycles:
        needed = re.findall(r"[a-z0-9]+", (cycle.codename or "").lower())
        if not needed:
            continue
        score = float(len(needed)) if set(needed) <= words else 0.5 if needed[0] in words else 0.0
        if score > best_score:
            best, best_score = (cycle,), score
    return best


def by_major_zero(product: Product, version: str) -> tuple[Cycle, ...]:
    """A bare major names its ``.0`` release (SLES ``15`` is 15 GA, cycle 15.0)."""
    parts = version_parts(version)
    return by_prefix(product, f"{parts[0]}.0") if len(parts) == 1 else ()


def by_latest_build(product: Product, version: str) -> tuple[Cycle, ...]:
    """Cycles whose ``latest`` version is exactly this build (Windows ``10.0.19045``)."""
    numeric = numeric_version(version)
    if not numeric:
        return ()
    return _latest_index(product).get(numeric, ())


def no_cycle(product: Product, hints: Hints) -> Resolution:
    shown = hints.version or hints.name_version or hints.cycle
    if shown:
        return Resolution(reason=f"version {shown} fits no cycle of {product.label}")
    return Resolution(reason=f"no version given for {product.label}")


def _most_specific(
    from_version: tuple[Cycle, ...], from_name: tuple[Cycle, ...]
) -> tuple[Cycle, ...]:
    """Of the version's and the name's answers, the more specific (``4.7.2`` beats ``4.7``).

    When they disagree outright the name wins: it states the release ("Red Hat Enterprise
    Linux release 8.9"), while an export's version column may hold the kernel (4.18.0).
    """
    if not from_version or not from_name or from_version == from_name:
        return from_version or from_name
    if from_version[0].id.startswith(f"{from_name[0].id}."):
        return from_version
    return from_name


@scheme("prefix")
def prefix_scheme(product: Product, hints: Hints) -> Resolution:
    """Default: cycle hint, then version or name version (the more specific), then codename."""
    exact = by_exact(product, hints.cycle)
    if exact:
        return Resolution(exact, detail=f"cycle {quoted(hints.cycle)} named in the string")
    from_version = by_prefix(product, hints.version)
    from_name = by_prefix(product, hints.name_version)
    chosen = _most_specific(from_version, from_name)
    if chosen:
        source = (
            f"version {hints.version}"
            if chosen == from_version
            else f"version {hints.name_version} in the name"
        )
        return Resolution(chosen, detail=f"{source} starts with the cycle")
    for found, detail in (
        (by_codename(product, hints.name), "codename in the name"),
        (by_codename(product, hints.version), "codename given as the version"),
        (
            by_major_zero(product, hints.version or hints.name_version),
            "major version is its .0 release",
        ),
    ):
        if found:
            return Resolution(found, detail=detail)
    if not hints.version and not hints.name_version and not hints.cycle:
        return Resolution(tuple(product.cycles), detail="no version: every cycle is a candidate")
    return no_cycle(product, hints)


def by_latest_release(product: Product, version: str) -> tuple[Cycle, ...]:
    """Cycles whose ``latest`` shares the major.minor (Exchange ``15.1.2507.39`` -> 2016)."""
    parts = version_parts(version)
    if len(parts) < 3:
        return ()
    wanted = ".".join(parts[:2])
    return tuple(
        c for key, cs in _latest_index(product).items() for c in cs if _major_minor(key) == wanted
    )


def _major_minor(numeric: str) -> str:
    return ".".join(str(int(p)) for p in numeric.split(".")[:2]) if numeric else ""


@scheme("name-only")
def name_only_scheme(product: Product, hints: Hints) -> Resolution:
    """Cycle from the name (Office 16.0 builds span four releases), else the build line."""
    found = _with_suffix(product, by_exact(product, hints.cycle), hints.name) or by_prefix(
        product, hints.name_version
    )
    if found:
        return Resolution(
            found, detail=f"cycle {hints.cycle or hints.name_version} named in the string"
        )
    found = by_exact(product, hints.version) or by_latest_release(product, hints.version)
    if found:
        return Resolution(
            found,
            detail=f"version {hints.version} is the build line of {', '.join(c.id for c in found)}",
        )
    if not hints.cycle and not hints.name_version and not hints.version:
        return Resolution(
            tuple(product.cycles), detail="no release named: every cycle is a candidate"
        )
    return no_cycle(product, hints)


def _with_suffix(product: Product, found: tuple[Cycle, ...], name: str) -> tuple[Cycle, ...]:
    """Prefer ``2024-ltsc`` over ``2024`` when every suffix word is in the name."""
    if len(found) != 1:
        return found
    words = set(re.findall(r"[a-z0-9]+", name))
    variants = [
        c
        for c in product.cycles
        if c.id.startswith(found[0].id + "-")
        and set(c.id[len(found[0].id) + 1 :].split("-")) <= words
    ]
    return (max(variants, key=lambda c: len(c.id)),) if variants else found


@scheme("newest")
def newest_scheme(product: Product, hints: Hints) -> Resolution:
    """A named or dated cycle when the version fits one (Edge Legacy 44.x), else the first
    cycle without published dates (7-Zip's releases, Edge Stable): judged against the newest."""
    exact = by_exact(product, hints.cycle)
    if exact:
        return Resolution(exact, detail=f"cycle {quoted(hints.cycle)} named in the string")
    dated = [c for c in by_prefix(product, hints.version or hints.name_version) if not c.lifecycle]
    if dated:
        return Resolution(tuple(dated), detail="version starts with a dated cycle")
    undated = [c for c in product.cycles if c.lifecycle]
    if undated:
        return Resolution((undated[0],), detail="no published dates: judged against the newest")
    return prefix_scheme(product, hints)


@scheme("version-required")
def version_required_scheme(product: Product, hints: Hints) -> Resolution:
    """Dotted prefix, but no guess without a version, nor for a version none of its lines
    has: "Microsoft Teams" alone, or 24335.206.3314.6788, is the new Teams, its successor
    under the same name, which the data does not judge."""
    version = hints.version or hints.name_version
    if not (version or hints.cycle):
        return Resolution(
            reason=f"no version given: {product.label} shares its name with its successor"
        )
    found = prefix_scheme(product, hints)
    if found.cycles or not version:
        return found
    return Resolution(
        reason=f"version {version} is no {product.label} release: its successor shares its "
        "name, and has no lifecycle in the data",
        another_product=True,
    )
