"""``db update`` against a hostile server: bodies that crashed, ids and links that must not
reach files or reports. Each is one line, exit 3, and the database stays byte for byte."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.lifecycles.apiserver import ApiServer
from tests.lifecycles.test_db_update import leftovers, run, small_full


def _first_product(full: dict[str, Any]) -> dict[str, Any]:
    products: list[dict[str, Any]] = full["result"]  # type: ignore[assignment]
    return products[0]


def _with(change: str) -> bytes:
    full: dict[str, Any] = copy.deepcopy(small_full())
    product = _first_product(full)
    if change == "id":
        product["name"] = "../../x"
    elif change == "javascript":
        product["links"]["html"] = "javascript:alert(1)"
    elif change == "cycle-link":
        product["releases"][0]["latest"] = {"name": "1.0", "link": "data:text/html,<b>x</b>"}
    return (json.dumps(full) + "\n").encode()


HOSTILE = [
    (b"[" * 200_000, "response is not valid JSON (JSON nested too deeply)"),
    (
        b'{"result": ["\\ud800"]}',
        "response is not valid JSON (a lone surrogate escape (\\uD800-\\uDFFF))",
    ),
    (b'{"result": ' + b"9" * 5000 + b"}", "response is not valid JSON (a number is too long)"),
]


@pytest.mark.parametrize(("body", "expected"), HOSTILE, ids=["brackets", "surrogate", "digits"])
def test_a_body_that_crashed_is_one_line(
    api: ApiServer, db_file: Path, body: bytes, expected: str
) -> None:
    before = db_file.read_bytes()
    api.body_override = body
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert (code, err) == (3, f"eolscan: error: {api.base_url}/products/full: {expected}\n")
    assert db_file.read_bytes() == before
    assert leftovers(db_file) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            "id",
            "product id '../../x' is not a plain id (lower-case letters, digits, '.', '+', '_', "
            "'-'); refusing the data",
        ),
        ("javascript", "link 'javascript:alert(1)' is not an https URL; refusing the data"),
        (
            "cycle-link",
            "link 'data:text/html,<b>x</b>' is not an https URL; refusing the data",
        ),
    ],
)
def test_ids_and_links_are_checked_before_they_reach_the_database(
    api: ApiServer, db_file: Path, change: str, expected: str
) -> None:
    before = db_file.read_bytes()
    api.body_override = _with(change)
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert code == 3
    assert err.startswith("eolscan: error: ") and err.endswith(f"{expected}\n"), err
    assert err.count("\n") == 1
    assert db_file.read_bytes() == before


def test_plain_http_links_are_upgraded_to_https(tmp_path: Path) -> None:
    from eolscan.lifecycles.trust import https_link

    assert (
        https_link("http://web.archive.org/web/1/x", "s", "w") == "https://web.archive.org/web/1/x"
    )
    assert https_link(None, "s", "w") is None
    assert https_link("https://endoflife.date/php", "s", "w") == "https://endoflife.date/php"
