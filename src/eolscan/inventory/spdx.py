"""SPDX 2.x SBOMs, JSON or tag-value: every package, shown by its name with its purl beside it.

Recognition reads the purl or CPE external reference first. The document's ``name``
names the host, else the file name does; a package whose ``primaryPackagePurpose`` is
``OPERATING-SYSTEM`` is the host's OS, and so is Trivy's ``SPDXRef-OperatingSystem-``
package (Trivy wrote no purpose before SPDX 2.3); without either, the release its
distribution packages' purls name (``distro=alpine-3.10.9``), as for CycloneDX.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.cyclonedx import MAX_COMPONENTS
from eolscan.inventory.identifiers import shown_and_identifier, with_os_of_purls
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, load_json, text, top_keys
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind, Location


def package_references(package: dict[str, Any]) -> tuple[str, str]:
    """(purl, CPE 2.3 or else 2.2) of a package's external references, "" where absent."""
    refs = package.get("externalRefs")
    found: dict[str, str] = {}
    for ref in refs if isinstance(refs, list) else []:
        if isinstance(ref, dict):
            kind = ref.get("referenceType")
            locator = text(ref, "referenceLocator")
            if isinstance(kind, str) and locator:
                found.setdefault(kind, locator)
    return found.get("purl", ""), found.get("cpe23Type") or found.get("cpe22Type") or ""


def described_root(document: dict[str, Any]) -> str:
    """The SPDXID of the one package the document DESCRIBES that is not an OS, else ``""``.

    syft and Trivy describe the scanned container image (``primaryPackagePurpose:
    CONTAINER``), Microsoft's sbom-tool the project it ran on; a document describing
    several packages lists them all as its contents, and they are all read.
    """
    described = document.get("documentDescribes")
    found = [d for d in described if isinstance(d, str)] if isinstance(described, list) else []
    relationships = document.get("relationships")
    for rel in relationships if isinstance(relationships, list) else []:
        if (
            isinstance(rel, dict)
            and rel.get("relationshipType") == "DESCRIBES"
            and rel.get("spdxElementId") == document.get("SPDXID", "SPDXRef-DOCUMENT")
            and isinstance(rel.get("relatedSpdxElement"), str)
        ):
            found.append(rel["relatedSpdxElement"])
    if len(set(found)) != 1:
        return ""
    for package in document.get("packages") or []:
        if isinstance(package, dict) and package.get("SPDXID") == found[0]:
            purpose = package.get("primaryPackagePurpose")
            return "" if purpose == "OPERATING-SYSTEM" else found[0]
    return ""


TRIVY_OS = "SPDXRef-OperatingSystem-"
TRIVY_TARGET = "SPDXRef-Application-"
"""Trivy's SPDXIDs for the image OS and for a scanned file or language (``app/composer.lock``,
``Java`` with version ``jar``), whose packages are listed as packages of their own."""


def tag_value_document(source: Source) -> tuple[dict[str, Any], list[int]]:
    """An SPDX tag-value file (``trivy --format spdx``, ``syft -o spdx-tag-value``) in the
    shape of the JSON form: document name, packages with their references, relationships;
    and the line of each package, kept apart so no input can set or spoof it."""
    document: dict[str, Any] = {"SPDXID": "SPDXRef-DOCUMENT", "packages": [], "relationships": []}
    lines: list[int] = []
    package: dict[str, Any] | None = None
    text_from = 0
    for number, line in enumerate(source.lines(), start=1):
        if text_from:  # <text>...</text> values may span lines
            text_from = 0 if "</text>" in line else text_from
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key.startswith("#"):
            continue
        if value.startswith("<text>") and "</text>" not in value:
            text_from = number
        elif key == "DocumentName":
            document["name"] = value
        elif key == "PackageName":
            package = {"name": value, "externalRefs": []}
            document["packages"].append(package)
            lines.append(number)
        elif key in ("FileName", "SnippetSPDXID", "LicenseID"):
            package = None  # the package's section has ended
        elif key == "Relationship" and len(parts := value.split()) == 3:
            document["relationships"].append(
                {
                    "spdxElementId": parts[0],
                    "relationshipType": parts[1],
                    "relatedSpdxElement": parts[2],
                }
            )
        elif package is not None:
            _package_tag(package, key, value)
    if text_from:
        raise InventoryError(
            f"{source.name}:{text_from}: <text> is never closed by </text> "
            "(the rest of the file would be lost)"
        )
    return document, lines


