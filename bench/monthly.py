"""A month of an MSP's book: 200 client folders from cron, figures for docs/performance.md.

    python bench/monthly.py                  # generate the book once, run, print the figures
    python bench/monthly.py --clients 50     # a smaller book

The book imitates issue #20's: 200 clients, 7,644 hosts, 55,350 items, one folder per client
holding its native CSV (the mix of bench/generate_inventory.py); then the same book with a
``client.toml`` in every client folder, and as one YAML file a machine. Each run is a child
process of this virtual environment, as cron would start it; wall time is the median of
``--repeat`` runs, memory the child's peak resident set, sizes what the run left in the
reports folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate_inventory import rows  # noqa: E402  (a script beside this one)

OUT = BENCH / "out"
AS_OF = "2026-11-23"
EOLSCAN = [str(Path(sys.executable).parent / "eolscan")]
HEADER = ["client", "host", "kind", "name", "version", "extended_support"]


def make_machine_files(root: Path, clients: int, hosts: int, items: int, seed: int = 20) -> Path:
    """``root/machines/<client>/<host>.yaml``: the same book as one native YAML export a
    machine, as agents that report per machine leave it."""
    book = root / "machines"
    if book.is_dir():
        shutil.rmtree(book)
    machines: dict[tuple[str, str], dict[str, Any]] = {}
    for client, host, kind, name, version, extended in rows(hosts, items - hosts, clients, seed):
        if kind == "os":
            machines[client, host] = {
                "name": host,
                "os": name,
                "os_version": version,
                "extended_support": bool(extended),
                "software": [],
            }
        else:
            machines[client, host]["software"].append({"name": name, "version": version})
    for (client, host), entry in machines.items():
        folder = book / client.lower().replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        text = f"client: {client}\nhosts:\n  - {json.dumps(entry)}\n"
        (folder / f"{host.lower()}.yaml").write_text(text, encoding="utf-8")
    return book


def make_book(root: Path, clients: int, hosts: int, items: int, seed: int = 20) -> Path:
    """``root/clients/<client>/inventory.csv``: every client's rows in its own folder."""
    book = root / "clients"
    if book.is_dir():
        shutil.rmtree(book)
    by_client: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows(hosts, items - hosts, clients, seed):
        by_client[row[0]].append(row)
    for client, found in by_client.items():
        folder = book / client.lower().replace(" ", "-")
        folder.mkdir(parents=True)
        with (folder / "inventory.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(found)
    return book


CLIENT_TOML = """name = "{name}"
contacts = ["IT contact <it@{slug}.example>"]

[[ignore]]
name = "Microsoft Visual C++ 20*Redistributable*"
reason = "runtime installed and patched with the applications that need it"
"""


def settle_clients(book: Path) -> None:
    """A ``client.toml`` in every client folder, as an MSP keeps them: a name, a contact
    and one ignore that covers only that folder's files."""
    for folder in sorted(book.iterdir()):
        text = CLIENT_TOML.format(name=folder.name.replace("-", " ").title(), slug=folder.name)
        (folder / "client.toml").write_text(text, encoding="utf-8")


def measure(args: list[str], cwd: Path) -> tuple[float, int, int, float, float]:
    """(wall seconds, peak RSS in MiB, exit code, CPU seconds, user CPU seconds) of one run
    in its own process (user CPU is eolscan's own work, without the kernel's writing)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime, usage.ru_utime)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *EOLSCAN, *args], cwd=cwd, capture_output=True, text=True
    )
    wall, peak, code, cpu, user = done.stdout.split()
    return float(wall), int(peak) // 1024, int(code), float(cpu), float(user)


def run_case(name: str, args: list[str], cwd: Path, repeat: int) -> dict[str, Any]:
    """The median wall time and the largest peak memory over ``repeat`` runs."""
    results = [measure(args, cwd) for _ in range(repeat)]
    reports = cwd / "reports"
    files = list(reports.iterdir()) if reports.is_dir() else []
    sizes: dict[str, int] = defaultdict(int)
    for path in files:
        sizes[path.suffix] += path.stat().st_size
    figure = {
        "case": name,
        "wall_s": round(statistics.median(r[0] for r in results), 2),
        "cpu_s": round(statistics.median(r[3] for r in results), 2),
        "user_s": round(statistics.median(r[4] for r in results), 2),
        "peak_rss_mb": max(r[1] for r in results),
        "exit": results[-1][2],
        "files": len(files),
        "bytes_by_extension": dict(sorted(sizes.items())),
    }
    print(json.dumps(figure), flush=True)
    return figure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=7_644)
    parser.add_argument("--items", type=int, default=55_350)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    work = OUT / "monthly"
    work.mkdir(parents=True, exist_ok=True)
    make_book(work, args.clients, args.hosts, args.items)
    base = ["scan", "clients/", "--as-of", AS_OF, "--fail-on", "never"]
    cases = [
        ("plain scan, JSON to stdout", [*base, "-f", "json"]),
        ("--output-dir, JSON", [*base, "--output-dir", "reports", "-f", "json"]),
        ("--output-dir, table", [*base, "--output-dir", "reports", "-f", "table"]),
        ("--output-dir, HTML", [*base, "--output-dir", "reports", "-f", "html"]),
        (
            "the month: JSON, table, HTML",
            [*base, "--output-dir", "reports", "-f", "json,table,html"],
        ),
    ]
    figures = []
    for name, case in cases:
        shutil.rmtree(work / "reports", ignore_errors=True)
        figures.append(run_case(name, case, work, args.repeat))
    settle_clients(work / "clients")
    shutil.rmtree(work / "reports", ignore_errors=True)
    name = "plain scan, JSON to stdout, a client.toml in every client folder (one ignore)"
    figures.append(run_case(name, [*base, "-f", "json"], work, args.repeat))
    make_machine_files(work, args.clients, args.hosts, args.items)
    machines = ["scan", "machines/", "--as-of", AS_OF, "--fail-on", "never", "-f", "json"]
    name = "plain scan, JSON to stdout, one YAML file a machine (parses cached)"
    figures.append(run_case(name, machines, work, args.repeat))
    user = {figure["case"]: figure["user_s"] for figure in figures}
    ratio = user["--output-dir, table"] / user["--output-dir, JSON"]
    print(f"table / JSON files, user CPU: {ratio:.2f}x (goal: at most 2x)", flush=True)
    (OUT / "monthly.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
