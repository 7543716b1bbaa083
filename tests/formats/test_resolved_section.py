"""The terminal table's "Resolved since" section stays readable and bounded however many
findings were resolved: each one up to a screenful, then a roll-up by client and what they
were (``--all``: each one, as a line past a few thousand, written as it is read)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.formats.interface import ROLLUP_THRESHOLD
from eolscan.formats.table import LINES_THRESHOLD

ITEMS = [("os", "Microsoft Windows 10 Pro", "10.0.19045"), ("software", "PHP", "7.4.33")]


def inventory(path: Path, hosts: int) -> Path:
    rows = ["client,host,kind,name,version"]
    for host in range(hosts):
        rows += [f"Dental,PC-{host:05d},{kind},{name},{version}" for kind, name, version in ITEMS]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def resolved_section(tmp_path: Path, hosts: int, *extra: str) -> list[str]:
    """The section when all but one of ``hosts`` machines are gone since last month."""
    before = inventory(tmp_path / "before.csv", hosts)
    saved = tmp_path / "before.json"
    runner = CliRunner()
    made = runner.invoke(cli, ["scan", str(before), "--as-of", "2026-11-01", "-o", str(saved)])
    assert made.exit_code == 1, made.output
    now = inventory(tmp_path / "now.csv", 1)
    result = runner.invoke(
        cli,
        ["scan", str(now), "--as-of", "2026-12-06", "--baseline", str(saved), *extra],
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    start = next(at for at, line in enumerate(lines) if line.startswith("Resolved since"))
    end = next(at for at, line in enumerate(lines) if line.startswith("1 host, 2 items"))
    return lines[start:end]


def test_a_few_resolved_findings_are_listed_each(tmp_path: Path) -> None:
    section = resolved_section(tmp_path, 4)
    assert section[0].rstrip() == "Resolved since 2026-11-01"
    assert sum("PC-0000" in line for line in section) == 6  # 3 machines gone, 2 items each


def test_many_resolved_findings_are_rolled_up_by_client_and_what_they_were(
    tmp_path: Path,
) -> None:
    hosts = ROLLUP_THRESHOLD // 2 + 11
    section = resolved_section(tmp_path, hosts)
    gone = hosts - 1
    assert section[0].rstrip() == f"Resolved since 2026-11-01: {2 * gone:,} items"
    assert not any("PC-" in line for line in section)
    rows = [line.split() for line in section if line.startswith(" Dental")]
    assert [row[-1] for row in rows] == [str(gone), str(gone)]
    assert section[-1] == "--all lists every resolved item."


@pytest.mark.parametrize("hosts", [ROLLUP_THRESHOLD, LINES_THRESHOLD // 2 + 2])
def test_all_lists_each_resolved_finding_as_a_table_or_as_lines(tmp_path: Path, hosts: int) -> None:
    section = resolved_section(tmp_path, hosts, "--all")
    gone = [line for line in section if "PC-" in line]
    assert len(gone) == 2 * (hosts - 1)
    if 2 * (hosts - 1) > LINES_THRESHOLD:  # one line each: client, host, item (was)
        assert section[1].split() == ["CLIENT", "HOST", "ITEM", "(WAS)"]
        assert gone[0].split()[:3] == ["Dental", "PC-00001", "Microsoft"]
        assert gone[0].endswith("(eol (Microsoft Windows 10 22H2))")
