"""``eolscan db``: build, refresh, roll back and inspect the lifecycle database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from eolscan.cli.options import (
    as_of_option,
    db_option,
    open_database,
    overlay_option,
    today_or,
)
from eolscan.errors import DatabaseError, InputError
from eolscan.formats.values import age_text, database_age
from eolscan.lifecycles.build import dump, load_snapshot
from eolscan.lifecycles.curated import load_directory, merge
from eolscan.lifecycles.fetch import Limits, fetch_full
from eolscan.lifecycles.paths import curated_dir
from eolscan.lifecycles.update import DEFAULT_URL, previous_path, read_meta, target_path
from eolscan.lifecycles.update import rollback as run_rollback
from eolscan.lifecycles.update import update as run_update
from eolscan.support.atomic import write_text_atomic
from eolscan.support.visible import visible

if TYPE_CHECKING:
    from datetime import date


@click.group()
def db() -> None:
    """Build, refresh, inspect and roll back the lifecycle database.

    \b
    Examples:
      eolscan db update
      eolscan db info
      eolscan db show windows-server --as-of 2026-12-01
      eolscan db search sql
      eolscan db rollback
      eolscan db build --from ../shared/endoflife-api --output data/lifecycles.yaml
    """


@db.command("build")
@click.option(
    "--from",
    "source",
    required=True,
    metavar="URL_OR_DIR",
    help="An endoflife.date API v1 base URL, or a directory holding an offline copy of it.",
)
@click.option(
    "--output",
    "-o",
    "output",
    required=True,
    metavar="FILE",
    help="Where to write the database (atomically).",
)
@click.option(
    "--curated",
    "curated",
    metavar="DIR",
    default=None,
    help="Curated products to merge in (DIR/products/*.yaml); default: the bundled data/curated.",
)
@click.option(
    "--no-curated", is_flag=True, help="Build from endoflife.date alone, without curated products."
)
def build(source: str, output: str, curated: str | None, no_curated: bool) -> None:
    """Build a lifecycle database from endoflife.date data plus the curated products.

    Curated products (data/curated/products/*.yaml) fill what endoflife.date lacks;
    where endoflife.date has the product, its data wins and the build says so.

    \b
    Examples:
      eolscan db build --from ../shared/endoflife-api -o data/lifecycles.yaml
      eolscan db build --from https://endoflife.date/api/v1 -o lifecycles.yaml
      eolscan db build --from ../shared/endoflife-api --curated my-curated -o lifecycles.yaml
    """
    if source.startswith(("http://", "https://")):
        document = fetch_full(source)
    else:
        document = load_snapshot(Path(source))
    if curated and not (Path(curated) / "products").is_dir():
        raise DatabaseError(f"{curated}: no products/ folder of curated YAML files in it")
    extra = {} if no_curated else load_directory(Path(curated) if curated else curated_dir())
    for note in merge(document, extra):
        click.echo(f"eolscan: {note}", err=True)
    write_text_atomic(Path(output), dump(document))
    products = document["products"]
    cycles = sum(len(p["cycles"]) for p in products.values())
    added = sum(1 for p in products.values() if "curated" in p)
    click.echo(
        f"wrote {output}: {len(products)} products ({added} curated), {cycles} cycles", err=True
    )


@db.command("update")
@click.option(
    "--url",
    "base_url",
    default=None,
    metavar="BASE",
    help="endoflife.date API v1 base URL (default: https://endoflife.date/api/v1).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up when the server sends nothing for this long; the whole download "
    "may take 10 times this (at least 30 s, at most 1 hour).",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Retries after HTTP 429/5xx (with backoff, honouring Retry-After).",
)
@db_option
def update(base_url: str | None, timeout: float, retries: int, db_path: str | None) -> None:
    """Refresh the database from endoflife.date; the old copy is kept for rollback.

    Only https URLs are fetched (http only on loopback). Proxies and CA bundles
    come from HTTPS_PROXY and REQUESTS_CA_BUNDLE. An unchanged database costs one
    small conditional request. Any failure leaves the database as it was (exit 3).

    \b
    Examples:
      eolscan db update
      eolscan db update --db /srv/eolscan/lifecycles.yaml
      eolscan db update --url https://mirror.example.com/endoflife/api/v1
    """
    total = min(3600.0, max(30.0, timeout * 10))
    limits = Limits(read_timeout=timeout, retries=retries, total_timeout=total)
    result = run_update(target_path(db_path), base_url or DEFAULT_URL, limits)
    if not result.changed:
        click.echo(f"database is up to date: {result.path}", err=True)
        return
    click.echo(
        f"updated {result.path}: {result.products} products, {result.cycles} cycles", err=True
    )


@db.command("rollback")
@db_option
def rollback(db_path: str | None) -> None:
    """Go back to the database as it was before the last update (run again to undo).

    \b
    Example:
      eolscan db rollback
    """
    path = run_rollback(target_path(db_path))
    click.echo(f"rolled back {path} to the previous copy", err=True)


@db.command("info")
@as_of_option
@db_option
@overlay_option
def info(as_of: date | None, db_path: str | None, overlay_path: str | None) -> None:
    """Show which database is used: source, its dates and age, size and location.

    The age counts from the data's newest release or latest-version date (how current
    the vendors' facts are), not from when the file was converted.

    \b
    Example:
      eolscan db info
    """
    database = open_database(db_path, overlay_path)
    details = database.info()
    age = database_age(details.data_date or details.generated_at, today_or(as_of))
    path = Path(details.path)
    meta = read_meta(path)
    click.echo(visible(f"source:       {details.source}"))
    click.echo(visible(f"snapshot:     {details.generated_at} (when it was converted)"))
    newest = details.data_date or "unknown"
    click.echo(visible(f"data date:    {newest} (newest release or latest-version date in it)"))
    click.echo(f"age:          {age_text(age).removesuffix(' old')} (from the data date)")
    click.echo(f"products:     {details.products}")
    click.echo(f"cycles:       {details.cycles}")
    click.echo(f"location:     {details.path}")
    if meta.get("fetched_at"):
        click.echo(visible(f"fetched:      {meta['fetched_at']} from {meta.get('url')}"))
    if previous_path(path).is_file():
        click.echo(f"previous:     {previous_path(path)} (eolscan db rollback)")
    click.echo(f"overlay:      {details.overlay or 'none'}")


@db.command("show")
@click.argument("product")
@as_of_option
@click.option("--warn-days", type=click.IntRange(0, 36500), default=180, show_default=True)
@db_option
@overlay_option
def show(
    product: str, as_of: date | None, warn_days: int, db_path: str | None, overlay_path: str | None
) -> None:
    """Show a product's cycles with their dates and status at --as-of.

    PRODUCT is an endoflife.date id, label or alias.

    \b
    Examples:
      eolscan db show windows-server
      eolscan db show "SQL Server" --as-of 2026-12-01
    """
    # rich (through formats.cycles) only for this table: db update, info and build run without it
    from eolscan.formats.cycles import cycle_table, stdout_console

    database = open_database(db_path, overlay_path)
    product_id = database.find(product)
    if product_id is None:
        hints = database.search(product)[:5]
        also = f"; did you mean: {', '.join(hints)}" if hints else "; try `eolscan db search`"
        raise InputError(f"no product {product!r} in the lifecycle database{also}")
    console = stdout_console()
    console.print(cycle_table(database.product(product_id), today_or(as_of), warn_days))
    raw = database.meta(product_id)
    if raw.get("curated"):  # curated facts say where they come from (docs/data.md)
        console.print(f"curated ({raw['curated']}): {raw.get('source') or ''}", highlight=False)
        console.print(f"vendor lifecycle page: {raw.get('link') or ''}", highlight=False)


@db.command("search")
@click.argument("text")
@db_option
@overlay_option
def search(text: str, db_path: str | None, overlay_path: str | None) -> None:
    """Find products whose id, name, alias or category contains TEXT.

    \b
    Examples:
      eolscan db search sql
      eolscan db search "windows server"
    """
    database = open_database(db_path, overlay_path)
    found = database.search(text)
    if not found:
        click.echo(f"no product matches {text!r}", err=True)
        return
    for product_id in found:
        raw = database.raw(product_id)
        fields = [product_id, str(raw.get("label") or product_id), str(raw.get("category") or "")]
        fields.append(f"{len(raw.get('cycles') or [])} cycles")
        click.echo("\t".join(visible(f).replace("\t", "\\x09") for f in fields))
