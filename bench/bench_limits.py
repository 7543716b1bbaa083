"""Peak memory and time on the hostile-size inputs of issue #18, each in a child process.

* ``distinct``: a native CSV whose every row is its own item (a unique name and version),
  1,500,000 rows by default: the verdict cache and the report must stay bounded
  (docs/security.md: goal 300 MB; 4.1 GB before the bound);
* ``baseline-other``: the same number of rows on other hosts, scanned with ``--baseline``
  of the ``distinct`` rows' report a month earlier: every finding new or resolved (3M
  differences at the default size; docs/security.md: goal 300 MB);
* ``flow-yaml``: 200,000 hosts written as flow-style (JSON-like) YAML, one host a line:
  refused at once with one line and exit 3 (it is over the YAML size limit), where it
  once took 16 s and 800 MB.

Run: ``python bench/bench_limits.py [--rows N] [--hosts N] [--only distinct,flow-yaml]``.
Inputs are generated once into bench/out/. POSIX only (peak RSS from ``wait4``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
AS_OF = "2026-11-23"
GOAL_MB = 300


def write_distinct(path: Path, rows: int, host_prefix: str = "HOST") -> None:
    """Every row its own item: 10 rows a host, hosts spread over 500 clients."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["client", "host", "kind", "name", "version", "extended_support"])
        for row in range(rows):
            host = row // 10
            writer.writerow(
                [
                    f"Client {host % 500:04d}",
                    f"{host_prefix}-{host:07d}",
                    "software",
                    f"Vendor App {row} Suite",
                    f"{row % 97}.{row % 13}.{row}",
                    "",
                ]
            )


def write_flow_yaml(path: Path, hosts: int) -> None:
    """The native YAML format, each host a JSON-style flow mapping on its own line."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("client: Bench Client\nhosts:\n")
        for index in range(hosts):
            entry = {
                "name": f"HOST-{index:06d}",
                "os": "Microsoft Windows Server 2019 Datacenter",
                "os_version": "10.0.17763",
                "software": [{"name": "Google Chrome", "version": "131.0.6778.86"}],
            }
            handle.write(f"  - {json.dumps(entry)}\n")


def write_report(inventory: Path, report: Path) -> None:
    """Last month's JSON report of ``inventory`` (the baseline of ``baseline-other``)."""
    command = [sys.executable, "-m", "eolscan", "scan", str(inventory), "--format", "json"]
    with report.open("wb") as out:
        subprocess.run([*command, "--as-of", "2026-10-23"], stdout=out, check=False)


def measure(inventory: Path, *options: str) -> dict[str, object]:
    """Scan ``inventory`` to JSON in a child process: wall seconds, peak RSS, exit code and
    the last line of stderr."""
    command = [sys.executable, "-m", "eolscan", "scan", str(inventory), "--format", "json"]
    command += options
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as report:
        start = time.perf_counter()
        process = subprocess.Popen([*command, "--as-of", AS_OF], stdout=report, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        lines = errors.read().decode(errors="replace").strip().splitlines()
    return {
        "input_mb": round(inventory.stat().st_size / 1e6, 1),
        "seconds": round(elapsed, 1),
        "user_s": round(usage.ru_utime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "goal_mb": GOAL_MB,
        "exit": os.waitstatus_to_exitcode(status),
        "stderr": lines[-1] if lines else "",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_500_000)
    parser.add_argument("--hosts", type=int, default=200_000)
    parser.add_argument("--only", default="distinct,baseline-other,flow-yaml")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    only = set(args.only.split(","))
    results = {}
    if "distinct" in only:
        path = OUT / f"distinct-{args.rows}.csv"
        if not path.exists():
            write_distinct(path, args.rows)
        results[f"{args.rows:,} distinct rows (native CSV) to JSON"] = measure(path)
    if "baseline-other" in only:
        path = OUT / f"distinct-{args.rows}.csv"
        if not path.exists():
            write_distinct(path, args.rows)
        saved = OUT / f"distinct-{args.rows}-last-month.json"
        if not saved.exists():
            write_report(path, saved)
        other = OUT / f"other-{args.rows}.csv"
        if not other.exists():
            write_distinct(other, args.rows, "OTHER")
        name = f"{args.rows:,} rows with --baseline of {args.rows:,} others to JSON"
        results[name] = measure(other, "--baseline", str(saved))
    if "flow-yaml" in only:
        path = OUT / f"flow-{args.hosts}.yaml"
        if not path.exists():
            write_flow_yaml(path, args.hosts)
        results[f"{args.hosts:,} hosts in flow-style YAML"] = measure(path)
    for name, result in results.items():
        print(f"{name}: {json.dumps(result)}")
    (OUT / "limits.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
