"""Checks of a whole run that no single finding shows: contracts running out, clients shrinking.

A quiet month is not proof of a good month. An extended-support contract that lapsed turns
its hosts back to end of life without a word; a client whose export lost half its hosts
looks like a client that fixed half its problems. These become warnings, each about one
client (so it goes into that client's own report file too). Pure: no clock, no files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from eolscan.lifecycles.contracts import Contract
from eolscan.support.globs import glob_matches

SHRINK_SHARE = 0.2
"""A client whose hosts or items fell by this share or more since the baseline is named."""
SHRINK_MIN = 2
"""... and by at least this many (one retired laptop in a five-host office is normal)."""

Scoped = list[tuple[str, str]]
"""(client, warning) pairs: the warning concerns that client (``*`` for all of a glob)."""


def contract_warnings(
    contracts: Iterable[Contract], as_of: date, warn_days: int, clients: Iterable[str]
) -> Scoped:
    """A warning per client for each contract of theirs that lapsed or lapses within
    ``warn_days``: paid extended support is a deadline like any other."""
    found: Scoped = []
    names = sorted(clients)
    for contract in contracts:
        days = (contract.until - as_of).days
        if days > warn_days:
            continue
        where = f"{contract.source}: " if contract.source else ""
        what = f"extended support contract for {contract.product} {contract.cycle}"
        hosts = "" if contract.host == "*" else f" (hosts {contract.host})"
        for client in (n for n in names if glob_matches(n.lower(), contract.client.lower())):
            if days < 0:
                note = (
                    f"{where}{what} of {client}{hosts} lapsed on {contract.until.isoformat()}; "
                    "its hosts count as end of life again (renew it or remove it)"
                )
            else:
                note = (
                    f"{where}{what} of {client}{hosts} lapses on {contract.until.isoformat()} "
                    f"(in {days} day{'' if days == 1 else 's'}); renew it or plan the upgrade"
                )
            found.append((client, note))
    return found


Counts = dict[str, tuple[set[str], int]]
"""client -> (host names, item count)."""


def count_by_client(pairs: Iterable[tuple[str, str]]) -> Counts:
    """(client, host) per item -> each client's hosts and items."""
    hosts: dict[str, set[str]] = defaultdict(set)
    items: dict[str, int] = defaultdict(int)
    for client, host in pairs:
        hosts[client].add(host)
        items[client] += 1
    return {client: (hosts[client], items[client]) for client in hosts}


def _dropped(before: int, after: int) -> bool:
    return before - after >= SHRINK_MIN and (before - after) >= SHRINK_SHARE * before


def shrink_warnings(before: Counts, after: Counts, since: str) -> Scoped:
    """A client whose host or item count dropped sharply since the baseline, or that vanished
    from a run of the same book (at least half the baseline's clients present): a failed
    export must not read as problems resolved."""
    found: Scoped = []
    same_book = 2 * sum(1 for client in before if client in after) >= len(before)
    for client in sorted(before):
        old_hosts, old_items = before[client]
        if client not in after:
            if same_book and len(after) > 1:
                found.append(
                    (
                        client,
                        f"{client}: in the baseline of {since} ({len(old_hosts)} hosts) but not "
                        "in this run; is its export missing?",
                    )
                )
            continue
        new_hosts, new_items = after[client]
        missing = len(old_hosts - new_hosts)
        if _dropped(len(old_hosts), len(old_hosts) - missing):
            found.append(
                (
                    client,
                    f"{client}: {missing} of {len(old_hosts)} hosts missing since {since}; "
                    "is the export complete?",
                )
            )
        elif _dropped(round(old_items * len(new_hosts) / len(old_hosts)), new_items):
            # fewer items than the hosts still there had: the software part of an export
            found.append(
                (
                    client,
                    f"{client}: {new_items} items where {since} had {old_items}; "
                    "is the export complete?",
                )
            )
    return found
