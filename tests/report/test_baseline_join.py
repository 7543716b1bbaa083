"""``--baseline`` joined as sorted records gives what pairing whole entries gives, in
bounded memory however many distinct items either run has."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eolscan.app.client_reports import write_client_reports
from eolscan.app.run_checks import count_by_client
from eolscan.formats.changes import baseline_json, changes_dict
from eolscan.formats.interface import RenderOptions, get_format
from eolscan.judgement.baseline import compare_stream
from eolscan.judgement.changes import Change, Changes
from eolscan.judgement.saved_report import load_report
from eolscan.judgement.saved_stream import open_own_layout
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import AssetRow, Kind
from eolscan.report import (
    baseline_join,
    delta_table,
    findings,
    resolved_spool,
    spool,
    verdict_store,
)
from eolscan.report.baseline_join import compare_report
from eolscan.report.findings import FindingStream
from eolscan.report.report import Report
from tests.report.baseline_memory import distinct, elsewhere, memory_of, moved, report, saved

ITEMS = [
    (Kind.OS, "Microsoft Windows 10 Pro", "10.0.19045"),
    (Kind.OS, "Microsoft Windows 11 Pro", "10.0.22631"),
    (Kind.OS, "Ubuntu", "20.04"),
    (Kind.SOFTWARE, "Google Chrome", "131.0.6778.86"),
    (Kind.SOFTWARE, "Google Chrome", "119.0.6045.200"),
    (Kind.SOFTWARE, "PHP", "7.4.33"),
    (Kind.SOFTWARE, "PHP", "8.3.7"),
    (Kind.SOFTWARE, "PHP", "8.1.2"),
    (Kind.SOFTWARE, "Contoso Ledger", "4.2"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_db(bundled_db_path()), load_rules(rules_path()))


def book(seed: int) -> list[AssetRow]:
    """Hosts that come and go, items that move between versions, the same item twice on a
    host, and a client only one run has, from one seed."""
    rows: list[AssetRow] = []
    for host in range(60):
        if (host + seed) % 9 == 0:
            continue
        client = f"Client {host % 3 + (seed == 2 and host % 11 == 0) * 5}"
        picks = [(host * 7 + seed * (host % 4 == 0) + n * 3) % len(ITEMS) for n in range(5)]
        for line, at in enumerate(picks, host * 10 + 2):
            rows.append((client, f"PC-{host:02d}", (*ITEMS[at], False), "book.csv", line, (), ""))
    return rows


def assert_same(joined: Changes, expected: Changes) -> None:
    assert joined.deltas == expected.deltas
    assert list(joined.deltas) == list(expected.deltas)
    assert list(joined.resolved) == list(expected.resolved)
    assert joined.row_marks is not None and expected.row_marks is not None
    assert list(joined.row_marks.numbers) == list(expected.row_marks.numbers)
    assert joined.row_marks.texts == expected.row_marks.texts
    assert (joined.since, joined.source) == (expected.since, expected.source)


@pytest.mark.parametrize("run_size", [5, 50_000])
def test_the_join_gives_what_whole_entries_give(
    matcher: Matcher, tmp_path: Path, run_size: int
) -> None:
    path = saved(tmp_path, report(matcher, book(1), "2026-10-23"))
    current = report(matcher, book(2), "2026-11-23")
    stream = current.findings
    assert isinstance(stream, FindingStream)
    joined, before, after = compare_report(str(path), stream, run_size)
    whole = load_report(str(path))
    expected = compare_stream(whole, stream)
    assert expected.count(Change.CHANGED) and expected.count(Change.NEW) and expected.resolved
    assert_same(joined, expected)
    assert before == count_by_client((e.client, e.host) for e in whole.entries)
    assert after == count_by_client((c, h) for (c, h, *_), _, _ in stream.entries())


def test_another_layout_is_joined_from_the_whole_report(matcher: Matcher, tmp_path: Path) -> None:
    path = saved(tmp_path, report(matcher, book(1), "2026-10-23"))
    reformatted = tmp_path / "reformatted.json"
    reformatted.write_text(path.read_text().replace("\n    {", "\n  {"), encoding="utf-8")
    stream = report(matcher, book(2), "2026-11-23").findings
    assert isinstance(stream, FindingStream)
    joined, _, _ = compare_report(str(reformatted), stream, 7)
    expected = compare_stream(load_report(str(reformatted)), stream)
    assert expected.deltas
    assert_same(joined, expected)


def test_a_report_made_with_a_baseline_is_read_a_line_at_a_time(
    matcher: Matcher, tmp_path: Path
) -> None:
    """Last month's report carries its own comparison (a monthly run's does): its header is
    read without it, and the next comparison is the same as from the whole report."""
    first = saved(tmp_path, report(matcher, book(1), "2026-09-23"))
    month = report(matcher, book(2), "2026-10-23")
    assert isinstance(month.findings, FindingStream)
    changes, _, _ = compare_report(str(first), month.findings)
    assert changes.deltas
    out = io.StringIO()
    get_format("json", RenderOptions(changes=changes)).render(month, out)
    chained = tmp_path / "chained.json"
    chained.write_text(out.getvalue(), encoding="utf-8")
    assert '  "baseline": {\n' in out.getvalue()
    opened = open_own_layout(str(chained))
    assert opened is not None and opened[0] == "2026-10-23"
    opened[1].close()
    stream = report(matcher, book(3), "2026-11-23").findings
    assert isinstance(stream, FindingStream)
    joined, _, _ = compare_report(str(chained), stream, 9)
    assert_same(joined, compare_stream(load_report(str(chained)), stream))


def per_item(scenario: str, small: int, large: int, differences: int = 1) -> tuple[float, float]:
    """How many bytes more each further item (or each of its ``differences``) cost the
    comparison in a fresh interpreter: what it left allocated and the most it allocated."""
    less, more = memory_of(scenario, small, large)
    assert more["deltas_on_disk"] == less["deltas_on_disk"]
    assert more["resolved_on_disk"] == less["resolved_on_disk"]
    grown = (large - small) * differences
    return (more["kept"] - less["kept"]) / grown, (more["peak"] - less["peak"]) / grown


def test_many_distinct_items_are_joined_on_disk_in_bounded_memory(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lowered limits stand in for millions of distinct items: verdicts on disk, sorted runs
    of 1,000 records merged 64 at a time, 256 verdicts kept decoded. Four times the items
    cost the join about 270 bytes more each at its peak (each client's hosts, a mark number
    a row, a chunk of each further run), where ``compare_stream``'s Entry per finding and
    verdict per row cost about 1,350 bytes more each; measured in a fresh interpreter."""
    _, peak = per_item("distinct", 1_000, 4_000)
    assert peak < 400, f"{peak:.0f} bytes more at the peak a distinct item"
    monkeypatch.setattr(findings, "VERDICTS_IN_MEMORY", 300)
    monkeypatch.setattr(baseline_join, "CHUNK", 64)
    monkeypatch.setattr(verdict_store, "_RECENT", 256)
    path = saved(tmp_path, report(matcher, distinct(6_000, 1), "2026-10-23"))
    stream = report(matcher, distinct(6_000, 2), "2026-11-23").findings
    assert isinstance(stream, FindingStream) and stream.verdicts_spilled
    spills: list[bool] = []
    finish = spool.SortedSpool.finish

    def finished(self: spool.SortedSpool) -> None:
        finish(self)
        spills.append(self.spilled)

    monkeypatch.setattr(spool.SortedSpool, "finish", finished)
    joined, _, _ = compare_report(str(path), stream, 1_000)
    assert spills[:2] == [True, True], "rows by verdict, then both runs' records, went to disk"
    expected = compare_stream(load_report(str(path)), stream)
    assert len(expected.deltas) == sum(1 for n in range(6_000) if n % 97 == 0)
    assert_same(joined, expected)


