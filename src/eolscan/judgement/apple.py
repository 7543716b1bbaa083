"""Apple's update practice as two rules over the lifecycle data. Pure; no dates typed here.

Apple publishes no lifecycle: its security releases page lists, per release, which macOS
versions got fixes. In practice that is the newest macOS and the two before it (the
endoflife.date dates encode this), and only their latest point release: a Mac on macOS
14.6.1 when 14.8 is out misses fixes although "macOS 14" is supported. Apple ships a
new macOS every autumn, so data whose newest macOS is over a year old may lack one, and
with it the end of fixes for the oldest of the three.

The first rule is the generic patch level (#14, ``judgement/patch.py``): a Mac behind its
cycle's ``latest`` is flagged "behind the latest patch". The second is here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from eolscan.model import Product

PRACTICE_LINK = "https://support.apple.com/en-us/100100"
PRACTICE_SOURCE = (
    "Apple security releases (support.apple.com/en-us/100100): security fixes ship for the "
    "newest macOS and, in practice, the two before it, each in its latest point release only"
)
YEARLY_RELEASE_DAYS = 420
"""A new macOS has come every 11-13 months (Catalina to Big Sur: 402 days, the longest)."""
DATA_BEHIND = "the lifecycle data's newest macOS is "
"""How the data-may-be-behind warning starts: a client report without Macs leaves it out."""


def data_behind_warning(macos: Product | None, as_of: date) -> list[str]:
    """One warning when the data's newest macOS came out over a year before ``as_of``."""
    if macos is None:
        return []
    released = [c for c in macos.cycles if c.release is not None and c.release <= as_of]
    if not released:
        return []
    newest = max(released, key=lambda c: c.release or date.min)
    age = (as_of - (newest.release or as_of)).days
    if age <= YEARLY_RELEASE_DAYS:
        return []
    return [
        f"{DATA_BEHIND}{newest.label}, released {newest.release} "
        f"({age} days before {as_of}); Apple releases a new macOS every autumn, so the data may "
        "be behind (a newer macOS, and the end of fixes for the oldest of the three it "
        "supports, may be missing): run `eolscan db update`"
    ]


def report_products(findings: Iterable[object]) -> set[str]:
    """The product ids a report's findings name (its verdicts, when it keeps them apart)."""
    count = getattr(findings, "verdict_count", None)  # a FindingStream's distinct verdicts
    verdict = getattr(findings, "verdict", None)
    if isinstance(count, int) and callable(verdict):
        items: Iterable[object] = (verdict(n) for n in range(count))
    else:
        items = findings
    return {p for f in items if isinstance(p := getattr(f, "product", None), str)}
