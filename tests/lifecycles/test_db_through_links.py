"""A database named through a symbolic link (``--db``, ``db build -o``) is written through it:
the file the link ends at is replaced, whole, and the link stays a link."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.lifecycles.cache import load_cached
from tests.helpers import symlink_or_skip
from tests.lifecycles.apiserver import ApiServer
from tests.lifecycles.helpers import SMALL_API


def test_db_update_writes_through_a_link(api: ApiServer, db_file: Path, tmp_path: Path) -> None:
    link = symlink_or_skip(tmp_path / "lifecycles.yaml", db_file)
    result = CliRunner().invoke(cli, ["db", "update", "--url", api.base_url, "--db", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert load_cached(db_file)["source"] == api.base_url
    assert not [p.name for p in db_file.parent.iterdir() if p.name.endswith(".tmp")]
    beside_target = sorted(p.name for p in db_file.parent.iterdir())
    assert beside_target == [
        "lifecycles.yaml",
        "lifecycles.yaml.lock",
        "lifecycles.yaml.meta.json",
        "lifecycles.yaml.previous",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "lifecycles.yaml"]


def test_db_rollback_through_a_link_swaps_the_target(
    api: ApiServer, db_file: Path, tmp_path: Path
) -> None:
    before = db_file.read_bytes()
    link = symlink_or_skip(tmp_path / "lifecycles.yaml", db_file)
    runner = CliRunner()
    updated = runner.invoke(cli, ["db", "update", "--url", api.base_url, "--db", str(link)])
    assert updated.exit_code == 0, updated.output
    rolled = runner.invoke(cli, ["db", "rollback", "--db", str(link)])
    assert rolled.exit_code == 0, rolled.output
    assert link.is_symlink()
    assert db_file.read_bytes() == before
    assert load_cached(db_file.with_name("lifecycles.yaml.previous"))["source"] == api.base_url


def test_db_build_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "shared" / "lifecycles.yaml"
    target.parent.mkdir()
    target.write_text("OLD\n", encoding="utf-8")
    link = symlink_or_skip(tmp_path / "db.yaml", Path("shared", "lifecycles.yaml"))
    args = ["db", "build", "--from", str(SMALL_API.parent.parent), "-o", str(link), "--no-curated"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "products" in load_cached(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["lifecycles.yaml"]
