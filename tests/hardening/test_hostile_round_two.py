"""The second hostile review's crashes: each is now one line on stderr and exit 2 or 3.

Streams whose ``stat`` size says nothing (``/dev/zero``, pipes, FIFOs, ``/dev/stdin``),
outputs that fail (closed, full), settings values Python cannot convert, and fields long
enough to make recognition slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.hardening.helpers import TIMEOUT, eolscan_command, limits, run_eolscan
from tests.helpers import AS_OF, EXAMPLES, without_data_notes

ACME = str(EXAMPLES / "acme-dental.yaml")
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX devices, pipes and FIFOs")


@posix_only
@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("--db", "/dev/zero: cannot load lifecycle database: line 1: NUL byte in text"),
        ("--overlay", "/dev/zero:1: NUL byte in text"),
        ("--baseline", "/dev/zero:1: NUL byte in text"),
        ("--accept", "/dev/zero:1: NUL byte in text"),
    ],
)
def test_dev_zero_as_any_input_is_refused_at_once(option: str, expected: str) -> None:
    started = time.monotonic()
    result = run_eolscan(["scan", "--as-of", AS_OF, ACME, option, "/dev/zero"])
    assert result.returncode == 3
    assert result.stderr == f"eolscan: error: {expected} (a binary file?)\n"
    assert time.monotonic() - started < 20


@posix_only
def test_dev_zero_as_an_inventory_is_refused_at_once() -> None:
    result = run_eolscan(["scan", "--as-of", AS_OF, "/dev/zero"])
    assert (result.returncode, result.stderr) == (
        3,
        "eolscan: error: /dev/zero:1: NUL byte in text "
        "(a binary file, or UTF-16 without a byte order mark?)\n",
    )


@posix_only
def test_an_endless_pipe_stops_at_the_byte_limit() -> None:
    """``yes |`` would fill memory; the count of bytes read stops it under 1 GiB."""
    producer = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        result = subprocess.run(
            eolscan_command("scan", "-"),
            stdin=producer.stdout,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            preexec_fn=limits(),
            check=False,
        )
    finally:
        producer.kill()
        producer.wait()
    assert (result.returncode, result.stderr) == (
        3,
        "eolscan: error: <stdin>: larger than the 128 MiB limit\n",
    )


@posix_only
def test_dev_stdin_and_process_substitution_are_read_as_streams(tmp_path: Path) -> None:
    inventory = Path(ACME).read_bytes()
    for path in ("/dev/stdin", "/proc/self/fd/0"):
        result = subprocess.run(
            eolscan_command("scan", "--as-of", AS_OF, "-f", "json", path),
            input=inventory,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        assert json.loads(result.stdout)["summary"]["hosts"] == 7
    bash = subprocess.run(
        ["bash", "-c", f'"$@" <(cat {ACME})', "-", *eolscan_command("scan", "--as-of", AS_OF)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert bash.returncode == 1, bash.stderr
    assert without_data_notes(bash.stderr) == ""


@posix_only
def test_a_fifo_nobody_writes_to_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    result = run_eolscan(["scan", "--as-of", AS_OF, str(fifo)])
    assert (result.returncode, result.stderr) == (
        3,
        f"eolscan: error: {fifo}: empty file (expected an inventory)\n",
    )


@posix_only
def test_closed_and_full_standard_output_are_one_line() -> None:
    closed = subprocess.run(
        eolscan_command("scan", "--as-of", AS_OF, ACME),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=lambda: os.close(1),
        check=False,
    )
    assert (closed.returncode, without_data_notes(closed.stderr)) == (
        3,
        "eolscan: error: standard output: cannot write: standard output is closed\n",
    )
    if not Path("/dev/full").exists():
        return
    for args in (["scan", "--as-of", AS_OF, ACME], ["scan", ACME, "-f", "json"], ["--help"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                eolscan_command(*args),
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        assert result.returncode == 3
        assert without_data_notes(result.stderr).splitlines() == [
            "eolscan: error: standard output: cannot write: " + os.strerror(28)
        ]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("warn_days = inf\n", "eolscan.toml:1: warn_days: inf is not a valid integer range"),
        (
            "# our settings\nfail_on = 'eol'\nwarn_days = inf\n",
            "eolscan.toml:3: warn_days: inf is not a valid integer range",
        ),
        (
            "as_of = 2026-01-01T08:00:00\n",
            "eolscan.toml:1: as_of: '2026-01-01T08:00:00' is not a date in the form YYYY-MM-DD",
        ),
        (
            "as_of = 9999-12-31\n",
            "eolscan.toml:1: as_of: 9999-12-31 is outside 1900-01-01 to 9000-12-31",
        ),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "eolscan.toml: invalid TOML: nested too deeply"),
        ("warn_days = " + "1" * 5000 + "\n", "eolscan.toml:1: invalid TOML: a number is too long"),
    ],
    ids=["inf", "inf-on-line-3", "datetime", "year-9999", "nesting", "digits"],
)
def test_settings_python_cannot_convert_are_one_line(
    toml: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "eolscan.toml").write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["config", "show"], ["scan", ACME]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 3
        assert result.stderr.splitlines() == [f"eolscan: error: {expected}"]


def test_as_of_year_9999_is_a_usage_error_not_a_crash() -> None:
    result = CliRunner().invoke(cli, ["scan", "--as-of", "9999-12-31", ACME, "-f", "html"])
    assert result.exit_code == 2
    assert "9999-12-31 is outside 1900-01-01 to 9000-12-31" in result.stderr
    last = CliRunner().invoke(
        cli, ["scan", "--as-of", "9000-12-31", "--warn-days", "36500", ACME, "-f", "html"]
    )
    assert last.exit_code == 1 and "</html>" in last.stdout


def test_spdx_cannot_set_where_a_package_was_read(tmp_path: Path) -> None:
    """The reader's line bookkeeping is not in the package: a key "\\u0000line" is just data."""
    document = {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "web01",
        "packages": [
            {"SPDXID": "SPDXRef-1", "name": "nginx", "versionInfo": "1.18.0", "\u0000line": 7},
            {"name": "php", "versionInfo": "7.4.3", "\u0000line": "9" * 100_000},
        ],
    }
    sbom = tmp_path / "web01.spdx.json"
    sbom.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, str(sbom), "-f", "sarif"])
    assert result.exit_code == 1, result.output
    sources = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        + str(location["physicalLocation"].get("region", {}))
        for run in json.loads(result.stdout)["runs"]
        for found in run["results"]
        for location in found["locations"]
    }
    assert not any("7}" in s or "99999" in s for s in sources), sources


