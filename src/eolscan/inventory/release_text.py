"""Release information as commands print it: ``lsb_release -a``, ``hostnamectl``, one-line
``/etc/*-release`` files and ``/etc/debian_version``, whatever the file is called.

Each file is one host: ``hostnamectl`` names it (Static hostname); otherwise the file
name (``web01-lsb_release.txt``) or the folder it was collected into names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.os_release import host_and_client
from eolscan.inventory.rows import make_row
from eolscan.inventory.text import client_name
from eolscan.model import AssetRow, Kind

_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ?]*?)\s*:\s*(.*?)\s*$")
LSB_LABELS = ("Distributor ID", "Description", "Release", "Codename")
HOSTNAMECTL_LABELS = ("Static hostname", "Operating System", "Kernel", "Architecture")
SYSTEMINFO_LABELS = ("Host Name", "OS Name", "OS Version")
"""Windows ``systeminfo`` (its default list form): the host, the edition and the build."""
_DISTRO_WORDS = re.compile(
    r"\b(?:linux|centos|red hat|fedora|suse|rocky|almalinux|oracle|amazon|debian|ubuntu|"
    r"alpine|opensuse|scientific|cloudlinux|mageia|mandriva|slackware|gentoo|photon|eurolinux)\b",
    re.IGNORECASE,
)
_ONE_LINER = re.compile(r"^[A-Za-z][\w ./()+-]*?\s(?:release\s+)?v?\d[\w.]*(?:\s.*)?$")
_DEBIAN_VERSION = re.compile(r"^(?:\d+(?:\.\d+)*|[a-z]+/sid)$")
_RELEASE_WORD = re.compile(r"\brelease \d", re.IGNORECASE)
MAX_ONE_LINER = 200
"""A release one-liner is short; a longer single line is something else."""
_COMMAND_NAMES = re.compile(
    r"(?:(?:^|[._-])(?:lsb[-_]?release(?:[-_]a)?|hostnamectl(?:[-_]status)?|debian[-_]version|"
    r"[a-z]+[-_]release|release|os|dpkg(?:[-_](?:l|list|query(?:[-_]w)?))?|"
    r"apt(?:[-_]list)?(?:[-_]+installed)?|rpm(?:[-_]qa)?|(?:yum|dnf)(?:[-_]list)?(?:[-_]installed)?|"
    r"apk(?:[-_]info)?(?:[-_]v)?|winget(?:[-_](?:list|upgrade))?|systeminfo|(?:get[-_]?)?computer[-_]?info|"
    r"packages|installed|pkgs?))?(?:\.(?:txt|out|log|lst|list|json))?$",
    re.IGNORECASE,
)
"""A collected file's name after its host: the command or file it holds, and an extension."""


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """What a release text says: the OS name and version, the line it is on, and the host."""

    name: str
    version: str
    line: int
    host: str = ""


_LABELS = frozenset((*LSB_LABELS, *HOSTNAMECTL_LABELS, *SYSTEMINFO_LABELS, "CPE OS Name"))


def labelled(lines: Iterable[tuple[int, str]]) -> dict[str, tuple[str, int]]:
    """``Label: value`` lines (``lsb_release -a``, ``hostnamectl``, ``systeminfo``) by label,
    first one wins."""
    found: dict[str, tuple[str, int]] = {}
    for number, line in lines:
        match = _LABEL.match(line)
        if match and match.group(1) in _LABELS:
            found.setdefault(match.group(1), (match.group(2), number))
    return found


def release_from_labels(found: dict[str, tuple[str, int]]) -> ReleaseInfo | None:
    """The OS ``lsb_release -a``, ``hostnamectl`` or ``systeminfo`` output states, if any."""
    if found.get("OS Name", ("", 0))[0] and "OS Version" in found:
        name, line = found["OS Name"]  # systeminfo: "10.0.19045 N/A Build 19045"
        return ReleaseInfo(name, found["OS Version"][0], line, found.get("Host Name", ("", 0))[0])
    host = found.get("Static hostname", ("", 0))[0]
    if found.get("Operating System", ("", 0))[0]:
        name, line = found["Operating System"]
        return ReleaseInfo(name, "", line, host)
    description = found.get("Description", ("", 0))
    distributor = found.get("Distributor ID", ("", 0))
    release = found.get("Release", ("", 0))[0]
    if release.lower() == "n/a":
        release = ""
    if description[0] and description[0].lower() != "n/a":
        return ReleaseInfo(description[0], release, description[1], host)
    if distributor[0]:
        return ReleaseInfo(distributor[0], release, distributor[1], host)
    return None


