"""Every registered format is named in ``scan --help`` and documented in the README."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from eolscan.cli import cli
from eolscan.formats.interface import EXTENSIONS, FORMATS
from tests.conftest import REPO


def readme_formats_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Report formats")
    return text[start : text.index("\n## ", start + 1)]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_is_in_the_readme_table(name: str) -> None:
    assert f"\n| `{name}` |" in readme_formats_section()


def test_scan_help_names_every_format() -> None:
    help_text = " ".join(CliRunner().invoke(cli, ["scan", "--help"]).output.split())
    for name in FORMATS:
        assert name in help_text
    for extension in (".json", ".csv", ".md", ".html", ".sarif", ".xml", ".ics", ".txt"):
        assert extension in EXTENSIONS and extension in help_text


def test_readme_documents_baseline_diff_and_output_safety() -> None:
    section = readme_formats_section()
    assert "--baseline FILE" in section and "eolscan diff OLD.json NEW.json" in section
    assert "### Outputs that cannot be turned against their reader" in section
    assert "EOLSCAN_UPDATE_GOLDEN=1" in section
