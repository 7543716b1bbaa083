"""Windows client and server: edition and build number to endoflife.date's cycles.

Client cycles are ``<major>-<release>[-w|-e|-e-lts|-iot-lts]``: Home/Pro follow the
(W) dates, Enterprise/Education the (E) dates, LTSC/LTSB and IoT LTSC their LTS
cycles. The build number identifies the feature release through each cycle's
``latest`` (``10.0.19045`` is 22H2); server releases share major 10.0, so the build
(or the year in the name) picks the release.
"""

from __future__ import annotations

import re

from eolscan.matching.normalise import version_parts
from eolscan.matching.schemes import Hints, Resolution, by_latest_build, per_product, scheme
from eolscan.model import Cycle, Product
from eolscan.support.lazy_regex import LazyRegex

_FEATURE = LazyRegex(r"\b(\d{2}h[12]|1[5-9]0[39]|1[5-9]11|150[37]|1607|1709|1803|1809|2004)\b")
_LTSC_YEAR = {"2015": "1507", "2016": "1607", "2019": "1809", "2021": "21h2", "2024": "24h2"}
_TRACK = {"w": "-w", "e": "-e", "e-lts": "-e-lts", "iot-lts": "-iot-lts"}
_OLD_CLIENT = {"xp": "5", "vista": "6", "7": "7", "8": "8", "8.1": "8.1"}
_EDITION_SUFFIXES = {
    "w": ("-w", ""),
    "e": ("-e", ""),
    "e-lts": ("-e-lts",),
    "iot-lts": ("-iot-lts", "-e-lts"),
}


def client_edition(name: str) -> str:
    """The servicing channel a client edition follows: w, e, e-lts or iot-lts."""
    lts = "ltsc" in name or "ltsb" in name
    if lts and "iot" in name:
        return "iot-lts"
    if lts:
        return "e-lts"
    if "pro education" in name or "pro for education" in name:
        return "w"
    if "enterprise" in name or "education" in name:
        return "e"
    return "w"


_EDITION_WORDS = re.compile(
    r"\b(?:home|pro|professional|enterprise|education|ltsc|ltsb|iot|workstation|core|"
    r"single language|team|s mode|se)\b",
    re.IGNORECASE,
)


def edition_given(name: str) -> bool:
    """True when a Windows client name says its edition (``Windows 11 Pro``), which decides
    between the (W) and (E) dates; ``Microsoft Windows 11`` alone does not."""
    return bool(_EDITION_WORDS.search(name))


_BUILD_IN_TEXT = LazyRegex(r"(?<![\d.])(1\d{4}|2\d{4})(?:\.\d+)?(?![\d.])")


def _build(version: str) -> str:
    """``10.0.19045.3803`` or ``19045`` -> ``10.0.19045``; empty when it is no Windows build."""
    parts = version_parts(version)
    if len(parts) >= 3 and parts[0] in {"5", "6", "10"}:
        return ".".join(parts[:3])
    if len(parts) in (1, 2) and len(parts[0]) in (4, 5) and int(parts[0]) >= 2195:
        build = int(parts[0])
        return f"10.0.{build}" if build >= 10240 else ""
    found = _BUILD_IN_TEXT.search(version)  # "10.0 (19045)", "OS Build 22631.2715"
    return f"10.0.{found.group(1)}" if found else ""


def _pick_edition(product: Product, base: str, edition: str) -> tuple[Cycle, ...]:
    by_id: dict[str, Cycle] = per_product(product, "by-id", lambda p: {c.id: c for c in p.cycles})
    for suffix in _EDITION_SUFFIXES[edition]:
        found = by_id.get(base + suffix)
        if found is not None:
            return (found,)
    return ()


def _feature_base(cycle_id: str) -> str:
    """``10-21h2-e-lts`` -> ``10-21h2``."""
    return "-".join(cycle_id.split("-")[:2])


def _client_major(hints: Hints, build: str) -> str:
    match = re.search(r"\bwin(?:dows)? (xp|vista|7|8\.1|8|10|11)\b", hints.name)
    if build.startswith("10.0."):
        return "11" if int(build.split(".")[2]) >= 22000 else "10"
    return match.group(1) if match else ""


