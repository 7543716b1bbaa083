"""Assets x database x policy -> findings and a report. No clock; streams.

A report's findings are kept compactly: one verdict per distinct asset identity, and
three integers a row. A very large input spills to temporary files in sorted runs, so
memory stays bounded however big the inventory.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from fnmatch import translate
from itertools import chain, islice, repeat
from operator import add, sub
from typing import Any, cast

from eolscan.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from eolscan.judgement.accept import Acceptance, AcceptEntry
from eolscan.judgement.distro import maintainer
from eolscan.judgement.facts import policy_facts
from eolscan.judgement.hosts import HostOS, host_runs, with_hosts
from eolscan.judgement.ignore import IgnoreEntry
from eolscan.judgement.newest import without_dates
from eolscan.judgement.policy import Policy
from eolscan.judgement.verdict import judge
from eolscan.lifecycles.contracts import Contract
from eolscan.matching import Matcher
from eolscan.model import (
    SKIPPED_FILE,
    Asset,
    AssetRow,
    DatabaseInfo,
    Finding,
    Item,
    Kind,
    Skipped,
    Status,
    Summary,
    asset_row,
    item_asset,
    item_host,
    row_asset,
    source_text,
)
from eolscan.report.spool import SortedSpool
from eolscan.report.verdict_store import VerdictStore


def assess_asset(
    asset: Asset,
    matcher: Matcher,
    policy: Policy,
    contracts: tuple[Contract, ...] = (),
    host: HostOS | None = None,
) -> Finding:
    """Recognise one asset and judge it; ``host`` is its host's distribution release, if
    known (distribution builds follow it). Anything unrecognised is an ``unknown`` finding."""
    match = matcher.match(asset.kind, asset.identifier or asset.name, asset.version)
    return judge(asset, match, policy, matcher.db, policy_facts(), contracts, host)


def scan(
    assets: Iterable[Asset], matcher: Matcher, policy: Policy, contracts: tuple[Contract, ...] = ()
) -> Iterator[Finding]:
    """Stream findings in input order; overlay contracts apply to the hosts they cover, and
    distribution builds follow their host's distribution release."""
    rows = with_hosts(map(asset_row, assets), matcher, policy_facts())
    for row, host in rows:
        yield assess_asset(row_asset(row), matcher, policy, contracts, host)


def sort_key(finding: Finding) -> tuple[str, int, str, str, str]:
    """Per client, worst first, then host and name: the order every format uses."""
    asset = finding.asset
    return (asset.client, finding.status.rank, asset.host.lower(), asset.kind, asset.name.lower())


_VERDICT_FIELDS = tuple(f.name for f in fields(Finding))[1:]
_BATCH = 4_096
_RANK_BITS = 3  # Status.rank is 0..6

COMPACT_ROWS = 1_500_000
"""Rows a report keeps in compact arrays: 8 bytes a row, and about 90 more while they are
sorted. A larger input goes to a SortedSpool that spills
sorted runs to disk: memory stays bounded, and the scan takes about twice as long."""

VERDICTS_IN_MEMORY = 20_000
"""Distinct verdicts a report keeps as objects (about 40 MB with the matcher's and the
reader's caches beside them). Past it the report is *heavy*: later verdicts go to a
VerdictStore's temporary file, rows straight to the spool, and only the latest distinct
items are remembered, so memory stays bounded however many distinct items there are
(1.5M distinct rows: 4.1 GB before, see docs/security.md)."""

Group = tuple[str, str, str, tuple[str, ...]]
"""(client, host, file, tags): what the rows of one host read from one input share."""

Entry = tuple[Group, int, int]
"""(group, line, verdict number): one finding in report order, as ``entries`` yields it.
Formats cache what they write per group and per verdict, so a row costs a few lookups."""

Columns = tuple[list[Group], "array[int]", "array[int]", "array[int]"]
"""(groups, group ids, lines, verdict numbers): a compact report's rows, as columns."""

SpoolRecord = tuple[str, int, str, str, str, int, str, str, int, tuple[str, ...], int]
"""(client, rank, host lower-cased, kind, name lower-cased, row number, host, file, line,
tags, verdict number): the first six fields are the report order (``sort_key``, then input
order)."""


