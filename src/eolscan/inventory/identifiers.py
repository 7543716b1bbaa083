"""Which of an SBOM package's identifiers to hand to recognition, and what its purls say
of the host's OS.

endoflife.date links language-ecosystem purls (``pkg:pypi/django``) to products but
not distribution packages (``pkg:deb/debian/openssl``, ``pkg:apk/alpine/nodejs``);
for those the CPE or the plain name is what recognition knows. Reports show an SBOM
item by its name (with its group: ``org.apache.logging.log4j/log4j-core``) and its purl
beside it; recognition reads the identifier chosen here first. An SBOM that lists no OS
component still names its OS in its distribution packages' ``distro=`` qualifier (syft's
SPDX); that OS becomes the host's, so the OS is judged and its packages follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from eolscan.model import AssetRow, Kind, item_purl

DISTRO_PURL_TYPES = ("pkg:deb/", "pkg:rpm/", "pkg:apk/", "pkg:alpm/", "pkg:ebuild/", "pkg:generic/")
OS_PURL_TYPES = DISTRO_PURL_TYPES[:-1]
"""Purls of an OS package manager: their ``distro=`` qualifier names the OS they came with."""
_DISTRO = re.compile(r"[?&]distro=([^&#]+)", re.IGNORECASE)
_NAMED_RELEASE = re.compile(r"(?:([a-z][\w.]*(?:-[a-z][\w.]*)*)-)?(\d[\w.]*)", re.IGNORECASE)
"""``alpine-3.10.9``, ``opensuse-leap-15.6``, or Trivy's bare ``3.16.0`` (the namespace
names the distribution)."""


def best_identifier(purl: str, cpe: str, name: str) -> str:
    """purl, then CPE, then name; for distribution package purls: CPE, then name, then purl.

    A CPE that only repeats the package name (syft guesses ``cpe:2.3:a:nginx-core:nginx-core``)
    says nothing more than the name, which is what a report should show.
    """
    if purl and purl.lower().startswith(DISTRO_PURL_TYPES):
        if name and _repeats_name(cpe, name):
            return name
        return cpe or name or purl
    return purl or cpe or name


def _repeats_name(cpe: str, name: str) -> bool:
    """True when the CPE's vendor and product are both the package name (or the CPE is empty)."""
    fields = cpe.lower().split(":")
    if cpe.lower().startswith("cpe:2.3:") and len(fields) > 4:
        vendor, product = fields[3], fields[4]
    elif cpe.lower().startswith("cpe:/") and len(fields) > 3:
        vendor, product = fields[2], fields[3]
    else:
        return not cpe
    plain = name.lower()
    return {vendor.replace("\\", ""), product.replace("\\", "")} <= {plain, plain.replace("-", "_")}


def shown_and_identifier(shown: str, purl: str, cpe: str, plain: str) -> tuple[str, str]:
    """(the name a report shows, what recognition reads instead of it or ""): the name is
    ``shown`` (group/name), else the identifier; ("", "") when there is nothing to go by."""
    identifier = best_identifier(purl, cpe, plain)
    name = shown or identifier
    return name, "" if identifier == name else identifier


def purl_distro(purl: str) -> tuple[str, str] | None:
    """(distribution, release) a distribution package's ``distro=`` qualifier names
    (``alpine``, ``3.10.9``), the purl's namespace where it gives the release alone; or None."""
    lowered = purl.lower()
    found = _DISTRO.search(purl) if lowered.startswith(OS_PURL_TYPES) else None
    named = _NAMED_RELEASE.match(unquote(found.group(1))) if found else None
    if named is None:
        return None
    path = lowered.split("?", 1)[0].split("/")
    namespace = path[1] if len(path) > 2 else ""
    name = (named.group(1) or namespace).lower()
    return (name, named.group(2)) if name else None


def with_os_of_purls(rows: Iterable[AssetRow]) -> Iterator[AssetRow]:
    """An SBOM's rows, then its OS row from its packages' ``distro=`` qualifiers when it
    lists no OS component and they name one release, read where the first of them is."""
    named: dict[tuple[str, str], AssetRow] = {}
    has_os = False
    for row in rows:
        has_os = has_os or row[2][0] == Kind.OS
        if not has_os and len(named) < 2:
            distro = purl_distro(item_purl(row[2]))
            if distro is not None:
                named.setdefault(distro, row)
        yield row
    if has_os or len(named) != 1:
        return  # the SBOM's own OS, none named, or packages of several (not one host's)
    (name, release), row = next(iter(named.items()))
    yield row[0], row[1], (Kind.OS, name, release, False), row[3], row[4], (), row[6]
