"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from eolscan.report.report import Report
from tests.helpers import AS_OF, ASSETS, REPO

REPORTS = ASSETS / "reports"
"""The fixed two-client inventory every golden file is generated from."""
HOSTILE = ASSETS / "hostile"
GOLDEN = REPO / "tests" / "golden"


def scan(*args: str, as_of: str = AS_OF) -> Result:
    """``eolscan scan ARGS --as-of AS_OF`` in process, from the repository root."""
    from eolscan.cli.main import cli

    return CliRunner().invoke(cli, ["scan", *args, "--as-of", as_of], catch_exceptions=False)


def scan_output(*args: str, as_of: str = AS_OF) -> str:
    """What ``scan`` writes to standard output, whatever it finds (``--fail-on never``)."""
    result = scan(*args, "--fail-on", "never", as_of=as_of)
    assert result.exit_code == 0, result.output
    return result.stdout


def relative(path: Path) -> str:
    """A path as the CLI should be given it in these tests."""
    return str(path.relative_to(REPO))


def build_report(path: Path, warn_days: int = 180) -> Report:
    """The Report ``eolscan scan PATH`` renders, built through the same library calls."""
    from datetime import date

    from eolscan.cli.options import open_database, open_matcher
    from eolscan.inventory.registry import read_inventories
    from eolscan.judgement.policy import Policy
    from eolscan.report.scan import build_report as build
    from eolscan.report.scan import scan as run

    policy = Policy(as_of=date.fromisoformat(AS_OF), warn_days=warn_days)
    db = open_database(None)
    files = (
        [str(p) for p in sorted(path.glob("*.yaml")) if p.name != "eolscan-accept.yaml"]
        if path.is_dir()
        else [str(path)]
    )  # the accepted-risk file beside the golden inventories is no inventory
    assets = read_inventories(files, client=None, input_format=None)
    return build(run(assets, open_matcher(db), policy), policy, db.info())
