"""What a report file per client costs in reading its own ``--baseline`` differences.

``scan --output-dir`` writes each client's files with only that client's differences. With
a comparison of millions of differences on disk (a baseline from another book, every
finding new or resolved) across 500 clients, filtering the whole comparison once per client
read every difference 500 times. This bench makes such a comparison (bench_limits.py's
``baseline-other`` inputs: N rows against N others, 500 clients) and times, in CPU seconds,
reading every client's differences as ``Changes.for_client`` gives them, against the old
whole-comparison filter for a few clients (scaled to all of them); then the CPU seconds of
writing the whole report in each of ``--formats`` with the comparison (to the null device).

Run: ``python bench/bench_client_baseline.py [--rows N] [--sample K] [--formats a,b]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date

from bench_limits import OUT, write_distinct, write_report

from eolscan.app.scan import ScanRequest, run_scan
from eolscan.formats.interface import RenderOptions, get_format
from eolscan.judgement.changes import Changes
from eolscan.judgement.policy import Policy
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules


def read_all(changes: Changes) -> int:
    """Every difference of ``changes``, decoded, as a client's files read them."""
    return sum(1 for _ in changes.deltas.values()) + sum(1 for _ in changes.resolved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--sample", type=int, default=3)
    parser.add_argument("--formats", default="json,table,markdown,html")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    path, other = OUT / f"distinct-{args.rows}.csv", OUT / f"other-{args.rows}.csv"
    saved = OUT / f"distinct-{args.rows}-last-month.json"
    if not path.exists():
        write_distinct(path, args.rows)
    if not saved.exists():
        write_report(path, saved)
    if not other.exists():
        write_distinct(other, args.rows, "OTHER")
    db = load_db(bundled_db_path())
    matcher = Matcher(db, load_rules(rules_path()))
    policy = Policy(as_of=date.fromisoformat("2026-11-23"))
    request = ScanRequest((str(other),), policy, db, matcher, baseline=str(saved))
    result = run_scan(request)
    changes = result.changes
    assert changes is not None
    clients = sorted(result.report.clients())
    start = time.process_time()
    per_client = sum(read_all(changes.for_client(client)) for client in clients)
    split = time.process_time() - start
    start = time.process_time()
    for client in clients[: args.sample]:  # the filter each client's files once made
        deltas = {k: d for k, d in changes.deltas.items() if d.entry.client == client}
        resolved = [d for d in changes.resolved if d.entry.client == client]
        read_all(Changes(changes.since, changes.source, deltas, resolved))
    filtered = (time.process_time() - start) * len(clients) / args.sample
    figures = {
        "differences": read_all(changes),
        "clients": len(clients),
        "read_by_client": per_client,
        "for_client_cpu_s": round(split, 1),
        "filter_per_client_cpu_s_scaled": round(filtered, 1),
    }
    for name in filter(None, args.formats.split(",")):
        start = time.process_time()
        with open(os.devnull, "w", encoding="utf-8") as out:
            get_format(name, RenderOptions(changes=changes)).render(result.report, out)
        figures[f"{name}_cpu_s"] = round(time.process_time() - start, 1)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
