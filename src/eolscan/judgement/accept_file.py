"""The accepted-risk file (``eolscan-accept.yaml``): found beside or above the inventories,
read within a size limit, and checked entry by entry with the line of every problem.

It holds a top-level ``accept:`` list (see ``accept.py`` for what an entry means) and an
``ignore:`` list (``ignore.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from eolscan.judgement.accept import AcceptEntry, AcceptError
from eolscan.judgement.ignore import (
    IGNORE_KEYS,
    IgnoreEntry,
    read_ignore_entry,
)
from eolscan.lifecycles.cache import compose_cached
from eolscan.support.bounded import read_text_limited
from eolscan.support.discovery import refusal, search_dirs
from eolscan.support.safeyaml import YamlLimitError

ACCEPT_FILE = "eolscan-accept.yaml"
"""The name searched beside and above the inventories when ``--accept`` is not given."""

MAX_ACCEPT_BYTES = 1024 * 1024
"""Largest accepted-risk file read (1 MiB, over 10,000 entries): each entry is a reviewed
decision, and YAML costs about a second per megabyte to read with line numbers."""
TOP_KEYS = frozenset({"accept", "ignore"})
ENTRY_KEYS = ("client", "host", "product", "cycle", "reason", "owner", "until")
REQUIRED_TEXT = {
    "product": "an endoflife.date product id such as windows-server",
    "reason": "why it is accepted",
}


def parse_accept_text(text: str, name: str) -> tuple[list[AcceptEntry], list[str]]:
    """Every valid entry and every problem (``file:line: message``) in one accepted-risk file."""
    entries, _ignores, problems = parse_rules_text(text, name)
    return entries, problems


def parse_rules_text(
    text: str, name: str
) -> tuple[list[AcceptEntry], list[IgnoreEntry], list[str]]:
    """The ``accept:`` and ``ignore:`` entries of one file, and every problem in it."""
    try:
        document, lines, scalars = compose_cached(name, text)
    except YamlLimitError as exc:
        return [], [], [f"{name}:{exc.line or 1}: {exc}"]
    except ValueError as exc:  # PyYAML builds 2027-31-03 as a date and fails outside its own errors
        try:  # read as text, it is one entry's problem: the others are still checked
            document, lines, scalars = compose_cached(name, _quote_bad_dates(text))
        except ValueError:
            return [], [], [f"{name}:{bad_date_line(text)}: not a valid date ({exc})"]
    if document is None:
        return [], [], []
    if not isinstance(document, dict):
        kind = type(document).__name__
        return [], [], [f"{name}:1: expected a mapping with an 'accept' list, not a {kind}"]
    problems = [
        f"{name}:{_top_key_line(text, str(key))}: unknown key {key!r} (expected accept, ignore)"
        for key in document
        if key not in TOP_KEYS
    ]
    entries: list[AcceptEntry] = []
    ignores: list[IgnoreEntry] = []
    for section in ("accept", "ignore"):
        items = document.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            where = f"{name}:{lines.get((section,), 1)}"
            problems.append(f"{where}: '{section}' must be a list of entries")
            continue
        reader = _EntryReader(name, lines, scalars, problems, section)
        for index, item in enumerate(items):
            if section == "accept" and (entry := reader.entry(index, item)):
                entries.append(entry)
            elif section == "ignore" and (rule := reader.ignore(index, item)):
                ignores.append(rule)
    return entries, ignores, sorted(problems, key=lambda problem: _line_of(problem, name))


def _top_key_line(text: str, key: str) -> int:
    """The line where a top-level ``key:`` is written (the parser only knows where values start)."""
    found = re.search(rf"^[\"']?{re.escape(key)}[\"']?\s*:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _line_of(problem: str, name: str) -> int:
    """The line number in ``name:LINE: message``, to list problems in file order."""
    head = problem[len(name) + 1 :].split(":", 1)[0]
    return int(head) if head.isdigit() else 0


@dataclass(slots=True)
class _EntryReader:
    """Reads ``accept:`` entries, appending ``file:line: message`` for every problem found."""

    name: str
    lines: dict[tuple[Any, ...], int]
    scalars: dict[tuple[Any, ...], str]
    problems: list[str]
    section: str = "accept"

    def where(self, *path: Any) -> str:
        return f"{self.name}:{self.lines.get((self.section, *path), 1)}"

    def ignore(self, index: int, item: Any) -> IgnoreEntry | None:
        """One ``ignore:`` entry, or None when it has problems."""
        where = self.where(index)
        if not isinstance(item, dict):
            self.problems.append(f"{where}: an ignore entry must be a mapping with name and reason")
            return None
        before = len(self.problems)
        texts = self.texts(index, item, IGNORE_KEYS[:-1])
        until = None
        if item.get("until") is not None:
            until = _until(item["until"], self.where(index, "until"), where, self.problems)
        if len(self.problems) > before:
            return None
        return read_ignore_entry(
            item, where, partial(self.where, index), texts, until, self.problems
        )

    def entry(self, index: int, item: Any) -> AcceptEntry | None:
        """One entry, or None when it has problems."""
        where = self.where(index)
        if not isinstance(item, dict):
            self.problems.append(
                f"{where}: an accepted risk must be a mapping with product, reason and until"
            )
            return None
        before = len(self.problems)
        for key in item:
            if key not in ENTRY_KEYS:
                self.problems.append(
                    f"{self.where(index, key)}: unknown key {key!r} in accepted risk "
                    f"(expected {', '.join(ENTRY_KEYS)})"
                )
        values = self.texts(index, item)
        for key, hint in REQUIRED_TEXT.items():
            if key not in values and not isinstance(item.get(key), (dict, list)):
                self.problems.append(f"{where}: accepted risk needs '{key}' ({hint})")
        until = _until(item.get("until"), self.where(index, "until"), where, self.problems)
        if len(self.problems) > before or until is None:
            return None
        return AcceptEntry(
            product=values["product"],
            reason=values["reason"],
            until=until,
            client=values.get("client", "*"),
            host=values.get("host", "*"),
            cycle=values.get("cycle"),
            owner=values.get("owner", ""),
            source=where,
        )

    def texts(
        self, index: int, item: dict[Any, Any], keys: tuple[str, ...] = ENTRY_KEYS[:-1]
    ) -> dict[str, str]:
        """The non-empty text fields as written (``18.10`` stays "18.10", not a float)."""
        values: dict[str, str] = {}
        for key in keys:
            value = item.get(key)
            if isinstance(value, (dict, list)):
                self.problems.append(
                    f"{self.where(index, key)}: '{key}' must be text, not a {type(value).__name__}"
                )
            elif value is not None:
                text = self.scalars.get((self.section, index, key), str(value)).strip()
                if text:
                    values[key] = text
        return values


def _until(value: Any, value_where: str, entry_where: str, problems: list[str]) -> date | None:
    """``until`` as a date: YAML's own date, or text in the form YYYY-MM-DD."""
    if value is None:
        problems.append(f"{entry_where}: accepted risk needs 'until' (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(
            f"{value_where}: 'until' must be a date in the form YYYY-MM-DD, not {value!r}"
        )
        return None


