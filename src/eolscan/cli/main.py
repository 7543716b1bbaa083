"""eolscan's command line: a lazy click group; ``--version`` and ``--help`` import almost nothing.

Each command lives in ``eolscan.cli.commands.<module>`` and is imported only when run;
``--help`` lists the registry's summaries. Every ``EolscanError`` is caught here, once, and
becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import io
import os
import signal
import sys
from typing import Any

import click

from eolscan import __version__
from eolscan.errors import EXIT_INPUT, EolscanError

COMMANDS: dict[str, tuple[str, str]] = {
    "scan": (
        "eolscan.cli.commands.scan:scan",
        "Scan inventories and report what is past or near its end of life.",
    ),
    "explain": (
        "eolscan.cli.commands.explain:explain",
        "Explain how a name and version are recognised and judged.",
    ),
    "db": (
        "eolscan.cli.commands.db:db",
        "Build, refresh, inspect and roll back the lifecycle database.",
    ),
    "inventory": (
        "eolscan.cli.commands.inventory:inventory",
        "Show what is read from inventory files, without matching.",
    ),
    "validate": (
        "eolscan.cli.commands.validate:validate",
        "Check inventories, accepted-risk and settings files, no scan.",
    ),
    "init": (
        "eolscan.cli.commands.init:init",
        "Create a starter inventory repository that scans in CI.",
    ),
    "config": (
        "eolscan.cli.commands.config_cmd:config",
        "Show the settings in effect and where each came from.",
    ),
    "diff": (
        "eolscan.cli.commands.diff:diff",
        "Compare two saved JSON reports: new, changed, resolved.",
    ),
    "trend": (
        "eolscan.cli.commands.trend:trend",
        "Show how each client's exposure moved across saved JSON reports.",
    ),
}
"""Command name -> (``module:attribute``, its one-line summary for ``eolscan --help``); add a
line here to add a command. ``--help`` lists the summaries without importing any command."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and which reports errors as one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, _, attribute = entry[0].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the registry's summaries: no command module is imported."""
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EolscanError as exc:
            # error path only: --help and --version stay within their start-up budget
            from eolscan.support.visible import visible

            click.echo(f"eolscan: error: {visible(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("eolscan: interrupted", err=True)
            ctx.exit(EXIT_SIGTERM if _terminated == SIGTERM else EXIT_INTERRUPTED)
        except MemoryError:
            click.echo(
                "eolscan: error: out of memory (is an input far larger than expected?)", err=True
            )
            ctx.exit(EXIT_INPUT)
        except BrokenPipeError:
            _reader_gone()
            ctx.exit(EXIT_INPUT)
        except OSError as exc:
            if exc.filename is None:  # standard output full (/dev/full), closed or failing
                _write_failed(exc)
            else:  # a folder, file or device the walk met; never a traceback
                click.echo(f"eolscan: error: {os_error_text(exc)}", err=True)
            ctx.exit(EXIT_INPUT)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "-V", "--version", prog_name="eolscan", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Warn in time about end-of-life operating systems and software in client inventories.

    \b
    Examples:
      eolscan scan examples/acme-dental.yaml
      eolscan scan inventories/ --format json -o report.json --fail-on warn
      eolscan explain "Microsoft Windows 10 Pro" 10.0.19045
      eolscan db info

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error,
    3 bad input, database or network error, 130 interrupted (Ctrl-C),
    143 stopped by SIGTERM.
    """


EXIT_INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, as shells report it."""
EXIT_SIGTERM = 143
"""SIGTERM (systemd stopping the unit, a CI timeout): 128 + 15, what supervisors expect."""
SIGTERM = 15
"""SIGTERM's number on every platform Python runs on (Windows included)."""
_terminated: int | None = None
"""The terminating signal received, if any."""


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (``>&-``): writing fails like a closed
    descriptor, so a report is never silently lost."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _write_failed(exc: OSError) -> None:
    """One line for an output that failed; what is left goes nowhere, so that the flush at
    exit does not fail (and print) a second time."""
    where = exc.filename or "standard output"
    click.echo(f"eolscan: error: {where}: cannot write: {exc.strerror or exc}", err=True)
    _stdout_to_null()


def _stdout_to_null() -> None:
    """Send what is left for standard output to the null device, so that the flush at exit
    does not fail (and print) a second time: its descriptor where it has one, else the
    stream (a test runner's)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        with contextlib.suppress(OSError, ValueError):
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _reader_gone() -> None:
    """Standard output's reader stopped reading (``| head``): one line on stderr, since a
    pipeline under ``set -o pipefail`` would otherwise fail without a word; standard output
    then goes to the null device. Standard error gone too (``2>&1 | head``) is closed, as
    there is no one to tell."""
    _stdout_to_null()
    try:
        click.echo(
            "eolscan: error: standard output closed before the report was written whole "
            "(its reader, such as `| head`, stopped reading)",
            err=True,
        )
    except OSError:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.close()


TERMINATING_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT")
"""Signals that end a run the way Ctrl-C does (a closed terminal, Ctrl-\\, kill)."""


def _on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM, SIGHUP and SIGQUIT unwind like Ctrl-C: atomic writes remove their temp files
    and keep old outputs; SIGTERM exits 143, what supervisors expect; the others 130, like
    Ctrl-C."""
    global _terminated
    _terminated = int(signum)
    raise KeyboardInterrupt


def os_error_text(exc: OSError) -> str:
    """``clients/acme: Permission denied``: the path and the system's reason, on one line."""
    where = exc.filename if exc.filename is not None else "input"
    return f"{where}: {exc.strerror or exc}"


def main() -> None:
    """Console-script entry point."""
    # What a run makes (the imported modules, the database, a scan's host groups, verdicts
    # and columns of ints) lives until it ends and is not garbage. At Python's default
    # thresholds the cyclic collector walks it all hundreds of times (a fifth of a second
    # in a 1.1M-row scan, and part of every start-up): collect the youngest objects every
    # 200,000 new ones instead of 700 (a small client's run then needs no collection; a
    # 1.1M-row scan one); the rare cycles are still collected.
    gc.set_threshold(200_000, 20, 10)
    for name in TERMINATING_SIGNALS:  # SIGHUP and SIGQUIT do not exist on Windows
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _on_sigterm)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        cli(prog_name="eolscan")
    except BrokenPipeError:
        _reader_gone()
        sys.exit(EXIT_INPUT)
    except OSError as exc:  # --help or --version to a full or closed standard output
        _write_failed(exc)
        sys.exit(EXIT_INPUT)
    finally:
        # The process ends here. Its last cyclic collection would walk every object the run
        # made (modules, the database) only to find the memory the exit frees anyway: ~10 ms
        # of a small scan. Objects are still released as the interpreter shuts down.
        gc.freeze()
