"""A report's rows as three integers each: host group, line and verdict number, in columns.

A million rows held as objects would cost gigabytes; as columns of ints they cost about 20
bytes a row (verdict numbers and, once sorted, group ids in lists of shared ints, lines in
an array). The scan's hot loop appends a verdict number and a line per row and notes the
group only where it changes (rows arrive grouped by host), as runs expanded to one id per
row later.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, MutableSequence, Sequence
from itertools import chain, islice, repeat
from operator import sub

Group = tuple[str, str, str, tuple[str, ...], str]
"""(client, host, file, tags, pointer): what the rows of one host read from one input share
(a row read at a JSON path rather than a line, ``pointer``, is a group of its own)."""

Entry = tuple[Group, int, int]
"""(group, line, verdict number): one finding in report order, as ``entries`` yields it.
Formats cache what they write per group and per verdict, so a row costs a few lookups."""

Columns = tuple[list[Group], Sequence[int], Sequence[int], Sequence[int]]
"""(groups, group ids, lines, verdict numbers): a compact report's rows, as columns."""


RANKS = 8
"""Status ranks a client's rows are kept apart by (``Status.rank`` is 0..6)."""


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
        self.group_ids: MutableSequence[int] = array("i")
        self.run_starts = array("q")
        self.run_groups = array("i")
        self.run_contexts: list[Hashable] = []
        self.numbers: MutableSequence[int] = []
        """A list: its ints are the verdict index's own, shared (8 bytes a row)."""
        self.lines = array("i")
        self.rank_starts: list[int] = []
        """Once sorted: the first row of client ``c`` (in name order) with status rank ``r``
        is ``rank_starts[c * RANKS + r]``; its last entry is the number of rows."""
        self.case_twins: bool | None = None
        """Once sorted: whether two hosts' names differ only in case (report order, by
        host lower-cased, is then not name order)."""

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
        self.group_ids = array("i", self.expanded_groups())

    def expanded_groups(self) -> list[int]:
        """Each row's group id, one int object shared by a run's rows; the runs are
        forgotten (they describe the rows in input order)."""
        starts = self.run_starts
        ends = chain(islice(starts, 1, None), (len(self.numbers),))
        lengths = map(sub, ends, starts)
        found = list(chain.from_iterable(map(repeat, self.run_groups, lengths)))
        self.run_starts, self.run_groups = array("q"), array("i")
        self.run_contexts = []
        return found

    def columns(self) -> Columns:
        """(groups, group ids, lines, verdict numbers)."""
        return self.groups, self.group_ids, self.lines, self.numbers

    def clear(self) -> None:
        """Forget the rows (once they went to the spool); the groups stay numbered."""
        self.group_ids, self.numbers, self.lines = array("i"), [], array("i")
