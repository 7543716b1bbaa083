"""Inputs that could crash, hang or exhaust memory, run through the real CLI in a child process.

Each child runs under a 1 GiB address-space limit and a 60-second timeout: deep
nesting must not overflow the C stack (a segfault), an alias bomb must not expand,
and an oversized document must be refused before it is parsed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from eolscan.support.safeyaml import MAX_DOCUMENT_CHARS
from tests.hardening.helpers import run_eolscan
from tests.helpers import AS_OF, ASSETS, EXAMPLES

BAD = ASSETS / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
CRASH_PRONE = [
    "deep-nesting.json",
    "deep-nesting-block.yaml",
    "nesting-65.yaml",
    "alias-bomb.yaml",
    "recursive-alias.yaml",
    "too-many-aliases.yaml",
    "huge-field.yaml",
    "csv-giant-field.csv",
    "binary-garbage.yaml",
]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX process limits and signals")


def assert_one_clean_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_a_valid_scan_fits_in_the_limits() -> None:
    """The limits leave room for real work, so refusals below are eolscan's, not the kernel's."""
    result = run_eolscan(
        ["scan", "--as-of", AS_OF, "-f", "json", str(EXAMPLES / "acme-dental.yaml")]
    )
    assert result.returncode == 1, result.stderr
    assert "FRONTDESK-01" in {finding["host"] for finding in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize("name", CRASH_PRONE)
def test_crash_prone_file_gives_its_error_in_a_child_process(name: str) -> None:
    result = run_eolscan(["scan", "--as-of", AS_OF, name], cwd=BAD)
    assert result.returncode == 3
    assert assert_one_clean_line(result.stderr) == EXPECTED[name]["stderr"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{a: " * 1_000_000, "nesting deeper than the 64-level limit"),
        ("- " * 1_000_000, "nesting deeper than the 64-level limit"),
        ("[" * 1_000_000 + "]" * 1_000_000, "nesting deeper than the 64-level limit"),
    ],
    ids=["flow-mappings", "block-dashes", "closed-brackets"],
)
def test_generated_deep_documents_are_refused(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_eolscan(["scan", "--as-of", AS_OF, str(path)])
    assert result.returncode == 3
    assert message in assert_one_clean_line(result.stderr)


def test_a_wide_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 50) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 50) + "]" for i in range(1, 30)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nhosts: [{name: x, tags: *a29}]\n", encoding="utf-8")
    result = run_eolscan(["scan", "--as-of", AS_OF, str(path)])
    assert result.returncode == 3
    assert "aliases expand to more than 1,000,000 nodes" in assert_one_clean_line(result.stderr)


def test_an_oversized_document_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    host = "  - {name: HOST, os: Ubuntu 18.04}\n"
    path.write_text("hosts:\n" + host * (MAX_DOCUMENT_CHARS // len(host) + 10), encoding="utf-8")
    result = run_eolscan(["scan", "--as-of", AS_OF, str(path)])
    assert result.returncode == 3
    assert assert_one_clean_line(result.stderr) == (
        f"eolscan: error: {path}: document is larger than the 16 MiB limit"
    )


def test_an_oversized_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "db.yaml"
    db.write_bytes(b"products: {}\n" + b"#" * (65 * 1024 * 1024))
    result = run_eolscan(
        ["scan", "--as-of", AS_OF, "--db", str(db), str(EXAMPLES / "acme-dental.yaml")]
    )
    assert result.returncode == 3
    line = assert_one_clean_line(result.stderr)
    assert (
        line
        == f"eolscan: error: {db}: cannot load lifecycle database: larger than the 64 MiB limit"
    )


def test_running_out_of_memory_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """A document under the size and value limits on a machine too small for it still fails
    cleanly."""
    host = (
        "  - {name: H%d, os: Ubuntu 18.04, software: [PHP, nginx, {name: MySQL, version: '5.7'}]}\n"
    )
    path = tmp_path / "big.yaml"
    path.write_text("hosts:\n" + "".join(host % i for i in range(25_000)), encoding="utf-8")
    assert path.stat().st_size < MAX_DOCUMENT_CHARS
    result = run_eolscan(["scan", "--as-of", AS_OF, str(path)], memory=200 << 20)
    assert result.returncode == 3
    assert assert_one_clean_line(result.stderr) == (
        "eolscan: error: out of memory (is an input far larger than expected?)"
    )
