"""Start-up stays light: ``--version`` and ``--help`` import click and small eolscan modules only.

Not timed (bench/run.py times them); this pins the cause of a slow start instead: a
heavy import at the top of cli/main.py, or ``--help`` importing a command module.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "rich",
    "requests",
    "yaml",
    "jsonschema",
    "packaging",
    "pathlib",
    "eolscan.matching",
    "eolscan.lifecycles.store",
    "eolscan.report.scan",
    "eolscan.formats.table",
)

PROBE = """
import contextlib, io, json, sys
from eolscan.cli.main import cli
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli(sys.argv[1:], prog_name="eolscan")
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``eolscan ARGS``."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_nothing_heavy(flag: str) -> None:
    loaded = modules_after(flag)
    assert "click" in loaded
    assert sorted(name for name in HEAVY if name in loaded) == []


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_command_module(flag: str) -> None:
    """``--help`` lists the registry's summaries, so command modules may import at the top."""
    assert sorted(m for m in modules_after(flag) if m.startswith("eolscan.cli.commands.")) == []


def test_a_scan_without_package_urls_parses_none() -> None:
    """The purl index is built on the first purl a scan meets (1,400 identifiers cost more
    than a small client's whole scan), so a plain inventory never loads packageurl."""
    loaded = modules_after(
        "scan", "examples/corner-bakery.yaml", "-f", "json", "--as-of", "2026-12-01"
    )
    assert "eolscan.report.scan" in loaded
    assert "packageurl" not in loaded
