"""``-o`` through a symbolic link: the file the link ends at gets the whole report and the link
stays a link. (A link was once replaced by a regular file, its target left as it was; run as
root, ``-o /dev/stdout`` replaced the system's link.) Every link here lives in ``tmp_path``."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eolscan.cli.main import cli
from eolscan.errors import OutputError
from eolscan.support import links
from eolscan.support.atomic import _special
from eolscan.support.links import final_target
from tests.hardening.helpers import TIMEOUT, eolscan_command
from tests.helpers import AS_OF, EXAMPLES, symlink_or_skip, without_data_notes

ACME = str(EXAMPLES / "acme-dental.yaml")
FINDINGS = 20
"""Findings in the Acme Dental example's report."""
OLD = "OLD\n"


def scan(*args: str) -> Result:
    """``eolscan scan`` of the Acme Dental example, in process."""
    return CliRunner().invoke(cli, ["scan", ACME, "--as-of", AS_OF, *args])


def names(folder: Path) -> list[str]:
    """What a folder holds: a temp file left behind would show here."""
    return sorted(p.name for p in folder.iterdir())


def findings(text: str) -> int:
    """The findings count of a whole JSON report (a cut one does not parse)."""
    return int(json.loads(text)["summary"]["findings"])


def error_line(result: Result) -> str:
    return without_data_notes(result.stderr)


def test_a_link_to_a_file_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "target.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    link = symlink_or_skip(tmp_path / "link.json", Path("shared", "target.json"))
    result = scan("-o", str(link))
    assert result.exit_code == 1, result.output
    assert link.is_symlink() and os.readlink(link) == str(Path("shared", "target.json"))
    assert findings(target.read_text(encoding="utf-8")) == FINDINGS
    assert names(tmp_path) == ["link.json", "shared"]
    assert names(shared) == ["target.json"]  # the temp file was made beside the target
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_chain_of_links_is_written_through_to_its_end(tmp_path: Path) -> None:
    (tmp_path / "links").mkdir()
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.json"
    target.write_text(OLD, encoding="utf-8")
    middle = symlink_or_skip(tmp_path / "links" / "b.json", Path("..", "real", "report.json"))
    first = symlink_or_skip(tmp_path / "a.json", middle)
    result = scan("-o", str(first))
    assert result.exit_code == 1, result.output
    assert first.is_symlink() and middle.is_symlink()
    assert findings(target.read_text(encoding="utf-8")) == FINDINGS
    assert names(tmp_path / "links") == ["b.json"]
    assert names(tmp_path / "real") == ["report.json"]


