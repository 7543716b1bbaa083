"""``validate`` checks exactly what ``scan`` reads, and knows overlays and settings files."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.app.helpers import run
from tests.helpers import AS_OF, ASSETS, EXAMPLES

OVERLAY = ASSETS / "overlay" / "acme-overlay.yaml"


def client_folders(root: Path) -> Path:
    """``clients/<client>/...`` as an MSP keeps them: one folder per client, hosts inside."""
    clients = root / "clients"
    (clients / "acme" / "hosts" / "web01").mkdir(parents=True)
    shutil.copy(EXAMPLES / "acme-dental.yaml", clients / "acme" / "inventory.yaml")
    (clients / "acme" / "hosts" / "web01" / "os-release").write_text(
        'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\n', encoding="utf-8"
    )
    (clients / "bakery").mkdir()
    (clients / "bakery" / "export.csv").write_text(
        "client,host,kind,name,version\nBakery,TILL-1,os,Ubuntu,22.04\n", encoding="utf-8"
    )
    return clients


def test_validate_reads_the_files_scan_reads_in_client_sub_folders(bare_dir: Path) -> None:
    clients = client_folders(bare_dir)
    scanned = run(["scan", "clients", "--as-of", AS_OF, "-f", "json", "--fail-on", "never", "-v"])
    read = sorted(
        line.split()[2].rstrip(":")
        for line in scanned.stderr.splitlines()
        if line.startswith("eolscan: read ")
    )
    checked = run(["validate", "-v", "clients"])
    assert checked.exit_code == 0
    validated = sorted(
        line.split()[1].rstrip(":")
        for line in checked.stderr.splitlines()
        if ", no problems" in line
    )
    assert validated == read and len(read) == 3
    broken = clients / "bakery" / "export.csv"  # two levels down: the old walk missed it
    broken.write_text("client,host,kind,name,version\nBakery,TILL-1\n", encoding="utf-8")
    result = run(["validate", "clients"])
    assert result.exit_code == 3
    assert result.stdout.startswith(f"{broken.relative_to(bare_dir)}:")


def test_an_overlay_is_validated_as_an_overlay(bare_dir: Path) -> None:
    shutil.copy(OVERLAY, "overlay.yaml")
    result = run(["validate", "-v", "overlay.yaml"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert "eolscan: overlay.yaml: overlay, no problems" in result.stderr.splitlines()
    Path("overlay.yaml").write_text(
        "contracts:\n  - {product: windows-server, cycle: '2012-r2', until: someday}\n",
        encoding="utf-8",
    )
    bad = run(["validate", "overlay.yaml"])
    assert bad.exit_code == 3
    assert bad.stdout.startswith("overlay.yaml:")


def test_settings_at_the_top_of_a_folder_are_checked_too(bare_dir: Path) -> None:
    client_folders(bare_dir)
    Path("clients/eolscan.toml").write_text("fail_on = 'sometimes'\n", encoding="utf-8")
    result = run(["validate", "clients"])
    assert result.exit_code == 3
    assert result.stdout.startswith("clients/eolscan.toml:")
