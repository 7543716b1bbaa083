"""The one way eolscan parses XML inventories: defusedxml, a depth limit, errors with lines.

defusedxml refuses DTDs, entity declarations and external references inside the parser
itself (a substring check for ``<!DOCTYPE`` misses what a parser sees); the builder below
stops at ``MAX_XML_DEPTH`` nested elements while parsing, before a deep document costs
memory. Every XML reader (CycloneDX, and agent exports such as GLPI) calls
:func:`parse_xml`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from eolscan.inventory.interface import InventoryError

MAX_XML_DEPTH = 64
"""Deepest element nesting read; CycloneDX BOMs of real images stay under 20."""


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


def parse_xml(text: str, name: str, max_depth: int = MAX_XML_DEPTH) -> ET.Element:
    """The root element of ``text``; an InventoryError naming ``name`` and the line otherwise."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    if text.startswith("<?xml"):  # a str has no encoding left to declare
        text = " " * len(text[: text.find("?>") + 2]) + text[text.find("?>") + 2 :]
    parser = DefusedXMLParser(target=_DepthLimitedBuilder(max_depth), forbid_dtd=True)
    try:
        parser.feed(text)
        root: ET.Element = parser.close()
    except DefusedXmlException as exc:
        raise InventoryError(
            f"{name}: XML with a DTD or entities is refused (inventories need neither)"
        ) from exc
    except _TooDeep as exc:
        line = parser.parser.CurrentLineNumber
        raise InventoryError(
            f"{name}:{line}: XML nested deeper than {max_depth} elements (the limit)"
        ) from exc
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise InventoryError(f"{name}:{line}: not valid XML: {exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise InventoryError(f"{name}: not valid XML: {exc}") from exc
    return root
