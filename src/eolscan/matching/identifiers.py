"""Package URLs and CPE names: parse them and reduce them to lookup keys.

endoflife.date lists purls and CPEs per product without versions; we key both
sides the same way so ``pkg:pypi/django@3.2.19`` finds the ``pkg:pypi/django`` entry.
"""

from __future__ import annotations

from urllib.parse import unquote


def purl_key_and_version(purl: str) -> tuple[str, str]:
    """``pkg:npm/%40scope/name@1.2?x=y`` -> (``pkg:npm/@scope/name``, ``1.2``)."""
    text = purl.strip()
    text = text.split("#", 1)[0]
    text, _, _qualifiers = text.partition("?")
    version = ""
    head, at, tail = text.rpartition("@")
    if at and "/" in head:
        text, version = head, unquote(tail)
    return unquote(text).lower().rstrip("/"), version


def cpe_key_and_version(cpe: str) -> tuple[str, str, str]:
    """CPE 2.3 or 2.2 -> (``part:vendor:product``, version, update); empty key when malformed."""
    text = cpe.strip().lower()
    if text.startswith("cpe:2.3:"):
        fields = text[len("cpe:2.3:") :].split(":")
    elif text.startswith("cpe:/"):
        fields = text[len("cpe:/") :].split(":")
    else:
        return "", "", ""
    if len(fields) < 3:
        return "", "", ""
    version = fields[3] if len(fields) > 3 and fields[3] not in ("*", "-") else ""
    update = fields[4] if len(fields) > 4 and fields[4] not in ("*", "-") else ""
    return ":".join(fields[:3]), unquote(version), unquote(update)
