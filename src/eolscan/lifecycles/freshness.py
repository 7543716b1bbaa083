"""How current the lifecycle data is, measured by what it says, not when it was converted.

A database rebuilt today from a three-month-old snapshot is three months old: its newest
release or ``latest`` date tells, not its ``generated_at`` stamp. Per product, the data is
visibly behind when the newest known cycle has ended although the product was alive when
the data was made, or when an installed version is newer than every known cycle. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from eolscan.model import Finding, Product, Status

CONTENT_KEYS = ("release", "latest_date")
"""Cycle fields whose newest value dates the data."""


def content_date(products: Mapping[str, Any], generated_at: str) -> str:
    """The newest release or ``latest_date`` of any cycle, not after the ``generated_at`` stamp
    (a planned release is not news); "" when the data has no dates at all. Products curated by
    hand (``curated:``) are left out: the snapshot's age is the question, and a curated
    product's newest release would hide it."""
    ceiling = generated_at[:10] or "9999-12-31"
    newest = ""
    for raw in products.values():
        if not isinstance(raw, dict) or raw.get("curated"):
            continue
        cycles = raw.get("cycles")
        for cycle in cycles if isinstance(cycles, list) else ():
            if not isinstance(cycle, dict):
                continue
            for key in CONTENT_KEYS:
                value = cycle.get(key)
                text = value.isoformat() if isinstance(value, date) else str(value or "")[:10]
                if newest < text <= ceiling:
                    newest = text
    return newest


def parse_day(text: str) -> date | None:
    """``2026-08-21`` (or a timestamp starting so) as a date; None when it is not one."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _numbers(text: str) -> tuple[int, ...]:
    """``155.0.1`` -> (155, 0, 1); ``24.04 LTS`` -> (24, 4); stops at the first non-number."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def newest_cycle_ended(product: Product, as_of: date, data_date: date) -> str | None:
    """A note when the product's newest cycle has ended by ``as_of`` although it was still
    running when the data was made: the vendor has released since, the data does not know."""
    if not product.cycles:
        return None
    newest = product.cycles[0]
    end = newest.eol if isinstance(newest.eol, date) else None
    if end is None or not data_date <= end < as_of:
        return None
    return (
        f"the lifecycle data is behind for {product.label}: its newest known cycle "
        f"{newest.label} ended on {end.isoformat()} and no later one is known; "
        "run `eolscan db update`"
    )


def newer_than_known(product: Product, version: str) -> str | None:
    """A note when ``version`` is newer than every cycle the data knows of the product."""
    installed = _numbers(version)
    known = [_numbers(cycle.id) for cycle in product.cycles]
    known = [parts for parts in known if parts]
    if not installed or not known:
        return None
    if all(installed[: len(parts)] > parts for parts in known):
        return (
            f"the lifecycle data is older than {product.label} {version}: no known cycle "
            "fits it; run `eolscan db update`"
        )
    return None


def behind_warnings(
    verdicts: Iterable[Finding], products: Mapping[str, Product], as_of: date, data_date: str
) -> list[str]:
    """One warning per product whose data is visibly behind, for the products a scan met.

    ``verdicts`` are distinct findings (one per item); ``products`` the database's products
    by id. A product is named once, by its first reason."""
    day = parse_day(data_date)
    notes: dict[str, str] = {}
    for verdict in verdicts:
        product_id = verdict.product
        if product_id is None or product_id in notes or product_id not in products:
            continue
        product = products[product_id]
        note = None
        if verdict.status is Status.UNKNOWN and not verdict.cycle:
            note = newer_than_known(product, verdict.asset.version)
        if note is None and day is not None:
            note = newest_cycle_ended(product, as_of, day)
        if note is not None:
            notes[product_id] = note
    return sorted(notes.values())
