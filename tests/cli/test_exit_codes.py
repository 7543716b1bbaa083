"""Exit codes tell "risky" from "broken": 0 clean, 1 findings, 2 usage, 3 bad input."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, ASSETS, EXAMPLES

EXAMPLE = str(EXAMPLES / "acme-dental.yaml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_findings_at_or_above_fail_on_exit_1() -> None:
    assert run("scan", EXAMPLE, "--as-of", AS_OF)[0] == 1


def test_fail_on_never_exits_0() -> None:
    assert run("scan", EXAMPLE, "--as-of", AS_OF, "--fail-on", "never")[0] == 0


def test_clean_inventory_exits_0(tmp_path: Path) -> None:
    inventory = tmp_path / "clean.yaml"
    inventory.write_text("hosts:\n  - name: web\n    os: Ubuntu 24.04 LTS\n", "utf-8")
    assert run("scan", str(inventory), "--as-of", AS_OF, "--fail-on", "warn")[0] == 0


def test_fail_on_warn_and_unknown() -> None:
    statuses = str(ASSETS / "native" / "statuses.yaml")
    early = "2019-01-01"  # before every end of life in that file except none: nothing is eol yet
    assert run("scan", statuses, "--as-of", early)[0] == 0
    assert (
        run("scan", statuses, "--as-of", early, "--fail-on", "warn", "--warn-days", "36500")[0] == 1
    )
    unknown_only = ASSETS / "native" / "unknown-only.yaml"
    assert run("scan", str(unknown_only), "--as-of", AS_OF, "--fail-on", "warn")[0] == 0
    assert run("scan", str(unknown_only), "--as-of", AS_OF, "--fail-on", "unknown")[0] == 1


def test_usage_errors_exit_2() -> None:
    code, output = run("scan", EXAMPLE, "--fail-on", "sometimes")
    assert code == 2
    assert "Invalid value for '--fail-on'" in output
    assert run("scan", EXAMPLE, "--as-of", "23/11/2026")[0] == 2
    assert run("scan")[0] == 2
    code, output = run("scan", EXAMPLE, "--format", "pdf")
    assert code == 2
    assert (
        output.strip()
        .splitlines()[-1]
        .startswith("eolscan: error: unknown format 'pdf' (choose from ")
    )


def test_bad_input_exits_3_with_one_line() -> None:
    code, output = run("scan", str(ASSETS / "native" / "no-such-file.yaml"), "--as-of", AS_OF)
    assert code == 3
    assert output == f"eolscan: error: {ASSETS / 'native' / 'no-such-file.yaml'}: no such file\n"


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    inventory = tmp_path / "inv.json"
    inventory.write_text('{"hosts": [{"name": "a", "os": "Ubuntu 24.04"}]}', "utf-8")
    before = inventory.read_bytes()
    code, output = run("scan", str(inventory), "-o", str(inventory), "--as-of", AS_OF)
    assert code == 2
    assert output == f"eolscan: error: {inventory}: refusing to overwrite an input file\n"
    assert inventory.read_bytes() == before


def test_the_console_entry_point_writes_the_whole_report_and_its_exit_code(
    tmp_path: Path,
) -> None:
    """``main()`` freezes the collector as the process ends (its last collection only cost
    time): the report on stdout or in a file, and the exit code, are as in process."""
    import json
    import subprocess
    import sys

    written = tmp_path / "report.json"
    args = ["scan", EXAMPLE, "--as-of", AS_OF, "-f", "json"]
    to_stdout, to_file = (
        subprocess.run(
            [sys.executable, "-m", "eolscan", *args, *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        for extra in ([], ["-o", str(written)])
    )
    in_process = CliRunner().invoke(cli, args)
    assert to_stdout.returncode == to_file.returncode == in_process.exit_code == 1
    assert json.loads(to_stdout.stdout) == json.loads(in_process.stdout)
    assert json.loads(written.read_text("utf-8")) == json.loads(in_process.stdout)
