"""``.eolscanignore``: what a folder scan leaves out, so a note beside the exports does not
fail every cron run, while nothing a user did not name is hidden."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.ignore_file import IGNORE_FILE
from eolscan.inventory.registry import expand_inputs
from tests.helpers import AS_OF

INVENTORY = "client,host,kind,name,version\n{client},H1,os,Ubuntu,22.04\n"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of two client folders, each with an export and a note, one with an
    ``old/`` folder of last year's exports."""
    (tmp_path / ".git").mkdir()
    for client in ("acme", "bayside"):
        folder = tmp_path / "clients" / client
        folder.mkdir(parents=True)
        (folder / "inventory.csv").write_text(INVENTORY.format(client=client), encoding="utf-8")
        (folder / "notes.txt").write_text("call Bob about the printer\n", encoding="utf-8")
    old = tmp_path / "clients" / "acme" / "old"
    old.mkdir()
    (old / "inventory-2025.csv").write_text(INVENTORY.format(client="acme"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _found(*paths: str) -> list[str]:
    """The files a scan of ``paths`` (as typed, from the repository root) reads; the same
    files when the paths are given whole."""
    inputs = expand_inputs(list(paths))
    found = sorted(Path(item.path).as_posix() for item in inputs)
    whole = expand_inputs([str(Path(p).absolute()) for p in paths])
    assert sorted(Path(i.path).relative_to(Path.cwd()).as_posix() for i in whole) == found
    return found


def test_without_an_ignore_file_every_file_is_read(book: Path) -> None:
    assert _found("clients") == [
        "clients/acme/inventory.csv",
        "clients/acme/notes.txt",
        "clients/acme/old/inventory-2025.csv",
        "clients/bayside/inventory.csv",
        "clients/bayside/notes.txt",
    ]


def test_a_name_pattern_leaves_the_file_out_at_any_depth(book: Path) -> None:
    (book / IGNORE_FILE).write_text("# notes are not exports\nnotes.txt\n", encoding="utf-8")
    assert _found("clients") == [
        "clients/acme/inventory.csv",
        "clients/acme/old/inventory-2025.csv",
        "clients/bayside/inventory.csv",
    ]


def test_the_root_ignore_file_applies_when_one_client_is_scanned(book: Path) -> None:
    (book / IGNORE_FILE).write_text("notes.txt\nold/\n", encoding="utf-8")
    assert _found("clients/acme") == ["clients/acme/inventory.csv"]


def test_a_pattern_with_a_slash_counts_from_its_own_folder(book: Path) -> None:
    acme = book / "clients" / "acme"
    (acme / IGNORE_FILE).write_text("/notes.txt\nold/*.csv\n", encoding="utf-8")
    assert _found("clients") == [
        "clients/acme/inventory.csv",
        "clients/bayside/inventory.csv",
        "clients/bayside/notes.txt",  # another folder's note: not named by acme's file
    ]


def test_a_folder_pattern_does_not_match_a_file_and_a_bang_takes_one_back(book: Path) -> None:
    (book / IGNORE_FILE).write_text("*.txt/\n", encoding="utf-8")
    assert "clients/acme/notes.txt" in _found("clients")
    (book / IGNORE_FILE).write_text("*.txt\n!clients/bayside/notes.txt\n", encoding="utf-8")
    assert _found("clients") == [
        "clients/acme/inventory.csv",
        "clients/acme/old/inventory-2025.csv",
        "clients/bayside/inventory.csv",
        "clients/bayside/notes.txt",
    ]


def test_a_file_is_taken_back_from_a_folders_files_not_from_a_folder_left_out(book: Path) -> None:
    (book / IGNORE_FILE).write_text("old/\n!acme/old/inventory-2025.csv\n", encoding="utf-8")
    assert "clients/acme/old/inventory-2025.csv" not in _found("clients")  # as git does
    (book / IGNORE_FILE).write_text("old/*\n!old/inventory-2025.csv\n", encoding="utf-8")
    (book / "clients" / IGNORE_FILE).write_text("acme/old/*\n!acme/old/inventory-2025.csv\n")
    assert "clients/acme/old/inventory-2025.csv" in _found("clients")


def test_git_s_any_depth_prefix_reads_as_a_name(book: Path) -> None:
    (book / IGNORE_FILE).write_text("**/notes.txt\n**/old/\n", encoding="utf-8")
    assert _found("clients") == ["clients/acme/inventory.csv", "clients/bayside/inventory.csv"]


def test_a_file_named_on_the_command_line_is_always_read(book: Path) -> None:
    (book / IGNORE_FILE).write_text("notes.txt\n", encoding="utf-8")
    assert _found("clients/acme/notes.txt") == ["clients/acme/notes.txt"]


def test_scan_exits_3_on_a_note_and_1_once_it_is_ignored(book: Path) -> None:
    runner = CliRunner()
    args = ["scan", "clients", "--as-of", AS_OF, "-f", "json"]
    before = runner.invoke(cli, args)
    assert before.exit_code == 3
    assert f"a file that is no inventory can be named in {IGNORE_FILE}" in before.stderr
    (book / IGNORE_FILE).write_text("notes.txt\n", encoding="utf-8")
    after = runner.invoke(cli, args)
    assert after.exit_code == 0, after.stderr  # Ubuntu 22.04 is supported
    report = json.loads(after.stdout)
    assert report["skipped"] == []
    assert "notes.txt" not in after.stderr


def test_a_client_folders_broken_ignore_file_is_said_in_that_client_and_hides_nothing(
    book: Path,
) -> None:
    """A bad ignore file in a client's folder (saved by Notepad in cp1252) is a file not
    read of that client; the client's exports are still read, and its report made."""
    (book / "clients" / "acme" / IGNORE_FILE).write_bytes("# für\nnotes.txt\n".encode("cp1252"))
    result = CliRunner().invoke(cli, ["scan", "clients", "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert {f["client"] for f in report["findings"]} == {"acme", "bayside"}
    assert report["summary"]["hosts"] == 2
    broken = [s for s in report["skipped"] if s["source"].endswith(IGNORE_FILE)]
    assert [(s["client"], "UTF-8" in s["reason"]) for s in broken] == [("acme", True)]


def test_outside_a_repository_the_folders_above_are_not_read(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the run starts does not change what is left out: cron starts in ``$HOME``."""
    (book / ".git").rmdir()
    (book / IGNORE_FILE).write_text("notes.txt\n", encoding="utf-8")
    here = _found("clients")
    monkeypatch.chdir(book / "clients")
    there = sorted(f"clients/{p}" for p in _found("."))
    assert here == there
    assert "clients/acme/notes.txt" in here


def test_an_ignore_file_that_cannot_be_read_is_said_and_hides_nothing(book: Path) -> None:
    (book / IGNORE_FILE).write_bytes(b"notes.txt\n\xff\xfe broken\n")
    inputs = expand_inputs([str(book / "clients")])
    errors = [item.error for item in inputs if item.error]
    assert len(errors) == 1 and IGNORE_FILE in errors[0] and "UTF-8" in errors[0]
    assert any(item.path.endswith("notes.txt") for item in inputs)


@pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX")
def test_an_ignore_file_anyone_may_write_is_not_used(book: Path) -> None:
    ignore = book / IGNORE_FILE
    ignore.write_text("*\n", encoding="utf-8")
    ignore.chmod(0o666)
    found = _found("clients")
    assert "clients/acme/inventory.csv" in found and "clients/acme/notes.txt" in found
    result = CliRunner().invoke(cli, ["scan", "clients", "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 3  # the notes are read, and fail, where everyone sees them
    skipped = json.loads(result.stdout)["skipped"]
    problem = f"{ignore}: this ignore file is writable by every user; not used"
    assert any(problem in entry["reason"] for entry in skipped), skipped
    assert problem in result.stderr


def test_validate_names_what_is_wrong_with_an_ignore_file(book: Path) -> None:
    ignore = book / "clients" / "acme" / IGNORE_FILE
    ignore.write_bytes("# für\nnotes.txt\n".encode("cp1252"))
    result = CliRunner().invoke(cli, ["validate", "clients"])
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert [line for line in lines if IGNORE_FILE in line.split(":")[0]] == [
        f"{Path('clients/acme') / IGNORE_FILE}: not valid UTF-8 text (byte 3)"
    ]
    ignore.write_text("notes.txt\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(ignore)]).exit_code == 0


def test_a_run_with_v_names_each_file_left_out_and_the_pattern_once(book: Path) -> None:
    (book / IGNORE_FILE).write_text("# notes\nnotes.txt\n", encoding="utf-8")
    args = ["scan", "clients", "--as-of", AS_OF, "-f", "json", "-v", "-o", str(book / "r.json")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if "left out" in line]
    assert told == [
        f"eolscan: left out {Path('clients/acme/notes.txt')} ({book / IGNORE_FILE}:2: notes.txt)",
        f"eolscan: left out {Path('clients/bayside/notes.txt')} "
        f"({book / IGNORE_FILE}:2: notes.txt)",
    ]
