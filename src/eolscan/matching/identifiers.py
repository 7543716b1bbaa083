"""Package URLs and CPE names: parse them and reduce them to lookup keys.

endoflife.date lists purls and CPEs per product without versions; we key both
sides the same way so ``pkg:pypi/django@3.2.19`` finds the ``pkg:pypi/django`` entry.
Package URLs are parsed by packageurl-python (types, namespaces, qualifiers, subpaths and
percent-encoding as the purl specification says); CPE 2.3 formatted strings are split at
colons that are not escaped (``\\:``), and their escapes removed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from eolscan.support.lazy_regex import LazyRegex

_UNESCAPED_COLON = LazyRegex(r"(?<!\\)((?:\\\\)*):")
_ESCAPE = re.compile(r"\\(.)")


@lru_cache(maxsize=65_536)
def purl_key_and_version(purl: str) -> tuple[str, str]:
    """``pkg:npm/%40scope/name@1.2?x=y`` -> (``pkg:npm/@scope/name``, ``1.2``).

    The key is lower case: recognition matches names without regard to case.
    """
    # packageurl only once a scan meets a purl; most inventories have none
    from packageurl import PackageURL

    try:
        parsed = PackageURL.from_string(purl.strip())
    except ValueError:
        return _loose_purl(purl)
    path = "/".join(part for part in (parsed.namespace, parsed.name) if part)
    return f"pkg:{parsed.type}/{path}".lower(), parsed.version or ""


def _loose_purl(purl: str) -> tuple[str, str]:
    """What a malformed purl still says: the text before ``?``/``#`` and after ``@``."""
    text = purl.strip().split("#", 1)[0].partition("?")[0]
    version = ""
    head, at, tail = text.rpartition("@")
    if at and "/" in head:
        text, version = head, unquote(tail)
    return unquote(text).lower().rstrip("/"), version


def cpe_fields(cpe: str) -> list[str] | None:
    """The fields after ``cpe:2.3:`` or ``cpe:/``, unescaped and lower case; None if no CPE."""
    text = cpe.strip()
    lowered = text.lower()
    if lowered.startswith("cpe:2.3:"):
        parts = _UNESCAPED_COLON.split(text[len("cpe:2.3:") :])
        # split() keeps the backslash runs it matched before each colon: put them back
        fields = [parts[0]]
        for run, field in zip(parts[1::2], parts[2::2], strict=True):
            fields[-1] += run
            fields.append(field)
        return [_ESCAPE.sub(r"\1", field).lower() for field in fields]
    if lowered.startswith("cpe:/"):
        return [unquote(field).lower() for field in text[len("cpe:/") :].split(":")]
    return None


def cpe_key_and_version(cpe: str) -> tuple[str, str, str]:
    """CPE 2.3 or 2.2 -> (``part:vendor:product``, version, update); empty key when malformed."""
    fields = cpe_fields(cpe)
    if fields is None or len(fields) < 3:
        return "", "", ""
    version = fields[3] if len(fields) > 3 and fields[3] not in ("*", "-") else ""
    update = fields[4] if len(fields) > 4 and fields[4] not in ("*", "-") else ""
    return ":".join(fields[:3]), version, update
