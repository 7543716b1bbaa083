"""Version schemes: from a version (and name hints) to candidate cycles of one product.

Each scheme is a pure function registered by name; ``data/rules.yaml`` says which
product uses which scheme. The default compares dotted version prefixes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from eolscan.matching.normalise import canonical_cycle_id, numeric_version, version_parts
from eolscan.models import Cycle, Product


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


def by_prefix(product: Product, version: str) -> tuple[Cycle, ...]:
    """Cycles whose id equals the longest dotted prefix of ``version`` (``7.4.33`` -> ``7.4``)."""
    parts = version_parts(version)
    if not parts:
        return ()
    index = {_cycle_key(c.id): c for c in reversed(product.cycles)}
    for length in range(len(parts), 0, -1):
        found = index.get(".".join(parts[:length]))
        if found is not None:
            return (found,)
    return ()


def by_exact(product: Product, cycle_hint: str) -> tuple[Cycle, ...]:
    """The cycle whose id is ``cycle_hint`` (``2012 R2`` -> ``2012-r2``)."""
    if not cycle_hint:
        return ()
    wanted = _cycle_key(canonical_cycle_id(cycle_hint))
    return tuple(c for c in product.cycles if _cycle_key(c.id) == wanted)


def by_codename(product: Product, text: str) -> tuple[Cycle, ...]:
    """Cycles whose codename appears as a word in ``text`` (``macos ventura`` -> 13)."""
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    return tuple(
        c for c in product.cycles if c.codename and set(c.codename.lower().split()) <= words
    )


def by_latest_build(product: Product, version: str) -> tuple[Cycle, ...]:
    """Cycles whose ``latest`` version is exactly this build (Windows ``10.0.19045``)."""
    numeric = numeric_version(version)
    if not numeric:
        return ()
    return tuple(c for c in product.cycles if c.latest and numeric_version(c.latest) == numeric)


def _no_cycle(product: Product, hints: Hints) -> Resolution:
    shown = hints.version or hints.name_version or hints.cycle
    if shown:
        return Resolution(reason=f"version {shown} fits no cycle of {product.label}")
    return Resolution(reason=f"no version given for {product.label}")


@scheme("prefix")
def prefix_scheme(product: Product, hints: Hints) -> Resolution:
    """Default: exact cycle hint, then version prefix, then version found in the name, then codename."""
    for found, detail in (
        (by_exact(product, hints.cycle), f"cycle {hints.cycle!r} named in the string"),
        (by_prefix(product, hints.version), f"version {hints.version} starts with the cycle"),
        (by_prefix(product, hints.name_version), f"version {hints.name_version} in the name"),
        (by_codename(product, hints.name), "codename in the name"),
    ):
        if found:
            return Resolution(found, detail=detail)
    if not hints.version and not hints.name_version and not hints.cycle:
        return Resolution(tuple(product.cycles), detail="no version: every cycle is a candidate")
    return _no_cycle(product, hints)


@scheme("name-only")
def name_only_scheme(product: Product, hints: Hints) -> Resolution:
    """Cycle from the name alone (Office 2016: its 16.0 build number is shared by four releases)."""
    found = by_exact(product, hints.cycle) or by_prefix(product, hints.name_version)
    if found:
        return Resolution(found, detail=f"cycle {hints.cycle or hints.name_version} named in the string")
    if not hints.cycle and not hints.name_version:
        return Resolution(tuple(product.cycles), detail="no release named: every cycle is a candidate")
    return _no_cycle(product, hints)


@scheme("java")
def java_scheme(product: Product, hints: Hints) -> Resolution:
    """Java's ``1.8.0_381`` and ``8 Update 381`` both mean cycle 8."""
    for raw in (hints.cycle, hints.version, hints.name_version):
        parts = version_parts(raw)
        if not parts:
            continue
        if parts[0] == "1" and len(parts) > 1 and int(parts[1]) >= 5:
            parts = parts[1:]
        found = by_prefix(product, ".".join(parts))
        if found:
            return Resolution(found, detail=f"Java version {raw} is cycle {found[0].id}")
    if not (hints.cycle or hints.version or hints.name_version):
        return Resolution(tuple(product.cycles), detail="no version: every cycle is a candidate")
    return _no_cycle(product, hints)
