"""JUnit XML for CI test dashboards: one test case per host and item, failures at ``--fail-on``.

Built with ElementTree, so every attribute and text is escaped; characters XML 1.0
cannot carry at all (NUL, ESC...) are first made visible as ``\\xNN``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from eolscan.formats.changes import mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.sarif import message
from eolscan.models import Finding, Status

if TYPE_CHECKING:
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
        policy = report.policy
        stamp = f"{policy.as_of.isoformat()}T00:00:00"
        root = ET.Element("testsuites", name="eolscan")
        total = failures = 0
        for client, group in groupby(report.findings, key=lambda f: f.asset.client):
            suite = ET.SubElement(
                root, "testsuite", name=xml_text(client), timestamp=stamp, time="0"
            )
            suite_tests = suite_failures = skipped = 0
            for finding in group:
                case = self._case(suite, finding)
                suite_tests += 1
                if policy.fail_on.trips(finding.status):
                    suite_failures += 1
                    failure = ET.SubElement(case, "failure", type=str(finding.status))
                    failure.set("message", xml_text(message(finding)))
                    failure.text = xml_text(self._details(finding))
                elif finding.status is Status.ACCEPTED:
                    skipped += 1
                    ET.SubElement(
                        case, "skipped", message=xml_text(finding.reason or "risk accepted")
                    )
                else:
                    ET.SubElement(case, "system-out").text = xml_text(message(finding))
            suite.set("tests", str(suite_tests))
            suite.set("failures", str(suite_failures))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            total += suite_tests
            failures += suite_failures
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", "0")
        ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")

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
