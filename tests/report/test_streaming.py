"""The scan path streams: readers are generators and findings are never all held in memory.

Not timed (the benchmarks in bench/ time things); these check the shape that makes a
whole book of business fit in bounded memory, and that streaming changes no output.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import json
import tracemalloc
from collections.abc import Iterator, Sized
from datetime import date
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eolscan.errors import OutputError
from eolscan.formats import rows as rows_module
from eolscan.formats.interface import get_format
from eolscan.formats.json_format import JsonFormat
from eolscan.inventory.native import NativeCsvReader
from eolscan.inventory.registry import read_inventories
from eolscan.inventory.text import read_source
from eolscan.judgement.accept import Acceptance, AcceptEntry
from eolscan.judgement.policy import Policy
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import LifecycleDB, load_db
from eolscan.matching import Matcher
from eolscan.matching import matcher as matcher_module
from eolscan.matching.rules import load_rules
from eolscan.model import (
    Asset,
    AssetRow,
    Finding,
    Kind,
    Location,
    Status,
    asset_row,
    row_asset,
)
from eolscan.report import findings as findings_module
from eolscan.report import spool, verdict_store
from eolscan.report.findings import FindingStream
from eolscan.report.plan import build_plan
from eolscan.report.report import Report
from eolscan.report.rollup import ClientStats, client_rollups, client_stats, counted, rollup
from eolscan.report.row_order import sort_key
from eolscan.report.scan import build_report, scan, scan_report
from tests.helpers import AS_OF, BOOK_ITEMS

ITEMS = BOOK_ITEMS


def write_inventory(path: Path, rows: int) -> Path:
    """A deterministic native CSV: 10 items per host, hosts spread over 7 clients."""
    lines = ["client,host,kind,name,version,extended_support"]
    for row in range(rows):
        host = row // 10
        kind, name, version = ITEMS[(row * 7 + host) % len(ITEMS)]
        extended = "yes" if host % 5 == 0 and kind == "os" else ""
        lines.append(f"Client {host % 7},HOST-{host:05d},{kind},{name},{version},{extended}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class CountingSink(io.TextIOBase):
    """A text stream that keeps nothing: counts characters and findings written."""

    def __init__(self) -> None:
        self.chars = 0
        self.findings = 0
        self.in_findings = False

    def write(self, text: str) -> int:
        self.chars += len(text)
        counted = text
        if not self.in_findings:  # the plan before the findings names clients too
            _head, found, counted = text.partition('"findings": [')
            self.in_findings = bool(found)
        self.findings += counted.count('{"client": ')
        return len(text)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    db: LifecycleDB = load_db(bundled_db_path())
    return Matcher(db, load_rules(rules_path()))


@pytest.fixture
def policy() -> Policy:
    return Policy(as_of=date.fromisoformat(AS_OF))


def test_readers_yield_assets_as_a_generator(tmp_path: Path) -> None:
    inventory = write_inventory(tmp_path / "book.csv", 50)
    assets = read_inventories([str(inventory)])
    assert inspect.isgenerator(assets)
    rows = NativeCsvReader().rows(read_source(str(inventory)))  # a block at a time, lazily
    assert isinstance(rows, Iterator) and not isinstance(rows, Sized)
    first = next(assets)
    assert (first.client, first.host, first.name, first.source) == (
        "Client 0",
        "HOST-00000",
        "Microsoft Windows 10 Pro",
        f"{inventory}:2",
    )


def rows_of(inventory: Path) -> Iterator[AssetRow]:
    return map(asset_row, read_inventories([str(inventory)]))


def spill_past(monkeypatch: pytest.MonkeyPatch, rows: int, run_size: int) -> None:
    """Make reports past ``rows`` rows go to the spool, in runs of ``run_size``."""
    monkeypatch.setattr(findings_module, "COMPACT_ROWS", rows)
    monkeypatch.setattr(spool, "RUN_SIZE", run_size)


@pytest.mark.parametrize("spilled", [False, True], ids=["compact", "spilled"])
def test_50000_rows_scan_and_render_in_bounded_memory(
    tmp_path: Path,
    matcher: Matcher,
    policy: Policy,
    monkeypatch: pytest.MonkeyPatch,
    spilled: bool,
) -> None:
    inventory = write_inventory(tmp_path / "book.csv", 50_000)
    if spilled:
        spill_past(monkeypatch, 5_000, 5_000)
    sink = CountingSink()
    tracemalloc.start()
    try:
        report = scan_report(rows_of(inventory), matcher, policy, matcher.db.info())
        JsonFormat().render(report, sink)
        _, streaming_peak = tracemalloc.get_traced_memory()
        before = tracemalloc.get_traced_memory()[0]
        everything = list(report.findings)
        materialised = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(everything) == sink.findings == report.summary.findings == 50_000
    assert isinstance(report.findings, FindingStream) and report.findings.spilled == spilled
    assert report.summary.hosts == 5_000 and report.summary.clients == 7
    # Reading, matching and writing 50,000 rows took less memory than the findings
    # alone would if they were all held at once.
    assert streaming_peak < materialised


@pytest.mark.parametrize("spilled", [False, True], ids=["compact", "spilled"])
def test_a_report_keeps_the_order_and_findings_of_a_full_sort(
    tmp_path: Path,
    matcher: Matcher,
    policy: Policy,
    monkeypatch: pytest.MonkeyPatch,
    spilled: bool,
) -> None:
    inventory = write_inventory(tmp_path / "book.csv", 3_000)
    expected = sorted(scan(read_inventories([str(inventory)]), matcher, policy), key=sort_key)
    if spilled:
        spill_past(monkeypatch, 1_000, 500)
    report = scan_report(rows_of(inventory), matcher, policy, matcher.db.info())
    assert isinstance(report.findings, FindingStream) and report.findings.spilled == spilled
    assert list(report.findings) == expected
    assert list(report.findings) == expected, "a second pass gives the same findings"
    assert len(report.findings) == 3_000 and report.findings
    counted = {status: sum(1 for f in expected if f.status == status) for status in Status}
    assert report.summary.by_status == counted
    assert report.clients() == sorted({f"Client {n}" for n in range(7)})


def test_json_is_the_same_whether_or_not_the_report_spilled(
    tmp_path: Path, matcher: Matcher, policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory = write_inventory(tmp_path / "book.csv", 2_000)
    in_memory, spilled = io.StringIO(), io.StringIO()
    JsonFormat().render(
        scan_report(rows_of(inventory), matcher, policy, matcher.db.info()), in_memory
    )
    spill_past(monkeypatch, 700, 300)
    report = scan_report(rows_of(inventory), matcher, policy, matcher.db.info())
    assert isinstance(report.findings, FindingStream) and report.findings.spilled
    JsonFormat().render(report, spilled)
    assert in_memory.getvalue() == spilled.getvalue()
    findings = json.loads(spilled.getvalue())["findings"]
    assert len(findings) == 2_000
    assert findings[0]["client"] == "Client 0" and findings[0]["status"] == "eol"


def write_distinct_inventory(path: Path, rows: int, per_host: int = 10) -> Path:
    """A native CSV whose every row is its own item (a name and version no other row has),
    with a few common items between them, ``per_host`` rows a host."""
    lines = ["client,host,kind,name,version,extended_support"]
    for row in range(rows):
        host = row // per_host
        if row % 4 == 0:
            kind, name, version = ITEMS[row % len(ITEMS)]
        else:
            kind, name, version = "software", f"Contoso Tool {row}", f"{row % 9}.{row}"
        lines.append(f"Client {host % 7},HOST-{host:05d},{kind},{name},{version},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_distinct_items_past_the_verdict_limit_give_the_same_report(
    tmp_path: Path, matcher: Matcher, policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past VERDICTS_IN_MEMORY distinct items the report turns heavy (verdicts on disk, rows
    spooled): the same findings in the same order, the same JSON, the same counts."""
    inventory = write_distinct_inventory(tmp_path / "distinct.csv", 3_000)
    expected = sorted(scan(read_inventories([str(inventory)]), matcher, policy), key=sort_key)
    light = io.StringIO()
    JsonFormat().render(scan_report(rows_of(inventory), matcher, policy, matcher.db.info()), light)
    monkeypatch.setattr(findings_module, "VERDICTS_IN_MEMORY", 200)
    monkeypatch.setattr(spool, "RUN_SIZE", 500)
    report = scan_report(rows_of(inventory), matcher, policy, matcher.db.info())
    stream = report.findings
    assert isinstance(stream, FindingStream)
    assert stream.verdicts_spilled and stream.spilled
    assert list(stream) == expected
    heavy = io.StringIO()
    JsonFormat().render(report, heavy)
    assert heavy.getvalue() == light.getvalue()
    counted = {status: sum(1 for f in expected if f.status == status) for status in Status}
    assert report.summary.by_status == counted and report.summary.findings == 3_000
    stream.close()


