"""Wazuh API responses: ``GET /syscollector/{agent}/os``, ``/syscollector/{agent}/packages``
and ``GET /agents`` (each agent with its OS), all ``{"data": {"affected_items": [...]}}``.

One host per agent: named by its hostname or agent name where the response gives one,
else ``agent <id>`` (a packages response names only the agent id). Packages in deb or rpm
format are distribution builds (tag ``package:deb``/``package:rpm``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eolscan.inventory.classify import NOT_AN_INVENTORY
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json, text
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind

PACKAGE_FORMATS = {"deb": "deb", "rpm": "rpm", "apk": "apk"}
_ITEM_KEYS = ('"agent_id"', '"os"', '"format"', '"lastKeepAlive"')


class WazuhReader(InventoryReader):
    """Wazuh syscollector and agents API responses (``data.affected_items``)."""

    name = "wazuh"
    description = "Wazuh API: /syscollector/{agent}/os, /syscollector/{agent}/packages, /agents"

    def detect(self, source: Source) -> bool:
        head = source.head()[:8192]
        return (
            head.lstrip().startswith("{")
            and '"affected_items"' in head
            and any(key in head for key in _ITEM_KEYS)
        )

    def rows(self, source: Source) -> Iterator[AssetRow]:
        document = load_json(source)
        data = document.get("data") if isinstance(document, dict) else None
        items = data.get("affected_items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise InventoryError(
                f'{source.name}:1: expected {{"data": {{"affected_items": [...]}}}} '
                "(a Wazuh API response)"
            )
        names = _host_names(items)
        count = 0
        for index, item in enumerate(items):
            pointer = f"data.affected_items[{index}]"
            where = f"{source.name}:{pointer}"
            if not isinstance(item, dict):
                source.skip(where, "expected an object")
                continue
            try:
                asset = _item_row(source, item, names, pointer)
            except FieldError as exc:
                source.skip(where, str(exc))
                continue
            if asset is not None:
                count += 1
                yield asset
        if not count and not items:
            raise InventoryError(f"{source.name}:1: no affected_items (the response is empty)")
        if not count:
            raise InventoryError(f"{source.name}:1: {NOT_AN_INVENTORY}")


def _agent(item: dict[str, Any]) -> str:
    """The agent an item belongs to: ``agent_id`` (syscollector) or ``id`` (``/agents``)."""
    return first_text(item, "agent_id") or (first_text(item, "id") if "os" in item else "")


def _host_names(items: list[Any]) -> dict[str, str]:
    """Agent id -> host name, from the items that name their host."""
    names: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict):
            try:
                agent = _agent(item)
                name = first_text(item, "hostname") or (
                    first_text(item, "name") if "os" in item else ""
                )
            except FieldError:
                continue
            if agent and name:
                names.setdefault(agent, name)
    return names


def _item_row(
    source: Source, item: dict[str, Any], names: dict[str, str], pointer: str
) -> AssetRow | None:
    """The row of the affected item at ``pointer`` (``data.affected_items[3]``), or None."""
    where = f"{source.name}:{pointer}"
    agent = _agent(item)
    host = names.get(agent) or (f"agent {agent}" if agent else "")
    system = item.get("os")
    if isinstance(system, dict):
        name = text(system, "name")
        if not name:
            source.skip(where, "the agent's os has no name")
            return None
        version = text(system, "version")
        if not version[:1].isdigit():
            major, minor = text(system, "major"), text(system, "minor")
            version = f"{major}.{minor}" if major and minor else major or version
        return make_row(
            source.client,
            host or "unknown",
            Kind.OS,
            name,
            version,
            file=source.name,
            pointer=pointer,
        )
    name, version = text(item, "name"), text(item, "version")
    if not name:
        return None  # not a package (hardware, ports, processes): nothing to judge
    origin = PACKAGE_FORMATS.get(text(item, "format").lower())
    tags = (f"package:{origin}",) if origin else ()
    return make_row(
        source.client,
        host or "unknown",
        Kind.SOFTWARE,
        name,
        version,
        file=source.name,
        pointer=pointer,
        tags=tags,
    )
