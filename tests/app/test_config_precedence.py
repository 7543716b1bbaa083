"""eolscan.toml < EOLSCAN_* variables < flags; bad keys and values name the file, line and key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eolscan.cli.commands.scan import scan
from eolscan.cli.config import env_name, find_config, setting_options
from eolscan.formats.interface import FORMATS
from tests.app.helpers import CICRON_ASSETS, run
from tests.helpers import AS_OF, EXAMPLES

INVENTORY = str(EXAMPLES / "acme-dental.yaml")


def json_scan(*extra: str, env: dict[str, str | None] | None = None) -> dict[str, object]:
    result = run(["scan", INVENTORY, "--as-of", AS_OF, "-f", "json", *extra], env=env)
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_file_then_environment_then_flag(bare_dir: Path) -> None:
    (bare_dir / "eolscan.toml").write_text('fail_on = "never"\nwarn_days = 365\n')
    assert run(["scan", INVENTORY, "--as-of", AS_OF]).exit_code == 0
    assert json_scan()["warn_days"] == 365
    assert json_scan(env={"EOLSCAN_WARN_DAYS": "90"})["warn_days"] == 90
    assert json_scan("--warn-days", "30", env={"EOLSCAN_WARN_DAYS": "90"})["warn_days"] == 30
    assert run(["scan", INVENTORY, "--as-of", AS_OF], env={"EOLSCAN_FAIL_ON": "eol"}).exit_code == 1
    assert run(["scan", INVENTORY, "--as-of", AS_OF, "--fail-on", "eol"]).exit_code == 1


def test_config_is_found_from_a_subdirectory_and_paths_count_from_the_file(bare_dir: Path) -> None:
    (bare_dir / "eolscan.toml").write_text('accept = "risks/accept.yaml"\nformat = "json"\n')
    (bare_dir / "risks").mkdir()
    (bare_dir / "risks" / "accept.yaml").write_text(
        "accept:\n  - {host: DC01, product: windows-server, reason: ordered, until: 2027-01-01}\n"
    )
    sub = bare_dir / "deep" / "er"
    sub.mkdir(parents=True)
    assert find_config(sub) == bare_dir / "eolscan.toml"
    import os

    os.chdir(sub)
    report = json.loads(run(["scan", INVENTORY, "--as-of", AS_OF]).stdout)
    assert report["summary"]["by_status"]["accepted"] == 1  # type: ignore[index]


def test_explicit_config_and_environment_variable_for_it(bare_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "ci.toml"
    other.write_text("warn_days = 400\n")
    assert json_scan("--config", str(other))["warn_days"] == 400
    assert json_scan(env={"EOLSCAN_CONFIG": str(other)})["warn_days"] == 400


CONFIG_ERRORS = {
    "config-unknown-key.toml": "2: unknown key 'warn_dayz' (did you mean 'warn_days'?)",
    "config-bad-choice.toml": "1: fail_on: 'sometimes' is not one of "
    "'eol', 'warn', 'unknown', 'never'",
    "config-bad-toml.toml": "2: invalid TOML: Invalid value",
    "config-unknown-format.toml": "1: format: unknown name 'pdf' (choose from "
    + ", ".join(FORMATS)
    + ")",
}


@pytest.mark.parametrize(("name", "message"), sorted(CONFIG_ERRORS.items()))
def test_bad_config_file_exits_3_naming_file_line_and_key(
    name: str, message: str, bare_dir: Path
) -> None:
    shutil.copy(CICRON_ASSETS / name, bare_dir / "eolscan.toml")
    result = run(["scan", INVENTORY, "--as-of", AS_OF])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"eolscan: error: eolscan.toml:{message}\n"


def test_a_table_is_not_a_setting(bare_dir: Path) -> None:
    shutil.copy(CICRON_ASSETS / "config-table.toml", bare_dir / "eolscan.toml")
    result = run(["scan", INVENTORY, "--as-of", AS_OF])
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "eolscan: error: eolscan.toml:1: unknown key 'scan' (expected one of accept, "
    )


def test_bad_environment_value_names_the_variable(bare_dir: Path) -> None:
    result = run(["scan", INVENTORY, "--as-of", AS_OF], env={"EOLSCAN_WARN_DAYS": "lots"})
    assert result.exit_code == 3
    assert (
        result.stderr == "eolscan: error: EOLSCAN_WARN_DAYS: 'lots' is not a valid integer range\n"
    )


def test_missing_explicit_config_is_an_error(bare_dir: Path) -> None:
    result = run(["scan", INVENTORY, "--config", "nope.toml"])
    assert (result.exit_code, result.stderr) == (3, "eolscan: error: nope.toml: no such file\n")


def test_every_scan_option_has_a_key_and_a_variable() -> None:
    keys = setting_options(scan)
    assert {
        "fail_on",
        "warn_days",
        "format",
        "accept",
        "db",
        "output_dir",
        "quiet",
        "verbose",
    } <= set(keys)
    assert "config" not in keys and "help" not in keys
    assert env_name("fail_on") == "EOLSCAN_FAIL_ON"


def test_config_show_prints_each_value_and_where_it_came_from(bare_dir: Path) -> None:
    (bare_dir / "eolscan.toml").write_text('fail_on = "warn"\nwarn_days = 365\nformat = "json"\n')
    result = run(
        ["config", "show", "--format", "table", "--as-of", AS_OF],
        env={"EOLSCAN_WARN_DAYS": "90", "EOLSCAN_DB": None},
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "config file: eolscan.toml (found from here up to the repository root)"
    assert lines[1].startswith("accepted-risk file: none")
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert rows["fail_on"] == ["warn", "eolscan.toml"]
    assert rows["warn_days"] == ["90", "EOLSCAN_WARN_DAYS"]
    assert rows["format"] == ["table", "flag", "--format"]
    assert rows["as_of"] == [AS_OF, "flag", "--as-of"]
    assert rows["db"] == ["-", "default"]
    assert set(rows) == set(setting_options(scan))


def test_config_show_without_a_file(bare_dir: Path) -> None:
    result = run(["config", "show"])
    assert result.stdout.splitlines()[0] == (
        "config file: none (no eolscan.toml here or above, up to the repository root)"
    )
    assert ["fail_on", "eol", "default"] in [line.split() for line in result.stdout.splitlines()]


def test_config_show_reports_a_broken_file_like_scan_does(bare_dir: Path) -> None:
    shutil.copy(CICRON_ASSETS / "config-unknown-key.toml", bare_dir / "eolscan.toml")
    result = run(["config", "show"])
    assert result.exit_code == 3
    assert result.stderr == (
        "eolscan: error: eolscan.toml:2: unknown key 'warn_dayz' (did you mean 'warn_days'?)\n"
    )


def test_config_show_rejects_a_bad_flag_as_a_usage_error(bare_dir: Path) -> None:
    result = run(["config", "show", "--fail-on", "sometimes"])
    assert result.exit_code == 2
    assert "Invalid value for '--fail-on'" in result.stderr


def test_config_show_names_the_accept_file_a_scan_from_here_would_find(bare_dir: Path) -> None:
    rows = {line.split()[0]: line for line in run(["config", "show"]).stdout.splitlines()[2:]}
    assert rows["accept"].split(None, 2)[1:] == [
        "-",
        "default: eolscan-accept.yaml beside the inventories or here, if any",
    ]
    (bare_dir / "eolscan-accept.yaml").write_text("accept: []\n")
    rows = {line.split()[0]: line for line in run(["config", "show"]).stdout.splitlines()[2:]}
    assert rows["accept"].split(None, 2)[1:] == [
        "eolscan-accept.yaml",
        "found here (eolscan-accept.yaml beside the inventories comes first)",
    ]
