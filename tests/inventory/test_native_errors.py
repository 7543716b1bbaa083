"""Bad native inventories: one line naming file, line/row and what was expected; exit 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, ASSETS

NATIVE = ASSETS / "native"
CASES = {
    "host-without-name.yaml": "host-without-name.yaml:3: host needs a 'name'",
    "duplicate-host.yaml": (
        "duplicate-host.yaml:4: host 'A' appears twice (first at {dir}/duplicate-host.yaml:2)"
    ),
    "unknown-host-key.yaml": (
        "unknown-host-key.yaml:2: unknown host key 'sofware' "
        "(expected extended_support, name, os, os_version, software, tags)"
    ),
    "bad-boolean.yaml": "bad-boolean.yaml:2: 'extended_support' must be true or false, not 'maybe'",
    "software-without-name.yaml": (
        "software-without-name.yaml:4: software needs 'name', 'purl' or 'cpe'"
    ),
    "truncated.json": "truncated.json:3: invalid YAML/JSON: did not find expected ',' or '}'",
    "bad-kind.csv": "bad-kind.csv:3: column 'kind' must be 'os' or 'software', not 'firmware'",
    "empty-host.csv": "empty-host.csv:2: column 'host' is empty",
    "hosts-not-a-list.yaml": "hosts-not-a-list.yaml:1: 'hosts' must be a list of hosts",
    "workflow.yml": "workflow.yml:2: unknown key 'jobs' (expected client, hosts)",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_native_file_gives_its_exact_message(name: str) -> None:
    strict = ["--strict"] if name.endswith(".csv") else []  # CSV rows are skipped unless --strict
    result = CliRunner().invoke(cli, ["scan", str(NATIVE / name), "--as-of", AS_OF, *strict])
    assert result.exit_code == 3
    expected = CASES[name].replace("{dir}", str(NATIVE))
    assert result.output.splitlines()[-1] == f"eolscan: error: {NATIVE}/{expected}"


def test_a_bad_csv_row_is_skipped_and_the_rest_scanned() -> None:
    result = CliRunner().invoke(
        cli, ["scan", str(NATIVE / "bad-kind.csv"), "--as-of", AS_OF, "-f", "json"]
    )
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["skipped"] == [
        {
            "source": f"{NATIVE}/bad-kind.csv:3",
            "reason": "column 'kind' must be 'os' or 'software', not 'firmware'",
            "what": "row",
            "client": None,
        }
    ]
    assert [f["name"] for f in report["findings"]] == ["Ubuntu 22.04"]


def test_versions_written_as_numbers_keep_their_text(tmp_path: Path) -> None:
    inventory = tmp_path / "numbers.yaml"
    inventory.write_text(
        "hosts:\n  - name: a\n    os: Ubuntu\n    os_version: 20.10\n"
        "    software:\n      - {name: PHP, version: 7.10}\n",
        "utf-8",
    )
    result = CliRunner().invoke(
        cli, ["scan", str(inventory), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert '"version": "20.10"' in result.stdout
    assert '"version": "7.10"' in result.stdout
