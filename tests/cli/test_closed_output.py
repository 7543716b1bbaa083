"""A report whose reader stops reading (``eolscan scan ... | head``) ends with exit 3 and
one line on stderr, not in silence (a pipeline under ``set -o pipefail`` fails on it) nor
with a traceback; with stderr gone too (``2>&1 | head``) it ends quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import AS_OF

MACHINES = 5_000
"""Enough for a JSON report far larger than a pipe's buffer."""


def book(tmp_path: Path) -> Path:
    rows = [f"A,PC-{n:05d},os,Microsoft Windows 10 Pro,10.0.19045" for n in range(MACHINES)]
    path = tmp_path / "book.csv"
    path.write_text("client,host,kind,name,version\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def scan_read_briefly(inventory: Path, stderr: int) -> tuple[int, bytes]:
    command = [sys.executable, "-m", "eolscan", "scan", str(inventory), "-f", "json"]
    with subprocess.Popen(
        [*command, "--as-of", AS_OF, "-q"], stdout=subprocess.PIPE, stderr=stderr
    ) as process:
        assert process.stdout is not None
        assert process.stdout.read(100)  # the report (after the data's warnings, with 2>&1)
        process.stdout.close()  # as head does once it has its lines
        errors = process.stderr.read() if process.stderr is not None else b""
        return process.wait(timeout=120), errors


def test_a_reader_that_stops_reading_is_said_in_one_line(tmp_path: Path) -> None:
    code, errors = scan_read_briefly(book(tmp_path), subprocess.PIPE)
    assert code == 3
    lines = [line for line in errors.decode().splitlines() if "warning:" not in line]
    assert lines == [
        "eolscan: error: standard output closed before the report was written whole "
        "(its reader, such as `| head`, stopped reading)"
    ]


def test_with_standard_error_gone_too_it_ends_quietly(tmp_path: Path) -> None:
    code, _ = scan_read_briefly(book(tmp_path), subprocess.STDOUT)
    assert code == 3
