"""What a report could not check, in words, and on stderr for every run (cron mails stderr).

The report keeps every skipped row, host and file; people read them in each format's "Not
checked" part and on stderr. One module says them, so every format and stderr agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from eolscan.model import SKIPPED_FILE, SKIPPED_HOST, SKIPPED_ROW, Skipped
from eolscan.support.logging_setup import log

if TYPE_CHECKING:
    from eolscan.report.report import Report

STDERR_SKIPS = 20
"""Skipped rows named one by one on stderr; every unreadable file and host is always named,
and the report lists them all."""

_ORDER = (SKIPPED_FILE, SKIPPED_HOST, SKIPPED_ROW)
_WORDS = {SKIPPED_FILE: "file", SKIPPED_HOST: "host", SKIPPED_ROW: "row"}


def not_checked_count(skipped: Iterable[Skipped]) -> str:
    """``1 file, 3 rows not read`` (files and hosts first); "" when nothing was skipped."""
    counts = Counter(s.what for s in skipped)
    parts = [
        f"{counts[what]:,} {_WORDS[what]}{'' if counts[what] == 1 else 's'}"
        for what in _ORDER
        if counts[what]
    ]
    return f"{', '.join(parts)} not read" if parts else ""


def describe(skipped: Skipped) -> str:
    """``bakery.csv:12: row not read: column 'version' is empty``: one line for a person."""
    return f"{skipped.source}: {_WORDS.get(skipped.what, skipped.what)} not read: {skipped.reason}"


def in_report_order(skipped: Iterable[Skipped]) -> list[Skipped]:
    """Whole files first, then hosts, then rows; each in the order they were met."""
    return sorted(skipped, key=lambda s: _ORDER.index(s.what) if s.what in _ORDER else 3)


def failed_inputs(report: Report) -> list[Skipped]:
    """The input files of ``report`` that could not be read at all: they make the run exit 3."""
    return [s for s in report.skipped if s.what == SKIPPED_FILE]


def announce(report: Report) -> None:
    """Every warning, unreadable file and host, and the first skipped rows, on stderr.

    Shown whatever the terminal and with ``-q``: a report that leaves data out says so where
    cron and CI look, not only inside the report.
    """
    for warning in report.warnings:
        log.data_warning(warning)
    rows = 0
    for item in in_report_order(report.skipped):
        if item.what == SKIPPED_ROW:
            rows += 1
            if rows > STDERR_SKIPS:
                continue
        log.data_warning(describe(item))
    if rows > STDERR_SKIPS:
        more = rows - STDERR_SKIPS
        log.data_warning(f"... and {more:,} more rows not read (the report lists every one)")
