"""Fetch endoflife.date's ``/products/full`` over HTTP; the only module that imports requests."""

from __future__ import annotations

from typing import Any

from eolscan import __version__
from eolscan.errors import NetworkError
from eolscan.lifecycles.build import convert

USER_AGENT = f"eolscan/{__version__} (+https://endoflife.date consumer)"
TIMEOUT = (10, 60)


def fetch_full(base_url: str) -> dict[str, Any]:
    """GET ``{base}/products/full`` and convert it; any failure is one NetworkError line."""
    import requests

    url = base_url.rstrip("/") + "/products/full"
    try:
        response = requests.get(url, timeout=TIMEOUT, headers={"User-Agent": USER_AGENT})
        response.raise_for_status()
        payload = response.json()
    except requests.RequestException as exc:
        raise NetworkError(f"{url}: {exc}") from exc
    except ValueError as exc:
        raise NetworkError(f"{url}: response is not valid JSON") from exc
    return convert(payload, base_url.rstrip("/"))