def one_liner(text: str, file_name: str) -> ReleaseInfo | None:
    """A one-line release file: ``CentOS Linux release 7.9.2009 (Core)``, ``openSUSE 42.1
    (x86_64)``; or ``/etc/debian_version`` (``12.5``, ``trixie/sid``) when the name says so."""
    lines = [(n, ln.strip()) for n, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    if len(lines) != 1 or len(lines[0][1]) > MAX_ONE_LINER:
        return None
    number, line = lines[0]
    if "debian_version" in file_name.lower() and _DEBIAN_VERSION.match(line):
        return ReleaseInfo("Debian", line, number)
    if "=" in line or ":" in line or not _ONE_LINER.match(line):
        return None
    return ReleaseInfo(line, "", number) if _DISTRO_WORDS.search(line) else None


def host_from_name(path: Path) -> str:
    """``web01-lsb_release.txt`` -> ``web01``; ``""`` when the name is only the command's."""
    stem = _COMMAND_NAMES.sub("", path.name)
    return stem if stem and stem != path.name else ""


def default_host(source: Source) -> str:
    """The host a release or package file stands for: its name, else its folder."""
    if source.name == "<stdin>":
        return "stdin"
    path = Path(source.name)
    return host_from_name(path) or host_and_client(path)[0]


def host_and_client_of(source: Source, host: str = "") -> tuple[str, str]:
    """The host and client a one-host file stands for. The client is the one given, else
    (when it is only the file's own name, the default) the folder that holds the host."""
    if source.name == "<stdin>":
        return host or "stdin", source.client
    path = Path(source.name)
    named = host_from_name(path)
    folder_host, folder_client = host_and_client(path)
    client = source.client
    if client == client_name(path):
        above = path.absolute().parent.name if named else folder_client
        client = above or client
    return host or named or folder_host, client


def read_release_text(source: Source, text: str) -> ReleaseInfo | None:
    """The OS of a release text in any of the forms this module reads."""
    numbered = list(enumerate(text.splitlines(), start=1))
    return release_from_labels(labelled(numbered)) or one_liner(text, Path(source.name).name)


class ReleaseTextReader(InventoryReader):
    """``lsb_release -a``, ``hostnamectl``, release one-liners, ``debian_version`` and Windows'
    ``systeminfo``."""

    name = "release-text"
    description = (
        "lsb_release -a, hostnamectl, /etc/*-release one-liners, /etc/debian_version, systeminfo"
    )

    def detect(self, source: Source) -> bool:
        head = source.head()
        if head.lstrip().startswith(("{", "[", "<")):
            return False
        found = labelled(enumerate(head[:8192].splitlines()[:40], start=1))
        if "OS Name" in found and "OS Version" in found:
            return True  # systeminfo: its hotfix and network lists may make it long
        if len(head) > 16 * 1024:
            return False
        if "Distributor ID" in found and "Release" in found:
            return True
        if "Static hostname" in found and "Operating System" in found:
            return True
        base = Path(source.name).name
        info = one_liner(head, base)
        if info is None:
            return False
        # "CentOS Linux release 7.9" in a file named *-release: the os-release reader's already
        return not (base.endswith("-release") and _RELEASE_WORD.search(info.name))

    def rows(self, source: Source) -> Iterator[AssetRow]:
        info = read_release_text(source, source.text)
        if info is None:
            raise InventoryError(
                f"{source.name}:1: no operating system in this text (expected lsb_release -a, "
                "hostnamectl, a one-line release file, debian_version or systeminfo)"
            )
        host, client = host_and_client_of(source, info.host)
        yield make_row(
            client, host, Kind.OS, info.name, info.version, file=source.name, line=info.line
        )
