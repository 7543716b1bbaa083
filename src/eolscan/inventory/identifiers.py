"""Which of an SBOM package's identifiers to hand to recognition: purl, CPE or name.

endoflife.date links language-ecosystem purls (``pkg:pypi/django``) to products but
not distribution packages (``pkg:deb/debian/openssl``, ``pkg:apk/alpine/nodejs``);
for those the CPE or the plain name is what recognition knows. Reports show an SBOM
item by its name (with its group: ``org.apache.logging.log4j/log4j-core``) and its purl
beside it; recognition reads the identifier chosen here first.
"""

from __future__ import annotations

DISTRO_PURL_TYPES = ("pkg:deb/", "pkg:rpm/", "pkg:apk/", "pkg:alpm/", "pkg:ebuild/", "pkg:generic/")


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
