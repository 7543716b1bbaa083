"""The bundled database is every endoflife.date product and cycle plus the curated products,
rebuilt byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.lifecycles.build import convert_release, dump, load_snapshot
from eolscan.lifecycles.curated import load_directory
from eolscan.lifecycles.paths import bundled_db_path, curated_dir
from eolscan.lifecycles.store import load_db
from tests.helpers import REPO


def test_rebuild_from_snapshot_is_identical_to_committed(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "lifecycles.yaml"
    result = CliRunner().invoke(
        cli, ["db", "build", "--from", str(shared_dir / "endoflife-api"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (REPO / "data" / "lifecycles.yaml").read_bytes()


def test_every_product_and_cycle_of_the_snapshot_is_kept(shared_dir: Path) -> None:
    full = json.loads(
        (shared_dir / "endoflife-api/api/v1/products/full/index.json").read_text("utf-8")
    )
    db = load_db(bundled_db_path())
    curated = load_directory(curated_dir())
    added = [p for p in curated if p not in {r["name"] for r in full["result"]}]
    assert len(full["result"]) == 464
    assert db.info().products == len(full["result"]) + len(added)
    assert sum(len(p["releases"]) for p in full["result"]) == 8351
    assert db.info().cycles == 8351 + sum(len(curated[p]["cycles"]) for p in added)
    for raw in full["result"]:
        product = db.product(raw["name"])
        assert [c.id for c in product.cycles] == [r["name"] for r in raw["releases"]]


def test_bundled_database_records_source_and_credit() -> None:
    text = (REPO / "data" / "lifecycles.yaml").read_text("utf-8")
    assert "endoflife.date" in text.splitlines()[2] and "MIT License" in text.splitlines()[2]
    db = load_db(bundled_db_path())
    assert db.source == "endoflife.date API v1 (offline snapshot)"
    assert db.generated_at.startswith("2026-11-23")


def test_flags_stay_flags_and_dates_stay_dates() -> None:
    release = {
        "name": "9",
        "label": "9",
        "releaseDate": "2020-01-01",
        "isLts": False,
        "ltsFrom": None,
        "isEol": True,
        "eolFrom": None,
        "isEoas": False,
        "eoasFrom": "2021-05-01",
        "isEoes": None,
        "eoesFrom": None,
        "isMaintained": False,
        "latest": None,
    }
    cycle = convert_release(release)
    assert cycle["eol"] is True
    assert cycle["support"] == "2021-05-01"
    assert cycle["extended"] is None
    assert cycle["lts"] is False


def test_build_is_deterministic(shared_dir: Path) -> None:
    first = dump(load_snapshot(shared_dir / "endoflife-api"))
    second = dump(load_snapshot(shared_dir / "endoflife-api" / "api" / "v1"))
    assert first == second


def test_build_from_a_directory_without_the_api_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["db", "build", "--from", str(tmp_path), "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 3
    assert result.output.strip() == (
        f"eolscan: error: {tmp_path}: no products/full/index.json below it (not an API v1 snapshot)"
    )
    assert not (tmp_path / "x.yaml").exists()
