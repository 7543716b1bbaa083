"""Reading JSON inventories safely: errors with line and column; bounded text fields."""

from __future__ import annotations

from typing import Any

from eolscan.inventory.interface import InventoryError, Source
from eolscan.inventory.text import MAX_FIELD_CHARS

MAX_JSON_CHARS = 32 * 1024 * 1024
"""Largest JSON inventory parsed whole (32 MiB): Python objects take 20-30 times the text,
so a larger SBOM would need gigabytes. YAML has its own, smaller, limit."""


class FieldError(ValueError):
    """A field that is not usable text; the reader steps over its row."""


def load_json(source: Source, text: str | None = None) -> Any:
    """Parse ``text`` (default: the source); bad JSON is an error naming the line."""
    from eolscan.jsontext import loads

    body = source.text if text is None else text
    if len(body) > MAX_JSON_CHARS:
        raise InventoryError(
            f"{source.name}: JSON document is larger than the {MAX_JSON_CHARS >> 20} MiB limit "
            "(an SBOM with file lists? export packages only)"
        )
    return loads(body.lstrip("\ufeff"), source.name, InventoryError)


def text(record: dict[str, Any], key: str) -> str:
    """``record[key]`` as stripped text ("" if absent); FieldError if no scalar or too long."""
    value = record.get(key)
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, (dict, list)):
        raise FieldError(
            f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}"
        )
    result = str(value).strip()
    if len(result) > MAX_FIELD_CHARS:
        raise FieldError(f"'{key}' is longer than the {MAX_FIELD_CHARS // 1024} KiB limit")
    return result


def first_text(record: dict[str, Any], *keys: str) -> str:
    """The first non-empty text among ``keys``."""
    for key in keys:
        value = text(record, key)
        if value:
            return value
    return ""
