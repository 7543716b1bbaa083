"""``eolscan scan``: read inventories, match them, report, exit by ``--fail-on``."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from eolscan.app.notices import announce
from eolscan.app.outputs import plan_outputs, write_outputs
from eolscan.app.scan import ScanRequest, run_scan
from eolscan.app.unattended import check_output_dir, write_output_dir
from eolscan.cli.config import configs_not_used, report_tables
from eolscan.cli.options import (
    FAIL_ON_CHOICES,
    as_of_option,
    config_option,
    db_option,
    forced_reader,
    open_database,
    open_matcher,
    overlay_option,
    reading_options,
    today_or,
    verbosity_options,
)
from eolscan.formats.interface import RenderOptions
from eolscan.judgement.policy import FailOn, Policy
from eolscan.model import DatabaseInfo
from eolscan.support.logging_setup import configure, log


@click.command()
@click.argument("inventories", nargs=-1, required=True, metavar="INVENTORY...")
@click.option(
    "-f",
    "--format",
    "format_name",
    default="table",
    show_default=True,
    help="Report format for stdout, and for -o files whose extension names none: "
    "table, json, csv, markdown, html, sarif, junit, ics.",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FILE",
    help="Write the report to FILE (atomically); repeat for several formats, "
    "each taken from the file extension "
    "(.json, .csv, .md, .html, .sarif, .xml, .ics, .txt).",
)
@as_of_option
@click.option(
    "--warn-days",
    type=click.IntRange(0, 36500),
    default=180,
    show_default=True,
    help="Warn when end of life is this many days away or fewer.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default="eol",
    show_default=True,
    help="Exit 1 when a finding is at or above this level.",
)
@click.option(
    "--client", default=None, help="Client name for every inventory (default: from the file)."
)
@click.option(
    "--input-format", default=None, metavar="NAME", help="Skip detection and read inputs as NAME."
)
@reading_options
@click.option(
    "--baseline",
    "baseline",
    default=None,
    metavar="FILE",
    help="A previous JSON report: mark findings new, changed or resolved since then.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every item even in large inventories (no per-product roll-up).",
)
@db_option
@overlay_option
@click.option(
    "--accept",
    "accept_path",
    metavar="FILE",
    default=None,
    help="Accepted-risk file (default: eolscan-accept.yaml beside or above the first "
    "inventory, up to the repository root, else in the current directory).",
)
@click.option(
    "--output-dir",
    metavar="DIR",
    default=None,
    help="Write one dated report per client into DIR (CLIENT-DATE.EXT) for each "
    "--format; several formats: -f json,table.",
)
@click.option(
    "--warnings-exit",
    "warnings_exit",
    is_flag=True,
    help="Exit 3 when the run completed with warnings (a cut or empty export, old lifecycle "
    "data, a lapsed contract, a shrunken client, stale accepted risks): for systemd and CI, "
    "where exit 1 passes as success.",
)
@click.option(
    "--audience",
    type=click.Choice(("technician", "client")),
    default="technician",
    show_default=True,
    help="Who reads the report: technician (every detail) or client (no file paths, "
    "line numbers, overlay marks or rule names; plain product names).",
)
@verbosity_options
@config_option
def scan(
    inventories: tuple[str, ...],
    format_name: str,
    outputs: tuple[str, ...],
    as_of: date | None,
    warn_days: int,
    fail_on: str,
    client: str | None,
    input_format: str | None,
    preset: str | None,
    maps: tuple[str, ...],
    strict: bool,
    baseline: str | None,
    show_all: bool,
    db_path: str | None,
    overlay_path: str | None,
    accept_path: str | None,
    output_dir: str | None,
    warnings_exit: bool,
    audience: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Scan inventory files and report what is past or near its end of life.

    INVENTORY is a file (eolscan's YAML, JSON or CSV, a tool's export or an
    SBOM), a directory of them (one client per file or sub-folder) or - for
    standard input.

    \b
    Examples:
      eolscan scan examples/acme-dental.yaml
      eolscan scan clients/ --as-of 2026-12-01 --warn-days 365
      eolscan scan acme.yaml -o report.json -o report.txt --fail-on warn
      eolscan scan acme.csv --format json | jq '.summary'
      eolscan scan lansweeper-export.csv --preset lansweeper --strict
      eolscan scan clients/ --output-dir reports/ -f json,table --accept eolscan-accept.yaml
      eolscan scan clients/ -o report.html -o report.json --baseline last-month.json

    \b
    Statuses: eol (no more security fixes), extended (paid extended support in
    force on that host), warn (end of life within --warn-days), unknown (not
    recognised; the reason says why), supported, accepted (covered by the
    accepted-risk file until its date).

    Every option can also be set in eolscan.toml or an EOLSCAN_* variable;
    `eolscan config show` prints what is in effect and why.
    """
    level = configure(quiet, verbose)
    options = _render_options(show_all, audience, verbose)
    protected = [p for p in (db_path, overlay_path, accept_path) if p]  # not --baseline: a
    # report may be its own next baseline (it is read whole before the new one replaces it)
    outputs_planned = plan_outputs(
        inventories, protected, outputs, bool(output_dir), format_name, options
    )
    if output_dir:
        check_output_dir(output_dir, inventories)
    ctx = click.get_current_context()
    for note in configs_not_used(inventories, ctx.meta.get("eolscan.config"), Path.cwd()):
        log.data_warning(note)
    policy = Policy(as_of=today_or(as_of), warn_days=warn_days, fail_on=FailOn(fail_on))
    db = open_database(db_path, overlay_path)
    matcher = open_matcher(db)
    log_run(db.info())
    request = ScanRequest(
        inventories=inventories,
        policy=policy,
        db=db,
        matcher=matcher,
        accept_path=accept_path,
        client=client,
        forced=forced_reader(input_format, preset, maps),
        strict=strict,
        baseline=baseline,
        warnings_exit=warnings_exit,
        log_level=level,
    )
    result = run_scan(request)
    report = result.report
    if result.changes is not None or result.clients:
        options = replace(options, changes=result.changes, clients=result.clients)
        for _, renderer in outputs_planned:
            renderer.options = options
    announce(report)
    if output_dir:
        write_output_dir(
            report,
            output_dir,
            format_name,
            result.acceptance,
            inventories,
            options,
            result.warnings,
            result.exit_code,
            protected,
        )
    write_outputs(report, outputs_planned, sys.stdout)
    sys.exit(result.exit_code)


def log_run(database: DatabaseInfo) -> None:
    """With ``-v``: which settings file and database this run uses."""
    ctx = click.get_current_context(silent=True)
    config = ctx.meta.get("eolscan.config") if ctx else None
    log.debug(
        f"settings: {config or 'no eolscan.toml found; defaults, EOLSCAN_* variables and flags'}"
    )
    log.debug(f"database: {database.path} ({database.source}, {database.generated_at[:10]})")


def _render_options(show_all: bool, audience: str, verbose: bool) -> RenderOptions:
    """What every format is told: the audience, and [costs] and [report] of eolscan.toml."""
    ctx = click.get_current_context(silent=True)
    config = ctx.meta.get("eolscan.config") if ctx else None
    costs, brand = report_tables(Path(config) if config else None)
    return RenderOptions(
        show_all=show_all, audience=audience, costs=costs, brand=brand, details=verbose
    )
