"""A folder of one client's exports scanned as a folder of clients (each file at the top a
client of its own) is said in one warning, when its files name mostly the same machines;
a folder of clients, whose files share a machine name now and then, is not."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF, REPO, without_data_notes

OS_CSV = REPO / "tests" / "assets" / "inventory" / "powershell-os.csv"
EXPORTS = REPO / "tests" / "inventory" / "exports" / "assets"
SOFTWARE_CSV = EXPORTS / "ps5-uninstall-FRONTDESK-01.csv"


def test_powershell_os_and_software_of_one_client_are_said_to_be_split(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    shutil.copy(OS_CSV, folder / "os.csv")
    shutil.copy(SOFTWARE_CSV, folder / "FRONTDESK-01.csv")
    result = CliRunner().invoke(cli, ["scan", str(folder), "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 1, result.output
    assert without_data_notes(result.stderr) == (
        f"eolscan: warning: {folder}: files read as clients 'FRONTDESK-01', 'os' name the same "
        "machines (each file at the top of a scanned folder is a client of its own); if the "
        "folder is one client's, put a client.toml in it or scan it with --client NAME\n"
    )
    (folder / "client.toml").write_text('name = "Acme"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(folder), "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code == 1, result.output
    assert without_data_notes(result.stderr) == ""  # one client now: nothing to say
    assert '"clients": 1' in result.output


def client_file(path: Path, hosts: list[str], client: str | None = None) -> None:
    """An eolscan YAML inventory of Windows 10 machines (its client the file's name unless
    ``client`` is given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"client: {client}"] if client else []
    lines.append("hosts:")
    lines += [
        f"  - {{name: {h}, os: Microsoft Windows 10 Pro, os_version: 10.0.19045}}" for h in hosts
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def warnings_of(*paths: Path) -> str:
    arguments = ["scan", *map(str, paths), "--as-of", AS_OF, "-f", "json"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1, result.output
    return without_data_notes(result.stderr)


def test_files_that_share_a_machine_name_now_and_then_are_clients(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    client_file(clients / "acme-dental.yaml", [*(f"AD-{n:02d}" for n in range(8)), "RECEPTION"])
    client_file(clients / "bluebird.yaml", [*(f"BB-{n:02d}" for n in range(5)), "reception"])
    assert warnings_of(clients) == ""
    client_file(
        clients / "bluebird.yaml",
        [*(f"BB-{n:02d}" for n in range(5)), "AD-01", "AD-02", "AD-03", "AD-04", "AD-05"],
    )
    assert warnings_of(clients) == (
        f"eolscan: warning: {clients}: files read as clients 'acme-dental', 'bluebird' name "
        "the same machines (each file at the top of a scanned folder is a client of its own); "
        "if the folder is one client's, put a client.toml in it or scan it with --client NAME\n"
    )


def test_clients_named_otherwise_than_after_their_file_are_left_alone(tmp_path: Path) -> None:
    """A ``client:`` in the file, or files of other folders: not a split."""
    named = tmp_path / "named"
    client_file(named / "os.yaml", ["PC-01", "PC-02"], client="Acme")
    client_file(named / "software.yaml", ["PC-01", "PC-02"], client="Bluebird")
    assert warnings_of(named) == ""
    client_file(tmp_path / "one" / "os.yaml", ["PC-01", "PC-02"])
    client_file(tmp_path / "two" / "software.yaml", ["PC-01", "PC-02"])
    assert warnings_of(tmp_path / "one" / "os.yaml", tmp_path / "two" / "software.yaml") == ""


def test_sub_folders_named_after_tools_are_said_to_be_split(tmp_path: Path) -> None:
    """A Mac studio's exports in a folder per tool, each folder other machines: read as
    clients 'osquery' and 'sw_vers' unless the folder says it is one client's."""
    studio = tmp_path / "studio"
    client_file(studio / "osquery" / "macs.yaml", ["MAC-01", "MAC-02"])
    client_file(studio / "sw_vers" / "macs.yaml", ["MAC-03"])
    client_file(studio / "macs.yaml", ["MAC-04"])  # a Jamf export at the top
    assert warnings_of(studio) == (
        f"eolscan: warning: {studio}: sub-folders named after the tools that wrote them "
        "('osquery', 'sw_vers') were read as clients, beside 'macs' (each file and sub-folder "
        "of a scanned folder is a client of its own); if the folder is one client's, put a "
        "client.toml in it or scan it with --client NAME\n"
    )
    (studio / "client.toml").write_text("", encoding="utf-8")
    assert warnings_of(studio) == ""


def test_client_folders_of_a_book_are_no_tool_folders(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    client_file(clients / "acme" / "inventory.yaml", ["AD-01"])
    client_file(clients / "osquery-labs" / "inventory.yaml", ["OL-01"])
    assert warnings_of(clients) == ""


def test_a_tool_folder_scanned_on_its_own_is_said_to_be_split(tmp_path: Path) -> None:
    """``osquery/`` scanned on its own, each file another machine: its files are read as
    clients of their own, which its name says they are not. With a client.toml in the
    client's folder above, they are that client's, and nothing is said."""
    tool = tmp_path / "northwind" / "osquery"
    client_file(tool / "web01.yaml", ["WEB01"])
    client_file(tool / "db03.yaml", ["DB03"])
    assert warnings_of(tool) == (
        f"eolscan: warning: {tool}: a folder named after the tool that wrote its files; they "
        "were read as clients 'db03', 'web01' (each file at the top of a scanned folder is a "
        "client of its own); if they are one client's, put a client.toml in that client's "
        "folder (this one or the one above it) or scan it with --client NAME\n"
    )
    (tmp_path / "northwind" / "client.toml").write_text("", encoding="utf-8")
    assert warnings_of(tool) == ""


def test_one_file_in_a_tool_named_folder_is_no_split(tmp_path: Path) -> None:
    """A single listing scanned from ``packages/`` is one client: nothing was split."""
    client_file(tmp_path / "packages" / "inventory.yaml", ["WEB01"], client="packages")
    assert warnings_of(tmp_path / "packages" / "inventory.yaml") == ""