@pytest.mark.parametrize("protected", ["inventory", "accepted-risk file"])
def test_a_link_to_an_input_is_refused_like_the_input(
    protected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inventory = tmp_path / "acme.yaml"
    inventory.write_bytes(Path(ACME).read_bytes())
    accept = tmp_path / "accept.yaml"
    accept.write_text("accept: []\n", encoding="utf-8")
    aimed = inventory if protected == "inventory" else accept
    before = aimed.read_bytes()
    symlink_or_skip(tmp_path / "report.json", aimed.name)
    args = ["scan", "acme.yaml", "--as-of", AS_OF, "--accept", "accept.yaml", "-o", "report.json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    refused = "eolscan: error: report.json: refusing to overwrite an input file\n"
    assert error_line(result) == refused
    assert aimed.read_bytes() == before
    assert Path("report.json").is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_link_to_a_fifo_is_written_to_and_both_stay(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = symlink_or_skip(tmp_path / "report.json", fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = scan("-o", str(link))
    reader.join(timeout=30)
    assert result.exit_code == 1, result.output
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert findings(received[0].decode("utf-8")) == FINDINGS
    assert names(tmp_path) == ["pipe", "report.json"]


@pytest.mark.skipif(not Path(os.devnull).is_char_device(), reason="needs a null device")
def test_a_link_to_a_device_counts_as_the_device(tmp_path: Path) -> None:
    # asked, not written: a regression here must not touch the machine's null device
    link = symlink_or_skip(tmp_path / "null", os.devnull)
    assert _special(link)


needs_proc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/fd").is_dir(),
    reason="needs /proc/self/fd",
)


def scan_to_stdout_link(tmp_path: Path, out: Path, mode: str) -> Path:
    """Run eolscan in a child with ``-o`` a link to its own standard output, that output
    going to ``out`` opened with ``mode`` (``wb`` as ``>`` does, ``ab`` as ``>>``)."""
    link = symlink_or_skip(tmp_path / "mystdout", "/proc/self/fd/1")
    with out.open(mode) as handle:
        done = subprocess.run(
            eolscan_command("scan", ACME, "--as-of", AS_OF, "-f", "json", "-o", str(link)),
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    return link


@needs_proc
def test_a_link_to_standard_output_redirected_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    link = scan_to_stdout_link(tmp_path, out, "wb")
    assert os.readlink(link) == "/proc/self/fd/1"
    assert findings(out.read_text(encoding="utf-8")) == FINDINGS
    assert names(tmp_path) == ["mystdout", "out.txt"]


@needs_proc
def test_a_link_to_standard_output_appended_to_keeps_the_file(tmp_path: Path) -> None:
    """``-o /dev/stdout >> log`` is a stream: the log keeps what it held, the report after it."""
    out = tmp_path / "log.txt"
    out.write_text(OLD, encoding="utf-8")
    inode = out.stat().st_ino
    link = scan_to_stdout_link(tmp_path, out, "ab")
    text = out.read_text(encoding="utf-8")
    assert text.startswith(OLD) and findings(text.removeprefix(OLD)) == FINDINGS
    assert out.stat().st_ino == inode  # written in place, not replaced
    assert os.readlink(link) == "/proc/self/fd/1"
    assert names(tmp_path) == ["log.txt", "mystdout"]


@needs_proc
def test_a_link_to_standard_output_on_a_pipe(tmp_path: Path) -> None:
    link = symlink_or_skip(tmp_path / "mystdout", "/proc/self/fd/1")
    done = subprocess.run(
        eolscan_command("scan", ACME, "--as-of", AS_OF, "-f", "json", "-o", str(link)),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert findings(done.stdout) == FINDINGS
    assert os.readlink(link) == "/proc/self/fd/1"
    assert names(tmp_path) == ["mystdout"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    link = symlink_or_skip(tmp_path / "latest.json", Path("reports", "new.json"))
    result = scan("-o", str(link))
    assert result.exit_code == 1, result.output
    assert link.is_symlink()
    assert findings((tmp_path / "reports" / "new.json").read_text(encoding="utf-8")) == FINDINGS
    assert names(tmp_path) == ["latest.json", "reports"]
    assert names(tmp_path / "reports") == ["new.json"]


def test_a_dangling_link_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    """As an output in a missing folder is: exit 3, nothing created."""
    link = symlink_or_skip(tmp_path / "latest.json", Path("gone", "new.json"))
    result = scan("-o", str(link))
    assert result.exit_code == 3
    assert error_line(result) == (
        f"eolscan: error: {link}: cannot write here: No such file or directory "
        f"(it links to {tmp_path / 'gone' / 'new.json'})\n"
    )
    assert link.is_symlink() and names(tmp_path) == ["latest.json"]


def test_a_link_to_a_directory_is_refused_as_the_directory_is(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    link = symlink_or_skip(tmp_path / "report.json", folder)
    result = scan("-o", str(link))
    assert result.exit_code == 3
    assert error_line(result) == (
        f"eolscan: error: {link}: is a directory; name a file to write the report to\n"
    )
    assert link.is_symlink() and names(folder) == []


def test_a_loop_of_links_is_one_line(tmp_path: Path) -> None:
    first = symlink_or_skip(tmp_path / "a.json", "b.json")
    symlink_or_skip(tmp_path / "b.json", "a.json")
    result = scan("-o", str(first))
    assert result.exit_code == 3
    assert error_line(result) == (
        f"eolscan: error: {first}: cannot write: too many levels of symbolic links\n"
    )
    assert names(tmp_path) == ["a.json", "b.json"]
    assert first.is_symlink()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a link away needs root"
)
@pytest.mark.parametrize("owner", ["another user", "the user"])
def test_a_link_planted_in_a_shared_folder_is_not_followed(owner: str, tmp_path: Path) -> None:
    """Root writing ``-o /tmp/report.json`` must not follow a link someone else left there."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = tmp_path / "victim.conf"
    victim.write_text(OLD, encoding="utf-8")
    link = symlink_or_skip(shared / "report.json", victim)
    if owner == "another user":
        os.lchown(link, 4242, 4242)
    result = scan("-o", str(link))
    assert link.is_symlink()
    if owner == "the user":
        assert result.exit_code == 1, result.output
        assert findings(victim.read_text(encoding="utf-8")) == FINDINGS
        return
    assert result.exit_code == 3
    assert error_line(result) == (
        f"eolscan: error: {link}: refusing to write through "
        "a link another user owns in a shared folder\n"
    )
    assert victim.read_text(encoding="utf-8") == OLD


def test_output_dir_writes_through_a_link_it_finds(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    kept = tmp_path / "kept.json"
    kept.write_text(OLD, encoding="utf-8")
    link = symlink_or_skip(reports / f"acme-dental-{AS_OF}.json", kept)
    result = scan("-f", "json", "--output-dir", str(reports))
    assert result.exit_code == 1, result.output
    assert link.is_symlink()
    assert findings(kept.read_text(encoding="utf-8")) == FINDINGS
    assert not [name for name in names(reports) if name.endswith(".tmp")]


def test_a_link_that_ends_at_another_file_than_it_opens_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``/proc/self/fd/N`` onto a deleted file would (its link names a file that is gone):
    the name is not recreated. Imitated by a link read as naming another file."""
    opened = tmp_path / "opened.json"
    opened.write_text(OLD, encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(OLD, encoding="utf-8")
    link = symlink_or_skip(tmp_path / "link.json", opened)
    monkeypatch.setattr(links.os, "readlink", lambda _: str(other))
    with pytest.raises(OutputError) as caught:
        final_target(link)
    assert (
        str(caught.value)
        == f"{link}: cannot write: its link ends at {other}, not at the file it opens"
    )
