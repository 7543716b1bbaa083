"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF

SAMPLES = Path(__file__).resolve().parent / "assets"


def scan(*names: str, extra: tuple[str, ...] = ()) -> dict:
    """The JSON report of scanning the named samples at ``AS_OF``; fails on exit 3."""
    paths = [str(SAMPLES / name) for name in names]
    result = CliRunner().invoke(
        cli, ["scan", *paths, "--as-of", AS_OF, "-f", "json", "--fail-on", "never", *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def verdicts(report: dict) -> dict[tuple[str, str], tuple[str | None, str | None, str]]:
    """(host, name) -> (product, cycle, status) for every finding."""
    return {
        (f["host"], f["name"]): (f["product"], f["cycle"], f["status"]) for f in report["findings"]
    }
