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


def _trickle_server() -> tuple[str, Any]:
    """A server on 127.0.0.1 that answers 200 and then sends one byte every 0.2 s."""
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            try:
                for _ in range(500):
                    connection.sendall(b"[")
                    time.sleep(0.2)
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/api/v1", listener


def test_a_trickling_server_meets_the_total_deadline() -> None:
    import time

    from eolscan.errors import NetworkError
    from eolscan.lifecycles.fetch import Limits, get

    base, listener = _trickle_server()
    started = time.monotonic()
    with listener, pytest.raises(NetworkError) as caught:
        get(base + "/products/full", limits=Limits(read_timeout=1, total_timeout=2, retries=0))
    assert str(caught.value) == (
        f"{base}/products/full: the download took longer than 2s (total time limit)"
    )
    assert time.monotonic() - started < 5


def test_a_second_update_gives_up_waiting_for_the_lock(db_file: Path) -> None:
    import subprocess
    import sys

    from eolscan.lifecycles.lock import database_lock

    script = (
        "import sys; from pathlib import Path; from eolscan.lifecycles.lock import database_lock\n"
        "from eolscan.errors import DatabaseError\n"
        "try:\n    with database_lock(Path(sys.argv[1]), wait=0.5): pass\n"
        "except DatabaseError as exc:\n    print(exc); sys.exit(3)\n"
    )
    with database_lock(db_file):
        waiting = subprocess.run(
            [sys.executable, "-c", script, str(db_file)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert waiting.returncode == 3
    assert waiting.stderr == (
        f"eolscan: waiting up to 0.5s for another eolscan update ({db_file}.lock)\n"
    )
    assert waiting.stdout == (
        f"{db_file}.lock: another eolscan update held the lock for 0.5s; try again later\n"
    )


def test_folders_are_the_platforms_and_eolscan_cache_dir_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    from eolscan.lifecycles.paths import user_cache_dir, user_data_dir

    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "mine"))
    assert user_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("EOLSCAN_CACHE_DIR")
    assert user_cache_dir() == Path(platformdirs.user_cache_dir("eolscan", appauthor=False))
    assert user_data_dir() == Path(platformdirs.user_data_dir("eolscan", appauthor=False))
