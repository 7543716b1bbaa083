"""How chatty eolscan is on stderr: quiet under cron, notices at a terminal, details with ``-v``.

stdout carries only the report; everything here goes to stderr. Progress bars appear only on a
terminal, only at the default or verbose level, and only for long work.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console

DEBUG, INFO, WARNING, ERROR = 10, 20, 30, 40
"""The standard logging levels; the stdlib ``logging`` module costs 3 ms of start-up."""
PROGRESS_MIN_FILES = 20
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
"""Work smaller than this finishes before a progress bar would be read."""

F = TypeVar("F", bound=Callable[..., Any])


class StderrLog:
    """Leveled notices on stderr through ``click.echo(err=True)`` (CliRunner's stderr too)."""

    def __init__(self) -> None:
        self.level = ERROR

    def _emit(self, level: int, message: str) -> None:
        if level >= self.level:
            click.echo(f"eolscan: {message}", err=True)

    def debug(self, message: str) -> None:
        """Details shown with ``-v``."""
        self._emit(DEBUG, message)

    def info(self, message: str) -> None:
        """Notices shown at a terminal."""
        self._emit(INFO, message)

    def warning(self, message: str) -> None:
        """Something the user should know, shown at a terminal."""
        self._emit(WARNING, message)

    def error(self, message: str) -> None:
        """Always shown."""
        self._emit(ERROR, message)

    def data_warning(self, message: str) -> None:
        """Lost or doubtful data (skipped rows, unreadable files, expired accepted risks, an old
        database): always shown, at a terminal, under cron and with ``-q``. Quiet means no
        progress and no chatter, not silence about data a report leaves out."""
        self._emit(ERROR, f"warning: {message}")


log = StderrLog()


def level_for(quiet: bool, verbose: bool, stderr_is_terminal: bool) -> int:
    """``-v`` DEBUG; ``-q`` ERROR; otherwise INFO on a terminal and ERROR elsewhere (cron, CI)."""
    if verbose:
        return DEBUG
    if quiet or not stderr_is_terminal:
        return ERROR
    return INFO


def configure(quiet: bool, verbose: bool) -> int:
    """Set the ``eolscan`` logger for one command run; returns the level chosen."""
    level = level_for(quiet, verbose, _stderr_is_terminal())
    log.level = level
    return level


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def wants_progress(files: int, total_bytes: int, level: int, stderr_is_terminal: bool) -> bool:
    """A bar only on a terminal, not with ``-q``, and only for long work."""
    long_work = files >= PROGRESS_MIN_FILES or total_bytes >= PROGRESS_MIN_BYTES
    return stderr_is_terminal and level <= INFO and long_work


@contextmanager
def progress_bar(
    total: int, label: str, enabled: bool, console: Console | None = None
) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; draws a transient rich bar on stderr (or ``console``) if enabled."""
    if not enabled:
        yield lambda _n: None
        return
    # rich only when a progress bar is drawn (a terminal, a long run)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    with Progress(
        *columns, TimeRemainingColumn(), console=console or Console(stderr=True), transient=True
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
