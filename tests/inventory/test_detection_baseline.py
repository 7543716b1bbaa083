"""Adding readers must not change how the existing sample files are detected.

``detection_baseline.json`` records, for every sample file of the test suite that was
recognised before the agent readers came, the format that recognised it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eolscan.inventory.registry import detect_reader
from eolscan.inventory.text import read_source
from tests.helpers import REPO

BASELINE: dict[str, str] = json.loads(
    (Path(__file__).parent / "detection_baseline.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(("path", "reader"), sorted(BASELINE.items()))
def test_each_sample_is_detected_as_before(path: str, reader: str) -> None:
    file = REPO / path
    if not file.is_file():
        pytest.skip(f"{path} is no longer in the repository")
    assert detect_reader(read_source(str(file))).name == reader
