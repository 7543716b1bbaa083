"""A large JSON report written to a file is remembered as columns when eolscan writes it,
so that ``--baseline`` of that file next month loads them instead of parsing it: the same
comparison, byte for byte, as reading the file; anything changed since is read whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.app import outputs, remembered_reports
from eolscan.app.remembered_reports import KEPT, recall
from eolscan.app.scan import ScanRequest, run_scan
from eolscan.cli.main import cli
from eolscan.cli.options import open_database, open_matcher
from eolscan.judgement.policy import Policy
from eolscan.report import baseline_columns
from eolscan.report.report import Report
from tests.helpers import BOOK_ITEMS

ITEMS = BOOK_ITEMS


def book(path: Path, rows: int, month: int = 0) -> Path:
    """A native CSV of ``rows`` rows over 7 clients; a later ``month`` upgrades some
    machines, retires some and adds others, as a month does."""
    lines = ["client,host,kind,name,version,extended_support"]
    for row in range(rows):
        host = row // 8 + (month * 3 if row // 8 % 11 == 0 else 0)  # some machines replaced
        kind, name, version = ITEMS[(row * 5 + host) % len(ITEMS)]
        if month and host % 4 == 0 and name == "PHP":
            version = "8.3.7"  # upgraded since
        lines.append(f"Client {host % 7},HOST-{host:05d},{kind},{name},{version},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def remembering(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Reports of any size remembered, in a cache of this test's own."""
    monkeypatch.setattr(outputs, "REMEMBERED_FINDINGS", 10)
    cache = tmp_path / "cache"
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(cache))
    return cache


def scan(*args: str) -> None:
    result = CliRunner().invoke(cli, ["scan", *args])
    assert result.exit_code in (0, 1), result.output


def scan_stream(inventory: str, as_of: str) -> Report:
    """The report a scan of ``inventory`` makes, outside click."""
    db = open_database(None)
    policy = Policy(as_of=date.fromisoformat(as_of))
    return run_scan(ScanRequest((inventory,), policy, db, open_matcher(db))).report


def month(tmp_path: Path, name: str, rows: int, as_of: str, since: Path | None = None) -> Path:
    """A month's JSON report, compared with an earlier one as a monthly run does (a first
    month is compared with a report of nothing)."""
    if since is None:
        since = tmp_path / "nothing.json"
        scan(str(book(tmp_path / "nothing.csv", 1)), "--as-of", as_of, "-o", str(since))
    report = tmp_path / f"{name}.json"
    inventory = book(tmp_path / f"{name}.csv", rows)
    scan(str(inventory), "--as-of", as_of, "--baseline", str(since), "-o", str(report))
    return report


def test_a_remembered_report_compares_as_reading_the_file_does(
    remembering: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = month(tmp_path, "2026-10", 800, "2026-10-23")
    assert len(list(remembering.glob("report-columns-*.marshal"))) == 1
    remembered = recall(str(last))
    assert remembered is not None and len(remembered.line_hosts) == 800
    assert remembered.in_report_order  # walked beside this run's rows, not made into sets
    whole = baseline_columns.read_columns(str(last))
    assert whole is not None and whole.in_report_order  # as eolscan writes it
    assert remembered.counts() == whole.counts()  # each client's findings, not counted again
    november = str(book(tmp_path / "november.csv", 800, month=1))
    fast = tmp_path / "fast.json"
    with monkeypatch.context() as unread:  # the report file's findings are not read
        unread.setattr(remembered_reports, "read_columns", None)
        unread.setattr(baseline_columns, "_unpaired", None)
        scan(november, "--as-of", "2026-11-23", "--baseline", str(last), "-o", str(fast))
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "another-cache"))
    assert recall(str(last)) is None
    read = tmp_path / "read.json"
    scan(november, "--as-of", "2026-11-23", "--baseline", str(last), "-o", str(read))
    assert fast.read_bytes() == read.read_bytes()
    text = read.read_text(encoding="utf-8")
    for change in ('"change": "new"', '"change": "changed"', '"resolved"'):
        assert change in text  # the month did change things: they were compared


def test_a_report_changed_since_it_was_written_is_read_whole(
    remembering: Path, tmp_path: Path
) -> None:
    last = month(tmp_path, "last", 200, "2026-10-23")
    assert recall(str(last)) is not None
    info = last.stat()
    os.utime(last, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000))  # touched, or edited
    assert recall(str(last)) is None
    copy = tmp_path / "copy.json"
    copy.write_bytes(last.read_bytes())
    assert recall(str(copy)) is None


