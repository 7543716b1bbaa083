"""eolscan's command line: a lazy click group; ``--version`` and ``--help`` import almost nothing.

Each command lives in ``eolscan.commands.<module>`` and is imported only when run;
``--help`` lists the registry's summaries. Every ``EolscanError`` is caught here, once, and
becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import io
import os
import sys
from typing import Any

import click

from eolscan import __version__
from eolscan.errors import EXIT_INPUT, EolscanError

COMMANDS: dict[str, tuple[str, str]] = {
    "scan": (
        "eolscan.commands.scan:scan",
        "Scan inventories and report what is past or near its end of life.",
    ),
    "explain": (
        "eolscan.commands.explain:explain",
        "Explain how a name and version are recognised and judged.",
    ),
    "db": (
        "eolscan.commands.db:db",
        "Build, refresh, inspect and roll back the lifecycle database.",
    ),
    "inventory": (
        "eolscan.commands.inventory:inventory",
        "Show what is read from inventory files, without matching.",
    ),
    "validate": (
        "eolscan.commands.validate:validate",
        "Check inventories, accepted-risk and settings files, no scan.",
    ),
    "init": (
        "eolscan.commands.init:init",
        "Create a starter inventory repository that scans in CI.",
    ),
    "config": (
        "eolscan.commands.config_cmd:config",
        "Show the settings in effect and where each came from.",
    ),
    "diff": (
        "eolscan.commands.diff:diff",
        "Compare two saved JSON reports: new, changed, resolved.",
    ),
    "trend": (
        "eolscan.commands.trend:trend",
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
            from eolscan.visible import visible

            click.echo(f"eolscan: error: {visible(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("eolscan: interrupted", err=True)
            ctx.exit(130)
        except MemoryError:
            click.echo(
                "eolscan: error: out of memory (is an input far larger than expected?)", err=True
            )
            ctx.exit(EXIT_INPUT)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_INPUT)
        except OSError as exc:  # standard output full (/dev/full), closed or failing
            _write_failed(exc)
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
    3 bad input, database or network error.
    """


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
    with contextlib.suppress(OSError, ValueError):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


TERMINATING_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT")
"""Signals that end a run the way Ctrl-C does (a closed terminal, Ctrl-\\, kill)."""


def _on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM, SIGHUP and SIGQUIT unwind like Ctrl-C: atomic writes remove their temp files
    and keep old outputs."""
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    import signal

    for name in TERMINATING_SIGNALS:  # SIGHUP and SIGQUIT do not exist on Windows
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _on_sigterm)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        cli(prog_name="eolscan")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_INPUT)
    except OSError as exc:  # --help or --version to a full or closed standard output
        _write_failed(exc)
        sys.exit(EXIT_INPUT)
