"""Reading a saved report a finding a line: the plan and a previous comparison are skipped
unread, whatever block boundary their end falls on, and anything not as eolscan writes it
is left to ``load_report``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.judgement import saved_stream
from eolscan.judgement.saved_report import load_report
from eolscan.judgement.saved_stream import each_finding, open_own_layout

PLAN_ENTRY = '\n    {"client": "Acme Dental", "product": '
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme-dental.yaml"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real report of the example client, made with a baseline of itself a year
    earlier, so that it carries both a plan and a ``baseline`` section."""
    folder = tmp_path_factory.mktemp("saved")
    earlier, later = folder / "earlier.json", folder / "later.json"
    for path, as_of, extra in (
        (earlier, "2025-06-01", []),
        (later, "2026-06-01", ["--baseline", str(earlier)]),
    ):
        result = CliRunner().invoke(
            cli,
            ["scan", str(EXAMPLE), "--as-of", as_of, "-f", "json", "-o", str(path), *extra],
        )
        assert result.exit_code in (0, 1), result.output
    return later


def identities(path: Path) -> list[tuple[str, ...]]:
    opened = open_own_layout(str(path))
    assert opened is not None
    as_of, handle = opened
    assert as_of == "2026-06-01"
    with handle:
        return [tuple(map(str, found)) for _, found in each_finding(handle)]


def test_both_sections_are_present(saved: Path) -> None:
    text = saved.read_text(encoding="utf-8")
    assert '\n  "plan": [\n' in text
    assert '\n  "baseline": {\n' in text


@pytest.mark.parametrize("block", [1, 2, 3, 4, 5, 7, 64, 1 << 20])
def test_every_block_boundary_finds_the_same_findings(
    saved: Path, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [
        (e.client, e.host, e.kind, e.name, str(e.status), e.version, str(e.cycle), str(e.purl))
        for e in load_report(str(saved)).entries
    ]
    monkeypatch.setattr(saved_stream, "_SKIP_BLOCK", block)
    assert len(expected) > 5
    assert identities(saved) == expected


def test_a_report_written_on_windows_is_read_the_same(saved: Path, tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.json"
    crlf.write_bytes(saved.read_bytes().replace(b"\n", b"\r\n"))
    assert identities(crlf) == identities(saved)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda text: text.replace(PLAN_ENTRY, "\n  " + PLAN_ENTRY[5:], 1),
            id="a plan line indented by two",
        ),
        pytest.param(
            lambda text: text.replace(PLAN_ENTRY, "\n" + PLAN_ENTRY, 1),
            id="an empty line in the plan",
        ),
        pytest.param(lambda text: text[: text.index('\n  "plan": [\n') + 40], id="cut in the plan"),
    ],
)
def test_a_plan_not_as_eolscan_writes_it_is_left_to_the_whole_reader(
    saved: Path, tmp_path: Path, damage: Callable[[str], str]
) -> None:
    text = saved.read_text(encoding="utf-8")
    changed = damage(text)
    assert changed != text
    other = tmp_path / "other.json"
    other.write_text(changed, encoding="utf-8")
    assert open_own_layout(str(other)) is None


@pytest.mark.parametrize(("escape", "streamed"), [("\\ud800", False), ("\\ud83d\\ude00", True)])
def test_a_lone_surrogate_in_the_plan_is_left_to_the_whole_reader(
    saved: Path, tmp_path: Path, escape: str, streamed: bool
) -> None:
    """``load_report`` refuses a lone surrogate wherever it is; a pair is a character."""
    text = saved.read_text(encoding="utf-8")
    changed = text.replace(PLAN_ENTRY, PLAN_ENTRY.replace("Dental", "Dental" + escape), 1)
    assert changed != text
    other = tmp_path / "other.json"
    other.write_text(changed, encoding="utf-8")
    assert (open_own_layout(str(other)) is not None) is streamed