def test_a_damaged_memory_is_a_miss(remembering: Path, tmp_path: Path) -> None:
    last = month(tmp_path, "last", 200, "2026-10-23")
    (kept,) = remembering.glob("report-columns-*.marshal")
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    assert recall(str(last)) is None


def test_only_the_newest_reports_are_kept(remembering: Path, tmp_path: Path) -> None:
    remembering.mkdir()
    for n in range(KEPT + 3):
        old = remembering / f"report-columns-{n:08x}-40.marshal"
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    month(tmp_path, "r", 100, "2026-10-23")
    kept = sorted(p.name for p in remembering.glob("report-columns-*.marshal"))
    assert len(kept) == KEPT
    assert "report-columns-00000000-40.marshal" not in kept  # the oldest went first
    assert "report-columns-0000000a-40.marshal" in kept


def test_a_report_below_the_size_worth_remembering_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    last = month(tmp_path, "last", 100, "2026-10-23")
    assert recall(str(last)) is None
    assert not list((tmp_path / "cache").glob("report-columns-*"))


def test_a_first_month_report_is_remembered_and_other_formats_are_not(
    remembering: Path, tmp_path: Path
) -> None:
    """A first month's report, made without ``--baseline``, is next month's baseline as
    much as any later one; a CSV report is not one eolscan reads back."""
    inventory = str(book(tmp_path / "book.csv", 200))
    first = tmp_path / "first.json"
    scan(inventory, "--as-of", "2026-10-23", "-o", str(first))
    remembered = recall(str(first))
    assert remembered is not None and len(remembered.line_hosts) == 200
    whole = baseline_columns.read_columns(str(first))
    assert whole is not None
    lines = range(len(whole.line_hosts))
    assert list(map(remembered.entry, lines)) == list(map(whole.entry, lines))
    table = tmp_path / "first.csv"
    scan(inventory, "--as-of", "2026-10-23", "-o", str(table))
    assert len(list(remembering.glob("report-columns-*.marshal"))) == 1


def test_standard_output_redirected_to_a_file_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As cron writes it: ``eolscan scan book.csv -f json > 2026-10.json``."""
    inventory = book(tmp_path / "book.csv", outputs.REMEMBERED_FINDINGS)
    env = {**os.environ, "EOLSCAN_CACHE_DIR": str(tmp_path / "cache")}
    nothing = tmp_path / "nothing.json"
    scan(str(book(tmp_path / "nothing.csv", 1)), "--as-of", "2026-10-23", "-o", str(nothing))
    last = tmp_path / "2026-10.json"
    with last.open("wb") as out:
        command = [sys.executable, "-m", "eolscan", "scan", str(inventory), "-f", "json"]
        since = ["--as-of", "2026-10-23", "--baseline", str(nothing)]
        subprocess.run([*command, *since], stdout=out, env=env, check=False)
    assert last.stat().st_size > 0
    os.environ["EOLSCAN_CACHE_DIR"], saved = (
        env["EOLSCAN_CACHE_DIR"],
        os.environ["EOLSCAN_CACHE_DIR"],
    )
    try:
        remembered = recall(str(last))
    finally:
        os.environ["EOLSCAN_CACHE_DIR"] = saved
    assert remembered is not None
    assert len(remembered.line_hosts) == outputs.REMEMBERED_FINDINGS
    assert remembered_reports.file_key(last) is not None


def test_a_report_written_again_to_its_file_leaves_one_memory(
    remembering: Path, tmp_path: Path
) -> None:
    """Runs that write one file again and again (``-o``, a new file under the old name;
    ``>``, the same file rewritten) keep only the newest columns for it: the older ones
    can never match again, and would crowd out a month's baseline kept beside them."""
    keep = tmp_path / "keep.json"
    scan(str(book(tmp_path / "keep.csv", 50)), "--as-of", "2026-10-23", "-o", str(keep))
    inventory = str(book(tmp_path / "book.csv", 100))
    latest = tmp_path / "latest.json"
    for day in ("2026-10-01", "2026-10-02", "2026-10-03"):
        scan(inventory, "--as-of", day, "-o", str(latest))
    assert len(list(remembering.glob("report-columns-*.marshal"))) == 2
    assert recall(str(keep)) is not None
    again = recall(str(latest))
    assert again is not None and again.as_of == "2026-10-03"
    stream = scan_stream(inventory, "2026-10-04")
    with latest.open("r+b") as same:  # rewritten in place, as a shell's ``>`` does
        same.truncate(0)
        same.write(b"{}\n")
        same.flush()
        remembered_reports.remember(same.fileno(), stream)
    assert len(list(remembering.glob("report-columns-*.marshal"))) == 2
    rewritten = recall(str(latest))
    assert rewritten is not None and rewritten.as_of == "2026-10-04"
    assert recall(str(keep)) is not None
    linked = tmp_path / "linked.json"
    os.link(keep, linked)  # -o over another name of the kept report: that report stays
    scan(inventory, "--as-of", "2026-10-05", "-o", str(linked))
    assert recall(str(keep)) is not None and recall(str(linked)) is not None


