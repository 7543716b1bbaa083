"""Safari and Office for Mac get updates only on the macOS releases still supported: on a
Mac whose release has ended they are judged, and planned, with that release."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eolscan.errors import DatabaseError
from eolscan.judgement.facts import parse_facts, policy_facts
from tests.formats.helpers import scan_output

DAY = "2026-12-07"
"""The day these tests evaluate at."""

STUDIO = """\
client: Pixel Studio
hosts:
  - name: MAC-OLD
    os: macOS
    os_version: "12.7.6"
    software:
      - {name: Safari, version: "17.6"}
      - {name: Microsoft Word, version: "16.78.3"}
  - name: MAC-OLDER
    os: macOS
    os_version: "12.7.6"
    software:
      - {name: Safari, version: "15.6.1"}
  - name: MAC-NEW
    os: macOS
    os_version: "14.8.9"
    software:
      - {name: Safari, version: "17.6"}
      - {name: Microsoft Word, version: "16.112.1"}
  - name: PC1
    os: Microsoft Windows 11 Pro
    os_version: 10.0.26100
    software:
      - {name: Google Chrome, version: "143.0.7499.41"}
"""


@pytest.fixture
def studio(tmp_path: Path) -> Path:
    path = tmp_path / "studio.yaml"
    path.write_text(STUDIO, encoding="utf-8")
    return path


def test_on_an_ended_macos_they_follow_the_release(studio: Path) -> None:
    findings = json.loads(scan_output(str(studio), "-f", "json", as_of=DAY))["findings"]
    rows = {(f["host"], f["product"]): f for f in findings}
    for product in ("safari", "office-mac"):
        old = rows[("MAC-OLD", product)]
        assert old["maintained_by"] == {"product": "macos", "cycle": "12"}
        assert (old["status"], old["eol"]) == ("eol", rows[("MAC-OLD", "macos")]["eol"])
        assert old["upgrade_to_label"] is None  # the OS's upgrade is the fix
        assert old["reason"].startswith("maintained by macOS 12 (Monterey) until ")
        assert policy_facts().updated_with_os[product].why in old["reason"]
    new_safari = rows[("MAC-NEW", "safari")]  # macOS 14 runs: Safari 26 reaches it
    assert new_safari["maintained_by"] is None
    assert (new_safari["status"], new_safari["upgrade_to"]) == ("eol", "26")
    assert rows[("MAC-NEW", "office-mac")]["maintained_by"] is None
    assert rows[("PC1", "chrome")]["maintained_by"] is None


def test_the_plan_upgrades_the_os_and_says_what_it_brings_back(studio: Path) -> None:
    markdown = scan_output(str(studio), "-f", "markdown", as_of=DAY)
    (sentence,) = [line for line in markdown.splitlines() if "macOS 12 (Monterey) on" in line]
    assert "The upgrade also brings their Apple Safari 17 (on MAC-OLD) and Microsoft 365" in (
        sentence
    )
    assert "Safari 15" not in sentence  # ended before the OS: nothing to bring back
    assert sentence.endswith("back into support.")
    assert "packages of" not in sentence
    safari = [line for line in markdown.splitlines() if line.startswith(tuple("0123456789"))]
    assert [line for line in safari if "Safari 17 on MAC-NEW" in line]  # its own decision


def test_a_bad_name_pattern_names_its_file() -> None:
    entry = {"os": "macos", "names": "(", "link": "https://example.org", "source": "x"}
    with pytest.raises(DatabaseError, match=r"p\.yaml: updated_with_os\.safari\.names"):
        parse_facts({"p.yaml": {"updated_with_os": {"safari": entry}}})
    del entry["names"]
    with pytest.raises(DatabaseError, match="needs 'os' and 'names'"):
        parse_facts({"p.yaml": {"updated_with_os": {"safari": entry}}})


def test_an_app_that_ended_before_its_os_keeps_its_own_verdict(studio: Path) -> None:
    """Safari 15 ended in 2022, macOS 12 in 2024: upgrading the OS brings it nothing, so it
    is not dated by the OS nor listed as what the OS upgrade brings back."""
    findings = json.loads(scan_output(str(studio), "-f", "json", as_of=DAY))["findings"]
    (safari,) = [f for f in findings if f["host"] == "MAC-OLDER" and f["product"] == "safari"]
    assert safari["maintained_by"] is None
    assert (safari["status"], safari["cycle"]) == ("eol", "15")
    assert safari["eol"] < "2024-09-16"
