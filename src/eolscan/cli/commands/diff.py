"""``eolscan diff``: what changed between two saved JSON reports."""

from __future__ import annotations

import sys

import click

from eolscan.cli.options import FAIL_ON_CHOICES
from eolscan.formats.changes import render_changes
from eolscan.judgement.baseline import compare
from eolscan.judgement.policy import FailOn
from eolscan.judgement.saved_report import load_report


@click.command()
@click.argument("old", metavar="OLD.json")
@click.argument("new", metavar="NEW.json")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="How to write the differences.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default="eol",
    show_default=True,
    help="Exit 1 when a new or worsened finding is at or above this level.",
)
def diff(old: str, new: str, format_name: str, fail_on: str) -> None:
    """Compare two JSON reports: findings new, changed (status or cycle moved) or resolved.

    A finding is identified by client, host, kind and name. Exit code 1 when a
    finding is new or got worse and its status is at or above --fail-on, 0
    otherwise, 3 when a report cannot be read.

    \b
    Examples:
      eolscan diff reports/2026-10.json reports/2026-11.json
      eolscan diff last.json now.json --format markdown >> "$GITHUB_STEP_SUMMARY"
      eolscan diff last.json now.json --format json | jq '.counts'
    """
    before = load_report(old)
    after = load_report(new)
    changes = compare(before, after.entries)
    render_changes(changes, format_name, sys.stdout, after.as_of)
    sys.stdout.flush()
    level = FailOn(fail_on)
    sys.exit(
        1 if any(d.worse and level.trips(d.entry.status) for d in changes.deltas.values()) else 0
    )
