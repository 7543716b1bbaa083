"""Every registered format is named in ``scan --help`` and documented in docs/reports.md."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.formats.interface import EXTENSIONS, FORMATS
from tests.helpers import REPO


def formats_section() -> str:
    text = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")
    start = text.index("## Report formats")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_is_in_the_formats_table(name: str) -> None:
    assert f"\n| `{name}` |" in formats_section()


def test_scan_help_names_every_format() -> None:
    help_text = " ".join(CliRunner().invoke(cli, ["scan", "--help"]).output.split())
    for name in FORMATS:
        assert name in help_text
    for extension in (".json", ".csv", ".md", ".html", ".sarif", ".xml", ".ics", ".txt"):
        assert extension in EXTENSIONS and extension in help_text


def test_docs_document_baseline_diff_and_output_safety() -> None:
    section = formats_section()
    assert "--baseline FILE" in section and "eolscan diff OLD.json NEW.json" in section
    assert "### Outputs that cannot be turned against their reader" in section
    assert "EOLSCAN_UPDATE_GOLDEN=1" in section
