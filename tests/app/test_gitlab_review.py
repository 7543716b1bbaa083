"""The GitLab merge-request recipe in docs/automation.md: read as GitLab reads it, its commands
and options known to eolscan, and the review run for real on a starter repository."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.formats.interface import format_for_path
from tests.app.test_ci_examples import shell
from tests.helpers import REPO

AUTOMATION = REPO / "docs" / "automation.md"


def recipe() -> dict[str, Any]:
    """The ``.gitlab-ci.yml`` job the "GitLab merge requests" paragraph shows."""
    text = AUTOMATION.read_text(encoding="utf-8")
    start = text.index("```yaml\n", text.index("**GitLab merge requests.**")) + len("```yaml\n")
    job: dict[str, Any] = yaml.safe_load(text[start : text.index("```", start)])
    return job["eolscan-review"]  # type: ignore[no-any-return]


def commands(job: dict[str, Any]) -> list[str]:
    """Every shell line of the job, in the order the runner runs them."""
    return [str(line) for key in ("before_script", "script") for line in job[key]]


def eolscan_words(line: str) -> list[str]:
    """An ``eolscan`` line's words, without a fallback (``|| ...``) or redirection."""
    return shlex.split(line.split("||")[0].split(" > ")[0])


def test_the_review_runs_in_merge_request_pipelines_only() -> None:
    assert recipe()["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]


def test_the_install_is_pinned_and_the_lifecycle_data_cached_inside_the_project() -> None:
    job = recipe()
    variables = job["variables"]
    assert re.search(r"@v\d+\.\d+\.\d+$", variables["EOLSCAN_PACKAGE"])
    assert 'pip install "$EOLSCAN_PACKAGE"' in job["before_script"]
    cached = [path.rstrip("/") for path in job["cache"]["paths"]]
    for name in ("XDG_DATA_HOME", "EOLSCAN_CACHE_DIR"):  # GitLab caches project paths only
        folder = variables[name].removeprefix("$CI_PROJECT_DIR/")
        assert any(folder == path or folder.startswith(path + "/") for path in cached), name
    lines = commands(job)
    update = next(i for i, line in enumerate(lines) if line.startswith("eolscan db update"))
    assert update < next(i for i, line in enumerate(lines) if line.startswith("eolscan scan"))


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is where Linux keeps data")
def test_db_update_writes_under_the_cached_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eolscan.lifecycles.paths import user_db_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert tmp_path in user_db_path().parents


def test_findings_go_to_the_junit_test_report_and_markdown_to_artifacts() -> None:
    """GitLab reads JUnit, not SARIF; the Markdown report and changes are linked artifacts."""
    job = recipe()
    artifacts = job["artifacts"]
    junit = artifacts["reports"]["junit"]
    written = [
        words[i + 1]
        for line in commands(job)
        if line.startswith("eolscan scan")
        for words in [eolscan_words(line)]
        for i, word in enumerate(words[:-1])
        if word == "-o"
    ]
    assert junit in written and format_for_path(junit) == "junit"
    assert artifacts["when"] == "always" and artifacts["expose_as"]
    markdown = [path for path in artifacts["paths"] if path.endswith(".md")]
    assert "eolscan.md" in written and sorted(markdown) == ["eolscan-changes.md", "eolscan.md"]
    assert not any("sarif" in line for line in commands(job))


def test_every_command_and_option_the_recipe_runs_is_eolscans() -> None:
    listed = CliRunner().invoke(cli, ["--help"]).output
    lines = [line for line in commands(recipe()) if line.startswith("eolscan ")]
    assert len(lines) == 6
    for line in lines:
        words = eolscan_words(line)
        command = words[1:3] if words[1] == "db" else words[1:2]
        assert re.search(rf"^\s+{command[0]}\s", listed, flags=re.MULTILINE), line
        usage = CliRunner().invoke(cli, [*command, "--help"])
        assert usage.exit_code == 0, line
        options = [word for word in words if word.startswith("-")]
        assert [o for o in options if not re.search(rf"(^|[\s,]){o}[\s,]", usage.output)] == []


def test_the_review_fails_only_on_new_or_worse_end_of_life_findings(
    starter_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recipe's scans and comparisons, run in order on a merge request that adds
    nothing, then on one that adds an end-of-life server."""
    target = tmp_path / "target"
    shutil.copytree(starter_repo, target)  # the target branch, checked out beside
    monkeypatch.setenv("CI_PROJECT_DIR", str(starter_repo))
    lines = commands(recipe())
    target_scan = next(line for line in lines if 'eolscan-target.json" --fail-on never' in line)
    review = [
        line
        for line in lines[lines.index(target_scan) + 1 :]
        if line.startswith(("eolscan scan", "eolscan diff"))
    ]

    def run_review() -> int:
        ran = shell(target_scan, target, tmp_path)
        assert ran.returncode == 0, ran.stderr  # scans never fail a merge request
        *quiet, verdict = review
        for line in quiet:
            ran = shell(line, starter_repo, tmp_path)
            assert ran.returncode == 0, (line, ran.stderr)
        return shell(verdict, starter_repo, tmp_path).returncode

    assert run_review() == 0  # the target's own end-of-life systems do not fail it
    assert (starter_repo / "eolscan-junit.xml").stat().st_size > 0
    inventory = starter_repo / "inventories" / "example-client.yaml"
    inventory.write_text(
        inventory.read_text(encoding="utf-8")
        + "  - name: NEW-SERVER\n    os: Microsoft Windows Server 2012 R2 Standard\n"
        "    os_version: 6.3.9600\n",
        encoding="utf-8",
    )
    assert run_review() == 1  # a new end-of-life host does
    assert "NEW-SERVER" in (starter_repo / "eolscan-changes.md").read_text(encoding="utf-8")
