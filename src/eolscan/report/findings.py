"""A report's findings in report order, re-iterable, never all in memory.

Each distinct (item, host context) is judged once into a *verdict* (a Finding whose asset
has no client, host or source); a row keeps three integers (``report.compact_rows``), put
in report order by one sort of numbers (``report.row_order``). A very large input spills
to temporary files in sorted runs (``report.spilled_rows``), so memory stays bounded.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from operator import itemgetter

from eolscan.judgement.hosts import MAX_HELD, HostReleases
from eolscan.model import Asset, AssetRow, Finding, row_location
from eolscan.report.compact_rows import RANKS, Columns, CompactRows, Entry
from eolscan.report.host_builds import follow_hosts
from eolscan.report.row_order import sort_rows
from eolscan.report.spilled_rows import fill_heavy, to_spool
from eolscan.report.spool import SortedSpool
from eolscan.report.verdict_index import VerdictIndex

HOST_SEPARATOR = "\x00"
"""Between the client and host names of ``FindingStream.host_text`` (no name holds it)."""
COMPACT_ROWS = 1_500_000
"""Rows a report keeps in compact columns: about 12 bytes a row, and about 90 more while
they are sorted. A larger input goes to a SortedSpool that spills sorted runs to disk:
memory stays bounded, and the scan takes about twice as long."""

VERDICTS_IN_MEMORY = 20_000
"""Distinct verdicts a report keeps as objects (about 40 MB with the matcher's and the
reader's caches beside them). Past it the report is *heavy*: later verdicts go to a
VerdictStore's temporary file, rows straight to the spool, and only the latest distinct
items are remembered, so memory stays bounded however many distinct items there are
(1.5M distinct rows: 4.1 GB before, see docs/security.md)."""


class FindingStream:
    """The report's findings in report order (``row_order.sort_key``), re-iterable.

    ``fill`` takes the rows once; then formats read ``columns`` (compact) or ``entries``
    (either way) and the verdicts by number, or iterate Findings rebuilt row by row.
    """

    def __init__(self) -> None:
        self._verdicts = VerdictIndex(VERDICTS_IN_MEMORY)
        self._rows = CompactRows()
        self._spool: SortedSpool | None = None
        self._count = 0
        self.counts = self._verdicts.counts
        """Rows per verdict number."""
        self.clients: set[str] = set()
        self.hosts = 0
        self._arrays: dict[str, array[int]] = {}
        self._host_text: str | None = None

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    @property
    def spilled(self) -> bool:
        """True when the rows went to temporary files (more than one run of them)."""
        return self._spool is not None and self._spool.spilled

    def verdict(self, number: int) -> Finding:
        """Verdict ``number``."""
        return self._verdicts.store[number]

    @property
    def verdict_count(self) -> int:
        """How many distinct verdicts the rows share."""
        return len(self._verdicts)

    @property
    def verdicts_spilled(self) -> bool:
        """True when verdicts went to a temporary file (millions of distinct items)."""
        return self._verdicts.store.spilled

    def fill(
        self,
        rows: Iterable[AssetRow],
        assess: Callable[[AssetRow], Finding],
        identity: Callable[[AssetRow], Hashable] | None = None,
        context: Callable[[str, str], Hashable] | None = None,
        hosts: HostReleases | None = None,
        narrow: Callable[[Hashable, str | None, str], Hashable] | None = None,
    ) -> None:
        """Take every row once, assessing only identities not seen before; then sort.

        A row's identity is (kind, name, version, extended support) unless ``identity`` says;
        with ``context``, the host's context (computed once per client and host) joins it;
        with ``hosts``, a distribution build's host release joins it; with ``narrow``, a
        context is cut to what can change the verdict of an item (by its product and name).
        """
        if identity is not None and context is not None:
            raise ValueError("an identity of its own leaves no room for a host context")
        remaining = iter(rows)
        compact, verdicts = self._rows, self._verdicts
        more = self._fill_compact(remaining, assess, identity, context, hosts is not None, narrow)
        if more is None and not verdicts.heavy:
            follow_hosts(compact, verdicts, hosts, assess, context, final=True)
            sort_rows(compact, verdicts.order)
            for number, count in Counter(compact.numbers).items():
                self.counts[number] += count
        else:  # too many rows (or verdicts) to sort in memory: spool them in parts
            spool = self._spool = SortedSpool()
            while True:
                follow_hosts(compact, verdicts, hosts, assess, context, final=False)
                to_spool(compact, verdicts, spool)
                if more is None or verdicts.heavy:
                    break
                more = self._fill_compact(
                    chain((more,), remaining), assess, identity, context, hosts is not None, narrow
                )
            if more is not None:  # heavy: the rest straight to the spool
                rest = chain((more,), remaining)
                fill_heavy(rest, spool, compact, verdicts, assess, identity, context, hosts)
            spool.finish()
            self._count = len(spool)
        hosts_seen = set(compact.group_hosts)
        self.hosts = len(hosts_seen)
        self.clients = set(map(itemgetter(0), hosts_seen))

    def _fill_compact(
        self,
        rows: Iterator[AssetRow],
        assess: Callable[[AssetRow], Finding],
        identity: Callable[[AssetRow], Hashable] | None,
        context: Callable[[str, str], Hashable] | None,
        follow: bool,
        narrow: Callable[[Hashable, str | None, str], Hashable] | None = None,
    ) -> AssetRow | None:
        """The hot loop: one dictionary lookup for the verdict and two array appends a row;
        the group (and the host's context) is looked up only where it changes, and kept as
        runs of rows. Stops at the first new host past ``COMPACT_ROWS`` rows (a host's block
        stays in one part, up to ``MAX_HELD`` rows more) and returns the row it stopped at,
        or None at the end of the rows. Past ``in_memory`` distinct keys (verdicts, and
        markers still to resolve) the stream turns *heavy* and stops at the next new host
        (the rest go to ``fill_heavy``)."""
        compact, verdicts = self._rows, self._verdicts
        index, numbers, new_key = verdicts.index, compact.numbers, verdicts.new_key
        new_in_context = verdicts.new_in_context
        add_number, add_line = numbers.append, compact.lines.append
        store, deferred, in_memory = verdicts.store, verdicts.deferred, verdicts.in_memory
        add_run, run_groups = compact.run_starts.append, compact.run_groups.append
        add_context, group = compact.run_contexts.append, compact.group
        limit = COMPACT_ROWS
        host = client = file = tags = pointer = None
        host_context: Hashable = None
        by_context = verdicts.by_context
        if context is not None:
            index = {}  # replaced by the first host's context's own
        for row in islice(rows, limit + MAX_HELD):
            row_client, row_host, item, row_file, line, row_tags, row_pointer = row  # in C
            if (
                row_host != host
                or row_client != client
                or row_file != file
                or row_tags != tags
                or row_pointer != pointer
            ):
                if len(numbers) >= limit and (row_host != host or row_client != client):
                    self._count = len(numbers)
                    return row
                client, host, file, tags = row_client, row_host, row_file, row_tags
                pointer = row_pointer
                add_run(len(numbers))
                run_groups(group((client, host, file, tags, pointer)))
                if context is not None:
                    found = context(client, host)
                    add_context(found)
                    if found is not host_context:  # hosts alike share one context object
                        host_context = found
                        own = by_context.get(host_context)
                        if own is None:
                            own = by_context[host_context] = {}
                        index = own
            key = item if identity is None else identity(row)  # kind, name, version, ESU
            number = index.get(key)
            if number is None:
                if context is None:
                    number = new_key(key, row, assess, follow)
                else:  # the context's own index, and the whole report's by (item, context)
                    number = index[key] = new_in_context(
                        item, host_context, row, assess, follow, narrow
                    )
                if len(store) + len(deferred) > in_memory and not verdicts.heavy:
                    verdicts.heavy = True  # too many distinct items: end the part at this host
                    limit = 0
            add_number(number)
            add_line(line)
        self._count = len(numbers)
        return next(rows, None)

    def host_files(self) -> list[tuple[str, str, str]]:
        """Each (client, host, file) the rows came from, from the host groups."""
        return list(dict.fromkeys(map(itemgetter(0, 1, 2), self._rows.groups)))

    def client_files(self) -> dict[str, set[str]]:
        """Each client's input files, from the host groups (no pass over the rows)."""
        files: dict[str, set[str]] = {}
        for client, file in dict.fromkeys(map(itemgetter(0, 2), self._rows.groups)):
            files.setdefault(client, set()).add(file)
        return files

    def columns(self) -> Columns | None:
        """(groups, group ids, lines, verdict numbers), the last three in report order; None
        when the report spilled to disk. Formats that write a row from cached parts map over
        these in C, with no Python code per row."""
        if self._spool is not None:
            return None
        return self._rows.columns()

    def group_id_array(self) -> array[int]:
        """Each row's group id in report order as C ints (``_ints``)."""
        return self._ints("group_ids")

    def number_array(self) -> array[int]:
        """Each row's verdict number in report order as C ints (``_ints``)."""
        return self._ints("numbers")

    def _ints(self, column: str) -> array[int]:
        """A column of the rows in report order as C ints, made once (``--baseline`` and
        remembering its report both read them); empty when the report spilled to disk."""
        found = self._arrays.get(column)
        if found is None:
            rows = [] if self._spool is not None else getattr(self._rows, column)
            found = self._arrays[column] = array("i", rows)
        return found

    def host_text(self) -> str:
        """Each group's client and host as one text, ``HOST_SEPARATOR`` between them, made
        once (a report is remembered, and compared with one remembered, by this text)."""
        if self._host_text is None:
            self._host_text = HOST_SEPARATOR.join(chain.from_iterable(self._rows.group_hosts))
        return self._host_text

    def group_hosts(self) -> list[tuple[str, str]]:
        """Each group's (client, host), by group number."""
        return self._rows.group_hosts

    def rank_starts(self) -> list[int] | None:
        """Where each client's rows of each status rank start in ``columns`` (see
        ``CompactRows.rank_starts``); None when the report spilled to disk."""
        if self._spool is not None:
            return None
        return self._rows.rank_starts

    def client_spans(self) -> list[tuple[str, int, int]] | None:
        """Each client's (name, first row, end) in ``columns``: a client's rows are
        together, clients in name order (``rank_starts``); None when the report spilled."""
        starts = self.rank_starts()
        if starts is None:
            return None
        return [
            (client, starts[at * RANKS], starts[(at + 1) * RANKS])
            for at, client in enumerate(sorted(self.clients))
        ]

    def case_twins(self) -> bool | None:
        """Whether two hosts' names differ only in case (``CompactRows.case_twins``); None
        when the report spilled to disk."""
        return None if self._spool is not None else self._rows.case_twins

    def entries(self) -> Iterator[Entry]:
        """(group, line, verdict number) in report order: what fast formats read."""
        if self._spool is not None:
            for record in self._spool:
                client, host, file, line, tags, pointer, number = record[0], *record[6:]
                yield (client, host, file, tags, pointer), line, number
            return
        groups, compact = self._rows.groups, self._rows
        for group_id, line, number in zip(
            compact.group_ids, compact.lines, compact.numbers, strict=True
        ):
            yield groups[group_id], line, number

    def __iter__(self) -> Iterator[Finding]:
        store, values = self._verdicts.store, self._verdicts.values
        kept = len(values)
        for (client, host, file, tags, pointer), line, number in self.entries():
            verdict = store[number]
            a = verdict.asset
            asset = Asset(
                client,
                host,
                a.kind,
                a.name,
                a.version,
                a.extended_support,
                row_location(file, line, pointer),
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
