"""How every format shows a comparison with a baseline: marks, headlines and the diff document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eolscan.formats.words import item_text, product_text

if TYPE_CHECKING:
    from eolscan.baseline import Changes, Delta, Entry
    from eolscan.models import Finding


def mark_text(delta: Delta | None) -> str:
    """``new``, ``was warn`` or ``was 7.4`` for a finding; blank when unchanged."""
    if delta is None:
        return ""
    previous = delta.previous
    if previous is None:
        return str(delta.change)
    if previous.status is not delta.entry.status:
        return f"was {previous.status}"
    return f"was {previous.cycle_label or previous.cycle or 'another cycle'}"


def mark_for(changes: Changes | None, finding: Finding) -> str:
    """The change mark of a finding, blank without a baseline."""
    return mark_text(changes.mark(finding)) if changes is not None else ""


def entry_product(entry: Entry) -> str:
    """What an entry was recognised as."""
    return product_text(entry.product_label, entry.cycle_label)


def entry_item(entry: Entry) -> str:
    """An entry's inventory item with its version."""
    return item_text(entry.name, entry.version)


def delta_dict(delta: Delta) -> dict[str, Any]:
    """One difference as JSON: the identity, the change, the status now and before."""
    entry, previous = delta.entry, delta.previous
    return {
        "change": str(delta.change),
        "client": entry.client,
        "host": entry.host,
        "kind": entry.kind,
        "name": entry.name,
        "version": entry.version,
        "status": str(entry.status),
        "cycle": entry.cycle,
        "cycle_label": entry.cycle_label,
        "product_label": entry.product_label,
        "eol": entry.eol,
        "previous_status": str(previous.status) if previous else None,
        "previous_cycle": previous.cycle if previous else None,
    }


def changes_dict(changes: Changes, current_as_of: str | None = None) -> dict[str, Any]:
    """The whole comparison as a JSON document (``eolscan diff --format json``)."""
    from eolscan.baseline import Change

    return {
        "eolscan_diff_version": 1,
        "baseline": {"path": changes.source, "as_of": changes.since},
        "as_of": current_as_of,
        "counts": {str(c): changes.count(c) for c in Change},
        "changes": [delta_dict(delta) for delta in changes.all()],
    }
