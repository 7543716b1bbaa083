"""``eolscan validate``: every problem in every file at once, exit 0 or 3, no scan."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from eolscan.app.validate import detect_kind
from tests.app.helpers import CICRON_ASSETS, run
from tests.helpers import EXAMPLES


def test_a_clean_repository_passes_quietly(starter_repo: Path) -> None:
    result = run(["validate", "inventories/", "eolscan-accept.yaml", "eolscan.toml"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_verbose_says_what_each_file_was_checked_as(starter_repo: Path) -> None:
    result = run(["validate", "-v", "inventories/", "eolscan-accept.yaml", "eolscan.toml"])
    assert result.stderr.splitlines() == [
        "eolscan: inventories/example-client.yaml: inventory, no problems",
        "eolscan: eolscan-accept.yaml: accept, no problems",
        "eolscan: eolscan.toml: config, no problems",
        "eolscan: 3 files OK",
    ]


def test_every_problem_in_every_file_is_listed(bare_dir: Path) -> None:
    shutil.copy(CICRON_ASSETS / "accept-many-problems.yaml", "eolscan-accept.yaml")
    shutil.copy(CICRON_ASSETS / "config-unknown-key.toml", "eolscan.toml")
    Path("bad.yaml").write_text("client: x\nhosts:\n  - name: a\n    colour: red\n")
    shutil.copy(EXAMPLES / "acme-dental.yaml", "good.yaml")
    result = run(
        ["validate", "eolscan-accept.yaml", "eolscan.toml", "bad.yaml", "good.yaml", "missing.csv"]
    )
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "eolscan-accept.yaml:2: accepted risk needs 'reason' (why it is accepted)",
        "eolscan-accept.yaml:7: 'until' must be a date in the form YYYY-MM-DD, not 'soon'",
        "eolscan-accept.yaml:8: accepted risk needs 'product' "
        "(an endoflife.date product id such as windows-server)",
        "eolscan-accept.yaml:10: unknown key 'extra' (expected accept, ignore)",
        "eolscan.toml:2: unknown key 'warn_dayz' (did you mean 'warn_days'?)",
        "bad.yaml:3: unknown host key 'colour' "
        "(expected extended_support, name, os, os_version, software, tags)",
        "missing.csv: no such file",
    ]
    assert result.stderr == "eolscan: problems in 4 of 5 files\n"


def test_kinds_are_told_apart_by_name_suffix_and_top_level_keys(tmp_path: Path) -> None:
    named = tmp_path / "eolscan-accept.yaml"
    named.write_text("hosts: []\n")
    keyed = tmp_path / "risks.yaml"
    keyed.write_text("accept: []\n")
    broken_date = tmp_path / "risks2.yaml"
    broken_date.write_text("accept:\n  - until: 2027-02-30\n")
    inventory = tmp_path / "acme.yaml"
    inventory.write_text("hosts: []\n")
    assert [
        detect_kind(p) for p in (named, keyed, broken_date, inventory, tmp_path / "x.toml")
    ] == [
        "accept",
        "accept",
        "accept",
        "inventory",
        "config",
    ]
    assert run(["validate", str(broken_date)]).stdout == (  # every problem, the date's too
        f"{broken_date}:2: accepted risk needs 'product' (an endoflife.date product id such "
        f"as windows-server)\n{broken_date}:2: accepted risk needs 'reason' (why it is "
        f"accepted)\n{broken_date}:2: 'until' must be a date in the form YYYY-MM-DD, not "
        "'2027-02-30'\n"
    )


def test_validate_is_fast_enough_for_a_pre_commit_hook(starter_repo: Path) -> None:
    for index in range(50):
        shutil.copy(
            EXAMPLES / "acme-dental.yaml", starter_repo / "inventories" / f"client-{index}.yaml"
        )
    started = time.perf_counter()
    result = run(["validate", "inventories/", "eolscan-accept.yaml", "eolscan.toml"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0
    assert elapsed < 20, f"validate took {elapsed:.2f}s for 53 files"
