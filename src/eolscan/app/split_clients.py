"""One client's folder read as a folder of clients, said in a warning.

Each file at the top of a scanned folder is a client of its own, named after the file
(``docs/inputs.md``): a folder of client exports reads as it should, but one client's
folder of PowerShell ``os.csv`` and ``software.csv``, or a Mac's ``sw_vers`` and osquery
exports, becomes clients ``os`` and ``software``, each machine split between them. Which
one was meant the files' machines tell: files of one folder that name mostly the same
machines are one client's, and the warning says how to read them so. Folders named after
the tool that wrote them (``osquery/``, ``sw_vers/``) tell it too, when each holds other
machines: a client is not called ``osquery``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from eolscan.inventory.text import client_name
from eolscan.report.findings import FindingStream

if TYPE_CHECKING:
    from eolscan.report.report import Report

TOOL_FOLDERS = frozenset(
    {
        "ansible",
        "computerinfo",
        "cyclonedx",
        "dpkg",
        "facts",
        "fleet",
        "glpi",
        "intune",
        "jamf",
        "lansweeper",
        "munki",
        "ninjaone",
        "osquery",
        "packages",
        "pdq",
        "powershell",
        "rpm",
        "sbom",
        "sboms",
        "sccm",
        "spdx",
        "sw_vers",
        "system_profiler",
        "wazuh",
        "winget",
        "wmi",
    }
)
"""Folder names that say which tool wrote the files in them, not whose machines they are."""

MAX_CLIENTS_A_NAME = 20
"""Clients past which a host name is taken for a common one (``RECEPTION``, ``PC-01``), no
sign that files belong together (and pairs of clients are counted per host)."""


def client_files(report: Report) -> dict[str, set[str]]:
    """Each client's input files (also to find a client folder's ``client.toml``)."""
    if isinstance(report.findings, FindingStream):
        return report.findings.client_files()
    files: dict[str, set[str]] = {}
    for finding in report.findings:
        files.setdefault(finding.asset.client, set()).add(finding.asset.location.file)
    return files


def host_files(report: Report) -> Iterable[tuple[str, str, str]]:
    """Each (client, host, file) of the report: a stream's from its host groups."""
    stream = report.findings
    if isinstance(stream, FindingStream):
        return stream.host_files()
    return {(f.asset.client, f.asset.host, f.asset.location.file): None for f in stream}


def split_client_warnings(report: Report) -> list[str]:
    """A warning per folder whose files were read as clients of their own (one file each,
    named after it) while they name mostly the same machines: at least half the machines of
    the smaller of two such files. The machines are looked at only where a folder has two
    such clients (a book of one export with a client column has none)."""
    files = client_files(report)
    in_folder: dict[str, list[str]] = {}
    for client, (file, *more) in files.items():
        if not more and client_name(Path(file)) == client:
            in_folder.setdefault(str(Path(file).parent), []).append(client)
    folder_of = {c: folder for folder, named in in_folder.items() if len(named) > 1 for c in named}
    together = _tool_folders(files)
    for folder, file_clients in in_folder.items():  # a tool's folder scanned on its own
        if len(file_clients) > 1 and Path(folder).name.lower() in TOOL_FOLDERS:
            together.setdefault(folder, set()).update(file_clients)
    if folder_of:
        for folder, named in _sharing_machines(report, folder_of).items():
            together.setdefault(folder, set()).update(named)
    return [_warning(folder, sorted(clients)) for folder, clients in sorted(together.items())]


def _sharing_machines(report: Report, folder_of: dict[str, str]) -> dict[str, set[str]]:
    """Per folder, its clients (files read as clients named after them, ``folder_of``) that
    name mostly the same machines as another of them."""
    hosts: dict[str, set[str]] = {}
    for client, host, _ in host_files(report):
        if client in folder_of:
            hosts.setdefault(client, set()).add(host.lower())
    clients_of: dict[tuple[str, str], list[str]] = {}
    for client, names in hosts.items():
        for host in names:
            clients_of.setdefault((folder_of[client], host), []).append(client)
    shared: Counter[tuple[str, str]] = Counter()
    for named in clients_of.values():
        if 1 < len(named) <= MAX_CLIENTS_A_NAME:
            shared.update(combinations(sorted(named), 2))
    together: dict[str, set[str]] = {}
    for (first, second), count in shared.items():
        if 2 * count >= min(len(hosts[first]), len(hosts[second])):
            together.setdefault(folder_of[first], set()).update((first, second))
    return together


def _tool_folders(files: dict[str, set[str]]) -> dict[str, set[str]]:
    """Per scanned folder, its sub-folders read as clients named after an inventory tool
    (``studio-nord/osquery/``, ``studio-nord/sw_vers/``), and the other clients beside them,
    from each client's input ``files``."""
    beside: dict[str, set[str]] = {}
    tools: set[str] = set()
    for client, own in files.items():
        parents = {Path(file).parent for file in own}
        if client.lower() in TOOL_FOLDERS and all(p.name == client for p in parents):
            tools.add(str(next(iter(parents)).parent))
        for parent in parents:  # a file at the top, or a sub-folder, of each folder above
            beside.setdefault(str(parent), set()).add(client)
            beside.setdefault(str(parent.parent), set()).add(client)
    return {folder: beside[folder] for folder in tools if len(beside[folder]) > 1}


def _warning(folder: str, clients: list[str]) -> str:
    named = ", ".join(f"'{client}'" for client in clients)
    fix = "if the folder is one client's, put a client.toml in it or scan it with --client NAME"
    tools = [client for client in clients if client.lower() in TOOL_FOLDERS]
    if Path(folder).name.lower() in TOOL_FOLDERS and not tools:
        return (
            f"{folder}: a folder named after the tool that wrote its files; they were read as "
            f"clients {named} (each file at the top of a scanned folder is a client of its "
            "own); if they are one client's, put a client.toml in that client's folder (this "
            "one or the one above it) or scan it with --client NAME"
        )
    if tools:
        others = [f"'{client}'" for client in clients if client not in tools]
        beside = f", beside {', '.join(others)}" if others else ""
        return (
            f"{folder}: sub-folders named after the tools that wrote them ("
            + ", ".join(f"'{tool}'" for tool in tools)
            + f") were read as clients{beside} (each file and sub-folder of a scanned folder "
            f"is a client of its own); {fix}"
        )
    return (
        f"{folder}: files read as clients {named} name the same machines (each file at the "
        f"top of a scanned folder is a client of its own); {fix}"
    )
