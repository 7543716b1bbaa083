"""Run eolscan's benchmarks and print the figures the README's Performance section quotes.

    python bench/run.py                      # everything (generates the large inventory once)
    python bench/run.py --only startup,small # a subset
    python bench/run.py --hosts 10000        # a smaller large-scan run

Each benchmark runs eolscan as a user would, in a child process of this virtual
environment, next to a floor measured the same way (bare Python importing click, or a
bare ``csv.reader`` pass), and reports medians. The large scan runs pinned to one core
and reports the child's peak resident memory. Results also go to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
AS_OF = "2026-11-23"
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).parent / "eolscan"
EOLSCAN = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "eolscan"]


def machine() -> dict[str, Any]:
    """CPU model, core count and Python version: what the figures depend on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": platform.system(),
    }


def one_core() -> None:
    """Pin the child to one core, as the large-scan goal is stated."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def settle() -> None:
    """Write out what other files left in the page cache (the reports this benchmark made
    to compare with): the kernel flushing them during a timed run is not eolscan's cost."""
    if hasattr(os, "sync"):
        os.sync()


def run(
    argv: list[str],
    env: dict[str, str] | None = None,
    pin: bool = False,
    stdout: Path | None = None,
    cwd: Path | None = None,
) -> tuple[float, float, float, float]:
    """Run once; wall seconds, the child's peak RSS in MB, its CPU seconds (user + system)
    and its user CPU seconds alone (what eolscan's own code costs, without the kernel's
    work of writing the report)."""
    with tempfile.TemporaryFile() as errors, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=out, stderr=errors, env=env, cwd=cwd, preexec_fn=one_core if pin else None
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {message}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, usage.ru_utime


def median_of(
    argv: list[str],
    repeat: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
) -> float:
    """Median wall time over ``repeat`` runs (one untimed warm-up first)."""
    run(argv, env)
    times = []
    for _ in range(repeat):
        if before:
            before()
        times.append(run(argv, env)[0])
    return statistics.median(times)


def interleaved(
    commands: dict[str, list[str]], repeat: int, env: dict[str, str], cwd: Path | None = None
) -> dict[str, Any]:
    """Median wall and CPU seconds per command, running them in turn so that each sees the
    same load on the machine (a floor measured minutes apart from its target is not fair)."""
    for argv in commands.values():
        run(argv, env, cwd=cwd)
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            seconds, _, cpu_seconds, _ = run(argv, env, cwd=cwd)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
    return {n: (statistics.median(wall[n]), statistics.median(cpu[n])) for n in commands}


def ratio_row(
    name: str, measured: tuple[float, float], floor: tuple[float, float], goal: float
) -> dict[str, Any]:
    """One result: wall ms, and wall and CPU time as multiples of the floor's."""
    return {
        "name": name,
        "ms": round(measured[0] * 1000, 1),
        "ratio": round(measured[0] / floor[0], 2),
        "cpu_ratio": round(measured[1] / floor[1], 2),
        "goal": goal,
    }


def bench_startup(repeat: int, env: dict[str, str]) -> dict[str, Any]:
    """``--version`` and ``--help`` against ``python -c "import click"``."""
    times = interleaved(
        {
            "floor": [PYTHON, "-c", "import click"],
            "--version": [*EOLSCAN, "--version"],
            "--help": [*EOLSCAN, "--help"],
        },
        repeat,
        env,
    )
    rows = [
        ratio_row(f"eolscan {flag}", times[flag], times["floor"], 1.25)
        for flag in ("--version", "--help")
    ]
    return {
        "floor": 'python -c "import click"',
        "floor_ms": round(times["floor"][0] * 1000, 1),
        "rows": rows,
    }


