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
