"""Bounded HTTP GET for endoflife.date's API; the only module that imports requests.

Every request has connect and read timeouts, a size cap and TLS verification on;
only ``https`` URLs are allowed unless the host is loopback (tests, local mirrors).
Redirects are followed by hand so each hop passes the same URL check. 429 and 5xx
answers are retried a few times with backoff, honouring a (capped) ``Retry-After``.
Proxies and CA bundles come from the environment (``HTTPS_PROXY``,
``REQUESTS_CA_BUNDLE``) because requests reads them with ``trust_env`` on.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from eolscan import __version__
from eolscan.errors import NetworkError
from eolscan.lifecycles.build import convert
from eolscan.support.jsontext import loads

if TYPE_CHECKING:
    import requests

USER_AGENT = f"eolscan/{__version__} (lifecycle database updater; +https://endoflife.date)"
MAX_BYTES = 64 * 1024 * 1024
"""Refuse responses larger than this (``/products/full`` is about 3 MB)."""
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_WAIT = 30.0
"""Never sleep longer than this for one ``Retry-After``."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How patient and how trusting one fetch is; tests shrink the numbers."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_bytes: int = MAX_BYTES
    retries: int = 3
    backoff: float = 1.0
    max_retry_wait: float = MAX_RETRY_WAIT
    total_timeout: float = 600.0
    """The whole download, retries included: a server sending a byte a second never
    trips the read timeout, so this ends it."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """One final answer: 200 with a body, or 304 (not modified) without one."""

    url: str
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """True when the server said our stored copy is current."""
        return self.status == 304


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Allow https anywhere and http only to loopback; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return
    raise NetworkError(
        f"{url}: refusing to fetch: only https URLs (or http on loopback) are allowed"
    )


def _check_ca_bundle() -> None:
    """A CA bundle named in the environment must exist, else say so plainly."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        value = os.environ.get(name)
        if value and not os.path.exists(value):
            raise NetworkError(f"{name}={value}: CA bundle file not found")


def _retry_wait(response: requests.Response, attempt: int, limits: Limits) -> float:
    """Seconds to wait before the next try: ``Retry-After`` when given, else exponential backoff."""
    header = response.headers.get("Retry-After", "").strip()
    wait: float = limits.backoff * 2.0**attempt
    if header.isdigit():
        wait = float(header)
    elif header:
        with contextlib.suppress(TypeError, ValueError):
            wait = float(parsedate_to_datetime(header).timestamp() - time.time())
    return max(0.0, min(wait, limits.max_retry_wait))


