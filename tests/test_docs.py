"""Every command documents itself with examples, and docs/commands.md names every command."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from eolscan.cli.main import COMMANDS, cli
from tests.helpers import REPO


def all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        found.append((name, command))
        if isinstance(command, click.Group):
            found.extend(
                (f"{name} {sub}", command.commands[sub]) for sub in sorted(command.commands)
            )
    return found


@pytest.mark.parametrize(
    ("name", "command"), all_commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert command.help and "Example" in command.help, f"{name} --help has no example"
    assert f"eolscan {name}" in (REPO / "docs" / "commands.md").read_text("utf-8"), (
        f"docs/commands.md does not mention eolscan {name}"
    )


def test_registry_names_resolve_and_summaries_say_what_the_command_does() -> None:
    ctx = click.Context(cli)
    for name, (_target, summary) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.help
        assert summary.endswith(".") and len(summary) <= 72, name
    assert sorted(COMMANDS) == cli.list_commands(ctx)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("eolscan ")