def test_long_fields_cost_little_in_recognition(tmp_path: Path) -> None:
    name = ("microsoft sql server " * 3200)[:65000]
    version = ".".join(["1"] * 30000)[:65000]
    digits = "9" * 5000
    rows = [
        "client,host,kind,name,version",
        f"A,P1,software,{name},1",
        f"A,P2,software,PHP,{version}",
        f"A,P3,software,PHP,8.{digits}",
        f"A,P4,os,Windows Server 2008 R2 Service Pack {digits},6.1",
    ]
    inventory = tmp_path / "long.csv"
    inventory.write_text("\n".join(rows) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, str(inventory), "-f", "json"])
    assert time.monotonic() - started < 5
    assert result.exit_code == 0, result.output
    reasons = [f["reason"] for f in json.loads(result.stdout)["findings"]]
    assert "name is longer than 512 characters: no product name" in reasons
    assert "version is longer than 1024 characters" in reasons


def test_os_release_quoted_values_are_unquoted_in_linear_time() -> None:
    from eolscan.inventory.os_release import unquote

    assert unquote('"Ubuntu 22.04.3 LTS"') == "Ubuntu 22.04.3 LTS"
    assert unquote('"a\\"b" \'c d\'') == 'a"b c d'
    assert unquote('"C:\\path"') == "C:\\path"
    assert unquote('"unterminated') == "unterminated"
    started = time.monotonic()
    unquote('"' + 'a b\\" ' * 10_000 + '"')
    unquote("'" + "x" * 60_000)
    assert time.monotonic() - started < 0.5


