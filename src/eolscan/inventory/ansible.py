"""Ansible facts: ``ansible all -m setup`` output, ``--tree`` files and the JSON fact cache.

``ansible_distribution`` and ``ansible_distribution_version`` give the OS (Windows
hosts say "Microsoft Windows Server 2019 Datacenter" / "10.0.17763.0"); the
inventory name names the host: the one before ``| SUCCESS =>``, or the name of a fact-cache or
``--tree`` file (never ``ansible_hostname``, a short name that collides across domains).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.jsondoc import FieldError, first_text, load_json, top_keys
from eolscan.inventory.rows import make_row
from eolscan.model import SKIPPED_HOST, AssetRow, Kind, Location
from eolscan.support.visible import quoted

_HEADER = re.compile(r"^(\S+) \| (SUCCESS|CHANGED|FAILED!?|UNREACHABLE!?|SKIPPED)\b.*?=>\s*(.*)$")
_FACT_MARKERS = (
    '"ansible_facts"',
    '"ansible_distribution"',
    '"ansible_hostname"',
    '"ansible_os_family"',
)
MAX_BLOCK_CHARS = 64 * 1024 * 1024


_NO_VERSION = frozenset(["", "n/a", "na", "none", "unknown"])


def fact(facts: dict[str, Any], key: str) -> str:
    """A fact by its name with or without the ``ansible_`` prefix (fact caches keep either)."""
    return first_text(facts, f"ansible_{key}", key)


class AnsibleReader(InventoryReader):
    """Ansible ``setup`` facts per host."""

    name = "ansible"
    description = "Ansible facts (ansible -m setup output, --tree files, JSON fact cache)"

    def detect(self, source: Source) -> bool:
        head = source.head()
        if _adhoc_output(head):
            return True
        if not head.lstrip().startswith("{"):
            return False
        keys = top_keys(source)
        return _is_facts(dict.fromkeys(keys)) or any(marker in head for marker in _FACT_MARKERS)

    def rows(self, source: Source) -> Iterator[AssetRow]:
        if _adhoc_output(source.head()):
            yield from self._adhoc(source)
            return
        document = load_json(source)
        if not isinstance(document, dict):
            raise InventoryError(f"{source.name}:1: expected a JSON object of Ansible facts")
        if _is_facts(document):
            yield from self._host(
                source, document, _inventory_name(source), Location(source.name, 1)
            )
            return
        for host, value in document.items():
            if isinstance(value, dict) and _is_facts(value):
                at = Location(source.name, None, str(host))
                yield from self._host(source, value, str(host), at)
            else:
                source.skip(f"{source.name}:{host}", "expected the Ansible facts of this host")

    def _adhoc(self, source: Source) -> Iterator[AssetRow]:
        """``host | SUCCESS => {json}`` blocks, one per host; ``[WARNING]`` lines are ignored."""
        block: list[str] = []
        size = 0
        header: tuple[str, str, int] | None = None
        for number, line in enumerate(source.lines(), start=1):
            found = _HEADER.match(line.strip())
            if found:
                if header is not None:
                    yield from self._block(source, header, block)
                header, block, size = (found.group(1), found.group(2), number), [found.group(3)], 0
            elif header is not None:
                block.append(line)
                size += len(line)
                if size > MAX_BLOCK_CHARS:
                    raise InventoryError(
                        f"{source.name}:{header[2]}: one host's facts exceed 64 MiB"
                    )
            elif line.strip() and not line.lstrip().startswith("["):
                source.skip(f"{source.name}:{number}", "expected 'HOST | SUCCESS => {...}'")
        if header is not None:
            yield from self._block(source, header, block)

    def _block(
        self, source: Source, header: tuple[str, str, int], block: list[str]
    ) -> Iterator[AssetRow]:
        host, status, line = header
        where = f"{source.name}:{line}"
        try:
            result = load_json(source, "\n".join(block))
        except InventoryError:
            source.skip(where, f"host {quoted(host)}: the facts after '=>' are not valid JSON")
            return
        if not status.startswith(("SUCCESS", "CHANGED")) or not isinstance(result, dict):
            message = result.get("msg", "") if isinstance(result, dict) else ""
            source.skip(
                where,
                f"host {quoted(host)} is {status.rstrip('!')}: {str(message)[:200]}".rstrip(": "),
                SKIPPED_HOST,
            )
            return
        yield from self._host(source, result, host, Location(source.name, line))

    @staticmethod
    def _host(
        source: Source, document: dict[str, Any], host: str, at: Location
    ) -> Iterator[AssetRow]:
        """The OS row of one host's facts, read at ``at`` (a line, or the host's key)."""
        where = at.text
        facts = document.get("ansible_facts", document)
        if not isinstance(facts, dict):
            source.skip(where, "'ansible_facts' must be a mapping")
            return
        try:
            name = fact(facts, "distribution") or fact(facts, "os_family") or fact(facts, "system")
            # Debian testing/sid says "n/a" and names its release only by codename (trixie)
            versions = (
                "distribution_version",
                "distribution_major_version",
                "distribution_release",
            )
            version = next(
                (v for v in (fact(facts, k) for k in versions) if v.lower() not in _NO_VERSION), ""
            )
            host = host or fact(facts, "hostname") or fact(facts, "nodename") or _stem(source)
        except FieldError as exc:
            source.skip(where, str(exc))
            return
        if not name:
            source.skip(
                where, f"host {quoted(host)} has no ansible_distribution fact", SKIPPED_HOST
            )
            return
        file, line, pointer = at.file, at.line or 0, at.pointer
        yield make_row(
            source.client, host, Kind.OS, name, version, file=file, line=line, pointer=pointer
        )


def _adhoc_output(head: str) -> bool:
    """True when the first lines (after ``[WARNING]`` lines) hold a ``HOST | STATUS =>`` line."""
    lines = [ln.strip() for ln in head.splitlines()[:40] if ln.strip()]
    for line in lines:
        if _HEADER.match(line):
            return True
        if not line.startswith("["):
            return False
    return False


def _is_facts(document: dict[str, Any]) -> bool:
    return "ansible_facts" in document or any(str(k).startswith("ansible_") for k in document)


def _stem(source: Source) -> str:
    return "stdin" if source.name == "<stdin>" else Path(source.name).stem


def _inventory_name(source: Source) -> str:
    """The host a fact-cache or ``--tree`` file stands for: its whole file name, as Ansible
    writes it (``web01.example.com``, ``10.0.0.5``): the inventory name. ``ansible_hostname``
    is the short name the machine calls itself, which collides across domains. A file saved
    under another name (``facts.json``) or standard input has none: "" (the facts' then)."""
    name = Path(source.name).name
    if source.name == "<stdin>" or Path(name).suffix.lower() in (".json", ".txt", ".yaml", ".yml"):
        return ""
    return name
