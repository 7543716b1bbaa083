"""The docs document every setting once, and their cron and systemd command lines really run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from eolscan.cli.commands.scan import scan
from eolscan.cli.config import env_name, setting_options
from tests.app.helpers import run
from tests.helpers import EXAMPLES, REPO

PAGES = ("configuration.md", "automation.md", "commands.md")
DOCS = "".join((REPO / "docs" / page).read_text() for page in PAGES)


def section(title: str) -> str:
    start = DOCS.index(f"\n## {title}\n")
    end = DOCS.find("\n## ", start + 1)
    return DOCS[start : end if end != -1 else None]


def test_sections_exist() -> None:
    for title in ("Accepted risks", "Configuration", "Use in CI", "Run it monthly"):
        assert section(title)
    assert "eolscan init" in section("Start an inventory repository: `eolscan init`")
    for command in ("eolscan validate", "eolscan config show", "eolscan init"):
        assert command in DOCS


def test_every_setting_is_in_the_configuration_table_once_with_its_variable() -> None:
    rows = [line for line in section("Configuration").splitlines() if line.startswith("| `")]
    for key, option in setting_options(scan).items():
        matching = [row for row in rows if f"| `{key}`" in row]
        assert len(matching) == 1, f"{key} must have exactly one row"
        assert f"`{env_name(key)}`" in matching[0]
        assert f"`{option.opts[-1]}" in matching[0] or f"`{option.opts[0]}" in matching[0]
    assert len(rows) == len(setting_options(scan)) + 1  # and --config


def eolscan_args(line: str) -> list[str]:
    """The arguments after the eolscan executable in a documented command line."""
    words = shlex.split(line.rstrip("; }"))
    last = max(i for i, w in enumerate(words) if w.endswith("/eolscan"))  # the scan
    return words[last + 1 :]


def test_crontab_and_systemd_commands_write_dated_reports(bare_dir: Path) -> None:
    monthly = section("Run it monthly")
    crontab = next(line for line in monthly.splitlines() if line.startswith("17 "))
    service = re.search(r"^ExecStart=(.+)$", monthly, re.M)
    assert service is not None
    (bare_dir / "clients").mkdir()
    shutil.copy(EXAMPLES / "acme-dental.yaml", bare_dir / "clients")
    fresh = "2026-08-24"  # the bundled data is current then: no warnings
    for line, code in ((crontab, 0), (service.group(1), 1)):
        result = run([*eolscan_args(line), "--as-of", fresh])
        assert (result.exit_code, result.stdout, result.stderr) == (code, "", "")
    assert sorted(p.name for p in (bare_dir / "reports").iterdir()) == [
        f"acme-dental-{fresh}.json",
        f"acme-dental-{fresh}.txt",
        "index.html",
        "index.json",
        "index.md",
    ]
