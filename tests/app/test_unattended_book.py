"""The docs' crontab and systemd unit, run as cron runs them, over a generated book of clients.

No terminal, a minimal environment (cron's short PATH, no LANG), the documented command line
taken from docs/automation.md with only the install path and the folder replaced. Each
situation of issue #20's table: what reaches stderr (what cron mails), the exit code, and
which files exist afterwards.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.skipif(os.name == "nt", reason="cron and systemd are POSIX")

AUTOMATION = (REPO / "docs" / "automation.md").read_text(encoding="utf-8")
FRESH = "2026-08-24"
"""A day when the bundled lifecycle data is current (its newest release is 2026-08-21, and no
product's newest cycle has ended yet: Chrome 151 ends on 2026-08-25)."""
STALE = "2026-12-06"
"""Three and a half months later, with the same data."""
CLIENTS = 40

HOSTS = [
    ("Microsoft Windows 10 Pro", "10.0.19045", [("Google Chrome", "128.0.6613.120")]),
    ("Microsoft Windows 11 Pro", "10.0.22631", [("PHP", "8.3.11")]),
    ("Microsoft Windows Server 2012 R2 Standard", "6.3.9600", []),
    ("Ubuntu 22.04.4 LTS", "", [("PHP", "8.1.2")]),
]


def client_csv(name: str, hosts: int = 4) -> str:
    """A client's native CSV: an OS row and its software rows per host."""
    lines = ["client,host,kind,name,version"]
    for number in range(hosts):
        os_name, version, software = HOSTS[number % len(HOSTS)]
        host = f"{name[:3].upper()}-{number:02}"
        lines.append(f"{name},{host},os,{os_name},{version}")
        lines += [f"{name},{host},software,{item},{ver}" for item, ver in software]
    return "\n".join(lines) + "\n"


def client_name(number: int) -> str:
    return f"Client {number:03}"


def client_slug(number: int) -> str:
    return f"client-{number:03}"


def make_book(root: Path, clients: int = CLIENTS) -> Path:
    """``root/clients/<slug>/inventory.csv`` for each client: one folder per client."""
    book = root / "clients"
    for number in range(clients):
        folder = book / client_slug(number)
        folder.mkdir(parents=True)
        (folder / "inventory.csv").write_text(client_csv(client_name(number)), encoding="utf-8")
    return book


def shim(directory: Path) -> Path:
    """Stands where the docs install eolscan (``/opt/eolscan/bin/eolscan``): runs this
    checkout's eolscan; ``db update`` either finds the data current, as a month without news
    does, or really runs against a closed port on 127.0.0.1 (tests use no other network)."""
    path = directory / "eolscan"
    path.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "from eolscan.cli.main import main\n"
        "if sys.argv[1:3] == ['db', 'update']:\n"
        "    if os.environ.get('SHIM_UPDATE') != 'fail':\n"
        "        print('database is up to date: (test)', file=sys.stderr)\n"
        "        sys.exit(0)\n"
        "    sys.argv += ['--url', 'http://127.0.0.1:9/api/v1', '--retries', '0',\n"
        "                 '--timeout', '2', '--db', os.environ['SHIM_DB']]\n"
        "main()\n",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def crontab_command() -> str:
    """The monthly line of the docs' crontab, without its schedule."""
    line = next(line for line in AUTOMATION.splitlines() if line.startswith("17 "))
    return re.split(r"\s+", line, maxsplit=5)[5]


def service_command() -> str:
    """The systemd unit's ExecStart= line."""
    found = re.search(r"^ExecStart=(.+)$", AUTOMATION, re.M)
    assert found is not None
    return found.group(1)


@pytest.fixture
def work() -> Iterator[Path]:
    """A world-readable scratch folder (the unreadable-folder case runs as another user)."""
    root = Path(tempfile.mkdtemp(prefix="eolscan-cron-"))
    root.chmod(0o777)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def cron_env(root: Path, as_of: str, **extra: str) -> dict[str, str]:
    """What cron gives a job: a short PATH, HOME, SHELL and LOGNAME; no LANG, no terminal.
    ``EOLSCAN_AS_OF`` fixes the date, a documented setting, so the files are dated."""
    cache = root / "cache"
    cache.mkdir(exist_ok=True)
    cache.chmod(0o777)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
        "SHELL": "/bin/sh",
        "LOGNAME": "eolscan",
        "EOLSCAN_AS_OF": as_of,
        "EOLSCAN_CACHE_DIR": str(cache),
        "SHIM_DB": str(root / "user-db" / "lifecycles.yaml"),
        **extra,
    }


