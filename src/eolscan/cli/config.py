"""Settings from ``eolscan.toml`` and ``EOLSCAN_*`` variables, under the command-line flags.

Keys are the long option names with underscores (``--fail-on`` -> ``fail_on``), so every option
has a config key and a variable (``EOLSCAN_FAIL_ON``) without a second list to keep in step. The
result becomes click's ``default_map``; click itself then lets a flag win, which gives the
precedence file < environment < flag.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import click

from eolscan.errors import InputError
from eolscan.formats.settings import Brand, Costs, read_brand, read_costs
from eolscan.lifecycles.cache import parse_cached
from eolscan.support.bounded import read_text_limited
from eolscan.support.discovery import refusal, search_dirs
from eolscan.support.jsontext import number_line

CONFIG_FILE = "eolscan.toml"
CONFIG_ENV = "EOLSCAN_CONFIG"
ENV_PREFIX = "EOLSCAN_"
MAX_CONFIG_BYTES = 1024 * 1024
"""Largest settings file read (1 MiB), counted as bytes arrive."""
NOT_SETTINGS = frozenset({"config", "help"})
"""Options that cannot be set from a file or variable."""
PATH_KEYS = frozenset({"db", "accept", "overlay", "output", "output_dir", "baseline"})
"""Keys holding paths: relative paths in a config file count from the file's directory."""
TABLES = frozenset({"costs", "report"})
"""Tables for the people-facing report (``[costs]``, ``[report]``), read by their own readers."""
REFERENCE_COMMAND = "eolscan.cli.commands.scan:scan"
"""The command whose options define the valid keys (every configurable option exists on scan)."""

F = TypeVar("F", bound=Callable[..., Any])


class ConfigError(InputError):
    """A config file or ``EOLSCAN_*`` variable is wrong; the message names the file and key."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One effective value and its origin: ``default``, a file path, a variable or a flag."""

    key: str
    value: Any
    origin: str


def option_key(option: click.Parameter) -> str | None:
    """``--fail-on`` -> ``fail_on``; None for arguments and options with no long name."""
    if not isinstance(option, click.Option):
        return None
    longs = [o for o in option.opts if o.startswith("--")]
    return longs[0][2:].replace("-", "_") if longs else None


def setting_options(command: click.Command) -> dict[str, click.Option]:
    """Config key -> option for every option of ``command`` that a file or variable may set."""
    found: dict[str, click.Option] = {}
    for param in command.params:
        key = option_key(param)
        if key and key not in NOT_SETTINGS and isinstance(param, click.Option):
            found[key] = param
    return found


def known_keys(command: click.Command) -> set[str]:
    """Keys valid in a config file: those of the reference command and of ``command``."""
    module, _, attribute = REFERENCE_COMMAND.partition(":")
    reference: click.Command = getattr(importlib.import_module(module), attribute)
    return set(setting_options(reference)) | set(setting_options(command))


def env_name(key: str) -> str:
    """``fail_on`` -> ``EOLSCAN_FAIL_ON``."""
    return ENV_PREFIX + key.upper()


def find_config(start: Path) -> Path | None:
    """The nearest ``eolscan.toml`` in ``start`` or above it, up to the repository root.

    A file found this way is refused when another user owns it or may write to it.
    """
    found = _nearest_config(start)
    if found is not None:
        problem = refusal(_from(start, found), "settings file", "--config")
        if problem:
            raise ConfigError(problem)
    return found


def _nearest_config(start: Path, cwd: Path | None = None) -> Path | None:
    """The first ``eolscan.toml`` in ``start`` and the folders ``search_dirs`` gives above it."""
    candidates = (directory / CONFIG_FILE for directory in search_dirs(start, cwd))
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def configs_not_used(inputs: Iterable[str], used: str | None, cwd: Path) -> list[str]:
    """A warning for each ``eolscan.toml`` nearest an input that is not the one in effect
    (settings come from the current directory up): a client folder's ``audience =
    "client"`` or branding would otherwise be left out, unsaid, of a report written from
    elsewhere."""
    in_use = Path(used).resolve() if used else None
    seen: set[Path] = set()
    notes: list[str] = []
    for name in inputs:
        path = Path(name)
        if name == "-" or not path.exists():
            continue
        start = path if path.is_dir() else path.parent
        found = _nearest_config(start, cwd)
        if found is None or found.resolve() in (in_use, *seen):
            continue
        seen.add(found.resolve())
        shown = _from(cwd, found)
        shown = found if shown.parts[:1] == ("..",) else shown  # outside the current folder
        settings = f"those of {used}" if used else "none (no eolscan.toml here or above)"
        notes.append(
            f"{shown} is not used: settings come from the current directory up, here "
            f"{settings}; run eolscan in {shown.parent} or pass --config {shown}"
        )
    return notes


