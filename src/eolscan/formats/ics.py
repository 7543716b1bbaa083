"""An iCalendar (RFC 5545) file of upcoming support dates, to plan the client conversation early.

One event per client, product cycle and kind of support ending (active, security,
extended), with the hosts in the description and reminders 12, 6, 3 and 1 months
before. UIDs and DTSTAMP derive from the data and ``--as-of``, never the clock, so
re-importing a newer file updates events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, TextIO

from eolscan import __version__
from eolscan.formats.interface import ReportFormat
from eolscan.formats.words import add_months, plural
from eolscan.report.rollup import Milestone, milestones
from eolscan.support.visible import visible

if TYPE_CHECKING:
    from eolscan.report.report import Report

REMINDER_MONTHS = (12, 6, 3, 1)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_HOSTS_SHOWN = 50


def escape_text(text: str) -> str:
    r"""An RFC 5545 TEXT value: ``\``, ``;``, ``,`` escaped, newlines as ``\n``, no controls."""
    text = visible(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", text)


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts) + "\r\n"


def _uid(milestone: Milestone) -> str:
    return hashlib.sha256(milestone.key.encode("utf-8")).hexdigest()[:32] + "@eolscan"


def _description(milestone: Milestone) -> str:
    hosts = sorted(milestone.hosts, key=str.lower)
    shown = ", ".join(hosts[:_HOSTS_SHOWN]) + (
        f" and {len(hosts) - _HOSTS_SHOWN} more" if len(hosts) > _HOSTS_SHOWN else ""
    )
    lines = [
        f"{milestone.product}: {milestone.what} on {milestone.day.isoformat()}.",
        f"{milestone.client}, {plural(len(hosts), 'machine')}: {shown}",
    ]
    if milestone.link:
        lines.append(f"Lifecycle: {milestone.link}")
    return "\n".join(lines)


def _event(milestone: Milestone, stamp: str, as_of: date) -> list[str]:
    day = milestone.day
    summary = f"{milestone.client}: {milestone.product}, {milestone.what}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_uid(milestone)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(_description(milestone))}",
        f"CATEGORIES:{escape_text(milestone.kind.replace('_', '-'))}",
        "TRANSP:TRANSPARENT",
    ]
    if milestone.link and milestone.link.startswith(("https://", "http://")):
        lines.append(f"URL:{_CONTROL.sub('', milestone.link)}")
    for months in REMINDER_MONTHS:
        before = (day - add_months(day, -months)).days
        if day - timedelta(days=before) < as_of:
            continue
        reminder = escape_text(f"In {plural(months, 'month')}: {summary}")
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:-P{before}D",
            f"DESCRIPTION:{reminder}",
            "END:VALARM",
        ]
    return [*lines, "END:VEVENT"]


class IcsFormat(ReportFormat):
    """A VCALENDAR with a VEVENT per upcoming milestone, CRLF line ends and folded lines."""

    name = "ics"
    extensions = (".ics",)

    def render(self, report: Report, out: TextIO) -> None:
        as_of = report.policy.as_of
        stamp = f"{as_of.strftime('%Y%m%d')}T000000Z"
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//eolscan//eolscan {__version__}//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:End-of-life dates",
        ]
        if self.options.changes is not None:
            lines.append(f"X-WR-CALDESC:{escape_text(self.options.changes.headline())}")
        for line in lines:
            out.write(fold(line))
        for milestone in milestones(report.findings, as_of):
            info = self.options.clients.get(milestone.client)
            if info is not None and info.name:  # the name client.toml gives, as in HTML
                milestone.client = info.name  # (the event's UID keeps the client's id)
            for line in _event(milestone, stamp, as_of):
                out.write(fold(line))
        out.write(fold("END:VCALENDAR"))
