"""Each distinct (item, host context) judged once: keys to verdict numbers, and what the
report's order and counts need of each verdict.

A million rows share a few thousand distinct items; judging each item once and keeping a
number per row is what makes a large scan cheap. The first ``in_memory`` verdicts also keep
their values as a tuple (a Finding is rebuilt from them per row far faster than ``replace``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable
from dataclasses import fields
from typing import Any, cast

from eolscan.judgement.hosts import may_follow_host
from eolscan.model import AssetRow, Finding, Item, Kind
from eolscan.report.verdict_store import VerdictStore

_VERDICT_FIELDS = tuple(f.name for f in fields(Finding))[1:]

_UNSEEN = object()

Order = tuple[int, str, str]
"""(status rank, kind, name lower-cased): a verdict's part of the report order."""


class VerdictIndex:
    """Verdicts by number, numbers by key, and per verdict its order part and row count.

    A key whose verdict may follow its host's distribution release gets a *marker* (a
    negative number) until its host blocks are known (``report.host_builds``); ``bases``
    keeps such items' verdicts judged without a host.
    """

    def __init__(self, in_memory: int) -> None:
        self.in_memory = in_memory
        self.store = VerdictStore(in_memory)
        self.values: list[tuple[Any, ...]] = []
        self.order: list[Order] = []
        self.index: dict[Hashable, int] = {}
        self.products: dict[Item, str | None] = {}
        """Each item's product, once judged in a context (the same in every context)."""
        self.by_context: dict[Hashable, dict[Hashable, int]] = {}
        """Per host context, its items' numbers: a row costs one lookup of its item alone."""
        self.os_items: dict[int, Item] = {}
        self.deferred: list[tuple[Hashable, Item]] = []
        self.bases: dict[Hashable, int] = {}
        self.counts = array("q")
        self.heavy = False
        """Set once distinct keys passed ``in_memory``: later rows go straight to the spool."""

    def __len__(self) -> int:
        return len(self.store)

    def remember(self, verdict: Finding, item: Item) -> int:
        """Keep a new verdict of a compact part; its number. Only the first ``in_memory``
        keep their values as a tuple, and only OS items are kept (``host_builds`` finds
        the host blocks' OS rows by them), so neither grows with distinct items."""
        number = self.store.append(verdict)
        asset = verdict.asset
        if item[0] == Kind.OS:
            self.os_items[number] = item
        self.order.append((verdict.status.rank, str(asset.kind), asset.name.lower()))
        if number < self.in_memory:
            self.values.append(tuple(getattr(verdict, name) for name in _VERDICT_FIELDS))
        self.counts.append(0)
        return number

    def new_key(
        self, key: Hashable, row: AssetRow, assess: Callable[[AssetRow], Finding], follow: bool
    ) -> int:
        """The number of a key seen for the first time. An item whose verdict can follow its
        host's release gets a marker (a negative number) instead, resolved per host block
        once the part is read."""
        if follow and may_follow_host(row[2]):
            self.deferred.append((key, row[2]))
            number = -len(self.deferred)
        else:
            number = self.remember(assess(row), row[2])
        self.index[key] = number
        return number

    def new_in_context(
        self,
        item: Item,
        context: Hashable,
        row: AssetRow,
        assess: Callable[[AssetRow], Finding],
        follow: bool,
        narrow: Callable[[Hashable, str | None, str], Hashable] | None,
    ) -> int:
        """The number of an item seen for the first time in a host ``context``. With
        ``narrow``, the verdict is kept under the part of the context that can change it
        (known from the item's product, the same in every context, and its name), so hosts
        whose accepted risks, contracts and ignores concern other items share it; a verdict
        judged in the full context is the same, since the rest of the context cannot apply
        to it."""
        if narrow is None or (follow and may_follow_host(item)):
            return self.new_key((item, context), row, assess, follow)
        product = self.products.get(item, _UNSEEN)
        if product is _UNSEEN:
            verdict = assess(row)
            product = self.products[item] = verdict.product
            key = (item, narrow(context, product, item[1]))
            number = self.remember(verdict, item)
        else:
            key = (item, narrow(context, cast("str | None", product), item[1]))
            found = self.index.get(key)
            number = self.remember(assess(row), item) if found is None else found
        self.index[key] = number
        return number

    def close(self) -> None:
        """Remove any temporary file now."""
        self.store.close()
