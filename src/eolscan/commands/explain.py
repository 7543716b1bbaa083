"""``eolscan explain``: show how one inventory string is recognised."""

from __future__ import annotations

from datetime import date

import click

from eolscan.commands.options import as_of_option, db_option, open_database, open_matcher, today_or


@click.command()
@click.argument("name")
@click.argument("version", required=False, default="")
@click.option("--kind", type=click.Choice(["os", "software"]), default=None,
              help="Treat NAME as an operating system or as software (default: try os, then software).")
@as_of_option
@click.option("--warn-days", type=click.IntRange(0, 36500), default=180, show_default=True)
@db_option
def explain(name: str, version: str, kind: str | None, as_of: date | None, warn_days: int, db_path: str | None) -> None:
    """Explain how NAME [VERSION] is recognised: rule, candidate cycles, status.

    \b
    Examples:
      eolscan explain "Microsoft Windows 10 Pro" 10.0.19045
      eolscan explain "Microsoft SQL Server 2014 (64-bit)" 12.0.6024.0
      eolscan explain pkg:pypi/django@3.2.19
    """
    from eolscan.matching.normalise import normalise_name
    from eolscan.models import Asset, Kind
    from eolscan.policy import Policy
    from eolscan.scan import assess_asset

    database = open_database(db_path)
    matcher = open_matcher(database)
    policy = Policy(as_of=today_or(as_of), warn_days=warn_days)
    kinds = [Kind(kind)] if kind else [Kind.OS, Kind.SOFTWARE]
    match = matcher.match(kinds[0], name, version)
    chosen_kind = kinds[0]
    for candidate_kind in kinds:
        match = matcher.match(candidate_kind, name, version)
        chosen_kind = candidate_kind
        if match.product is not None:
            break
    finding = assess_asset(Asset("-", "-", chosen_kind, name, version), matcher, policy)
    click.echo(f"input:       {name!r} version {version!r} (as {chosen_kind})")
    click.echo(f"normalised:  {normalise_name(name)!r}")
    click.echo(f"matched by:  {match.rule or '-'}")
    click.echo(f"product:     {match.product.id + ' (' + match.product.label + ')' if match.product else '-'}")
    click.echo(f"candidates:  {', '.join(c.id for c in match.cycles) or '-'}")
    click.echo(f"cycle:       {finding.cycle or '-'}")
    click.echo(f"status:      {finding.status} at {policy.as_of.isoformat()}")
    from eolscan.formats.values import text_date

    click.echo(f"eol:         {text_date(finding.eol) or '-'}   days left: {finding.days_left}")
    click.echo(f"upgrade to:  {finding.upgrade_to_label or '-'}")
    if finding.reason:
        click.echo(f"why:         {finding.reason}")
