"""JUnit XML for CI test dashboards: one test case per host and item, failures at ``--fail-on``.

A test case is named ``HOST: ITEM`` without the version, so a dashboard keeps one history per
item across updates; the version is in the failure or output message.

Every attribute and text is escaped here (as ElementTree would) or by ``quoteattr``;
characters XML 1.0 cannot carry at all (NUL, ESC...) are first made visible as ``\\xNN``.
Written case by case as text (suite counts come from a first pass): a million findings
never sit in memory as one XML tree, and no element objects are built for each.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING, TextIO
from xml.sax.saxutils import escape, quoteattr

from eolscan.formats.changes import mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.sarif import message
from eolscan.model import Finding, Status
from eolscan.report.rollup import client_stats

if TYPE_CHECKING:
    from eolscan.judgement.policy import FailOn
    from eolscan.report.report import Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: forbidden characters become ``\\xNN``."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def attribute(text: str) -> str:
    """A quoted, escaped XML attribute value."""
    return quoteattr(xml_text(text))


_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)
"""What an attribute value cannot hold as it is, in the order ElementTree replaces it (the
line breaks and tab as character references, so a reader gets them back)."""


def _attribute(text: str) -> str:
    """An attribute value in double quotes, escaped as ElementTree escapes it."""
    text = xml_text(text)
    for char, reference in _ATTRIBUTE_ESCAPES:
        if char in text:
            text = text.replace(char, reference)
    return f'"{text}"'


def _text(text: str) -> str:
    """Element text, escaped; a carriage return as a character reference, which a reader
    keeps (a raw one would be read as a line feed)."""
    return escape(xml_text(text), {"\r": "&#13;"})


class JunitFormat(ReportFormat):
    """``<testsuites>`` with one ``<testsuite>`` per client."""

    name = "junit"
    extensions = (".xml", ".junit.xml")

    def render(self, report: Report, out: TextIO) -> None:
        fail_on = report.policy.fail_on
        stats = client_stats(report.findings)
        failing = [status for status in Status if fail_on.trips(status)]
        failures = sum(report.summary.by_status[status] for status in failing)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            f'<testsuites name="eolscan" tests="{report.summary.findings}" '
            f'failures="{failures}" errors="0">\n'
        )
        stamp = f"{report.policy.as_of.isoformat()}T00:00:00"
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            counts = stats[client].counts
            attributes = {
                "name": client,
                "timestamp": stamp,
                "time": "0",
                "tests": str(sum(counts.values())),
                "failures": str(sum(counts[status] for status in failing)),
                "errors": "0",
                "skipped": str(counts[Status.ACCEPTED] + counts[Status.IGNORED]),
            }
            out.write(
                "  <testsuite" + "".join(f" {k}={attribute(v)}" for k, v in attributes.items())
            )
            out.write(">\n" + self._properties())
            out.writelines(self._case(finding, fail_on) for finding in group)
            if report.warnings:  # expired or stale accepted risks, an old database, empty inputs
                text = "\n".join(f"warning: {w}" for w in report.warnings)
                out.write(f"    <system-err>{escape(xml_text(text))}</system-err>\n")
            out.write("  </testsuite>\n")
        out.write("</testsuites>\n")

    def _properties(self) -> str:
        if self.options.changes is None:
            return ""
        headline = attribute(self.options.changes.headline())
        return (
            "    <properties>\n"
            f'      <property name="changes" value={headline} />\n'
            "    </properties>\n"
        )

    def _case(self, finding: Finding, fail_on: FailOn) -> str:
        """One test case: failed at or above ``--fail-on``, skipped when accepted, else passed."""
        asset = finding.asset
        # the name stays the same when the item is updated (dashboards track a test by name);
        # the version goes into the message
        case = (
            f"    <testcase classname={_attribute(f'{asset.client}.{asset.host}')} "
            f"name={_attribute(f'{asset.host}: {asset.name}')} "
            f'file={_attribute(asset.location.file)} time="0">\n'
        )
        mark = mark_for(self.options.changes, finding)
        if mark:
            case += (
                "      <properties>\n"
                f'        <property name="change" value={_attribute(mark)} />\n'
                "      </properties>\n"
            )
        if fail_on.trips(finding.status):
            case += (
                f"      <failure type={_attribute(str(finding.status))} "
                f"message={_attribute(message(finding))}>"
                f"{_text(self._details(finding))}</failure>\n"
            )
        elif finding.status in (Status.ACCEPTED, Status.IGNORED):
            reason = finding.reason or str(finding.status)
            case += f"      <skipped message={_attribute(reason)} />\n"
        else:
            case += f"      <system-out>{_text(message(finding))}</system-out>\n"
        return case + "    </testcase>\n"

    @staticmethod
    def _details(finding: Finding) -> str:
        lines = [f"status: {finding.status}", f"source: {finding.asset.source}"]
        if finding.link:
            lines.append(f"lifecycle: {finding.link}")
        return "\n".join(lines)
