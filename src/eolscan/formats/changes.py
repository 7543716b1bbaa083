"""How every format shows a comparison with a baseline: marks, headlines and the diff document."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.table_fit import fit_columns
from eolscan.formats.words import item_text, product_text

if TYPE_CHECKING:
    from eolscan.judgement.changes import Changes, Delta, Entry
    from eolscan.model import Finding


def mark_text(delta: Delta | None) -> str:
    """``new``, ``was warn``, ``was 7.4`` or ``was Ubuntu 20.04, eol`` for a finding; blank
    when unchanged."""
    return "" if delta is None else delta.mark


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
        "purl": entry.purl,
    }


def changes_dict(changes: Changes, current_as_of: str | None = None) -> dict[str, Any]:
    """The whole comparison as a JSON document (``eolscan diff --format json``)."""
    document = _changes_head(changes, current_as_of)
    document["changes"] = [delta_dict(delta) for delta in changes.all()]
    return document


def _changes_head(changes: Changes, current_as_of: str | None) -> dict[str, Any]:
    """The comparison's document with no differences listed yet (``changes`` comes last)."""
    # --baseline and diff only: the comparison's records (dataclasses) stay out of other scans
    from eolscan.judgement.changes import Change

    return {
        "eolscan_diff_version": 1,
        "baseline": {"path": changes.source, "as_of": changes.since},
        "as_of": current_as_of,
        "counts": {str(c): changes.count(c) for c in Change},
        "changes": [],
    }


_ITEM_INDENT = "\n      "
"""A difference's depth in a report: findings' document, ``baseline``, ``changes``."""


def indented_item(values: dict[str, Any]) -> str:
    """``json.dumps(values, indent=2, ensure_ascii=False)`` at a difference's depth in a
    report. A flat dictionary of texts and nulls (every difference) is written here: the
    indenting encoder is Python code per value, 10 µs a difference."""
    flat = all(
        isinstance(key, str) and (value is None or isinstance(value, str))
        for key, value in values.items()
    )
    if not values or not flat:
        return json.dumps(values, indent=2, ensure_ascii=False).replace("\n", _ITEM_INDENT)
    members = [
        f"{encode_basestring(key)}: {'null' if value is None else encode_basestring(value)}"
        for key, value in values.items()
    ]
    inner = _ITEM_INDENT + "  "
    return "{" + inner + ("," + inner).join(members) + _ITEM_INDENT + "}"


def baseline_json(changes: Changes, current_as_of: str | None) -> Iterator[str]:
    """A report's ``"baseline": {...}`` member as ``json.dumps(indent=2)`` writes it, a
    difference at a time: millions of differences are never one list of dicts."""
    head = _changes_head(changes, current_as_of)
    text = json.dumps({"baseline": head}, indent=2, ensure_ascii=False)[2:-2]
    before, after = text.rsplit('"changes": []', 1)  # keys' quotes inside values are escaped
    yield before + '"changes": '
    first = True
    for delta in changes.all():
        yield ("[" if first else ",") + _ITEM_INDENT + indented_item(delta_dict(delta))
        first = False
    yield ("[]" if first else "\n    ]") + after


DIFF_FORMATS = ("table", "markdown", "json")
"""What ``eolscan diff`` can write."""
_COLUMNS = ("Change", "Client", "Host", "Item", "Recognised as", "Status", "Before")
_DIFF_DROP_ORDER = ("Recognised as", "Client", "Before")
"""Columns a narrow terminal does without, first to go first: the item names what it is
recognised as well enough, and one client's changes need no client column."""


def _cells(delta: Delta) -> list[str]:
    entry, previous = delta.entry, delta.previous
    before = ""
    if previous is not None:
        before = f"{previous.status} {previous.cycle_label or previous.cycle or ''}".strip()
    return [
        str(delta.change),
        entry.client,
        entry.host,
        entry_item(entry),
        entry_product(entry),
        str(entry.status),
        before,
    ]


def render_changes(changes: Changes, format_name: str, out: TextIO, as_of: str | None) -> None:
    """Write a comparison as a terminal table, Markdown or JSON."""
    if format_name == "json":
        out.write(json.dumps(changes_dict(changes, as_of), indent=2, ensure_ascii=False) + "\n")
    elif format_name == "markdown":
        # markdown.py imports this module: a cycle at the top
        from eolscan.formats.markdown import escape

        out.write(f"# Changes: {escape(changes.headline())}\n\n")
        out.write("| " + " | ".join(_COLUMNS) + " |\n|" + " --- |" * len(_COLUMNS) + "\n")
        for delta in changes.all():
            out.write("| " + " | ".join(escape(c) for c in _cells(delta)) + " |\n")
    else:
        # rich for the terminal table only (diff); a scan's reports import this module without it
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        # formats.table imports this module: a cycle at the top
        from eolscan.formats.table import console_width, visible

        console = Console(
            file=out,
            width=console_width(out),
            highlight=False,
            markup=False,
            emoji=False,
            no_color="NO_COLOR" in os.environ,
        )
        rows = [[visible(cell) for cell in _cells(delta)] for delta in changes.all()]
        # no word cut: each column as wide as its longest word, the least needed ones left
        # out where even that is too wide (as the scan's table does)
        widths = fit_columns(_COLUMNS, rows, console.width, _DIFF_DROP_ORDER, ("Change",))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for column, column_width in widths.items():
            table.add_column(column, width=column_width, overflow="fold")
        keep = [_COLUMNS.index(column) for column in widths]
        for row in rows:
            table.add_row(*(Text(row[at]) for at in keep))
        if changes.deltas or changes.resolved:
            console.print(table)
        console.print(Text(visible(changes.headline()), style="bold"))
