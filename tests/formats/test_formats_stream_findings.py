"""Formats only iterate ``report.findings`` (maybe twice), so a stream works as well as a list."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import pytest

from eolscan.formats.interface import FORMATS, get_format
from eolscan.model import Finding
from tests.formats.helpers import REPORTS, build_report


class Reiterable:
    """Findings that can be iterated again and again but have no len(), index or slice."""

    def __init__(self, findings: list[Finding]) -> None:
        self._findings = findings
        self.passes = 0

    def __iter__(self) -> Iterator[Finding]:
        self.passes += 1
        return iter(self._findings)


MINE = sorted(set(FORMATS) - {"json"})


@pytest.mark.parametrize("name", MINE)
def test_format_renders_the_same_from_a_stream(name: str) -> None:
    report = build_report(REPORTS)
    expected = io.StringIO()
    get_format(name).render(report, expected)
    stream = Reiterable(list(report.findings))
    report = replace(report, findings=stream)
    got = io.StringIO()
    get_format(name).render(report, got)
    assert got.getvalue() == expected.getvalue()
    assert 1 <= stream.passes <= 3


@pytest.mark.parametrize("name", MINE)
def test_format_renders_a_report_without_findings(name: str) -> None:
    import json
    import xml.etree.ElementTree as ET

    report = build_report(REPORTS)
    report = replace(report, findings=Reiterable([]))
    out = io.StringIO()
    get_format(name).render(report, out)
    text = out.getvalue()
    assert text
    if name == "sarif":
        assert json.loads(text)["runs"][0]["results"] == []
    if name == "junit":
        assert ET.fromstring(text).findall("testsuite") == []
    if name == "ics":
        assert "BEGIN:VEVENT" not in text and text.endswith("END:VCALENDAR\r\n")