def bench_small(repeat: int, env: dict[str, str]) -> dict[str, Any]:
    """A 25-host client inside an ``eolscan init`` repository (its settings and accepted-risk
    file found as a user's would be) to JSON, with the database cache warm and cold."""
    repo = init_repository(env)
    inventory = repo / "inventories" / "client-25.yaml"
    generate(["--hosts", "25", "--software-rows", "150", "--format", "yaml", "-o", str(inventory)])
    argv = [*EOLSCAN, "scan", str(inventory), "--format", "json", "--as-of", AS_OF]
    floor = [PYTHON, "-c", "import click, yaml"]
    times = interleaved({"floor": floor, "warm": argv}, repeat, env, cwd=repo)
    cold_dir = Path(tempfile.mkdtemp(prefix="eolscan-bench-cold-"))
    cold_env = {**env, "EOLSCAN_CACHE_DIR": str(cold_dir)}
    cold = median_of(
        argv,
        max(3, repeat // 5),
        cold_env,
        before=lambda: shutil.rmtree(cold_dir, ignore_errors=True),
    )
    shutil.rmtree(cold_dir, ignore_errors=True)
    floor = times["floor"]
    rows = [
        ratio_row("scan 25 hosts, json (cache warm)", times["warm"], floor, 2.5),
        {"name": "scan 25 hosts, json (cache cold)", "ms": round(cold * 1000, 1)},
    ]
    return {
        "floor": 'python -c "import click, yaml"',
        "floor_ms": round(floor[0] * 1000, 1),
        "rows": rows,
        "in_process_ms": in_process_costs(env),
    }


def in_process_costs(env: dict[str, str]) -> dict[str, float]:
    """Database load and rules compilation, timed inside one interpreter."""
    code = (
        "import time,json;t=time.perf_counter\n"
        "from eolscan.lifecycles.paths import bundled_db_path, rules_path\n"
        "from eolscan.lifecycles.store import load_db\n"
        "from eolscan.lifecycles.cache import load_cached\n"
        "from eolscan.matching.rules import compile_rules\n"
        "from eolscan.matching import Matcher\n"
        "from eolscan.matching.rules import load_rules\n"
        "a=t();db=load_db(bundled_db_path());b=t();doc=load_cached(rules_path());c=t()\n"
        "rules=compile_rules(doc,'rules',lazy=True);d=t();Matcher(db,rules);e=t()\n"
        "print(json.dumps({'db_load':(b-a)*1e3,'rules_load':(c-b)*1e3,'rules_compile':(d-c)*1e3,'matcher_index':(e-d)*1e3}))"
    )
    output = subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return {k: round(v, 1) for k, v in json.loads(output).items()}


def compile_package(env: dict[str, str]) -> None:
    """Write eolscan's bytecode as ``pip install`` does, even under PYTHONDONTWRITEBYTECODE."""
    code = (
        "import compileall, eolscan, os\n"
        "compileall.compile_dir(os.path.dirname(eolscan.__file__), quiet=1)"
    )
    subprocess.run([PYTHON, "-c", code], env=env, check=True)


def generate(args: list[str]) -> None:
    subprocess.run([PYTHON, str(BENCH / "generate_inventory.py"), *args], check=True)


def formats_available(env: dict[str, str]) -> list[str]:
    code = "from eolscan.formats.interface import FORMATS; print(' '.join(FORMATS))"
    return subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()


Configuration = tuple[str, list[str], Path, float, Callable[[], None] | None]
"""(name, eolscan arguments after ``scan``, the input to measure the floor on, goal, what
to do before each run, untimed)."""


def large_configurations(inventory: Path, env: dict[str, str]) -> list[Configuration]:
    """Every configuration users run on a large book, each made from the same rows."""
    native = str(inventory)
    short = derived(inventory, "no-flag", lambda row, _: row[:5], NATIVE_HEADER[:5])
    lansweeper = derived(inventory, "lansweeper", lansweeper_row, LANSWEEPER_HEADER)
    mapped = derived(inventory, "mapped", wide_row, MAPPED_HEADER)
    repo = init_repository(env)
    # last month's report, written as a monthly cron run writes it (compared with the month
    # before, so this eolscan remembers it), and a copy of it, as a report from another
    # machine is: read whole
    before = OUT / f"{inventory.stem}-two-months-ago.json"
    baseline = OUT / f"{inventory.stem}-baseline.json"
    for report, since in ((before, []), (baseline, ["--baseline", str(before)])):
        report.unlink(missing_ok=True)
        as_of = "2026-09-23" if report == before else "2026-10-23"
        with report.open("wb") as handle:
            subprocess.run(
                [*EOLSCAN, "scan", native, "-f", "json", "--as-of", as_of, *since],
                env=env,
                stdout=handle,
                check=False,
            )
    copied = OUT / f"{inventory.stem}-baseline-copy.json"
    shutil.copyfile(baseline, copied)

    def arrived(report: Path = copied) -> None:
        """The copy as if it had just arrived: a report read whole is remembered for its
        next ``--baseline``, so each run's copy is a file this eolscan has not read."""
        os.utime(report, ns=(time.time_ns(), time.time_ns()))

    return [
        ("native CSV to json", [native, "-f", "json"], inventory, 5, None),
        ("native CSV to csv", [native, "-f", "csv"], inventory, 5, None),
        # the table report rolls each client up by product (issue #20: at most 2x the JSON)
        ("native CSV to table", [native, "-f", "table"], inventory, 10, None),
        ("native CSV without extended_support", [str(short), "-f", "json"], short, 5, None),
        (
            "in an `eolscan init` repository, 20 accepted risks",
            [str(repo / "inventories" / inventory.name), "-f", "json"],
            inventory,
            5,
            None,
        ),
        (
            "with an overlay of 20 extended-support contracts",
            [native, "-f", "json", "--overlay", str(contracts_overlay())],
            inventory,
            5,
            None,
        ),
        (
            "with an accepted-risk file of 2,000 single-host entries",
            [native, "-f", "json", "--accept", str(single_host_risks())],
            inventory,
            5,
            None,
        ),
        (
            "with --baseline of last month",
            [native, "-f", "json", "--baseline", str(baseline)],
            inventory,
            5,
            None,
        ),
        (
            "with --baseline of last month's report copied from elsewhere (read whole)",
            [native, "-f", "json", "--baseline", str(copied)],
            inventory,
            5,
            arrived,
        ),
        (
            "the same copy again (remembered since its first read)",
            [native, "-f", "json", "--baseline", str(copied)],
            inventory,
            5,
            None,
        ),
        (
            "--preset lansweeper",
            [str(lansweeper), "--preset", "lansweeper", "-f", "json"],
            lansweeper,
            6,
            None,
        ),
        ("generic CSV with --map", [str(mapped), "--map", MAP, "-f", "json"], mapped, 6, None),
    ]


NATIVE_HEADER = ["client", "host", "kind", "name", "version", "extended_support"]
LANSWEEPER_HEADER = ["AssetName", "OSname", "Version", "softwareName", "softwareVersion"]
MAPPED_HEADER = ["Customer", "Computer", "Operating system", "OS version", "Program", "Ver"]
MAP = (
    "client=Customer,host=Computer,os=Operating system,os_version=OS version,"
    "name=Program,version=Ver"
)
Convert = Callable[[list[str], dict[str, list[str]]], "list[str] | None"]


def wide_row(row: list[str], state: dict[str, list[str]]) -> list[str] | None:
    """A native row as an RMM export writes it: the host's OS repeated on each software row."""
    client, host, kind, name, version = row[:5]
    if kind == "os":
        state["os"] = [name, version]
        return None
    return [client, host, *state.get("os", ["", ""]), name, version]


def lansweeper_row(row: list[str], state: dict[str, list[str]]) -> list[str] | None:
    """As ``wide_row``, without the client column (a Lansweeper report has none)."""
    wide = wide_row(row, state)
    return wide[1:] if wide else None


def derived(inventory: Path, label: str, convert: Convert, header: list[str]) -> Path:
    """The large inventory rewritten once into another export's shape, beside it."""
    import csv

    target = inventory.with_name(f"{inventory.stem}-{label}.csv")
    if target.exists():
        return target
    state: dict[str, list[str]] = {}
    with (
        inventory.open(newline="", encoding="utf-8") as source,
        target.open("w", newline="", encoding="utf-8") as out,
    ):
        rows = csv.reader(source)
        next(rows)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(new for row in rows if (new := convert(row, state)) is not None)
    return target


def init_repository(env: dict[str, str]) -> Path:
    """An ``eolscan init`` repository whose accepted-risk file holds 20 entries."""
    repo = OUT / "init-repo"
    if not repo.exists():
        subprocess.run([*EOLSCAN, "init", str(repo)], env=env, check=True, capture_output=True)
        products = ["windows", "windows-server", "php", "mssqlserver", "office"]
        entries = [
            f"  - {{client: 'Client {n * 7:04d}', product: {products[n % 5]}, "
            f"reason: replacement ordered, owner: ops, until: 2027-0{1 + n % 9}-01}}"
            for n in range(20)
        ]
        (repo / "eolscan-accept.yaml").write_text("accept:\n" + "\n".join(entries) + "\n")
    return repo


CONTRACTED = [
    ("windows-server", "2012-r2"),
    ("windows-server", "2016"),
    ("mssqlserver", "12.0-sp3"),
    ("windows", "10-22h2"),
    ("office", "2016"),
]
"""Releases the generated book runs that a client may have paid extended support for."""


def contracts_overlay() -> Path:
    """An overlay holding 20 extended-support contracts, each for some hosts of one client
    (an MSP records the ESU its clients bought this way)."""
    overlay = OUT / "contracts-overlay.yaml"
    entries = [
        f"  - {{client: 'Client {n * 23:04d}', host: 'HOST-0{n % 10}*', "
        f"product: {product}, cycle: '{cycle}', until: 2027-0{1 + n % 9}-01}}"
        for n, (product, cycle) in enumerate(CONTRACTED * 4)
    ]
    overlay.write_text("contracts:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return overlay


SINGLE_HOST_RISKS = 2_000


def single_host_risks() -> Path:
    """An accepted-risk file of 2,000 entries, each for one machine (four machines in each
    of 500 clients), as an MSP records a risk a client accepted for one old server."""
    path = OUT / "accept-single-hosts.yaml"
    products = ("windows", "windows-server", "php", "mssqlserver", "office")
    lines = ["accept:"]
    for n in range(SINGLE_HOST_RISKS):
        client, nth = n % 500, n // 500
        host = client + 500 * (nth * 37 % 200)
        lines.append(
            f"  - {{client: 'Client {client:04d}', host: 'HOST-{host:06d}', "
            f"product: {products[n % 5]}, reason: replacement ordered, until: 2027-01-01}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def floor_code(inventory: Path) -> str:
    return (
        f"import csv\nwith open({str(inventory)!r}, newline='', encoding='utf-8') as f:\n"
        "    for row in csv.reader(f): pass"
    )


def bench_large(hosts: int, software_rows: int, repeat: int, env: dict[str, str]) -> dict[str, Any]:
    """The whole book of business in every configuration users run, on one core."""
    inventory = OUT / f"large-{hosts}-{software_rows}.csv"
    if not inventory.exists():
        generate(
            ["--hosts", str(hosts), "--software-rows", str(software_rows), "-o", str(inventory)]
        )
    configurations = large_configurations(inventory, env)
    repo_copy = OUT / "init-repo" / "inventories" / inventory.name
    if not repo_copy.exists():
        shutil.copy(inventory, repo_copy)
    rows = []
    floors_by_input: dict[Path, list[tuple[float, float, float, float]]] = {}
    for name, args, floor_input, goal, prepare in configurations:
        code = floor_code(floor_input)
        output = OUT / "large-report.out"
        argv = [*EOLSCAN, "scan", *args, "--as-of", AS_OF]
        cwd = OUT / "init-repo" if "init" in name else None
        results, floors = [], []
        for _ in range(repeat):
            # The floor and the scan in turn, so both see the machine's load of the same
            # minutes; medians of each. The report goes to one file, emptied by ``run``
            # before its clock starts: a new file each run would be a new remembered
            # report each time, crowding last month's out of the cache.
            if prepare is not None:
                prepare()
            settle()
            floors.append(run([PYTHON, "-c", code], env, pin=True))
            results.append(run(argv, env, pin=True, stdout=output, cwd=cwd))
        floors_by_input.setdefault(floor_input, []).extend(floors)
        measured = (
            statistics.median(r[0] for r in results),
            statistics.median(r[2] for r in results),
        )
        floor = statistics.median(r[0] for r in floors)
        row = ratio_row(name, measured, (floor, statistics.median(r[2] for r in floors)), goal)
        user = statistics.median(r[3] for r in results)
        row["user_s"] = round(user, 2)
        row["user_ratio"] = round(user / statistics.median(r[3] for r in floors), 2)
        row["peak_rss_mb"] = round(max(r[1] for r in results))
        row["cpu_s"] = round(measured[1], 2)
        row["output_mb"] = round(output.stat().st_size / 1e6)
        rows.append(row)
    return {
        "floor": "csv.reader pass over the same file",
        "floor_ms": round(statistics.median(r[0] for r in floors_by_input[inventory]) * 1000, 1),
        "rows": rows,
        "input": f"{hosts:,} hosts / {software_rows:,} software rows",
        "input_mb": round(inventory.stat().st_size / 1e6, 1),
    }


def bench_recognition(env: dict[str, str]) -> dict[str, Any] | None:
    """Delegates to bench/bench_recognition.py when present."""
    script = BENCH / "bench_recognition.py"
    if not script.exists():
        return None
    output = subprocess.run(
        [PYTHON, str(script)], env=env, capture_output=True, text=True, check=True
    )
    return {"output": output.stdout.strip()}


def serve_snapshot(snapshot: Path) -> tuple[Any, str]:
    """Serve the API snapshot on 127.0.0.1 as the live API answers: path P -> P/index.json."""
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(snapshot), **kwargs)

        def do_GET(self) -> None:
            target = (snapshot / self.path.split("?")[0].strip("/") / "index.json").resolve()
            if not target.is_file() or not target.is_relative_to(snapshot.resolve()):
                self.send_error(404)
                return
            body = target.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/api/v1"


def bench_db_build(shared: Path, repeat: int, env: dict[str, str]) -> dict[str, Any] | None:
    """``eolscan db build`` from the offline snapshot, and over HTTP as a refresh converts it."""
    snapshot = shared / "endoflife-api"
    if not snapshot.is_dir():
        return None
    target = Path(tempfile.mkdtemp(prefix="eolscan-bench-db-")) / "lifecycles.yaml"
    build = [*EOLSCAN, "db", "build", "-o", str(target), "--from"]
    local = median_of([*build, str(snapshot)], repeat, env)
    server, url = serve_snapshot(snapshot)
    try:
        fetched = median_of([*build, url], repeat, env)
    finally:
        server.shutdown()
    shutil.rmtree(target.parent, ignore_errors=True)
    return {
        "rows": [
            {"name": "db build --from the endoflife-api snapshot", "ms": round(local * 1000, 1)},
            {
                "name": "db build --from the snapshot over HTTP on 127.0.0.1",
                "ms": round(fetched * 1000, 1),
            },
        ]
    }


def report(results: dict[str, Any]) -> None:
    """Human-readable figures on stdout."""
    print(f"machine: {results['machine']}")
    for name, section in results.items():
        if not isinstance(section, dict) or name == "machine":
            continue
        print(
            f"\n{name}"
            + (
                f"  (floor: {section['floor']} = {section['floor_ms']} ms)"
                if "floor" in section
                else ""
            )
        )
        for row in section.get("rows", []):
            extra = ""
            if "ratio" in row:
                extra = f"  {row['ratio']}x floor, CPU {row['cpu_ratio']}x (goal {row['goal']}x)"
            if "cpu_s" in row:
                extra += f"  CPU {row['cpu_s']} s"
            if "user_s" in row:
                extra += f" (user {row['user_s']} s, {row['user_ratio']}x)"
            if "peak_rss_mb" in row:
                extra += f"  peak RSS {row['peak_rss_mb']} MB"
            print(f"  {row['name']:<58} {row['ms']:>9.1f} ms{extra}")
        for key in ("in_process_ms", "output"):
            if key in section:
                print(f"  {key}: {section[key]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="startup,small,large,recognition,db", help="comma-separated benchmarks"
    )
    parser.add_argument(
        "--repeat", type=int, default=30, help="runs per start-up/small measurement (median)"
    )
    parser.add_argument("--large-repeat", type=int, default=1)
    parser.add_argument("--hosts", type=int, default=100_000)
    parser.add_argument("--software-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--shared", default=os.environ.get("EOLSCAN_SHARED", str(REPO.parent / "shared"))
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    cache = OUT / "cache"
    env = {**os.environ, "EOLSCAN_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("EOLSCAN_DB", None)
    compile_package(env)
    results: dict[str, Any] = {"machine": machine()}
    if "startup" in only:
        results["startup"] = bench_startup(args.repeat, env)
    if "small" in only:
        results["small scan"] = bench_small(args.repeat, env)
    if "large" in only:
        results["large scan"] = bench_large(args.hosts, args.software_rows, args.large_repeat, env)
    if "recognition" in only and (recognition := bench_recognition(env)):
        results["recognition"] = recognition
    if "db" in only:
        built = bench_db_build(Path(args.shared), 3, env)
        if built is None:
            print(
                f"database build skipped: no {args.shared}/endoflife-api (use --shared)",
                file=sys.stderr,
            )
        else:
            results["database build"] = built
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