def _package_tag(package: dict[str, Any], key: str, value: str) -> None:
    """One ``Key: value`` line inside a package section."""
    if key == "SPDXID":
        package["SPDXID"] = value
    elif key == "PackageVersion":
        package["versionInfo"] = value
    elif key == "PrimaryPackagePurpose":
        package["primaryPackagePurpose"] = value
    elif key == "ExternalRef" and len(parts := value.split()) >= 3:
        package["externalRefs"].append(
            {"referenceCategory": parts[0], "referenceType": parts[1], "referenceLocator": parts[2]}
        )


class SpdxReader(InventoryReader):
    """SPDX documents: JSON (``spdxVersion``, ``packages``) or tag-value (``SPDXVersion:``)."""

    name = "spdx"
    description = (
        "SPDX 2.x SBOM (JSON or tag-value): packages with purl/cpe references, name, versionInfo"
    )

    def detect(self, source: Source) -> bool:
        """``spdxVersion``, or an ``SPDXID``: Microsoft's sbom-tool writes its files and
        packages first, so a large manifest states its version past the head."""
        head = source.head().lstrip()
        if head.startswith("{"):  # by its keys wherever they sit; a cut file by its head
            return "spdxVersion" in top_keys(source) or '"spdxVersion"' in head
        return head.startswith("SPDXVersion:")

    def rows(self, source: Source) -> Iterator[AssetRow]:
        return with_os_of_purls(self._rows(source))

    def _rows(self, source: Source) -> Iterator[AssetRow]:
        lines: list[int] = []
        if source.head().lstrip().startswith("SPDXVersion:"):
            document, lines = tag_value_document(source)
        else:
            document = load_json(source)
        if not isinstance(document, dict):
            raise InventoryError(f"{source.name}:1: expected an SPDX document object")
        packages = document.get("packages", [])
        if not isinstance(packages, list):
            raise InventoryError(f"{source.name}: 'packages' must be a list")
        if len(packages) > MAX_COMPONENTS:
            raise InventoryError(f"{source.name}: more than {MAX_COMPONENTS} packages (the limit)")
        host = self._host(source, document)
        subject = described_root(document)
        for index, package in enumerate(packages):
            line = lines[index] if index < len(lines) else None
            at = (
                Location(source.name, line)
                if line
                else Location(source.name, None, f"packages[{index}]")
            )
            if subject and isinstance(package, dict) and package.get("SPDXID") == subject:
                continue  # the scanned image or project itself: it is the host, not an item on it
            asset = self._package(source, host, package, at)
            if asset is not None:
                yield asset

    @staticmethod
    def _host(source: Source, document: dict[str, Any]) -> str:
        try:
            name = text(document, "name")
        except FieldError:
            name = ""
        if not any(ch.isalnum() for ch in name):  # syft names a scan of dir:/ just "/"
            name = ""
        return name or (
            "stdin" if source.name == "<stdin>" else Path(source.name).name.split(".")[0]
        )

    @staticmethod
    def _package(source: Source, host: str, package: Any, at: Location) -> AssetRow | None:
        """The row of one package read at ``at`` (a line, or its JSON path), or None."""
        where = at.text
        file, line, pointer = at.file, at.line or 0, at.pointer
        if not isinstance(package, dict):
            source.skip(where, "a package must be an object")
            return None
        try:
            plain = text(package, "name")
            version = text(package, "versionInfo")
            purpose = text(package, "primaryPackagePurpose").upper()
            purl, cpe = package_references(package)
        except FieldError as exc:
            source.skip(where, str(exc))
            return None
        spdx_id = str(package.get("SPDXID") or "")
        if not (purl or cpe) and spdx_id.startswith(TRIVY_TARGET):
            return None  # Trivy's lock file, binary or language that holds packages, not one
        if plain and (purpose == "OPERATING-SYSTEM" or spdx_id.startswith(TRIVY_OS)):
            return make_row(
                source.client, host, Kind.OS, plain, version, file=file, line=line, pointer=pointer
            )
        name, identifier = shown_and_identifier(plain, purl, cpe, plain)
        if not name:
            source.skip(where, "package has no purl, cpe or name")
            return None
        return make_row(
            source.client,
            host,
            Kind.SOFTWARE,
            name,
            version,
            file=file,
            line=line,
            pointer=pointer,
            purl=purl,
            identifier=identifier,
        )