def test_memory_for_distinct_items_stops_growing_at_the_verdict_limit(
    tmp_path: Path, matcher: Matcher, policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limits, each further distinct item costs a few counters, not a verdict held
    in memory (about 1.7 KB each before: 1.5M distinct rows passed 2.4 GB). Reports of 2,000
    and 8,000 distinct items on 200 hosts are built and written; every bound is made small
    so that both pass them all; a first run is not counted (it loads the products it meets)."""
    for module, name in (
        (findings_module, "VERDICTS_IN_MEMORY"),
        (verdict_store, "_RECENT"),
        (matcher_module, "_MAX_CACHE"),
        (rows_module, "CACHED_VERDICTS"),
    ):
        monkeypatch.setattr(module, name, 100)
    monkeypatch.setattr(spool, "RUN_SIZE", 1_000)
    monkeypatch.setattr(spool, "CHUNK", 16)
    monkeypatch.setattr(verdict_store, "_FLUSH_BYTES", 1 << 14)
    peaks = []
    for rows in (2_000, 2_000, 8_000):
        inventory = write_distinct_inventory(tmp_path / f"d-{rows}.csv", rows, rows // 200)
        assets = list(rows_of(inventory))
        tracemalloc.start()
        try:
            report = scan_report(iter(assets), matcher, policy, matcher.db.info())
            JsonFormat().render(report, CountingSink())
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert isinstance(report.findings, FindingStream) and report.findings.verdicts_spilled
        report.findings.close()
    per_item = (peaks[2] - peaks[1]) / 6_000
    assert per_item < 400, peaks


BUILDS = [
    ("os", "Debian GNU/Linux 12", "12"),
    ("software", "nginx", "1.22.1-9+deb12u1"),
    ("software", "openssl", "3.0.11-1~deb12u2"),
    ("software", "PHP", "8.2.26-1"),
]
"""A distribution release and packages whose verdicts follow their host's release."""
HOSTS = ["PC-1", "pc-1", "PC-2", "Ärzte-PC", "=cmd", "", "srv,01", 'say "hi"']
FILES = ["inv.csv", "dir/inv.yaml", 'a "quoted", file.csv', "=evil.csv", "C:\\exports\\inv.csv", ""]
ROWS = st.tuples(
    st.sampled_from(["Acme", "acme", "Beta Dental", ""]),
    st.sampled_from(HOSTS),
    st.sampled_from(ITEMS + BUILDS),
    st.booleans(),
    st.sampled_from(FILES),
    st.sampled_from([0, 1, 2, 17, 100_000]),
    st.sampled_from([(), ("web",), ("a", "b")]),
)


DEBIAN_HOST = [  # a Debian host's package, a Windows host's, then the Debian host again later
    ("Acme", "srv,01", BUILDS[0], False, "inv.csv", 2, ()),
    ("Acme", "srv,01", BUILDS[3], False, "inv.csv", 3, ()),
    ("Acme", "PC-1", BUILDS[3], False, "inv.csv", 4, ()),
    ("Acme", "srv,01", BUILDS[3], False, "dir/inv.yaml", 7, ()),
]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(ROWS, max_size=60),
    compact_rows=st.integers(1, 70),
    in_memory=st.integers(1, 12),
    numbered=st.booleans(),
)
@example(rows=DEBIAN_HOST, compact_rows=1, in_memory=12, numbered=False)
@example(rows=DEBIAN_HOST, compact_rows=70, in_memory=12, numbered=True)
@example(rows=DEBIAN_HOST, compact_rows=70, in_memory=1, numbered=False)
def test_every_format_writes_a_stream_as_it_writes_the_same_findings_in_a_list(
    matcher: Matcher,
    rows: list[tuple[str, str, tuple[str, str, str], bool, str, int, tuple[str, ...]]],
    compact_rows: int,
    in_memory: int,
    numbered: bool,
) -> None:
    """The compact report, the spilled one, the heavy one (more distinct verdicts than
    ``in_memory``) and each fast format path against plain Findings sorted by
    ``sort_key``: the same findings in the same order, byte for byte. With every row
    ``numbered`` the formats take their fastest path (rows put together in C)."""
    policy = Policy(as_of=date.fromisoformat(AS_OF))
    asset_rows: list[AssetRow] = [
        (client, host, (Kind(kind), name, version, extended), file, line or 5 * numbered, tags, "")
        for client, host, (kind, name, version), extended, file, line, tags in rows
    ]
    expected = sorted(scan(map(row_asset, asset_rows), matcher, policy), key=sort_key)
    plain = Report(policy=policy, database=matcher.db.info(), findings=expected)
    original = (findings_module.COMPACT_ROWS, spool.RUN_SIZE, findings_module.VERDICTS_IN_MEMORY)
    findings_module.COMPACT_ROWS, spool.RUN_SIZE = compact_rows, 7
    findings_module.VERDICTS_IN_MEMORY = in_memory
    try:
        report = scan_report(iter(asset_rows), matcher, policy, matcher.db.info())
    finally:
        findings_module.COMPACT_ROWS, spool.RUN_SIZE, findings_module.VERDICTS_IN_MEMORY = original
    assert list(report.findings) == expected
    assert report.summary.hosts == len({(r[0], r[1]) for r in rows})
    assert build_plan(report.findings, policy.as_of) == build_plan(expected, policy.as_of)
    for name in ("json", "csv"):
        listed = render_to_text(name, plain)
        assert render_to_text(name, report) == listed, "as text"
        assert render_to_bytes(name, report, "utf-8") == listed, "as UTF-8 bytes"
        assert render_to_bytes(name, report, "utf-16") == listed, "through another encoding"


