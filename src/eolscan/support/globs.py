"""Client, host and name globs as accepted-risk files, ignores and contracts write them.

Those files mostly name clients and hosts outright; ``fnmatch`` compiles every pattern into
a regular expression first (a small client's 20 accepted risks: about 1 ms), so a pattern
without wildcards is a plain comparison here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from fnmatch import fnmatchcase, translate

Glob = Callable[[str], object] | None
"""A glob's match function over lower-cased text; None for ``*`` (matches all)."""

_WILDCARDS = ("*", "?", "[")


def glob_matches(text: str, pattern: str) -> bool:
    """``fnmatchcase(text, pattern)``: a pattern without wildcards is compared, not compiled."""
    if not any(wildcard in pattern for wildcard in _WILDCARDS):
        return text == pattern
    return fnmatchcase(text, pattern)


def literal_name(pattern: str) -> str | None:
    """The one lower-cased name ``pattern`` matches when it has no wildcard, else None."""
    if any(wildcard in pattern for wildcard in _WILDCARDS):
        return None
    return pattern.lower()


ByName = tuple[dict[str, list[int]], list[int]]
"""(name -> the indexes of the patterns that name it outright, the indexes of the others)."""


def by_literal_name(patterns: Iterable[tuple[int, str]]) -> ByName:
    """(index, pattern) pairs split into the patterns that name one name outright, looked
    up by it, and the others: a file of entries for single hosts names each client many
    times, and every client would otherwise be compared with every entry."""
    named: dict[str, list[int]] = {}
    others: list[int] = []
    for at, pattern in patterns:
        name = literal_name(pattern)
        if name is None:
            others.append(at)
        else:
            named.setdefault(name, []).append(at)
    return named, others


def matches_one_of(pattern: str, names: AbstractSet[str]) -> bool:
    """Whether ``pattern`` (case ignored) matches one of ``names`` (lower-cased): a pattern
    without wildcards is looked up (a file of entries for single hosts, and hundreds of
    clients in the run)."""
    name = literal_name(pattern)
    if name is not None:
        return name in names
    lowered = pattern.lower()
    return any(fnmatchcase(text, lowered) for text in names)


def glob_matcher(pattern: str) -> Glob:
    """``fnmatchcase(text, pattern.lower())`` as one match function, made once."""
    if pattern == "*":
        return None
    lowered = pattern.lower()
    if not any(wildcard in lowered for wildcard in _WILDCARDS):
        return lowered.__eq__
    return re.compile(translate(lowered)).match
