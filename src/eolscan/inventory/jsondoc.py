"""Reading JSON inventories safely: errors with line and column; bounded text fields."""

from __future__ import annotations

from typing import Any

from eolscan.inventory.interface import InventoryError, Source
from eolscan.inventory.text import MAX_FIELD_CHARS
from eolscan.support.jsontext import loads, lone_surrogate_line

MAX_JSON_CHARS = 32 * 1024 * 1024
"""Largest JSON inventory parsed whole (32 MiB): Python objects take 20-30 times the text,
so a larger SBOM would need gigabytes. YAML has its own, smaller, limit."""


def top_keys(source: Source) -> frozenset[str]:
    """The keys of the input's top-level JSON object wherever they sit; empty when none."""
    found = source.json_object()
    return frozenset(found) if found is not None else frozenset()


class FieldError(ValueError):
    """A field that is not usable text; the reader steps over its row."""


def load_json(
    source: Source,
    text: str | None = None,
    advice: str = "an SBOM with file lists? export packages only",
) -> Any:
    """Parse ``text`` (default: the source, parsed once by detection when it did); bad JSON
    is an error naming the line. ``advice`` says how to make a document too large smaller."""
    body = source.text if text is None else text
    if len(body) > MAX_JSON_CHARS:
        raise InventoryError(
            f"{source.name}: JSON document is larger than the {MAX_JSON_CHARS >> 20} MiB limit "
            f"({advice})"
        )
    if text is None and source.json_document() is not None:
        line = lone_surrogate_line(body)  # detection parsed it with the plain decoder
        if line is not None:
            raise InventoryError(
                f"{source.name}:{line}: not valid JSON: a lone surrogate escape (\\uD800-\\uDFFF)"
            )
        return source.json_document()
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