def resolved_elsewhere(matcher: Matcher, folder: Path, items: int) -> tuple[Path, Report]:
    """Last month's ``items`` distinct items, and a month whose hosts are all gone (their
    clients remain)."""
    path = saved(folder, report(matcher, distinct(items, 1), "2026-10-23"))
    return path, report(matcher, elsewhere(items), "2026-11-23")


def test_many_resolved_findings_are_kept_on_disk_in_bounded_memory(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lowered limit stands in for millions of resolved findings (a baseline from another
    book): past 200 they go to disk as sorted runs and are read back in the order
    ``compare_stream`` gives. Four times the findings leave the comparison about 3 bytes
    more each and cost about 155 more at the peak (reading the baseline), measured in a
    fresh interpreter; held as Deltas they left about 275 more each and cost about 635
    more at the peak. The JSON report's baseline block, written a difference at a time, is
    byte for byte what one ``json.dumps`` of it gave."""
    kept, peak = per_item("resolved", 1_500, 6_000)
    assert kept < 50, f"{kept:.0f} bytes more kept a resolved finding"
    assert peak < 300, f"{peak:.0f} bytes more at the peak a resolved finding"
    monkeypatch.setattr(resolved_spool, "IN_MEMORY", 200)
    monkeypatch.setattr(resolved_spool, "_CHUNK", 32)
    monkeypatch.setattr(baseline_join, "CHUNK", 64)
    path, current = resolved_elsewhere(matcher, tmp_path, 6_000)
    assert isinstance(current.findings, FindingStream)
    joined, _, _ = compare_report(str(path), current.findings, 1_000)
    assert isinstance(joined.resolved, resolved_spool.ResolvedSpool) and joined.resolved.spilled
    expected = compare_stream(load_report(str(path)), current.findings)
    assert joined.count(Change.RESOLVED) == len(expected.resolved) == 6_000
    assert_same(joined, expected)
    assert list(joined.resolved) == list(joined.resolved), "read again from disk, unchanged"
    as_of = "2026-11-23"
    whole = json.dumps({"baseline": changes_dict(expected, as_of)}, indent=2, ensure_ascii=False)
    assert "".join(baseline_json(joined, as_of)) == whole[2:-2]
    none = Changes("2026-10-23", "empty.json")
    whole = json.dumps({"baseline": changes_dict(none, as_of)}, indent=2, ensure_ascii=False)
    assert "".join(baseline_json(none, as_of)) == whole[2:-2]


def test_many_new_findings_are_kept_on_disk_and_every_format_writes_the_same(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lowered limits stand in for millions of differences: past 300 new findings they go
    to a table on disk (written 64 at a time), past 200 resolved ones to sorted runs. Four
    times the items leave the comparison about 2 bytes more a difference (a new and a
    resolved finding each; held as Deltas they left about 815 more) and cost about 140 more
    at the peak (each run's hosts per client, a few numbers a difference, a chunk of each
    further run), measured in a fresh interpreter. Every format writes byte for byte what
    the comparison held in memory gives, and a finding's difference is looked up in the
    table."""
    kept, peak = per_item("elsewhere", 1_000, 4_000, differences=2)
    assert kept < 20, f"{kept:.0f} bytes more kept a difference"
    assert peak < 250, f"{peak:.0f} bytes more at the peak a difference"
    monkeypatch.setattr(delta_table, "IN_MEMORY", 300)
    monkeypatch.setattr(resolved_spool, "IN_MEMORY", 200)
    monkeypatch.setattr(resolved_spool, "_CHUNK", 32)
    monkeypatch.setattr(baseline_join, "CHUNK", 64)
    path = saved(tmp_path, report(matcher, distinct(4_000, 1), "2026-10-23"))
    current = report(matcher, moved(4_000), "2026-11-23")
    assert isinstance(current.findings, FindingStream)
    joined, _, _ = compare_report(str(path), current.findings, 1_000)
    assert isinstance(joined.deltas, delta_table.DeltaTable)
    assert isinstance(joined.resolved, resolved_spool.ResolvedSpool)
    assert isinstance(current.findings, FindingStream)
    expected = compare_stream(load_report(str(path)), current.findings)
    assert joined.count(Change.NEW) == expected.count(Change.NEW) == 4_000
    assert joined.count(Change.RESOLVED) == 4_000
    assert_same(joined, expected)
    finding = next(iter(current.findings))
    assert joined.mark(finding) == expected.mark(finding) is not None
    for name in ("json", "csv", "markdown", "sarif", "table", "html"):
        written = []
        for changes in (joined, expected):
            out = io.StringIO()
            get_format(name, RenderOptions(changes=changes)).render(current, out)
            written.append(out.getvalue())
        assert written[0] == written[1], name


def test_each_clients_file_holds_exactly_its_own_differences(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report file per client from a comparison on disk: each client's new and resolved
    findings are read from its own range (an index by client in the table, the resolved
    findings grouped by client once), and are exactly the whole comparison's for that
    client, in the same order; every file is byte for byte what the comparison held in
    memory writes."""
    monkeypatch.setattr(delta_table, "IN_MEMORY", 300)
    monkeypatch.setattr(resolved_spool, "IN_MEMORY", 200)
    monkeypatch.setattr(resolved_spool, "_CHUNK", 32)
    path = saved(tmp_path, report(matcher, distinct(3_000, 1), "2026-10-23"))
    current = report(matcher, moved(3_000)[500:], "2026-11-23")
    assert isinstance(current.findings, FindingStream)
    joined, _, _ = compare_report(str(path), current.findings, 1_000)
    assert isinstance(joined.deltas, delta_table.DeltaTable)
    assert isinstance(joined.resolved, resolved_spool.ResolvedSpool) and joined.resolved.spilled
    expected = compare_stream(load_report(str(path)), current.findings)
    clients = sorted({delta.entry.client for delta in expected.all()})
    assert len(clients) == 7
    for client in [*clients, "Client 99"]:
        own = joined.for_client(client)
        deltas = [d for d in expected.deltas.values() if d.entry.client == client]
        resolved = [d for d in expected.resolved if d.entry.client == client]
        assert list(own.deltas.values()) == deltas and len(own.deltas) == len(deltas)
        assert list(own.deltas) == [d.entry.key for d in deltas]
        assert list(own.resolved) == resolved and len(own.resolved) == len(resolved)
        assert own.count(Change.NEW) == len(deltas)
        for delta in list(expected.deltas.values())[::500]:
            assert (delta.entry.key in own.deltas) == (delta.entry.client == client)
    written = []
    for changes, folder in ((joined, tmp_path / "joined"), (expected, tmp_path / "whole")):
        options = RenderOptions(changes=changes)
        paths = write_client_reports(current, folder, ["json", "csv"], options=options)
        written.append({p.name: p.read_bytes() for p in paths})
    assert written[0] == written[1] and len(written[0]) == 14
