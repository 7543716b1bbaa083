"""Package-manager listings as collection scripts save them: one host per file.

``dpkg -l``, ``dpkg-query -W``, ``apt list --installed``, ``rpm -qa``, ``yum``/``dnf list
installed`` and ``apk info -v``. The host comes from the file name (``web01-dpkg.txt``)
or its folder (``web01/dpkg.txt``); its OS from an os-release, ``lsb_release -a`` or
``hostnamectl`` block in the same file, else from a release file beside it. Every package
is tagged ``package:deb``/``package:rpm``/``package:apk``: a distribution build, which
the distribution maintains. Removed packages (``rc``, ``un``) are not installed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from eolscan.inventory.interface import HEAD_CHARS, InventoryError, InventoryReader, Source
from eolscan.inventory.os_release import OS_RELEASE_LINE, host_and_client, os_of_block, unquote
from eolscan.inventory.release_text import (
    ReleaseInfo,
    host_and_client_of,
    host_from_name,
    labelled,
    read_release_text,
    release_from_labels,
)
from eolscan.inventory.rows import rows_within_limits
from eolscan.model import AssetRow, Kind

Parsed = tuple[str, str] | None | str
"""A listing line: (name, version), None for a line to pass over, or why it is unreadable."""

_ARCHES = (
    r"(?:x86_64|noarch|i[3-6]86|aarch64|arm64|armv7hl|armhfp|ppc64le|ppc64|s390x|src|\(none\))"
)
_DPKG_RULE = re.compile(r"^\+\+\+-=+")
_DPKG_ROW = re.compile(r"^([uihrpUIHRP])([ncHUFWti ])([ RX]?)\s+(\S+)\s+(\S+)")
_DPKG_QUERY = re.compile(r"^([a-z0-9][a-z0-9+.-]+)(?::[a-z0-9]+)?\t(\d[^\t ]*)$")
_APT = re.compile(r"^([a-z0-9][a-z0-9+.-]*)/(\S+) (\S+) (\S+)(?: \[([^\]]*)\])?$")
_RPM = re.compile(rf"^(.+?)-((?:\d+:)?[^-\s]+-[^-\s]+?)\.{_ARCHES}(?:\s.*)?$")
_YUM = re.compile(rf"^(\S+)\.{_ARCHES}\s+(\S+-\S+)\s+(\S+)$")
_YUM_NAME = re.compile(rf"^\S+\.{_ARCHES}$")
_YUM_REST = re.compile(r"^\s+\S+-\S+\s+\S+$")
_APK = re.compile(r"^([A-Za-z0-9][\w.+-]*?)-(\d[\w.+~]*-r\d+)$")
_INSTALLED_HEADING = re.compile(r"^Installed [Pp]ackages\s*$")
_APT_NOISE = ("Listing...", "WARNING: apt does not have a stable CLI", "N: ")
ECOSYSTEM = {
    "dpkg -l": "deb",
    "dpkg-query -W": "deb",
    "apt list": "deb",
    "rpm -qa": "rpm",
    "yum list installed": "rpm",
    "apk info -v": "apk",
}
"""Each listing and the package type its packages are (the ``package:`` tag)."""
MIN_LINES = 2
SHARE = 0.75
"""A listing without a header is recognised when this share of its lines are its rows."""
RELEASE_BESIDE = ("os-release", "etc/os-release", "lsb-release", "debian_version")
RELEASE_GLOBS = (
    "*-release",
    "etc/*-release",
    "*lsb_release*",
    "*hostnamectl*",
    "*os-release*",
    "*debian_version*",
)


def _dpkg(line: str) -> Parsed:
    if not line or line.startswith(("Desired=", "| ", "|/", "||/", "+++")):
        return None
    match = _DPKG_ROW.match(line)
    if match is None:
        return "expected a dpkg -l row (status, name, version)"
    if match.group(2) in "nc ":  # not installed, or only its configuration files left (rc)
        return None
    return match.group(4).split(":", 1)[0], match.group(5)


def _dpkg_query(line: str) -> Parsed:
    match = _DPKG_QUERY.match(line)
    return (match.group(1), match.group(2)) if match else "expected name<TAB>version"


def _apt(line: str) -> Parsed:
    if line.startswith(_APT_NOISE):
        return None
    match = _APT.match(line)
    if match is None:
        return "expected an apt list line (name/suite version arch [installed])"
    status = match.group(5) or ""
    if "installed" not in status.split(",") and not status.startswith("installed"):
        return None  # apt list without --installed: available, not installed
    return match.group(1), match.group(3)


def _rpm(line: str) -> Parsed:
    if line.startswith("gpg-pubkey-"):
        return None  # a signing key rpm keeps in its database, not software
    match = _RPM.match(line)
    return (match.group(1), match.group(2)) if match else "expected name-version-release.arch"


def _apk(line: str) -> Parsed:
    if line.startswith("WARNING:"):
        return None
    match = _APK.match(line)
    return (match.group(1), match.group(2)) if match else "expected name-version-rN"


PARSERS: dict[str, Callable[[str], Parsed]] = {
    "dpkg -l": _dpkg,
    "dpkg-query -W": _dpkg_query,
    "apt list": _apt,
    "rpm -qa": _rpm,
    "apk info -v": _apk,
}


def _is_release_line(line: str) -> bool:
    return bool(OS_RELEASE_LINE.match(line)) or bool(labelled([(0, line)]))


def listing_kind(head: str) -> str | None:
    """Which listing ``head`` is, from its lines (header rules and row shapes), or None."""
    lines = [ln.rstrip() for ln in head.splitlines()[:300]]
    lines = [ln for ln in lines if ln.strip() and not _is_release_line(ln.strip())]
    if any(_DPKG_RULE.match(ln) for ln in lines[:12]):
        return "dpkg -l"
    if any(_INSTALLED_HEADING.match(ln) for ln in lines[:12]):
        return "yum list installed"
    body = [ln for ln in lines if not ln.startswith((*_APT_NOISE, "WARNING:", "Loaded plugins"))]
    if len(body) < MIN_LINES:
        return None
    if sum(_yum_like(ln) for ln in body) >= SHARE * len(body) and any(map(_YUM.match, body)):
        return "yum list installed"
    for kind, pattern in (
        ("dpkg-query -W", _DPKG_QUERY),
        ("apt list", _APT),
        ("apk info -v", _APK),
        ("rpm -qa", _RPM),
    ):
        if sum(bool(pattern.match(ln)) for ln in body) >= SHARE * len(body):
            return kind
    return None


def _yum_like(line: str) -> bool:
    """A ``yum list`` row, or half of one that wrapped (``name.arch`` / indented rest)."""
    return bool(_YUM.match(line) or _YUM_NAME.match(line) or _YUM_REST.match(line))


class PackageListReader(InventoryReader):
    """Package-manager listings (dpkg, apt, rpm, yum/dnf, apk), one host per file."""

    name = "packages"
    description = (
        "package listings: dpkg -l, dpkg-query -W, apt list --installed, rpm -qa, "
        "yum/dnf list installed, apk info -v; host from the file or folder name"
    )

    def detect(self, source: Source) -> bool:
        head = source.head()
        if head.lstrip().startswith(("{", "[", "<")):
            return False
        return listing_kind(head) is not None

    def rows(self, source: Source) -> Iterator[AssetRow]:
        return rows_within_limits(self._rows(source))  # a line may be longer than a field

    def _rows(self, source: Source) -> Iterator[AssetRow]:
        kind = listing_kind(source.head())
        if kind is None:
            raise InventoryError(f"{source.name}:1: not a package listing")
        host, client = host_and_client_of(source)
        tags = (f"package:{ECOSYSTEM[kind]}",)
        # The OS first where it is known before the packages (in the head, or beside the
        # file): a verdict judges the host's distribution builds by it as they stream.
        found = _os_in_head(source) or _os_beside(source, host)
        if found is not None:
            yield _os_row(client, host, found)
        release: dict[str, tuple[str, int]] = {}
        labels: list[tuple[int, str]] = []
        count = 0
        for number, name, version in _packages(source, kind, release, labels):
            count += 1
            item = (Kind.SOFTWARE, name, version, False)
            yield client, host, item, source.name, number, tags, ""
        if found is None and (found := _os_in_file(source, release, labels)) is not None:
            yield _os_row(client, host, found)  # an os-release block after the listing
        if not count:
            raise InventoryError(f"{source.name}:1: no installed packages in this {kind} listing")


def _packages(
    source: Source,
    kind: str,
    release: dict[str, tuple[str, int]],
    labels: list[tuple[int, str]],
) -> Iterator[tuple[int, str, str]]:
    """(line, name, version) of every installed package; release lines go to ``release``."""
    if kind == "yum list installed":
        yield from _yum_rows(source, release, labels)
        return
    parse = PARSERS[kind]
    for number, raw in enumerate(source.lines(), start=1):
        line = raw.strip()
        if not line or _release_line(line, number, release, labels):
            continue
        parsed = parse(raw.rstrip() if kind == "dpkg -l" else line)
        if isinstance(parsed, str):
            source.skip(f"{source.name}:{number}", parsed)
        elif parsed is not None:
            yield number, parsed[0], parsed[1]


def _yum_rows(
    source: Source, release: dict[str, tuple[str, int]], labels: list[tuple[int, str]]
) -> Iterator[tuple[int, str, str]]:
    """``yum list installed``: rows after the heading; a long name wraps its columns to the
    next, indented line; the rows end at the first line that is not one (yum's footers)."""
    started = False
    held: tuple[int, str] | None = None
    for number, raw in enumerate(source.lines(), start=1):
        line = raw.strip()
        if not started:
            if _INSTALLED_HEADING.match(line) or _YUM.match(line):
                started = True
                if _INSTALLED_HEADING.match(line):
                    continue
            else:
                _release_line(line, number, release, labels)
                continue
        if held is not None and raw[:1].isspace():
            line, number = f"{held[1]} {line}", held[0]
            held = None
        elif held is not None:
            source.skip(f"{source.name}:{held[0]}", "expected name.arch version repository")
            held = None
        if not line:
            continue
        match = _YUM.match(line)
        if match is not None:
            yield number, match.group(1), match.group(2)
        elif len(line.split()) == 1 and "." in line and not raw[:1].isspace():
            held = (number, line)
        else:
            return


def _release_line(
    line: str, number: int, release: dict[str, tuple[str, int]], labels: list[tuple[int, str]]
) -> bool:
    """Keep an os-release or ``lsb_release``/``hostnamectl`` line; True when it was one."""
    pair = OS_RELEASE_LINE.match(line)
    if pair is not None:
        release.setdefault(pair.group(1), (unquote(pair.group(2)), number))
        return True
    if labelled([(number, line)]):
        labels.append((number, line))
        return True
    return False


def _os_in_file(
    source: Source, release: dict[str, tuple[str, int]], labels: list[tuple[int, str]]
) -> tuple[str, ReleaseInfo] | None:
    """The OS an os-release or lsb_release/hostnamectl block in the listing states."""
    found = os_of_block(release)
    if found is not None:
        return source.name, ReleaseInfo(*found)
    info = release_from_labels(labelled(labels))
    return (source.name, info) if info else None


def _os_in_head(source: Source) -> tuple[str, ReleaseInfo] | None:
    """The OS a release block in the first 64 KiB states (where collection scripts put it)."""
    release: dict[str, tuple[str, int]] = {}
    labels: list[tuple[int, str]] = []
    head = source.head()
    lines = head.splitlines()
    if len(head) >= HEAD_CHARS:
        lines = lines[:-1]  # the last line may be cut short
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            _release_line(raw.strip(), number, release, labels)
    return _os_in_file(source, release, labels)


def _os_row(client: str, host: str, found: tuple[str, ReleaseInfo]) -> AssetRow:
    file, info = found
    return client, host, (Kind.OS, info.name, info.version, False), file, info.line, (), ""


def _os_beside(source: Source, host: str) -> tuple[str, ReleaseInfo] | None:
    """The OS of a release file in the same folder that is this host's (or no host's)."""
    if source.name == "<stdin>":
        return None
    for candidate in _beside(Path(source.name), host):
        info = _release_of(candidate)
        if info is not None:
            return str(candidate), info
    return None


def _beside(path: Path, host: str) -> Iterator[Path]:
    """Release files in the folder of ``path`` that are ``host``'s or name no host."""
    candidates = [path.parent / name for name in RELEASE_BESIDE]
    for pattern in RELEASE_GLOBS:
        candidates.extend(sorted(path.parent.glob(pattern)))
    for candidate in dict.fromkeys(candidates):
        named = host_from_name(candidate)
        if candidate != path and candidate.is_file() and (not named or named == host):
            yield candidate


def release_files_of_listings(folder: Path) -> tuple[set[Path], set[Path]]:
    """(listings, the release files they read the OS from) in ``folder``: a folder walk
    reads such a release file through its listing, so that the OS is read once."""
    listings: set[Path] = set()
    claimed: set[Path] = set()
    try:
        children = sorted(p for p in folder.iterdir() if p.is_file())
    except OSError:
        return listings, claimed
    for child in children:
        if _looks_like_listing(child):
            listings.add(child)
            host = host_from_name(child) or host_and_client(child)[0]
            for candidate in _beside(child, host):
                if _release_of(candidate) is not None:
                    claimed.add(candidate)
                    break
    return listings, claimed


def _looks_like_listing(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(16 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return False
    return not head.lstrip().startswith(("{", "[", "<")) and listing_kind(head) is not None


def _release_of(path: Path) -> ReleaseInfo | None:
    """What a small release file beside a listing says (os-release or release text)."""
    try:
        if path.stat().st_size > 64 * 1024:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    block: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        pair = OS_RELEASE_LINE.match(line.strip())
        if pair is not None:
            block.setdefault(pair.group(1), (unquote(pair.group(2)), number))
    found = os_of_block(block)
    if found is not None:
        return ReleaseInfo(found[0], found[1], found[2])
    return read_release_text(Source(str(path), text), text)
