"""Settings and accepted-risk files are found only inside the user's project, and only if theirs.

A file planted in a shared parent directory (``/tmp``, ``/home``) must not change a scan;
a file others may write to is refused with one line, exit 3.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.support.discovery import search_dirs
from tests.helpers import AS_OF, EXAMPLES

posix_only = pytest.mark.skipif(os.name != "posix", reason="mode bits and owners are POSIX")


@pytest.fixture
def shared_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A planted eolscan.toml and eolscan-accept.yaml in a parent of a project without .git."""
    (tmp_path / "eolscan.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    (tmp_path / "eolscan-accept.yaml").write_text(
        "accept:\n  - {product: windows, reason: planted, until: 2099-01-01}\n", encoding="utf-8"
    )
    project = tmp_path / "project" / "sub"
    project.mkdir(parents=True)
    (project / "acme.yaml").write_bytes((EXAMPLES / "acme-dental.yaml").read_bytes())
    monkeypatch.chdir(project)
    return tmp_path


def test_files_in_a_shared_parent_are_not_used(shared_parent: Path) -> None:
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "acme.yaml", "-f", "json"])
    assert result.exit_code == 1  # fail_on stays "eol": the planted "never" is not read
    assert '"accepted": 0' in result.stdout or '"accepted"' not in result.stdout
    shown = CliRunner().invoke(cli, ["config", "show"])
    assert shown.stdout.splitlines()[0] == (
        "config file: none (no eolscan.toml here or above, up to the repository root)"
    )


def test_search_climbs_to_the_repository_root_only(tmp_path: Path) -> None:
    deep = tmp_path / "repo" / "a" / "b"
    deep.mkdir(parents=True)
    assert search_dirs(deep) == [deep]
    assert search_dirs(deep, tmp_path / "repo") == [deep, deep.parent, tmp_path / "repo"]
    (tmp_path / "repo" / ".git").mkdir()
    assert search_dirs(deep) == [deep, deep.parent, tmp_path / "repo"]


@posix_only
def test_a_settings_file_others_may_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    settings = tmp_path / "eolscan.toml"
    settings.write_text('fail_on = "never"\n', encoding="utf-8")
    settings.chmod(0o666)
    monkeypatch.chdir(tmp_path / "sub")
    for args in (["scan", "--as-of", AS_OF, "x.yaml"], ["config", "show"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 3
        assert result.stderr.splitlines() == [
            "eolscan: error: ../eolscan.toml: this settings file is writable by every user; "
            "not used (fix its owner or mode, e.g. chmod go-w, or name it with --config)"
        ]
    settings.chmod(0o644)
    shown = CliRunner().invoke(cli, ["config", "show"])
    assert shown.stdout.splitlines()[0] == (
        "config file: ../eolscan.toml (found from here up to the repository root)"
    )


@posix_only
def test_an_accepted_risk_file_others_may_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    accept = tmp_path / "eolscan-accept.yaml"
    accept.write_text("accept: []\n", encoding="utf-8")
    accept.chmod(0o666)
    (tmp_path / "acme.yaml").write_bytes((EXAMPLES / "acme-dental.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "acme.yaml"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "eolscan: error: eolscan-accept.yaml: this accepted-risk file is writable by every user; "
        "not used (fix its owner or mode, e.g. chmod go-w, or name it with --accept)"
    ]
    named = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, "acme.yaml", "--accept", str(accept)]
    )
    assert named.exit_code == 1  # a file named on the command line is the user's choice


@posix_only
def test_a_file_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    from eolscan.support.discovery import untrusted_reason

    mine = tmp_path / "eolscan.toml"
    mine.write_text("", encoding="utf-8")
    assert untrusted_reason(mine) is None
    if os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(mine, 65534, -1)
    assert untrusted_reason(mine) == "owned by another user (uid 65534)"
