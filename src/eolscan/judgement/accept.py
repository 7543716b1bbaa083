"""Accepted risks: a reviewed, expiring exception for known findings, not a switched-off check.

Each entry says which findings (``client``/``host`` globs, ``product``, optional ``cycle``),
why (``reason``), who (``owner``) and until when (``until``). Applying entries is pure: a
finding goes in, the same finding or an ``accepted`` copy comes out; expired and unused
entries become report warnings. The file they come from is read by ``accept_file.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date

from eolscan.errors import InputError
from eolscan.judgement.ignore import (
    IgnoreEntry,
    ignore_warnings,
    ignored,
)
from eolscan.model import Finding, Status
from eolscan.support.globs import ByName, by_literal_name, glob_matches, matches_one_of

ACCEPTABLE = frozenset({Status.EOL, Status.EXTENDED, Status.WARN, Status.UNKNOWN})
"""Statuses an entry can turn into ``accepted``; a supported finding needs no exception."""


class AcceptError(InputError):
    """An accepted-risk file cannot be used; the message starts with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class AcceptEntry:
    """One accepted risk, as written in the file, with where it was written."""

    product: str
    reason: str
    until: date
    client: str = "*"
    host: str = "*"
    cycle: str | None = None
    owner: str = ""
    source: str = ""

    def matches(self, finding: Finding) -> bool:
        """Same product (and cycle if given); client and host match the globs, ignoring case."""
        return self._covers(finding.product, finding.cycle, finding)

    def covers_release_of(self, finding: Finding) -> bool:
        """Whether this entry accepts the release a distribution build comes from (CentOS
        7 on web01): the packages of its archive are that risk too, and go with it."""
        release = finding.maintained_by
        return release is not None and self._covers(release[0], release[1], finding)

    def _covers(self, product: str | None, cycle: str | None, finding: Finding) -> bool:
        """This entry's product (and cycle if given) is ``product`` (``cycle``), on the
        finding's client and host."""
        asset = finding.asset
        return (
            product is not None
            and product.lower() == self.product.lower()
            and (self.cycle is None or cycle == self.cycle)
            and glob_matches(asset.client.lower(), self.client.lower())
            and glob_matches(asset.host.lower(), self.host.lower())
        )

    def concerns(self, clients: AbstractSet[str]) -> bool:
        """True when the ``client`` glob matches one of ``clients`` (lower-cased names)."""
        return matches_one_of(self.client, clients)

    def what(self) -> str:
        """``windows-server 2012-r2``: the product (and cycle) the entry accepts."""
        return f"{self.product} {self.cycle}" if self.cycle else self.product

    def describe(self) -> str:
        """``windows-server 2012-r2 on Acme*/DC01``: what the entry covers, for warnings."""
        return f"{self.what()} on {self.client}/{self.host}"


