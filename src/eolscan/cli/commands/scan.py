"""``eolscan scan``: read inventories, match them, report, exit by ``--fail-on``."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TextIO, cast

import click

from eolscan.cli.commands.inventory import reading_options
from eolscan.cli.options import (
    FAIL_ON_CHOICES,
    as_of_option,
    config_option,
    db_option,
    open_database,
    open_matcher,
    overlay_option,
    today_or,
    verbosity_options,
)
from eolscan.errors import EXIT_INPUT

if TYPE_CHECKING:
    from eolscan.formats.interface import RenderOptions, ReportFormat
    from eolscan.judgement.accept import Acceptance
    from eolscan.judgement.policy import Policy
    from eolscan.lifecycles.store import LifecycleDB
    from eolscan.matching import Matcher
    from eolscan.model import AssetRow, Skipped
    from eolscan.report.scan import Report

STALE_DAYS = 30


def database_warnings(generated_at: str, as_of: date, data_date: str = "") -> list[str]:
    """Data older than 30 days at ``as_of`` earns a warning (not an error). The age is the
    content's (its newest release or ``latest`` date) when known: a database converted
    yesterday from a snapshot of last summer is as old as the snapshot."""
    dated = data_date or generated_at
    try:
        newest = date.fromisoformat(dated[:10])
    except ValueError:
        return ["the lifecycle database has no generation date; run `eolscan db update`"]
    age = (as_of - newest).days
    if age > STALE_DAYS:
        what = "newest release in the lifecycle data" if data_date else "lifecycle database"
        return [f"the {what} is {age} days old ({newest}); run `eolscan db update`"]
    return []


def apple_data_warnings(db: LifecycleDB, report: Report, as_of: date) -> list[str]:
    """When a report judges Macs, say so if the data's newest macOS is over a year old."""
    from eolscan.judgement.apple import data_behind_warning, report_products

    if "macos" not in db or "macos" not in report_products(report.findings):
        return []
    return data_behind_warning(db.product("macos"), as_of)


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
    from dataclasses import replace
    from functools import partial

    from eolscan.app.client_settings import load_client_settings
    from eolscan.app.notices import announce
    from eolscan.app.run_warnings import baseline_changes, gather_warnings
    from eolscan.app.unattended import (
        check_output_dir,
        log_run,
        open_acceptance,
        read_rows,
        unreadable,
        write_output_dir,
    )
    from eolscan.cli.commands.inventory import parse_maps
    from eolscan.inventory.registry import read_input_rows, reader_for
    from eolscan.judgement.accept import Acceptance
    from eolscan.judgement.policy import FailOn, Policy
    from eolscan.report.scan import exit_code_for
    from eolscan.support.logging_setup import configure

    level = configure(quiet, verbose)
    options = _render_options(show_all, audience, verbose)
    protected = [p for p in (db_path, overlay_path, accept_path) if p]  # not --baseline: a
    # report may be its own next baseline (it is read whole before the new one replaces it)
    renderers = _renderers(inventories, protected, outputs, bool(output_dir), format_name, options)
    if output_dir:
        check_output_dir(output_dir, inventories)
    policy = Policy(as_of=today_or(as_of), warn_days=warn_days, fail_on=FailOn(fail_on))
    db = open_database(db_path, overlay_path)
    matcher = open_matcher(db)
    log_run(db.info())
    acceptance = open_acceptance(accept_path, inventories, policy.as_of)
    clients = load_client_settings(inventories)
    if clients.ignores:
        acceptance = acceptance or Acceptance([], policy.as_of)
        acceptance.ignores.extend(clients.ignores)
    forced = reader_for(input_format, preset, parse_maps(maps) or None)
    skipped: list[Skipped] = []
    on_skip = None if strict else skipped.append
    read = partial(read_input_rows, client=client, forced=forced, on_skip=on_skip)
    cut: list[str] = []
    reading: list[str] = []
    rows = read_rows(inventories, level, read, None if strict else skipped, client, cut, reading)
    try:
        report = _assess(rows, matcher, policy, db, acceptance)
    except OSError as exc:  # a read that failed mid-file: name the file
        raise unreadable(reading[0] if reading else "input", exc) from exc
    report.skipped.extend(skipped)
    report.warnings.extend(apple_data_warnings(db, report, policy.as_of))
    changes = None
    shrink: list[tuple[str, str]] = []
    if baseline is not None:
        changes, shrink = baseline_changes(baseline, report)
    if baseline is not None or clients.folders:
        named = clients.for_clients(_client_files(report))
        options = replace(options, changes=changes, clients=named)
        for _, renderer in renderers:
            renderer.options = options
    run = gather_warnings(report, db, acceptance, cut, shrink)
    announce(report)
    code = exit_code_for(report)
    if warnings_exit and (run.all or report.skipped):
        code = EXIT_INPUT
    if output_dir:
        write_output_dir(
            report,
            output_dir,
            format_name,
            acceptance,
            inventories,
            options,
            run,
            code,
            protected,
        )
    _write(report, renderers)
    sys.exit(code)


