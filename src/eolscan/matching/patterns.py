"""Refuse user patterns whose matching time can explode: a repetition inside a repetition.

``(a+)+``, ``(\\w*)*`` or ``(?:x+y?)+`` backtrack exponentially on a near-miss such as a long
run of ``a`` followed by ``b``, and Python's ``re`` has no time limit. Overlay rules are written
by users (or copied from somewhere), so each pattern is parsed and refused when a repetition
holds another one with nothing fixed between them; ``\\d+(?:\\.\\d+)*`` stays allowed, since the
literal ``.`` tells each round of the outer repetition where it starts. Names are also cut to
512 characters before any pattern sees them.
"""

from __future__ import annotations

import re
from re import _constants as constants  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

MAX_PATTERN_CHARS = 1000
"""Longest overlay pattern accepted."""
_REPEATS = {constants.MAX_REPEAT, constants.MIN_REPEAT}
_WHY = "a repetition inside a repetition, like (a+)+, can take exponential time"


def catastrophic(pattern: str) -> str | None:
    """Why ``pattern`` could take exponential time, or None when it cannot."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"longer than {MAX_PATTERN_CHARS} characters"
    for items in _sequences(parser.parse(pattern)):
        for op, value in items:
            if op in _REPEATS and value[1] > 1:
                body = value[2]
                if _has_repeat(body) and not _fixed_literal(body):
                    return _WHY
    return None


def _sequences(tree: Any) -> list[Any]:
    """Every sequence of items in the parsed pattern, nested ones included."""
    found, stack = [], [tree]
    while stack:
        items = stack.pop()
        found.append(items)
        for op, value in items:
            if op in _REPEATS:
                stack.append(value[2])
            elif op == constants.SUBPATTERN:
                stack.append(value[-1])
            elif op == constants.BRANCH:
                stack.extend(value[1])
            elif op in (constants.ASSERT, constants.ASSERT_NOT):
                stack.append(value[1])
            elif op == constants.GROUPREF_EXISTS:
                stack.extend(part for part in value[1:] if part is not None)
    return found


def _has_repeat(items: Any) -> bool:
    return any(op in _REPEATS and value[1] > 1 for seq in _sequences(items) for op, value in seq)


def _fixed_literal(items: Any) -> bool:
    """True when every match of ``items`` holds a given character exactly once (a literal
    neither optional nor repeated): it marks where each round of a repetition starts."""
    for op, value in items:
        if op == constants.LITERAL:
            return True
        if op == constants.SUBPATTERN and _fixed_literal(value[-1]):
            return True
        if op in _REPEATS and value[0] == value[1] == 1 and _fixed_literal(value[2]):
            return True
    return False


def check_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled; ``re.error`` (with the reason) when it is bad or catastrophic."""
    compiled = re.compile(pattern)
    reason = catastrophic(pattern)
    if reason:
        raise re.error(reason)
    return compiled
