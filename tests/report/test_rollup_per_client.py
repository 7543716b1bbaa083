"""The roll-up is decided per client: a small client's pages do not change because a large
one was scanned in the same run."""

from __future__ import annotations

import re
from pathlib import Path

from tests.formats.helpers import REPORTS, relative, scan


def _fleet(tmp_path: Path) -> Path:
    lines = ["client: Big Fleet", "hosts:"]
    for n in range(260):
        lines += [f"  - name: PC-{n:04d}", "    os: Microsoft Windows 10 Pro"]
        lines += ["    os_version: 10.0.19045"]
    path = tmp_path / "fleet.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _section(text: str, start: str, *ends: str) -> str:
    """From ``start`` to the first of ``ends`` after it."""
    part = text[text.index(start) :]
    return part[: min(part.find(end) % (len(part) + 1) for end in ends)]


def test_a_small_clients_section_is_the_same_alone_and_beside_a_large_one(tmp_path: Path) -> None:
    bayside = relative(REPORTS / "bayside-law.yaml")
    fleet = str(_fleet(tmp_path))
    alone = scan(bayside, "-f", "markdown", "--fail-on", "never").stdout
    together = scan(fleet, bayside, "-f", "markdown", "--fail-on", "never").stdout
    assert "| PC-0001 |" not in together  # the large client is rolled up
    assert _section(alone, "## Bayside Law", "\n_Lifecycle", "\n## ") == _section(
        together, "## Bayside Law", "\n_Lifecycle", "\n## "
    )
    html_alone = scan(bayside, "-f", "html", "--fail-on", "never").stdout
    html_together = scan(fleet, bayside, "-f", "html", "--fail-on", "never").stdout
    own = _section(
        html_alone, '<section class="client"', "<footer>", '<section class="client" id="client-2"'
    )
    shared = _section(
        html_together,
        '<section class="client"',
        "<footer>",
        '<section class="client" id="client-2"',
    )
    assert re.sub(r'id="client-\d+"', "", own) == re.sub(r'id="client-\d+"', "", shared)
    assert "Machines and software" in own and "Software by product" in html_together


def test_a_rolled_up_package_row_says_it_is_upgraded_with_its_release(tmp_path: Path) -> None:
    """Past the roll-up threshold, a distribution build's row says what the full table says
    in "Upgrade to": ``with CentOS 7``, not nothing."""
    lines = ["client: Acme", "hosts:"]
    for n in range(80):
        lines += [
            f"  - name: APP{n:02d}",
            "    os: CentOS Linux 7",
            "    os_version: '7.9.2009'",
            "    software:",
            "      - {name: openssl, version: 1.0.2k-26.el7_9}",
            "      - {name: php, version: 5.4.16-48.el7}",
        ]
    inventory = tmp_path / "acme.yaml"
    inventory.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = scan(str(inventory), "-f", "table", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "OpenSSL" in line or "PHP" in line]
    assert len(rows) == 2 and all(row.rstrip().endswith("with CentOS 7") for row in rows), rows


def test_a_products_builds_of_two_releases_are_rolled_up_apart(tmp_path: Path) -> None:
    """Apache built by Ubuntu 14.04 and by Ubuntu 16.04 ended on different days and is
    upgraded with a different release: two rows, each with its own date and release, not
    one row that names the first release for every machine."""
    lines = ["client: Web Farm", "hosts:"]
    for n in range(1, 71):
        release, apache = (
            ("14.04.6", "2.4.7-1ubuntu4.22") if n % 2 else ("16.04.7", "2.4.18-2ubuntu3.17")
        )
        lines += [
            f"  - name: WEB{n:02d}",
            f"    os: Ubuntu {release} LTS",
            "    software:",
            f"      - {{name: apache2, version: {apache}}}",
            "      - {name: Node.js, version: 14.21.3}",
        ]
    inventory = tmp_path / "farm.yaml"
    inventory.write_text("\n".join(lines) + "\n", encoding="utf-8")
    markdown = scan(str(inventory), "-f", "markdown", "--fail-on", "never").stdout
    rows = [line for line in markdown.splitlines() if line.startswith("| Apache")]
    assert len(rows) == 2, markdown
    assert "| 35 | WEB01, WEB03, WEB05, ... | 2019-04-02 |" in rows[0]
    assert rows[0].endswith("| with Ubuntu 14.04 |")
    assert "| 35 | WEB02, WEB04, WEB06, ... | 2021-04-02 |" in rows[1]
    assert rows[1].endswith("| with Ubuntu 16.04 |")
