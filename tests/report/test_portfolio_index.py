"""``--output-dir`` also writes index.html and index.md: clients ranked by exposure, linked."""

from __future__ import annotations

import re
from pathlib import Path

from tests.formats.helpers import REPORTS, relative, scan


def test_the_index_ranks_clients_and_links_their_files(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = scan(
        relative(REPORTS), "--output-dir", str(out), "-f", "html,json", "--fail-on", "never"
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "index.html" in names and "index.md" in names
    markdown = (out / "index.md").read_text(encoding="utf-8")
    rows = [line for line in markdown.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row.split(" | ")[1] for row in rows] == ["Acme Dental", "Bayside Law"]
    assert "| 7 | 6 (86%) |" in rows[0]  # machines, past end of life
    assert "[html](<acme-dental-2026-11-23.html>)" in rows[0]
    html = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', html)
    assert set(links) == {n for n in names if not n.startswith("index.")}
    assert all((out / link).is_file() for link in links)
    assert "<script" not in html and "default-src 'none'" in html


def test_the_index_uses_client_toml_display_names(tmp_path: Path) -> None:
    from tests.helpers import EXAMPLES

    out = tmp_path / "reports"
    result = scan(
        str(EXAMPLES / "harbour-dental"),
        "--output-dir",
        str(out),
        "-f",
        "html",
        "--fail-on",
        "never",
    )
    assert result.exit_code == 0, result.output
    assert "| 1 | Harbour Dental Group Practice Ltd | 30 |" in (out / "index.md").read_text(
        encoding="utf-8"
    )


def test_the_html_portfolio_overview_uses_client_toml_display_names(tmp_path: Path) -> None:
    """A book of two clients, one with a client.toml naming it: the overview of one HTML
    report names that client as its own page does, not by its folder."""
    import shutil

    from tests.helpers import EXAMPLES

    book = tmp_path / "clients"
    shutil.copytree(EXAMPLES / "harbour-dental", book / "harbour-dental")
    shutil.copy(EXAMPLES / "corner-bakery.yaml", book / "corner-bakery.yaml")
    result = scan(str(book), "-f", "html", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    overview = result.stdout.split('<section class="portfolio">', 1)[1].split("</section>")[0]
    assert ">Harbour Dental Group Practice Ltd</a>" in overview
    assert ">harbour-dental</a>" not in overview