def _key_line(text: str, key: str) -> int:
    """The 1-based line where ``key`` is assigned (tomllib keeps no positions)."""
    name = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    pattern = re.compile(rf"^\s*(?:{name}\s*[=.]|\[+\s*{name}\s*[\].])", re.M)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def read_config_file(path: Path, command: click.Command) -> dict[str, Setting]:
    """Parse and check one config file; the first problem is raised."""
    settings, problems = check_config_file(path, command)
    if problems:
        raise ConfigError(problems[0])
    return settings


def check_config_file(path: Path, command: click.Command) -> tuple[dict[str, Setting], list[str]]:
    """Every valid setting and every problem (``file:line: message``) in one config file."""
    text, document, problem = _parse_toml(path)
    if problem:
        return {}, [problem]
    keys = known_keys(command)
    options = setting_options(command)
    settings: dict[str, Setting] = {}
    problems: list[str] = []
    problems.extend(_table_problems(path, text, document))
    for key, value in document.items():
        if key in TABLES:
            continue
        if key not in keys:
            where = f"{path}:{_key_line(text, key)}"  # found only for a problem: a search each
            problems.append(f"{where}: unknown key {key!r} ({_suggest(key, keys)})")
        elif key in options:
            given = _relative_to(value, path.parent) if key in PATH_KEYS else value
            try:
                checked = check_value(options[key], command, given, key)
            except ConfigError as exc:
                problems.append(f"{path}:{_key_line(text, key)}: {exc}")
                continue
            settings[key] = Setting(key, checked, str(path))
    return settings, problems


def _table_problems(path: Path, text: str, document: dict[str, Any]) -> list[str]:
    """Problems in the ``[costs]`` and ``[report]`` tables."""
    problems: list[str] = []
    if "costs" in document:
        problems.extend(read_costs(document["costs"], path, text)[1])
    if "report" in document:
        problems.extend(read_brand(document["report"], path, text)[1])
    return problems


def report_tables(path: Path | None) -> tuple[Costs | None, Brand | None]:
    """``[costs]`` and ``[report]`` of the settings file in use; a problem is a ConfigError."""
    if path is None:
        return None, None
    text, document, problem = _parse_toml(path)
    if problem:
        raise ConfigError(problem)
    costs, problems = (
        read_costs(document["costs"], path, text) if "costs" in document else (None, [])
    )
    brand, more = read_brand(document["report"], path, text) if "report" in document else (None, [])
    if problems or more:
        raise ConfigError((problems + more)[0])
    return costs, brand


def _parse_toml(path: Path) -> tuple[str, dict[str, Any], str]:
    """The file's text and document, or a problem line naming the file (and line for syntax);
    parsed once per content (``lifecycles/cache.py``), as it is read on every run."""
    try:
        text = read_text_limited(path, MAX_CONFIG_BYTES, ConfigError)
    except ConfigError as exc:
        return "", {}, str(exc)
    document, problem = parse_cached(path, text, partial(_toml_document, path))
    return text, document, problem


