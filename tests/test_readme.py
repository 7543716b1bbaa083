"""The README stays a newcomer's first page: short, and its sample output is a real run's."""

from __future__ import annotations

import os
import re

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import REPO

README = REPO / "README.md"
SAMPLE = re.compile(r"(<!-- sample:start -->\n)(.*?)(<!-- sample:end -->)", re.S)
SAMPLE_RUN = ["scan", str(REPO / "examples" / "corner-bakery.yaml"), "--as-of", "2026-11-23"]


def sample_output() -> str:
    """What the README's sample command prints in a 100-column terminal, colour off."""
    result = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"}).invoke(cli, SAMPLE_RUN)
    assert result.exit_code == 1, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    return "```text\n" + "\n".join(lines).strip("\n") + "\n```\n"


def test_the_sample_output_is_what_the_command_prints() -> None:
    text = README.read_text(encoding="utf-8")
    expected = sample_output()
    if os.environ.get("EOLSCAN_UPDATE_GOLDEN"):
        README.write_text(SAMPLE.sub(lambda m: m[1] + expected + m[3], text), encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    match = SAMPLE.search(text)
    assert match is not None, "the README lost its sample markers"
    assert match[2] == expected, "run EOLSCAN_UPDATE_GOLDEN=1 pytest tests/test_readme.py"


def test_the_readme_is_short_and_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 12 * 1024
    for page in sorted((REPO / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in text, f"README does not link docs/{page.name}"


def test_links_between_docs_pages_resolve() -> None:
    for page in [README, *sorted((REPO / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links a missing {target}"
