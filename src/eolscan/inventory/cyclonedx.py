"""CycloneDX SBOMs, JSON or XML: every component (nested too), shown by group/name and purl.

The SBOM's metadata component names the host, else the file name does; an
``operating-system`` component is the host's OS, else the release its distribution
packages' purls name (``distro=alpine-3.10.9``), as for SPDX. XML goes
through :func:`eolscan.inventory.xmldoc.parse_xml` (defusedxml, a depth limit).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.identifiers import shown_and_identifier, with_os_of_purls
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, load_json, text, top_keys
from eolscan.inventory.rows import make_row
from eolscan.inventory.xmldoc import parse_xml
from eolscan.model import AssetRow, Kind, Location

OS_TYPES = {"operating-system"}
NOT_SOFTWARE = {"file"}
"""Component types that are no software to judge (syft lists a file's hashes as one)."""
MAX_COMPONENTS = 1_000_000
"""More components than this in one SBOM is refused."""
MAX_NESTING = 30
"""Components nested deeper than this are refused (real BOMs nest a few levels); with it,
locations such as ``components[0].components[3]`` stay short."""


class CycloneDxReader(InventoryReader):
    """CycloneDX 1.x BOMs: ``bomFormat: CycloneDX`` JSON or ``<bom xmlns=...cyclonedx...>``."""

    name = "cyclonedx"
    description = "CycloneDX SBOM (JSON or XML): components with purl, cpe, name, version"

    def detect(self, source: Source) -> bool:
        head = source.head().lstrip()
        if head.startswith("{"):  # by its keys wherever they sit; a cut file by its head
            return "bomFormat" in top_keys(source) or (
                '"bomFormat"' in head and "CycloneDX" in head
            )
        return head.startswith("<") and "<bom" in head and "cyclonedx.org/schema/bom" in head

    def rows(self, source: Source) -> Iterator[AssetRow]:
        if source.head().lstrip().startswith("<"):
            document = xml_document(source)
        else:
            document = load_json(source)
        if not isinstance(document, dict):
            raise InventoryError(f"{source.name}:1: expected a CycloneDX BOM object")
        host = self._host(source, document)
        yield from with_os_of_purls(
            walk_components(source, host, document.get("components"), "components")
        )

    @staticmethod
    def _host(source: Source, document: dict[str, Any]) -> str:
        metadata = document.get("metadata")
        component = metadata.get("component") if isinstance(metadata, dict) else None
        if isinstance(component, dict):
            try:
                name = text(component, "name")
            except FieldError:
                name = ""
            if any(ch.isalnum() for ch in name):  # syft names a scan of dir:/ just "/"
                return name
        return "stdin" if source.name == "<stdin>" else Path(source.name).name.split(".")[0]


def walk_components(source: Source, host: str, components: Any, path: str) -> Iterator[AssetRow]:
    """Every component and nested component, depth first, without recursion."""
    if components is None:
        return
    stack: list[tuple[str, Any, int]] = [(path, components, 1)]
    count = 0
    while stack:
        where_path, items, depth = stack.pop()
        if not isinstance(items, list):
            source.skip(f"{source.name}:{where_path}", "'components' must be a list")
            continue
        if depth > MAX_NESTING and items:
            raise InventoryError(
                f"{source.name}: components nested deeper than {MAX_NESTING} levels (the limit)"
            )
        for index in range(len(items) - 1, -1, -1):
            stack_item = items[index]
            if isinstance(stack_item, dict) and "components" in stack_item:
                nested = f"{where_path}[{index}].components"
                stack.append((nested, stack_item["components"], depth + 1))
        for index, item in enumerate(items):
            count += 1
            if count > MAX_COMPONENTS:
                raise InventoryError(
                    f"{source.name}: more than {MAX_COMPONENTS} components (the limit)"
                )
            asset = _component(source, host, item, f"{where_path}[{index}]")
            if asset is not None:
                yield asset


def _component(source: Source, host: str, item: Any, pointer: str) -> AssetRow | None:
    """The row of the component at ``pointer`` (``components[3]``), or None (skipped)."""
    where = Location(source.name, None, pointer).text
    if not isinstance(item, dict):
        source.skip(where, "a component must be an object")
        return None
    try:
        plain, group = text(item, "name"), text(item, "group")
        purl, cpe = text(item, "purl"), text(item, "cpe")
        version, component_type = text(item, "version"), text(item, "type")
    except FieldError as exc:
        source.skip(where, str(exc))
        return None
    if component_type in NOT_SOFTWARE or (not (purl or cpe or version) and _trivy_target(item)):
        return None  # a file, or Trivy's lock file or binary whose packages are listed too
    kind = Kind.OS if component_type in OS_TYPES else Kind.SOFTWARE
    if kind is Kind.OS and plain:
        return make_row(
            source.client, host, kind, plain, version, file=source.name, pointer=pointer
        )
    name, identifier = shown_and_identifier(
        f"{group}/{plain}" if group and plain else plain, purl, cpe, plain
    )
    if not name:
        source.skip(where, "component has no purl, cpe or name")
        return None
    return make_row(
        source.client,
        host,
        kind,
        name,
        version,
        file=source.name,
        pointer=pointer,
        purl=purl,
        identifier=identifier,
    )


def _trivy_target(item: dict[str, Any]) -> bool:
    """True for Trivy's component of a scanned file (``aquasecurity:trivy:Class`` lang-pkgs)."""
    properties = item.get("properties")
    return any(
        isinstance(p, dict)
        and p.get("name") == "aquasecurity:trivy:Class"
        and p.get("value") == "lang-pkgs"
        for p in (properties if isinstance(properties, list) else [])
    )


def xml_document(source: Source) -> dict[str, Any]:
    """A CycloneDX XML BOM as the same shape the JSON form has (metadata, components)."""
    root = parse_xml(source, "CycloneDX")
    if _local(root.tag) != "bom":
        raise InventoryError(f"{source.name}:1: expected a <bom> element, not <{_local(root.tag)}>")
    document: dict[str, Any] = {"components": []}
    for child in root:
        if _local(child.tag) == "metadata":
            for part in child:
                if _local(part.tag) == "component":
                    document["metadata"] = {"component": _xml_component(part)}
        elif _local(child.tag) == "components":
            document["components"] = [
                _xml_component(c) for c in child if _local(c.tag) == "component"
            ]
    return document


def _xml_component(element: Any) -> dict[str, Any]:
    """``<component type=..><name/><version/><purl/><cpe/><components/></component>`` as a dict."""
    result: dict[str, Any] = {"type": element.get("type", "")}
    stack = [(element, result)]
    while stack:
        node, target = stack.pop()
        for child in node:
            tag = _local(child.tag)
            if tag in ("name", "version", "purl", "cpe", "group"):
                target[tag] = (child.text or "").strip()
            elif tag == "components":
                nested = [
                    {"type": c.get("type", "")} for c in child if _local(c.tag) == "component"
                ]
                target["components"] = nested
                stack.extend(
                    zip((c for c in child if _local(c.tag) == "component"), nested, strict=True)
                )
    return result


def _local(tag: Any) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
