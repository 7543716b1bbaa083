"""One client's folder read as a folder of clients, said in a warning.

Each file at the top of a scanned folder is a client of its own, named after the file
(``docs/inputs.md``): a folder of client exports reads as it should, but one client's
folder of PowerShell ``os.csv`` and ``software.csv``, or a Mac's ``sw_vers`` and osquery
exports, becomes clients ``os`` and ``software``, each machine split between them. Which
one was meant only the files' machines tell: files of one folder that name mostly the
same machines are one client's, and the warning says how to read them so.
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
    in_folder: dict[str, list[str]] = {}
    for client, (file, *more) in client_files(report).items():
        if not more and client_name(Path(file)) == client:
            in_folder.setdefault(str(Path(file).parent), []).append(client)
    folder_of = {c: folder for folder, named in in_folder.items() if len(named) > 1 for c in named}
    if not folder_of:
        return []
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
    return [_warning(folder, sorted(clients)) for folder, clients in sorted(together.items())]


def _warning(folder: str, clients: list[str]) -> str:
    named = ", ".join(f"'{client}'" for client in clients)
    return (
        f"{folder}: files read as clients {named} name the same machines (each file at the "
        "top of a scanned folder is a client of its own); if the folder is one client's, put "
        "a client.toml in it or scan it with --client NAME"
    )
