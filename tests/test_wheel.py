"""The wheel ships the lifecycle database and the rules, and works from an installed copy."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"wheel build failed: {result.stderr[-2000:]}")
    return next(out.glob("eolscan-*.whl"))


def test_wheel_contains_database_and_rules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "eolscan/data/lifecycles.yaml" in names
    assert "eolscan/data/rules.yaml" in names
    # db update merges the curated products shipped with eolscan (docs/data.md)
    assert "eolscan/data/curated/products/msvc-redist.yaml" in names
    data = zipfile.ZipFile(wheel).read("eolscan/data/lifecycles.yaml")
    assert data == (REPO / "data" / "lifecycles.yaml").read_bytes()


def test_installed_wheel_finds_its_bundled_database(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from eolscan.lifecycles.paths import bundled_db_path; print(bundled_db_path())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True
    )
    assert Path(result.stdout.strip()) == target / "eolscan" / "data" / "lifecycles.yaml"
