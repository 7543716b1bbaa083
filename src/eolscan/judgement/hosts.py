"""Host context for distribution builds: which distribution release each host runs.

Rows stream; a host's OS row may come before or after its packages. Rows of one host that
come together (one host's block in a file) are held until the block ends, so its OS is
known when its packages are judged; a host seen earlier keeps its OS for later files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eolscan.judgement.facts import PolicyFacts
from eolscan.matching import Matcher
from eolscan.models import AssetRow, Kind

HostOS = tuple[str, str]
"""(distribution product, release cycle) of a host."""

_MAX_HELD = 100_000
"""Rows of one host held at most; a bigger block is judged with what is known so far."""


def host_os(rows: list[AssetRow], matcher: Matcher, facts: PolicyFacts) -> HostOS | None:
    """The distribution release named by the OS rows among ``rows``, if exactly one."""
    for _client, _host, (kind, name, version, _ext), _file, _line, _tags in rows:
        if kind != Kind.OS:
            continue
        match = matcher.match(kind, name, version)
        product = match.product
        if product is not None and product.id in facts.distributions and len(match.cycles) == 1:
            return product.id, match.cycles[0].id
    return None


def with_hosts(
    rows: Iterable[AssetRow], matcher: Matcher, facts: PolicyFacts
) -> Iterator[tuple[AssetRow, HostOS | None]]:
    """Each row with its host's distribution release (None when unknown or not a distribution)."""
    known: dict[tuple[str, str], HostOS | None] = {}
    held: list[AssetRow] = []
    for row in rows:
        if held and (row[0] != held[0][0] or row[1] != held[0][1] or len(held) >= _MAX_HELD):
            yield from _release(held, known, matcher, facts)
            held = []
        held.append(row)
    if held:
        yield from _release(held, known, matcher, facts)


def _release(
    held: list[AssetRow],
    known: dict[tuple[str, str], HostOS | None],
    matcher: Matcher,
    facts: PolicyFacts,
) -> Iterator[tuple[AssetRow, HostOS | None]]:
    key = (held[0][0], held[0][1])
    found = host_os(held, matcher, facts) or known.get(key)
    known[key] = found
    for row in held:
        yield row, found
