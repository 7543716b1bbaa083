"""SQL Server: a build number picks its service pack's cycle; else the year in the name.

endoflife.date's SQL Server cycles are per service pack (``12.0-sp3``), each with the
latest build of that service pack, so a build maps to the first service pack whose
latest build is not older. Registry versions put the SP level in the minor number
(``12.2.5000.0`` is 2014 SP2); those are read through the same builds.
"""

from __future__ import annotations

import re

from eolscan.matching.normalise import version_parts
from eolscan.matching.schemes import Hints, Resolution, scheme
from eolscan.model import Cycle, Product
from eolscan.support.lazy_regex import LazyRegex


def _sql_id(cycle_id: str) -> tuple[int, int, str]:
    head, _, tail = cycle_id.partition("-")
    major, _, minor = head.partition(".")
    return int(major), int(minor or 0), tail


_SQL_YEAR = LazyRegex(r"\b(2000|2005|2008 r2|2008|2012|2014|2016|2017|2019|2022|2025)\b")
_SQL_SP = LazyRegex(r"\b(?:sp|service pack ?)(\d)\b")


def _sql_family(product: Product, major: int, minor: int) -> list[Cycle]:
    """Cycles of one release: ``12.0``, or ``12.x`` where the registry puts the SP level in x."""
    same = [c for c in product.cycles if _sql_id(c.id)[:2] == (major, minor)]
    if same:
        return same
    wanted_minor = 50 if major == 10 and minor >= 50 else 0
    return [c for c in product.cycles if _sql_id(c.id)[:2] == (major, wanted_minor)]


def _sql_by_build(product: Product, parts: list[str]) -> Resolution | None:
    major, minor = int(parts[0]), int(parts[1])
    family = _sql_family(product, major, minor)
    if not family:
        return None
    ordered = sorted(family, key=lambda c: int((version_parts(c.latest or "0.0.0") + ["0"] * 3)[2]))
    if len(parts) < 3:
        return Resolution(tuple(ordered), detail=f"SQL Server {major}.{minor}: no build")
    build = int(parts[2])
    for cycle in ordered:
        latest = version_parts(cycle.latest or "")
        if len(latest) > 2 and build <= int(latest[2]):
            return Resolution((cycle,), detail=f"build {build} belongs to {cycle.label}")
    return Resolution((ordered[-1],), detail=f"build {build} is newer than every service pack")


@scheme("mssql")
def sql_server(product: Product, hints: Hints) -> Resolution:
    """SQL Server: ``12.0.6024.0`` picks the service pack by build; else the year (and SP) named."""
    parts = version_parts(hints.version)
    if len(parts) >= 2 and 6 <= int(parts[0]) < 100:
        by_build = _sql_by_build(product, parts)
        if by_build is not None:
            return by_build
    year = _SQL_YEAR.search(f"{hints.name} {hints.version}")
    if year:
        wanted = year.group(1)
        found = tuple(c for c in product.cycles if _label_year(c.label) == wanted)
        service_pack = _SQL_SP.search(hints.name)
        if service_pack:
            found = tuple(c for c in found if c.id.endswith(f"-sp{service_pack.group(1)}")) or found
        if found:
            return Resolution(
                found,
                detail=f"SQL Server {wanted} named" + ("" if len(found) == 1 else ", no build"),
            )
    if hints.version:
        return Resolution(reason=f"version {hints.version} fits no cycle of {product.label}")
    return Resolution(reason="SQL Server release not recognised: no year or version number")


def _label_year(label: str) -> str:
    """``2008 'Kilimanjaro' R2`` -> ``2008 r2``; ``2014 'Hekaton' SP3`` -> ``2014``."""
    lowered = label.lower()
    year = lowered.split(" ", 1)[0]
    return f"{year} r2" if re.search(r"\br2\b", lowered) else year
