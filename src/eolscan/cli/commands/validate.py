"""``eolscan validate``: check inventories, accepted risks, overlays and settings, no scan.

The checking is ``app/validate.py``; this command parses, calls it, prints and exits.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from eolscan.app.validate import ValidateRequest, ValidateResult, run_validate
from eolscan.cli.commands.scan import scan
from eolscan.cli.config import check_config_file
from eolscan.cli.options import open_database, verbosity_options
from eolscan.support.logging_setup import configure, log


def check_settings(path: Path) -> list[str]:
    """Every problem in an ``eolscan.toml``: its keys are ``eolscan scan``'s options."""
    return check_config_file(path, scan)[1]


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@verbosity_options
def validate(files: tuple[str, ...], quiet: bool, verbose: bool) -> None:
    """Check inventories, accepted risks, overlays and settings without scanning; list problems.

    Each problem is printed as one line, ``file:line: message``; the exit code is 0 when
    every file is fine and 3 otherwise. A directory is walked exactly as ``scan`` walks it
    (client and host sub-folders included). Fast enough for a pre-commit hook.

    \b
    Examples:
      eolscan validate inventories/ eolscan-accept.yaml eolscan.toml
      eolscan validate overlay.yaml
      eolscan validate clients/acme-dental.yaml
    """
    configure(quiet, verbose)
    request = ValidateRequest(files, partial(open_database, None), check_settings)
    result = run_validate(request)
    render(result)
    if result.exit_code:
        raise SystemExit(result.exit_code)


def render(result: ValidateResult) -> None:
    """Each file's problems on stdout, one line each; what each file was checked as with -v."""
    for checked in result.files:
        problems = checked.problems
        log.debug(f"{checked.path}: {checked.kind}, {len(problems) or 'no'} problems")
        for problem in problems:
            click.echo(problem)
    if result.failed:
        log.error(f"problems in {len(result.failed)} of {len(result.files)} files")
    else:
        log.info(f"{len(result.files)} files OK")
