"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from click.testing import CliRunner, Result

from eolscan.cli.main import cli
from tests.helpers import ASSETS

CICRON_ASSETS = ASSETS / "cicron"


def run(
    args: Sequence[str], env: Mapping[str, str | None] | None = None, stdin: str | None = None
) -> Result:
    """``eolscan ARGS`` in process, with stdout and stderr kept apart."""
    return CliRunner().invoke(
        cli, list(args), env=dict(env or {}), input=stdin, catch_exceptions=False
    )
