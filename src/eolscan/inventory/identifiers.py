"""Which of an SBOM package's identifiers to hand to recognition: purl, CPE or name.

endoflife.date links language-ecosystem purls (``pkg:pypi/django``) to products but
not distribution packages (``pkg:deb/debian/openssl``, ``pkg:apk/alpine/nodejs``);
for those the CPE or the plain name is what recognition knows.
"""

from __future__ import annotations

DISTRO_PURL_TYPES = ("pkg:deb/", "pkg:rpm/", "pkg:apk/", "pkg:alpm/", "pkg:ebuild/", "pkg:generic/")


def best_identifier(purl: str, cpe: str, name: str) -> str:
    """purl, then CPE, then name; for distribution package purls: CPE, then name, then purl."""
    if purl and purl.lower().startswith(DISTRO_PURL_TYPES):
        return cpe or name or purl
    return purl or cpe or name
