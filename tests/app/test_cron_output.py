"""Unattended runs: only the report on stdout, quiet stderr, dated client files, same bytes."""

from __future__ import annotations

import io
import json
import logging
import shutil
from pathlib import Path

import pytest

from eolscan.app.client_reports import client_file_stems, slugify, split_formats
from eolscan.support.logging_setup import level_for, progress_bar, wants_progress
from tests.app.helpers import run
from tests.helpers import AS_OF, EXAMPLES, other_warnings, without_data_notes

ACME = str(EXAMPLES / "acme-dental.yaml")


def two_clients(directory: Path) -> Path:
    clients = directory / "clients"
    clients.mkdir()
    shutil.copy(ACME, clients / "acme-dental.yaml")
    (clients / "bakery.csv").write_text(
        "client,host,kind,name,version,extended_support\n"
        "Bäckerei Müller & Söhne,TILL-1,os,Microsoft Windows 10 Pro,10.0.19045,\n"
        "Bäckerei Müller & Söhne,TILL-1,software,PHP,7.4.33,\n"
    )
    return clients


def test_stdout_holds_only_the_report_and_stderr_is_silent_off_a_terminal(bare_dir: Path) -> None:
    result = run(["scan", ACME, "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["findings"] == 20
    assert without_data_notes(result.stderr) == ""


def test_quiet_keeps_errors(bare_dir: Path) -> None:
    result = run(["scan", "-q", "missing.yaml", "--as-of", AS_OF])
    assert (result.exit_code, result.stderr) == (3, "eolscan: error: missing.yaml: no such file\n")


def test_verbose_reports_progress_details_on_stderr_only(bare_dir: Path) -> None:
    quiet = run(["scan", ACME, "--as-of", AS_OF, "-f", "json"])
    verbose = run(["scan", ACME, "--as-of", AS_OF, "-f", "json", "-v"])
    assert verbose.stdout == quiet.stdout
    lines = without_data_notes(verbose.stderr).splitlines()
    assert (
        lines[0]
        == "eolscan: settings: no eolscan.toml found; defaults, EOLSCAN_* variables and flags"
    )
    assert lines[1].startswith("eolscan: database: ")
    assert lines[2:] == [
        "eolscan: accepted risks: none (no --accept and no eolscan-accept.yaml found)",
        f"eolscan: read {ACME}: 20 items",
    ]


def test_levels_and_progress_rules() -> None:
    assert level_for(quiet=False, verbose=False, stderr_is_terminal=False) == logging.ERROR
    assert level_for(quiet=False, verbose=False, stderr_is_terminal=True) == logging.INFO
    assert level_for(quiet=True, verbose=False, stderr_is_terminal=True) == logging.ERROR
    assert level_for(quiet=True, verbose=True, stderr_is_terminal=False) == logging.DEBUG
    assert wants_progress(100, 0, logging.INFO, stderr_is_terminal=True)
    assert wants_progress(1, 50 * 1024 * 1024, logging.DEBUG, stderr_is_terminal=True)
    assert not wants_progress(3, 4096, logging.INFO, stderr_is_terminal=True)  # short work
    assert not wants_progress(100, 0, logging.INFO, stderr_is_terminal=False)  # cron, CI
    assert not wants_progress(100, 0, logging.ERROR, stderr_is_terminal=True)  # -q


def test_progress_bar_draws_only_when_enabled(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.console import Console

    with progress_bar(10, "reading", enabled=False) as advance:
        advance(10)
    assert capsys.readouterr() == ("", "")
    terminal = io.StringIO()
    console = Console(file=terminal, force_terminal=True, width=60, color_system=None)
    with progress_bar(10, "reading inventories", enabled=True, console=console) as advance:
        advance(5)
    assert "reading inventories" in terminal.getvalue()
    assert capsys.readouterr() == ("", "")


def test_output_files_are_written_and_no_temp_files_are_left(bare_dir: Path) -> None:
    result = run(["scan", ACME, "--as-of", AS_OF, "-o", "report.json", "-o", "report.txt"])
    assert (result.exit_code, result.stdout, without_data_notes(result.stderr)) == (1, "", "")
    assert sorted(p.name for p in bare_dir.iterdir()) == [".git", "report.json", "report.txt"]


def test_output_dir_writes_one_dated_file_per_client_and_format(bare_dir: Path) -> None:
    clients = two_clients(bare_dir)
    result = run(
        ["scan", str(clients), "--as-of", AS_OF, "--output-dir", "reports", "-f", "json,table"]
    )
    assert (result.exit_code, result.stdout, without_data_notes(result.stderr)) == (1, "", "")
    assert sorted(p.name for p in (bare_dir / "reports").iterdir()) == [
        f"acme-dental-{AS_OF}.json",
        f"acme-dental-{AS_OF}.txt",
        f"backerei-muller-sohne-{AS_OF}.json",
        f"backerei-muller-sohne-{AS_OF}.txt",
        "index.html",  # every client ranked by exposure, linking the files above
        "index.json",  # written last: the set is whole
        "index.md",
    ]
    bakery = json.loads((bare_dir / "reports" / f"backerei-muller-sohne-{AS_OF}.json").read_text())
    assert bakery["summary"]["clients"] == 1 and bakery["summary"]["findings"] == 2
    assert {f["client"] for f in bakery["findings"]} == {"Bäckerei Müller & Söhne"}
    table = (bare_dir / "reports" / f"acme-dental-{AS_OF}.txt").read_text()
    assert "Acme Dental" in table and "Bäckerei" not in table


def test_output_dir_announces_itself_only_with_verbose(bare_dir: Path) -> None:
    result = run(["scan", ACME, "--as-of", AS_OF, "--output-dir", "out", "-v"])
    assert f"eolscan: wrote out/acme-dental-{AS_OF}.txt" in result.stderr.splitlines()
    assert "eolscan: wrote 1 file to out" in result.stderr.splitlines()


def test_file_names_are_slugs_and_collisions_get_numbers() -> None:
    assert slugify("Acme Dental GmbH & Co. KG") == "acme-dental-gmbh-co-kg"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("株式会社") == "client"
    assert client_file_stems(["Acme Dental", "acme-dental", "ACME  DENTAL"], AS_OF) == {
        "ACME  DENTAL": f"acme-dental-{AS_OF}",
        "Acme Dental": f"acme-dental-{AS_OF}-2",
        "acme-dental": f"acme-dental-{AS_OF}-3",
    }
    assert split_formats("json, table,json") == ["json", "table"]


def test_several_formats_to_stdout_is_a_usage_error(bare_dir: Path) -> None:
    result = run(["scan", ACME, "--as-of", AS_OF, "-f", "json,table"])
    assert result.exit_code == 2


@pytest.mark.parametrize("format_name", ["json", "table"])
def test_same_inputs_database_and_date_give_identical_bytes(
    format_name: str, bare_dir: Path
) -> None:
    clients = two_clients(bare_dir)
    accept = bare_dir / "eolscan-accept.yaml"
    accept.write_text(
        "accept:\n  - {host: DC01, product: windows-server, reason: ordered, until: 2027-01-01}\n"
        "  - {product: php, reason: expired, until: 2026-01-01}\n"
    )
    outputs = []
    for attempt in ("first", "second"):
        args = ["scan", str(clients), "--as-of", AS_OF, "-f", format_name, "-o", f"{attempt}.out"]
        run([*args, "--output-dir", attempt])
        outputs.append(
            [(bare_dir / f"{attempt}.out").read_bytes()]
            + [p.read_bytes() for p in sorted((bare_dir / attempt).iterdir())]
        )
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 6  # -o, two clients, index.html, index.json, index.md
    stdout_runs = {
        run(["scan", str(clients), "--as-of", AS_OF, "-f", format_name]).stdout for _ in range(2)
    }
    assert len(stdout_runs) == 1
    assert "expired on 2026-01-01" in outputs[0][0].decode()


def test_each_client_file_names_only_its_own_expired_entries(bare_dir: Path) -> None:
    clients = two_clients(bare_dir)
    (clients / "eolscan-accept.yaml").write_text(  # beside the inventories: found, not scanned
        "accept:\n"
        "  - {client: Acme*, host: DC01, product: windows-server, reason: old, until: 2026-01-01}\n"
        "  - {product: php, reason: old, until: 2026-02-01}\n"
        "  - {product: ubuntu, cycle: '16.04', reason: gone, until: 2027-01-01}\n"
    )
    result = run(["scan", str(clients), "--as-of", AS_OF, "--output-dir", "out", "-f", "json"])
    acme = json.loads((bare_dir / "out" / f"acme-dental-{AS_OF}.json").read_text())
    bakery = json.loads((bare_dir / "out" / f"backerei-muller-sohne-{AS_OF}.json").read_text())
    index = json.loads((bare_dir / "out" / "index.json").read_text())
    where = "clients/eolscan-accept.yaml"  # relative to the working directory
    unused = (  # client '*': it concerns both clients, and names neither's hosts
        f"{where}:4: accepted risk for ubuntu 16.04 on */* matches no finding at risk; "
        "remove it or correct client, host, product or cycle"
    )
    every = other_warnings(index["warnings"])  # stderr and index.json carry all three
    assert every == [
        f"{where}:2: accepted risk for windows-server on Acme*/DC01 expired on 2026-01-01; "
        "its findings count again",
        f"{where}:3: accepted risk for php on */* expired on 2026-02-01; its findings count again",
        unused,
    ]
    assert other_warnings(acme["warnings"]) == every
    assert other_warnings(bakery["warnings"]) == every[1:]
    # Acme has a Mac, so it alone hears that the data's newest macOS is over a year old
    mac = "the lifecycle data's newest macOS"
    assert any(w.startswith(mac) for w in acme["warnings"])
    assert not any(w.startswith(mac) for w in bakery["warnings"])
    # under cron (stderr not a terminal) every warning still reaches stderr, once
    assert result.exit_code == 1
    assert without_data_notes(result.stderr) == "".join(f"eolscan: warning: {w}\n" for w in every)
    whole = json.loads(run(["scan", str(clients), "--as-of", AS_OF, "-f", "json"]).stdout)
    assert other_warnings(whole["warnings"]) == every


def run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the installed ``eolscan`` with stderr on a pseudo-terminal: (exit code, stderr)."""
    import os
    import subprocess
    import sys

    pty = pytest.importorskip("pty")
    found = shutil.which("eolscan", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the eolscan console script is not installed beside this Python")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [found, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_and_notices_appear_only_on_a_terminal_for_long_work(bare_dir: Path) -> None:
    many = bare_dir / "many"
    many.mkdir()
    for index in range(25):
        shutil.copy(ACME, many / f"client-{index:02}.yaml")
    args = ["scan", "many", "--as-of", AS_OF, "-o", "report.json"]
    code, stderr = run_on_terminal(args, bare_dir)
    assert code == 1
    assert "reading inventories" in stderr
    assert "eolscan: wrote report.json" in stderr
    quiet_code, quiet_stderr = run_on_terminal([*args, "-q"], bare_dir)
    assert (quiet_code, without_data_notes(quiet_stderr.replace("\r\n", "\n"))) == (1, "")
    short_code, short_stderr = run_on_terminal(
        ["scan", ACME, "--as-of", AS_OF, "-o", "r.json"], bare_dir
    )
    assert short_code == 1
    assert "reading inventories" not in short_stderr and "wrote r.json" in short_stderr
    piped = run(args)  # not a terminal: nothing
    assert (piped.exit_code, without_data_notes(piped.stderr)) == (1, "")


def test_output_dir_may_not_be_an_input_directory(bare_dir: Path) -> None:
    clients = two_clients(bare_dir)
    result = run(["scan", "clients", "--as-of", AS_OF, "--output-dir", "clients/"])
    assert result.exit_code == 2
    assert result.stderr == (
        "eolscan: error: --output-dir clients/: is an input directory; its reports would be "
        "read as inventories next time\n"
    )
    assert sorted(p.name for p in clients.iterdir()) == ["acme-dental.yaml", "bakery.csv"]


def test_each_client_file_holds_only_its_own_baseline_changes(bare_dir: Path) -> None:
    clients = two_clients(bare_dir)
    run(["scan", str(clients), "--as-of", "2026-04-01", "-o", "base.json"])
    (clients / "bakery.csv").write_text(  # TILL-1 drops PHP; the change is the bakery's alone
        "client,host,kind,name,version,extended_support\n"
        "Bäckerei Müller & Söhne,TILL-1,os,Microsoft Windows 10 Pro,10.0.19045,\n"
    )
    args = ["scan", str(clients), "--as-of", AS_OF, "--baseline", "base.json"]
    run([*args, "--output-dir", "out", "-f", "json,table,markdown"])
    acme = json.loads((bare_dir / "out" / f"acme-dental-{AS_OF}.json").read_text())
    bakery = json.loads((bare_dir / "out" / f"backerei-muller-sohne-{AS_OF}.json").read_text())
    assert {c["client"] for c in acme["baseline"]["changes"]} == {"Acme Dental"}
    assert bakery["baseline"]["counts"] == {"new": 0, "changed": 0, "resolved": 1}
    assert [c["name"] for c in bakery["baseline"]["changes"]] == ["PHP"]
    acme_table = (bare_dir / "out" / f"acme-dental-{AS_OF}.txt").read_text()
    assert "Bäckerei" not in acme_table and "0 resolved" not in acme_table
    assert "resolved" not in (bare_dir / "out" / f"acme-dental-{AS_OF}.md").read_text()


def test_verbose_counts_one_item_in_the_singular(bare_dir: Path) -> None:
    (bare_dir / "one.yaml").write_text("hosts:\n  - {name: A, os: Ubuntu 24.04 LTS}\n")
    result = run(["scan", "one.yaml", "--as-of", AS_OF, "-f", "json", "-v"])
    assert without_data_notes(result.stderr).splitlines()[-1] == "eolscan: read one.yaml: 1 item"


def test_an_input_without_hosts_is_named_and_exit_3_not_a_clean_client(bare_dir: Path) -> None:
    clients = two_clients(bare_dir)
    (clients / "bakery.csv").write_text("client,host,kind,name,version,extended_support\n")
    where = f"{clients.name}/bakery.csv"
    why = "no hosts or items read; is the export complete?"
    result = run(["scan", "clients", "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 3  # cron and CI notice; the other client is still reported
    assert without_data_notes(result.stderr) == f"eolscan: warning: {where}: file not read: {why}\n"
    report = json.loads(result.stdout)
    assert report["skipped"] == [
        {"source": where, "reason": why, "what": "file", "client": "bakery"}
    ]
    assert report["summary"]["clients"] == 1
    result = run(["scan", "clients", "--as-of", AS_OF, "--output-dir", "out", "-f", "json"])
    assert result.exit_code == 3
    assert without_data_notes(result.stderr) == f"eolscan: warning: {where}: file not read: {why}\n"
    acme = json.loads((bare_dir / "out" / f"acme-dental-{AS_OF}.json").read_text())
    assert (other_warnings(acme["warnings"]), acme["skipped"]) == ([], [])  # not another's
    bakery = json.loads((bare_dir / "out" / f"bakery-{AS_OF}.json").read_text())
    assert bakery["skipped"] == report["skipped"]  # the client whose export broke has a file
    assert bakery["summary"]["hosts"] == 0


def test_one_client_scanned_with_the_books_accept_file_is_not_told_to_remove_others(
    bare_dir: Path,
) -> None:
    book = bare_dir / "clients"
    (book / "acme").mkdir(parents=True)
    shutil.copy(ACME, book / "acme" / "acme-dental.yaml")
    (book / "eolscan-accept.yaml").write_text(  # the book's file, above the client's folder
        "accept:\n"
        "  - {client: Bakery*, product: php, reason: shop, until: 2027-06-30}\n"
        "  - {client: Acme*, product: ubuntu, cycle: '16.04', reason: gone, until: 2027-01-01}\n"
    )
    result = run(["scan", "clients/acme", "--as-of", AS_OF, "-f", "json"])
    notes = other_warnings(json.loads(result.stdout)["warnings"])
    assert notes == [  # Acme's own stale entry, and not a word about the bakery's
        "clients/eolscan-accept.yaml:3: accepted risk for ubuntu 16.04 on Acme*/* matches no "
        "finding at risk; remove it or correct client, host, product or cycle"
    ]
    assert "Bakery" not in result.stderr
    whole = run(["scan", "clients", "--as-of", AS_OF, "-f", "json"])  # the book: it is stale
    assert any("Bakery*" in note for note in json.loads(whole.stdout)["warnings"])


def test_an_expired_acceptance_whose_item_is_gone_is_in_its_clients_file(bare_dir: Path) -> None:
    clients = two_clients(bare_dir)
    (clients / "eolscan-accept.yaml").write_text(
        "accept:\n  - {client: Acme*, product: windows-xp, reason: gone, until: 2026-01-01}\n"
    )
    run(["scan", str(clients), "--as-of", AS_OF, "--output-dir", "out", "-f", "json"])
    acme = json.loads((bare_dir / "out" / f"acme-dental-{AS_OF}.json").read_text())
    bakery = json.loads((bare_dir / "out" / f"backerei-muller-sohne-{AS_OF}.json").read_text())
    assert other_warnings(acme["warnings"]) == [
        "clients/eolscan-accept.yaml:2: accepted risk for windows-xp on Acme*/* expired on "
        "2026-01-01; it matches no finding; remove it"
    ]
    assert other_warnings(bakery["warnings"]) == []
