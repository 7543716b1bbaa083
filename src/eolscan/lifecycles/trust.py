"""What a lifecycle server may put into the database: plain product ids and web links.

A product id becomes part of file names, cache keys and report anchors, and a link becomes
an ``href`` in HTML and Markdown reports. A hostile or broken server must not be able to send
``../../x`` or ``javascript:alert(1)``: ids are checked against endoflife.date's own style,
links must be https (plain http is upgraded; endoflife.date cites a few archive.org pages so),
and anything else refuses the whole response, so the database on disk stays as it was.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from eolscan.errors import DatabaseError
from eolscan.support.visible import visible

PRODUCT_ID = re.compile(r"[a-z0-9](?:[a-z0-9+_-]|\.(?!\.)){0,79}")
"""endoflife.date ids: lower-case letters, digits and ``.+_-``, no ``..``, at most 80."""


def check_product_id(product_id: str, source: str) -> str:
    """``product_id`` when it is a plain id, else a DatabaseError naming ``source``."""
    if not PRODUCT_ID.fullmatch(product_id):
        raise DatabaseError(
            f"{source}: product id {visible(product_id[:80])!r} is not a plain id "
            "(lower-case letters, digits, '.', '+', '_', '-'); refusing the data"
        )
    return product_id


def https_link(url: object, source: str, where: str) -> str | None:
    """An https link (an http one upgraded), None for none; a DatabaseError for anything else."""
    if url is None or url == "":
        return None
    text = str(url).strip()
    parts = urlsplit(text) if len(text) <= 2048 else None
    if parts is not None and parts.scheme.lower() == "http" and parts.netloc:
        return "https" + text[len(parts.scheme) :]
    if parts is None or parts.scheme.lower() != "https" or not parts.netloc or _unsafe(text):
        raise DatabaseError(
            f"{source}: {where}: link {visible(text[:80])!r} is not an https URL; refusing the data"
        )
    return text


def _unsafe(text: str) -> bool:
    """Whitespace or control characters have no place in a link."""
    return any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text)
