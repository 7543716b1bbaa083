"""Curated judgement facts (``data/curated/policy/*.yaml``): free or paid phases, distributions,
upgrade rules. Data with a vendor source each, loaded once; judging code never types them in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from eolscan.errors import DatabaseError
from eolscan.lifecycles.cache import load_cached
from eolscan.lifecycles.paths import bundled_data_dir


@dataclass(frozen=True, slots=True)
class Phase:
    """A product's last phase: free to everyone (Debian LTS) or under a paid contract."""

    free: bool
    name: str
    link: str


@dataclass(frozen=True, slots=True)
class Distribution:
    """A distribution whose packages it maintains until the release ends."""

    product: str
    family: str
    assumed: str = ""
    vendor_products: frozenset[str] = frozenset()
    """Products whose own dates are already the vendor's dates for its packages."""
    streams_from: str = ""
    """A rebuild (AlmaLinux, Rocky Linux) whose packages follow another distribution's
    Application Stream dates (``rhel``); empty: its own ``streams`` entries."""


@dataclass(frozen=True, slots=True)
class Stream:
    """A package a distribution supports for less than the release (an Application Stream)."""

    distribution: str
    cycle: str
    product: str
    product_cycle: str
    eol: date
    link: str


@dataclass(frozen=True, slots=True)
class Successor:
    """What replaces a product the vendor ended (another product, or nothing: remove it)."""

    text: str
    link: str


@dataclass(frozen=True, slots=True)
class UpdatedWithOS:
    """An application its vendor updates only on the OS releases still supported (Safari on
    macOS): on a host whose release has ended it is judged and planned with that OS."""

    os: str
    names: str
    """A pattern of the installed names the scan asks the host's OS for."""
    why: str


@dataclass(frozen=True, slots=True)
class EditionPhase:
    """A paid phase that ends otherwise for one edition: Windows 10 Home can only join the
    consumer ESU, which ends before the commercial one the database dates."""

    product: str
    cycle: str
    edition: str
    """A word the installed name holds (``home``), matched whole and in any case."""
    until: date
    phase: Phase


@dataclass(frozen=True, slots=True)
class PolicyFacts:
    """Every curated judgement fact, by product id."""

    phases: dict[str, Phase] = field(default_factory=dict)
    distributions: dict[str, Distribution] = field(default_factory=dict)
    streams: tuple[Stream, ...] = ()
    new_device_only: dict[str, frozenset[str]] = field(default_factory=dict)
    stable_even_minor: frozenset[str] = frozenset()
    evergreen: dict[str, int] = field(default_factory=dict)
    """Evergreen products and their release cadence in days."""
    successors: dict[str, Successor] = field(default_factory=dict)
    stream_index: dict[tuple[str, str, str, str], Stream] = field(default_factory=dict)
    """``streams`` by (distribution, release cycle, product, product cycle): a package's
    stream is looked up once per distribution build."""
    edition_phases: tuple[EditionPhase, ...] = ()
    updated_with_os: dict[str, UpdatedWithOS] = field(default_factory=dict)
    """By product id."""
    with_os_names: re.Pattern[str] | None = None
    """Every ``updated_with_os`` name pattern in one (None: none), for ``may_follow_host``."""


def _entries(document: Any, key: str, where: str) -> dict[str, dict[str, Any]]:
    """A top-level mapping of product id -> entry mapping, each with ``link`` and ``source``."""
    found = document.get(key) if isinstance(document, dict) else None
    if found is None:
        return {}
    if not isinstance(found, dict) or not all(isinstance(v, dict) for v in found.values()):
        raise DatabaseError(f"{where}: '{key}' must map product ids to mappings")
    for product_id, entry in found.items():
        if not entry.get("link") or not entry.get("source"):
            raise DatabaseError(
                f"{where}: {key}.{product_id}: every fact needs 'link' and 'source'"
            )
    return {str(k): v for k, v in found.items()}