def _read_body(response: requests.Response, url: str, limits: Limits) -> bytes:
    """Stream the body, refusing more than ``limits.max_bytes``."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise NetworkError(
            f"{url}: response of {declared} bytes exceeds the {limits.max_bytes} byte limit"
        )
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_content(chunk_size=256 * 1024):
        total += len(chunk)
        if total > limits.max_bytes:
            raise NetworkError(f"{url}: response exceeds the {limits.max_bytes} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _describe(exc: Exception, url: str, limits: Limits) -> str:
    """One readable line for a requests failure (its own messages are long and nested)."""
    # requests only on the network path, as in get()
    import requests

    if isinstance(exc, requests.ConnectTimeout):
        return f"{url}: could not connect within {limits.connect_timeout:g}s"
    if isinstance(exc, requests.Timeout):
        return f"{url}: no data for {limits.read_timeout:g}s (read timeout)"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"{url}: TLS certificate verification failed"
    if isinstance(exc, requests.exceptions.ProxyError):
        return f"{url}: the proxy refused or failed the connection"
    if isinstance(exc, requests.ConnectionError) and "refused" in str(exc).lower():
        return f"{url}: connection refused"
    if isinstance(exc, requests.ConnectionError) and "resolve" in str(exc).lower():
        return f"{url}: host name could not be resolved"
    if isinstance(
        exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return f"{url}: response was cut off or corrupt"
    if isinstance(exc, OSError) and not isinstance(exc, requests.RequestException):
        return f"{url}: {exc}"
    return f"{url}: {type(exc).__name__}: cannot fetch"


def _once(
    session: requests.Session, url: str, headers: dict[str, str], limits: Limits
) -> requests.Response:
    """One GET without following redirects, body not yet read."""
    return session.get(
        url,
        headers=headers,
        timeout=(limits.connect_timeout, limits.read_timeout),
        allow_redirects=False,
        stream=True,
        verify=True,
    )


def _get_following(
    session: requests.Session,
    url: str,
    headers: dict[str, str],
    limits: Limits,
    deadline: _Deadline,
) -> Fetched:
    """GET with retries on 429/5xx and checked redirects."""
    attempt = redirects = 0
    while True:
        check_url(url)
        with _once(session, url, headers, limits) as response:
            deadline.watch(response)
            if response.is_redirect and response.headers.get("Location"):
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise NetworkError(f"{url}: more than {MAX_REDIRECTS} redirects")
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code in RETRY_STATUSES and attempt < limits.retries:
                wait = _retry_wait(response, attempt, limits)
                if time.monotonic() + wait >= deadline.ends:
                    raise NetworkError(deadline.message(url))
                time.sleep(wait)
                attempt += 1
                continue
            if response.status_code == 304:
                return Fetched(url, 304, headers=dict(response.headers))
            if response.status_code != 200:
                status = f"{response.status_code} {response.reason}"
                raise NetworkError(f"{url}: server answered HTTP {status}")
            return Fetched(url, 200, _read_body(response, url, limits), dict(response.headers))


class _Deadline:
    """Ends a download at ``limits.total_timeout``: a timer shuts the socket being read, so
    a read blocked on a trickle of bytes returns at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self.ends = time.monotonic() + seconds
        self._response: requests.Response | None = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, response: requests.Response) -> None:
        """The response now being read."""
        self._response = response
        if self.expired:
            self._expire()

    def _expire(self) -> None:
        self.expired = True
        raw = getattr(self._response, "raw", None)
        sock = getattr(getattr(raw, "connection", None), "sock", None) or getattr(
            getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None), "_sock", None
        )
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def message(self, url: str) -> str:
        return f"{url}: the download took longer than {self.seconds:g}s (total time limit)"


def get(url: str, headers: dict[str, str] | None = None, limits: Limits | None = None) -> Fetched:
    """GET ``url`` within ``limits``; any failure becomes one NetworkError line."""
    # requests only when eolscan goes to the network (db update, db build --from URL)
    import requests

    limits = limits or Limits()
    check_url(url)
    _check_ca_bundle()
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    with requests.Session() as session, _Deadline(limits.total_timeout) as deadline:
        session.trust_env = True
        try:
            return _get_following(session, url, all_headers, limits, deadline)
        except NetworkError:
            if deadline.expired:
                raise NetworkError(deadline.message(url)) from None
            raise
        except (requests.RequestException, OSError) as exc:
            if deadline.expired:
                raise NetworkError(deadline.message(url)) from exc
            raise NetworkError(_describe(exc, url, limits)) from exc


def parse_json(fetched: Fetched) -> Any:
    """The body as JSON, or a NetworkError naming the URL."""

    def refused(message: str) -> NetworkError:
        """A syntax error means a cut or corrupt body; the limits say which one was hit."""
        why = message.rsplit(": ", 1)[-1]
        if "(column" in message or why.startswith("not valid JSON"):
            why = "truncated or corrupt"
        return NetworkError(f"{fetched.url}: response is not valid JSON ({why})")

    try:
        text = fetched.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NetworkError(
            f"{fetched.url}: response is not valid JSON (truncated or corrupt)"
        ) from exc
    return loads(text, "", refused)


def full_url(base_url: str) -> str:
    """``{base}/products/full``."""
    return base_url.rstrip("/") + "/products/full"


def fetch_full(base_url: str) -> dict[str, Any]:
    """GET ``{base}/products/full`` and convert it (used by ``db build --from URL``)."""
    fetched = get(full_url(base_url))
    return convert(parse_json(fetched), base_url.rstrip("/"))
