"""``eolscan trend``: how each client's exposure moved across saved JSON reports."""

from __future__ import annotations

import sys

import click

from eolscan.app.trend import build_trend
from eolscan.formats.trend_format import TREND_FORMATS, render_trend


@click.command()
@click.argument("reports", nargs=-1, required=True, metavar="REPORT.json...")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(TREND_FORMATS),
    default="table",
    show_default=True,
    help="How to write the trend; html draws an inline SVG chart (no script, no request).",
)
def trend(reports: tuple[str, ...], format_name: str) -> None:
    """Show per client how items by status and machines past end of life moved across
    saved JSON reports (ordered by their as-of dates), with improvements and regressions
    between each report and the one before counted apart.

    \b
    Examples:
      eolscan trend reports/*.json
      eolscan trend reports/acme-dental-*.json -f html > acme-trend.html
      eolscan trend 2026-10.json 2026-11.json -f json | jq '.clients[0].points'
    """
    render_trend(build_trend(list(reports)), format_name, sys.stdout)
    sys.stdout.flush()