class FindingStream:
    """The report's findings in report order (``sort_key``), re-iterable, never all in memory.

    Each distinct (kind, name, version, extended support) is assessed once into a
    *verdict* (a Finding whose asset has no client, host or source). A row keeps only
    its group (client, host, file, tags), line and verdict number: three integers in
    arrays, put in report order by one sort of numeric keys (client, status rank, host
    and name as dense ranks). Past ``COMPACT_ROWS`` rows, rows become SpoolRecords in a
    SortedSpool instead, which spills to disk.
    """

    def __init__(self) -> None:
        self._in_memory = in_memory = VERDICTS_IN_MEMORY
        self._verdicts = VerdictStore(in_memory)
        self._values: list[tuple[Any, ...]] = []
        self._order: list[tuple[int, str, str]] = []
        self._index: dict[Hashable, int] = {}
        self._heavy = False
        self._groups: list[Group] = []
        self._group_index: dict[Group, int] = {}
        self._group_ids = array("i")
        self._run_starts = array("q")
        self._run_groups = array("i")
        self._numbers = array("i")
        self._lines = array("i")
        self._spool: SortedSpool | None = None
        self._rows = 0
        self.counts = array("q")
        self.clients: set[str] = set()
        self.hosts = 0

    def __len__(self) -> int:
        return self._rows

    def __bool__(self) -> bool:
        return self._rows > 0

    @property
    def spilled(self) -> bool:
        """True when the rows went to temporary files (more than one run of them)."""
        return self._spool is not None and self._spool.spilled

    def verdict(self, number: int) -> Finding:
        """Verdict ``number``."""
        return self._verdicts[number]

    @property
    def verdict_count(self) -> int:
        """How many distinct verdicts the rows share."""
        return len(self._verdicts)

    @property
    def verdicts_spilled(self) -> bool:
        """True when verdicts went to a temporary file (millions of distinct items)."""
        return self._verdicts.spilled

    def _remember(self, key: Hashable, verdict: Finding) -> int:
        """Number a new verdict. Past ``in_memory`` distinct verdicts the stream turns
        *heavy*: its rows go to the spool (see ``_fill_heavy``)."""
        number = self._verdicts.append(verdict)
        self._index[key] = number
        asset = verdict.asset
        self._order.append((verdict.status.rank, str(asset.kind), asset.name.lower()))
        if number < self._in_memory:
            self._values.append(tuple(getattr(verdict, name) for name in _VERDICT_FIELDS))
        else:
            self._heavy = True
        self.counts.append(0)
        return number

    def _group(self, group: Group) -> int:
        number = self._group_index.get(group)
        if number is None:
            number = self._group_index[group] = len(self._groups)
            self._groups.append(group)
        return number

    def fill(
        self,
        rows: Iterable[AssetRow],
        assess: Callable[[AssetRow], Finding],
        identity: Callable[[AssetRow], Hashable] | None = None,
        context: Callable[[str, str], Hashable] | None = None,
    ) -> None:
        """Take every row once, assessing only identities not seen before; then sort.

        A row's identity is (kind, name, version, extended support) unless ``identity`` says;
        with ``context``, the host's context (computed once per client and host) joins it.
        """
        remaining = iter(rows)
        self._fill_compact(islice(remaining, COMPACT_ROWS), assess, identity, context)
        more = next(remaining, None)
        if more is None and not self._heavy:
            self._sort_compact()
            for number, count in Counter(self._numbers).items():
                self.counts[number] += count
        else:  # too many rows (or verdicts) to sort in memory: spool them
            if more is not None:
                remaining = chain((more,), remaining)
            spool = self._spool = SortedSpool()
            while self._numbers:
                self._to_spool(spool)
                if self._heavy:
                    break
                self._fill_compact(islice(remaining, COMPACT_ROWS), assess, identity, context)
            if self._heavy:
                self._fill_heavy(remaining, spool, assess, identity, context)
            spool.finish()
            self._rows = len(spool)
        hosts = {(client, host) for client, host, _, _ in self._groups}
        self.hosts = len(hosts)
        self.clients = {client for client, _ in hosts}

    def _fill_compact(
        self,
        rows: Iterable[AssetRow],
        assess: Callable[[AssetRow], Finding],
        identity: Callable[[AssetRow], Hashable] | None,
        context: Callable[[str, str], Hashable] | None,
    ) -> None:
        """The hot loop: one dictionary lookup for the verdict and two array appends a row;
        the group (and the host's context) is looked up only where it changes, and kept as
        runs of rows."""
        index, limit = self._index, self._in_memory
        add_number, add_line = self._numbers.append, self._lines.append
        add_run, run_groups = self._run_starts.append, self._run_groups.append
        host = client = file = tags = None
        host_context: Hashable = None
        for row in rows:
            if row[1] != host or row[0] != client or row[3] != file or row[5] != tags:
                client, host, _, file, _, tags = row
                add_run(len(self._numbers))
                run_groups(self._group((client, host, file, tags)))
                if context is not None:
                    host_context = context(client, host)
            if identity is not None:
                key = identity(row)
            elif context is None:
                key = row[2]  # kind, name, version, ESU
            else:
                key = (row[2], host_context)
            number = index.get(key)
            if number is None:
                number = self._remember(key, assess(row))
                if number >= limit:  # too many distinct items: the rest go to the spool
                    add_number(number)
                    add_line(row[4])
                    break
            add_number(number)
            add_line(row[4])
        self._rows = len(self._numbers)

    def _fill_heavy(
        self,
        rows: Iterable[AssetRow],
        spool: SortedSpool,
        assess: Callable[[AssetRow], Finding],
        identity: Callable[[AssetRow], Hashable] | None,
        context: Callable[[str, str], Hashable] | None,
    ) -> None:
        """Rows once distinct verdicts passed ``in_memory``: each row becomes a SpoolRecord
        at once. The identities seen before that point keep their verdicts; of later ones
        only the last ``in_memory`` are remembered (an item seen again after that gets a
        second, equal verdict), so memory does not grow with every distinct item."""
        early, order = self._index, self._order
        index: dict[Hashable, tuple[int, int, str, str]] = {}
        verdicts, counts = self._verdicts, self.counts
        batch: list[SpoolRecord] = []
        row_number = len(spool)
        host = client = file = tags = None
        lowered = ""
        host_context: Hashable = None
        for row in rows:
            if row[1] != host or row[0] != client or row[3] != file or row[5] != tags:
                client, host, _, file, _, tags = row
                lowered = host.lower()
                self._group((client, host, file, tags))
                if context is not None:
                    host_context = context(client, host)
            if identity is not None:
                key = identity(row)
            else:
                key = row[2] if context is None else (row[2], host_context)
            found = index.get(key)
            if found is None:
                number = early.get(key)
                if number is not None:
                    found = (number, *order[number])
                else:
                    verdict = assess(row)
                    if len(index) >= self._in_memory:
                        index.clear()
                    rank = verdict.status.rank
                    asset = verdict.asset
                    number = verdicts.append(verdict)
                    found = index[key] = (number, rank, str(asset.kind), asset.name.lower())
                    counts.append(0)
            number, rank, kind, name = found
            counts[number] += 1
            batch.append(
                (client, rank, lowered, kind, name, row_number, host, file, row[4], tags, number)
            )
            row_number += 1
            if len(batch) >= _BATCH:
                spool.extend(batch)
                batch = []
        spool.extend(batch)

    def _expand_runs(self) -> None:
        """Each row's group id, from the runs ``_fill_compact`` kept (in C)."""
        starts = self._run_starts
        ends = chain(islice(starts, 1, None), (len(self._numbers),))
        lengths = map(sub, ends, starts)
        self._group_ids = array("i", chain.from_iterable(map(repeat, self._run_groups, lengths)))
        self._run_starts, self._run_groups = array("q"), array("i")

    def _sort_compact(self) -> None:
        """Put the rows in report order with one stable sort of numbers, then rewrite the
        arrays in that order (formats then read them front to back).

        A row's key adds a group part (client, host) to a verdict part (status rank, kind
        and name), each a dense rank in its own bit field. Floats while the key fits in
        53 bits: the fastest comparison list.sort has (tuples of strings sort far slower).
        """
        self._expand_runs()
        groups = self._groups
        clients = {client: at for at, client in enumerate(sorted({g[0] for g in groups}))}
        lowered = [host.lower() for _, host, _, _ in groups]
        hosts = {host: at for at, host in enumerate(sorted(set(lowered)))}
        names = {key: at for at, key in enumerate(sorted({o[1:] for o in self._order}))}
        name_bits = len(names).bit_length()
        rank_shift = name_bits + len(hosts).bit_length()
        client_shift = rank_shift + _RANK_BITS
        number = float if client_shift + len(clients).bit_length() <= 53 else int
        by_group = [
            number(clients[group[0]] << client_shift | hosts[host] << name_bits)
            for group, host in zip(groups, lowered, strict=True)
        ]
        by_verdict = [
            number(rank << rank_shift | names[kind, name]) for rank, kind, name in self._order
        ]
        keys = list(
            map(
                add,
                map(by_group.__getitem__, self._group_ids),
                map(by_verdict.__getitem__, self._numbers),
            )
        )
        order = sorted(range(len(keys)), key=keys.__getitem__)
        del keys
        self._group_ids = array("i", map(self._group_ids.__getitem__, order))
        self._numbers = array("i", map(self._numbers.__getitem__, order))
        self._lines = array("i", map(self._lines.__getitem__, order))

    def client_files(self) -> dict[str, set[str]]:
        """Each client's input files, from the host groups (no pass over the rows)."""
        files: dict[str, set[str]] = {}
        for client, _, file, _ in self._groups:
            files.setdefault(client, set()).add(file)
        return files

    def columns(self) -> Columns | None:
        """(groups, group ids, lines, verdict numbers), the last three in report order; None
        when the report spilled to disk. Formats that write a row from cached parts map over
        these in C, with no Python code per row."""
        if self._spool is not None:
            return None
        return self._groups, self._group_ids, self._lines, self._numbers

    def _to_spool(self, spool: SortedSpool) -> None:
        """Move the rows in the arrays into ``spool`` as SpoolRecords and empty the arrays."""
        self._expand_runs()
        groups, order = self._groups, self._order
        batch: list[SpoolRecord] = []
        rows = zip(self._group_ids, self._lines, self._numbers, strict=True)
        for row_number, (group_id, line, number) in enumerate(rows, len(spool)):
            client, host, file, tags = groups[group_id]
            rank, kind, name = order[number]
            batch.append(
                (client, rank, host.lower(), kind, name, row_number, host, file, line, tags, number)
            )
            if len(batch) >= _BATCH:
                spool.extend(batch)
                batch = []
        spool.extend(batch)
        for number, count in Counter(self._numbers).items():
            self.counts[number] += count
        self._group_ids, self._numbers, self._lines = array("i"), array("i"), array("i")

    def entries(self) -> Iterator[Entry]:
        """(group, line, verdict number) in report order: what fast formats read."""
        if self._spool is not None:
            for client, _, _, _, _, _, host, file, line, tags, number in self._spool:
                yield (client, host, file, tags), line, number
            return
        groups = self._groups
        for group_id, line, number in zip(self._group_ids, self._lines, self._numbers, strict=True):
            yield groups[group_id], line, number

    def __iter__(self) -> Iterator[Finding]:
        verdicts, values = self._verdicts, self._values
        kept = len(values)
        for (client, host, file, tags), line, number in self.entries():
            verdict = verdicts[number]
            a = verdict.asset
            source = source_text(file, line)
            asset = Asset(
                client,
                host,
                a.kind,
                a.name,
                a.version,
                a.extended_support,
                source,
                tags,
                a.purl,
                a.identifier,
            )
            if number < kept:
                yield Finding(asset, *values[number])
            else:
                yield replace(verdict, asset=asset)

    def close(self) -> None:
        """Remove any temporary files now."""
        if self._spool is not None:
            self._spool.close()
        self._verdicts.close()


