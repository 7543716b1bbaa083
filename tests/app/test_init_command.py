"""``eolscan init``: a starter repository that validates and scans, never overwriting a file."""

from __future__ import annotations

from pathlib import Path

from eolscan.cli.commands.init import STARTER, starter_text
from tests.app.helpers import run
from tests.helpers import AS_OF, REPO


def test_init_creates_every_starter_file(tmp_path: Path) -> None:
    target = tmp_path / "repo"
    result = run(["init", str(target)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"created {target / name}" for name in STARTER]
    for name, template in STARTER.items():
        assert (target / name).read_text() == starter_text(template)


def test_init_never_overwrites_and_says_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "eolscan.toml").write_text("warn_days = 30\n")
    result = run(["init", str(tmp_path)])
    assert result.exit_code == 0
    assert f"skipped {tmp_path / 'eolscan.toml'} (already exists)" in result.stdout.splitlines()
    assert (tmp_path / "eolscan.toml").read_text() == "warn_days = 30\n"
    again = run(["init", str(tmp_path)])
    assert again.stdout.splitlines() == [
        f"skipped {tmp_path / name} (already exists)" for name in STARTER
    ]


def test_init_refuses_a_file_as_directory(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = run(["init", str(target)])
    assert (result.exit_code, result.stderr) == (
        3,
        f"eolscan: error: {target}: exists and is not a directory\n",
    )


def test_starter_repository_validates_and_scans(starter_repo: Path) -> None:
    assert run(["validate", "inventories/", "eolscan-accept.yaml", "eolscan.toml"]).exit_code == 0
    result = run(["scan", "inventories/", "--as-of", AS_OF])
    assert result.exit_code == 1  # the example holds end-of-life systems on purpose
    assert "Example Client" in result.stdout


def test_starter_workflow_is_the_documented_github_example() -> None:
    assert (
        starter_text("github-workflow.yml")
        == (REPO / "examples" / "ci" / "github-actions.yml").read_text()
    )
