"""Curated recognition rules (``data/rules.yaml``) compiled into fast lookups.

Rules are data: a product id, a regular expression on the normalised name, an
optional asset kind and version scheme, and optional templates that build the
cycle or version from the pattern's named groups. Rules are tried in file order,
but only those filed under the name's leading letters (``php7.4`` -> ``php``), so
thousands of strings cost a handful of regex searches each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eolscan.errors import DatabaseError
from eolscan.lifecycles.cache import load_cached

_OPTIONAL_WORD = re.compile(r"^\^\(\?:([a-z]+) \)\?([a-z]+)")
_LEADING_WORD = re.compile(r"^\^(?:\\b)?([a-z]+)")
_FIRST_LETTERS = re.compile(r"[a-z0-9]+")  # "7-zip" is filed under "7"


_SPECIAL = frozenset(".^$*+?{}[]|()\\")
_QUANTIFIERS = frozenset("?*+{")


def literal_prefixes(pattern: str) -> tuple[str, ...]:
    """Texts one of which every match of ``pattern`` starts with (``""``: any text): each
    top-level alternative's literal prefix, and both ways of a leading optional literal
    group, so ``^(?:microsoft )?windows`` gives "microsoft windows" and "windows"."""
    bars = _top_level_bars(pattern)
    starts = [0, *(at + 1 for at in bars)]
    ends = [*bars, len(pattern)]
    found: list[str] = []
    for start, end in zip(starts, ends, strict=True):
        found.extend(_alternative_prefixes(pattern[start:end]))
    return tuple(dict.fromkeys(found))


def _alternative_prefixes(pattern: str) -> list[str]:
    if not pattern.startswith("^"):
        return [""]
    if pattern.startswith("^(?:"):
        close = pattern.find(")?", 4)
        optional = pattern[4:close]
        if close > 4 and _SPECIAL.isdisjoint(optional):
            rest = _literal_run(pattern, close + 2)[0]
            return [optional + rest, rest]
    return [_literal_run(pattern, 1)[0]]


def _literal_run(pattern: str, index: int) -> tuple[str, int]:
    """The literal characters of ``pattern`` from ``index`` up to its first other syntax
    (a character that a quantifier follows is optional, so it ends the run too)."""
    prefix: list[str] = []
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and not pattern[index + 1].isalnum():
            char, step = pattern[index + 1], 2
        elif char in _SPECIAL:
            break
        else:
            step = 1
        if pattern[index + step : index + step + 1] in _QUANTIFIERS:
            break  # "windows?": the "s" is optional
        prefix.append(char)
        index += step
    return "".join(prefix), index


def _top_level_bars(pattern: str) -> list[int]:
    """Where ``|`` splits the whole pattern (outside groups and character sets)."""
    if "|" not in pattern:
        return []
    bars = []
    depth = 0
    in_set = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            if pattern[index + 1 : index + 2] == "]":
                index += 1  # "[]...]": a leading "]" is a member
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            bars.append(index)
        index += 1
    return bars


class LazyPattern:
    """A rule's regular expression, compiled the first time a name could match it.

    A small client meets a few of the hundred-odd curated rules; compiling them all cost
    more than its whole scan. A name that does not start with the pattern's literal prefix
    cannot match an anchored pattern, so it is refused without compiling. A pattern that
    does not compile raises the same ``DatabaseError`` it would have raised at load time.
    """

    __slots__ = ("_compiled", "_prefixes", "_where", "pattern")

    def __init__(self, pattern: str, where: str) -> None:
        self.pattern = pattern
        self._where = where
        self._prefixes: tuple[str, ...] | None = None
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled expression (compiled once)."""
        if self._compiled is None:
            self._compiled = _compile(self.pattern, self._where)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        """``re.Pattern.search``, compiling on first use."""
        if self._prefixes is None:
            self._prefixes = literal_prefixes(self.pattern)
        if not text.startswith(self._prefixes):
            return None
        return self.compiled().search(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DatabaseError(f"{where}: bad pattern: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Rule:
    """One curated pattern: which product a matching name is, and how to read its version."""

    id: str
    product: str
    pattern: re.Pattern[str] | LazyPattern
    kind: str | None = None
    scheme: str | None = None
    cycle: str | None = None
    version: str | None = None
    fallback: str | None = None
    note: str | None = None
    """A caveat the verdict's reason carries (Oracle Java 8: updates need a subscription)."""
    track: str | None = None
    """The servicing track the name shows, where its version cannot (``-ltsc``: Office
    Professional Plus is volume licensed, so its upgrade is the next LTSC, not retail)."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A name that looks like a product but must not be judged as one, and why."""

    pattern: re.Pattern[str] | LazyPattern
    reason: str


@dataclass(slots=True)
class RuleSet:
    """Compiled rules plus the curated names, identifiers and per-product schemes."""

    by_word: dict[str, list[Rule]]
    unanchored: list[Rule]
    names: dict[str, str]
    identifiers: dict[str, str]
    product_schemes: dict[str, str]
    not_products: list[Refusal]
    generic_names: frozenset[str] = frozenset()

    def candidates(self, normalised: str) -> list[Rule]:
        """Rules that could match this name: those filed under a prefix of its leading letters.

        A rule is filed under the literal letters its pattern starts with, so ``^kube(?:let|adm)``
        sits under "kube" and is found for "kubelet"; rules without literal letters come last.
        """
        found = _FIRST_LETTERS.match(normalised)
        letters = found.group(0) if found else ""
        rules: list[Rule] = []
        for end in range(len(letters), 0, -1):
            rules.extend(self.by_word.get(letters[:end], ()))
        return rules + self.unanchored if self.unanchored else rules


def leading_words(pattern: str) -> list[str] | None:
    """The buckets a pattern belongs to (its literal leading letters), or None when it has none."""
    optional = _OPTIONAL_WORD.match(pattern)
    if optional is not None:
        return [optional.group(1), optional.group(2)]
    match = _LEADING_WORD.match(pattern)
    if match is None:
        return None
    if pattern[match.end() : match.end() + 1] in ("?", "*", "{", "|"):
        return None
    return [match.group(1)]


def _compile_rule(raw: Any, index: int, source: str, lazy: bool) -> Rule:
    if not isinstance(raw, dict) or "product" not in raw or "pattern" not in raw:
        raise DatabaseError(f"{source}: rule {index} needs 'product' and 'pattern'")
    where = f"{source}: rule {index} ({raw['product']})"
    text = str(raw["pattern"])
    pattern = LazyPattern(text, where) if lazy else _compile(text, where)
    optional = {
        key: (None if raw.get(key) is None else str(raw[key]))
        for key in ("kind", "scheme", "cycle", "version", "fallback", "note", "track")
    }
    return Rule(
        id=str(raw.get("id") or f"{raw['product']}#{index}"),
        product=str(raw["product"]),
        pattern=pattern,
        **optional,
    )


def _refusals(document: dict[str, Any], source: str, lazy: bool) -> list[Refusal]:
    refusals = []
    for index, raw in enumerate(document.get("not_products") or [], start=1):
        text, reason = (
            (raw.get("pattern"), raw.get("reason")) if isinstance(raw, dict) else (raw, None)
        )
        where = f"{source}: not_products entry {index}"
        pattern = LazyPattern(str(text), where) if lazy else _compile(str(text), where)
        refusals.append(
            Refusal(pattern, str(reason or "a component, not a product with its own lifecycle"))
        )
    return refusals


def compile_rules(document: Any, source: str, lazy: bool = False) -> RuleSet:
    """Validate and compile the rules document; errors name the rule.

    ``lazy``: compile each rule's pattern on first use (the bundled rules, which the test
    suite compiles whole); a user's overlay rules are compiled, and refused, at once.
    """
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise DatabaseError(f"{source}: expected a mapping with a 'rules' list")
    by_word: dict[str, list[Rule]] = {}
    unanchored: list[Rule] = []
    for index, raw in enumerate(document["rules"], start=1):
        rule = _compile_rule(raw, index, source, lazy)
        words = (
            [str(w) for w in raw["words"]]
            if isinstance(raw.get("words"), list)
            else leading_words(rule.pattern.pattern)
        )
        if words is None:
            unanchored.append(rule)
        for word in words or ():
            by_word.setdefault(word, []).append(rule)
    names = {str(k).lower(): str(v) for k, v in (document.get("names") or {}).items()}
    identifiers = {str(k).lower(): str(v) for k, v in (document.get("identifiers") or {}).items()}
    schemes = {str(k): str(v) for k, v in (document.get("schemes") or {}).items()}
    generic = frozenset(str(n).lower() for n in document.get("generic_names") or [])
    return RuleSet(
        by_word, unanchored, names, identifiers, schemes, _refusals(document, source, lazy), generic
    )


def load_rules(path: Path) -> RuleSet:
    """Load curated rules through the compact cache; patterns compile on first use."""
    try:
        document = load_cached(path)
    except (OSError, ValueError) as exc:
        raise DatabaseError(f"{path}: cannot load recognition rules: {exc}") from exc
    try:
        return compile_rules(document, str(path), lazy=True)
    except (AttributeError, TypeError, ValueError, re.error) as exc:
        raise DatabaseError(f"{path}: malformed recognition rules: {exc}") from exc
