"""TLS is always verified: a self-signed server is refused unless REQUESTS_CA_BUNDLE trusts it."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.lifecycles.apiserver import ApiServer, start
from tests.lifecycles.helpers import SMALL_API


@pytest.fixture
def tls_api(tmp_path: Path) -> Iterator[tuple[ApiServer, str, Path]]:
    """The fixture API over https on 127.0.0.1 with a fresh self-signed certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server, thread = start(SMALL_API)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    try:
        yield server, server.base_url.replace("http://", "https://"), cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_self_signed_server_is_refused(
    tls_api: tuple[ApiServer, str, Path], db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, base, _ = tls_api
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    before = db_file.read_bytes()
    result = CliRunner().invoke(cli, ["db", "update", "--url", base, "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (
        3,
        f"eolscan: error: {base}/products/full: TLS certificate verification failed\n",
    )
    assert db_file.read_bytes() == before


def test_ca_bundle_from_the_environment_is_trusted(
    tls_api: tuple[ApiServer, str, Path], db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, base, cert = tls_api
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    result = CliRunner().invoke(cli, ["db", "update", "--url", base, "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (0, f"updated {db_file}: 60 products, 180 cycles\n")
    assert server.requests[0][0] == "/api/v1/products/full"
