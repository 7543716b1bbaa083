"""How chatty eolscan is on stderr: quiet under cron, notices at a terminal, details with ``-v``.

stdout carries only the report; everything here goes to stderr. Progress bars appear only on a
terminal, only at the default or verbose level, and only for long work.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console

LOGGER = "eolscan"
PROGRESS_MIN_FILES = 20
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
"""Work smaller than this finishes before a progress bar would be read."""

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(LOGGER)


class _ClickStderr(logging.Handler):
    """Writes with ``click.echo(err=True)``: the current ``sys.stderr``, CliRunner's too."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"eolscan: {record.getMessage()}", err=True)


def level_for(quiet: bool, verbose: bool, stderr_is_terminal: bool) -> int:
    """``-v`` DEBUG; ``-q`` ERROR; otherwise INFO on a terminal and ERROR elsewhere (cron, CI)."""
    if verbose:
        return logging.DEBUG
    if quiet or not stderr_is_terminal:
        return logging.ERROR
    return logging.INFO


def configure(quiet: bool, verbose: bool) -> int:
    """Set the ``eolscan`` logger for one command run; returns the level chosen."""
    level = level_for(quiet, verbose, _stderr_is_terminal())
    log.handlers[:] = [_ClickStderr()]
    log.setLevel(level)
    log.propagate = False
    return level


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def wants_progress(files: int, total_bytes: int, level: int, stderr_is_terminal: bool) -> bool:
    """A bar only on a terminal, not with ``-q``, and only for long work."""
    long_work = files >= PROGRESS_MIN_FILES or total_bytes >= PROGRESS_MIN_BYTES
    return stderr_is_terminal and level <= logging.INFO and long_work


@contextmanager
def progress_bar(
    total: int, label: str, enabled: bool, console: Console | None = None
) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; draws a transient rich bar on stderr (or ``console``) if enabled."""
    if not enabled:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    with Progress(
        *columns, TimeRemainingColumn(), console=console or Console(stderr=True), transient=True
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