@pytest.mark.parametrize(
    "hosts",
    [
        ["pc-10", "PC-2", "pc-1", "PC-2", "b", "pc-1"],  # repeats, mixed case, no twins
        ["PC-1", "pc-1", "Pc-1", "b", "PC-1", "a"],  # hosts that differ only in case
    ],
)
def test_a_plan_from_columns_names_each_machine_once_in_name_order(
    matcher: Matcher, policy: Policy, hosts: list[str]
) -> None:
    """A decision's machines come from the rows in report order (by host lower-cased); a
    host listed twice is named once, and hosts that differ only in case are in name
    order, as the plan of the same findings in a list has them."""
    items = [(Kind.OS, "Microsoft Windows 10 Pro", "10.0.19045", False)]
    items.append((Kind.SOFTWARE, "PHP", "7.4.33", False))
    asset_rows: list[AssetRow] = [
        ("Acme", host, item, "inv.csv", at + 2, (), "")
        for at, (host, item) in enumerate((host, item) for host in hosts for item in items)
    ]
    report = scan_report(iter(asset_rows), matcher, policy, matcher.db.info())
    expected = sorted(scan(map(row_asset, asset_rows), matcher, policy), key=sort_key)
    plan = build_plan(report.findings, policy.as_of)
    assert plan == build_plan(expected, policy.as_of)
    assert {decision.product for decision in plan} >= {"windows", "php"}
    for decision in plan:
        assert decision.hosts == sorted(sorted(set(hosts)), key=str.lower)


