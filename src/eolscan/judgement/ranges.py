"""Versions outside the release lines the data knows. Pure.

Older than a known line that has itself ended: past support too (Firefox 67, Spring 4.1).
Newer than every known line: the data is older than the version; judged current, and an
evergreen product is judged by how many releases have been due since the data's newest.
"""

from __future__ import annotations

from datetime import date

from eolscan.matching.normalise import version_parts
from eolscan.model import Assessment, Cycle, Product, Status


def _number(cycle_id: str) -> tuple[int, ...] | None:
    parts = cycle_id.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _numbered(product: Product) -> list[tuple[tuple[int, ...], Cycle]]:
    """The product's cycles with plain numeric ids, oldest first; empty unless most ids are
    numeric (Linux Mint's ``lmde7`` beside ``22.3`` is left out; Windows' ids are not numbers)."""
    numbered = [(n, c) for c in product.cycles if (n := _number(c.id)) is not None]
    if len(numbered) * 2 <= len(product.cycles):
        return []
    return sorted(numbered, key=lambda pair: pair[0])


def _ended(cycle: Cycle, as_of: date) -> bool:
    eol = cycle.eol
    return eol is True or (isinstance(eol, date) and eol <= as_of)


def out_of_range(
    product: Product, version: str, as_of: date, data_date: date | None, cadence_days: int = 0
) -> tuple[Assessment, Cycle] | None:
    """A verdict for a version below or above every known line, with the line it was
    compared with; None when the version is inside the range (or not comparable)."""
    parts = version_parts(version)
    numbered = _numbered(product)
    if not parts or not numbered:
        return None
    mine = tuple(int(p) for p in parts)
    newest_number, newest = numbered[-1]
    if mine[: len(newest_number)] > newest_number:
        data = f"the data ({data_date.isoformat()})" if data_date else "the data"
        reason = (
            f"newer than every release line {data} knows (newest {newest.label}): "
            "judged current; refresh the data (eolscan db update) to confirm"
        )
        if cadence_days and newest.release is not None and len(newest_number) == 1:
            return _evergreen(mine[0], newest, newest_number[0], as_of, cadence_days), newest
        return Assessment(Status.SUPPORTED, reason=reason), newest
    above = [(n, c) for n, c in numbered if mine[: len(n)] < n]
    if not above:
        return None
    next_line = above[0][1]
    if not _ended(next_line, as_of):
        return None
    eol = next_line.eol if isinstance(next_line.eol, date) else None
    oldest = len(above) == len(numbered)
    where = "older than every known release line" if oldest else "older than a known release line"
    reason = (
        f"{where}: {next_line.label}, a newer line, ended"
        f"{' on ' + eol.isoformat() if eol else ''}, so this one has ended too"
    )
    days = (eol - as_of).days if eol else None
    return Assessment(Status.EOL, eol=eol or True, days_left=days, reason=reason), next_line


def _evergreen(
    mine: int, newest: Cycle, newest_major: int, as_of: date, cadence_days: int
) -> Assessment:
    """An evergreen version past the data: current if it is at least the release due by now
    (the data's newest plus one per cadence since its release), else probably behind."""
    assert newest.release is not None
    due = newest_major + max(0, (as_of - newest.release).days) // cadence_days
    basis = (
        f"{newest.label} was released {newest.release.isoformat()} and a release is due "
        f"every {cadence_days} days, so about {due} is current at {as_of.isoformat()}"
    )
    if mine >= due:
        return Assessment(Status.SUPPORTED, reason=f"newer than the data knows; {basis}")
    return Assessment(
        Status.WARN,
        reason=f"newer than the data knows but probably behind: {basis}; "
        "update it, and refresh the data (eolscan db update) to confirm",
    )


def evergreen_due(product: Product, as_of: date, cadence_days: int) -> int | None:
    """The major release an evergreen product has due at ``as_of``: the data's newest
    released line plus one per cadence since (None without numbered, dated lines)."""
    released = [
        (n[0], c)
        for n, c in _numbered(product)
        if len(n) == 1 and c.release is not None and c.release <= as_of
    ]
    if not released or cadence_days <= 0:
        return None
    major, newest = max(released, key=lambda pair: pair[0])
    assert newest.release is not None
    return major + max(0, (as_of - newest.release).days) // cadence_days
