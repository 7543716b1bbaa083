"""``--baseline`` against a compact report, reading a report in eolscan's own layout as columns.

A saved report of a large book has a million findings, one a line, and most of them are
unchanged a month later. Each line is cut (in C) into its host part (``{"client": ...,
"host": ...``) and its verdict part (everything but the source, whose value is checked to
be a string that hides no other field); the distinct parts are parsed once each, so a
line costs two integers, not an object. A row is unchanged when its (host, item, status,
cycle) is in the baseline: a set lookup over integer codes in C, or, for lines found in
report order, a walk beside the run's rows. Only the rest (new, changed, moved and
resolved findings) is paired finding by finding, by the same rules as
``baseline.compare_stream``. Any line that is not as eolscan writes it sends the whole
file back to ``baseline.load_report``, whose messages name the problem.

A report in eolscan's own layout is in report order, as this run's rows are, unless it was
edited; so are the columns this eolscan remembered of its own report
(``app.remembered_reports``). The two are walked side by side, equal stretches compared in
C, and only where they part is a handful of findings looked at (and checked to be in
order: a file edited out of order gives way to the set of codes).
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, count, groupby, repeat
from operator import add, itemgetter, not_
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from eolscan.judgement.baseline import Pairing, mark_later_rows
from eolscan.judgement.changes import Changes, Entry, RowMarks, slot_of
from eolscan.judgement.saved_report import SavedReport, _entry_or_none
from eolscan.judgement.saved_stream import open_own_layout
from eolscan.report.findings import HOST_SEPARATOR
from eolscan.support.jsontext import has_lone_surrogate

if TYPE_CHECKING:
    from eolscan.model import Finding
    from eolscan.report.compact_rows import Columns
    from eolscan.report.findings import FindingStream

_BLOCK = 1 << 22
"""Characters read at a time: a few thousand findings (the cut lines are held per block)."""
MAX_VERDICT_PARTS = 50_000
"""Distinct verdict parts (each about 600 characters, parsed into an Entry) read as columns;
a report with more (every finding its own item) is joined as sorted records instead
(``baseline_join``), whose memory does not grow with them."""
MAX_HOST_PARTS = 500_000
"""Distinct host parts read as columns (a book of 100,000 hosts has 100,000)."""
MAX_TO_PAIR = 100_000
"""Rows and saved findings left to pair one by one past which the comparison is left to
``baseline_join`` (every host renamed, another book): their differences go to disk there."""
_LINE_START = b'    {"client": '
_KIND, _SOURCE, _RULE = b', "kind": ', b', "source": ', b'", "rule": '
_NONE = -1
"""The number of a host or a verdict the baseline lacks (no line has it)."""
_FAR = -(1 << 62)
"""Added to a code that names a host or a verdict the baseline lacks: never found."""

Counts = dict[str, tuple[set[str], int]]
"""Each client's hosts and findings (as ``app.run_checks.count_by_client`` counts them)."""

Ident = tuple[str, str, str]
"""(kind, name or purl, version): an item, as a finding's key names it."""

Key = tuple[Ident, str, str | None]
"""(item, status, cycle): what two findings of one host share when they are the same."""


