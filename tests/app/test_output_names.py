"""``-o`` under a name that promises a file type no format writes (``report.pdf``,
``report.xlsx``) is a usage error naming the file to write instead, before any work: it
would otherwise hold the terminal table's text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.formats.interface import EXTENSIONS, NOT_WRITTEN, not_written
from tests.helpers import AS_OF, EXAMPLES, without_data_notes

ACME = str(EXAMPLES / "acme-dental.yaml")


@pytest.mark.parametrize(
    ("name", "instead"),
    [
        ("report.pdf", "write HTML (-o {dir}/report.html) and print it to PDF from a browser"),
        ("Report.XLSX", "write CSV (-o {dir}/Report.csv), which Excel opens"),
        ("book.ods", "write CSV (-o {dir}/book.csv), which spreadsheets open"),
        ("letter.docx", "write HTML (-o {dir}/letter.html) or Markdown (-o {dir}/letter.md)"),
        ("report.yml", "write JSON (-o {dir}/report.json)"),
    ],
)
def test_a_name_no_format_writes_is_refused_before_any_work(
    tmp_path: Path, name: str, instead: str
) -> None:
    target = tmp_path / name
    result = CliRunner().invoke(cli, ["scan", ACME, "--as-of", AS_OF, "-o", str(target)])
    assert result.exit_code == 2
    what = NOT_WRITTEN[target.suffix.lower()][0]
    expected = f"eolscan: error: {target}: eolscan does not write {what}; "
    assert without_data_notes(result.stderr) == expected + instead.format(dir=tmp_path) + "\n"
    assert not target.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["report", "report.out", "report.txt", "v2.1/report", "r.json"])
def test_other_names_are_written(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    result = CliRunner().invoke(cli, ["scan", ACME, "--as-of", AS_OF, "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert target.stat().st_size > 0


def test_no_written_extension_is_refused() -> None:
    assert not set(NOT_WRITTEN) & set(EXTENSIONS)
    assert all(not_written(f"report{extension}") is None for extension in EXTENSIONS)
