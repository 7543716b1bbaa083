"""Parse JSON from users and servers into values every output can write, or one clear line.

``json.loads`` accepts ``"\\ud800"``: a lone surrogate that no UTF-8 output can encode, so a
report would fail half-written. It raises ``ValueError`` for a number of more than 4,300
digits (Python's integer-string limit) and ``RecursionError`` for deep nesting. Every JSON
reader goes through :func:`loads`, which turns each of these into the caller's error naming
the file and line, before any value reaches a report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from eolscan.support.lazy_regex import LazyRegex

_SURROGATE = LazyRegex(r"(?<!\\)(?:\\\\)*\\u([dD][89a-fA-F][0-9a-fA-F]{2})")
"""A ``\\uD800``-``\\uDFFF`` escape (after an even run of backslashes: not itself escaped)."""


def lone_surrogate_line(text: str) -> int | None:
    """The line of the first ``\\uDxxx`` escape that is not half of a surrogate pair."""
    if "\\u" not in text:
        return None
    pending: re.Match[str] | None = None
    for found in _SURROGATE.finditer(text):
        high = found.group(1)[1].lower() in "89ab"
        if pending is not None:
            if not high and found.start() == pending.end():
                pending = None
                continue
            return text.count("\n", 0, pending.start()) + 1
        if not high:
            return text.count("\n", 0, found.start()) + 1
        pending = found
    return text.count("\n", 0, pending.start()) + 1 if pending is not None else None


def has_lone_surrogate(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds a ``\\uDxxx`` escape that is not half of a pair; most
    text has no backslash, which ``in`` finds by ``memchr`` before the slower search."""
    if b"\\" not in data or b"\\u" not in data:
        return False
    return lone_surrogate_line(data.decode("utf-8", "replace")) is not None


def loads(
    text: str,
    name: str,
    error: Callable[[str], Exception],
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
) -> Any:
    """``text`` parsed; ``error("name:line: ...")`` for anything an output could not carry."""
    try:
        document = json.loads(text, object_hook=object_hook)
    except json.JSONDecodeError as exc:
        raise error(f"{name}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise error(f"{name}: JSON nested too deeply") from exc
    except ValueError as exc:  # a number past the 4,300-digit limit
        raise error(f"{name}:{number_line(text)}: not valid JSON: a number is too long") from exc
    line = lone_surrogate_line(text)
    if line is not None:
        raise error(f"{name}:{line}: not valid JSON: a lone surrogate escape (\\uD800-\\uDFFF)")
    return document


_LONG_NUMBER = LazyRegex(r"\d{4301}")


def has_long_number(text: str) -> bool:
    """True when ``text`` holds a run of digits Python will not turn into an integer."""
    return _LONG_NUMBER.search(text) is not None


def number_line(text: str) -> int:
    """The line of the first run of more than 4,300 digits (1 when there is none)."""
    found = _LONG_NUMBER.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1
