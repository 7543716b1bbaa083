"""Version schemes of single vendors' products, registered by name like the generic ones:
Java's ``1.8.0_381``, Acrobat's track in its build, Microsoft 365 Apps' build numbers, Zoom's
minimum versions and Office for Mac's ``16.<n>`` builds.
"""

from __future__ import annotations

from eolscan.matching.normalise import version_parts
from eolscan.matching.schemes import (
    Hints,
    Resolution,
    by_exact,
    by_prefix,
    no_cycle,
    per_product,
    scheme,
)
from eolscan.model import Cycle, Product
from eolscan.support.visible import quoted


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
    return no_cycle(product, hints)


_ACROBAT_CLASSIC = {"15": "2015", "17": "2017", "20": "2020", "24": "2024"}


@scheme("acrobat")
def acrobat_scheme(product: Product, hints: Hints) -> Resolution:
    """Acrobat's build says its track: ``20.005.30xxx`` is classic 2020, ``25.001.20xxx`` DC.

    A version decides over the name: Acrobat 2015's classic track was also called "DC".
    """
    for raw in (hints.version, hints.name_version):
        parts = version_parts(raw)
        if len(parts) >= 3 and parts[2].startswith("3") and parts[0] in _ACROBAT_CLASSIC:
            found = by_exact(product, _ACROBAT_CLASSIC[parts[0]])
        elif len(parts) >= 3 and int(parts[0]) >= 15:
            found = by_exact(product, "dc")
        else:
            found = by_prefix(product, raw)
        if found:
            return Resolution(found, detail=f"Acrobat build {raw} is track {found[0].id}")
    found = by_exact(product, hints.cycle)
    if found:
        return Resolution(found, detail=f"track {quoted(hints.cycle)} named in the string")
    if not (hints.version or hints.name_version):
        return Resolution(tuple(product.cycles), detail="no version: every track is a candidate")
    return no_cycle(product, hints)


def _build_index(product: Product) -> tuple[tuple[int, Cycle], ...]:
    """Dated cycles by the build number of their ``latest`` (``16.0.17928.20776`` -> 17928),
    newest first."""

    def build(p: Product) -> tuple[tuple[int, Cycle], ...]:
        pairs = [
            (int(parts[2]), c)
            for c in p.cycles
            if not c.lifecycle and len(parts := version_parts(c.latest or "")) >= 3
        ]
        return tuple(sorted(pairs, key=lambda pair: pair[0], reverse=True))

    index: tuple[tuple[int, Cycle], ...] = per_product(product, "build", build)
    return index


@scheme("build")
def build_scheme(product: Product, hints: Hints) -> Resolution:
    """Microsoft 365 Apps: the build of ``16.0.<build>.<rev>`` names its version (17928 is
    2408); a build newer than any the data knows is a later version, judged against the
    newest; no version at all is identified and judged like that too (it asks for one)."""
    exact = by_exact(product, hints.cycle) or by_exact(product, hints.name_version)
    if exact:
        return Resolution(exact, detail=f"version {exact[0].id} named in the string")
    undated = tuple(c for c in product.cycles if c.lifecycle)[:1]
    parts = version_parts(hints.version)
    if len(parts) < 3:
        named = by_exact(product, hints.version)
        return Resolution(named or undated, detail="version named, or no build given")
    number, index = int(parts[2]), _build_index(product)
    if index and number > index[0][0] and undated:
        return Resolution(undated, detail=f"build {number} is newer than the data knows")
    for known, cycle in index:
        if number >= known:
            return Resolution((cycle,), detail=f"build {number} is version {cycle.id}")
    if index:
        oldest = index[-1][1]
        return Resolution(
            (oldest,), detail=f"build {number} is older than version {oldest.id}, the oldest known"
        )
    return no_cycle(product, hints)


@scheme("minimum")
def minimum_scheme(product: Product, hints: Hints) -> Resolution:
    """Zoom: cycles are version ranges from their id (a minimum version) up; the cycle that
    is not a number holds everything below the lowest minimum. The Mac app (``zoom.us``)
    must meet the highest minimum: the lower ones are Windows-only."""
    parts = version_parts(hints.version or hints.name_version)
    if not parts:
        return Resolution(reason=f"no version given for {product.label}")
    mine = tuple(int(p) for p in parts)
    ranges = sorted(
        ((tuple(int(p) for p in c.id.split(".")), c) for c in product.cycles if _is_number(c.id)),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if hints.name.startswith("zoom.us"):
        ranges = ranges[:1]
    for floor, cycle in ranges:
        if mine >= floor:
            return Resolution((cycle,), detail=f"version {hints.version} is at least {cycle.id}")
    below = [c for c in product.cycles if not _is_number(c.id)]
    if below:
        return Resolution((below[0],), detail=f"version {hints.version} is below every minimum")
    return no_cycle(product, hints)


def _is_number(cycle_id: str) -> bool:
    return all(p.isdigit() for p in cycle_id.split("."))


_OFFICE_MAC_MAJORS = {"14": "2011-for-mac", "15": "2016-for-mac"}


@scheme("office-mac")
def office_mac_scheme(product: Product, hints: Hints) -> Resolution:
    """Office for Mac apps report ``16.<n>`` (judged against the newest build), ``15.<n>``
    (Office 2016 for Mac) or ``14.<n>`` (2011); a name saying "2019 for Mac" names its
    release. Office on Windows reports ``16.0.<build>``: not a Mac build, not judged as one."""
    if hints.cycle:
        named = by_exact(product, f"{hints.cycle}-for-mac")
        if named:
            return Resolution(named, detail=f"Office {hints.cycle} for Mac named in the string")
    parts = version_parts(hints.version)
    if parts[:2] == ["16", "0"]:
        return Resolution(
            reason=f"{hints.version} is a Windows Office build, not an Office for Mac one"
        )
    if parts and parts[0] in _OFFICE_MAC_MAJORS:
        return Resolution(by_exact(product, _OFFICE_MAC_MAJORS[parts[0]]), detail="major version")
    undated = tuple(c for c in product.cycles if c.lifecycle)[:1]
    if not parts or parts[0] == "16":
        return Resolution(undated, detail="16.x builds: judged against the newest")
    return no_cycle(product, hints)