def render_to_text(name: str, report: Report) -> str:
    """The body (findings) of a report rendered into a str buffer."""
    out = io.StringIO()
    get_format(name).render(report, out)
    return out.getvalue().split('"findings"')[-1]


def render_to_bytes(name: str, report: Report, encoding: str) -> str:
    """The same, through a text stream over bytes, as files and standard output are."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding, newline="")
    get_format(name).render(report, out)
    out.flush()
    return raw.getvalue().decode(encoding).split('"findings"')[-1]


def test_build_report_keeps_findings_that_share_an_asset_identity_apart(
    policy: Policy, matcher: Matcher
) -> None:
    asset = Asset("Acme", "PC-1", Kind.SOFTWARE, "Widget", "1.0")
    other = Asset("Acme", "PC-2", Kind.SOFTWARE, "Widget", "1.0")
    findings = [Finding(asset, Status.SUPPORTED), Finding(other, Status.EOL, reason="hand-made")]
    report = build_report(findings, policy, matcher.db.info())
    assert list(report.findings) == [findings[1], findings[0]]
    assert report.summary.by_status[Status.EOL] == 1 and report.summary.hosts == 2


def test_an_empty_report_is_valid_json(policy: Policy, matcher: Matcher) -> None:
    out = io.StringIO()
    report = build_report([], policy, matcher.db.info())
    JsonFormat().render(report, out)
    assert not report.findings
    assert json.loads(out.getvalue())["findings"] == []


def test_spool_removes_its_temporary_runs_when_closed() -> None:
    records = spool.SortedSpool(run_size=10)
    for number in range(35, 0, -1):
        records.add(("x", number))
    records.finish()
    runs = list(records._runs)
    assert len(runs) == 4 and all(path.exists() for path in runs)
    assert [number for _, number in records] == list(range(1, 36))
    records.close()
    assert not any(path.exists() for path in runs)


def test_an_unwritable_temporary_directory_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    records = spool.SortedSpool(run_size=2)
    records.add(("a", 1))
    with pytest.raises(
        OutputError, match=r"missing: cannot write temporary files for a large report: "
    ):
        records.add(("b", 2))


def test_an_empty_client_and_host_still_count(policy: Policy, matcher: Matcher) -> None:
    findings = [Finding(Asset("", "", Kind.OS, "Nameless", ""), Status.UNKNOWN, reason="x")]
    report = build_report(findings, policy, matcher.db.info())
    assert (report.summary.hosts, report.summary.clients, report.summary.findings) == (1, 1, 1)
    assert list(report.findings) == findings and report.clients() == [""]


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 9)), max_size=400),
    run_size=st.integers(1, 120),
    chunk=st.integers(1, 40),
)
def test_spool_iterates_any_records_in_sorted_order(
    records: list[tuple[str, int]], run_size: int, chunk: int
) -> None:
    original = spool.CHUNK
    spool.CHUNK = chunk
    try:
        sorted_spool = spool.SortedSpool(run_size=run_size)
        for record in records:
            sorted_spool.add(record)
        sorted_spool.finish()
        assert list(sorted_spool) == sorted(records)
        assert list(sorted_spool) == sorted(records), "and again"
        sorted_spool.close()
    finally:
        spool.CHUNK = original


@given(file=st.text(max_size=12), line=st.integers(0, 10**9), pointer=st.text(max_size=8))
def test_a_rows_location_is_the_assets_location_and_back(
    file: str, line: int, pointer: str
) -> None:
    """Any file name (``C:\\inv\\a.csv``, ``a:12``), line and pointer survive the row and back."""
    item = (Kind.SOFTWARE, "Widget", "1.0", False)
    row = ("Acme", "PC-1", item, file, line, (), pointer)
    asset = row_asset(row)
    assert asset.location == (file, line or None, pointer)
    assert asset_row(asset) == row


def test_host_contexts_and_distribution_builds_are_the_same_whether_or_not_spilled(
    matcher: Matcher, policy: Policy
) -> None:
    """Accepted risks with host globs give hosts their own contexts; a Debian host's
    packages follow its release; both survive the report going to disk in parts, and the
    report turning heavy (past ``in_memory`` distinct verdicts, builds judged row by row)."""
    debian = (Kind.OS, "Debian GNU/Linux 10", "10", False)
    built = (Kind.SOFTWARE, "PHP", "7.3.31-1", False)  # a packaging revision only
    rows: list[AssetRow] = []
    for host in range(12):
        name = f"SRV-{host:02d}"
        if host % 3 == 0:
            rows.append(("Acme", name, debian, "inv.csv", 1, (), ""))
        rows.append(("Acme", name, built, "inv.csv", 2, (), ""))
    entries = [AcceptEntry("php", "vendor app", date(2027, 1, 1), host="srv-0[0-5]")]

    def report(compact_rows: int, in_memory: int = 1_000) -> list[Finding]:
        original = findings_module.COMPACT_ROWS, findings_module.VERDICTS_IN_MEMORY
        findings_module.COMPACT_ROWS, findings_module.VERDICTS_IN_MEMORY = compact_rows, in_memory
        try:
            acceptance = Acceptance(entries, policy.as_of)
            found = scan_report(iter(rows), matcher, policy, matcher.db.info(), (), acceptance)
            stream = found.findings
            assert isinstance(stream, FindingStream)
            # 5 verdicts: Debian, and PHP (built or not) in either context
            assert stream.verdicts_spilled == (in_memory < 5)
            return list(stream)
        finally:
            findings_module.COMPACT_ROWS, findings_module.VERDICTS_IN_MEMORY = original

    whole = report(1_000)
    assert report(1) == whole
    assert report(1_000, in_memory=1) == whole
    assert report(1, in_memory=2) == whole
    php = {f.asset.host: f for f in whole if f.asset.name == "PHP"}
    maintained = {host for host, f in php.items() if f.maintained_by == ("debian", "10")}
    assert maintained == {"SRV-00", "SRV-03", "SRV-06", "SRV-09"}
    accepted = {host for host, f in php.items() if f.status is Status.ACCEPTED}
    assert accepted == {f"SRV-{host:02d}" for host in range(6)}


def test_an_ignored_verdict_read_back_from_disk_keeps_the_status_it_replaced() -> None:
    """SARIF shows an ignored item that was at risk as a dismissed result: the status an
    ignore replaced survives the verdicts' trip to disk (an enum, written as its text)."""
    asset = Asset("Acme", "PC-01", Kind.SOFTWARE, "PHP", "7.4.33", False, Location("a.csv", 2))
    ignored = Finding(asset, Status.IGNORED, product="php", eol=date(2022, 11, 28))
    ignored = dataclasses.replace(ignored, was=Status.EOL)
    store = verdict_store.VerdictStore(in_memory=0)
    numbers = [store.append(ignored), store.append(dataclasses.replace(ignored, was=None))]
    assert [store[number] for number in numbers] == [
        ignored,
        dataclasses.replace(ignored, was=None),
    ]


