"""A saved report in eolscan's own layout read one finding at a time, each with its offset.

``load_report`` keeps an Entry per finding: a report of millions of distinct items would
cost gigabytes. This reader hands out one finding at a time, as the identity that pairing
needs, with the byte offset of its line, so a caller keeps a few values per finding and
reads again only the entries it needs (``entry_at``). The header is read here too, for
``baseline_columns``. Anything not exactly as eolscan writes it raises ``OtherLayout``
(or gives None): the caller then uses ``load_report``, whose messages name what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from eolscan.judgement.changes import Entry
from eolscan.judgement.saved_report import (
    _FINDINGS_OPEN,
    MAX_FINDING_LINE,
    MAX_STREAMED_BASELINE_BYTES,
    SUPPORTED_VERSIONS,
    Identity,
    _compact,
    identity_or_none,
)
from eolscan.support.bounded import is_regular
from eolscan.support.jsontext import has_lone_surrogate, lone_surrogate_line

_SKIPPED = {'  "plan": [\n': '"plan": []', '  "baseline": {\n': '"baseline": {}'}
"""Sections of the header not needed to compare, and what stands in for each."""
_SECTION_ENDS = {'"plan": []': "  ]", '"baseline": {}': "  }"}
_END = b"  ]\n"
_LESS_INDENTED = re.compile(rb"\n(?!    )")
"""A line indented by fewer than four spaces (or empty): where a skipped section ends."""
_SKIP_BLOCK = 1 << 20


class OtherLayout(Exception):
    """The report is not one finding a line as eolscan writes it (or a finding is invalid)."""


def _text(line: bytes) -> str:
    """A line as text with a plain newline (a report written on Windows ends lines in CRLF)."""
    if line.endswith(b"\r\n"):
        line = line[:-2] + b"\n"
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OtherLayout from exc


def open_own_layout(path: str) -> tuple[str, BinaryIO] | None:
    """(as_of, the file positioned at its first finding) for a regular file whose header is
    as eolscan writes it; None for anything else. The plan, which names every machine
    again, is skipped unread."""
    if not is_regular(path) or Path(path).stat().st_size > MAX_STREAMED_BASELINE_BYTES:
        return None
    handle = Path(path).open("rb")  # noqa: SIM115 (the caller reads on and closes it)
    try:
        as_of = _header(handle)
    except (OSError, ValueError, RecursionError, OtherLayout):
        as_of = None
    if as_of is None:
        handle.close()
        return None
    return as_of, handle


def _header(handle: BinaryIO) -> str | None:
    """The report's ``as_of`` once its findings start; None where the header is another.
    Two sections are skipped, not kept: the plan, which names every machine
    again, and the comparison a report made with ``--baseline`` carries (a monthly run's
    baseline is last month's report, whose changes can number as many as its findings)."""
    header: list[str] = []
    for raw in iter(lambda: handle.readline(MAX_FINDING_LINE), b""):
        line = _text(raw)
        if "\\u" in line and lone_surrogate_line(line) is not None:
            return None
        if line in _SKIPPED:
            skipping = _SKIPPED[line]
            end = _skip_section(handle)
            if end is None or not end.startswith(_SECTION_ENDS[skipping]):
                return None  # not as eolscan writes it: read whole, as before
            header.append(f"  {skipping}" + end[3:])
        elif line == _FINDINGS_OPEN:
            document = json.loads("".join(header) + '"findings": []}')
            if (
                not isinstance(document, dict)
                or document.get("eolscan_report_version") not in SUPPORTED_VERSIONS
            ):
                return None
            return str(document.get("as_of", "?"))
        elif len(line) >= MAX_FINDING_LINE or not line.endswith("\n"):
            return None
        else:
            header.append(line)
    return None


def _skip_section(handle: BinaryIO) -> str | None:
    """The line that closes the section ``handle`` is inside, read past everything before
    it; None where a line is not as eolscan writes it. Inside a section every line is
    indented by at least four spaces, so the first line indented by two is its end: found
    by searching blocks in C (a plan names every machine, a line each: a million lines)."""
    at = handle.tell() - 1  # where ``seen`` starts in the file: the newline before
    seen = b"\n"
    while True:
        block = handle.read(_SKIP_BLOCK)
        seen += block
        found = _LESS_INDENTED.search(seen)
        # a newline in the last four bytes may yet be followed by four spaces
        ends = found is not None and (not block or found.start() + 5 <= len(seen))
        # a pair cut by a block's end counts as lone too: the whole reader then decides
        if has_lone_surrogate(seen[: found.start()] if found is not None and ends else seen):
            return None  # refused by ``load_report``, which names it
        if found is not None and ends:
            handle.seek(at + found.start() + 1)
            return _text(handle.readline(MAX_FINDING_LINE))
        if not block:
            return None
        kept = seen[-4:]
        at += len(seen) - len(kept)
        seen = kept


def each_finding(handle: BinaryIO) -> Iterator[tuple[int, Identity]]:
    """(offset of its line, what pairing needs of it) for every finding from where
    ``open_own_layout`` left the file; ``OtherLayout`` where a line is not a valid finding
    as eolscan writes it."""
    parse = json.JSONDecoder().decode
    offset = handle.tell()
    for raw in iter(lambda: handle.readline(MAX_FINDING_LINE), b""):
        at, offset = offset, offset + len(raw)
        if raw == _END or raw == b"  ]\r\n":
            if handle.read(4) not in (b"}\n", b"}", b"}\r\n"):
                raise OtherLayout
            return
        try:
            found = identity_or_none(parse(_line(raw)))
        except (ValueError, RecursionError) as exc:
            raise OtherLayout from exc
        if found is None:
            raise OtherLayout
        yield at, found
    raise OtherLayout


def entry_at(handle: BinaryIO, offset: int) -> Entry:
    """The finding whose line starts at ``offset`` (read again: only a few are needed)."""
    handle.seek(offset)
    return _entry(handle.readline(MAX_FINDING_LINE), json.JSONDecoder(object_hook=_compact).decode)


def _entry(raw: bytes, parse: Any) -> Entry:
    try:
        entry = parse(_line(raw))
    except (ValueError, RecursionError) as exc:
        raise OtherLayout from exc
    if type(entry) is not Entry:
        raise OtherLayout
    return entry


def _line(raw: bytes) -> str:
    """A finding's line as the JSON text of its object; ``OtherLayout`` where it is not
    one object a line, or holds a lone surrogate escape (``load_report`` names it)."""
    line = _text(raw)
    if not (line.startswith("    {") and line.endswith(("},\n", "}\n"))):
        raise OtherLayout
    if "\\u" in line and lone_surrogate_line(line) is not None:
        raise OtherLayout
    return line.rstrip().removesuffix(",")
