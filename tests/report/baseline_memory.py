"""What a large ``--baseline`` comparison allocates, measured in a fresh interpreter.

tracemalloc's figures taken inside the test process moved with what earlier tests had left
in caches (706-924 bytes a difference after the whole suite, 3-155 alone), so the memory
tests run this module in a child process instead (``memory_of`` below):
``python -m tests.report.baseline_memory SCENARIO SMALL LARGE`` builds last month's saved
report and this month's stream at both sizes, lowers the spill limits as the tests do
(hundreds stand in for millions), runs the comparison once at the large size so that what
fills once per process (interned names, bounded caches) is full, then measures the small
and the large comparison and prints one JSON line: for each size, what the comparison left
allocated (the Changes it returned still held) and the most it allocated at once.
"""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

from eolscan.formats.json_format import JsonFormat
from eolscan.judgement.policy import Policy
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import AssetRow, Kind
from eolscan.report import baseline_join, delta_table, findings, resolved_spool, verdict_store
from eolscan.report.baseline_join import compare_report
from eolscan.report.findings import FindingStream
from eolscan.report.report import Report
from eolscan.report.scan import scan_report

ROOT = Path(__file__).resolve().parents[2]
RESOLVED_ELSEWHERE = (Kind.SOFTWARE, "PHP", "7.4.33")
"""The one item of ``resolved``'s current run (on a host last month did not have)."""


def distinct(count: int, seed: int) -> list[AssetRow]:
    """Every row its own item; a few move to a new version between the runs."""
    return [
        (
            f"Client {n % 7}",
            f"HOST-{n // 5:05d}",
            (Kind.SOFTWARE, f"Vendor App {n} Suite", f"{n % 13}.{seed * (n % 97 == 0)}", False),
            "distinct.csv",
            n + 2,
            (),
            "",
        )
        for n in range(count)
    ]


def elsewhere(count: int) -> list[AssetRow]:
    """One finding on a new host in each of the seven clients: every finding of last month
    is resolved, its client remaining."""
    del count
    return [
        (f"Client {n}", "ELSEWHERE", (*RESOLVED_ELSEWHERE, False), "other.csv", n + 2, (), "")
        for n in range(7)
    ]


def moved(count: int) -> list[AssetRow]:
    """``distinct`` rows on other hosts than last month's: every finding new or resolved."""
    return [(c, f"OTHER-{h}", *rest) for c, h, *rest in distinct(count, 2)]  # type: ignore[misc]


def report(matcher: Matcher, rows: list[AssetRow], as_of: str) -> Report:
    policy = Policy(as_of=date.fromisoformat(as_of))
    return scan_report(iter(rows), matcher, policy, matcher.db.info())


def saved(folder: Path, earlier: Report) -> Path:
    """``earlier`` written as a JSON report, last month's."""
    path = folder / "last-month.json"
    out = io.StringIO()
    JsonFormat().render(earlier, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _lowered() -> None:
    """The spill limits the tests lower: verdicts, differences and resolved findings go
    to disk past a few hundred, the table is written and sorted runs are merged 64 records
    at a time."""
    findings.VERDICTS_IN_MEMORY = 300
    verdict_store._RECENT = 256
    baseline_join.CHUNK = 64
    delta_table.IN_MEMORY = 300
    delta_table._BATCH = 64
    resolved_spool.IN_MEMORY = 200
    resolved_spool._CHUNK = 32


SCENARIOS: dict[str, Callable[[int], list[AssetRow]]] = {
    "distinct": lambda count: distinct(count, 2),
    "resolved": elsewhere,
    "elsewhere": moved,
}
"""This month's rows against last month's ``distinct(count, 1)``."""


def _measure(path: Path, stream: FindingStream) -> dict[str, object]:
    tracemalloc.start()
    try:
        # what the Changes keep: each run's hosts per client, counted on the way, are
        # dropped (they grow with hosts, not with findings)
        joined, _, _ = compare_report(str(path), stream, 1_000)
        _ = None
        gc.collect()  # what the comparison keeps, not garbage not yet collected
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    deltas, resolved = joined.deltas, joined.resolved
    return {
        "kept": kept,
        "peak": peak,
        "deltas_on_disk": isinstance(deltas, delta_table.DeltaTable),
        "resolved_on_disk": isinstance(resolved, resolved_spool.ResolvedSpool) and resolved.spilled,
    }


def main(argv: list[str]) -> int:
    scenario, small, large = argv[0], int(argv[1]), int(argv[2])
    _lowered()
    matcher = Matcher(load_db(bundled_db_path()), load_rules(rules_path()))
    with tempfile.TemporaryDirectory(prefix="eolscan-memory-") as folder:
        runs = []
        for count in (small, large):
            place = Path(folder) / str(count)
            place.mkdir()
            path = saved(place, report(matcher, distinct(count, 1), "2026-10-23"))
            stream = report(matcher, SCENARIOS[scenario](count), "2026-11-23").findings
            assert isinstance(stream, FindingStream)
            runs.append((path, stream))
        _measure(*runs[1])  # what fills once per process is full before measuring
        figures = [_measure(*run) for run in runs]
    print(json.dumps({"small": figures[0], "large": figures[1]}))
    return 0


def memory_of(scenario: str, small: int, large: int) -> tuple[dict[str, int], dict[str, int]]:
    """``scenario``'s figures at both sizes, from a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.report.baseline_memory", scenario, str(small), str(large)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.splitlines()[-1])
    return figures["small"], figures["large"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