@dataclass(slots=True)
class Acceptance:
    """Accepted-risk entries applied at one date; remembers which entries were used, and by whom."""

    entries: list[AcceptEntry]
    as_of: date
    used: set[int] = field(default_factory=set)
    expired_hits: dict[int, set[str]] = field(default_factory=dict)
    """Expired entry -> clients with findings it would have covered."""
    shared: bool = False
    """The file lies outside every folder scanned (one client's folder scanned with the book's
    file above it): entries for clients not in the run are none of this run's business."""
    ignores: list[IgnoreEntry] = field(default_factory=list)
    ignores_used: set[int] = field(default_factory=set)
    ignores_expired: dict[int, set[str]] = field(default_factory=dict)
    by_product: dict[str, list[int]] = field(default_factory=dict, init=False)
    """Product (lower case) -> its entries' indexes in file order: a finding is compared
    with its product's entries only, not with every entry."""
    _ignorable: dict[tuple[str, str | None], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False
    )
    _alike: list[list[int]] | None = field(default=None, init=False, repr=False)
    """The ignores' indexes grouped by (name glob, product), made at the first ``ignorable``."""
    _by_client: dict[str, ByName] = field(default_factory=dict, init=False, repr=False)
    """Product (lower case) -> its entries by the client they name outright, and those
    with a client wildcard (``globs.by_literal_name``)."""
    _candidates: dict[tuple[str, str], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        for index, entry in enumerate(self.entries):
            self.by_product.setdefault(entry.product.lower(), []).append(index)
        for product, indexes in self.by_product.items():
            clients = ((at, self.entries[at].client) for at in indexes)
            self._by_client[product] = by_literal_name(clients)

    def candidates(self, product: str, client: str) -> tuple[int, ...]:
        """The entries (indexes, in file order) about ``product`` whose client glob can
        match ``client``: the others cannot accept its findings."""
        found = self._candidates.get((product, client))
        if found is None:
            named, wild = self._by_client.get(product.lower(), ({}, []))
            found = tuple(sorted([*named.get(client.lower(), ()), *wild]))
            self._candidates[product, client] = found
        return found

    def active(self, entry: AcceptEntry) -> bool:
        """An entry applies up to and including its ``until`` date."""
        return self.as_of <= entry.until

    def add_ignores(self, ignores: Iterable[IgnoreEntry]) -> None:
        """Add ignore entries (a client folder's, after the accepted-risk file's)."""
        self.ignores.extend(ignores)
        self._alike = None
        self._ignorable.clear()

    def ignorable(self, name: str, product: str | None) -> tuple[int, ...]:
        """The ignores (their indexes, in file order) whose name glob and product an item of
        this ``name`` and ``product`` matches, on whichever host: each distinct pair of glob
        and product checked once an item (a book whose every client folder ignores the same
        runtime has hundreds of entries alike)."""
        found = self._ignorable.get((name, product))
        if found is None:
            if self._alike is None:
                alike: dict[tuple[str, str], list[int]] = {}
                for index, rule in enumerate(self.ignores):
                    key = (rule.name.lower(), rule.product.lower())
                    alike.setdefault(key, []).append(index)
                self._alike = list(alike.values())
            could = [
                at
                for indexes in self._alike
                if self.ignores[indexes[0]].could_match(name, product)
                for at in indexes
            ]
            found = self._ignorable[name, product] = tuple(sorted(could))
        return found

    def accept(self, finding: Finding) -> Finding:
        """``finding`` unchanged, or an ``ignored`` or ``accepted`` copy naming the entry."""
        for index in self.ignorable(finding.asset.name, finding.product):
            rule = self.ignores[index]
            if not rule.matches(finding):
                continue
            if not rule.active(self.as_of):
                self.ignores_expired.setdefault(index, set()).add(finding.asset.client)
                continue
            self.ignores_used.add(index)
            return ignored(rule, finding)
        if finding.status not in ACCEPTABLE or finding.product is None:
            return finding
        accepted = self._accepted(finding, finding.product, AcceptEntry.matches)
        if accepted is None and finding.maintained_by is not None:  # with its release
            release = finding.maintained_by[0]
            accepted = self._accepted(finding, release, AcceptEntry.covers_release_of)
        return finding if accepted is None else accepted

    def _accepted(
        self, finding: Finding, product: str, fits: Callable[[AcceptEntry, Finding], bool]
    ) -> Finding | None:
        """``finding`` accepted by the first active entry about ``product`` that ``fits``
        it (its own product's, or its release's for a distribution build), else None."""
        for index in self.candidates(product, finding.asset.client):
            entry = self.entries[index]
            if not fits(entry, finding):
                continue
            if not self.active(entry):
                self.expired_hits.setdefault(index, set()).add(finding.asset.client)
                continue
            self.used.add(index)
            with_release = product != finding.product
            reason = accepted_reason(entry, finding, with_release)
            return dataclasses.replace(finding, status=Status.ACCEPTED, reason=reason)
        return None

    def apply(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        """Stream findings through :meth:`accept`."""
        for finding in findings:
            yield self.accept(finding)

    def warnings(
        self, client: str | None = None, clients: Iterable[str] | None = None
    ) -> list[str]:
        """Expired and stale entries in file order; call after every finding went through.

        Only entries that concern the run: ones whose ``client`` glob matches a client of
        ``clients`` (every entry when not given), or that covered a finding. A shared file
        scanned for one client never advises removing another client's entries. For one
        ``client`` (a report a client may read): the entries that concern that client alone,
        so no other client's hosts are named.
        """
        if client is not None:
            clients = [client]
        names = None if clients is None else {name.lower() for name in clients}
        messages: list[str] = []
        for index, entry in enumerate(self.entries):
            hits = self.expired_hits.get(index, set())
            if client is not None and hits and client not in hits:
                continue  # expired for other clients' findings
            if not hits and names is not None and not entry.concerns(names):
                continue
            if not self.active(entry):
                ends = "its findings count again" if hits else "it matches no finding; remove it"
                messages.append(
                    f"{entry.source}: accepted risk for {entry.describe()} expired on "
                    f"{entry.until.isoformat()}; {ends}"
                )
            elif index not in self.used:
                messages.append(
                    f"{entry.source}: accepted risk for {entry.describe()} matches no finding "
                    "at risk; remove it or correct client, host, product or cycle"
                )
        return messages + ignore_warnings(
            self.ignores, self.as_of, self.ignores_used, self.ignores_expired, client, names
        )


def accepted_reason(entry: AcceptEntry, finding: Finding, with_release: bool = False) -> str:
    """``accepted until 2027-03-31 by Jane: new server ordered (was eol)``: the why stays;
    a build accepted with its release says so (``accepted with centos 7 ...``)."""
    owner = f" by {entry.owner}" if entry.owner else ""
    was = f"{finding.status}: {finding.reason}" if finding.reason else str(finding.status)
    what = f" with {entry.what()}" if with_release else ""
    return f"accepted{what} until {entry.until.isoformat()}{owner}: {entry.reason} (was {was})"
