"""Settings files read on every run are parsed once per content (``parse_cached``)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from eolscan.lifecycles import cache
from eolscan.lifecycles.cache import compose_cached, parse_cached
from eolscan.support.safeyaml import compose_with_lines


def counting(result: object) -> tuple[list[str], object]:
    calls: list[str] = []

    def parse(text: str) -> object:
        calls.append(text)
        return result

    return calls, parse


def test_the_same_text_is_parsed_once_and_a_changed_text_again(tmp_path: Path) -> None:
    path = tmp_path / "eolscan.toml"
    calls, parse = counting({"fail_on": "warn", "warn_days": 90})
    assert parse_cached(path, "a = 1\n", parse) == {"fail_on": "warn", "warn_days": 90}
    assert parse_cached(path, "a = 1\n", parse) == {"fail_on": "warn", "warn_days": 90}
    assert parse_cached(path, "a = 2\n", parse) == {"fail_on": "warn", "warn_days": 90}
    assert calls == ["a = 1\n", "a = 2\n"]


def test_the_path_as_given_is_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem line names the file as it was given: another spelling is another entry."""
    monkeypatch.chdir(tmp_path)
    calls, parse = counting(("", "problem"))
    parse_cached(Path("eolscan.toml"), "x", parse)
    parse_cached(tmp_path / "eolscan.toml", "x", parse)
    assert len(calls) == 2


def test_a_result_marshal_cannot_hold_is_parsed_every_time(tmp_path: Path) -> None:
    path = tmp_path / "eolscan.toml"
    calls, parse = counting({"when": datetime.date(2027, 1, 1)})
    for _ in range(2):
        assert parse_cached(path, "when = 2027-01-01\n", parse) == {
            "when": datetime.date(2027, 1, 1)
        }
    assert len(calls) == 2


def test_a_scan_in_an_init_repository_reads_its_settings_without_tomllib(tmp_path: Path) -> None:
    """The second run finds eolscan.toml's parse in the cache (tomllib costs a few ms)."""
    import json
    import subprocess
    import sys

    from eolscan.cli.commands.init import create_starter

    create_starter(tmp_path)
    probe = (
        "import json, sys\nfrom eolscan.cli.main import cli\n"
        "try:\n    cli(sys.argv[1:], prog_name='eolscan')\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    args = ["scan", "inventories/", "-f", "json", "--as-of", "2026-12-01", "-q"]
    env = {**os.environ, "NO_COLOR": "1"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, *args], cwd=tmp_path, env=env, capture_output=True
        )
        for _ in range(2)
    ]
    modules = [set(json.loads(run.stderr.splitlines()[-1])) for run in runs]
    assert "eolscan.cli.config" in modules[1]
    assert ("tomllib" in modules[0], "tomllib" in modules[1]) == (True, False)


INVENTORY = """\
client: Acme Dental
hosts:
  - name: FRONT-DESK
    os: Microsoft Windows 10 Pro
    os_version: "10.0.19045"
    last_seen: 2026-11-30 08:15:00+01:00
    software:
      - {name: PHP, version: 7.4}
      - {name: Google Chrome, version: 131.0.6778.86}
"""

ACCEPTED = """\
accept:
  - product: windows-server
    reason: the vendor's appliance needs it
    until: 2027-01-31
"""


PAIRS = """\
ordered: !!omap [{datetime: 2020-01-01}, {date: b}]
pairs: !!pairs [{date: '2020-01-01'}, {a: b}]
when: 2027-01-31
"""
"""Tuples of YAML's own beside a date: kept as they are, never read back as dates."""


@pytest.mark.parametrize("text", [INVENTORY, ACCEPTED, PAIRS])
def test_a_yaml_file_read_on_every_run_is_composed_once_per_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """The same document, lines and source texts, dates still dates, whether parsed or read
    back; each change of the text replaces the one cache file of that path."""
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "client.yaml"
    path.write_text(text, encoding="utf-8")
    expected = compose_with_lines(text)
    assert compose_cached(str(path), text) == expected
    with monkeypatch.context() as unparsed:
        unparsed.setattr(cache, "compose_with_lines", None)
        again = compose_cached(str(path), text)
    assert again == expected  # a date read back as a date: a tuple is not equal to one
    for month in range(3):
        compose_cached(str(path), text + f"# month {month}\n")
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_a_yaml_text_not_from_a_file_is_composed_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    assert compose_cached("-", INVENTORY) == compose_with_lines(INVENTORY)
    assert compose_cached(str(tmp_path), INVENTORY) == compose_with_lines(INVENTORY)
    assert not (tmp_path / "cache").exists()


def test_only_the_newest_parses_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inventories exported to a new path every run leave no cache file behind each time."""
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "KEPT_PARSES", 3)
    for day in range(6):
        monkeypatch.setattr(cache, "_PRUNED", set())  # a run a day
        path = tmp_path / f"export-{day}.yaml"
        path.write_text(INVENTORY, encoding="utf-8")
        compose_cached(str(path), INVENTORY)
        kept = sorted((tmp_path / "cache").glob("composed-*.marshal"))
        assert len(kept) == min(day + 1, 3)
    assert any("export-5" in kept_file.name for kept_file in kept)


def test_a_run_of_many_files_looks_over_the_cache_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A book of one export a machine parses thousands of files in a run: the cache is
    pruned at the run's first new parse, not at each (each is a pass over the folder); the
    next run's first new parse prunes what this one added past the limit."""
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "KEPT_PARSES", 3)
    monkeypatch.setattr(cache, "_PRUNED", set())
    looks: list[str] = []
    prune = cache.prune_cache
    monkeypatch.setattr(cache, "prune_cache", lambda *args: (looks.append(args[0]), prune(*args)))
    for machine in range(6):
        path = tmp_path / f"pc-{machine}.yaml"
        path.write_text(INVENTORY, encoding="utf-8")
        compose_cached(str(path), INVENTORY)
    assert looks == ["composed"]
    assert len(list((tmp_path / "cache").glob("composed-*.marshal"))) == 6
    monkeypatch.setattr(cache, "_PRUNED", set())  # the next run
    path = tmp_path / "pc-new.yaml"
    path.write_text(INVENTORY, encoding="utf-8")
    compose_cached(str(path), INVENTORY)
    kept = list((tmp_path / "cache").glob("composed-*.marshal"))
    assert len(kept) == 3 and any("pc-new" in kept_file.name for kept_file in kept)


def test_the_parses_kept_stay_within_their_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    for machine in range(4):
        monkeypatch.setattr(cache, "_PRUNED", set())
        path = tmp_path / f"pc-{machine}.yaml"
        path.write_text(INVENTORY, encoding="utf-8")
        compose_cached(str(path), INVENTORY)
    sizes = [f.stat().st_size for f in (tmp_path / "cache").glob("composed-*.marshal")]
    assert len(sizes) == 4
    monkeypatch.setattr(cache, "KEPT_PARSE_BYTES", 5 * max(sizes) // 2)  # room for two
    monkeypatch.setattr(cache, "_PRUNED", set())
    path = tmp_path / "pc-new.yaml"
    path.write_text(INVENTORY, encoding="utf-8")
    compose_cached(str(path), INVENTORY)
    kept = list((tmp_path / "cache").glob("composed-*.marshal"))
    assert len(kept) == 2 and any("pc-new" in kept_file.name for kept_file in kept)
