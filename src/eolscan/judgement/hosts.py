"""Host context for distribution builds: which distribution release each host runs.

Rows stream; a host's OS row may come before or after its packages. A host's block (its
rows that come together in the input) takes the release its first OS row names, so its OS
is known when its packages are judged; a host seen earlier keeps its OS for later blocks.
Only a package that can be a distribution build needs its host's release; the scan asks
for it once per host block, and only for those rows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import groupby, islice
from operator import itemgetter
from typing import cast

from eolscan.judgement.distro import maintainer, may_be_build
from eolscan.judgement.facts import PolicyFacts, policy_facts
from eolscan.matching import Matcher
from eolscan.model import AssetRow, Item, Kind, item_purl

HostOS = tuple[str, str]
"""(distribution product, release cycle) of a host."""

HostKey = tuple[str, str]
"""(client, host)."""

_HOST = itemgetter(0, 1)
MAX_HELD = 100_000
"""Rows of one host block taken together at most; a bigger block is judged in pieces, each
with what is known so far."""

_BUILDS_KEPT = 65_536
"""(item, release) answers ``HostReleases.build`` keeps; a report of millions of distinct
items would otherwise keep one for each."""


def os_item(rows: list[AssetRow]) -> Item | None:
    """The first OS item among one host's rows (usually the first row), or None."""
    first = rows[0][2]
    if first[0] == Kind.OS:
        return first
    return next((row[2] for row in rows if row[2][0] == Kind.OS), None)


def release_of(item: Item, matcher: Matcher, facts: PolicyFacts) -> HostOS | None:
    """The distribution release an OS item names, or None (not a distribution, or unclear)."""
    kind, name, version = item[0], item[1], item[2]
    match = matcher.match(kind, name, version)
    product = match.product
    if product is None or len(match.cycles) != 1:
        return None
    if product.id in facts.distributions or product.id in _os_of_apps(facts):
        return product.id, match.cycles[0].id
    return None


def _os_of_apps(facts: PolicyFacts) -> frozenset[str]:
    """The OS products some application is updated with (``macos``)."""
    return frozenset(found.os for found in facts.updated_with_os.values())


def host_runs(
    rows: Iterable[AssetRow], matcher: Matcher, facts: PolicyFacts
) -> Iterator[tuple[list[AssetRow], HostOS | None]]:
    """Rows in runs of one host (in input order) with that host's distribution release,
    None when unknown or not a distribution (``HostReleases.runs``)."""
    return HostReleases(matcher, facts).runs(rows)


def with_hosts(
    rows: Iterable[AssetRow], matcher: Matcher, facts: PolicyFacts
) -> Iterator[tuple[AssetRow, HostOS | None]]:
    """Each row with its host's distribution release (None when unknown or not a distribution)."""
    for held, found in host_runs(rows, matcher, facts):
        for row in held:
            yield row, found


@lru_cache(maxsize=65_536)
def may_follow_host(item: Item) -> bool:
    """True when a host's release can change this item's verdict: software that may be a
    distribution build (``distro.may_be_build``) or is updated only with its OS (Safari),
    not already tagged with a release. Kept per item: a report that spills asks it per row."""
    last: object = item[-1]  # a release the scan appended, beyond ``Item``'s own fields
    if item[0] != Kind.SOFTWARE or isinstance(last, tuple):
        return False
    return may_be_build(item[1], item[2], item_purl(item)) or _with_os(item[1]) is not None


def _with_os(name: str, facts: PolicyFacts | None = None) -> re.Match[str] | None:
    """Whether ``name`` is one of the applications updated only with their OS (by the
    bundled facts unless others are given)."""
    names = (facts or policy_facts()).with_os_names
    return names.search(name) if names is not None else None


class HostReleases:
    """Each host block's distribution release, for the rows that can follow it, worked out
    from a report's columns: a lookup per host block, nothing per row. Kept across the
    parts of a report that spills, so a host's release carries into later blocks."""

    def __init__(self, matcher: Matcher, facts: PolicyFacts) -> None:
        self._matcher, self._facts = matcher, facts
        self._known: dict[HostKey, HostOS | None] = {}
        self._releases: dict[Item, HostOS | None] = {}  # thousands of hosts share a few OSes
        self._builds: dict[tuple[Item, HostOS], Item | None] = {}

    def runs(self, rows: Iterable[AssetRow]) -> Iterator[tuple[list[AssetRow], HostOS | None]]:
        """Rows in runs of one host block (in input order, at most ``MAX_HELD``) with that
        host's release, None when unknown or not a distribution: the row-by-row way, for
        rows that are not kept as columns. Grouping is done in C (1.1M rows: a few
        hundredths of a second more than streaming them)."""
        known, seen = self._known, self._releases
        for key, group in groupby(rows, key=_HOST):
            while held := list(islice(group, MAX_HELD)):
                item = os_item(held)
                if item is not None and item not in seen:
                    seen[item] = release_of(item, self._matcher, self._facts)
                found = (seen[item] if item is not None else None) or known.get(key)
                known[key] = found
                yield held, found

    def build(self, item: Item, found: HostOS) -> Item | None:
        """The item with its host's release appended when that distribution builds it
        (the release then joins the item's identity), else None."""
        key = (item, found)
        builds = self._builds
        if key not in builds:
            if len(builds) >= _BUILDS_KEPT:  # millions of distinct items: forget the oldest
                builds.clear()
            built = maintainer(item[1], item[2], found, self._facts, item_purl(item))
            facts = self._facts
            with_os = found[0] in _os_of_apps(facts) and _with_os(item[1], facts) is not None
            builds[key] = cast(Item, (*item, found)) if built or with_os else None
        return builds[key]

    def releases(
        self,
        starts: Sequence[int],
        keys: Sequence[HostKey],
        os_rows: Iterable[tuple[int, Item]],
        wanted: Sequence[int],
    ) -> list[HostOS | None]:
        """The release of the host of each ``wanted`` row position (ascending).

        ``starts`` are the first positions of the host blocks in order, ``keys`` their
        (client, host), ``os_rows`` the (position, item) of the OS rows in order."""
        first_os: dict[int, Item] = {}
        for position, item in os_rows:
            first_os.setdefault(bisect_right(starts, position) - 1, item)
        wanted_blocks = [bisect_right(starts, position) - 1 for position in wanted]
        found_in: dict[int, HostOS | None] = {}
        known, seen = self._known, self._releases
        for block in sorted(first_os.keys() | set(wanted_blocks)):
            key, named = keys[block], first_os.get(block)
            if named is not None and named not in seen:
                seen[named] = release_of(named, self._matcher, self._facts)
            found = (seen[named] if named is not None else None) or known.get(key)
            known[key] = found_in[block] = found
        return [found_in[block] for block in wanted_blocks]
