"""Shared test fixtures: a hermetic environment, the repository and ../shared/ locations."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ASSETS = Path(__file__).resolve().parent / "assets"
AS_OF = "2026-11-23"
"""The date every test evaluates at (the snapshot's own date), never today."""

_HERMETIC = Path(tempfile.mkdtemp(prefix="eolscan-tests-"))
TEST_CONTROLS = {"EOLSCAN_SHARED", "EOLSCAN_UPDATE_GOLDEN", "EOLSCAN_FUZZ_EXAMPLES"}
"""Variables that steer the test suite itself; every other EOLSCAN_* setting is cleared."""
for _name in [n for n in os.environ if n.startswith("EOLSCAN_") and n not in TEST_CONTROLS]:
    del os.environ[_name]  # settings such as EOLSCAN_FAIL_ON must not leak into tests
os.environ["EOLSCAN_CACHE_DIR"] = str(_HERMETIC / "cache")
os.environ["XDG_DATA_HOME"] = str(_HERMETIC / "data")
os.environ["XDG_CACHE_HOME"] = str(_HERMETIC / "xdg-cache")
os.environ.pop("EOLSCAN_DB", None)
os.environ.pop("EOLSCAN_OVERLAY", None)
os.environ["NO_COLOR"] = "1"
os.environ.pop("COLUMNS", None)  # the table is 120 wide unless COLUMNS says otherwise


def find_shared() -> Path | None:
    """The shared folder beside the repository (``EOLSCAN_SHARED`` overrides), or None."""
    candidate = Path(os.environ.get("EOLSCAN_SHARED", REPO.parent / "shared"))
    return candidate if (candidate / "endoflife-api").is_dir() else None


@pytest.fixture
def shared_dir() -> Path:
    """``../shared/``; the test is skipped cleanly when the repository stands alone."""
    found = find_shared()
    if found is None:
        pytest.skip("../shared/ is not present beside the repository")
    return found


@pytest.fixture
def as_of() -> str:
    """The fixed evaluation date for tests."""
    return AS_OF
