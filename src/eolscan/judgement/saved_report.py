"""A saved JSON report read back as entries: ``--baseline``, ``diff`` and ``trend`` read it.

eolscan's own layout (one finding a line) is read line by line, so only entries stay in
memory, not the file's text; any other layout of valid JSON (a report reformatted by
another tool) is parsed whole, within a size limit. Errors name the file and the finding.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from sys import intern
from typing import Any, TextIO, cast

from eolscan.errors import InputError
from eolscan.judgement.changes import Entry
from eolscan.model import Status
from eolscan.support.bounded import is_regular, read_text_limited
from eolscan.support.jsontext import lone_surrogate_line

SUPPORTED_VERSIONS = (1,)
MAX_BASELINE_BYTES = 512 * 1024 * 1024
"""Largest baseline report read whole (512 MiB, as for inventories): from a pipe, or in
another tool's layout; counted as bytes arrive."""
MAX_STREAMED_BASELINE_BYTES = 4 * 1024 * 1024 * 1024
"""Largest baseline file in eolscan's own layout (4 GiB, about 6 million findings): it is
read a finding a line, so memory follows the findings, not the file (a 100,000-host book's
report is about 700 MB)."""
_IDENTITY = ("client", "host", "kind", "name")


_STATUSES = {str(status): status for status in Status}
_OPTIONAL = ("version", "cycle", "product_label", "cycle_label", "upgrade_to_label", "purl")
_TEXT_OR_NONE = frozenset({str, type(None)})


def entry_from_dict(item: Any, where: str) -> Entry:
    """A finding of a saved JSON report as an entry; a clear error names the finding."""
    entry = _entry_or_none(item)
    if entry is None:
        raise InputError(f"{where}: {_problem(item)}")
    return entry


def _entry_or_none(item: Any) -> Entry | None:
    """A finding as an entry, or None when it is not one (``_problem`` says why)."""
    if type(item) is not dict:
        return None
    get = item.get
    status = get("status")
    status = _STATUSES.get(status) if type(status) is str else None
    client, host, kind, name = get("client"), get("host"), get("kind"), get("name")
    version, cycle, product_label = get("version"), get("cycle"), get("product_label")
    cycle_label, upgrade_to_label = get("cycle_label"), get("upgrade_to_label")
    purl = get("purl")
    if (
        status is None
        or type(client) is not str
        or type(host) is not str
        or type(kind) is not str
        or type(name) is not str
        or {type(version), type(cycle), type(product_label), type(cycle_label)} - _TEXT_OR_NONE
        or type(upgrade_to_label) not in _TEXT_OR_NONE
        or type(purl) not in _TEXT_OR_NONE
    ):
        return None
    eol = get("eol")
    return Entry(
        intern(client),
        intern(host),
        intern(kind),
        intern(name),
        status=status,
        version=intern(version) if version else "",
        cycle=intern(cycle) if cycle else cycle,
        product_label=intern(product_label) if product_label else product_label,
        cycle_label=intern(cycle_label) if cycle_label else cycle_label,
        eol=intern(eol) if type(eol) is str else None,
        upgrade_to_label=intern(upgrade_to_label) if upgrade_to_label else upgrade_to_label,
        purl=purl or None,
    )


Identity = tuple[str, str, str, str, str, str, str | None, str | None]
"""(client, host, kind, name, status, version, cycle, purl) of a finding, as its Entry
would hold them: what a comparison sorts and pairs by."""


def identity_or_none(item: Any) -> Identity | None:
    """What ``_entry_or_none`` checks and keeps for pairing, without making an Entry (a
    finding that is only sorted and compared costs a third of the time)."""
    if type(item) is not dict:
        return None
    get = item.get
    status = get("status")
    client, host, kind, name = get("client"), get("host"), get("kind"), get("name")
    version, cycle, purl = get("version"), get("cycle"), get("purl")
    if (
        type(status) is not str
        or status not in _STATUSES
        or type(client) is not str
        or type(host) is not str
        or type(kind) is not str
        or type(name) is not str
        or {type(version), type(cycle), type(get("product_label")), type(get("cycle_label"))}
        - _TEXT_OR_NONE
        or type(get("upgrade_to_label")) not in _TEXT_OR_NONE
        or type(purl) not in _TEXT_OR_NONE
    ):
        return None
    return client, host, kind, name, status, version or "", cycle, purl or None


def _problem(item: Any) -> str:
    """What is wrong with a finding that ``entry_from_dict`` refused."""
    if not isinstance(item, dict):
        return "expected an object"
    status = item.get("status")
    if not isinstance(status, str) or status not in _STATUSES:
        return f"unknown status {status!r}"
    for key in _IDENTITY:
        if not isinstance(item.get(key), str):
            return f"{key!r} must be a string"
    bad = next(key for key in _OPTIONAL if not isinstance(item.get(key), str | None))
    return f"{bad!r} must be a string"


