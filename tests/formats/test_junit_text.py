"""JUnit written as text reads back, through an XML parser, as exactly the values it was
given: every character an inventory name can hold survives in attributes and in text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli

INVENTORY = """\
client: "Q&A <Ltd> \\"quoted\\" 'single'"
hosts:
  - name: "PC'1&<2>"
    os: Microsoft Windows 10 Pro
    os_version: 10.0.19045
    software:
      - {name: "Tab\\there & <b>bold</b> \\"q\\"", version: "1.0"}
      - {name: "Line\\nbreak\\rreturn\\x1b]0;title\\x07", version: "2.0"}
      - {name: PHP, version: 7.4.33}
"""
CLIENT = "Q&A <Ltd> \"quoted\" 'single'"
HOST = "PC'1&<2>"
NAMES = {
    "Microsoft Windows 10 Pro",
    'Tab\there & <b>bold</b> "q"',
    "Line\nbreak\rreturn\\x1b]0;title\\x07",  # what XML 1.0 cannot hold is shown as \xNN
    "PHP",
}


def junit(tmp_path: Path) -> ET.Element:
    inventory = tmp_path / "names.yaml"
    inventory.write_text(INVENTORY, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["scan", str(inventory), "--as-of", "2026-12-06", "-f", "junit", "--fail-on", "eol"]
    )
    assert result.exit_code == 1, result.output
    return ET.fromstring(result.stdout.encode("utf-8"))


def test_attributes_and_text_read_back_as_written(tmp_path: Path) -> None:
    root = junit(tmp_path)
    cases = list(root.iter("testcase"))
    assert [suite.get("name") for suite in root.iter("testsuite")] == [CLIENT]
    assert {case.get("classname") for case in cases} == {f"{CLIENT}.{HOST}"}
    assert {case.get("name") for case in cases} == {f"{HOST}: {name}" for name in NAMES}
    assert {case.get("file") for case in cases} == {str(tmp_path / "names.yaml")}
    failures = [case.find("failure") for case in cases if case.find("failure") is not None]
    assert sorted(f.get("type", "") for f in failures if f is not None) == ["eol", "eol"]
    outputs = [case.findtext("system-out") or "" for case in cases]
    line_break = next(text for text in outputs if text.startswith(f"{HOST}: Line"))
    assert line_break.startswith(f"{HOST}: Line\nbreak\rreturn\\x1b]0;title\\x07 2.0 ")
    tab = next(text for text in outputs if text.startswith(f"{HOST}: Tab"))
    assert tab.startswith(f'{HOST}: Tab\there & <b>bold</b> "q" 1.0 ')


def test_each_case_is_indented_under_its_suite(tmp_path: Path) -> None:
    inventory = tmp_path / "names.yaml"
    inventory.write_text(INVENTORY, encoding="utf-8")
    text = CliRunner().invoke(cli, ["scan", str(inventory), "--as-of", "2026-12-06", "-f", "junit"])
    lines = text.stdout.splitlines()
    assert sum(line.startswith("    <testcase ") for line in lines) == 4
    assert sum(line == "    </testcase>" for line in lines) == 4
    assert sum(line.startswith(("      <failure ", "      <system-out>")) for line in lines) == 4
