"""``--baseline`` read as columns gives what reading the whole report gives."""

from __future__ import annotations

import io
import random
from array import array
from datetime import date
from functools import partial
from json.encoder import encode_basestring
from pathlib import Path

import pytest

from eolscan.app.remembered_reports import recall, remember
from eolscan.app.run_checks import count_by_client
from eolscan.app.run_warnings import baseline_changes
from eolscan.formats.json_format import JsonFormat
from eolscan.formats.rows import marked_rows
from eolscan.judgement.baseline import compare_stream
from eolscan.judgement.policy import Policy
from eolscan.judgement.saved_report import load_report
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import AssetRow, Kind
from eolscan.report import baseline_columns, baseline_join
from eolscan.report.baseline_columns import compare_columns, read_columns
from eolscan.report.findings import FindingStream
from eolscan.report.report import Report
from eolscan.report.scan import scan_report

ITEMS = [
    (Kind.OS, "Microsoft Windows 10 Pro", "10.0.19045"),
    (Kind.OS, "Microsoft Windows 11 Pro", "10.0.22631"),
    (Kind.SOFTWARE, "Google Chrome", "131.0.6778.86"),
    (Kind.SOFTWARE, "Google Chrome", "119.0.6045.200"),
    (Kind.SOFTWARE, "PHP", "7.4.33"),
    (Kind.SOFTWARE, "PHP", "8.3.7"),
    (Kind.SOFTWARE, "Contoso Ledger", "4.2"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_db(bundled_db_path()), load_rules(rules_path()))


def book(seed: int) -> list[AssetRow]:
    """Hosts that come and go, and items that move between versions, from one seed."""
    rows: list[AssetRow] = []
    for host in range(40):
        if (host + seed) % 9 == 0:
            continue  # a host gone from one of the two runs
        client = f"Client {host % 3}"
        picks = {(host * 7 + seed * (host % 4 == 0) + n * 3) % len(ITEMS) for n in range(4)}
        for line, at in enumerate(sorted(picks), host * 10 + 2):
            rows.append((client, f"PC-{host:02d}", (*ITEMS[at], False), "book.csv", line, (), ""))
    return rows


def report(matcher: Matcher, seed: int, as_of: str) -> Report:
    policy = Policy(as_of=date.fromisoformat(as_of))
    return scan_report(iter(book(seed)), matcher, policy, matcher.db.info())


def test_columns_give_the_same_changes_and_marks_as_the_whole_report(
    matcher: Matcher, tmp_path: Path
) -> None:
    saved = tmp_path / "last-month.json"
    out = io.StringIO()
    JsonFormat().render(report(matcher, 1, "2026-10-23"), out)
    saved.write_text(out.getvalue(), encoding="utf-8")
    current = report(matcher, 2, "2026-11-23")
    stream = current.findings
    assert isinstance(stream, FindingStream)
    columns = stream.columns()
    assert columns is not None
    baseline = read_columns(str(saved))
    assert baseline is not None, "eolscan's own layout is read as columns"
    assert baseline.in_report_order  # as eolscan wrote it: walked beside the run's rows
    gone = {f"PC-{host:02d}" for host in range(40) if (host + 1) % 9 == 0}
    known = set(baseline.hosts)
    for client, host, *_ in columns[0]:
        assert ((client, host) in known) is (host not in gone)
    compared = compare_columns(baseline, stream, columns)
    assert compared is not None
    fast, before, after = compared
    whole = load_report(str(saved))
    expected = compare_stream(whole, stream)
    assert fast.deltas == expected.deltas and fast.deltas
    assert fast.resolved == expected.resolved and fast.resolved
    assert fast.row_marks is not None and expected.row_marks is not None
    assert list(fast.row_marks.numbers) == list(expected.row_marks.numbers)
    assert fast.row_marks.texts == expected.row_marks.texts
    assert fast.row_marks.marked == marked_rows(expected.row_marks.numbers)
    assert before == count_by_client((e.client, e.host) for e in whole.entries)
    rows = ((client, host) for (client, host, *_), _, _ in stream.entries())
    assert after == count_by_client(rows)


def test_an_unchanged_book_is_found_unchanged_without_pairing(
    matcher: Matcher, tmp_path: Path
) -> None:
    """The same findings in the same report order: no differences, every mark blank, the
    same answer as the whole-report comparison."""
    saved = tmp_path / "last-month.json"
    out = io.StringIO()
    JsonFormat().render(report(matcher, 1, "2026-11-23"), out)
    saved.write_text(out.getvalue(), encoding="utf-8")
    stream = report(matcher, 1, "2026-11-23").findings
    assert isinstance(stream, FindingStream)
    columns = stream.columns()
    baseline = read_columns(str(saved))
    assert columns is not None and baseline is not None
    compared = compare_columns(baseline, stream, columns)
    assert compared is not None
    fast, before, after = compared
    expected = compare_stream(load_report(str(saved)), stream)
    assert fast.deltas == expected.deltas and fast.resolved == expected.resolved
    assert not fast.deltas and not fast.resolved
    assert fast.row_marks is not None and set(fast.row_marks.numbers) == {0}
    assert fast.row_marks.marked == []
    assert before == after


def _finding_lines(text: str) -> tuple[list[str], list[int]]:
    """A JSON report's lines, and where its finding lines are (after the plan's)."""
    lines = text.split("\n")
    start = lines.index('  "findings": [')
    return lines, [at for at, line in enumerate(lines) if at > start and line.startswith("    {")]


@pytest.mark.parametrize("edit", ["moved", "repeated"])
def test_lines_out_of_report_order_are_compared_as_the_whole_report_does(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """A report edited by hand (its first finding moved, or repeated, to the end: another
    client's place) is found out of report order by the walk, which gives way to the sets:
    a walk in report order would look for that finding in the wrong place."""
    out = io.StringIO()
    JsonFormat().render(report(matcher, 1, "2026-10-23"), out)
    lines, findings = _finding_lines(out.getvalue())
    first = lines[findings[0]]
    if edit == "moved":
        del lines[findings[0]]
        findings = [at - 1 for at in findings[1:]]
    lines.insert(findings[-1], first)  # before the last finding: it keeps its comma
    saved = tmp_path / "edited.json"
    saved.write_text("\n".join(lines), encoding="utf-8")
    baseline = read_columns(str(saved))
    assert baseline is not None
    stream = report(matcher, 1, "2026-11-23").findings
    assert isinstance(stream, FindingStream)
    columns = stream.columns()
    assert columns is not None
    walked: list[object] = []
    walk = baseline_columns._unpaired_in_order

    def spied(ours: baseline_columns.Side, theirs: baseline_columns.Side) -> object:
        walked.append(walk(ours, theirs))
        return walked[-1]

    monkeypatch.setattr(baseline_columns, "_unpaired_in_order", spied)
    compared = compare_columns(baseline, stream, columns)
    assert walked == [None]  # the walk met the line out of order and gave way
    assert compared is not None
    fast, _, _ = compared
    expected = compare_stream(load_report(str(saved)), stream)
    assert fast.deltas == expected.deltas and fast.resolved == expected.resolved
    assert fast.row_marks is not None and expected.row_marks is not None
    assert list(fast.row_marks.numbers) == list(expected.row_marks.numbers)


EDITS = {
    # a field named twice where the line is parsed: the last counts, as for load_report
    "status twice": ((', "source": ', ', "status": "ignored", "source": '), "read"),
    # a source written with Windows paths: escaped backslashes, nothing hidden
    "windows path": (('"source": "book.csv:', '"source": "C:\\\\clients\\\\book.csv:'), "read"),
    # the source value hiding a field: the one part not parsed must be a plain string
    "field in source": (('", "rule": ', '", "status": "ignored", "x": "y", "rule": '), None),
    "escaped quote": (('", "rule": ', '\\", "rule": "x", "status": "ignored", "rule": '), None),
    # the host or client named again after the host part
    "host again": ((', "name": ', ', "host": "OTHER", "name": '), None),
    "client again": (('"purl": null}', '"purl": null, "client": "Z"}'), None),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_line_edited_by_hand_is_read_as_the_whole_report_reads_it_or_left_to_it(
    matcher: Matcher, tmp_path: Path, edit: str
) -> None:
    """Each finding line's every field but its source is parsed; a source value that is not
    a plain string, or a line that names its host or client twice, sends the file to the
    whole-report reader, so columns never read a line otherwise than it does."""
    out = io.StringIO()
    JsonFormat().render(report(matcher, 1, "2026-10-23"), out)
    lines, findings = _finding_lines(out.getvalue())
    (before, after), outcome = EDITS[edit]
    assert before in lines[findings[0]]
    lines[findings[0]] = lines[findings[0]].replace(before, after, 1)
    saved = tmp_path / "edited.json"
    saved.write_text("\n".join(lines), encoding="utf-8")
    columns = read_columns(str(saved))
    if outcome is None:
        assert columns is None
        return
    assert columns is not None
    whole = load_report(str(saved)).entries
    assert [columns.entry(line) for line in range(len(whole))] == whole
    if edit == "status twice":
        assert str(whole[0].status) == "ignored"  # the last of the two, in both readers


def test_another_layout_is_left_to_the_whole_report_reader(tmp_path: Path) -> None:
    compact = tmp_path / "compact.json"
    compact.write_text('{"eolscan_report_version": 1, "findings": []}', encoding="utf-8")
    assert read_columns(str(compact)) is None


def test_many_differences_are_left_to_the_join(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``MAX_TO_PAIR`` rows and saved findings to pair (every host renamed, another
    book) the comparison goes to ``baseline_join``, whose differences go to disk; what it
    finds is what the columns find."""
    saved = tmp_path / "last-month.json"
    out = io.StringIO()
    JsonFormat().render(report(matcher, 1, "2026-10-23"), out)
    saved.write_text(out.getvalue(), encoding="utf-8")
    current = report(matcher, 2, "2026-11-23")
    by_columns, warnings = baseline_changes(str(saved), current)
    joins: list[str] = []
    join = baseline_join.compare_report

    def recorded(path: str, stream: FindingStream) -> object:
        joins.append(path)
        return join(path, stream)

    monkeypatch.setattr(baseline_join, "compare_report", recorded)
    monkeypatch.setattr(baseline_columns, "MAX_TO_PAIR", 5)
    joined, joined_warnings = baseline_changes(str(saved), current)
    assert joins == [str(saved)]
    assert dict(joined.deltas) == dict(by_columns.deltas) and by_columns.deltas
    assert list(joined.resolved) == list(by_columns.resolved) and by_columns.resolved
    assert joined.row_marks is not None and by_columns.row_marks is not None
    assert list(joined.row_marks.numbers) == list(by_columns.row_marks.numbers)
    assert joined.row_marks.texts == by_columns.row_marks.texts
    assert joined_warnings == warnings


def saved_report(matcher: Matcher, tmp_path: Path, rows: list[AssetRow]) -> Path:
    policy = Policy(as_of=date.fromisoformat("2026-10-23"))
    out = io.StringIO()
    JsonFormat().render(scan_report(iter(rows), matcher, policy, matcher.db.info()), out)
    saved = tmp_path / "saved.json"
    saved.write_text(out.getvalue(), encoding="utf-8")
    return saved


def host_part(client: str, host: str) -> str:
    """A finding line's start up to its host, exactly as the JSON report writes it."""
    return f'    {{"client": {encode_basestring(client)}, "host": {encode_basestring(host)}'


NAMES = ['Café "Zürich"', "back\\slash", "tab\there", "ünïcödé 東京", "plain"]


def test_host_parts_with_escapes_are_read_back_exactly(matcher: Matcher, tmp_path: Path) -> None:
    rows: list[AssetRow] = [
        (client, f"{host}-{n}", (*ITEMS[n % len(ITEMS)], False), "book.csv", n + 2, (), "")
        for n, (client, host) in enumerate((c, h) for c in NAMES for h in NAMES)
    ]
    baseline = read_columns(str(saved_report(matcher, tmp_path, rows)))
    assert baseline is not None
    assert sorted(baseline.hosts) == sorted((client, host) for client, host, *_ in rows)


@pytest.mark.parametrize("block", [701, 1024, 4099])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_report_read_a_small_block_at_a_time_gives_the_same_columns(
    matcher: Matcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    block: int,
    line_end: str,
) -> None:
    """Lines cut across blocks, plain blocks and blocks with escapes, other scripts or
    carriage returns (a report written on Windows) read as one big block reads them; a
    lone surrogate escape anywhere refuses the file, whichever block it falls in."""
    rows: list[AssetRow] = [
        (client, f"{host}-{n}", (*ITEMS[n % len(ITEMS)], False), "book.csv", n + 2, (), "")
        for n, (client, host) in enumerate((c, h) for c in NAMES for h in NAMES * 6)
    ]
    rows += book(3)  # long stretches of plain ASCII lines
    saved = saved_report(matcher, tmp_path, rows)
    text = saved.read_text(encoding="utf-8").replace("\n", line_end)
    saved.write_bytes(text.encode("utf-8"))
    whole = read_columns(str(saved))
    assert whole is not None
    monkeypatch.setattr(baseline_columns, "_BLOCK", block)
    cut = read_columns(str(saved))
    assert cut is not None
    assert (cut.hosts, cut.verdicts) == (whole.hosts, whole.verdicts)
    assert (cut.line_hosts, cut.line_verdicts) == (whole.line_hosts, whole.line_verdicts)
    written = host_part("Client 2", "PC-05")
    assert written in text
    lone = written.replace('"PC-05"', '"PC-05\\ud800"')  # a backslash escape, half a pair
    saved.write_bytes(text.replace(written, lone, 1).encode("utf-8"))
    assert read_columns(str(saved)) is None


@pytest.mark.parametrize(
    "host_part_as_written",
    [
        '    {"client":  "Client 0", "host": "PC-00"',  # spaced as another tool spaces it
        '    {"client": "Client 0", "host": "PC-00", "extra": 1',
        '    {"client": "Client 0", "host": "PC-00"}, {"client": "Client 9", "host": "PC-99"',
    ],
)
def test_a_host_part_not_as_eolscan_writes_it_is_left_to_the_whole_reader(
    matcher: Matcher, tmp_path: Path, host_part_as_written: str
) -> None:
    saved = saved_report(matcher, tmp_path, book(1))
    text = saved.read_text(encoding="utf-8")
    written = host_part("Client 0", "PC-00")
    assert written in text
    saved.write_text(text.replace(written, host_part_as_written, 1), encoding="utf-8")
    assert read_columns(str(saved)) is None


Place = tuple[str, int, str, str, str]


def in_report_order(seed: int, rows: int) -> tuple[list[Place], list[tuple[str | int, ...]]]:
    """Findings sorted as a report sorts them: (place, code parts) where the place is
    (client, rank, host lower-cased, kind, name lower-cased) and the code parts add the host
    as written and the version (two hosts differing in case share a place; so do two
    versions of one item, and a finding listed twice)."""
    pick = random.Random(seed)
    found: list[tuple[Place, tuple[str, ...]]] = []
    for _ in range(rows):
        client = f"Client {pick.randrange(3)}"
        host = pick.choice(["PC-1", "pc-1", "PC-2", "SRV", "Mac"])
        kind = pick.choice(["os", "software"])
        name = pick.choice(["PHP", "php", "Chrome", "Java"])
        version, rank = pick.choice(["7.4", "8.3"]), pick.randrange(3)
        found.append(((client, rank, host.lower(), kind, name.lower()), (host, name, version)))
    found.sort(key=lambda finding: finding[0])
    return [place for place, _ in found], [(*place, *parts) for place, parts in found]


def side(columns: tuple[array[int], array[int]], places: list[Place]) -> baseline_columns.Side:
    """A side of the walk whose code is its columns' numbers."""
    return baseline_columns.Side(
        columns, places.__getitem__, lambda at: tuple(column[at] for column in columns)
    )


@pytest.mark.parametrize("edited", [False, True])
@pytest.mark.parametrize("seed", range(200))
def test_the_walk_in_report_order_finds_what_the_sets_find(seed: int, edited: bool) -> None:
    """Two reports in report order, differing anywhere (a month's changes, or nothing
    alike): walking them side by side leaves the same rows and lines to pair as the sets of
    every code do. Last month's report edited out of order (a line moved or repeated
    elsewhere): the walk finds the same, or gives way to the sets (None), never otherwise."""
    ours, our_codes = in_report_order(seed, 5 + seed % 40)
    theirs, their_codes = in_report_order(seed // 3, 5 + seed % 37)
    if seed % 4 == 0 or edited:  # most of a month alike: the same report with a few changes
        theirs, their_codes = ours[:], our_codes[:]
        for at in sorted({(seed * 7 + n * 13) % len(ours) for n in range(3)}, reverse=True):
            del theirs[at], their_codes[at]
    if edited:
        pick = random.Random(seed)
        taken = pick.randrange(len(theirs))
        place, code = theirs[taken], their_codes[taken]
        if seed % 2:  # moved, else repeated
            del theirs[taken], their_codes[taken]
        to = pick.randrange(len(theirs) + 1)
        theirs.insert(to, place)
        their_codes.insert(to, code)
    hosts: dict[tuple[str | int, ...], int] = {}
    verdicts: dict[tuple[str | int, ...], int] = {}

    def columns(found: list[tuple[str | int, ...]]) -> tuple[array[int], array[int]]:
        """A host number (client, host as written) and a verdict number per finding."""
        return (
            array("i", (hosts.setdefault((f[0], f[5]), len(hosts)) for f in found)),
            array(
                "i", (verdicts.setdefault(f[1:2] + f[3:4] + f[6:], len(verdicts)) for f in found)
            ),
        )

    ours_columns, theirs_columns = columns(our_codes), columns(their_codes)
    walked = baseline_columns._unpaired_in_order(
        side(ours_columns, ours), side(theirs_columns, theirs)
    )
    codes = partial(baseline_columns._codes, len(hosts), len(verdicts))
    expected = baseline_columns._unpaired(codes(*ours_columns), codes(*theirs_columns))
    if edited and theirs != sorted(theirs):
        assert walked in (None, expected)
    else:
        assert walked == expected


def test_a_walk_that_meets_lines_out_of_report_order_gives_way_to_the_sets() -> None:
    places: list[Place] = [("Client 0", 0, f"pc-{n}", "os", "windows") for n in range(9)]
    codes = array("q", range(9))
    by_line = array("q", [0, 1, 2, 3, 99, 8, 7, 6, 5])  # after a difference, out of order
    theirs = [*places[:4], ("Client 0", 0, "pc-4", "os", "linux"), *reversed(places[5:])]
    hosts = array("q", bytes(8 * 9))  # one host number for every line
    walked = baseline_columns._unpaired_in_order(
        side((hosts, codes), places), side((hosts, by_line), theirs)
    )
    assert walked is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (["Contoso Ledger"], ["Ledger Pro", "Ledger Pro"]),
        (["Contoso Ledger"], ["Contoso Ledger", "Ledger Pro"]),
        (["Ledger Pro", "Ledger Pro"], ["Contoso Ledger"]),
    ],
)
def test_items_known_by_their_purl_compare_as_the_whole_report_does(
    matcher: Matcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    before: list[str],
    after: list[str],
) -> None:
    """An item known by its purl is the same item whatever its name, but sorts by its name:
    remembered columns of such a report are compared as sets, with the result of reading
    the file (walking them in report order would miss a renamed item)."""
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    purl = "pkg:generic/contoso@4.2"

    def findings(names: list[str]) -> Report:
        rows: list[AssetRow] = [
            ("A", "h", (Kind.SOFTWARE, name, "4.2", False, purl, ""), "b.csv", at + 2, (), "")
            for at, name in enumerate(names)
        ]
        return scan_report(iter(rows), matcher, Policy(as_of=date(2026, 10, 23)), matcher.db.info())

    saved = tmp_path / "last.json"
    last = findings(before)
    with saved.open("w", encoding="utf-8") as out:
        JsonFormat().render(last, out)
    remember(saved, last)
    remembered = recall(str(saved))
    assert remembered is not None and remembered.in_report_order
    stream = findings(after).findings
    assert isinstance(stream, FindingStream)
    columns = stream.columns()
    assert columns is not None
    compared = compare_columns(remembered, stream, columns)
    assert compared is not None
    expected = compare_stream(load_report(str(saved)), stream)
    assert dict(compared[0].deltas) == dict(expected.deltas)
    assert list(compared[0].resolved) == list(expected.resolved)


def test_an_escape_cut_at_the_end_of_a_block_is_checked_with_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A line whose start ends a block that needed checking is checked whole with the next
    block, even where that next block is plain."""
    lone = baseline_columns._LINE_START + b'"A", "host": "PC\\ud800", "kind": "os"}'
    plain = [
        baseline_columns._LINE_START + b'"A", "host": "PC-%d", "kind": "os"}' % n for n in range(9)
    ]
    content = b"\n".join([plain[0], lone, *plain[1:]]) + b"\n  ]\n}\n"
    monkeypatch.setattr(baseline_columns, "_BLOCK", content.index(b"\\ud800") + 2)
    with pytest.raises(ValueError, match="surrogate"):
        list(baseline_columns._finding_blocks(io.BytesIO(content)))
    fine = content.replace(b"\\ud800", b"\\u00e9")
    blocks = baseline_columns._finding_blocks(io.BytesIO(fine))
    found = [line for lines, _ in blocks for line in lines]
    assert found == fine.split(b"\n")[:10]