@scheme("windows")
def windows_client(product: Product, hints: Hints) -> Resolution:
    """Windows client: major from name or build, feature release from build or display version."""
    build = _build(hints.version) or _build(hints.name_version)
    major = _client_major(hints, build)
    edition = client_edition(hints.name)
    cycles = list(product.cycles)
    if major in _OLD_CLIENT:
        prefix = _OLD_CLIENT[major]
        found = tuple(c for c in cycles if c.id == prefix or c.id.startswith(prefix + "-sp"))
        if not found:
            return _none(product, hints)
        return Resolution(found, detail=f"Windows {major}", track=_TRACK[edition])
    if not major:
        return Resolution(reason="Windows release not recognised: no major version or build")
    feature, problem = _feature(product, hints, major, build)
    if problem is not None:
        return problem
    if feature:
        found = _pick_edition(product, feature, edition)
        if found:
            return Resolution(
                found,
                detail=f"build/release {feature}, {edition} edition cycle",
                track=_TRACK[edition],
            )
        return Resolution(reason=f"Windows {feature} has no {edition} cycle in the database")
    candidates = tuple(
        c
        for c in cycles
        if c.id.startswith(major + "-")
        and _pick_edition(product, _feature_base(c.id), edition) == (c,)
    )
    return Resolution(
        candidates, detail=f"no build: every Windows {major} {edition} cycle", track=_TRACK[edition]
    )


def _feature(
    product: Product, hints: Hints, major: str, build: str
) -> tuple[str, Resolution | None]:
    """The feature release (``10-22h2``) from the build, else a display version or LTSC year."""
    if build:
        same_build = [c for c in by_latest_build(product, build) if c.id.startswith(major + "-")]
        if not same_build:
            reason = f"Windows build {build} is not in the database (newer or unknown)"
            return "", Resolution(reason=reason)
        return _feature_base(same_build[0].id), None
    display = _FEATURE.search(f"{hints.version} {hints.name}".lower())
    if display:
        return f"{major}-{display.group(1)}", None
    ltsc_year = re.search(r"lts[bc] (20\d\d)", hints.name)
    if ltsc_year and ltsc_year.group(1) in _LTSC_YEAR:
        return f"{major}-{_LTSC_YEAR[ltsc_year.group(1)]}", None
    return "", None


def _none(product: Product, hints: Hints) -> Resolution:
    return Resolution(
        reason=f"version {hints.version or hints.name} fits no cycle of {product.label}"
    )


_SERVER_YEAR = re.compile(r"\b(2000|2003|2008|2012|2016|2019|2022|2025)(?: (r2))?\b")
_SERVER_SAC = LazyRegex(r"\b(\d{2}h\d|1709|1803|1809|1903|1909|2004)\b")


@scheme("windows-server")
def windows_server(product: Product, hints: Hints) -> Resolution:
    """Windows Server: the year in the name, else the build (LTSC preferred over SAC)."""
    cycles = list(product.cycles)
    year = _SERVER_YEAR.search(hints.name)
    if year:
        base = year.group(1) + ("-r2" if year.group(2) else "")
        found = tuple(c for c in cycles if c.id == base or c.id.startswith(base + "-sp"))
        if year.group(2) is None:
            found = tuple(c for c in found if "-r2" not in c.id)
        if found:
            return Resolution(found, detail=f"Windows Server {base}")
    build = _build(hints.version) or _build(hints.name_version)
    if build:
        same_build = by_latest_build(product, build)
        sac = _SERVER_SAC.search(hints.name)
        preferred = [c for c in same_build if c.id.endswith("-sac") == bool(sac)]
        found = tuple(preferred or same_build)
        if found:
            return Resolution(found[:1] if len(found) > 1 else found, detail=f"build {build}")
        return Resolution(reason=f"Windows Server build {build} is not in the database")
    return Resolution(reason="Windows Server release not recognised: no year or build")
