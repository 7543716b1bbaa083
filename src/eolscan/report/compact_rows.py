"""A report's rows as three integers each: host group, line and verdict number, in arrays.

A million rows held as objects would cost gigabytes; as arrays they cost 12 bytes a row.
The scan's hot loop appends a verdict number and a line per row and notes the group only
where it changes (rows arrive grouped by host), as runs expanded to one id per row later.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable
from itertools import chain, compress, islice, repeat
from operator import ne, sub

from eolscan.judgement.hosts import MAX_HELD

Group = tuple[str, str, str, tuple[str, ...]]
"""(client, host, file, tags): what the rows of one host read from one input share."""

Entry = tuple[Group, int, int]
"""(group, line, verdict number): one finding in report order, as ``entries`` yields it.
Formats cache what they write per group and per verdict, so a row costs a few lookups."""

Columns = tuple[list[Group], "array[int]", "array[int]", "array[int]"]
"""(groups, group ids, lines, verdict numbers): a compact report's rows, as columns."""


class CompactRows:
    """The rows of one part of a report (all of it, unless it spills), as columns.

    ``groups`` keeps every group of the whole report, numbered in order of first sight;
    ``numbers`` and ``lines`` grow a row at a time, while ``run_starts``, ``run_groups``
    (and ``run_contexts``, each run's host context) grow only where the group changes.
    """

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self.group_hosts: list[tuple[str, str]] = []
        self._group_index: dict[Group, int] = {}
        self.group_ids = array("i")
        self.run_starts = array("q")
        self.run_groups = array("i")
        self.run_contexts: list[Hashable] = []
        self.numbers = array("i")
        self.lines = array("i")

    def __len__(self) -> int:
        return len(self.numbers)

    def group(self, group: Group) -> int:
        """The number of ``group``, numbering it if new."""
        number = self._group_index.get(group)
        if number is None:
            number = self._group_index[group] = len(self.groups)
            self.groups.append(group)
            self.group_hosts.append(group[:2])
        return number

    def expand_runs(self) -> None:
        """Each row's group id, from the runs the hot loop kept (in C)."""
        starts = self.run_starts
        ends = chain(islice(starts, 1, None), (len(self.numbers),))
        lengths = map(sub, ends, starts)
        self.group_ids = array("i", chain.from_iterable(map(repeat, self.run_groups, lengths)))
        self.run_starts, self.run_groups = array("q"), array("i")
        self.run_contexts = []

    def blocks(self) -> tuple[list[int], list[tuple[str, str]]]:
        """(first row, (client, host)) of each host block: consecutive runs of one client
        and host, cut every ``MAX_HELD`` rows."""
        run_keys = list(map(self.group_hosts.__getitem__, self.run_groups))
        new = [True, *map(ne, islice(run_keys, 1, None), run_keys)]
        starts = list(compress(self.run_starts, new))
        keys = list(compress(run_keys, new))
        ends = [*islice(starts, 1, None), len(self.numbers)]
        if any(end - start > MAX_HELD for start, end in zip(starts, ends, strict=True)):
            cut = [
                (at, key)
                for start, end, key in zip(starts, ends, keys, strict=True)
                for at in range(start, end, MAX_HELD)
            ]
            starts, keys = [at for at, _ in cut], [key for _, key in cut]
        return starts, keys

    def columns(self) -> Columns:
        """(groups, group ids, lines, verdict numbers)."""
        return self.groups, self.group_ids, self.lines, self.numbers

    def clear(self) -> None:
        """Forget the rows (once they went to the spool); the groups stay numbered."""
        self.group_ids, self.numbers, self.lines = array("i"), array("i"), array("i")
