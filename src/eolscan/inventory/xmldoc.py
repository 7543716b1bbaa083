"""Parsing XML inventories: the one place XML is parsed, through defusedxml, depth-limited.

defusedxml refuses DTDs, entity declarations and external references inside the parser
itself (a substring check for ``<!DOCTYPE`` misses what a parser sees), so entity expansion
("billion laughs") and external entities cannot happen; inventories need neither. The
builder stops at ``MAX_XML_DEPTH`` nested elements while parsing, before a deep document
costs memory. Every XML reader (CycloneDX, GLPI, ...) calls :func:`parse_xml`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from eolscan.inventory.interface import InventoryError, Source

MAX_XML_DEPTH = 64
"""Deepest element nesting read; real CycloneDX BOMs and agent exports stay under 20."""


class _TooDeep(Exception):
    """Raised from inside the parser when the nesting passes the limit."""


class _DepthLimitedBuilder(ET.TreeBuilder):
    """A TreeBuilder that counts open elements and stops past ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.depth = 0
        self.limit = limit

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        if self.depth > self.limit:
            raise _TooDeep
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def parse_xml(
    source: Source, what: str, max_depth: int = MAX_XML_DEPTH, *, doctype: bool = False
) -> ET.Element:
    """The root element of ``source``; bad, too deep or DTD-carrying XML is an error naming
    the line. ``what`` names the format in the message (``a GLPI inventory``). ``doctype``
    lets a document type declaration through (every Apple plist names one); entities and
    external references stay refused, and the external DTD is never fetched."""
    body = source.text.lstrip("\ufeff")
    if body.startswith("<?xml"):  # the text is decoded already; drop its encoding, keep lines
        end = body.find("?>") + 2
        body = " " * end + body[end:]
    parser = DefusedXMLParser(target=_DepthLimitedBuilder(max_depth), forbid_dtd=not doctype)
    try:
        parser.feed(body)
        root: ET.Element = parser.close()
    except DefusedXmlException as exc:
        raise InventoryError(
            f"{source.name}: XML with a DTD or entities is refused ({what} needs neither)"
        ) from exc
    except _TooDeep as exc:
        line = parser.parser.CurrentLineNumber
        raise InventoryError(
            f"{source.name}:{line}: XML nested deeper than {max_depth} elements (the limit)"
        ) from exc
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise InventoryError(f"{source.name}:{line}: not valid XML: {exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise InventoryError(f"{source.name}: not valid XML: {exc}") from exc
    return root


def child_text(element: ET.Element, tag: str) -> str:
    """The stripped text of ``element``'s first ``tag`` child ("" when there is none)."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
