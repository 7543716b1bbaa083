"""Which client a file belongs to: predictable, and the same in ``scan`` and ``inventory``.

A consultant's folder for one client holds PowerShell's ``os.csv`` (Win32_OperatingSystem)
and ``software.csv`` (the Uninstall keys by Invoke-Command), shaped as the QA samples in
tests/inventory/exports/assets (``ps5-win32-os.csv``, ``invoke-command-uninstall.csv``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.app.client_settings import client_files, load_client_settings
from eolscan.cli.main import cli
from eolscan.inventory.registry import read_inventories
from tests.helpers import AS_OF

QA = Path(__file__).resolve().parent / "exports" / "assets"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """clients/harbour (client.toml, os.csv, software.csv, inventory.yaml with client:),
    clients/bakery.csv (a file in the folder of clients)."""
    harbour = tmp_path / "clients" / "harbour"
    harbour.mkdir(parents=True)
    (harbour / "client.toml").write_text('name = "Harbour Dental Group Practice Ltd"\n')
    shutil.copy(QA / "ps5-win32-os.csv", harbour / "os.csv")
    shutil.copy(QA / "invoke-command-uninstall.csv", harbour / "software.csv")
    (harbour / "branch.yaml").write_text(
        "client: Harbour Branch\nhosts:\n  - {name: BR-PC1, os: Windows 10 Pro, os_version: 22H2}\n"
    )
    (tmp_path / "clients" / "bakery.csv").write_text(
        "client,host,kind,name,version,extended_support\n"
        "Bakery,TILL-1,os,Microsoft Windows 10 Pro,10.0.19045,\n"
    )
    return tmp_path / "clients"


def _clients(paths: list[str], client: str | None = None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for asset in read_inventories(paths, client=client):
        found.setdefault(Path(asset.source.rsplit(":", 1)[0]).name, set()).add(asset.client)
    return found


def test_a_folder_with_client_toml_is_one_client_whatever_its_files_are_called(
    book: Path,
) -> None:
    assert _clients([str(book / "harbour")]) == {
        "os.csv": {"harbour"},
        "software.csv": {"harbour"},
        "branch.yaml": {"Harbour Branch"},  # a client: inside a file wins, for that file only
    }


def test_in_a_folder_of_clients_sub_folders_and_files_are_clients(book: Path) -> None:
    found = _clients([str(book)])
    assert found["os.csv"] == found["software.csv"] == {"harbour"}
    assert found["bakery.csv"] == {"Bakery"}


def test_client_option_makes_a_folder_one_client(book: Path) -> None:
    (book / "harbour" / "client.toml").unlink()
    assert _clients([str(book / "harbour")])["os.csv"] == {"os"}  # a file in a folder of clients
    found = _clients([str(book / "harbour")], client="Harbour")
    assert found["os.csv"] == found["software.csv"] == {"Harbour"}
    assert found["branch.yaml"] == {"Harbour Branch"}


def test_os_and_software_of_a_host_from_two_files_are_one_host(book: Path) -> None:
    result = CliRunner().invoke(
        cli, ["scan", str(book / "harbour"), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    report = json.loads(result.stdout)
    app01 = {f["kind"] for f in report["findings"] if f["host"] == "APP01"}
    assert app01 == {"os", "software"}  # Windows from os.csv, Java from software.csv
    assert {f["client"] for f in report["findings"] if f["host"] == "APP01"} == {"harbour"}
    assert report["summary"]["clients"] == 2  # harbour, and the branch file's own client


def test_inventory_shows_the_client_each_file_went_to(book: Path) -> None:
    result = CliRunner().invoke(cli, ["inventory", str(book), "-f", "json"])
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["os.csv"]["clients"] == ["harbour"]
    assert files["branch.yaml"]["clients"] == ["Harbour Branch"]
    assert files["bakery.csv"]["clients"] == ["Bakery"]
    [line] = [
        ln
        for ln in result.stderr.splitlines()
        if ln.startswith(f"eolscan: {book}/harbour/os.csv: ")
    ]
    assert "; client 'harbour' (" in line  # every host of os.csv went to the folder's client


def test_a_client_folders_sub_folder_or_file_scanned_alone_is_still_that_clients(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``clients/harbour/pcs/`` (a tool's folder) or one of its files, scanned on its own,
    is harbour's, as when ``clients/harbour/`` is scanned; its client.toml's details come
    with it, however the path was written."""
    pcs = book / "harbour" / "pcs"
    pcs.mkdir()
    shutil.move(book / "harbour" / "software.csv", pcs / "software.csv")
    assert _clients([str(pcs)]) == {"software.csv": {"harbour"}}
    assert _clients([str(pcs / "software.csv")]) == {"software.csv": {"harbour"}}
    monkeypatch.chdir(book)
    for given in ("harbour/pcs", "harbour/pcs/software.csv"):
        assert _clients([given]) == {"software.csv": {"harbour"}}
        [found] = client_files([given])
        assert found == Path("harbour") / "client.toml"
        settings = load_client_settings([given])
        details = settings.for_clients({"harbour": {"harbour/pcs/software.csv"}})
        assert details["harbour"].name == "Harbour Dental Group Practice Ltd"


def test_a_client_toml_above_a_repository_is_not_its_clients(book: Path) -> None:
    """A repository of inventories is a world of its own: a client.toml above its root
    (in a home folder, say) does not make the repository's folders one client."""
    repository = book / "harbour" / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "bakery").mkdir()
    shutil.copy(book / "harbour" / "os.csv", repository / "bakery" / "os.csv")
    assert _clients([str(repository / "bakery")]) == {"os.csv": {"os"}}  # a file a client
    assert client_files([str(repository / "bakery")]) == []


def test_a_client_folder_without_exports_is_said_not_read(book: Path) -> None:
    """A client whose exports did not arrive this month (its folder holds only client.toml)
    is a file not read of that client, exit 3: a cron run must not pass over it in silence.
    A folder that is no client's (an empty archive) is no input."""
    (book / "bravo").mkdir()
    (book / "bravo" / "client.toml").write_text('name = "Bravo Ltd"\n', encoding="utf-8")
    (book / "archive").mkdir()
    result = CliRunner().invoke(
        cli, ["scan", str(book), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 3, result.output
    skipped = json.loads(result.stdout)["skipped"]
    assert [(s["source"], s["client"]) for s in skipped] == [(str(book / "bravo"), "bravo")]
    assert "no inventory files in a client folder (with client.toml)" in skipped[0]["reason"]


@pytest.mark.skipif(
    os.name == "nt" or getattr(os, "geteuid", lambda: -1)() == 0,
    reason="mode 000 locks no folder for root, nor on Windows",
)
def test_a_locked_folder_in_a_client_folder_is_said_not_read(book: Path) -> None:
    """A sub-folder another user locked (mode 000) is said not read, by its own path, and
    the client's other files are read: looking into it for a host's release file raised,
    and the whole run stopped naming a path that does not exist (``locked/etc``)."""
    locked = book / "harbour" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = CliRunner().invoke(
            cli, ["scan", str(book), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
        )
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 3, result.output
    skipped = json.loads(result.stdout)["skipped"]
    assert [s["source"] for s in skipped] == [str(locked)]
    assert "cannot read folder" in skipped[0]["reason"]
