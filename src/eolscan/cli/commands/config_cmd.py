"""``eolscan config show``: the settings a scan here would use, and where each one came from."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from eolscan.cli.commands.scan import scan
from eolscan.cli.config import CONFIG_ENV, env_name, layered_settings, setting_options
from eolscan.judgement.accept_file import ACCEPT_FILE, find_accept_file


@click.group()
def config() -> None:
    """Inspect eolscan's settings (eolscan.toml, EOLSCAN_* variables, flags).

    \b
    Examples:
      eolscan config show
      eolscan config show --config ci/eolscan.toml --fail-on warn
    """


def shown(value: Any) -> str:
    """A setting as text: ``-`` for unset, lists comma-joined, dates in ISO form."""
    if value is None or value == ():
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(item) for item in value)
    return str(value)


def origin(ctx: click.Context, key: str, option: click.Option) -> str:
    """``default``, the config file, the variable, or ``flag --x`` for one setting."""
    source = ctx.get_parameter_source(option.name or "")
    if source == ParameterSource.COMMANDLINE:
        return f"flag --{key.replace('_', '-')}"
    if source == ParameterSource.ENVIRONMENT:
        return env_name(key)
    if source == ParameterSource.DEFAULT_MAP:
        settings: dict[str, str] = ctx.meta.get("eolscan.origins", {})
        return settings.get(key, "config")
    return "default"


@config.command("show", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    default=None,
    help="Settings file (default: the nearest eolscan.toml from the current directory up).",
)
@click.argument("flags", nargs=-1, type=click.UNPROCESSED, metavar="[SCAN OPTIONS]...")
def show(config_path: str | None, flags: tuple[str, ...]) -> None:
    """Print each effective scan setting with its origin: default, file, variable or flag.

    Scan options given after the command count as flags, so you can see what a
    command line would do. Precedence, lowest first: eolscan.toml, EOLSCAN_*
    variables, flags.

    \b
    Examples:
      eolscan config show
      EOLSCAN_FAIL_ON=warn eolscan config show --warn-days 365
    """
    layered_settings(scan, config_path, os.environ, Path.cwd())  # a broken file is an error here
    args = [*flags, *(["--config", config_path] if config_path else []), "-"]  # "-": any input
    ctx = scan.make_context("eolscan scan", args)
    path = ctx.meta.get("eolscan.config")
    click.echo(f"config file: {_config_origin(path, config_path)}")
    rows = [("setting", "value", "origin")]
    for key, option in sorted(setting_options(scan).items()):
        rows.append((key, shown(ctx.params.get(option.name or "")), origin(ctx, key, option)))
        if key == "accept" and ctx.params.get(option.name or "") is None:
            rows[-1] = ("accept", *_found_accept_file())
    accept = next(row for row in rows if row[0] == "accept")
    click.echo(f"accepted-risk file: {accept[1] if accept[1] != '-' else 'none'} ({accept[2]})")
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for key, value, where in rows:
        click.echo(f"{key.ljust(widths[0])}  {value.ljust(widths[1])}  {where}")


def _config_origin(path: object, explicit: str | None) -> str:
    """The settings file used and how it was chosen (a flag, EOLSCAN_CONFIG or the search)."""
    if path is None:
        return "none (no eolscan.toml here or above, up to the repository root)"
    if explicit:
        return f"{path} (--config)"
    if os.environ.get(CONFIG_ENV):
        return f"{path} ({CONFIG_ENV})"
    return f"{path} (found from here up to the repository root)"


def _found_accept_file() -> tuple[str, str]:
    """Without ``--accept``, the file a scan from here would find, and how it is found."""
    found = find_accept_file([], Path.cwd())
    if found is None:
        return "-", f"default: {ACCEPT_FILE} beside the inventories or here, if any"
    if found.is_absolute():
        return str(found), "found up to the repository root"
    return str(found), f"found here ({ACCEPT_FILE} beside the inventories comes first)"
