"""Adding readers must not change how the existing sample files are detected.

``detection_baseline.json`` records, for every sample file of the test suite that was
recognised before the agent readers came, the format that recognised it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eolscan.inventory.registry import READERS, detect_reader
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


def test_the_documented_detection_order_is_the_registrys() -> None:
    """docs/inputs.md lists every format in the order detection tries them."""
    text = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")
    start = text.index("All formats, most specific first")
    paragraph = text[start : text.index("\n\n", start)]
    assert re.findall(r"`([a-z_-]+)`", paragraph) == list(READERS)
