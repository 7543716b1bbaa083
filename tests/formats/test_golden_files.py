"""Every registered format against its golden file, at a fixed --as-of with colour off.

Regenerate after an intended change with ``EOLSCAN_UPDATE_GOLDEN=1 python -m pytest
tests/formats/test_golden_files.py`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eolscan.formats.interface import EXTENSIONS, FORMATS, format_for_path, get_format
from tests.formats.helpers import GOLDEN, REPORTS, relative, scan
from tests.helpers import without_data_notes

SUFFIX = {"table": "txt", "markdown": "md", "junit": "xml"}


def golden_path(name: str) -> Path:
    """``tests/golden/report.<ext>`` for a format."""
    return GOLDEN / f"report.{SUFFIX.get(name, name)}"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_matches_its_golden_file(name: str) -> None:
    result = scan(relative(REPORTS), "--format", name, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    path = golden_path(name)
    if os.environ.get("EOLSCAN_UPDATE_GOLDEN"):
        path.write_bytes(result.stdout_bytes)
    assert path.exists(), f"no golden file for {name}; run with EOLSCAN_UPDATE_GOLDEN=1"
    assert result.stdout_bytes == path.read_bytes()


def test_every_registered_format_has_a_golden_file() -> None:
    missing = [name for name in FORMATS if not golden_path(name).exists()]
    assert missing == []


def test_registry_names_and_extensions_agree() -> None:
    for name in FORMATS:
        renderer = get_format(name)
        assert renderer.name == name
        for extension in renderer.extensions:
            assert format_for_path(f"out{extension}") == name
    assert set(EXTENSIONS.values()) <= set(FORMATS)


def test_extension_picks_the_longest_match() -> None:
    assert format_for_path("scan.sarif.json") == "sarif"
    assert format_for_path("report.JSON") == "json"
    assert format_for_path("TEST-eolscan.junit.xml") == "junit"
    assert format_for_path("report.pdf") is None


def test_several_outputs_in_one_run_each_match_their_golden_file(tmp_path: Path) -> None:
    names = {
        "html": "report.html",
        "csv": "report.csv",
        "ics": "report.ics",
        "junit": "ci.junit.xml",
    }
    args = [arg for name in names.values() for arg in ("-o", str(tmp_path / name))]
    result = scan(relative(REPORTS), *args, "--fail-on", "never")
    assert result.exit_code == 0 and result.stdout == ""
    assert without_data_notes(result.stderr) == ""
    for format_name, file_name in names.items():
        assert (tmp_path / file_name).read_bytes() == golden_path(format_name).read_bytes()