def _render_options(show_all: bool, audience: str, verbose: bool) -> RenderOptions:
    """What every format is told: the audience, and [costs] and [report] of eolscan.toml."""
    from pathlib import Path

    from eolscan.cli.config import report_tables
    from eolscan.formats.interface import RenderOptions

    ctx = click.get_current_context(silent=True)
    config = ctx.meta.get("eolscan.cli.config") if ctx else None
    costs, brand = report_tables(Path(config) if config else None)
    return RenderOptions(
        show_all=show_all, audience=audience, costs=costs, brand=brand, details=verbose
    )


def _client_files(report: Report) -> dict[str, set[str]]:
    """Each client's input files, to find the client folder's ``client.toml``."""
    from eolscan.model import split_source
    from eolscan.report.scan import FindingStream

    if isinstance(report.findings, FindingStream):
        return report.findings.client_files()
    files: dict[str, set[str]] = {}
    for finding in report.findings:
        files.setdefault(finding.asset.client, set()).add(split_source(finding.asset.source)[0])
    return files


def _renderers(
    inventories: tuple[str, ...],
    protected: list[str],
    outputs: tuple[str, ...],
    to_directory: bool,
    format_name: str,
    options: RenderOptions,
) -> list[tuple[str | None, ReportFormat]]:
    """(file or None for stdout, format) pairs; ``-o`` may never name an input file."""
    from pathlib import Path

    from eolscan.app.overwrite import input_identities, refuse_inputs
    from eolscan.formats.interface import format_for_path, get_format
    from eolscan.inventory.registry import expand_paths

    if any(not output.strip() for output in outputs):
        from eolscan.errors import UsageError

        raise UsageError("-o/--output needs a file name, not an empty string")
    renderers: list[tuple[str | None, ReportFormat]] = []
    if not outputs and not to_directory:
        renderers.append((None, get_format(format_name, options)))
    inputs = input_identities([*expand_paths([p for p in inventories if p != "-"]), *protected])
    refuse_inputs((Path(output) for output in outputs), inputs)
    for output in outputs:
        if Path(output).is_dir():  # refused before any work (atomic_writer refuses it too)
            from eolscan.errors import OutputError

            raise OutputError(f"{output}: is a directory; name a file to write the report to")
        renderers.append((output, get_format(format_for_path(output) or format_name, options)))
    return renderers


def _assess(
    rows: Iterable[AssetRow],
    matcher: Matcher,
    policy: Policy,
    db: LifecycleDB,
    acceptance: Acceptance | None,
) -> Report:
    """The report: one verdict per distinct (item, host context)."""
    from eolscan.report.scan import scan_report

    return scan_report(rows, matcher, policy, db.info(), db.contracts, acceptance)


def _write(report: Report, renderers: list[tuple[str | None, ReportFormat]]) -> None:
    """Render to stdout, or to each file atomically (whole or not at all)."""
    from eolscan.support.logging_setup import log

    for output, renderer in renderers:
        if output is None:
            renderer.render(report, sys.stdout)
            sys.stdout.flush()
            continue
        from pathlib import Path

        from eolscan.support.atomic import atomic_writer  # tempfile is costly; only for files

        with atomic_writer(Path(output)) as handle:
            renderer.render(report, cast(TextIO, handle))
        log.info(f"wrote {output}")