@pytest.mark.parametrize("spilled", [False, True], ids=["compact", "spilled"])
def test_roll_ups_read_from_entries_match_the_finding_by_finding_ones(
    tmp_path: Path,
    matcher: Matcher,
    policy: Policy,
    monkeypatch: pytest.MonkeyPatch,
    spilled: bool,
) -> None:
    """A report's own roll-ups and client figures, read as (host, verdict) entries, are
    those made finding by finding (the table, Markdown and HTML of a large book use them),
    machines whose only ``warn`` is an update due (7-Zip) told apart as there."""
    inventory = write_inventory(tmp_path / "book.csv", 3_000)
    behind, ending = "7-Zip 19.00 (x64),19.00", "Microsoft Windows Server 2016 Standard,10.0.14393"
    with inventory.open("a", encoding="utf-8") as more:
        for host in range(300, 360):  # an update due alone, or beside a release ending soon
            row = f"Client {host % 7},HOST-{host:05d},"
            more.write(f"{row}software,{behind},\n")
            more.write(f"{row}os,{ending},\n" if host % 2 else f"{row}software,Node.js,24.11.0,\n")
    if spilled:
        spill_past(monkeypatch, 1_000, 500)
    report = scan_report(rows_of(inventory), matcher, policy, matcher.db.info())
    findings = list(report.findings)
    expected_stats: dict[str, ClientStats] = {}
    expected = [
        (client, rollup(group))
        for client, group in groupby(counted(findings, expected_stats), lambda f: f.asset.client)
    ]
    stats: dict[str, ClientStats] = {}
    assert list(client_rollups(report.findings, stats)) == expected
    assert stats == expected_stats == client_stats(report.findings)
    assert len(expected) == 7 and all(len(rows) > 3 for _, rows in expected)
    due = {client: figures.hosts_update_due() for client, figures in expected_stats.items()}
    assert {client: figures.hosts_update_due() for client, figures in stats.items()} == due
    warn = {client: figures.hosts_at(Status.WARN) for client, figures in expected_stats.items()}
    assert sum(due.values()) == 30 and sum(warn.values()) == 60
