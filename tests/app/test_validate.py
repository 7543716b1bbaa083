"""``run_validate(request) -> result``: the checks outside click give what ``eolscan validate``
prints, file by file, with what each file was checked as."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

from click.testing import CliRunner

from eolscan.app.validate import (
    KINDS,
    CheckedFile,
    ValidateRequest,
    checkers,
    run_validate,
)
from eolscan.cli.commands.validate import check_settings
from eolscan.cli.main import cli
from eolscan.cli.options import open_database
from eolscan.lifecycles.store import LifecycleDB
from tests.helpers import ASSETS, EXAMPLES


def request(*paths: str) -> ValidateRequest:
    return ValidateRequest(paths, partial(open_database, None), check_settings)


def test_every_kind_has_a_checker() -> None:
    assert {"accept", "config", "inventory", "overlay", "client"} <= set(KINDS)
    assert set(checkers(request())) == set(KINDS)


def test_the_result_holds_each_file_its_kind_and_problems_as_the_command_prints(
    tmp_path: Path,
) -> None:
    shutil.copy(ASSETS / "cicron" / "accept-many-problems.yaml", tmp_path / "eolscan-accept.yaml")
    shutil.copy(ASSETS / "cicron" / "config-unknown-key.toml", tmp_path / "eolscan.toml")
    shutil.copy(EXAMPLES / "acme-dental.yaml", tmp_path / "good.yaml")
    paths = [str(tmp_path / name) for name in ("eolscan-accept.yaml", "eolscan.toml", "good.yaml")]
    missing = str(tmp_path / "missing.csv")
    result = run_validate(request(*paths, missing))
    assert [(f.path, f.kind, len(f.problems)) for f in result.files] == [
        (paths[0], "accept", 4),
        (paths[1], "config", 1),
        (paths[2], "inventory", 0),
        (missing, "missing", 1),
    ]
    assert result.skipped == (CheckedFile(missing, "missing", (f"{missing}: no such file",)),)
    assert [f.path for f in result.failed] == [paths[0], paths[1], missing]
    printed = CliRunner().invoke(cli, ["validate", *paths, missing])
    assert (result.exit_code, list(result.problems)) == (
        printed.exit_code,
        printed.stdout.splitlines(),
    )
    assert result.exit_code == 3


def test_a_folder_is_checked_file_by_file_as_scan_reads_it(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    shutil.copy(EXAMPLES / "acme-dental.yaml", clients / "acme-dental.yaml")
    (clients / "eolscan-accept.yaml").write_text(
        "accept:\n  - {product: windows, reason: replacing, until: 2027-01-01}\n", "utf-8"
    )
    result = run_validate(request(str(clients)))
    assert [(Path(f.path).name, f.kind, f.problems) for f in result.files] == [
        ("acme-dental.yaml", "inventory", ()),
        ("eolscan-accept.yaml", "accept", ()),
    ]
    assert (result.exit_code, result.problems, result.skipped) == (0, (), ())


def test_an_accepted_risk_for_a_product_the_database_lacks_is_a_problem(tmp_path: Path) -> None:
    accept = tmp_path / "risks.yaml"
    accept.write_text(
        "accept:\n  - {product: no-such-product, reason: x, until: 2027-01-01}\n", "utf-8"
    )
    opened: list[int] = []

    def counted() -> LifecycleDB:
        opened.append(1)
        return open_database(None)

    result = run_validate(ValidateRequest((str(accept),), counted, check_settings))
    assert result.files[0].kind == "accept"
    assert result.problems == (f"{accept}:2: unknown product 'no-such-product'",)
    assert opened == [1]
