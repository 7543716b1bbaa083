"""docs/architecture.md names real modules: every path it gives exists under src/eolscan/."""

from __future__ import annotations

import re

from tests.helpers import REPO

PAGE = REPO / "docs" / "architecture.md"
SRC = REPO / "src" / "eolscan"


def named_paths() -> set[str]:
    """Modules such as ``app/scan.py`` or ``model.py``, and folders written as ```cli/```."""
    text = PAGE.read_text("utf-8")
    found = set(re.findall(r"\b((?:[a-z_]+/)*[a-z_]+\.py)\b", text))
    found |= set(re.findall(r"`((?:[a-z_]+/)+)`", text))
    return {path for path in found if not path.startswith(("docs/", "tests/", "data/"))}


def test_every_path_on_the_architecture_page_exists() -> None:
    paths = named_paths()
    assert "app/scan.py" in paths  # the page is read as expected
    package_files = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")}
    folders = {p.relative_to(SRC).as_posix() + "/" for p in SRC.rglob("*") if p.is_dir()}
    missing = sorted(
        path
        for path in paths
        if path not in folders
        and path not in package_files
        and not any(f.endswith("/" + path) for f in package_files | folders)
    )
    assert missing == []


def test_every_layer_package_is_on_the_page() -> None:
    text = PAGE.read_text("utf-8")
    packages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").is_file())
    assert [name for name in packages if f"`{name}/`" not in text] == []
