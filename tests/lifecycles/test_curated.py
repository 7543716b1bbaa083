"""Curated products: every entry cites its vendor page, dates are in order, endoflife.date wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.errors import DatabaseError
from eolscan.lifecycles.curated import load_directory, load_file, merge
from eolscan.lifecycles.paths import bundled_db_path, curated_dir
from eolscan.lifecycles.store import load_db
from tests.lifecycles.helpers import SMALL_API

GOOD = """\
products:
  widget-redist:
    label: Widget Redistributable
    category: app
    aliases: [widget runtime]
    link: https://vendor.example/lifecycle
    policy: null
    source: "Vendor, 'Widget lifecycle'"
    cycles:
      - id: '2'
        release: 2020-01-15
        support: 2022-01-15
        eol: 2024-01-15
        extended: null
        latest: '2.4.1'
        link: https://vendor.example/lifecycle#2
        source: "Vendor lifecycle table, row 2"
"""


def _curated(tmp_path: Path, text: str, name: str = "widget.yaml") -> Path:
    folder = tmp_path / "curated" / "products"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_bundled_curated_entries_cite_https_sources_with_dates_in_order() -> None:
    """load_directory refuses the whole folder on any entry without a source or out of order."""
    products = load_directory(curated_dir())
    for product_id, product in products.items():
        assert product["link"].startswith("https://"), product_id
        assert product["source"], product_id
        for cycle in product["cycles"]:
            assert cycle["link"].startswith("https://"), (product_id, cycle["id"])
            assert cycle["source"].strip(), (product_id, cycle["id"])
            dates = [cycle[k] for k in ("release", "support", "eol", "extended")]
            known = [d for d in dates if isinstance(d, str)]
            assert known == sorted(known), (product_id, cycle["id"])


def test_bundled_database_holds_every_curated_product_endoflife_date_lacks() -> None:
    db = load_db(bundled_db_path())
    for product_id, product in load_directory(curated_dir()).items():
        assert product_id in db, product_id
        if db.raw(product_id).get("curated"):
            assert [c.id for c in db.product(product_id).cycles] == [
                c["id"] for c in product["cycles"]
            ]


def test_a_good_file_is_read_in_the_database_shape(tmp_path: Path) -> None:
    product = load_file(_curated(tmp_path, GOOD))["widget-redist"]
    cycle = product["cycles"][0]
    assert cycle["release"] == "2020-01-15" and cycle["eol"] == "2024-01-15"
    assert cycle["label"] == "2" and cycle["lts"] is False and cycle["latest_date"] is None
    assert product["curated"] == "products/widget.yaml"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "        link: https://vendor.example/lifecycle#2\n",
            "",
            "id: '2'",
            " cycle '2': 'link' must be the vendor's lifecycle page (https://...)",
        ),
        (
            "https://vendor.example/lifecycle#2",
            "http://vendor.example/lifecycle#2",
            "id: '2'",
            " cycle '2': 'link' must be the vendor's lifecycle page (https://...)",
        ),
        (
            '        source: "Vendor lifecycle table, row 2"\n',
            "",
            "id: '2'",
            " cycle '2': 'source' must say where the dates come from",
        ),
        (
            "eol: 2024-01-15",
            "eol: 2021-01-15",
            "id: '2'",
            " cycle '2': dates out of order: eol 2021-01-15 is before support 2022-01-15",
        ),
        (
            "extended: null",
            "extended: 2019-01-01",
            "id: '2'",
            " cycle '2': dates out of order: extended 2019-01-01 is before eol 2024-01-15",
        ),
        (
            "eol: 2024-01-15",
            "eol: soon",
            "id: '2'",
            " cycle '2': eol must be a date (YYYY-MM-DD), true, false or null",
        ),
        (
            "    source: \"Vendor, 'Widget lifecycle'\"\n",
            "",
            "label: Widget",
            ": 'source' must name the vendor page the facts come from",
        ),
        (
            "    link: https://vendor.example/lifecycle\n",
            "    link: https://vendor.example/lifecycle\n    notes: x\n",
            "label: Widget",
            ": unknown key(s) notes",
        ),
    ],
)
def test_a_bad_entry_is_refused_naming_file_line_and_entry(
    tmp_path: Path, old: str, new: str, needle: str, message: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new)
    path = _curated(tmp_path, text)
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if needle in t)
    with pytest.raises(DatabaseError) as caught:
        load_file(path)
    assert str(caught.value) == f"{path}:{line}: curated product 'widget-redist'{message}"


def test_the_same_product_in_two_files_is_refused(tmp_path: Path) -> None:
    _curated(tmp_path, GOOD, "a.yaml")
    second = _curated(tmp_path, GOOD, "b.yaml")
    with pytest.raises(DatabaseError) as caught:
        load_directory(tmp_path / "curated")
    assert str(caught.value) == (
        f"{second}: curated product 'widget-redist' is also in products/a.yaml"
    )


def test_endoflife_date_wins_where_it_has_the_product(tmp_path: Path) -> None:
    document = {"products": {"widget-redist": {"label": "from endoflife.date", "cycles": []}}}
    notes = merge(document, load_file(_curated(tmp_path, GOOD)))
    assert document["products"]["widget-redist"]["label"] == "from endoflife.date"
    assert notes == [
        "curated 'widget-redist' (products/widget.yaml) left out: "
        "endoflife.date has this product and its data wins"
    ]


def test_db_build_merges_curated_and_says_which_it_left_out(tmp_path: Path) -> None:
    _curated(tmp_path, GOOD)
    _curated(tmp_path, GOOD.replace("widget-redist:", "python:"), "python.yaml")
    out = tmp_path / "db.yaml"
    args = ["db", "build", "--from", str(SMALL_API.parent.parent), "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--curated", str(tmp_path / "curated")])
    assert result.exit_code == 0, result.output
    assert "eolscan: curated 'python' (products/python.yaml) left out" in result.stderr
    db = load_db(out)
    assert db.product("widget-redist").cycles[0].eol.isoformat() == "2024-01-15"  # type: ignore[union-attr]
    assert db.product("python").label == "Python"
    assert db.raw("widget-redist")["source"] == "Vendor, 'Widget lifecycle'"


def test_db_build_refuses_a_bad_curated_file_and_writes_nothing(tmp_path: Path) -> None:
    path = _curated(tmp_path, GOOD.replace("https://vendor.example/lifecycle#2", "n/a"))
    out = tmp_path / "db.yaml"
    args = ["db", "build", "--from", str(SMALL_API.parent.parent), "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--curated", str(tmp_path / "curated")])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"eolscan: error: {path}:")
    assert not out.exists()


def test_db_build_without_curated_is_endoflife_date_alone(tmp_path: Path) -> None:
    out = tmp_path / "db.yaml"
    args = ["db", "build", "--from", str(SMALL_API.parent.parent), "-o", str(out), "--no-curated"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert not any("curated" in load_db(out).raw(p) for p in load_db(out).ids())


def test_db_show_names_the_curated_source_and_vendor_page() -> None:
    result = CliRunner().invoke(cli, ["db", "show", "teamviewer", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "curated (products/teamviewer.yaml): TeamViewer Software Lifecycle Policy" in (
        " ".join(result.stdout.split())
    )
    assert "vendor lifecycle page: https://" in result.stdout


def test_db_build_with_a_curated_folder_that_is_not_one_says_so(tmp_path: Path) -> None:
    out = tmp_path / "db.yaml"
    args = ["db", "build", "--from", str(SMALL_API), "-o", str(out), "--curated", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3
    assert result.stderr == (
        f"eolscan: error: {tmp_path}: no products/ folder of curated YAML files in it\n"
    )
    assert not out.exists()
