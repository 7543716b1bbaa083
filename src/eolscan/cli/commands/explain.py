"""``eolscan explain``: show how one inventory string is recognised."""

from __future__ import annotations

from datetime import date

import click

from eolscan.cli.options import as_of_option, db_option, open_database, open_matcher, today_or
from eolscan.formats.values import text_date
from eolscan.judgement.policy import Policy
from eolscan.matching.identifiers import cpe_key_and_version, purl_key_and_version
from eolscan.matching.normalise import normalise_name, split_package
from eolscan.model import Asset, Finding, Kind, Match
from eolscan.report.scan import assess_asset


@click.command()
@click.argument("name")
@click.argument("version", required=False, default="")
@click.option(
    "--kind",
    type=click.Choice(["os", "software"]),
    default=None,
    help="Treat NAME as an operating system or as software (default: try os, then software).",
)
@as_of_option
@click.option("--warn-days", type=click.IntRange(0, 36500), default=180, show_default=True)
@db_option
def explain(
    name: str,
    version: str,
    kind: str | None,
    as_of: date | None,
    warn_days: int,
    db_path: str | None,
) -> None:
    """Explain how NAME [VERSION] is recognised: rule, candidate cycles, status.

    \b
    Examples:
      eolscan explain "Microsoft Windows 10 Pro" 10.0.19045
      eolscan explain "Microsoft SQL Server 2014 (64-bit)" 12.0.6024.0
      eolscan explain pkg:pypi/django@3.2.19
    """
    database = open_database(db_path)
    matcher = open_matcher(database)
    policy = Policy(as_of=today_or(as_of), warn_days=warn_days)
    kinds = [Kind(kind)] if kind else [Kind.OS, Kind.SOFTWARE]
    for chosen_kind in kinds:
        match = matcher.match(chosen_kind, name, version)
        if match.product is not None:
            break
    if kind is None and match.product is not None and match.product.category != "os":
        chosen_kind = Kind.SOFTWARE
        match = matcher.match(chosen_kind, name, version)
    finding = assess_asset(Asset("-", "-", chosen_kind, name, version), matcher, policy)
    _show(name, version, chosen_kind, match, finding, policy.as_of)


def _show(name: str, version: str, kind: Kind, match: Match, finding: Finding, as_of: date) -> None:
    """Print the explanation, one labelled line per fact."""
    evidence, _, why = match.rule.rpartition("; ") if "; " in match.rule else (match.rule, "", "")
    click.echo(f"input:       {name!r} version {version!r} (as {kind})")
    click.echo(f"normalised:  {_normalised(name, version)}")
    click.echo(f"matched by:  {evidence or '-'}")
    click.echo(
        f"product:     {f'{match.product.id} ({match.product.label})' if match.product else '-'}"
    )
    click.echo(f"candidates:  {', '.join(c.id for c in match.cycles) or '-'}")
    click.echo(
        f"cycle:       {finding.cycle or '-'}{'   because ' + why if why and finding.cycle else ''}"
    )
    click.echo(f"status:      {finding.status} at {as_of.isoformat()}")
    days = "-" if finding.days_left is None else str(finding.days_left)
    click.echo(f"eol:         {text_date(finding.eol) or '-'}   days left: {days}")
    click.echo(f"upgrade to:  {finding.upgrade_to_label or '-'}")
    if finding.reason or (why and not finding.cycle):
        click.echo(f"why:         {finding.reason or why}")


def _normalised(name: str, version: str) -> str:
    """What recognition compares: an identifier key, a split package line, or the folded name."""
    lowered = name.strip().lower()
    if lowered.startswith("pkg:"):
        key, purl_version = purl_key_and_version(name)
        return f"purl {key} version {purl_version or version or '-'}"
    if lowered.startswith("cpe:"):
        key, cpe_version, update = cpe_key_and_version(name)
        return f"cpe {key or '-'} version {cpe_version or '-'} update {update or '-'}"
    if not version and " " not in name.strip():
        package, package_version = split_package(name.strip())
        if package_version:
            return f"package {normalise_name(package)!r} version {package_version}"
    return repr(normalise_name(name))
