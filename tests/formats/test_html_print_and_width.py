"""The HTML report printed to A4 by Chromium and shown at 900 and 1400 px wide: every column
whole, no blank page, a new page per client, no horizontal overflow.

The client is realistic: 30 machines with long product names, read from a folder whose
path is long, so the source lines under each item are long too. Skipped cleanly when
Chromium or pdftotext is not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.formats.helpers import REPORTS, relative, scan_output
from tests.formats.test_html_in_browser import open_in_chromium
from tests.helpers import EXAMPLES

EXAMPLE = EXAMPLES / "harbour-dental"
LONG_FOLDER = "Harbour Dental Group Practice Ltd (RMM export, 2026-11 monthly inventory)"


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example client under a long path, beside a second, small client."""
    root = tmp_path_factory.mktemp("print") / "Clients"
    shutil.copytree(EXAMPLE, root / LONG_FOLDER)
    return root


def _pdf_pages(html_text: str, tmp: Path, *pdftotext_options: str) -> list[str]:
    """The report printed to A4 by Chromium, as the text of each page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    page = tmp / "report.html"
    page.write_text(html_text, encoding="utf-8")
    pdf = tmp / "report.pdf"
    done = open_in_chromium(page, tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert done.returncode == 0, done.stderr[-2000:]
    text = subprocess.run(
        ["pdftotext", *pdftotext_options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _words(text: str) -> str:
    return " ".join(text.split())


def _printed_whole(phrase: str, words: list[str], reach: int = 40) -> bool:
    """Every word of ``phrase`` printed whole and in order, each within ``reach`` words of
    the one before (pdftotext may put a neighbouring cell's words between them)."""
    wanted = phrase.split()
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        at, found = start, True
        for part in wanted[1:]:
            window = words[at + 1 : at + 1 + reach]
            if part not in window:
                found = False
                break
            at += 1 + window.index(part)
        if found:
            return True
    return False


@pytest.mark.parametrize("audience", ["technician", "client"])
def test_a4_keeps_every_upgrade_target_and_lifecycle_link_whole(
    clients: Path, tmp_path: Path, audience: str
) -> None:
    config = str(clients / LONG_FOLDER / "eolscan.toml")
    html = scan_output(str(clients), "--config", config, "--audience", audience, "-f", "html")
    pages = _pdf_pages(html, tmp_path)
    printed = _words(" ".join(pages))
    words = printed.split()
    plan = json.loads(scan_output(str(clients), "--config", config, "-f", "json"))["plan"]
    targets = re.findall(r"→ ([^<]+)(?:<br><small>[^<]*</small>)?</td>", html)
    assert len(targets) == len(plan) >= 15
    for target in targets:
        assert _printed_whole(target.replace("&#x27;", "'"), words), target
    sites = re.findall(r'<td class="link"><a [^>]*>([^<]+)</a>', html)
    assert len(sites) > 60
    for site in set(sites):  # the lifecycle column is kept, each link whole
        assert printed.count(site) >= sites.count(site), site
    assert all(len(page.split()) >= 5 for page in pages), "a page is (nearly) blank"


def test_each_client_starts_a_new_page_and_no_page_is_blank(clients: Path, tmp_path: Path) -> None:
    bayside = relative(REPORTS / "bayside-law.yaml")
    html = scan_output(str(clients), bayside, "-f", "html")
    pages = _pdf_pages(html, tmp_path)
    starts = {page.split("\n", 1)[0].strip() for page in pages}
    assert {"Bayside Law", "Harbour Dental Group Practice Ltd"} <= starts
    assert all(page.split() for page in pages)
    last = pages[-1]
    assert "Report produced by eolscan" in last or len(last.split()) > 20


def test_no_page_ends_with_a_machine_heading_cut_from_its_rows(
    clients: Path, tmp_path: Path
) -> None:
    """A machine's heading row is printed on the page of its first item, never alone at the
    foot of the page before."""
    config = str(clients / LONG_FOLDER / "eolscan.toml")
    html = scan_output(str(clients), "--config", config, "-f", "html")
    hosts = set(re.findall(r'<tr class="host"><th colspan="\d+">([^ <]+) ', html))
    assert len(hosts) >= 25
    for number, text in enumerate(_pdf_pages(html, tmp_path, "-layout"), start=1):
        lines = [line.split() for line in text.splitlines() if line.strip()]
        assert lines, f"page {number} is blank"
        assert lines[-1][0] not in hosts, f"page {number} ends with {' '.join(lines[-1])}"


def _scroll_width(html_text: str, tmp: Path, width: int) -> tuple[int, int]:
    """(page scroll width, viewport width) at a window ``width`` px wide.

    The report forbids scripts; a copy without its policy gets one that writes both widths
    into the page, which Chromium's DOM dump then shows.
    """
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html_text)
    script = (
        "<script>document.body.insertAdjacentHTML('beforeend','<pre id=\"w\">'"
        "+document.documentElement.scrollWidth+' '+document.documentElement.clientWidth"
        "+'</pre>')</script></body>"
    )
    page = tmp / f"probe-{width}.html"
    page.write_text(probe.replace("</body>", script), encoding="utf-8")
    done = open_in_chromium(page, tmp, f"--window-size={width},1000", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="w">(\d+) (\d+)</pre>', done.stdout)
    assert found, done.stdout[-500:]
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize("width", [900, 1400])
@pytest.mark.parametrize("audience", ["technician", "client"])
def test_no_horizontal_overflow(clients: Path, tmp_path: Path, width: int, audience: str) -> None:
    html = scan_output(str(clients), "--audience", audience, "-f", "html")
    scroll, client_width = _scroll_width(html, tmp_path, width)
    assert client_width <= width
    assert scroll <= client_width, f"{scroll} px of content in a {client_width} px wide page"