@dataclass(slots=True)
class Report:
    """Everything a format needs: the policy, the database, the findings and their summary.

    ``findings`` is an iterable of Finding in report order (a FindingStream when built
    by ``scan_report`` or ``build_report``); formats iterate it, possibly twice, and
    never index it.
    """

    policy: Policy
    database: DatabaseInfo
    findings: Iterable[Finding] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def clients(self) -> list[str]:
        """Client names in report order."""
        if isinstance(self.findings, FindingStream):
            return sorted(self.findings.clients)
        return sorted({f.asset.client for f in self.findings})


def _blank(asset: Asset) -> Asset:
    """The part of an asset a verdict depends on."""
    return replace(asset, client="", host="", source="", tags=())


def _blank_row(row: AssetRow) -> Asset:
    """The part of a row a verdict depends on, as an Asset."""
    return item_asset("", "", row[2])


def _report(stream: FindingStream, policy: Policy, database: DatabaseInfo) -> Report:
    report = Report(policy=policy, database=database, findings=stream)
    summary = report.summary
    for number, count in enumerate(stream.counts):
        verdict = stream.verdict(number)
        summary.by_status[verdict.status] += count
        summary.findings += count
        if verdict.status is Status.UNKNOWN and verdict.product is None:
            summary.not_identified += count
        if without_dates(verdict.reason):
            summary.no_published_lifecycle += count
    summary.hosts = stream.hosts
    summary.clients = len(stream.clients)
    return report


