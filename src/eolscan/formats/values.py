"""Shared cell values for every format: dates, flags and finding dictionaries."""

from __future__ import annotations

from datetime import date
from typing import Any

from eolscan.model import DatabaseInfo, DateOrFlag, Finding

FINDING_KEYS = (
    "client",
    "host",
    "kind",
    "name",
    "version",
    "product",
    "product_label",
    "cycle",
    "cycle_label",
    "status",
    "support_end",
    "eol",
    "extended_end",
    "days_left",
    "upgrade_to",
    "upgrade_to_label",
    "reason",
    "source",
    "rule",
    "link",
    "candidates",
    "extended_support",
    "overlay",
    "maintained_by",
    "latest",
    "purl",
)


def json_date(value: DateOrFlag) -> str | bool | None:
    """A date as ``YYYY-MM-DD``, a flag as true/false, unknown as null."""
    if isinstance(value, bool) or value is None:
        return value
    return value.isoformat()


def text_date(value: DateOrFlag) -> str:
    """A date for people: ``2025-10-14``, ``yes``/``no`` for flags, blank when unknown."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, date):
        return value.isoformat()
    return ""


def ends_text(value: DateOrFlag) -> str:
    """An "Ends" cell: the date, or ``ended`` / ``not announced`` when only a flag is known."""
    if value is True:
        return "ended"
    if value is False:
        return "not announced"
    return text_date(value)


def database_age(generated_at: str, as_of: date) -> int | None:
    """Days between the database's generation date and ``as_of``, or None when it has no date."""
    try:
        return (as_of - date.fromisoformat(generated_at[:10])).days
    except ValueError:
        return None


def age_text(age: int | None) -> str:
    """``129 days old``; a database newer than ``--as-of`` (a backdated run) says so instead."""
    if age is None:
        return "unknown"
    if age < 0:
        return f"{-age:,} days newer than the as-of date"
    return f"{age:,} day{'' if age == 1 else 's'} old"


def data_dated(db: DatabaseInfo, as_of: date) -> str:
    """``2026-08-21 (108 days old)``: the lifecycle data's newest release (when it was made,
    for data that does not say) and its age, as every report names the data: the date it
    was converted on would make stale data look fresh."""
    dated = db.data_date or db.generated_at
    age = database_age(dated, as_of)
    return f"{dated[:10]} ({age_text(age)})" if age is not None else dated[:10]


def finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as the JSON contract's mapping (keys pinned by a contract test)."""
    asset = finding.asset
    return {
        "client": asset.client,
        "host": asset.host,
        "kind": str(asset.kind),
        "name": asset.name,
        "version": asset.version,
        "product": finding.product,
        "product_label": finding.product_label,
        "cycle": finding.cycle,
        "cycle_label": finding.cycle_label,
        "status": str(finding.status),
        "support_end": json_date(finding.support_end),
        "eol": json_date(finding.eol),
        "extended_end": json_date(finding.extended_end),
        "days_left": finding.days_left,
        "upgrade_to": finding.upgrade_to,
        "upgrade_to_label": finding.upgrade_to_label,
        "reason": finding.reason,
        "source": asset.source,
        "rule": finding.rule,
        "link": finding.link,
        "candidates": list(finding.candidates),
        "extended_support": asset.extended_support,
        "overlay": finding.overlay,
        "maintained_by": (
            {"product": finding.maintained_by[0], "cycle": finding.maintained_by[1]}
            if finding.maintained_by
            else None
        ),
        "latest": finding.latest,
        "purl": asset.purl or None,
    }
