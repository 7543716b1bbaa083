"""The wheel's JSON copy of the database: used while it matches the YAML, ignored once stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.lifecycles import cache
from eolscan.lifecycles.cache import compact_path, compact_text, load_cached, parse_yaml_file
from tests.helpers import REPO

SMALL = """\
source: endoflife.date
products:
  demo:
    label: Demo
    aliases: [dem]
    cycles:
      - {id: "2", release: "2024-01-02", eol: false, lts: true}
      - {id: "1", release: "2020-05-06", eol: "2023-01-01", latest: "1.9.3"}
"""


def with_compact(tmp_path: Path) -> Path:
    """A small database and its compact copy, as the wheel build writes them."""
    yaml_path = tmp_path / "lifecycles.yaml"
    yaml_path.write_text(SMALL, encoding="utf-8")
    text = compact_text(yaml_path)
    assert text is not None
    compact_path(yaml_path).write_text(text, encoding="utf-8")
    return yaml_path


def refuse_yaml(path: Path) -> None:
    raise AssertionError(f"{path} was parsed as YAML")


def test_a_matching_compact_copy_is_loaded_instead_of_the_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_path = with_compact(tmp_path)
    expected = parse_yaml_file(yaml_path)
    monkeypatch.setattr(cache, "parse_yaml_file", refuse_yaml)
    assert load_cached(yaml_path) == expected
    assert expected["products"]["demo"]["cycles"][1]["eol"] == "2023-01-01"


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text + "# a comment\n",
        lambda text: text.replace('latest: "1.9.3"', 'latest: "1.9.4"'),
    ],
    ids=["size changed", "same size, other bytes"],
)
def test_a_stale_compact_copy_is_ignored(tmp_path: Path, edit: object) -> None:
    yaml_path = with_compact(tmp_path)
    assert callable(edit)
    yaml_path.write_text(edit(SMALL), encoding="utf-8")
    assert load_cached(yaml_path) == parse_yaml_file(yaml_path)


def test_a_corrupt_compact_copy_is_ignored(tmp_path: Path) -> None:
    yaml_path = with_compact(tmp_path)
    compact_path(yaml_path).write_text('{"yaml_size": 3\nnot json', encoding="utf-8")
    assert load_cached(yaml_path)["products"]["demo"]["label"] == "Demo"


def test_the_bundled_database_has_a_faithful_compact_form() -> None:
    bundled = REPO / "data" / "lifecycles.yaml"
    text = compact_text(bundled)
    assert text is not None
    header, _, body = text.partition("\n")
    assert f'"yaml_size": {bundled.stat().st_size}' in header
    assert body.startswith("{") and len(body) < bundled.stat().st_size
