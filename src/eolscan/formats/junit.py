"""JUnit XML for CI test dashboards: one test case per host and item, failures at ``--fail-on``.

Built with ElementTree, so every attribute and text is escaped; characters XML 1.0
cannot carry at all (NUL, ESC...) are first made visible as ``\\xNN``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from eolscan.formats.changes import mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.sarif import message
from eolscan.models import Finding, Status

if TYPE_CHECKING:
    from eolscan.policy import FailOn
    from eolscan.scan import Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: forbidden characters become ``\\xNN``."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


class JunitFormat(ReportFormat):
    """``<testsuites>`` with one ``<testsuite>`` per client."""

    name = "junit"
    extensions = (".xml", ".junit.xml")

    def render(self, report: Report, out: TextIO) -> None:
        root = ET.Element("testsuites", name="eolscan")
        total = failures = 0
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            suite = self._suite(root, client, report)
            tests, failed = self._cases(suite, group, report.policy.fail_on)
            total += tests
            failures += failed
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", "0")
        ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")

    def _suite(self, root: ET.Element, client: str, report: Report) -> ET.Element:
        stamp = f"{report.policy.as_of.isoformat()}T00:00:00"
        suite = ET.SubElement(root, "testsuite", name=xml_text(client), timestamp=stamp, time="0")
        if self.options.changes is not None:
            props = ET.SubElement(suite, "properties")
            headline = xml_text(self.options.changes.headline())
            ET.SubElement(props, "property", name="changes", value=headline)
        return suite

    def _cases(
        self, suite: ET.Element, findings: Iterable[Finding], fail_on: FailOn
    ) -> tuple[int, int]:
        """One test case per finding; returns (tests, failures) and sets the suite's counts."""
        tests = failures = skipped = 0
        for finding in findings:
            case = self._case(suite, finding)
            tests += 1
            if fail_on.trips(finding.status):
                failures += 1
                failure = ET.SubElement(case, "failure", type=str(finding.status))
                failure.set("message", xml_text(message(finding)))
                failure.text = xml_text(self._details(finding))
            elif finding.status is Status.ACCEPTED:
                skipped += 1
                reason = xml_text(finding.reason or "risk accepted")
                ET.SubElement(case, "skipped", message=reason)
            else:
                ET.SubElement(case, "system-out").text = xml_text(message(finding))
        for name, value in (
            ("tests", tests),
            ("failures", failures),
            ("errors", 0),
            ("skipped", skipped),
        ):
            suite.set(name, str(value))
        return tests, failures

    def _case(self, suite: ET.Element, finding: Finding) -> ET.Element:
        asset = finding.asset
        case = ET.SubElement(suite, "testcase")
        case.set("classname", xml_text(f"{asset.client}.{asset.host}"))
        case.set("name", xml_text(f"{asset.host}: {asset.name} {asset.version}".strip()))
        case.set("file", xml_text(asset.source.rpartition(":")[0] or asset.source))
        case.set("time", "0")
        mark = mark_for(self.options.changes, finding)
        if mark:
            props = ET.SubElement(case, "properties")
            ET.SubElement(props, "property", name="change", value=xml_text(mark))
        return case

    @staticmethod
    def _details(finding: Finding) -> str:
        lines = [f"status: {finding.status}", f"source: {finding.asset.source}"]
        if finding.link:
            lines.append(f"lifecycle: {finding.link}")
        return "\n".join(lines)