_KEPT = frozenset(
    {"client", "host", "kind", "name", "status", "version", "cycle", "product_label"}
    | {"cycle_label", "eol", "upgrade_to_label", "purl"}
)


def _compact(item: dict[str, Any]) -> Entry | dict[str, Any]:
    """A finding as the parser meets it: an Entry (all a comparison reads, so a large
    baseline stays small), or what is kept of one that is not valid, for its message."""
    if "host" in item and "status" in item:
        entry = _entry_or_none(item)
        if entry is not None:
            return entry
        return {key: value for key, value in item.items() if key in _KEPT}
    return item


@dataclass(frozen=True, slots=True)
class SavedReport:
    """A JSON report read back: its date and its findings as entries."""

    path: str
    as_of: str
    entries: list[Entry]


_LONE_SURROGATE = "a lone surrogate escape (\\uD800-\\uDFFF)"
_FINDINGS_OPEN = '  "findings": [\n'
MAX_FINDING_LINE = 1 << 20
"""Longest line read as one finding of eolscan's own layout (a finding is about 700 bytes)."""


def _read_document(handle: TextIO) -> Any:
    """A saved report as eolscan writes it, one finding a line, read line by line so that
    only entries stay in memory, not the file's text; any other layout of valid JSON (a
    report reformatted by another tool) is parsed whole."""
    header: list[str] = []
    for line in iter(lambda: handle.readline(MAX_FINDING_LINE), ""):
        if line == _FINDINGS_OPEN:
            findings = _finding_lines(handle)
            if findings is not None:
                head = "".join(header) + '"findings": []}'
                if lone_surrogate_line(head) is not None:
                    raise ValueError(_LONE_SURROGATE)
                document = json.loads(head, object_hook=_compact)
                if isinstance(document, dict):
                    document["findings"] = findings
                    return document
            break
        header.append(line)
        if len(line) >= MAX_FINDING_LINE:
            break
    handle.seek(0)
    text = handle.read(MAX_BASELINE_BYTES + 1)  # another layout is parsed whole: bounded
    if len(text) > MAX_BASELINE_BYTES:
        raise ValueError(
            f"larger than the {MAX_BASELINE_BYTES >> 20} MiB limit for a report not in "
            "eolscan's own layout"
        )
    document = json.loads(text, object_hook=_compact)
    surrogate = lone_surrogate_line(text)
    if surrogate is not None:
        raise ValueError(f"line {surrogate}: {_LONE_SURROGATE}")
    return document


def _finding_lines(handle: TextIO) -> list[Any] | None:
    """The findings after ``"findings": [``, one a line; None where the layout is another."""
    findings: list[Any] = []
    parse = json.JSONDecoder(object_hook=_compact).decode
    for line in iter(lambda: handle.readline(MAX_FINDING_LINE), ""):
        if line.startswith("    {") and line.endswith(("},\n", "}\n")):
            if "\\u" in line and lone_surrogate_line(line) is not None:
                raise ValueError(_LONE_SURROGATE)
            try:
                findings.append(parse(line.rstrip().removesuffix(",")))
            except ValueError:
                return None
        elif line == "  ]\n":
            return findings if handle.read(3) in ("}\n", "}") else None
        else:
            return None
    return None


def _open_report(path: str) -> TextIO:
    """A seekable text handle on the report: the file itself when ``stat`` tells its size
    truthfully, else (a pipe, ``/dev/zero``) a copy read with the limit counted in bytes."""
    if os.path.exists(path) and not is_regular(path) and not os.path.isdir(path):
        return io.StringIO(read_text_limited(path, MAX_BASELINE_BYTES))
    if os.stat(path).st_size > MAX_STREAMED_BASELINE_BYTES:
        limit = MAX_STREAMED_BASELINE_BYTES >> 20
        raise InputError(f"{path}: larger than the {limit} MiB limit")
    return Path(path).open(encoding="utf-8")


def load_report(path: str) -> SavedReport:
    """Read a report written by ``--format json``; errors name the file and what is wrong."""
    try:
        with _open_report(path) as handle:
            document = _read_document(handle)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: not a JSON report: {exc}") from exc
    if not isinstance(document, dict) or "eolscan_report_version" not in document:
        raise InputError(f"{path}: not an eolscan JSON report (no 'eolscan_report_version')")
    version = document["eolscan_report_version"]
    if version not in SUPPORTED_VERSIONS:
        raise InputError(f"{path}: report version {version!r} is not supported (expected 1)")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise InputError(f"{path}: 'findings' must be a list")
    for number, entry in enumerate(findings, 1):
        if type(entry) is not Entry:
            raise InputError(f"{path}: finding {number}: {_problem(entry)}")
    return SavedReport(path, str(document.get("as_of", "?")), cast(list[Entry], findings))
