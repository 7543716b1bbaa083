"""A damaged database or cache never crashes a run: a corrupt cache is a miss, a bad DB an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.errors import DatabaseError
from eolscan.lifecycles.cache import _cache_file, _cache_key, load_cached
from eolscan.lifecycles.store import load_db
from tests.hardening.strategies import SEEDS
from tests.helpers import AS_OF, EXAMPLES

SMALL_DB = SEEDS[3]


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "lifecycles.yaml"
    path.write_bytes(SMALL_DB)
    return path


def cache_of(path: Path) -> Path:
    return _cache_file(path, _cache_key(path, path.stat()))


def test_first_load_writes_a_cache_that_the_second_load_uses(db_file: Path) -> None:
    first = load_db(db_file)
    assert cache_of(db_file).is_file()
    assert load_db(db_file).info() == first.info()


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],
        lambda blob: b"",
        lambda blob: blob[:32] + b"\xff" * (len(blob) - 32),
        lambda blob: blob[:40] + bytes([blob[40] ^ 0x55]) + blob[41:],
        lambda blob: os.urandom(len(blob)),
        lambda blob: b"\x00" * 32 + b"c" + os.urandom(64),
    ],
    ids=[
        "truncated",
        "empty",
        "overwritten",
        "one-bit-flip",
        "random",
        "code-object-without-digest",
    ],
)
def test_a_corrupt_cache_counts_as_a_miss_and_is_rewritten(db_file: Path, damage) -> None:  # type: ignore[no-untyped-def]
    expected = load_db(db_file).product("php")
    cache = cache_of(db_file)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    assert load_db(db_file).product("php") == expected
    assert cache.read_bytes() == good


def test_a_cache_that_cannot_be_written_is_skipped(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(blocker / "cache"))
    assert load_cached(db_file)["products"]["php"]["label"] == "PHP"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "{path}: not an eolscan lifecycle database"),
        (b"- just\n- a list\n", "{path}: not an eolscan lifecycle database"),
        (b"source: x\n", "{path}: not an eolscan lifecycle database (no 'products')"),
        (b"products: [php]\n", "{path}: 'products' must be a mapping"),
        (b"products: {php: 5}\n", "{path}: product 'php' must be a mapping"),
        (
            b"products: {php: {cycles: 5}}\n",
            "{path}: product 'php': 'cycles' must be a list of mappings with 'id'",
        ),
        (
            b"products: {php: {cycles: [{eol: false}]}}\n",
            "{path}: product 'php': 'cycles' must be a list of mappings with 'id'",
        ),
        (
            b"products:\n  php: {}\n  php: {}\n",
            "{path}:3: cannot load lifecycle database: duplicate key 'php' (first at line 2)",
        ),
        (
            b"products: {php: [\n",
            "{path}:2: cannot load lifecycle database: invalid YAML: did not find expected node content",  # noqa: E501
        ),
        (
            b"products: {}\n\xff\xfe",
            "{path}: cannot load lifecycle database: not UTF-8 text (byte 13)",
        ),
        (
            b"products: " + b"[" * 100_000,
            "{path}:1: cannot load lifecycle database: nesting deeper than the 64-level limit",
        ),
    ],
    ids=[
        "empty",
        "list",
        "no-products",
        "products-list",
        "product-number",
        "cycles-number",
        "cycle-without-id",
        "duplicate-product",
        "truncated",
        "not-utf8",
        "deep",
    ],
)
def test_a_malformed_database_is_a_database_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "db.yaml"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        load_db(path)
    assert str(caught.value) == message.format(path=path)


def test_a_malformed_cycle_date_is_a_database_error_when_used(tmp_path: Path) -> None:
    path = tmp_path / "db.yaml"
    path.write_bytes(
        b"products: {php: {cycles: [{id: '7.4', eol: 'soon'}]}}\nintegrity: {products: 1}\n"
    )
    db = load_db(path)
    with pytest.raises(
        DatabaseError, match=r"product 'php' is malformed: Invalid isoformat string: 'soon'"
    ):
        db.product("php")


def test_a_database_cut_short_at_a_line_boundary_is_refused(tmp_path: Path) -> None:
    """Every cut parses as YAML; the product count written last tells it is not whole."""
    from eolscan.lifecycles.paths import bundled_db_path

    lines = bundled_db_path().read_bytes().splitlines(keepends=True)
    inventory = str(EXAMPLES / "acme-dental.yaml")
    for keep in (len(lines) // 3, len(lines) - 5, len(lines) - 1):
        cut = tmp_path / f"cut-{keep}.yaml"
        cut.write_bytes(b"".join(lines[:keep]))
        result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "--db", str(cut), inventory])
        assert result.exit_code == 3
        assert result.stderr == (
            f"eolscan: error: {cut}: incomplete lifecycle database (no product count at its "
            "end: cut short, or written by an older eolscan); run `eolscan db update` or "
            "`eolscan db build`\n"
        )
    count = int(lines[-1].split(b":")[1])  # the last line: "  products: N"
    wrong = tmp_path / "wrong-count.yaml"
    wrong.write_bytes(b"".join(lines[:-1]) + b"  products: %d\n" % (count + 1))
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "--db", str(wrong), inventory])
    assert (result.exit_code, result.stderr) == (
        3,
        f"eolscan: error: {wrong}: incomplete lifecycle database ({count} products, "
        f"{count + 1} written); "
        "run `eolscan db update` or `eolscan db build`\n",
    )


def test_scan_with_a_missing_or_directory_database_is_one_line_exit_3(tmp_path: Path) -> None:
    inventory = str(EXAMPLES / "acme-dental.yaml")
    missing = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, "--db", str(tmp_path / "nope.yaml"), inventory]
    )
    assert missing.exit_code == 3
    assert (
        missing.stderr
        == f"eolscan: error: {tmp_path / 'nope.yaml'}: lifecycle database not found\n"
    )
    directory = CliRunner().invoke(
        cli, ["scan", "--as-of", AS_OF, "--db", str(tmp_path), inventory]
    )
    assert directory.exit_code == 3
    assert (
        directory.stderr
        == f"eolscan: error: {tmp_path}: is a directory, not a lifecycle database\n"
    )
