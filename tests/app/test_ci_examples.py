"""The copy-paste CI examples and pre-commit hooks, run for real on a starter repository.

Each ``eolscan`` command line of ``examples/ci/*.yml`` runs through a shell in a fresh
``eolscan init`` repository, as the CI runner would run it. A line that needs a report format
the format registry does not hold yet is skipped with the missing format's name.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from eolscan.formats.interface import FORMATS, format_for_path
from tests.helpers import AS_OF, REPO, without_data_notes

EXAMPLES_CI = REPO / "examples" / "ci"
INTENDED_BY_EXTENSION = {
    ".sarif": "sarif",
    ".md": "markdown",
    ".json": "json",
    ".xml": "junit",
    ".txt": "table",
}
"""What an example means by each output file name; the registry must agree for the line to run."""


def shell_lines(node: Any, key: str = "") -> Iterator[str]:
    """Every line of every ``run:`` (GitHub) or ``script:`` (GitLab) entry."""
    if isinstance(node, dict):
        for child_key, child in node.items():
            yield from shell_lines(child, str(child_key))
    elif isinstance(node, list):
        for child in node:
            yield from shell_lines(child, key)
    elif isinstance(node, str) and key in ("run", "script"):
        yield from (line.strip() for line in node.splitlines() if line.strip())


def eolscan_lines(example: Path) -> list[str]:
    return [
        line
        for line in shell_lines(yaml.safe_load(example.read_text()))
        if line.startswith("eolscan ")
    ]


CASES = [
    pytest.param(example.name, line, id=f"{example.stem}:{line}")
    for example in sorted(EXAMPLES_CI.glob("*.yml"))
    for line in eolscan_lines(example)
    if not line.startswith("eolscan db update")  # the network; tests/lifecycles covers it
]


def missing_formats(line: str) -> list[str]:
    """What a line needs (``-f``, each ``-o`` file's format) that the registry lacks."""
    words = shlex.split(line)
    chosen = next(
        (words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-f", "--format")), "table"
    )
    missing = set() if chosen in FORMATS else {chosen}
    for index, word in enumerate(words[:-1]):
        if word not in ("-o", "--output"):
            continue
        path = words[index + 1]
        intended = INTENDED_BY_EXTENSION.get(Path(path).suffix, chosen)
        if intended not in FORMATS:
            missing.add(intended)
        elif (format_for_path(path) or chosen) != intended:
            missing.add(f"the extension of {path}")
    return sorted(missing)


def eolscan_bin() -> Path:
    found = shutil.which("eolscan", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the eolscan console script is not installed beside this Python")
    return Path(found).parent


def shell(line: str, cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{eolscan_bin()}{os.pathsep}{env.get('PATH', '')}"
    env["EOLSCAN_AS_OF"] = AS_OF  # the examples run at today's date; tests never do
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "step-summary.md")
    env["GITHUB_WORKSPACE"] = str(cwd)
    return subprocess.run(
        line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_examples_have_eolscan_commands() -> None:
    names = {example for example, *_ in (case.values for case in CASES)}
    assert names == {"github-actions.yml", "gitlab-ci.yml"}
    assert all(len(eolscan_lines(example)) >= 2 for example in EXAMPLES_CI.glob("*.yml"))


@pytest.mark.parametrize(("example", "line"), CASES)
def test_ci_example_command_runs_on_a_starter_repository(
    example: str, line: str, starter_repo: Path, tmp_path: Path
) -> None:
    missing = missing_formats(line)
    if missing:
        pytest.skip(
            "format registry (eolscan.formats.interface.FORMATS/EXTENSIONS) lacks "
            + ", ".join(missing)
        )
    if line.startswith("eolscan diff"):  # compares the two scans of a pull request
        both = "eolscan scan inventories/ -o eolscan-target.json -o eolscan.json --fail-on never"
        assert shell(both, starter_repo, tmp_path).returncode == 0
    result = shell(line, starter_repo, tmp_path)
    if line.startswith(("eolscan validate", "eolscan diff")):
        assert (result.returncode, without_data_notes(result.stderr)) == (0, ""), result.stdout
        return
    expected = 0 if "--fail-on never" in line else 1  # the starter holds end-of-life systems
    assert result.returncode == expected, result.stderr
    assert without_data_notes(result.stderr) == ""  # quiet when not on a terminal
    words = shlex.split(line)
    for index, word in enumerate(words[:-1]):
        if word in ("-o", "--output"):
            written = words[index + 1].replace("$GITHUB_WORKSPACE", str(starter_repo))
            assert (starter_repo / written).stat().st_size > 0


def test_github_example_uploads_sarif_and_writes_the_step_summary() -> None:
    workflow = yaml.safe_load((EXAMPLES_CI / "github-actions.yml").read_text())
    steps = workflow["jobs"]["eolscan"]["steps"]
    uploads = [
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")
    ]
    assert uploads and uploads[0]["with"]["sarif_file"] == "eolscan.sarif"
    assert any('>> "$GITHUB_STEP_SUMMARY"' in s.get("run", "") for s in steps)
    assert workflow["permissions"]["security-events"] == "write"


def test_gitlab_example_publishes_a_junit_report() -> None:
    job = yaml.safe_load((EXAMPLES_CI / "gitlab-ci.yml").read_text())["eolscan"]
    assert job["artifacts"]["reports"]["junit"] == "eolscan-junit.xml"
    assert job["artifacts"]["when"] == "always"


def hook_files(hook: dict[str, Any], repo: Path) -> list[str]:
    """The files pre-commit would pass to ``hook`` (by its ``files``/``exclude`` regexes)."""
    paths = sorted(
        p.relative_to(repo).as_posix()
        for p in repo.rglob("*")
        if p.is_file() and ".git" not in p.parts[-2:]
    )
    paths = [p for p in paths if not p.startswith(".git/")]
    include = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if "exclude" in hook else None
    return [p for p in paths if include.search(p) and not (exclude and exclude.search(p))]


def run_hook(hook: dict[str, Any], repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    files = hook_files(hook, repo) if hook.get("pass_filenames", True) else []
    line = " ".join(
        [hook["entry"], *map(shlex.quote, hook.get("args", [])), *map(shlex.quote, files)]
    )
    return shell(line, repo, tmp_path)


def test_pre_commit_hooks_run_on_a_starter_repository(starter_repo: Path, tmp_path: Path) -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    assert set(hooks) == {"eolscan-validate", "eolscan-scan"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
    validate = hooks["eolscan-validate"]
    assert hook_files(validate, starter_repo) == [
        "eolscan-accept.yaml",
        "eolscan.toml",
        "inventories/example-client.yaml",
    ]
    assert run_hook(validate, starter_repo, tmp_path).returncode == 0
    assert run_hook(hooks["eolscan-scan"], starter_repo, tmp_path).returncode == 1
    (starter_repo / "eolscan-accept.yaml").write_text("accept:\n  - product: windows-server\n")
    broken = run_hook(validate, starter_repo, tmp_path)
    assert broken.returncode == 3
    assert broken.stdout.splitlines() == [
        "eolscan-accept.yaml:2: accepted risk needs 'reason' (why it is accepted)",
        "eolscan-accept.yaml:2: accepted risk needs 'until' (a date, YYYY-MM-DD)",
    ]


def workflow_line(start: str) -> str:
    """The GitHub example's ``eolscan`` line that starts with ``start``."""
    return next(line for line in eolscan_lines(EXAMPLES_CI / "github-actions.yml") if start in line)


def test_a_pull_request_fails_only_on_new_or_worse_findings(
    starter_repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target"
    shutil.copytree(starter_repo, target)  # the target branch, checked out beside
    target_scan = workflow_line('-o "$GITHUB_WORKSPACE/eolscan-target.json"')
    pr_scan = workflow_line("-o eolscan.json --fail-on never")
    compare = workflow_line("eolscan diff")
    env_cwd = starter_repo

    def review() -> int:
        for line, cwd in ((target_scan, target), (pr_scan, env_cwd)):
            ran = shell(line.replace("$GITHUB_WORKSPACE", str(env_cwd)), cwd, tmp_path)
            assert ran.returncode == 0, ran.stderr  # scans never fail a pull request
        return shell(compare, env_cwd, tmp_path).returncode

    assert review() == 0  # the target's own end-of-life systems do not fail the PR
    inventory = starter_repo / "inventories" / "example-client.yaml"
    inventory.write_text(
        inventory.read_text()
        + "  - name: NEW-SERVER\n    os: Microsoft Windows Server 2012 R2 Standard\n"
        "    os_version: 6.3.9600\n",
        encoding="utf-8",
    )
    assert review() == 1  # a new end-of-life host does


def test_github_workflow_pins_the_install_and_caches_the_data() -> None:
    workflow = yaml.safe_load((EXAMPLES_CI / "github-actions.yml").read_text())
    steps = workflow["jobs"]["eolscan"]["steps"]
    # From the repository's own variable (harden #18), with a default pinned to a tag.
    assert re.search(r"@v\d+\.\d+\.\d+' \}\}$", workflow["env"]["EOLSCAN_PACKAGE"])
    assert any(s.get("run") == 'pip install "$EOLSCAN_PACKAGE"' for s in steps)
    cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.local/share/eolscan"  # where `db update` writes
    runs = [str(s.get("run", "")) for s in steps]
    update = next(i for i, run in enumerate(runs) if run.startswith("eolscan db update"))
    first_scan = next(i for i, run in enumerate(runs) if run.startswith("eolscan scan"))
    assert runs.index(next(r for r in runs if r.startswith("eolscan validate"))) < first_scan
    assert update < first_scan  # the data is refreshed before any scan
    assert steps[0]["with"]["fetch-depth"] == 0  # the target branch is there to compare with


def test_the_scan_hook_runs_only_when_asked() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["eolscan-scan"]["stages"] == ["manual"]
    assert "stages" not in hooks["eolscan-validate"]  # validation runs on every commit
