"""``eolscan scan``: read inventories, match them, report, exit by ``--fail-on``."""

from __future__ import annotations

import sys
from datetime import date

import click

from eolscan.commands.options import as_of_option, db_option, open_database, open_matcher, today_or
from eolscan.errors import UsageError

STALE_DAYS = 30


def database_warnings(generated_at: str, as_of: date) -> list[str]:
    """A database older than 30 days at ``as_of`` earns a warning (not an error)."""
    try:
        generated = date.fromisoformat(generated_at[:10])
    except ValueError:
        return ["the lifecycle database has no generation date; run `eolscan db update`"]
    age = (as_of - generated).days
    if age > STALE_DAYS:
        return [f"the lifecycle database is {age} days old (from {generated}); run `eolscan db update`"]
    return []


@click.command()
@click.argument("inventories", nargs=-1, required=True, metavar="INVENTORY...")
@click.option("-f", "--format", "format_name", default="table", show_default=True,
              help="Report format for stdout, and for -o files whose extension names none.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Write the report to FILE (atomically); repeat for several formats, "
              "each taken from the file extension (.json, .txt).")
@as_of_option
@click.option("--warn-days", type=click.IntRange(0, 36500), default=180, show_default=True,
              help="Warn when end of life is this many days away or fewer.")
@click.option("--fail-on", type=click.Choice(["eol", "warn", "unknown", "never"]), default="eol",
              show_default=True, help="Exit 1 when a finding is at or above this level.")
@click.option("--client", default=None, help="Client name for every inventory (default: from the file).")
@click.option("--input-format", default=None, metavar="NAME", help="Skip detection and read inputs as NAME.")
@db_option
def scan(
    inventories: tuple[str, ...],
    format_name: str,
    outputs: tuple[str, ...],
    as_of: date | None,
    warn_days: int,
    fail_on: str,
    client: str | None,
    input_format: str | None,
    db_path: str | None,
) -> None:
    """Scan inventory files and report what is past or near its end of life.

    INVENTORY is a file (YAML, JSON or CSV), a directory of them (one client
    per file) or - for standard input.

    \b
    Examples:
      eolscan scan examples/acme-dental.yaml
      eolscan scan clients/ --as-of 2026-12-01 --warn-days 365
      eolscan scan acme.yaml -o report.json -o report.txt --fail-on warn
      eolscan scan acme.csv --format json | jq '.summary'

    \b
    Statuses: eol (no more security fixes), extended (paid extended support in
    force on that host), warn (end of life within --warn-days), unknown (not
    recognised; the reason says why), supported.
    """
    from pathlib import Path  # imported here: ``eolscan --help`` imports this module

    from eolscan.formats.interface import format_for_path, get_format
    from eolscan.inventory.registry import read_inventories
    from eolscan.policy import FailOn, Policy
    from eolscan.scan import exit_code_for, scan_report

    renderers = [(None, get_format(format_name))] if not outputs else []
    inputs = {str(Path(p).resolve()) for p in inventories if p != "-"}
    for output in outputs:
        if str(Path(output).resolve()) in inputs:
            raise UsageError(f"{output}: refusing to overwrite an input file")
        renderers.append((output, get_format(format_for_path(output) or format_name)))
    policy = Policy(as_of=today_or(as_of), warn_days=warn_days, fail_on=FailOn(fail_on))
    db = open_database(db_path)
    matcher = open_matcher(db)
    assets = read_inventories(list(inventories), client=client, input_format=input_format)
    report = scan_report(assets, matcher, policy, db.info())
    report.warnings.extend(database_warnings(db.generated_at, policy.as_of))
    for output, renderer in renderers:
        if output is None:
            renderer.render(report, sys.stdout)
            sys.stdout.flush()
        else:
            from eolscan.atomic import atomic_writer

            with atomic_writer(Path(output)) as handle:
                renderer.render(report, handle)
    sys.exit(exit_code_for(report))
