"""``eolscan db``: build and inspect the lifecycle database."""

from __future__ import annotations

import click

from eolscan.commands.options import db_option, open_database


@click.group()
def db() -> None:
    """Build, inspect and refresh the lifecycle database.

    \b
    Examples:
      eolscan db info
      eolscan db build --from ../shared/endoflife-api --output data/lifecycles.yaml
      eolscan db build --from https://endoflife.date/api/v1 --output my-lifecycles.yaml
    """


@db.command("build")
@click.option("--from", "source", required=True, metavar="URL_OR_DIR",
              help="An endoflife.date API v1 base URL, or a directory holding an offline copy of it.")
@click.option("--output", "-o", "output", required=True, metavar="FILE", help="Where to write the database (atomically).")
def build(source: str, output: str) -> None:
    """Build a lifecycle database from endoflife.date data (every product and cycle).

    \b
    Examples:
      eolscan db build --from ../shared/endoflife-api -o data/lifecycles.yaml
      eolscan db build --from https://endoflife.date/api/v1 -o lifecycles.yaml
    """
    from pathlib import Path  # imported here: ``eolscan --help`` imports this module

    from eolscan.atomic import write_text_atomic
    from eolscan.lifecycles.build import dump, load_snapshot

    if source.startswith(("http://", "https://")):
        from eolscan.lifecycles.fetch import fetch_full

        document = fetch_full(source)
    else:
        document = load_snapshot(Path(source))
    write_text_atomic(Path(output), dump(document))
    products = document["products"]
    cycles = sum(len(p["cycles"]) for p in products.values())
    click.echo(f"wrote {output}: {len(products)} products, {cycles} cycles", err=True)


@db.command("info")
@db_option
def info(db_path: str | None) -> None:
    """Show which database is used: source, date, size and location.

    \b
    Example:
      eolscan db info
    """
    database = open_database(db_path)
    details = database.info()
    click.echo(f"source:       {details.source}")
    click.echo(f"generated at: {details.generated_at}")
    click.echo(f"products:     {details.products}")
    click.echo(f"cycles:       {details.cycles}")
    click.echo(f"location:     {details.path}")
