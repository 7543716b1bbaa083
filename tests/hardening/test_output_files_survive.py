"""Outputs are written whole or not at all: an interrupted or failed write keeps the previous file.

A child eolscan writing a large report is frozen (SIGSTOP) while its temp file
exists, then sent SIGTERM, SIGINT, SIGHUP or SIGQUIT: the previous report must be intact and no
temp file left behind. A full disk is a real 64 KiB tmpfs when we may mount one,
and otherwise a file-size limit (RLIMIT_FSIZE), which fails writes the same way.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.errors import OutputError
from eolscan.support.atomic import atomic_writer, write_text_atomic
from tests.hardening.helpers import (
    TIMEOUT,
    eolscan_command,
    limits,
    run_eolscan,
    write_big_inventory,
)
from tests.helpers import AS_OF, EXAMPLES, without_data_notes

PREVIOUS = "the previous report\n"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX process limits and signals")


def temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.tmp"))


def wait_stopped(pid: int) -> None:
    """Wait until the kernel has really stopped ``pid`` (SIGSTOP is delivered asynchronously)."""
    stat = Path(f"/proc/{pid}/stat")
    for _ in range(1000):
        if not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] in ("T", "t", "Z"):
            return
        time.sleep(0.001)


def interrupt_while_writing(
    directory: Path, hosts: int, signum: int
) -> subprocess.Popen[str] | None:
    """Scan into report.json; freeze it mid-write, send ``signum``. None if it finished first."""
    inventory = write_big_inventory(directory / "big.csv", hosts)
    child = subprocess.Popen(
        eolscan_command(
            "scan", "--as-of", AS_OF, str(inventory), "-o", str(directory / "report.json")
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits(),
    )
    deadline = time.monotonic() + TIMEOUT
    while child.poll() is None and time.monotonic() < deadline:
        if temp_files(directory):
            child.send_signal(signal.SIGSTOP)
            wait_stopped(child.pid)
            if temp_files(directory):
                child.send_signal(signum)
                child.send_signal(signal.SIGCONT)
                return child
            child.send_signal(signal.SIGCONT)
        time.sleep(0.001)
    child.kill()
    child.wait()
    return None


SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT]


@pytest.mark.parametrize("signum", SIGNALS, ids=[s.name for s in SIGNALS])
def test_interrupted_report_keeps_the_previous_file_and_no_temp_file(
    signum: int, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    for hosts in (20_000, 60_000):
        report.write_text(PREVIOUS, encoding="utf-8")
        child = interrupt_while_writing(tmp_path, hosts, signum)
        if child is not None:
            break
    else:
        pytest.fail("the report was never caught mid-write")
    _stdout, stderr = child.communicate(timeout=TIMEOUT)
    assert child.returncode == (143 if signum == signal.SIGTERM else 130)
    assert without_data_notes(stderr) == "eolscan: interrupted\n"
    assert report.read_text(encoding="utf-8") == PREVIOUS
    assert temp_files(tmp_path) == []


def test_uninterrupted_report_replaces_the_previous_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(PREVIOUS, encoding="utf-8")
    inventory = write_big_inventory(tmp_path / "big.csv", 50)
    result = run_eolscan(["scan", "--as-of", AS_OF, str(inventory), "-o", str(report)])
    assert result.returncode == 1, result.stderr
    assert report.read_text(encoding="utf-8").startswith("{")
    assert temp_files(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (root only); skipped where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_keeps_the_previous_report(tiny_disk: Path, tmp_path: Path) -> None:
    report = tiny_disk / "report.json"
    report.write_text(PREVIOUS, encoding="utf-8")
    inventory = write_big_inventory(tmp_path / "big.csv", 2_000)
    result = run_eolscan(["scan", "--as-of", AS_OF, str(inventory), "-o", str(report)])
    assert result.returncode == 3
    assert without_data_notes(result.stderr) == (
        f"eolscan: error: {report}: cannot write: No space left on device\n"
    )
    assert report.read_text(encoding="utf-8") == PREVIOUS
    assert temp_files(tiny_disk) == []


def test_file_size_limit_keeps_the_previous_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(PREVIOUS, encoding="utf-8")
    inventory = write_big_inventory(tmp_path / "big.csv", 2_000)
    result = run_eolscan(
        ["scan", "--as-of", AS_OF, str(inventory), "-o", str(report)], file_size=64 * 1024
    )
    assert result.returncode == 3
    assert without_data_notes(result.stderr) == (
        f"eolscan: error: {report}: cannot write: File too large\n"
    )
    assert report.read_text(encoding="utf-8") == PREVIOUS
    assert temp_files(tmp_path) == []


def test_atomic_writer_keeps_the_old_file_when_the_block_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text(PREVIOUS, encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as handle:
        handle.write("half a rep")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert temp_files(tmp_path) == []
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_atomic_writer_into_a_missing_directory_is_an_output_error(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputError, match="cannot write here"),
        atomic_writer(tmp_path / "no" / "x.txt"),
    ):
        pass


@pytest.mark.parametrize("given", ["the file", "its folder"])
def test_output_refuses_to_overwrite_an_input_file(tmp_path: Path, given: str) -> None:
    """Named as an input, or found in a folder given as one."""
    inventory = tmp_path / "acme.yaml"
    shutil.copy(EXAMPLES / "acme-dental.yaml", inventory)
    before = inventory.read_bytes()
    scanned = inventory if given == "the file" else tmp_path
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, str(scanned), "-o", str(inventory)])
    assert result.exit_code == 2
    assert result.stderr == f"eolscan: error: {inventory}: refusing to overwrite an input file\n"
    assert inventory.read_bytes() == before


def test_inputs_are_never_written(tmp_path: Path) -> None:
    inventory = tmp_path / "acme.yaml"
    shutil.copy(EXAMPLES / "acme-dental.yaml", inventory)
    stat = inventory.stat()
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, str(inventory), "-o", str(tmp_path / "r.json")]
    )
    assert result.exit_code == 1
    assert inventory.stat().st_mtime_ns == stat.st_mtime_ns
    assert inventory.read_bytes() == (EXAMPLES / "acme-dental.yaml").read_bytes()
