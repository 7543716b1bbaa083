"""The HTML report opened in real headless Chromium: counts render, no console errors, no requests.

Skipped cleanly when Chromium is not installed (``.ci/run`` installs it in CI).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.formats.helpers import HOSTILE, REPORTS, relative, scan

LIFECYCLE_HOSTS = ("https://endoflife.date",)


def find_chromium() -> str | None:
    """The system Chromium, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass
class Page:
    """What the browser made of a report: its DOM and its console log lines."""

    dom: str
    console: list[str]


def open_in_chromium(html_file: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local file with networking off (names resolve nowhere)."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed")
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        html_file.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


def load(html_text: str, tmp: Path) -> Page:
    """Write the report, let Chromium render it and return the resulting DOM."""
    path = tmp / "report.html"
    path.write_text(html_text, encoding="utf-8")
    done = open_in_chromium(path, tmp, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    return Page(done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line])


class Elements(HTMLParser):
    """Every element and its attributes, and the visible text, of a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(dom: str) -> Elements:
    parser = Elements()
    parser.feed(dom)
    return parser


@pytest.fixture(scope="module")
def golden_page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    html_text = scan(relative(REPORTS), "-f", "html").stdout
    return load(html_text, tmp_path_factory.mktemp("html"))


def test_report_renders_without_console_messages(golden_page: Page) -> None:
    assert golden_page.console == []
    assert "<h1>End-of-life report: 2 clients</h1>" in golden_page.dom


def test_report_shows_the_expected_counts(golden_page: Page) -> None:
    text = " ".join(" ".join(parse(golden_page.dom).text).split())
    assert "6 of 7 machines run software that no longer receives security fixes." in text
    assert "1 of 3 machines runs software that no longer receives security fixes." in text
    assert "Across 2 clients, 7 of 10 machines run software" in text
    assert "15 End of life" in text and "0 Ends soon" in text and "4 Ends soon" in text


def test_report_makes_no_external_requests(golden_page: Page) -> None:
    elements = parse(golden_page.dom).tags
    assert not [
        tag for tag, _ in elements if tag in ("script", "iframe", "object", "embed", "link")
    ]
    for tag, attrs in elements:
        assert "src" not in attrs or not attrs["src"].startswith(("http:", "https:", "//")), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "a" and attrs.get("href", "").startswith("http"):
            assert attrs["href"].startswith(LIFECYCLE_HOSTS)
    csp = [
        a for t, a in elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_report_screenshot_is_a_png(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(scan(relative(REPORTS), "-f", "html").stdout, encoding="utf-8")
    shot = tmp_path / "report.png"
    done = open_in_chromium(path, tmp_path, f"--screenshot={shot}", "--window-size=1200,1800")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_hostile_names_render_as_text(tmp_path: Path) -> None:
    page = load(scan(relative(HOSTILE / "hostile-names.yaml"), "-f", "html").stdout, tmp_path)
    elements = parse(page.dom)
    tags = [tag for tag, _ in elements.tags]
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert not any(name.startswith("on") for _, attrs in elements.tags for name in attrs)
    text = "".join(elements.text)
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "ESC\\x1b[31mRED\\x1b[0m\\x07" in text
    assert page.console == []


def test_report_prints_to_pdf_with_a_page_per_client(tmp_path: Path) -> None:
    import re

    path = tmp_path / "report.html"
    path.write_text(scan(relative(REPORTS), "-f", "html").stdout, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = open_in_chromium(path, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 3, "the portfolio and each of the two clients start on a new page"