@dataclass(slots=True)
class BaselineColumns:
    """A saved report as columns: each line's host part and verdict part, as numbers."""

    path: str
    as_of: str
    hosts: list[tuple[str, str]]
    verdicts: list[Entry]
    line_hosts: array[int]
    line_verdicts: array[int]
    in_report_order: bool = False
    """True when the lines should be in report order (``row_order``): a file in eolscan's
    layout, or columns this eolscan remembered of its own report sorted as it sorts. The
    walk beside the run's rows (``_unpaired_in_order``) checks each line it meets against
    the one before, and gives way to the sets where a file was edited out of order."""
    client_totals: dict[str, int] | None = None
    """Each client's findings, when known without counting the lines."""
    extended: bytes | None = None
    """Each verdict's extended-support flag, when its lines number verdicts as the run that
    wrote them did (remembered columns: two verdicts may then read back alike)."""
    host_text: str = ""
    """The hosts as one text (``findings.HOST_SEPARATOR`` between names), when they were
    kept so: ``hosts`` is then made from it only when asked for (``host_pairs``)."""

    def host_pairs(self) -> list[tuple[str, str]]:
        """Each host number's (client, host)."""
        if not self.hosts and self.host_text:
            names = self.host_text.split(HOST_SEPARATOR)
            self.hosts = list(zip(names[::2], names[1::2], strict=True))
        return self.hosts

    def same_hosts(self, stream: FindingStream) -> bool:
        """Whether the report's groups are these hosts in this order (then each group's
        number is its host's here): compared as one text when the hosts were kept so."""
        if self.host_text:
            text, groups = stream.host_text(), stream.group_hosts()
            if text != self.host_text or text.count(HOST_SEPARATOR) != 2 * len(groups) - 1:
                return False  # another text, or a name holding the separator (a "\0" escape)
            self.hosts = groups
            return True
        return stream.group_hosts() == self.hosts

    def entry(self, line: int) -> Entry:
        """One line's finding as an Entry."""
        client, host = self.host_pairs()[self.line_hosts[line]]
        return self.verdicts[self.line_verdicts[line]].on_host(client, host)

    def counts(self, named: dict[str, set[str]] | None = None) -> Counts:
        """Each client's hosts and findings, as ``run_checks.count_by_client`` counts them
        (``named``: each client's hosts, when they are known to be the same as here)."""
        if self.client_totals is None:
            return _counts(Counter(self.line_hosts), self.host_pairs())
        if named is None:
            named = hosts_by_client(self.host_pairs())  # each host has a line
        return {client: (named[client], total) for client, total in self.client_totals.items()}


