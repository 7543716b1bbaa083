"""A large JSON report's findings, kept as columns in the user's cache when eolscan writes
the report, so that ``--baseline`` of that very file next month loads them in milliseconds
instead of parsing it (a book of 1.1M findings is an 800 MB file: about 2.6 s of CPU). A
large report read whole (a copy, a CI artifact) is kept the same way once read, so only
the first ``--baseline`` of that file pays for the reading.

A remembered report is keyed by the file's identity as the system tells it (device,
inode, size and modification time to the nanosecond): a report edited, rewritten, copied
or moved to another disk is a miss and is read whole, as any report is.
The columns are what reading the file gives (``report.baseline_columns``), made from the
report in memory, with what reading the file cannot know for sure: that the lines are in
this eolscan's report order, and each client's number of findings. Only the newest few
are kept.
"""

from __future__ import annotations

import contextlib
import sys
import zlib
from array import array
from collections.abc import Mapping
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from eolscan.app import outputs
from eolscan.formats.values import finding_dict
from eolscan.judgement.changes import Entry
from eolscan.judgement.saved_report import _entry_or_none
from eolscan.lifecycles.cache import fetch_keyed, file_identity, prune_cache, store_keyed
from eolscan.model import Status
from eolscan.report.baseline_columns import (
    MAX_HOST_PARTS,
    MAX_VERDICT_PARTS,
    BaselineColumns,
    read_columns,
)
from eolscan.report.findings import HOST_SEPARATOR, FindingStream
from eolscan.report.row_order import ORDER

if TYPE_CHECKING:
    from eolscan.model import Finding
    from eolscan.report.report import Report

KEPT = 8
"""Remembered reports kept; older ones are removed as new ones are written."""
_NAME = "report-columns"
_ORDER = f"{ORDER}; ranks " + ", ".join(sorted(map(str, Status), key=lambda s: Status(s).rank))
"""The order the remembered lines are in: a report remembered by an eolscan that sorted
another way is compared as a report read from its file is."""


def file_key(target: Path | int) -> str | None:
    """The identity of a regular file (a path, or an open descriptor such as standard
    output redirected to a file) with how this machine stores numbers; None for anything
    else, and for a file system that numbers no file (inode 0: two reports of one size
    written in one tick could not be told apart)."""
    identity = file_identity(target)
    if identity is None or _file_of(identity)[1] == "0":
        return None
    return f"{identity}|{sys.byteorder}|{array('i').itemsize}"


def _slot(identity: str) -> str:
    """The cache name of the file an identity (or a key) is of: its device and inode. A
    report written over that file in place (``> report.json``) has the same slot, and
    the columns kept there before can never match it again."""
    device, inode = _file_of(identity)
    return f"{_NAME}-{zlib.crc32(f'{device}|{inode}'.encode()):08x}"


def _file_of(identity: str) -> tuple[str, str]:
    """(device, inode) of a ``file_identity`` (``device|inode|size|mtime``) or a key."""
    device, inode = identity.split("|", 2)[:2]
    return device, inode


def remember(target: Path | int, report: Report, replaced: str | None = None) -> None:
    """Keep the columns of the JSON report just written to ``target`` (a compact report of
    few distinct verdicts), and forget those of the file it ``replaced`` (its identity
    before, when ``-o`` wrote a new file under its name); a cache that cannot be written is
    simply skipped."""
    stream = report.findings
    key = file_key(target)
    if key is None or not isinstance(stream, FindingStream):
        return
    columns = stream.columns()
    if columns is None or stream.verdict_count > MAX_VERDICT_PARTS:
        return
    groups, group_ids, _, _ = columns
    spans = stream.client_spans()
    if spans is None:
        return
    totals = {client: end - begin for client, begin, end in spans}
    group_hosts = stream.group_hosts()
    own_hosts = stream.hosts == len(groups)  # each group its own host: host ids are group ids
    hosts = group_hosts if own_hosts else list(dict.fromkeys(group_hosts))
    names = stream.host_text() if own_hosts else HOST_SEPARATOR.join(chain.from_iterable(hosts))
    if len(hosts) > MAX_HOST_PARTS or names.count(HOST_SEPARATOR) != 2 * len(hosts) - 1:
        return  # past the columns' limits, or a name holding the separator
    if own_hosts:
        line_hosts = stream.group_id_array()
    else:
        ids = {host: at for at, host in enumerate(hosts)}
        by_group = [ids[host] for host in group_hosts]
        line_hosts = array("i", [by_group[group] for group in group_ids])
    with contextlib.suppress(OSError, ValueError):  # the report is written: never fail it
        found = [stream.verdict(n) for n in range(stream.verdict_count)]
        data = {
            "as_of": report.policy.as_of.isoformat(),
            "hosts": names,
            "verdicts": [entry.as_values() for entry in _entries(found)],
            "extended": bytes(verdict.asset.extended_support for verdict in found),
            "line_hosts": line_hosts.tobytes(),
            "line_verdicts": stream.number_array().tobytes(),
            "order": _ORDER,
            "client_totals": totals,
        }
        _keep(key, data, replaced)