_DATE_VALUE = re.compile(r"(:[ \t]+)(\d{4}-\d{1,2}-\d{1,2})(?=[ \t]*(?:$|[,}\]]|[ \t]#))", re.M)
"""A value written as a date (``until: 2027-13-01``), in block or flow style."""


def _quote_bad_dates(text: str) -> str:
    """``text`` with each value that YAML takes for a date but is none quoted as text, so
    that it is reported where it is, as any 'until' that is not a date (lines unchanged)."""

    def quoted(found: re.Match[str]) -> str:
        return found[0] if _real_date(found[2]) else f"{found[1]}'{found[2]}'"

    return _DATE_VALUE.sub(quoted, text)


def bad_date_line(text: str) -> int:
    """The first line holding a ``YYYY-MM-DD`` that is no real date (YAML cannot say where)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not all(map(_real_date, re.findall(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line))):
            return number
    return 1


def _real_date(text: str) -> bool:
    """Whether ``YYYY-M-D`` text names a day of the calendar."""
    year, month, day = (int(part) for part in text.split("-"))
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def load_accept_file(path: Path) -> list[AcceptEntry]:
    """Read and check an accepted-risk file; raise its first problem (``validate`` lists all)."""
    return load_rules_file(path)[0]


def load_rules_file(path: Path) -> tuple[list[AcceptEntry], list[IgnoreEntry]]:
    """An accepted-risk file's accepted risks and ignores; raise its first problem."""
    text = read_accept_text(path)
    entries, ignores, problems = parse_rules_text(text, str(path))
    if problems:
        more = (
            f" (and {len(problems) - 1} more; run `eolscan validate {path}`)"
            if len(problems) > 1
            else ""
        )
        raise AcceptError(problems[0] + more)
    return entries, ignores


def read_accept_text(path: Path) -> str:
    """The file's text (at most ``MAX_ACCEPT_BYTES``, counted as read), or an AcceptError."""
    return read_text_limited(path, MAX_ACCEPT_BYTES, AcceptError)


def find_accept_file(inventories: Iterable[str], cwd: Path) -> Path | None:
    """``eolscan-accept.yaml`` beside or above the first inventory that has one, else in ``cwd``.

    The upward search stops at the repository root (a directory holding ``.git``) or ``cwd``;
    without either above the inventory, only its own directory is searched. A file owned or
    writable by another user is refused. The path is returned relative to ``cwd`` (the
    process's working directory) when it lies inside it.
    """
    here = cwd.resolve()
    for inventory in inventories:
        if inventory == "-":
            continue
        start = Path(inventory).resolve()
        directory = start if start.is_dir() else start.parent
        for candidate_dir in search_dirs(directory, here):
            candidate = candidate_dir / ACCEPT_FILE
            if candidate.is_file():
                return _trusted(_shown(candidate, cwd))
    fallback = here / ACCEPT_FILE
    return _trusted(_shown(fallback, cwd)) if fallback.is_file() else None


def _trusted(path: Path) -> Path:
    """``path``, unless another user owns it or may write to it: then an AcceptError."""
    problem = refusal(path, "accepted-risk file", "--accept")
    if problem:
        raise AcceptError(problem)
    return path


def _shown(path: Path, cwd: Path) -> Path:
    """``path`` relative to ``cwd`` when inside it, so messages and reports stay short."""
    try:
        return path.relative_to(cwd.resolve())
    except ValueError:
        return path
