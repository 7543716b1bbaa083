"""Words a client reads where the data has only a flag, and warnings kept on one line."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF

INVENTORY = """\
client: Flags
hosts:
  - {name: MAC01, os: macOS Sonoma, os_version: "14.5"}
"""
ACCEPT = """\
accept:
  - client: Flags
    host: "some-host-whose-name-is-long-enough-to-push-the-warning-past-the-table-width"
    product: ubuntu
    reason: gone
    until: 2027-01-01
"""


def _scan(tmp_path: Path, *args: str) -> str:
    inventory = tmp_path / "flags.yaml"
    inventory.write_text(INVENTORY)
    (tmp_path / "accept.yaml").write_text(ACCEPT)
    argv = ["scan", str(inventory), "--as-of", AS_OF, "--accept", str(tmp_path / "accept.yaml")]
    result = CliRunner().invoke(cli, [*argv, *args])
    assert result.exit_code == 0, result.stdout
    return result.stdout


def test_an_end_not_announced_is_said_so_not_no(tmp_path: Path) -> None:
    table = _scan(tmp_path)
    row = next(line for line in table.splitlines() if "MAC01" in line)
    assert re.search(r"supported +not announced", row)
    assert "| 🟢 supported | not announced |" in _scan(tmp_path, "-f", "markdown")
    assert '<span class="phase">security</span> not announced' in _scan(tmp_path, "-f", "html")


def test_a_long_warning_stays_on_one_line_in_the_table(tmp_path: Path) -> None:
    lines = _scan(tmp_path).splitlines()
    warning = next(line for line in lines if line.startswith("warning: ") and "accepted" in line)
    assert warning.endswith("remove it or correct client, host, product or cycle")
