"""The test tree's own habits: helpers in helpers.py modules, fixtures in conftest.py."""

from __future__ import annotations

import re

from tests.helpers import REPO


def test_no_test_imports_from_a_conftest_module() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "tests").rglob("*.py"))
        if re.search(r"^from tests(\.\w+)*\.conftest import", path.read_text("utf-8"), re.M)
    ]
    assert offenders == []


EXTRA_FOLDERS = {"corpora", "golden", "hardening", "assets"}
"""Test folders that mirror no package: real-world files, golden reports, hostile inputs and
the small files tests read (docs/architecture.md names each)."""


def test_test_folders_mirror_the_packages() -> None:
    """Each folder of tests/ is a package of src/eolscan/ (its tests) or one of the few others."""
    source = REPO / "src" / "eolscan"
    packages = {p.name for p in source.iterdir() if (p / "__init__.py").is_file()}
    folders = {
        p.name
        for p in (REPO / "tests").iterdir()
        if p.is_dir() and not p.name.startswith((".", "__"))
    }
    assert folders - packages - EXTRA_FOLDERS == set()
    assert packages - folders <= {
        "support"
    }  # tested through tests/hardening (atomic files, limits)