@pytest.mark.parametrize("shared", ["appended", "with its warnings", "alone"])
def test_standard_output_is_remembered_only_when_the_report_is_all_its_file_holds(
    tmp_path: Path, shared: str
) -> None:
    """``>> log`` or ``> out 2>&1`` put more than the report in the file, which
    ``--baseline`` then cannot read as a report: such a file is not remembered."""
    inventory = book(tmp_path / "book.csv", 200)
    cache = tmp_path / "cache"
    run_scan_to = (
        "import sys; from eolscan.app import outputs; outputs.REMEMBERED_FINDINGS = 10; "
        "from eolscan.cli.main import main; sys.argv[0] = 'eolscan'; main()"
    )
    target = tmp_path / "out.json"
    if shared == "appended":
        target.write_text("a line from an earlier run\n", encoding="utf-8")
    env = {**os.environ, "EOLSCAN_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", run_scan_to, "scan", str(inventory), "-f", "json"]
    with target.open("ab") as out:
        errors = out if shared == "with its warnings" else subprocess.DEVNULL
        subprocess.run(
            [*command, "--as-of", "2026-10-23", "-v"],
            stdout=out,
            stderr=errors,
            env=env,
            check=False,
        )
    saved = os.environ.get("EOLSCAN_CACHE_DIR")
    os.environ["EOLSCAN_CACHE_DIR"] = str(cache)
    try:
        remembered = recall(str(target))
    finally:
        if saved is None:
            del os.environ["EOLSCAN_CACHE_DIR"]
        else:
            os.environ["EOLSCAN_CACHE_DIR"] = saved
    if shared == "alone":
        assert remembered is not None and len(remembered.line_hosts) == 200
    else:
        assert remembered is None
        with pytest.raises(ValueError):  # indeed not a report alone
            json.loads(target.read_text(encoding="utf-8"))