def test_a_long_osquery_event_log_reads_in_linear_time(tmp_path: Path) -> None:
    """Each differential line adds one package; the log's state grows with every line."""
    log = tmp_path / "osqueryd.results.log"
    line = (
        '{{"name": "pack_software_deb_packages", "hostIdentifier": "web01", "action": "added", '
        '"columns": {{"name": "pkg{0}", "version": "1.{0}"}}}}\n'
    )
    log.write_text("".join(line.format(i) for i in range(40_000)), encoding="utf-8")
    started = time.process_time()  # CPU time: the machine may be busy (was 16 s, now ~1 s)
    result = CliRunner().invoke(cli, ["inventory", str(log), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["assets"]) == 40_000
    assert time.process_time() - started < 6


def test_accepted_risk_files_are_bounded_and_matched_by_product(tmp_path: Path) -> None:
    entry = "  - {{host: H{0}, product: windows-server, reason: ordered, until: 2027-01-01}}\n"
    huge = tmp_path / "huge-accept.yaml"
    huge.write_text("accept:\n" + "".join(entry.format(i) for i in range(100_000)), "utf-8")
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, ACME, "--accept", str(huge)])
    assert (result.exit_code, result.stderr) == (
        3,
        f"eolscan: error: {huge}: larger than the 1 MiB limit\n",
    )
    many = tmp_path / "accept.yaml"
    many.write_text(
        "accept:\n"
        + "".join(entry.format(i) for i in range(5_000))
        + "  - {host: DC01, product: windows-server, reason: ordered, until: 2027-01-01}\n",
        "utf-8",
    )
    started = time.process_time()
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, ACME, "--accept", str(many), "-f", "json"]
    )
    assert time.process_time() - started < 10
    assert json.loads(result.stdout)["summary"]["by_status"]["accepted"] == 1


def test_the_starter_workflow_installs_from_a_variable_not_a_guessed_name() -> None:
    from eolscan.cli.commands.init import starter_text

    workflow = starter_text("github-workflow.yml")
    assert 'pip install "$EOLSCAN_PACKAGE"' in workflow
    assert "vars.EOLSCAN_PACKAGE" in workflow
    assert "pip install eolscan\n" not in workflow


def test_yaml_1_1_booleans_in_text_fields_stay_as_written(tmp_path: Path) -> None:
    inventory = tmp_path / "acme.yaml"
    inventory.write_text(
        "client: on\nhosts:\n  - name: yes\n    os: Windows 10 Pro\n    tags: [no]\n"
        "    software:\n      - {name: on, version: 1.0}\n      - off\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["inventory", str(inventory), "-f", "json"])
    assets = json.loads(result.stdout)["assets"]
    assert {(a["client"], a["host"], a["name"], tuple(a["tags"])) for a in assets} == {
        ("on", "yes", "Windows 10 Pro", ("no",)),
        ("on", "yes", "on", ("no",)),
        ("on", "yes", "off", ("no",)),
    }


def test_native_json_may_hold_64_kib_before_hosts(tmp_path: Path) -> None:
    inventory = tmp_path / "acme.json"
    document = {"client": "Acme " + "x" * 10_000, "hosts": [{"name": "PC1", "os": "Windows 10"}]}
    inventory.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(cli, ["inventory", str(inventory), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["assets"][0]["host"] == "PC1"


def test_an_empty_output_name_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, ACME, "-o", ""])
    assert (result.exit_code, result.stderr) == (
        2,
        "eolscan: error: -o/--output needs a file name, not an empty string\n",
    )


def test_validate_checks_overlays_and_accepted_risk_ids(tmp_path: Path) -> None:
    accept = tmp_path / "eolscan-accept.yaml"
    accept.write_text(
        "accept:\n"
        "  - {product: windows-serverr, reason: typo, until: 2027-01-01}\n"
        "  - {product: windows-server, cycle: '2012r2', reason: typo, until: 2027-01-01}\n"
        "  - {product: windows-server, cycle: '2012-r2', reason: ordered, until: 2027-01-01}\n",
        encoding="utf-8",
    )
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "rules:\n  - {product: windows-server, pattern: '^(a+)+$'}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["validate", str(accept), str(overlay)])
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        f"{accept}:2: unknown product 'windows-serverr'",
        f"{accept}:3: product 'windows-server' has no cycle '2012r2'",
        f"{overlay}:2: bad pattern: a repetition inside a repetition, like (a+)+, "
        "can take exponential time",
    ]


def test_an_overlay_rule_may_name_the_cycle(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "rules:\n  - {product: php, pattern: '^acme web runtime$', cycle: '7.4'}\n",
        encoding="utf-8",
    )
    inventory = tmp_path / "acme.yaml"
    inventory.write_text(
        "hosts:\n  - {name: WEB1, software: [Acme Web Runtime]}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, str(inventory), "--overlay", str(overlay), "-f", "json"]
    )
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["product"], finding["cycle"]) == ("php", "7.4")


def test_a_baseline_with_a_lone_surrogate_is_one_line(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    first = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, ACME, "-o", str(report)])
    assert first.exit_code == 1
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace('"DC01"', '"DC01\\ud800"', 1), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, ACME, "--baseline", str(report), "-f", "markdown"]
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"eolscan: error: {report}: not a JSON report: a lone surrogate escape (\\uD800-\\uDFFF)\n"
    )
