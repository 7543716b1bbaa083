"""``eolscan init``: a starter inventory repository that scans in CI from the first push."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import click

from eolscan.errors import OutputError
from eolscan.support.atomic import write_text_atomic

STARTER: dict[str, str] = {
    "inventories/example-client.yaml": "example-inventory.yaml",
    "eolscan.toml": "eolscan.toml",
    "eolscan-accept.yaml": "eolscan-accept.yaml",
    ".eolscanignore": "eolscanignore",
    ".github/workflows/eolscan.yml": "github-workflow.yml",
}
"""Path in the new repository -> template in ``eolscan/starter/``."""


def starter_text(template: str) -> str:
    """A starter file's text, from the installed package."""
    return (files("eolscan") / "starter" / template).read_text(encoding="utf-8")


def create_starter(directory: Path) -> tuple[list[Path], list[Path]]:
    """Write every starter file that does not exist yet; returns (created, skipped)."""
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: exists and is not a directory")
    created: list[Path] = []
    skipped: list[Path] = []
    for relative, template in STARTER.items():
        target = directory / relative
        if target.exists() or target.is_symlink():
            skipped.append(target)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"{target.parent}: cannot create directory: {exc.strerror or exc}"
            ) from exc
        write_text_atomic(target, starter_text(template))
        created.append(target)
    return created, skipped


@click.command()
@click.argument("directory", default=".", metavar="[DIR]")
def init(directory: str) -> None:
    """Create a starter inventory repository in DIR (default: here); never overwrite a file.

    Writes an example inventory (inventories/example-client.yaml), eolscan.toml,
    eolscan-accept.yaml, .eolscanignore (files in the inventory folders that are not
    inventories) and a GitHub Actions workflow (.github/workflows/eolscan.yml), and lists
    what it created and what it skipped because it already existed.

    \b
    Examples:
      eolscan init inventory-repo
      cd inventory-repo && eolscan scan inventories/
    """
    created, skipped = create_starter(Path(directory))
    for path in created:
        click.echo(f"created {path}")
    for path in skipped:
        click.echo(f"skipped {path} (already exists)")
