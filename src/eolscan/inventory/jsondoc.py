"""Reading JSON inventories safely: errors with line and column; bounded text fields."""

from __future__ import annotations

import json
from typing import Any

from eolscan.inventory.interface import InventoryError, Source
from eolscan.inventory.text import MAX_FIELD_CHARS


def top_keys(source: Source) -> frozenset[str]:
    """The keys of the input's top-level JSON object wherever they sit; empty when none."""
    found = source.json_object()
    return frozenset(found) if found is not None else frozenset()


class FieldError(ValueError):
    """A field that is not usable text; the reader steps over its row."""


def load_json(source: Source, text: str | None = None) -> Any:
    """Parse ``text`` (default: the source, parsed once by detection when it did); bad JSON
    is an error naming the line."""
    if text is None and source.json_document() is not None:
        return source.json_document()
    body = source.text if text is None else text
    try:
        return json.loads(body.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InventoryError(
            f"{source.name}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise InventoryError(f"{source.name}: JSON nested too deeply") from exc
    except ValueError as exc:
        raise InventoryError(f"{source.name}: not valid JSON: {exc}") from exc


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
