"""Constants and helpers shared by every test module (fixtures stay in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eolscan.lifecycles.curated import load_directory
from eolscan.lifecycles.paths import curated_dir

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ASSETS = Path(__file__).resolve().parent / "assets"
AS_OF = "2026-11-23"
"""The date every test evaluates at (the snapshot's own date), never today."""
TEST_CONTROLS = {"EOLSCAN_SHARED", "EOLSCAN_UPDATE_GOLDEN", "EOLSCAN_FUZZ_EXAMPLES"}
"""Variables that steer the test suite itself; every other EOLSCAN_* setting is cleared."""

_CURATED = load_directory(curated_dir())
CURATED_PRODUCTS = len(_CURATED)
"""Products the bundled curated files add to every built or updated database."""
CURATED_CYCLES = sum(len(p["cycles"]) for p in _CURATED.values())
"""Their cycles."""


BOOK_ITEMS = [
    ("os", "Microsoft Windows 10 Pro", "10.0.19045"),
    ("os", "Ubuntu 20.04.6 LTS", ""),
    ("os", "Microsoft Windows Server 2012 R2 Standard", "6.3.9600"),
    ("software", "Google Chrome", "131.0.6778.86"),
    ("software", "Java 8 Update 381", "8.0.3810.9"),
    ("software", "PHP", "7.4.33"),
    ("software", "Node.js", "22.11.0"),
    ("software", "Contoso Practice Manager", "4.2"),
]
"""(kind, name, version) of a synthetic book's rows: end of life, supported and unknown."""


def find_shared() -> Path | None:
    """The shared folder beside the repository (``EOLSCAN_SHARED`` overrides), or None."""
    candidate = Path(os.environ.get("EOLSCAN_SHARED", REPO.parent / "shared"))
    return candidate if (candidate / "endoflife-api").is_dir() else None


DATA_NOTES = (
    "the newest release in the lifecycle data is",
    "the lifecycle data is behind for",
    "the lifecycle data's newest macOS",
)
"""The warnings the bundled lifecycle data earns at the tests' AS_OF: its newest release
is months older than 2026-11-23, and it may know no later cycle of a product whose newest
one has ended. They are true, and tests/app/test_unattended_book.py asserts them; other
tests check the rest of stderr."""


def without_data_notes(stderr: str) -> str:
    """``stderr`` without the bundled data's age warnings (see ``DATA_NOTES``)."""
    lines = stderr.splitlines(keepends=True)
    return "".join(
        line
        for line in lines
        if not line.startswith("eolscan: warning: ")
        or not line.removeprefix("eolscan: warning: ").startswith(DATA_NOTES)
    )


def other_warnings(warnings: list[str]) -> list[str]:
    """A report's ``warnings`` without the bundled data's age warnings."""
    return [note for note in warnings if not note.startswith(DATA_NOTES)]


def symlink_or_skip(link: Path, target: Path | str) -> Path:
    """Make ``link`` point at ``target``, or skip the test where links cannot be made
    (Windows without the privilege to create them)."""
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"cannot make a symbolic link here: {exc}")
    return link
