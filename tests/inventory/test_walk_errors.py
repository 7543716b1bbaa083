"""A folder that cannot be listed is one broken input, named, while the rest is still read."""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.registry import expand_inputs
from tests.helpers import AS_OF


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two client folders; listing ``b`` fails as an unreadable folder does (EACCES), also
    for root, who can list any folder on disk."""
    for name in ("a", "b"):
        (tmp_path / "clients" / name).mkdir(parents=True)
        (tmp_path / "clients" / name / "inv.csv").write_text(
            f"client,host,kind,name,version\n{name},H1,os,Ubuntu,22.04\n", encoding="utf-8"
        )
    locked = tmp_path / "clients" / "b"
    listing = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self.absolute() == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "clients"


def test_the_walk_turns_an_unreadable_folder_into_a_failing_input(book: Path) -> None:
    inputs = expand_inputs(["clients"])
    assert [(i.path, i.error) for i in inputs] == [
        (str(Path("clients/a/inv.csv")), ""),
        (str(Path("clients/b")), f"{Path('clients/b')}: cannot read folder: Permission denied"),
    ]


def test_scan_names_the_folder_reports_the_rest_and_exits_3(book: Path) -> None:
    result = CliRunner().invoke(cli, ["scan", "clients", "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 3
    folder = Path("clients/b")
    assert (
        f"eolscan: warning: {folder}: file not read: cannot read folder: Permission denied"
        in result.stderr.splitlines()
    )
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["summary"]["clients"] == 1


def test_the_only_input_unreadable_is_one_error_line(book: Path) -> None:
    result = CliRunner().invoke(cli, ["scan", "clients/b", "--as-of", AS_OF])
    assert result.exit_code == 3
    folder = Path("clients/b")
    assert result.stderr == (f"eolscan: error: {folder}: cannot read folder: Permission denied\n")
