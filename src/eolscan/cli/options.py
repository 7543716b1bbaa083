"""Options shared by several commands, and loading the database and matcher they need."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from eolscan.cli.config import _load_into_context
from eolscan.inventory import PRESET_NAMES
from eolscan.inventory.registry import reader_for
from eolscan.lifecycles.overlay_apply import with_overlay_rules
from eolscan.lifecycles.paths import resolve_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules

if TYPE_CHECKING:
    from eolscan.inventory.interface import InventoryReader
    from eolscan.lifecycles.store import LifecycleDB
    from eolscan.matching import Matcher

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON_CHOICES = ("eol", "warn", "unknown", "never")
"""``--fail-on`` levels, as ``judgement.policy.FailOn`` names them (a test keeps them equal)."""


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9000, 12, 31)
"""Dates eolscan evaluates at: far enough from year 9999 that a warning window (up to 100
years) and an 18-month timeline stay within what ``datetime.date`` can hold."""


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """A ``YYYY-MM-DD`` date between ``EARLIEST_DATE`` and ``LATEST_DATE``."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, datetime):  # a TOML datetime: a date with a time is not a day
            self.fail(f"{value.isoformat()!r} is not a date in the form YYYY-MM-DD", param, ctx)
        if isinstance(value, date):
            found = value
        else:
            try:
                found = date.fromisoformat(str(value))
            except ValueError:
                self.fail(f"{str(value)[:60]!r} is not a date in the form YYYY-MM-DD", param, ctx)
        if not EARLIEST_DATE <= found <= LATEST_DATE:
            self.fail(
                f"{found.isoformat()} is outside {EARLIEST_DATE.isoformat()} to "
                f"{LATEST_DATE.isoformat()}",
                param,
                ctx,
            )
        return found


def as_of_option(func: F) -> F:
    """``--as-of DATE``: evaluate as if today were DATE (default: today)."""
    return click.option(
        "--as-of",
        type=DateParam(),
        default=None,
        help="Evaluate as if today were DATE (YYYY-MM-DD); makes runs reproducible. "
        "Default: today.",
    )(func)


def db_option(func: F) -> F:
    """``--db PATH``: use another lifecycle database."""
    return click.option(
        "--db",
        "db_path",
        metavar="PATH",
        envvar="EOLSCAN_DB",
        default=None,
        help="Lifecycle database file (default: refreshed copy, else the bundled one). "
        "Env: EOLSCAN_DB.",
    )(func)


def overlay_option(func: F) -> F:
    """``--overlay FILE``: own products, cycle corrections and contracts on top of the database."""
    return click.option(
        "--overlay",
        "overlay_path",
        metavar="FILE",
        envvar="EOLSCAN_OVERLAY",
        default=None,
        help="Local overlay YAML: own products, corrected cycles, ESU contracts. "
        "Env: EOLSCAN_OVERLAY.",
    )(func)


def today_or(value: date | None) -> date:
    """The CLI is the only place that reads the clock."""
    return value or date.today()


def open_database(db_path: str | None, overlay_path: str | None = None) -> LifecycleDB:
    """Locate and load the lifecycle database, with the overlay (``EOLSCAN_OVERLAY``) on top."""
    db = load_db(resolve_db_path(db_path))
    overlay = overlay_path or os.environ.get("EOLSCAN_OVERLAY")
    if overlay:
        # --overlay only: the overlay reader and its checks stay out of other runs
        from eolscan.lifecycles.overlay import load_overlay

        load_overlay(Path(overlay), db)
    return db


def open_matcher(db: LifecycleDB) -> Matcher:
    """The curated rules compiled over ``db``."""
    return Matcher(db, with_overlay_rules(load_rules(rules_path()), db.overlay))


def verbosity_options(func: F) -> F:
    """``-q/--quiet`` and ``-v/--verbose``."""
    func = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        default=False,
        help="Progress details on stderr (files read, database, settings and accepted risks used).",
    )(func)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        default=False,
        help="No progress or notices on stderr, only errors and warnings about data left out "
        "(the default when stderr is not a terminal, as under cron).",
    )(func)


def _load_settings(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Read eolscan.toml and EOLSCAN_* into the command's defaults."""
    return _load_into_context(ctx, param, value)


def config_option(func: F) -> F:
    """``--config FILE``: settings file (default: the nearest eolscan.toml from the CWD up)."""
    return click.option(
        "--config",
        metavar="FILE",
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_load_settings,
        help="Settings file (default: the nearest eolscan.toml from the current directory up). "
        "Env: EOLSCAN_CONFIG.",
    )(func)


def reading_options(func: F) -> F:
    """``--preset``, ``--map`` and ``--strict``: how inventories are read."""
    func = click.option(
        "--strict",
        is_flag=True,
        default=False,
        help="Stop at the first row that cannot be read (exit 3) instead of skipping it.",
    )(func)
    func = click.option(
        "--map",
        "maps",
        multiple=True,
        metavar="KEY=COLUMN,...",
        help="Name the CSV columns: host, client, os, os_version, os_build, service_pack, "
        "name, version, publisher, extended_support (e.g. host=AssetName,os=OSname).",
    )(func)
    return click.option(
        "--preset",
        type=click.Choice(PRESET_NAMES),
        default=None,
        help="Read CSV exports of a known tool with its column names.",
    )(func)


def parse_maps(maps: tuple[str, ...]) -> dict[str, str]:
    """Several ``--map`` options merged into one column mapping."""
    # --map only: the mapped-CSV reader is not imported for other inputs
    from eolscan.inventory.csv_mapped import parse_map

    mapping: dict[str, str] = {}
    for text in maps:
        mapping.update(parse_map(text))
    return mapping


def forced_reader(
    input_format: str | None, preset: str | None, maps: tuple[str, ...]
) -> InventoryReader | None:
    """The reader ``--input-format``, ``--preset`` or ``--map`` names; None: detect each input."""
    return reader_for(input_format, preset, (parse_maps(maps) or None) if maps else None)