def scan_report(
    rows: Iterable[AssetRow],
    matcher: Matcher,
    policy: Policy,
    database: DatabaseInfo,
    contracts: tuple[Contract, ...] = (),
    acceptance: Acceptance | None = None,
) -> Report:
    """Stream rows into a sorted report, assessing each distinct (item, host context) once.

    Without contracts or accepted risks a verdict depends on the item alone, and on the
    host's distribution release for a distribution build (the release joins such an item).
    With contracts or accepted risks, it also depends on which entries can apply to the
    row's client and host: that context is worked out once per host, so the cost grows with
    distinct (item, context) pairs, not rows.
    """
    stream = FindingStream()

    def hosted() -> Iterator[list[AssetRow]]:
        """Runs of one host's rows. On a host running a distribution, a distribution build's
        item carries the release as a fifth field, so it is part of the item's identity;
        other runs pass untouched, and ``chain`` hands their rows on in C."""
        facts = policy_facts()
        tagged: dict[HostOS, dict[Item, Item | None]] = {}
        for run, found in host_runs(rows, matcher, facts):
            if found is None:
                yield run
                continue
            items = tagged.setdefault(found, {})
            if len(items) > VERDICTS_IN_MEMORY:  # millions of distinct items: forget the oldest
                items.clear()
            present = {row[2] for row in run}
            for item in present - items.keys():
                built = item[0] == Kind.SOFTWARE and maintainer(item[1], item[2], found, facts)
                items[item] = cast(Item, (*item, found)) if built else None
            if not any(map(items.__getitem__, present)):
                yield run  # no distribution build here: the rows as they are
            else:
                yield [(c, h, items[item] or item, f, n, t) for c, h, item, f, n, t in run]

    def assess_row(row: AssetRow) -> Finding:
        item = row[2]
        return assess_asset(item_asset("", "", item), matcher, policy, host=item_host(item))

    if not contracts and acceptance is None:
        stream.fill(chain.from_iterable(hosted()), assess_row)
        return _report(stream, policy, database)
    contexts = HostContexts(contracts, acceptance)

    def assess_in_context(row: AssetRow) -> Finding:
        client, host, item = row[0], row[1], row[2]
        found = item_host(item)
        applicable = contexts.contracts_for(client, host)
        asset = item_asset(client, host, item, row[3])  # a client folder's ignores need it
        finding = assess_asset(asset, matcher, policy, applicable, found)
        if acceptance is not None:
            finding = acceptance.accept(finding)
        return replace(finding, asset=_blank(finding.asset))

    stream.fill(chain.from_iterable(hosted()), assess_in_context, context=contexts.key)
    return _report(stream, policy, database)


