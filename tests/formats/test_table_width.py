"""The table's width: 120 columns in files and pipes, unless ``COLUMNS`` names another."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, EXAMPLES


def _widest_line(env: dict[str, str]) -> int:
    result = CliRunner().invoke(
        cli, ["scan", str(EXAMPLES / "acme-dental.yaml"), "--as-of", AS_OF], env=env
    )
    assert result.exit_code == 1, result.stdout
    lines = result.stdout.splitlines()  # a warning keeps to one line, however long
    assert not [line for line in lines if line.endswith(" ")]  # a file's lines are not padded
    return max(len(line) for line in lines if not line.startswith("warning: "))


@pytest.mark.parametrize("columns", ["100", "140"])
def test_columns_sets_the_width_of_a_piped_table(columns: str) -> None:
    # the rule under the headings spans the table but for its last pad (no line ends in a
    # space); the footer's words may reach the last column
    assert int(columns) - 1 <= _widest_line({"COLUMNS": columns}) <= int(columns)


@pytest.mark.parametrize("columns", ["", "wide", "10"])
def test_piped_table_is_120_wide_without_a_usable_columns(columns: str) -> None:
    assert 119 <= _widest_line({"COLUMNS": columns}) <= 120


def test_columns_sets_the_width_of_a_piped_diff(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    scan = ["scan", str(EXAMPLES / "acme-dental.yaml"), "-f", "json"]
    CliRunner().invoke(cli, [*scan, "--as-of", "2025-01-01", "-o", str(old)])
    CliRunner().invoke(cli, [*scan, "--as-of", AS_OF, "-o", str(new)])
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)], env={"COLUMNS": "100"})
    assert result.exit_code == 1
    assert max(len(line) for line in result.stdout.splitlines()) == 100
