"""Turn raw inventory strings into comparable forms; no product knowledge lives here."""

from __future__ import annotations

import re

from eolscan.support.lazy_regex import LazyRegex

_MARKS = re.compile(r"[\u2122\u00ae\u00a9]|\((?:r|tm|c)\)", re.IGNORECASE)
_ARCH = re.compile(
    r"\(\s*(?:64|32)[- ]?bits?\s*\)|\(\s*(?:x64|x86|amd64|arm64|x86_64|i[36]86)\s*\)"
    r"|\b(?:64|32)[- ]bits?\b|\b(?:x64|x86_64|amd64|arm64)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_BREW_PIN = re.compile(r"@(?=\d)")
_PACKAGE_ARCH = re.compile(
    r"[:.](?:amd64|i386|arm64|armhf|armel|all|x86_64|noarch|i[36]86|aarch64|ppc64le|s390x)$"
)
_PACKAGE = LazyRegex(
    r"^(?P<name>[A-Za-z][\w.+-]*?)-(?P<version>\d[^-\s]*)-(?P<release>(?:\d|r\d)[^-\s]*?)"
    r"(?:\.(?:x86_64|noarch|i[36]86|aarch64|ppc64le|s390x|armv7hl|src))?$"
)
_APP_BUNDLE = re.compile(r"\.app$", re.IGNORECASE)
"""macOS names an application by its bundle folder (``Google Chrome.app``, ``zoom.us.app``)."""
_NEEDS_WORK = re.compile(
    r"[\u2122\u00ae\u00a9(_\u00a0@]|\s\s|[^\S ]|bit|x64|x86|amd64|arm64|[:.]\w+$", re.IGNORECASE
)
"""Anything one of the substitutions below could change; a name without it (most product
names and aliases: the database's ~2,000 spellings are normalised at every start) only needs
its case and ends folded."""
_NUMERIC = re.compile(r"\d+(?:\.\d+)*")
_EPOCH = re.compile(r"^\d+:")


def normalise_name(raw: str) -> str:
    """Lower-case, drop trademark signs, architecture noise and a Mac bundle's ``.app``,
    fold spaces."""
    text = raw.strip()
    if _NEEDS_WORK.search(text) is None:
        return text.lower().strip(" -,;:")
    text = _MARKS.sub(" ", _PACKAGE_ARCH.sub("", _APP_BUNDLE.sub("", text)))
    text = _ARCH.sub(" ", text)
    text = _BREW_PIN.sub(" ", text.replace("_", " ").replace("\u00a0", " "))
    text = _SPACE.sub(" ", text).strip().lower()
    return text.strip(" -,;:")


def numeric_version(raw: str) -> str:
    """The leading dotted number of a version: ``1:12.17-1.pgdg+1`` -> ``12.17``."""
    text = _EPOCH.sub("", raw.strip())
    match = _NUMERIC.search(text)
    if match is None or match.start() > 1:
        return ""
    return match.group(0)


def version_parts(raw: str) -> list[str]:
    """Numeric components without leading zeros: ``10.00.1600`` -> ``['10','0','1600']``."""
    numeric = numeric_version(raw)
    return [str(int(part)) for part in numeric.split(".")] if numeric else []


def canonical_cycle_id(raw: str) -> str:
    """A cycle id in endoflife.date's style: ``2012 R2`` -> ``2012-r2``."""
    return _SPACE.sub("-", raw.strip().lower())


def split_package(raw: str) -> tuple[str, str]:
    """``nginx-1.20.1-14.el9.x86_64`` (rpm -qa), ``nginx-1.24.0-r6`` (apk) -> (name, version).

    Anything else comes back unchanged with an empty version.
    """
    match = _PACKAGE.match(raw.strip())
    if match is None:
        return raw, ""
    return match.group("name"), match.group("version")
