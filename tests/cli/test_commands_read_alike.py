"""``scan``, ``inventory`` and ``validate`` read an input the same way (``app/inputs.py``)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF


def test_a_header_only_export_fails_validate_as_it_fails_scan(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("host,os,os_version\n", "utf-8")
    why = f"{export}: no hosts or items read; is the export complete?"
    scanned = CliRunner().invoke(cli, ["scan", str(export), "--as-of", AS_OF])
    validated = CliRunner().invoke(cli, ["validate", str(export)])
    listed = CliRunner().invoke(cli, ["inventory", str(export)])
    assert (scanned.exit_code, validated.exit_code, listed.exit_code) == (3, 3, 3)
    assert why in scanned.stderr
    assert why in listed.stderr
    assert validated.stdout.splitlines() == [why]
