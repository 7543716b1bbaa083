"""``eolscan db update`` and ``db rollback`` against a real HTTP server on 127.0.0.1.

Every failure test checks the database on disk is byte-for-byte what it was, and that
no temporary file is left beside it.
"""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.errors import NetworkError
from eolscan.lifecycles.cache import load_cached, unpack_cycles
from eolscan.lifecycles.fetch import USER_AGENT, Limits
from eolscan.lifecycles.paths import bundled_db_path
from eolscan.lifecycles.store import load_db
from eolscan.lifecycles.update import meta_path, previous_path, update
from tests.helpers import CURATED_PRODUCTS
from tests.lifecycles.apiserver import ApiServer
from tests.lifecycles.helpers import SMALL_API


def run(*args: str) -> tuple[int, str]:
    """Run eolscan in process; return the exit code and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def leftovers(db_file: Path) -> list[str]:
    """Temporary files beside the database (there must be none)."""
    return sorted(p.name for p in db_file.parent.iterdir() if p.name.endswith(".tmp"))


def small_full() -> dict[str, object]:
    return json.loads((SMALL_API / "products" / "full" / "index.json").read_text(encoding="utf-8"))


def test_full_update_from_the_snapshot(full_api: ApiServer, tmp_path: Path) -> None:
    target = tmp_path / "lifecycles.yaml"
    code, err = run("db", "update", "--url", full_api.base_url, "--db", str(target))
    assert code == 0
    assert err == f"updated {target}: 464 products, 8351 cycles\n"
    updated, bundled = load_cached(target), load_cached(bundled_db_path())
    assert updated["source"] == full_api.base_url
    unpacked = [
        {k: unpack_cycles(dict(v)) for k, v in d["products"].items()} for d in (updated, bundled)
    ]
    assert unpacked[0] == unpacked[1]
    assert updated["generated_at"] == bundled["generated_at"]
    meta = json.loads(meta_path(target).read_text(encoding="utf-8"))
    assert meta["etag"] and meta["url"] == full_api.base_url + "/products/full"
    path, headers = full_api.requests[0]
    assert path == "/api/v1/products/full"
    assert headers["User-Agent"] == USER_AGENT


def test_unchanged_database_costs_one_conditional_request(api: ApiServer, tmp_path: Path) -> None:
    target = tmp_path / "lifecycles.yaml"
    assert run("db", "update", "--url", api.base_url, "--db", str(target))[0] == 0
    before = target.read_bytes()
    mtime = target.stat().st_mtime_ns
    api.requests.clear()
    code, err = run("db", "update", "--url", api.base_url, "--db", str(target))
    assert (code, err) == (0, f"database is up to date: {target}\n")
    assert len(api.requests) == 1
    assert api.requests[0][1]["If-None-Match"].startswith('"')
    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == mtime


def test_last_modified_alone_also_gives_304(api: ApiServer, tmp_path: Path) -> None:
    target = tmp_path / "lifecycles.yaml"
    assert run("db", "update", "--url", api.base_url, "--db", str(target))[0] == 0
    meta = json.loads(meta_path(target).read_text(encoding="utf-8"))
    meta["etag"] = None
    meta_path(target).write_text(json.dumps(meta), encoding="utf-8")
    api.requests.clear()
    assert run("db", "update", "--url", api.base_url, "--db", str(target)) == (
        0,
        f"database is up to date: {target}\n",
    )
    headers = api.requests[0][1]
    assert "If-None-Match" not in headers
    assert headers["If-Modified-Since"] == "Sun, 22 Nov 2026 00:00:00 GMT"


def test_hand_edited_database_is_fetched_in_full(api: ApiServer, db_file: Path) -> None:
    assert run("db", "update", "--url", api.base_url, "--db", str(db_file))[0] == 0
    db_file.write_text(db_file.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    api.requests.clear()
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert code == 0 and err.startswith("updated ")
    assert "If-None-Match" not in api.requests[0][1]


def test_update_keeps_the_previous_copy_and_rollback_swaps(api: ApiServer, db_file: Path) -> None:
    full = small_full()
    full["result"][0]["label"] = "Changed Label"  # type: ignore[index]
    api.body_override = (json.dumps(full) + "\n").encode()
    original = db_file.read_bytes()
    assert run("db", "update", "--url", api.base_url, "--db", str(db_file))[0] == 0
    updated = db_file.read_bytes()
    assert b"Changed Label" in updated
    assert previous_path(db_file).read_bytes() == original
    assert run("db", "rollback", "--db", str(db_file)) == (
        0,
        f"rolled back {db_file} to the previous copy\n",
    )
    assert db_file.read_bytes() == original
    assert previous_path(db_file).read_bytes() == updated
    run("db", "rollback", "--db", str(db_file))
    assert db_file.read_bytes() == updated


def test_rollback_without_previous_copy(db_file: Path) -> None:
    before = db_file.read_bytes()
    assert run("db", "rollback", "--db", str(db_file)) == (
        3,
        f"eolscan: error: {previous_path(db_file)}: no previous database to roll back to\n",
    )
    assert db_file.read_bytes() == before


def test_retry_after_500_then_success(api: ApiServer, db_file: Path) -> None:
    api.faults.extend(["500"])
    assert run("db", "update", "--url", api.base_url, "--db", str(db_file))[0] == 0
    assert len(api.requests) == 2


def test_429_waits_for_retry_after(api: ApiServer, db_file: Path) -> None:
    api.faults.extend(["429"])
    started = time.monotonic()
    assert run("db", "update", "--url", api.base_url, "--db", str(db_file))[0] == 0
    assert time.monotonic() - started >= 0.9
    assert len(api.requests) == 2


def test_redirect_is_followed(api: ApiServer, db_file: Path) -> None:
    api.faults.extend(["redirect"])
    assert run("db", "update", "--url", api.base_url, "--db", str(db_file))[0] == 0
    assert len(api.requests) == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FAULTS = [
    (["500"], "server answered HTTP 500 Internal Server Error"),
    (["503"], "server answered HTTP 503 Service Unavailable"),
    (["truncate"], "response was cut off or corrupt"),
    (["invalid"], "response is not valid JSON (truncated or corrupt)"),
    (["slow"], "no data for 0.5s (read timeout)"),
]


@pytest.mark.parametrize(("faults", "message"), FAULTS, ids=[f[0][0] for f in FAULTS])
def test_fault_leaves_database_untouched(
    api: ApiServer, db_file: Path, faults: list[str], message: str
) -> None:
    before = db_file.read_bytes()
    api.faults.extend(faults)
    url = api.base_url + "/products/full"
    timeout = ["--timeout", "0.5"] if faults == ["slow"] else []
    args = ["db", "update", "--url", api.base_url, "--db", str(db_file), "--retries", "0"]
    code, err = run(*args, *timeout)
    assert (code, err) == (3, f"eolscan: error: {url}: {message}\n")
    assert db_file.read_bytes() == before
    assert leftovers(db_file) == []
    assert not previous_path(db_file).exists()


def test_connection_refused(db_file: Path) -> None:
    before = db_file.read_bytes()
    base = f"http://127.0.0.1:{_closed_port()}/api/v1"
    code, err = run("db", "update", "--url", base, "--db", str(db_file))
    assert (code, err) == (3, f"eolscan: error: {base}/products/full: connection refused\n")
    assert db_file.read_bytes() == before


def test_redirect_to_plain_http_elsewhere_is_refused(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    api.faults.append("redirect-external-http")
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert code == 3
    assert err == (
        "eolscan: error: http://example.com/api/v1/products/full: refusing to fetch: "
        "only https URLs (or http on loopback) are allowed\n"
    )
    assert db_file.read_bytes() == before


def test_plain_http_url_is_refused(db_file: Path) -> None:
    code, err = run("db", "update", "--url", "http://example.com/api/v1", "--db", str(db_file))
    assert code == 3
    assert "refusing to fetch: only https URLs (or http on loopback) are allowed" in err


def test_missing_ca_bundle_is_a_clean_error(
    api: ApiServer, db_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = db_file.read_bytes()
    missing = tmp_path / "no-such-ca.pem"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(missing))
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert (code, err) == (
        3,
        f"eolscan: error: REQUESTS_CA_BUNDLE={missing}: CA bundle file not found\n",
    )
    assert db_file.read_bytes() == before


def test_oversized_response_is_refused(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    with pytest.raises(NetworkError, match="exceeds the 1000 byte limit"):
        update(db_file, api.base_url, Limits(max_bytes=1000))
    api.faults.append("oversize")
    with pytest.raises(NetworkError, match="exceeds the 1000 byte limit"):
        update(db_file, api.base_url, Limits(max_bytes=1000))
    assert db_file.read_bytes() == before


def test_retries_give_up_after_the_limit(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    api.faults.extend(["500", "502", "503"])
    with pytest.raises(NetworkError, match="HTTP 503"):
        update(db_file, api.base_url, Limits(retries=2, backoff=0.01))
    assert len(api.requests) == 3
    assert db_file.read_bytes() == before


def _override(api: ApiServer, full: dict[str, object]) -> None:
    api.body_override = (json.dumps(full) + "\n").encode()


def test_collapsing_product_count_is_refused(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    full = small_full()
    full["result"] = full["result"][:50]  # type: ignore[index]
    _override(api, full)
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    url = api.base_url + "/products/full"
    assert (code, err) == (
        3,
        f"eolscan: error: {url}: only 50 products against 60 in the current database;"
        " refusing it\n",
    )
    assert db_file.read_bytes() == before


def test_bad_date_is_refused(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    full = small_full()
    full["result"][0]["releases"][0]["eolFrom"] = "2026-13-45"  # type: ignore[index]
    _override(api, full)
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert code == 3
    assert "product 'adonisjs' is malformed" in err
    assert db_file.read_bytes() == before


def test_wrong_shape_is_refused(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    api.body_override = b'{"result": 5}\n'
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert code == 3
    assert "not an endoflife.date /products/full response" in err
    assert db_file.read_bytes() == before


def test_disk_error_leaves_database_untouched(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    blocker = previous_path(db_file)
    blocker.mkdir()
    (blocker / "keep").write_text("x", encoding="utf-8")
    code, err = run("db", "update", "--url", api.base_url, "--db", str(db_file))
    assert code == 3
    assert err.startswith(f"eolscan: error: {blocker}: ") and err.count("\n") == 1
    assert db_file.read_bytes() == before
    assert leftovers(db_file) == []


def test_default_target_is_the_user_data_dir(
    full_api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, _ = run("db", "update", "--url", full_api.base_url)
    assert code == 0
    target = tmp_path / "xdg" / "eolscan" / "lifecycles.yaml"
    assert load_db(target).info().products == 464 + CURATED_PRODUCTS
    info = CliRunner().invoke(cli, ["db", "info", "--as-of", "2026-12-03"])
    assert info.exit_code == 0
    assert f"location:     {target}\n" in info.stdout
    assert re.search(r"^age: +\d+ days \(from the data date\)$", info.stdout, re.M)
    assert "fetched:      " in info.stdout


def test_first_update_is_checked_against_the_bundled_database(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, err = run("db", "update", "--url", api.base_url)
    assert code == 3
    assert err.endswith(": only 60 products against 464 in the current database; refusing it\n")
    assert not (tmp_path / "xdg" / "eolscan" / "lifecycles.yaml").exists()


def test_proxy_comes_from_the_environment(
    api: ApiServer, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{api.server_address[1]}")
    unreachable = f"http://127.0.0.1:{_closed_port()}/api/v1"
    code, err = run("db", "update", "--url", unreachable, "--db", str(db_file))
    assert (code, err) == (0, f"updated {db_file}: 60 products, 180 cycles\n")
    assert api.requests[0][0] == unreachable + "/products/full"


def test_redirect_loop_is_cut_off(api: ApiServer, db_file: Path) -> None:
    before = db_file.read_bytes()
    api.faults.extend(["redirect"] * 6)
    with pytest.raises(NetworkError, match="more than 5 redirects"):
        update(db_file, api.base_url)
    assert db_file.read_bytes() == before


def test_retry_after_wait_is_capped(api: ApiServer, db_file: Path) -> None:
    """A server asking for an hour's wait gets the capped wait: the run ends in a minute."""
    api.faults.append("429-hour")
    started = time.monotonic()
    assert update(db_file, api.base_url, Limits(max_retry_wait=0.1)).changed
    assert time.monotonic() - started < 60


def test_rollback_after_the_first_update_returns_to_the_bundled_database(
    api: ApiServer, tmp_path: Path
) -> None:
    target = tmp_path / "fresh" / "lifecycles.yaml"
    assert run("db", "update", "--url", api.base_url, "--db", str(target))[0] == 0
    updated = target.read_bytes()
    assert previous_path(target).read_bytes() == bundled_db_path().read_bytes()
    assert run("db", "rollback", "--db", str(target)) == (
        0,
        f"rolled back {target} to the previous copy\n",
    )
    assert target.read_bytes() == bundled_db_path().read_bytes()
    assert previous_path(target).read_bytes() == updated
