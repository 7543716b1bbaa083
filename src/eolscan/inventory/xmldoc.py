"""Parsing XML inventories: the one place XML is parsed, without a DTD or entities.

A ``<!DOCTYPE`` or ``<!ENTITY`` is refused before parsing, so entity expansion
("billion laughs") and external entities cannot happen; inventories need neither.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from eolscan.inventory.interface import InventoryError, Source


def parse_xml(source: Source, what: str) -> ET.Element:
    """The root element of ``source``; bad or DTD-carrying XML is an error naming the line.

    ``what`` names the format in the message (``GLPI inventory``)."""
    body = source.text.lstrip("\ufeff")
    if "<!DOCTYPE" in body or "<!ENTITY" in body:
        raise InventoryError(
            f"{source.name}: XML with a DTD or entities is refused ({what} needs neither)"
        )
    if body.startswith("<?xml"):
        body = body[body.find("?>") + 2 :]  # the text is decoded already; drop its encoding
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise InventoryError(f"{source.name}:{line}: not valid XML: {exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise InventoryError(f"{source.name}: not valid XML: {exc}") from exc


def child_text(element: ET.Element, tag: str) -> str:
    """The stripped text of ``element``'s first ``tag`` child ("" when there is none)."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
