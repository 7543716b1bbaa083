"""Regenerate docs/images/harbour-dental-report.png: the example client's report, as sent.

Runs ``eolscan scan examples/harbour-dental`` with that folder's settings (client audience,
branding, costs) at a fixed date, then lets headless Chromium photograph the page. Needs
Chromium; makes no network request (host names resolve nowhere).

    python docs/images/make_screenshot.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "harbour-dental"
OUTPUT = REPO / "docs" / "images" / "harbour-dental-report.png"
AS_OF = "2026-11-23"
WINDOW = "1100,1700"


def chromium() -> str:
    """The installed Chromium or Chrome."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("make_screenshot: Chromium is not installed")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="eolscan-shot-") as tmp:
        page = Path(tmp) / "report.html"
        scan = [sys.executable, "-m", "eolscan", "scan", str(EXAMPLE), "--as-of", AS_OF]
        scan += ["--config", str(EXAMPLE / "eolscan.toml"), "--fail-on", "never", "-o", str(page)]
        subprocess.run(scan, check=True, cwd=REPO)
        shot = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--window-size={WINDOW}",
            f"--screenshot={OUTPUT}",
            page.as_uri(),
        ]
        subprocess.run(shot, check=True, capture_output=True, timeout=120)
    print(f"wrote {OUTPUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
