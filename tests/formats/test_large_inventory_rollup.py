"""Large inventories roll up per product in the human formats, unless --all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.helpers import scan

HOSTS = 260


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    """260 machines: most on Windows 10 22H2 with PHP 7.4, a few on Ubuntu 24.04."""
    lines = ["client: Big Fleet", "hosts:"]
    for n in range(HOSTS):
        if n % 10 == 0:
            lines += [f"  - name: LNX-{n:04d}", "    os: Ubuntu 24.04 LTS"]
        else:
            lines += [
                f"  - name: PC-{n:04d}",
                "    os: Microsoft Windows 10 Pro",
                "    os_version: 10.0.19045",
            ]
            lines += ["    software:", "      - {name: PHP, version: 7.4.33}"]
    path = tmp_path / "fleet.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_table_rolls_up_by_product_above_200_items(fleet: Path) -> None:
    result = scan(str(fleet), "--fail-on", "never")
    assert "Windows 10 22H2" in result.stdout and "234" in result.stdout
    assert "PC-0001, PC-0002," in result.stdout and "PC-0004" not in result.stdout
    assert "494 items rolled up by product; --all lists every item." in result.stdout
    assert result.stdout.count("PC-0001") == 2


def test_all_lists_every_item(fleet: Path) -> None:
    result = scan(str(fleet), "--fail-on", "never", "--all", "-f", "markdown")
    rows = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("| PC-") or line.startswith("| LNX-")
    ]
    assert len(rows) == 234 * 2 + 26


def test_markdown_and_html_roll_up_too(fleet: Path) -> None:
    markdown = scan(str(fleet), "--fail-on", "never", "-f", "markdown").stdout
    assert (
        "| Microsoft Windows 10 22H2 | 🔴 eol | 234 | PC-0001, PC-0002, PC-0003, ... |" in markdown
    )
    html = scan(str(fleet), "--fail-on", "never", "-f", "html").stdout
    assert "<h3>Software by product</h3>" in html and html.count("<tr>") < 20


def test_a_small_client_beside_a_large_one_keeps_its_whole_table(
    fleet: Path, tmp_path: Path
) -> None:
    """The roll-up is each client's own: beside a fleet of 494 items, a client of three
    machines is listed item by item, as Markdown and HTML list it."""
    small = tmp_path / "corner.yaml"
    small.write_text(
        "client: Corner Shop\nhosts:\n"
        "  - {name: TILL-1, os: Microsoft Windows 10 Pro, os_version: 10.0.19045}\n",
        encoding="utf-8",
    )
    result = scan(str(fleet), str(small), "--fail-on", "never")
    corner = result.stdout.split("Corner Shop:", 1)[1].split("Big Fleet:", 1)[0]
    assert " Host " in corner and "TILL-1" in corner  # a table of items, not of products
    assert "494 items of 1 client rolled up by product; --all lists every item." in (result.stdout)
