"""Shared test fixtures: a hermetic environment, the repository and ../shared/ locations."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers import AS_OF, TEST_CONTROLS, find_shared

_HERMETIC = Path(tempfile.mkdtemp(prefix="eolscan-tests-"))
for _name in [n for n in os.environ if n.startswith("EOLSCAN_") and n not in TEST_CONTROLS]:
    del os.environ[_name]  # settings such as EOLSCAN_FAIL_ON must not leak into tests


os.environ["EOLSCAN_CACHE_DIR"] = str(_HERMETIC / "cache")
os.environ["XDG_DATA_HOME"] = str(_HERMETIC / "data")
os.environ["XDG_CACHE_HOME"] = str(_HERMETIC / "xdg-cache")
os.environ.pop("EOLSCAN_DB", None)
os.environ.pop("EOLSCAN_OVERLAY", None)
os.environ["NO_COLOR"] = "1"
os.environ.pop("COLUMNS", None)  # the table is 120 wide unless COLUMNS says otherwise


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