def hosts_by_client(hosts: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Each client's hosts, from (client, host) pairs: a client's hosts, which usually come
    together, are added to its set in C (a book's hundred thousand hosts)."""
    named: defaultdict[str, set[str]] = defaultdict(set)
    for client, pairs in groupby(hosts, itemgetter(0)):
        named[client].update(map(itemgetter(1), pairs))
    return dict(named)


def _counts(per_host: Counter[int], hosts: list[tuple[str, str]]) -> Counts:
    """(client, host) numbers with their findings -> each client's hosts and findings."""
    found: dict[str, tuple[set[str], int]] = {}
    for number, items in per_host.items():
        client, host = hosts[number]
        named, total = found.get(client, (set(), 0))
        named.add(host)
        found[client] = (named, total + items)
    return found


def read_columns(path: str) -> BaselineColumns | None:
    """A report file in eolscan's own layout as columns; None for anything else (a pipe,
    another layout, a line not as eolscan writes it, a header that does not validate, more
    distinct parts than ``MAX_VERDICT_PARTS`` or ``MAX_HOST_PARTS``)."""
    opened = open_own_layout(path)
    if opened is None:
        return None
    as_of, handle = opened
    try:
        with handle:
            return _read(path, as_of, handle)
    except (OSError, ValueError, RecursionError):
        return None


def _read(path: str, as_of: str, handle: BinaryIO) -> BaselineColumns | None:
    """Each line cut where its host part and its source end (positions found in C, only
    the parts copied); each distinct part numbered, and decoded and parsed once at the end.
    The lines stay bytes: decoding a million lines costs more than cutting them. The verdict
    part keeps the field names it is cut at (``, "kind": `` before it, ``", "rule": ``
    after the source), so no position needs an addition a line."""
    prefixes: defaultdict[bytes, int] = defaultdict(count().__next__)
    parts: defaultdict[tuple[bytes, bytes], int] = defaultdict(count().__next__)
    line_hosts, line_verdicts = array("i"), array("i")
    for lines, plain in _finding_blocks(handle):
        kinds = list(map(bytes.find, lines, repeat(_KIND)))
        sources = list(map(bytes.find, lines, repeat(_SOURCE), kinds))
        rules = list(map(bytes.find, lines, repeat(_RULE), sources))
        if -1 in kinds or -1 in sources or -1 in rules:
            return None
        if not _plain_sources(lines, sources, rules, plain):
            return None
        line_hosts.extend(
            map(prefixes.__getitem__, map(bytes.__getitem__, lines, map(slice, kinds)))
        )
        middles = map(bytes.__getitem__, lines, map(slice, kinds, sources))
        tails = map(bytes.__getitem__, lines, map(slice, rules, repeat(None)))
        line_verdicts.extend(map(parts.__getitem__, zip(middles, tails, strict=True)))
        if len(parts) > MAX_VERDICT_PARTS or len(prefixes) > MAX_HOST_PARTS:
            return None
    hosts = _hosts(list(prefixes))
    verdicts = [_verdict(middle.decode("utf-8"), tail.decode("utf-8")) for middle, tail in parts]
    if hosts is None or None in verdicts:
        return None
    columns = BaselineColumns(
        path,
        as_of,
        hosts,
        verdicts,  # type: ignore[arg-type]
        line_hosts,
        line_verdicts,
    )
    columns.in_report_order = True  # as eolscan writes them; the walk checks each line
    return columns


def _plain_sources(lines: list[bytes], sources: list[int], rules: list[int], plain: bool) -> bool:
    """Whether each line's source value, the one part not parsed, is a string that hides no
    field: the only quotes from its key to the closing one are the key's two and its own
    opening one (a count a line, in C), and, in a block with escapes, the closing quote is
    not escaped (a source ``"f.csv:3", "status": "ignored`` would otherwise pass a field
    for a value). A line that fails goes to the whole-report reader."""
    quotes = list(map(bytes.count, lines, repeat(b'"'), sources, rules))
    if quotes.count(_SOURCE.count(b'"') + 1) != len(quotes):
        return False
    return plain or not any(map(bytes.endswith, lines, repeat(b"\\"), sources, rules))


def _finding_blocks(handle: BinaryIO) -> Iterator[tuple[list[bytes], bool]]:
    """The finding lines, a block at a time, as bytes (each block checked to be UTF-8 and
    free of lone surrogate escapes, as ``load_report`` checks a report), and whether the
    block is plain (``_plain``: no escape in it); ValueError where the layout is another."""
    carry = b""
    while True:
        block = handle.read(_BLOCK)
        plain = bool(block) and _plain(block) and _plain(carry)
        if plain:  # the usual block: split as it is
            lines = block.split(b"\n")
            if len(lines) == 1:
                raise ValueError("a line longer than a block")
            lines[0] = carry + lines[0]
            carry = lines.pop()  # the start of the next block's first line
        else:
            lines, carry = _checked_lines(carry, block)
        if block and lines and lines[-1].startswith(_LINE_START):
            yield lines, plain  # each line's start is checked with its host part (``_hosts``)
            continue
        ends = (at for at, line in enumerate(lines) if not line.startswith(_LINE_START))
        end = next(ends, len(lines))
        rest = b"\n".join(lines[end:]) + (b"\n" + carry + handle.read(8) if block else b"")
        if rest not in (b"  ]\n}\n", b"  ]\n}"):  # as load_report accepts it
            raise ValueError("not eolscan's layout")
        if end:
            yield lines[:end], plain
        return


def _plain(data: bytes) -> bool:
    """ASCII with no carriage return and no backslash (so no escape): nothing in it needs a
    check (each a search in C)."""
    return data.isascii() and b"\r" not in data and b"\\" not in data


def _checked_lines(carry: bytes, block: bytes) -> tuple[list[bytes], bytes]:
    """The whole lines of ``carry`` and ``block`` (a report written on Windows has its
    carriage returns dropped; text in other scripts must be valid UTF-8, with no lone
    surrogate escape, as ``load_report`` checks a report), and what is left after them."""
    cut = block.rfind(b"\n") + 1 if block else len(block)
    if block and not cut:
        raise ValueError("a line longer than a block")  # a finding is about 700 bytes
    whole, carry = carry + memoryview(block)[:cut], block[cut:]  # one copy, not three
    if b"\r" in whole:  # a report written on Windows (searched as bytes: memchr)
        whole = whole.replace(b"\r\n", b"\n")
    if not whole.isascii():  # names in other scripts: the block must be valid UTF-8
        whole.decode("utf-8")
    if has_lone_surrogate(whole):
        raise ValueError("a lone surrogate escape")  # rare: as load_report, refused
    lines = whole.split(b"\n")
    if block:
        lines.pop()  # "" after the last newline
    return lines, carry


def _hosts(prefixes: list[bytes]) -> list[tuple[str, str]] | None:
    """Each line's host part (``    {"client": ..., "host": ...``) as (client, host), all
    decoded and parsed in one call (a book has a hundred thousand hosts); None unless
    each is exactly what the JSON report writes for what was parsed from it, so no part
    can pass for another: the parts, joined, are the JSON text of the parsed pairs."""
    if not prefixes:
        return []
    if not all(map(bytes.startswith, prefixes, repeat(_LINE_START))):
        return None
    cut = map(bytes.__getitem__, prefixes, repeat(slice(_LINE_START.index(b"{"), None)))
    text = "[" + b"}, ".join(cut).decode("utf-8") + "}]"
    values = json.loads(text)
    if len(values) != len(prefixes) or set(map(type, values)) != {dict}:
        return None
    if set(map(len, values)) != {2}:  # a client and a host, nothing else
        return None
    try:
        pairs = list(map(itemgetter("client", "host"), values))
    except KeyError:
        return None
    if not set(map(type, chain.from_iterable(pairs))) <= {str}:
        return None
    if json.dumps(values, ensure_ascii=False) != text:  # spaced, escaped, keyed as written
        return None
    return pairs


def _verdict(middle: str, tail: str) -> Entry | None:
    """A line's verdict part (``, "kind": ...`` up to its source, and its source's closing
    quote on) as an Entry with no client or host (a line that names either again after its
    host part is not as eolscan writes it)."""
    text = '{"client": "", "host": ""' + middle + ', "source": "' + tail
    entry = _entry_or_none(json.loads(text.rstrip().removesuffix(",")))
    return entry if entry is not None and not entry.client and not entry.host else None


def _ident(entry: Entry) -> Ident:
    return entry.kind, entry.purl or entry.name, entry.version


def compare_columns(
    baseline: BaselineColumns, stream: FindingStream, columns: Columns
) -> tuple[Changes, Counts, Counts] | None:
    """``compare_stream`` with the unchanged rows found in C; also the baseline's and the
    report's counts per client (for the warning about clients that shrank). None when more
    than ``MAX_TO_PAIR`` rows and saved findings differ: pairing them here would hold every
    difference in memory."""
    groups, group_ids, _, numbers = columns
    their_keys = [(_ident(e), str(e.status), e.cycle) for e in baseline.verdicts]
    full: dict[Key, int] = {}
    verdict_codes = [full.setdefault(key, len(full)) for key in their_keys]
    current = [stream.verdict(n) for n in range(stream.verdict_count)]
    keys = [
        ((str(v.asset.kind), v.asset.purl or v.asset.name, v.asset.version), str(v.status), v.cycle)
        for v in current
    ]
    by_verdict = [full.get(key, _NONE) for key in keys]
    group_hosts = stream.group_hosts()
    same_hosts = baseline.same_hosts(stream)
    if same_hosts:  # the same machines in the same order as last month: the same numbers
        ours_hosts = stream.group_id_array()
    else:
        host_ids = {host: at for at, host in enumerate(baseline.host_pairs())}
        by_group = [host_ids.get(host, _NONE) for host in group_hosts]
        del host_ids
        ours_hosts = array("i", map(by_group.__getitem__, group_ids))
    # Two numberings of verdicts: codes (``verdict_codes``, ``by_verdict``: one per item,
    # status and cycle) say whether two findings are the same; the columns compared a
    # stretch at a time (``by_number``, ``theirs_verdicts``) may be finer (a remembered
    # report's own numbers, with extended support), never coarser.
    theirs_verdicts = baseline.line_verdicts
    by_number = by_verdict
    if baseline.extended is not None:  # the lines' own numbers, each verdict with its flag
        own: dict[tuple[Key, bool], int] = {}
        for at, key in enumerate(their_keys):
            own.setdefault((key, bool(baseline.extended[at])), at)
        flags = [v.asset.extended_support for v in current]
        by_number = [own.get(pair, _NONE) for pair in zip(keys, flags, strict=True)]
    elif len(full) < len(verdict_codes):  # verdicts alike but for what is not compared
        theirs_verdicts = array("i", map(verdict_codes.__getitem__, theirs_verdicts))
    if by_number == list(range(len(by_number))):  # numbered alike (remembered, same book)
        ours = (ours_hosts, stream.number_array())
    else:
        ours = (ours_hosts, array("i", map(by_number.__getitem__, numbers)))
    theirs = (baseline.line_hosts, theirs_verdicts)
    rows_to_pair: list[int] = []
    left_lines: list[int] = []
    if ours != theirs:  # equal: the same findings in the same order, nothing to pair
        our_code = _code_of(ours_hosts, numbers, by_verdict)
        their_code = _code_of(baseline.line_hosts, baseline.line_verdicts, verdict_codes)
        found = None
        if baseline.in_report_order and _placed_by_code(baseline.verdicts, current):
            found = _unpaired_in_order(
                Side(ours, _row_key(columns, current), our_code),
                Side(theirs, _line_key(baseline), their_code),
            )
        if found is None:
            codes = partial(_codes, len(baseline.host_pairs()), len(full))
            ours_codes = array("i", map(by_verdict.__getitem__, numbers))
            theirs_codes = array("i", map(verdict_codes.__getitem__, baseline.line_verdicts))
            found = _unpaired(
                codes(ours_hosts, ours_codes), codes(baseline.line_hosts, theirs_codes)
            )
        rows_to_pair, left_lines = found
    del ours, theirs
    if len(rows_to_pair) + len(left_lines) > MAX_TO_PAIR:
        return None
    rest = SavedReport(baseline.path, baseline.as_of, [baseline.entry(line) for line in left_lines])
    pairing = Pairing(rest)
    pairing.clients |= stream.clients
    marks = array("I", bytes(4 * len(numbers)))
    texts: dict[str, int] = {"": 0}
    later: dict[tuple[str, str, str, str, str], list[int]] = {}
    for row in rows_to_pair:
        group = groups[group_ids[row]]
        marks[row] = pairing.mark(group[0], group[1], current[numbers[row]], texts, later, row)
    changes = pairing.finish()
    mark_later_rows(changes, later, marks, texts)
    marked = [row for row in rows_to_pair if marks[row]]  # rows_to_pair is in order
    changes.row_marks = RowMarks(stream, marks, list(texts), marked)
    _in_baseline_order(changes, baseline, dict(zip(map(id, rest.entries), left_lines, strict=True)))
    named = _report_hosts(stream, columns)
    return changes, baseline.counts(named if same_hosts else None), _report_counts(stream, named)


def _codes(hosts: int, verdicts: int, host_ids: array[int], verdict_ids: array[int]) -> array[int]:
    """One code per row for its (host, verdict) pair; a host or verdict the baseline lacks
    (``_NONE``) makes a code no line has."""
    by_host = [*range(0, hosts * verdicts, verdicts or 1), _FAR]  # [_NONE] is the last: _FAR
    by_verdict = [*range(verdicts), _FAR]
    return array(
        "q", map(add, map(by_host.__getitem__, host_ids), map(by_verdict.__getitem__, verdict_ids))
    )


def _unpaired(codes: array[int], by_line: array[int]) -> tuple[list[int], list[int]]:
    """The rows whose (host, item, status, cycle) the baseline lacks, and the baseline's
    lines that no row has: what is left to pair finding by finding."""
    before = set(by_line)
    same = bytes(map(before.__contains__, codes))
    before.difference_update(codes)  # the codes no row has
    rows = list(compress(range(len(codes)), map(not_, same)))
    return rows, list(compress(range(len(by_line)), map(before.__contains__, by_line)))


ReportKey = tuple[str, int, str, str, str]
"""(client, status rank, host lower-cased, kind, name lower-cased): where a finding sorts
in report order (``row_order.sort_rows``)."""


def _row_key(columns: Columns, current: list[Finding]) -> Callable[[int], ReportKey]:
    groups, group_ids, _, numbers = columns
    parts = [(v.status.rank, str(v.asset.kind), v.asset.name.lower()) for v in current]

    def key(row: int) -> ReportKey:
        group = groups[group_ids[row]]  # no starred unpacking: called a few times a change
        rank, kind, name = parts[numbers[row]]
        return group[0], rank, group[1].lower(), kind, name

    return key


def _line_key(baseline: BaselineColumns) -> Callable[[int], ReportKey]:
    parts = [(e.status.rank, e.kind, e.name.lower()) for e in baseline.verdicts]
    hosts, line_hosts = baseline.host_pairs(), baseline.line_hosts
    line_verdicts = baseline.line_verdicts

    def key(line: int) -> ReportKey:
        client, host = hosts[line_hosts[line]]
        rank, kind, name = parts[line_verdicts[line]]
        return client, rank, host.lower(), kind, name

    return key


def _placed_by_code(baseline: list[Entry], current: list[Finding]) -> bool:
    """Whether two findings with one code always sort to one place: not when an item is
    known by its purl, whose name (what the report order sorts by) may differ."""
    return not any(entry.purl for entry in baseline) and not any(v.asset.purl for v in current)


class Side(NamedTuple):
    """One side of a walk in report order: its columns (compared a stretch at a time), where
    each of its findings sorts, and each finding's code (what makes two findings the same)."""

    columns: tuple[array[int], array[int]]
    """(host numbers, verdict numbers)."""
    place: Callable[[int], ReportKey]
    code: Callable[[int], Hashable]


def _code_of(
    hosts: Sequence[int], numbers: Sequence[int], codes: list[int]
) -> Callable[[int], tuple[int, int]]:
    """A finding's (host, verdict code), from its host and verdict numbers."""

    def code(at: int) -> tuple[int, int]:
        return hosts[at], codes[numbers[at]]

    return code


def _unpaired_in_order(ours: Side, theirs: Side) -> tuple[list[int], list[int]] | None:
    """What ``_unpaired`` finds, for rows and lines both in report order, without a set of
    every code: equal stretches of the two sides' columns are skipped by comparing memory
    (in C); where the two part, the findings of the one place in report order that comes
    first on either side are compared by their codes (two findings alike sort to the same
    place, so a finding can only be found there). None when the lines turn out not to be
    in report order: each line the walk stops at is checked against the one before it,
    and the lines between are the rows' own, which are sorted."""
    ours_views = [memoryview(column) for column in ours.columns]
    theirs_views = [memoryview(column) for column in theirs.columns]
    ends = len(ours.columns[0]), len(theirs.columns[0])
    rows: list[int] = []
    lines: list[int] = []
    row = line = 0
    last: ReportKey | None = None
    while True:
        same = _same_stretch(
            ours_views, row, theirs_views, line, min(ends[0] - row, ends[1] - line)
        )
        row, line = row + same, line + same
        if row == ends[0] and line == ends[1]:
            return rows, lines
        our_key = ours.place(row) if row < ends[0] else None
        their_key = theirs.place(line) if line < ends[1] else None
        if their_key is not None and line and theirs.place(line - 1) > their_key:
            return None  # a line out of report order (an equal stretch's are the run's own)
        if our_key is None or their_key is None:
            key = our_key or their_key
        else:
            key = min(our_key, their_key)
        if key is None or (last is not None and key <= last):
            return None
        last = key
        first_row, row = _place(ours.place, row, ends[0], key, our_key)
        first_line, line = _place(theirs.place, line, ends[1], key, their_key)
        ours_here = list(map(ours.code, range(first_row, row)))
        theirs_here = list(map(theirs.code, range(first_line, line)))
        known = set(theirs_here)
        rows.extend(at for at, found in enumerate(ours_here, first_row) if found not in known)
        known = set(ours_here)
        lines.extend(at for at, found in enumerate(theirs_here, first_line) if found not in known)


def _place(
    key_of: Callable[[int], ReportKey], at: int, end: int, key: ReportKey, at_key: object
) -> tuple[int, int]:
    """Where the findings whose place is ``key`` start and end, around ``at`` (whose own
    place is ``at_key``; the equal stretch just passed may hold some of them)."""
    first = at
    while first and key_of(first - 1) == key:
        first -= 1
    if at_key == key:
        at += 1
        while at < end and key_of(at) == key:
            at += 1
    return first, at


_FIRST_STRETCH = 64


def _same_stretch(
    ours: list[memoryview], row: int, theirs: list[memoryview], line: int, limit: int
) -> int:
    """How many findings (up to ``limit``) from ``row`` and from ``line`` are the same, one
    for one, in both columns (host, verdict): memory compared a stretch at a time, each
    twice the last, and halved where the two differ."""
    (our_hosts, our_verdicts), (their_hosts, their_verdicts) = ours, theirs
    if (
        not limit
        or our_verdicts[row] != their_verdicts[line]
        or our_hosts[row] != their_hosts[line]
    ):
        return 0  # the next findings differ already (a run of changes)
    same, size = 0, _FIRST_STRETCH
    differs = limit + 1  # past the first difference (none seen yet)
    while differs - same > 1:
        if differs > limit:  # stretches twice the last until one differs
            end = min(same + size, limit)
            size *= 2
        else:  # then halved until the first difference is found
            end = (same + differs) // 2
        start, stop = row + same, row + end
        first, last = line + same, line + end
        if (
            our_verdicts[start:stop] == their_verdicts[first:last]
            and our_hosts[start:stop] == their_hosts[first:last]
        ):
            same = end
            if same == limit:
                return same
        else:
            differs = end
    return same


def _report_hosts(stream: FindingStream, columns: Columns) -> dict[str, set[str]]:
    """Each client's hosts in a compact report: the hosts of the groups of each client's
    rows, which are together in report order however the input mixed the clients (a set
    of group numbers a client, then their hosts, in C)."""
    spans = stream.client_spans()
    if spans is None:
        raise ValueError("only a compact report's rows are compared as columns")
    group_ids, hosts = columns[1], stream.group_hosts()
    named: dict[str, set[str]] = {}
    for client, begin, end in spans:
        ids = set(group_ids[begin:end])
        named[client] = set(map(itemgetter(1), map(hosts.__getitem__, ids)))
    return named


def _report_counts(stream: FindingStream, named: dict[str, set[str]]) -> Counts:
    """Each client's hosts and findings in a compact report: the findings from where each
    client's rows start (its rows are together, clients in name order), with no pass over
    the rows."""
    spans = stream.client_spans()
    if spans is None:
        raise ValueError("only a compact report's rows are compared as columns")
    return {client: (named[client], end - begin) for client, begin, end in spans}


def _in_baseline_order(changes: Changes, baseline: BaselineColumns, lines: dict[int, int]) -> None:
    """Resolved findings in the order ``compare`` gives them: by where their slot first
    appears in the whole baseline (the unchanged lines left out of the pairing included)."""
    if not changes.resolved:
        return
    hosts = {baseline.line_hosts[lines[id(delta.entry)]] for delta in changes.resolved}
    first: dict[tuple[str, ...], int] = {}
    for line in compress(
        range(len(baseline.line_hosts)), map(hosts.__contains__, baseline.line_hosts)
    ):
        client, host = baseline.host_pairs()[baseline.line_hosts[line]]
        entry = baseline.verdicts[baseline.line_verdicts[line]]
        first.setdefault(slot_of(client, host, entry.kind, entry.purl or entry.name), line)
    changes.resolved = sorted(changes.resolved, key=lambda delta: first[delta.entry.slot])