def _streams(document: Any, where: str) -> tuple[Stream, ...]:
    raw = document.get("streams") if isinstance(document, dict) else None
    streams = []
    for number, entry in enumerate(raw or [], 1):
        try:
            if not entry.get("link") or not entry.get("source"):
                raise ValueError("needs 'link' and 'source'")
            streams.append(
                Stream(
                    str(entry["distribution"]),
                    str(entry["cycle"]),
                    str(entry["product"]),
                    str(entry["product_cycle"]),
                    date.fromisoformat(str(entry["eol"])),
                    str(entry["link"]),
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise DatabaseError(f"{where}: streams entry {number}: {exc}") from exc
    return tuple(streams)


def _edition_phases(document: Any, where: str) -> list[EditionPhase]:
    raw = document.get("edition_phases") if isinstance(document, dict) else None
    found = []
    for number, entry in enumerate(raw or [], 1):
        try:
            if not entry.get("link") or not entry.get("source"):
                raise ValueError("needs 'link' and 'source'")
            phase = Phase(False, str(entry["name"]), str(entry["link"]))
            found.append(
                EditionPhase(
                    str(entry["product"]),
                    str(entry["cycle"]),
                    str(entry["edition"]).lower(),
                    date.fromisoformat(str(entry["until"])),
                    phase,
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise DatabaseError(f"{where}: edition_phases entry {number}: {exc}") from exc
    return found


def parse_facts(documents: dict[str, Any]) -> PolicyFacts:
    """Facts from parsed policy documents (file name -> document); DatabaseError when malformed."""
    phases: dict[str, Phase] = {}
    distributions: dict[str, Distribution] = {}
    streams: list[Stream] = []
    editions: list[EditionPhase] = []
    new_device: dict[str, frozenset[str]] = {}
    stable: set[str] = set()
    evergreen: dict[str, int] = {}
    successors: dict[str, Successor] = {}
    with_os: dict[str, UpdatedWithOS] = {}
    for where, document in sorted(documents.items()):
        for pid, e in _entries(document, "phases", where).items():
            phases[pid] = Phase(
                str(e.get("extended")) == "free", str(e.get("name") or pid), e["link"]
            )
        for pid, e in _entries(document, "distributions", where).items():
            distributions[pid] = Distribution(
                pid,
                str(e.get("family") or ""),
                str(e.get("assumed") or ""),
                frozenset(str(p) for p in e.get("vendor_products") or []),
                str(e.get("streams_from") or ""),
            )
        streams.extend(_streams(document, where))
        editions.extend(_edition_phases(document, where))
        for pid, e in _entries(document, "new_device_only", where).items():
            new_device[pid] = frozenset(str(c) for c in e.get("cycles") or [])
        stable.update(_entries(document, "stable_even_minor", where))
        for pid, e in _entries(document, "evergreen", where).items():
            evergreen[pid] = int(e.get("cadence_days") or 0)
        for pid, e in _entries(document, "successors", where).items():
            successors[pid] = Successor(str(e.get("text") or ""), e["link"])
        for pid, e in _entries(document, "updated_with_os", where).items():
            names = str(e.get("names") or "")
            try:
                re.compile(names)
            except re.error as exc:
                raise DatabaseError(f"{where}: updated_with_os.{pid}.names: {exc}") from exc
            if not names or not e.get("os"):
                raise DatabaseError(f"{where}: updated_with_os.{pid} needs 'os' and 'names'")
            with_os[pid] = UpdatedWithOS(str(e["os"]), names, str(e.get("why") or ""))
    return PolicyFacts(
        phases,
        distributions,
        tuple(streams),
        new_device,
        frozenset(stable),
        evergreen,
        successors,
        {(s.distribution, s.cycle, s.product, s.product_cycle): s for s in streams},
        tuple(editions),
        with_os,
        re.compile("|".join(f"(?:{w.names})" for w in with_os.values()), re.IGNORECASE)
        if with_os
        else None,
    )


def load_facts(directory: Path) -> PolicyFacts:
    """Every ``*.yaml`` under ``directory`` (none there: no facts), each parsed once and then
    loaded from the same ``marshal`` cache as the database (parsing them cost every run ~10 ms)."""
    documents: dict[str, Any] = {}
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        try:
            documents[str(path)] = load_cached(path)
        except (OSError, ValueError) as exc:
            raise DatabaseError(f"{path}: cannot read curated policy facts: {exc}") from exc
    return parse_facts(documents)


@cache
def policy_facts() -> PolicyFacts:
    """The bundled facts, read once per process."""
    return load_facts(bundled_data_dir() / "curated" / "policy")
