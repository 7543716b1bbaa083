"""Patch level within a cycle: the newest release the data knows, and whether the installed
version is older. Distribution builds are never "behind": they backport fixes without
changing the upstream version. Pure."""

from __future__ import annotations

import re

from eolscan.matching.normalise import numeric_version
from eolscan.model import Cycle

_UPDATE_WORDS = re.compile(r"\s+(?:CU|SU|UR)\d+\b", re.IGNORECASE)


def _parts(version: str) -> tuple[int, ...]:
    numeric = numeric_version(version)
    return tuple(int(p) for p in numeric.split(".")) if numeric else ()


def is_behind(installed: str, latest: str | None) -> bool:
    """True when both are versions and ``installed`` is older than ``latest`` at its own depth.

    ``15.1.2507.6`` is behind ``15.1.2507.61``, and Office for Mac's ``16.90`` behind
    ``16.112.1``; ``2.4`` (no patch given) is not judged behind ``2.4.68``.
    """
    mine, newest = _parts(installed), _parts(latest or "")
    if len(mine) < 2 or len(newest) < 2 or mine[:1] != newest[:1]:
        return False
    depth = min(len(mine), len(newest))
    return mine[:depth] < newest[:depth]


def installed_label(cycle: Cycle, version: str) -> str:
    """The cycle's label without the update words that name the data's newest build
    (``2016 CU23 SU19`` -> ``2016``) unless that build is what is installed."""
    if not cycle.latest or not _UPDATE_WORDS.search(cycle.label):
        return cycle.label
    if _parts(version) and _parts(version) == _parts(cycle.latest):
        return cycle.label
    return _UPDATE_WORDS.sub("", cycle.label).strip()


def release_label(cycle: Cycle) -> str:
    """A target release line's label without the data's newest update words
    (``Subscription Edition SU9`` -> ``Subscription Edition``): a person moves to the line."""
    return _UPDATE_WORDS.sub("", cycle.label).strip() or cycle.label
