"""The bad-input corpus: every file gives its exact one-line error and exit code 3, through the CLI.

The same files then go through every loader in process (inventory readers, the
database, the rules, plain YAML): each must return or raise an ``EolscanError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.errors import EolscanError
from tests.hardening.loaders import LOADERS
from tests.helpers import AS_OF, ASSETS

BAD = ASSETS / "bad"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (BAD / "expected.yaml").read_text(encoding="utf-8")
)
FILES = sorted(p.name for p in BAD.iterdir() if p.name != "expected.yaml")


def test_corpus_has_at_least_forty_failure_modes_each_with_an_expectation() -> None:
    assert len(FILES) >= 40
    assert sorted(EXPECTED) == FILES


@pytest.mark.parametrize("name", FILES)
def test_bad_file_gives_its_exact_error_line(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = EXPECTED[name]
    monkeypatch.chdir(BAD)
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, *expected.get("args", []), name])
    assert result.exit_code == expected["exit"], result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected["stderr"]]
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", [n for n in FILES if EXPECTED[n].get("args") is None])
def test_bad_file_message_names_the_file(name: str) -> None:
    """Errors start with the file name, and a line when the file has content to point at."""
    message = EXPECTED[name]["stderr"].removeprefix("eolscan: error: ")
    assert message.startswith(f"{name}:")


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_every_loader_survives_every_bad_file(loader: str, tmp_path: Path) -> None:
    load = LOADERS[loader]
    outcomes: dict[str, str] = {}
    for name in FILES:
        try:
            load((BAD / name).read_bytes(), tmp_path)
            outcomes[name] = "read"
        except EolscanError as exc:
            text = str(exc)
            assert text and "\n" not in text, (name, text)
            outcomes[name] = "error"
    assert len(outcomes) == len(FILES)
    assert "error" in outcomes.values()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deep-nesting.json", "<stdin>:1: nesting deeper than the 64-level limit"),
        (
            "alias-bomb.yaml",
            "<stdin>:7: aliases expand to more than 1,000,000 nodes (alias limit; an alias bomb?)",
        ),
        (
            "nul-bytes.yaml",
            "<stdin>:4: NUL byte in text (a binary file, or UTF-16 without a byte order mark?)",
        ),
    ],
)
def test_bad_input_on_stdin_names_stdin(name: str, message: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["scan", "--as-of", AS_OF, "--input-format", "native", "-"],
        input=(BAD / name).read_bytes(),
    )
    assert result.exit_code == 3
    assert result.stderr == f"eolscan: error: {message}\n"