class HostContexts:
    """Which contracts and accepted risks can apply to a client's host, worked out once a host.

    A context is the indexes of the entries whose client and host globs match: two hosts with
    the same context get the same verdict for the same item. Where an expired accepted risk
    can apply, the client joins the context, because the expiry warning names the clients it
    would have covered. Client globs are matched once per client, host globs once per host.
    """

    def __init__(self, contracts: tuple[Contract, ...], acceptance: Acceptance | None) -> None:
        entries = acceptance.entries if acceptance is not None else []
        ignores = acceptance.ignores if acceptance is not None else []
        self._contracts = contracts
        rules: list[AcceptEntry | IgnoreEntry] = [*entries, *ignores]
        self._globs = [(_glob(e.client), _glob(e.host)) for e in rules]
        self._contract_globs = [(_glob(c.client), _glob(c.host)) for c in contracts]
        as_of = acceptance.as_of if acceptance is not None else None
        self._expired = frozenset(  # also ignores from a client folder, which match by file
            at
            for at, e in enumerate(rules)
            if as_of is not None
            and (
                (isinstance(e, IgnoreEntry) and (e.folder or not e.active(as_of)))
                or (not isinstance(e, IgnoreEntry) and as_of > e.until)
            )
        )
        self._by_client: dict[str, tuple[list[tuple[int, Glob]], list[tuple[int, Glob]]]] = {}
        self._keys: dict[tuple[str, str], Hashable] = {}
        self._applicable: dict[tuple[str, str], tuple[Contract, ...]] = {}

    def key(self, client: str, host: str) -> Hashable:
        """The context of one host (cached per client and host)."""
        found = self._keys.get((client, host))
        if found is None:
            entries, contracts = self._client_part(client)
            lowered = host.lower()
            matching = tuple(at for at, glob in entries if glob is None or glob(lowered))
            covering = tuple(at for at, glob in contracts if glob is None or glob(lowered))
            named = client if self._expired.intersection(matching) else None
            found = self._keys[client, host] = (named, matching, covering)
            self._applicable[client, host] = tuple(self._contracts[at] for at in covering)
        return found

    def contracts_for(self, client: str, host: str) -> tuple[Contract, ...]:
        """The contracts whose globs cover this host."""
        self.key(client, host)
        return self._applicable[client, host]

    def _client_part(self, client: str) -> tuple[list[tuple[int, Glob]], list[tuple[int, Glob]]]:
        """The entries and contracts whose client glob matches, each with its host glob."""
        found = self._by_client.get(client)
        if found is None:
            lowered = client.lower()
            found = self._by_client[client] = (
                [(at, h) for at, (c, h) in enumerate(self._globs) if c is None or c(lowered)],
                [
                    (at, h)
                    for at, (c, h) in enumerate(self._contract_globs)
                    if c is None or c(lowered)
                ],
            )
        return found