def run_cron(
    root: Path, command: str, as_of: str, user: int | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run a documented command line as cron would: ``sh -c`` in the book's folder."""
    line = command.replace("/opt/eolscan/bin/eolscan", str(shim(root))).replace(
        "cd /srv/inventories", f"cd {root}"
    )
    return subprocess.run(
        ["/bin/sh", "-c", line],
        cwd=root,
        env=cron_env(root, as_of, **extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        user=user,
    )


def reports(root: Path) -> list[str]:
    folder = root / "reports"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def index(root: Path) -> dict[str, object]:
    document: dict[str, object] = json.loads((root / "reports" / "index.json").read_text())
    return document


def expected_files(as_of: str, clients: int = CLIENTS) -> list[str]:
    names = [f"{client_slug(n)}-{as_of}.{ext}" for n in range(clients) for ext in ("json", "txt")]
    return sorted([*names, "index.html", "index.json", "index.md"])


def test_a_good_month_mails_nothing_and_writes_every_file(work: Path) -> None:
    make_book(work)
    result = run_cron(work, crontab_command(), FRESH)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert reports(work) == expected_files(FRESH)
    summary = index(work)
    assert summary["complete"] is True and summary["exit_status"] == 0
    assert summary["warnings"] == []
    assert summary["counts"]["clients"] == CLIENTS  # type: ignore[index]


def test_the_systemd_unit_fails_only_on_warnings_or_broken_input(work: Path) -> None:
    make_book(work)
    result = run_cron(work, service_command(), FRESH)
    assert (result.returncode, result.stderr) == (1, "")  # findings: SuccessExitStatus=1
    assert "SuccessExitStatus=1" in AUTOMATION and "ExecStartPre=-" in AUTOMATION
    assert reports(work) == expected_files(FRESH)
    (work / "clients" / "client-003" / "inventory.csv").write_text("client,host,kind,name\n")
    result = run_cron(work, service_command(), FRESH)
    assert result.returncode == 3
    assert result.stderr == (
        "eolscan: warning: clients/client-003/inventory.csv: file not read: no hosts or items "
        "read; is the export complete?\n"
    )


def others_complete(root: Path, broken: set[int]) -> None:
    """Every client has its files (a broken client's says what was not read), and
    ``index.json`` vouches for the set with exit status 3."""
    assert reports(root) == expected_files(FRESH)
    for number in broken:
        own = json.loads((root / "reports" / f"{client_slug(number)}-{FRESH}.json").read_text())
        assert [s["what"] for s in own["skipped"]] == ["file"]
    assert index(root)["exit_status"] == 3


def test_an_unreadable_client_folder_is_named_and_the_others_are_reported(work: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder; the device case below covers root")
    book = make_book(work)
    (book / "client-007").chmod(0)
    try:
        result = run_cron(work, crontab_command(), FRESH)
    finally:
        (book / "client-007").chmod(0o755)
    assert result.returncode == 3
    assert result.stderr == (
        "eolscan: warning: clients/client-007: file not read: cannot read folder: "
        "Permission denied\n"
    )
    others_complete(work, {7})


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_is_named_and_the_others_are_reported(work: Path) -> None:
    book = make_book(work)
    (book / "client-007" / "inventory.csv").unlink()
    (book / "client-007" / "inventory.csv").symlink_to("/proc/self/mem")  # reads fail: EIO
    result = run_cron(work, crontab_command(), FRESH)
    assert result.returncode == 3  # named, and every other client still reported
    assert result.stderr == (
        "eolscan: warning: clients/client-007/inventory.csv: file not read: cannot read: "
        "Input/output error\n"
    )
    assert "Traceback" not in result.stderr
    others_complete(work, {7})


def test_every_truncated_file_of_a_run_is_named_in_that_run(work: Path) -> None:
    book = make_book(work)
    for number in (11, 23):
        (book / client_slug(number) / "inventory.csv").unlink()
        (book / client_slug(number) / "inventory.yaml").write_text(
            f"client: {client_name(number)}\nhosts:\n  - name: A\n    os: [Ubuntu\n",
            encoding="utf-8",
        )
    result = run_cron(work, crontab_command(), FRESH)
    assert result.returncode == 3  # named, and every other client still reported
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    for line, number in zip(lines, (11, 23), strict=True):  # file:line: what was expected
        assert re.match(rf"eolscan: warning: clients/client-0{number}/inventory.yaml:\d+: ", line)
        assert ": file not read: " in line
    others_complete(work, {11, 23})


def test_cut_exports_are_mailed_and_kept_in_the_index(work: Path) -> None:
    book = make_book(work)
    cut_row = book / "client-004" / "inventory.csv"
    cut_row.write_text(client_csv(client_name(4))[:-20], encoding="utf-8")
    cut_quote = book / "client-005" / "inventory.csv"
    cut_quote.write_text(client_csv(client_name(5)) + 'Client 005,X,os,"Ubuntu', encoding="utf-8")
    wide = book / "client-006" / "inventory.csv"
    data = codecs.BOM_UTF16_LE + client_csv(client_name(6)).encode("utf-16-le")
    wide.write_bytes(data[:-1])
    result = run_cron(work, crontab_command(), FRESH)
    assert result.returncode == 3
    assert (
        "eolscan: warning: clients/client-004/inventory.csv:8: row not read: 2 fields, expected 5"
        in result.stderr.splitlines()  # the reader's own notice of the partial row
    )
    assert [line for line in result.stderr.splitlines() if "looks cut" in line] == [
        "eolscan: warning: clients/client-004/inventory.csv: the last row has 2 of 5 columns "
        "and no line end; the export looks cut short",
        "eolscan: warning: clients/client-005/inventory.csv: a quoted field is still open at "
        "the end of the file; the export looks cut",
        f"eolscan: warning: clients/client-006/inventory.csv: UTF-16 text with an odd number "
        f"of bytes ({len(data) - 1:,}); the export looks cut short",
    ]
    assert reports(work) == expected_files(FRESH)
    summary = index(work)
    assert summary["exit_status"] == 3
    mailed = [line.split("warning: ", 1)[1] for line in result.stderr.splitlines()]
    assert summary["warnings"] == [note for note in mailed if "looks cut" in note]
    counts = {entry["client"]: entry["skipped"] for entry in summary["clients"]}  # type: ignore[union-attr]
    assert counts["Client 004"] == 1 and counts["Client 003"] == 0
    four = json.loads((work / "reports" / f"client-004-{FRESH}.json").read_text())
    assert four["warnings"] == []  # a file name of the book stays out of a client's report


def test_old_data_is_mailed_by_its_content_date_and_the_refresh_runs_first(work: Path) -> None:
    make_book(work)
    result = run_cron(work, crontab_command(), STALE, SHIM_UPDATE="fail")
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("eolscan: error: ")  # the failed refresh, then the scan ran
    assert "127.0.0.1" in lines[0] and result.stdout == ""
    from datetime import date

    from eolscan.cli.options import open_database

    newest = open_database(None).data_date[:10]  # the bundled data's own newest release
    age = (date.fromisoformat(STALE) - date.fromisoformat(newest)).days
    assert (
        f"eolscan: warning: the newest release in the lifecycle data is {age} days old "
        f"({newest}); run `eolscan db update`" in lines
    )
    assert reports(work) == expected_files(STALE)


def test_a_lapsed_contract_is_mailed_and_in_its_clients_file(work: Path) -> None:
    make_book(work)
    overlay = work / "overlay.yaml"
    overlay.write_text(
        "contracts:\n"
        "  - client: Client 002\n"
        "    product: windows-server\n"
        "    cycle: 2012-r2\n"
        "    until: 2026-08-15\n"
        "    note: ESU year 3 not renewed\n",
        encoding="utf-8",
    )
    result = run_cron(work, crontab_command(), FRESH, EOLSCAN_OVERLAY=str(overlay))
    assert result.returncode == 3
    note = (
        "overlay.yaml:2: extended support contract for windows-server 2012-r2 of Client 002 "
        "lapsed on 2026-08-15; its hosts count as end of life again (renew it or remove it)"
    )
    assert result.stderr == f"eolscan: warning: {note}\n"
    own = json.loads((work / "reports" / f"client-002-{FRESH}.json").read_text())
    other = json.loads((work / "reports" / f"client-001-{FRESH}.json").read_text())
    assert (own["warnings"], other["warnings"]) == ([note], [])


def test_stale_accepted_risks_reach_stderr_and_the_index_with_output_dir_alone(
    work: Path,
) -> None:
    book = make_book(work)
    (book / "eolscan-accept.yaml").write_text(
        "accept:\n  - {client: Client 001, product: mysql, reason: migrated, until: 2027-06-30}\n",
        encoding="utf-8",
    )
    result = run_cron(work, crontab_command(), FRESH)
    assert result.returncode == 3
    note = (
        "clients/eolscan-accept.yaml:2: accepted risk for mysql on Client 001/* matches no finding "
        "at risk; remove it or correct client, host, product or cycle"
    )
    assert result.stderr == f"eolscan: warning: {note}\n"
    assert index(work)["warnings"] == [note]


def test_a_client_that_shrank_or_vanished_is_not_silently_resolved(work: Path) -> None:
    book = make_book(work)
    scan = [str(shim(work)), "scan", "clients/", "--fail-on", "never"]
    first = run_cron(work, " ".join([*scan, "-o", "last-month.json"]), FRESH)
    assert first.returncode == 0, first.stderr
    (book / "client-008" / "inventory.csv").write_text(
        client_csv(client_name(8), hosts=1), encoding="utf-8"
    )
    shutil.rmtree(book / "client-009")
    line = " ".join([*scan, "--baseline", "last-month.json", "-o", "this-month.json"])
    result = run_cron(work, line + " --warnings-exit", FRESH)
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"eolscan: warning: Client 008: 3 of 4 hosts missing since {FRESH}; "
        "is the export complete?",
        f"eolscan: warning: Client 009: in the baseline of {FRESH} (4 hosts) but not in "
        "this run; is its export missing?",
    ]


def test_sigterm_mid_run_exits_143_and_leaves_no_index(work: Path) -> None:
    make_book(work, clients=200)
    line = service_command().replace("/opt/eolscan/bin/eolscan", str(shim(work)))
    child = subprocess.Popen(
        ["/bin/sh", "-c", f"exec {line}"],
        cwd=work,
        env=cron_env(work, FRESH),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    folder = work / "reports"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if folder.is_dir() and len(list(folder.glob("*.json"))) >= 3:
            child.send_signal(signal.SIGTERM)
            break
        time.sleep(0.002)
    _, stderr = child.communicate(timeout=120)
    if child.returncode in (0, 1):
        pytest.skip("the run finished before it could be stopped")
    assert child.returncode == 143
    lines = stderr.splitlines()
    assert lines[-1] == "eolscan: interrupted"
    written = re.fullmatch(
        r"eolscan: wrote (\d+) of 200 clients to reports/ before stopping; "
        r"the set is incomplete \(no index.json\)",
        lines[-2],
    )
    assert written is not None
    assert "index.json" not in reports(work)
    assert len(list(folder.glob("*.txt"))) == int(written.group(1))
