"""``-o`` onto what is not a regular file: a FIFO or device is written to, never replaced; a
directory is refused with one line. (``-o /dev/null`` run as root once renamed a JSON file
over the device node.)"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.support.atomic import _special
from tests.helpers import AS_OF, EXAMPLES, without_data_notes

ACME = str(EXAMPLES / "acme-dental.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(cli, ["scan", ACME, "--as-of", AS_OF, "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 1, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["summary"]["findings"] == 20
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


@pytest.mark.skipif(not Path(os.devnull).is_char_device(), reason="needs a null device")
def test_the_null_device_counts_as_not_a_regular_file() -> None:
    # asked, not written: a regression here must not replace the machine's /dev/null
    assert _special(Path(os.devnull))
    assert not _special(Path(ACME))


def test_a_directory_is_refused_with_one_line(tmp_path: Path) -> None:
    target = tmp_path / "reports.json"
    target.mkdir()
    result = CliRunner().invoke(cli, ["scan", ACME, "--as-of", AS_OF, "-o", str(target)])
    assert result.exit_code == 3
    assert without_data_notes(result.stderr) == (
        f"eolscan: error: {target}: is a directory; name a file to write the report to\n"
    )
    assert list(target.iterdir()) == []
