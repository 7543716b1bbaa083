"""Golden files for the consultant's outputs beyond the per-format report: the client's copy
of the example client, the --output-dir index and the trend.

Regenerate after an intended change with ``EOLSCAN_UPDATE_GOLDEN=1 python -m pytest
tests/report/test_report_goldens.py`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.formats.helpers import GOLDEN, REPORTS, relative, scan
from tests.helpers import EXAMPLES


def _matches(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("EOLSCAN_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"no golden file {name}; run with EOLSCAN_UPDATE_GOLDEN=1"
    assert data == path.read_bytes()


def test_the_example_clients_copy_matches_its_golden_files() -> None:
    example = relative(EXAMPLES / "harbour-dental")
    config = relative(EXAMPLES / "harbour-dental" / "eolscan.toml")
    for fmt, name in (("html", "client-copy.html"), ("markdown", "client-copy.md")):
        result = scan(example, "--config", config, "-f", fmt, "--fail-on", "never")
        assert result.exit_code == 0, result.output
        _matches(name, result.stdout_bytes)


def test_the_output_dir_index_matches_its_golden_files(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = scan(
        relative(REPORTS), "--output-dir", str(out), "-f", "html,json", "--fail-on", "never"
    )
    assert result.exit_code == 0, result.output
    _matches("index.md", (out / "index.md").read_bytes())
    _matches("index.html", (out / "index.html").read_bytes())


def test_the_trend_matches_its_golden_files(tmp_path: Path) -> None:
    paths = []
    for as_of in ("2025-06-01", "2026-01-15", "2026-11-23"):
        path = tmp_path / f"{as_of}.json"
        args = ["scan", relative(REPORTS), "--as-of", as_of, "-o", str(path)]
        assert CliRunner().invoke(cli, [*args, "--fail-on", "never"]).exit_code == 0
        paths.append(str(path))
    for fmt, name in (("markdown", "trend.md"), ("html", "trend.html"), ("json", "trend.json")):
        result = CliRunner().invoke(cli, ["trend", *paths, "-f", fmt])
        assert result.exit_code == 0, result.output
        _matches(name, result.stdout_bytes)