Glob = Callable[[str], object] | None
"""A compiled glob's match function over lower-cased text; None for ``*`` (matches all)."""


def _glob(pattern: str) -> Glob:
    """``fnmatchcase(text, pattern.lower())`` as one compiled match, made once."""
    if pattern == "*":
        return None
    return re.compile(translate(pattern.lower())).match


def build_report(findings: Iterable[Finding], policy: Policy, database: DatabaseInfo) -> Report:
    """Sort and count already assessed findings (``scan_report`` is the fast path)."""
    current: list[Finding] = []

    def rows() -> Iterator[AssetRow]:
        for finding in findings:
            current[:] = [replace(finding, asset=_blank(finding.asset))]
            yield asset_row(finding.asset)

    stream = FindingStream()
    stream.fill(rows(), lambda _row: current[0], identity=lambda _row: current[0])
    return _report(stream, policy, database)


def exit_code_for(report: Report) -> int:
    """3 when an input file could not be read (the others were: cron and CI must notice),
    else 1 when a finding is at or above ``--fail-on``, else 0."""
    if any(skipped.what == SKIPPED_FILE for skipped in report.skipped):
        return EXIT_INPUT
    fail_on = report.policy.fail_on
    if any(fail_on.trips(s) and n for s, n in report.summary.by_status.items()):
        return EXIT_FINDINGS
    return EXIT_OK
