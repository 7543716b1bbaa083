"""A real HTTP server on 127.0.0.1 imitating endoflife.date's API v1, with fault modes.

It maps ``/api/v1/P`` to ``ROOT/P/index.json`` (the offline snapshot's layout), answers
conditional requests itself (ETag / If-None-Match, Last-Modified / If-Modified-Since ->
304) and, when told, misbehaves once per queued fault: 500, 429 with Retry-After,
a truncated or invalid body, a slow answer, a redirect, an oversized body.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PREFIX = "/api/v1"
LAST_MODIFIED = "Sun, 22 Nov 2026 00:00:00 GMT"


class ApiServer(ThreadingHTTPServer):
    """The server: a root directory, a queue of faults and a log of request headers."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.faults: deque[str] = deque()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.body_override: bytes | None = None
        self.slow_seconds = 3.0

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that hung up (a timeout test) must not print into a test's stderr."""

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/api/v1``."""
        return f"http://127.0.0.1:{self.server_address[1]}{PREFIX}"

    def body_for(self, path: str) -> bytes | None:
        """The response body for a request path, or None for 404."""
        if not path.startswith(PREFIX):
            return None
        relative = path[len(PREFIX) :].strip("/")
        if self.body_override is not None and relative == "products/full":
            return self.body_override
        candidate = (self.root / relative / "index.json").resolve()
        if self.root.resolve() not in candidate.parents or not candidate.is_file():
            return None
        return candidate.read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: ApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``server.requests`` instead."""

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        fault = self.server.faults.popleft() if self.server.faults else ""
        if fault and self._fault(fault):
            return
        path = urlsplit(self.path).path  # absolute-form when we are used as a proxy
        body = self.server.body_for(path)
        if body is None:
            self._send(404, b'{"error": "not found"}')
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        fresh = self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers
            and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        )
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if fresh:
            self._send(304, b"", headers)
            return
        if fault == "truncate":
            self._send(200, body[: len(body) // 2], headers, length=len(body))
            self.close_connection = True
            return
        if fault == "invalid":
            body = body[: len(body) // 2]
        self._send(200, body, headers)

    def _fault(self, fault: str) -> bool:
        """Act out a fault that replaces the normal answer; False for body-altering faults."""
        if fault in ("500", "502", "503"):
            self._send(int(fault), b"server error")
        elif fault == "429":
            self._send(429, b"slow down", {"Retry-After": "1"})
        elif fault == "429-hour":
            self._send(429, b"slow down", {"Retry-After": "3600"})
        elif fault == "slow":
            time.sleep(self.server.slow_seconds)
            self._send(200, b"{}")
        elif fault == "redirect":
            self._send(301, b"", {"Location": f"{PREFIX}/products/full"})
        elif fault == "redirect-external-http":
            self._send(302, b"", {"Location": "http://example.com/api/v1/products/full"})
        elif fault == "oversize":
            self._send(200, b"x" * 4096)
        else:
            return False
        return True

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if status != 304:
            self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if status != 304:
            self.wfile.write(body)
            self.wfile.flush()


def start(root: Path) -> tuple[ApiServer, threading.Thread]:
    """Start a server on a free loopback port in a daemon thread."""
    server = ApiServer(root)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return server, thread