def test_items_alike_but_for_extended_support_compare_as_reading_the_file_does(
    remembering: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Remembered lines keep the run's own verdict numbers: an item with and without
    extended support reads back alike where its status is the same, and a machine's flag
    may change between months; walking the two reports finds what reading the file finds."""

    def flagged(name: str, month: int) -> Path:
        lines = ["client,host,kind,name,version,extended_support"]
        for host in range(60):
            for kind, item, version in ITEMS:
                flag = (host + month * (host % 5 == 0)) % 3 == 0
                lines.append(f"Client {host % 4},PC-{host:03d},{kind},{item},{version},{flag}")
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    nothing = tmp_path / "nothing.json"
    scan(str(book(tmp_path / "nothing.csv", 1)), "--as-of", "2026-10-23", "-o", str(nothing))
    last = tmp_path / "last.json"
    scan(
        str(flagged("last", 0)),
        "--as-of",
        "2026-10-23",
        "--baseline",
        str(nothing),
        "-o",
        str(last),
    )
    remembered = recall(str(last))
    assert remembered is not None and remembered.extended is not None
    assert len({e.as_values() for e in remembered.verdicts}) < len(remembered.verdicts)
    this_month = str(flagged("now", 1))
    fast = tmp_path / "fast.json"
    with monkeypatch.context() as unread:
        unread.setattr(remembered_reports, "read_columns", None)
        unread.setattr(baseline_columns, "_unpaired", None)
        scan(this_month, "--as-of", "2026-11-23", "--baseline", str(last), "-o", str(fast))
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "another-cache"))
    read = tmp_path / "read.json"
    scan(this_month, "--as-of", "2026-11-23", "--baseline", str(last), "-o", str(read))
    assert fast.read_bytes() == read.read_bytes()
    assert '"change": "changed"' in read.read_text(encoding="utf-8")


def test_a_host_name_holding_the_separator_of_remembered_names_is_not_taken_for_two(
    remembering: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Remembered hosts are compared with this run's as one text, names joined by NUL: a
    name written with a NUL escape ("\\0") that makes the same text is another machine."""
    monkeypatch.setattr(outputs, "REMEMBERED_FINDINGS", 1)
    nothing = tmp_path / "nothing.json"
    scan(str(book(tmp_path / "nothing.csv", 1)), "--as-of", "2026-10-23", "-o", str(nothing))
    two = tmp_path / "two.yaml"
    two.write_text(
        "client: A\nhosts:\n"
        "  - {name: a, os: Microsoft Windows 10 Pro, os_version: 10.0.19045}\n"
        "  - {name: b, os: Microsoft Windows 10 Pro, os_version: 10.0.19045}\n",
        encoding="utf-8",
    )
    last = tmp_path / "last.json"
    scan(str(two), "--as-of", "2026-10-23", "--baseline", str(nothing), "-o", str(last))
    assert recall(str(last)) is not None
    one = tmp_path / "one.yaml"
    one.write_text(
        'client: A\nhosts:\n  - {name: "a\\0A\\0b", os: Microsoft Windows 10 Pro, '
        "os_version: 10.0.19045}\n",
        encoding="utf-8",
    )
    remembered_run = CliRunner().invoke(
        cli, ["scan", str(one), "--as-of", "2026-11-23", "--baseline", str(last), "-f", "json"]
    )
    assert remembered_run.exception is None or isinstance(remembered_run.exception, SystemExit)
    for kept in remembering.glob("report-columns-*.marshal"):
        kept.unlink()
    read_run = CliRunner().invoke(
        cli, ["scan", str(one), "--as-of", "2026-11-23", "--baseline", str(last), "-f", "json"]
    )
    assert remembered_run.stdout == read_run.stdout
    assert '"change": "new"' in read_run.stdout


def test_a_copied_report_read_whole_is_remembered_for_its_next_baseline(
    remembering: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report from elsewhere (a CI artifact, a copy) is read whole the first time only:
    the next ``--baseline`` of that file recalls what the first read, and compares as
    reading it does. A copy touched since is read whole again."""
    last = month(tmp_path, "2026-10", 800, "2026-10-23")
    copy = tmp_path / "copy.json"
    copy.write_bytes(last.read_bytes())
    assert recall(str(copy)) is None
    november = str(book(tmp_path / "november.csv", 800, month=1))
    first = tmp_path / "first.json"
    scan(november, "--as-of", "2026-11-23", "--baseline", str(copy), "-o", str(first))
    remembered = recall(str(copy))
    whole = baseline_columns.read_columns(str(copy))
    assert remembered is not None and whole is not None
    assert remembered.in_report_order and remembered.counts() == whole.counts()
    lines = range(len(whole.line_hosts))
    assert list(map(remembered.entry, lines)) == list(map(whole.entry, lines))
    again = tmp_path / "again.json"
    with monkeypatch.context() as unread:  # the copy's findings are not read again
        unread.setattr(remembered_reports, "read_columns", None)
        scan(november, "--as-of", "2026-11-23", "--baseline", str(copy), "-o", str(again))
    assert again.read_bytes() == first.read_bytes()
    assert '"change": "new"' in again.read_text(encoding="utf-8")
    info = copy.stat()
    os.utime(copy, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000))  # edited since
    assert recall(str(copy)) is None


def test_a_report_that_changes_while_it_is_read_is_not_remembered(
    remembering: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was read may be neither the file before nor the file after: it is used for
    this run and kept for none."""
    last = month(tmp_path, "2026-10", 200, "2026-10-23")
    copy = tmp_path / "copy.json"
    copy.write_bytes(last.read_bytes())
    read = baseline_columns.read_columns

    def read_then_touch(path: str) -> baseline_columns.BaselineColumns | None:
        columns = read(path)
        info = os.stat(path)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000))
        return columns

    monkeypatch.setattr(remembered_reports, "read_columns", read_then_touch)
    assert remembered_reports.recall_or_read(str(copy)) is not None
    assert recall(str(copy)) is None
    monkeypatch.setattr(remembered_reports, "read_columns", read)
    assert remembered_reports.recall_or_read(str(copy)) is not None
    assert recall(str(copy)) is not None


def test_a_small_report_read_whole_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    last = month(tmp_path, "last", 100, "2026-10-23")
    assert remembered_reports.recall_or_read(str(last)) is not None
    assert recall(str(last)) is None
    assert not list((tmp_path / "cache").glob("report-columns-*"))