def _keep(key: str, data: Mapping[str, object], replaced: str | None = None) -> None:
    """Store a report's columns under its file's ``key``; the columns kept before for
    this file, or for the one ``-o`` ``replaced``, can never match again and would crowd
    out the reports still there, so they go, and all but the newest ``KEPT``."""
    slot = _slot(key)
    kept = store_keyed(slot, key, data)
    prune_cache(slot, 0, kept)
    if replaced is not None:
        prune_cache(_slot(replaced), 0, kept)
    prune_cache(_NAME, KEPT, kept)


def recall_or_read(path: str) -> BaselineColumns | None:
    """The report at ``path`` as columns: remembered, else read whole (None: not in
    eolscan's own layout). A large report read whole is remembered for the next
    ``--baseline`` of that file, unless it changed while it was read."""
    remembered = recall(path)
    if remembered is not None:
        return remembered
    before = file_key(Path(path))
    columns = read_columns(path)
    if columns is None or before is None or len(columns.line_hosts) < outputs.REMEMBERED_FINDINGS:
        return columns
    if file_key(Path(path)) == before:
        _remember_read(before, columns)
    return columns


def _remember_read(key: str, columns: BaselineColumns) -> None:
    """Keep columns read from a report file, as ``remember`` keeps a report's own: what
    reading it tells, with each client's number of findings (counted once, here, and kept
    on ``columns`` for this run too); each verdict's extended-support flag is left to be
    worked out as for a file read."""
    hosts = columns.host_pairs()
    names = HOST_SEPARATOR.join(chain.from_iterable(hosts))
    if names.count(HOST_SEPARATOR) != 2 * len(hosts) - 1:
        return  # a name holding the separator
    totals = {client: found for client, (_, found) in columns.counts().items()}
    columns.client_totals = totals  # each host has a line: counts() gives the same
    with contextlib.suppress(OSError, ValueError):  # a cache that cannot be written is skipped
        data = {
            "client_totals": totals,
            "as_of": columns.as_of,
            "hosts": names,
            "verdicts": [entry.as_values() for entry in columns.verdicts],
            "line_hosts": columns.line_hosts.tobytes(),
            "line_verdicts": columns.line_verdicts.tobytes(),
            "order": _ORDER if columns.in_report_order else "",
        }
        _keep(key, data)


def _entries(verdicts: list[Finding]) -> list[Entry]:
    """The verdicts as reading their JSON lines back gives them (client and host aside):
    the report's values, checked as the report reader checks a line's."""
    entries = [_entry_or_none({**finding_dict(v), "client": "", "host": ""}) for v in verdicts]
    if None in entries:
        raise ValueError("a finding the report reader would refuse")
    return entries  # type: ignore[return-value]


def recall(path: str) -> BaselineColumns | None:
    """The remembered columns of the report at ``path``, or None (not remembered, changed
    since, or a cache that does not hold together). What is read is what this eolscan
    wrote: the cache is keyed by its version and checked whole by its CRC-32, so the
    lines' numbers are not searched for one out of range (a million of them: 40 ms)."""
    key = file_key(Path(path))
    if key is None:
        return None
    data = fetch_keyed(_slot(key), key)
    try:
        names = str(data["hosts"])
        verdicts = [Entry.from_values(values) for values in data["verdicts"]]
        line_hosts, line_verdicts = array("i"), array("i")
        line_hosts.frombytes(data["line_hosts"])
        line_verdicts.frombytes(data["line_verdicts"])
        as_of = str(data["as_of"])
        in_order = data.get("order") == _ORDER  # remembered by an eolscan that sorts alike
        # a report's own columns know these; columns read from a file leave them out
        totals = data.get("client_totals")
        if totals is not None:
            totals = {str(client): int(total) for client, total in totals.items()}
        extended = None if data.get("extended") is None else bytes(data["extended"])
    except (AttributeError, TypeError, KeyError, ValueError):
        return None
    if len(line_hosts) != len(line_verdicts) or not line_hosts:
        return None
    if totals is not None and sum(totals.values()) != len(line_hosts):
        return None
    if extended is not None and len(extended) != len(verdicts):
        return None
    if not names or names.count(HOST_SEPARATOR) % 2 != 1:
        return None
    return BaselineColumns(
        path, as_of, [], verdicts, line_hosts, line_verdicts, in_order, totals, extended, names
    )