def _toml_document(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The TOML document, or a problem line naming the file (and line for syntax)."""
    # tomllib (~2 ms) only on a parse-cache miss: a scan reads eolscan.toml from the cache
    import tomllib

    try:
        return tomllib.loads(text), ""
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = found.group(1) if found else "1"
        return {}, f"{path}:{line}: invalid TOML: {message[: found.start()] if found else message}"
    except RecursionError:
        return {}, f"{path}: invalid TOML: nested too deeply"
    except ValueError:  # a number past Python's 4,300-digit limit
        return {}, f"{path}:{number_line(text)}: invalid TOML: a number is too long"


def _suggest(key: str, keys: set[str]) -> str:
    # difflib only to suggest a key for a misspelt setting
    import difflib

    close = difflib.get_close_matches(key, sorted(keys), n=1)
    return f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(sorted(keys))}"


def _relative_to(value: Any, base: Path) -> Any:
    """Relative paths in a config file count from the file's own directory."""
    if isinstance(value, str) and value:
        expanded = Path(os.path.expanduser(value))
        return str(expanded if expanded.is_absolute() else base / expanded)
    if isinstance(value, list):
        return [_relative_to(item, base) for item in value]
    return value


def check_value(option: click.Option, command: click.Command, value: Any, where: str) -> Any:
    """``value`` converted by the option's type; a bad value is a ConfigError naming ``where``."""
    if option.multiple and isinstance(value, (str, int, float)):
        value = [value]
    if isinstance(value, dict):
        raise ConfigError(f"{where}: expected a value, not a table")
    try:
        converted = option.type_cast_value(click.Context(command), value)
    except click.BadParameter as exc:
        raise ConfigError(f"{where}: {exc.message.rstrip('.')}") from exc
    except (OverflowError, TypeError, ValueError) as exc:  # inf, a TOML datetime, a table
        shown = repr(value) if isinstance(value, (int, float, str)) else type(value).__name__
        raise ConfigError(f"{where}: {shown[:60]} is not a valid {option.type.name}") from exc
    key = option_key(option)
    if key in NAMED_CHOICES and converted is not None:
        _check_names(key, str(converted), where)
    return converted


NAMED_CHOICES: dict[str, tuple[str, str]] = {
    "format": ("eolscan.formats.interface", "FORMATS"),
    "input_format": ("eolscan.inventory.registry", "READERS"),
}
"""Keys whose values must name registry entries (checked here so the error names the file)."""


def _check_names(key: str, value: str, where: str) -> None:
    module, attribute = NAMED_CHOICES[key]
    registry: dict[str, str] = getattr(importlib.import_module(module), attribute)
    for name in (part.strip() for part in value.split(",")):
        if name and name not in registry:
            raise ConfigError(f"{where}: unknown name {name!r} (choose from {', '.join(registry)})")


def read_environment(env: Mapping[str, str], command: click.Command) -> dict[str, Setting]:
    """``EOLSCAN_<KEY>`` for every option of ``command``; empty variables count as unset."""
    settings: dict[str, Setting] = {}
    for key, option in setting_options(command).items():
        name = env_name(key)
        raw = env.get(name, "")
        if not raw:
            continue
        value: Any = (
            option.type.split_envvar_value(raw) if option.multiple or option.nargs != 1 else raw
        )
        settings[key] = Setting(key, check_value(option, command, value, name), name)
    return settings


def locate_config(explicit: str | None, env: Mapping[str, str], cwd: Path) -> Path | None:
    """``--config``, else ``EOLSCAN_CONFIG``, else the nearest ``eolscan.toml`` from ``cwd`` up."""
    chosen = explicit or env.get(CONFIG_ENV) or None
    if chosen:
        return Path(chosen)
    found = find_config(cwd)
    return _from(cwd, found) if found is not None else None


def _from(cwd: Path, path: Path) -> Path:
    """``path`` relative to ``cwd`` (``eolscan.toml``, ``../eolscan.toml``): reports stay the same
    wherever the repository is checked out."""
    try:
        return Path(os.path.relpath(path, cwd))
    except ValueError:  # another drive on Windows
        return path


def layered_settings(
    command: click.Command, explicit: str | None, env: Mapping[str, str], cwd: Path
) -> tuple[Path | None, dict[str, Setting]]:
    """The config file used, and the settings from it overlaid by the environment."""
    path = locate_config(explicit, env, cwd)
    settings = read_config_file(path, command) if path is not None else {}
    settings.update(read_environment(env, command))
    return path, settings


def _load_into_context(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Eager callback: fill ``ctx.default_map`` before any other option takes its default."""
    path, settings = layered_settings(ctx.command, value, os.environ, Path.cwd())
    options = setting_options(ctx.command)
    defaults = dict(ctx.default_map or {})
    for key, setting in settings.items():
        name = options[key].name
        if name is not None:
            defaults[name] = setting.value
    ctx.default_map = defaults
    ctx.meta["eolscan.config"] = path
    ctx.meta["eolscan.origins"] = {key: setting.origin for key, setting in settings.items()}
    return str(path) if path is not None else None
