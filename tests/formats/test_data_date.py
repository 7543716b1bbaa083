"""Every report names the lifecycle data by its newest release and that date's age, as
the table and JSON do: the date it was converted on would make stale data look fresh."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import EXAMPLES


def test_html_markdown_and_the_table_name_the_data_by_its_newest_release(tmp_path: Path) -> None:
    outputs = [tmp_path / name for name in ("r.json", "r.html", "r.md", "r.txt")]
    arguments = ["scan", str(EXAMPLES / "acme-dental.yaml"), "--as-of", "2026-12-07"]
    for output in outputs:
        arguments += ["-o", str(output)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1, result.output
    database = json.loads(outputs[0].read_text(encoding="utf-8"))["database"]
    data_date, generated = database["data_date"], database["generated_at"][:10]
    assert data_date and data_date != generated  # the bundled data says both
    assert generated != "2026-12-07"  # the as-of date, which the reports also name
    dated = f"{data_date} ({database['age_days']:,} days old)"
    for output in outputs[1:]:
        text = output.read_text(encoding="utf-8")
        assert dated in text, output.name
        assert generated not in text, output.name
