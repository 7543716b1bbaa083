"""``run_scan(request) -> result``: the scan outside click gives what ``eolscan scan`` gives."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.app.scan import ScanRequest, run_scan
from eolscan.cli.main import cli
from eolscan.cli.options import open_database, open_matcher
from eolscan.formats.interface import RenderOptions, get_format
from eolscan.judgement.policy import FailOn, Policy
from eolscan.model import SKIPPED_FILE
from eolscan.report.report import Report
from tests.helpers import AS_OF, EXAMPLES

EXAMPLE = str(EXAMPLES / "acme-dental.yaml")


def request(*inventories: str) -> ScanRequest:
    db = open_database(None)
    policy = Policy(as_of=date.fromisoformat(AS_OF), warn_days=180, fail_on=FailOn("eol"))
    return ScanRequest(inventories, policy, db, open_matcher(db))


def as_json(report: Report) -> object:
    out = io.StringIO()
    get_format("json", RenderOptions()).render(report, out)
    return json.loads(out.getvalue())


def test_the_result_renders_exactly_as_the_command_writes_it(tmp_path: Path) -> None:
    result = run_scan(request(EXAMPLE))
    cli_run = CliRunner().invoke(cli, ["scan", EXAMPLE, "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == cli_run.exit_code == 1
    assert as_json(result.report) == json.loads(cli_run.stdout)


def test_an_unreadable_input_is_a_skipped_file_in_the_result_and_exit_3(tmp_path: Path) -> None:
    empty = tmp_path / "clients" / "empty.csv"
    empty.parent.mkdir()
    empty.write_text("host,os,os_version\n", "utf-8")
    (tmp_path / "clients" / "acme-dental.yaml").write_text(Path(EXAMPLE).read_text("utf-8"))
    result = run_scan(request(str(tmp_path / "clients")))
    files = [s for s in result.report.skipped if s.what == SKIPPED_FILE]
    assert [Path(s.source).name for s in files] == ["empty.csv"]
    assert result.report.clients() == ["Acme Dental"]  # the readable client is still judged
    assert result.exit_code == 3


def test_warnings_exit_turns_a_warning_into_exit_3(tmp_path: Path) -> None:
    old = request(EXAMPLE)
    later = dataclasses.replace(
        old, policy=dataclasses.replace(old.policy, as_of=date(2031, 1, 1)), warnings_exit=True
    )
    result = run_scan(later)
    assert result.warnings.all  # the data is years old at that date
    assert result.exit_code == 3


def test_a_request_cannot_change_once_made() -> None:
    made = request(EXAMPLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.strict = True  # type: ignore[misc]


def test_the_report_carries_the_runs_warnings_and_cannot_change(tmp_path: Path) -> None:
    empty = tmp_path / "clients" / "empty.csv"
    empty.parent.mkdir()
    empty.write_text("host,os,os_version\n", "utf-8")
    (tmp_path / "clients" / "acme-dental.yaml").write_text(Path(EXAMPLE).read_text("utf-8"))
    old = request(str(tmp_path / "clients"))
    later = dataclasses.replace(old, policy=dataclasses.replace(old.policy, as_of=date(2031, 1, 1)))
    result = run_scan(later)
    report = result.report
    assert report.warnings == tuple(result.warnings.all) != ()  # the data is years old then
    assert [Path(s.source).name for s in report.skipped] == ["empty.csv"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.warnings = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):  # a tuple: nothing to append to
        report.skipped.append(report.skipped[0])  # type: ignore[attr-defined]
