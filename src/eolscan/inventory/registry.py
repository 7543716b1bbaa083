"""Names -> inventory readers, format detection, and reading files, folders and stdin."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from eolscan.errors import UsageError
from eolscan.inventory.ignore_file import IGNORE_FILE, NO_RULES, IgnoreRules, rules_for
from eolscan.inventory.interface import (
    HEAD_CHARS,
    InventoryError,
    InventoryReader,
    SkipHandler,
    Source,
)
from eolscan.inventory.text import read_source
from eolscan.model import Asset, AssetRow, row_asset
from eolscan.support.lazy_regex import LazyRegex
from eolscan.support.logging_setup import log

READERS: dict[str, str] = {
    "cyclonedx": "eolscan.inventory.cyclonedx:CycloneDxReader",
    "spdx": "eolscan.inventory.spdx:SpdxReader",
    "osquery": "eolscan.inventory.osquery:OsqueryReader",
    "ansible": "eolscan.inventory.ansible:AnsibleReader",
    "glpi": "eolscan.inventory.glpi:GlpiReader",
    "wazuh": "eolscan.inventory.wazuh:WazuhReader",
    "fleet": "eolscan.inventory.fleet:FleetReader",
    "computerinfo": "eolscan.inventory.computerinfo:ComputerInfoReader",
    "native": "eolscan.inventory.native:NativeDocumentReader",
    "packages": "eolscan.inventory.packages:PackageListReader",
    "release-text": "eolscan.inventory.release_text:ReleaseTextReader",
    "winget": "eolscan.inventory.winget:WingetReader",
    "native-csv": "eolscan.inventory.native:NativeCsvReader",
    "os-release": "eolscan.inventory.os_release:OsReleaseReader",
    "sw_vers": "eolscan.inventory.sw_vers:SwVersReader",
    "system_profiler": "eolscan.inventory.system_profiler:SystemProfilerReader",
    "munki": "eolscan.inventory.munki:MunkiInstallInfoReader",
    "jamf-api": "eolscan.inventory.jamf_api:JamfApiReader",
    "lansweeper": "eolscan.inventory.presets:LansweeperReader",
    "ninjaone": "eolscan.inventory.presets:NinjaOneReader",
    "datto": "eolscan.inventory.presets:DattoReader",
    "ocs": "eolscan.inventory.presets:OcsReader",
    "powershell": "eolscan.inventory.presets:PowerShellReader",
    "intune": "eolscan.inventory.console_presets:IntuneReader",
    "defender": "eolscan.inventory.console_presets:DefenderReader",
    "sccm": "eolscan.inventory.console_presets:SccmReader",
    "pdq": "eolscan.inventory.console_presets:PdqReader",
    "jamf": "eolscan.inventory.presets:JamfReader",
    "csv": "eolscan.inventory.csv_mapped:MappedCsvReader",
}
"""Every input format by name, in detection order (most specific first); imported only when used."""

STARTS: dict[str, tuple[str, ...]] = {
    "cyclonedx": ("{", "<"),
    "spdx": ("{", "SPDXVersion:"),
    "osquery": ("{", "["),
    "glpi": ("{", "<"),
    "wazuh": ("{",),
    "fleet": ("{",),
    "computerinfo": ("{", "["),
}
"""What every file a reader recognises starts with, after blanks (each reader's ``detect``
requires it): detection passes over a reader whose starts the input lacks without importing
it, so a YAML inventory does not load the XML parser or the release-file readers."""


INVENTORY_SUFFIXES = (
    ".yaml",
    ".yml",
    ".json",
    ".csv",
    ".tsv",
    ".txt",
    ".xml",
    ".log",
    ".jsonl",
    ".ndjson",
    ".spdx",
)
RELEASE_FILES = ("os-release", "lsb-release")
RELEASE_TEXT_FILES = ("debian_version",)
"""Release files without a suffix that are read by content, not as os-release."""
_STANDARD_RELEASE = LazyRegex(r"^[A-Za-z]+-release$")
MAC_FILES = ("sw_vers", "installinfo.plist")
"""Mac outputs often saved without an inventory suffix (``hosts/mac-042/sw_vers``, Munki's
``InstallInfo.plist``)."""
CLIENT_FILE = "client.toml"
"""The per-client settings file (display name, contacts, ignores): a folder holding one is one
client, whatever its files are called."""
MAX_DEPTH = 3
"""How deep folders are searched for inventories (client folders holding host folders)."""


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read and its client, unless the file or ``--client`` names another."""

    path: str
    client: str | None = None
    error: str = ""
    """Why this input cannot be read at all (an unreadable folder): reading it raises that,
    so it is reported like any broken file while the others are still read."""


def get_reader(name: str) -> InventoryReader:
    """The reader registered under ``name``."""
    try:
        target = READERS[name]
    except KeyError:
        raise InventoryError(
            f"unknown input format {name!r} (choose from {', '.join(READERS)})"
        ) from None
    module, _, cls = target.partition(":")
    reader: InventoryReader = getattr(importlib.import_module(module), cls)()
    return reader


def detect_reader(source: Source) -> InventoryReader:
    """The first reader that recognises ``source``; else an error listing the formats tried."""
    head = source.head()  # never the whole text: a CSV of a million rows streams
    if not head.strip(" \t\r\n") and (len(head) < HEAD_CHARS or not source.text.strip()):
        raise InventoryError(f"{source.name}: empty file (expected an inventory)")
    first = head.lstrip()
    for name in READERS:
        if name in STARTS and not first.startswith(STARTS[name]):
            continue
        reader = get_reader(name)
        if reader.detect(source):
            return reader
    # only when no reader recognised the input (its patterns cost a small scan ~1 ms)
    from eolscan.inventory.classify import NOT_AN_INVENTORY, not_an_inventory

    if not_an_inventory(source):  # a scanner's findings, an antivirus report: say so
        raise InventoryError(f"{source.name}:1: {NOT_AN_INVENTORY}")
    raise InventoryError(
        f"{source.name}: not a known inventory format (tried: {', '.join(READERS)}); "
        "use --input-format to choose one, or --map to name the columns of a CSV; "
        f"a file that is no inventory can be named in {IGNORE_FILE}"
    )


def reader_for(
    input_format: str | None = None,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> InventoryReader | None:
    """The reader options ask for (a preset and/or column map, or a format), or None to detect."""
    if not preset and not mapping:
        return get_reader(input_format) if input_format else None
    # the mapped-CSV reader and its presets only for --map or --preset
    from eolscan.inventory.csv_mapped import MappedCsvReader, column_map_from_dict
    from eolscan.inventory.presets import PRESETS

    if preset and preset not in PRESETS:
        raise UsageError(f"unknown preset {preset!r} (choose from {', '.join(PRESETS)})")
    if input_format and input_format != "csv" and input_format not in PRESETS:
        raise UsageError(
            f"--map and --preset read CSV; they cannot be used with --input-format {input_format}"
        )
    base = PRESETS.get(preset or input_format or "")
    column_map = column_map_from_dict(mapping, base) if mapping else base
    return MappedCsvReader(column_map)


def _is_inventory(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or not path.is_file():
        return False
    return (
        path.suffix.lower() in INVENTORY_SUFFIXES
        or name in RELEASE_FILES
        or name in RELEASE_TEXT_FILES
        or name.endswith("-release")
        or name.lower().endswith(MAC_FILES)
        or _is_fact_cache(path)
    )


def _is_fact_cache(path: Path) -> bool:
    """Ansible's jsonfile fact cache names each file after its host (``web01``, ``10.0.0.5``)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and b'"ansible_' in head


def _host_folder_file(folder: Path) -> Path | None:
    """``<host>/os-release`` or ``<host>/etc/os-release``: a folder that stands for one host
    (None for a folder that cannot be looked into: it is said not read when walked)."""
    try:
        for candidate in (
            folder / "os-release",
            folder / "etc" / "os-release",
            folder / "usr" / "lib" / "os-release",
            folder / "etc" / "debian_version",
            *_standard_release_files(folder),
            *_standard_release_files(folder / "etc"),
        ):
            if candidate.is_file():
                return candidate
    except OSError:  # a folder another user locked: Path.is_file raises for it
        return None
    return None


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False where the system will not say (a folder locked above it)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _exists(path: Path) -> bool:
    """``path.exists()``, False where the system will not say."""
    try:
        return path.exists()
    except OSError:
        return False


def _standard_release_files(folder: Path) -> list[Path]:
    """``redhat-release``, ``SuSE-release``: the distributions' own release file names."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*-release") if _STANDARD_RELEASE.match(p.name))


def _walk(
    folder: Path,
    client: str | None,
    depth: int,
    read_above: frozenset[Path] = frozenset(),
    ignore: IgnoreRules = NO_RULES,
    tell: bool = True,
) -> Iterator[Input]:
    """Files in ``folder`` (client per file at the top), then host folders, then client folders.

    A folder that cannot be listed becomes one input that fails when read. Release files a
    listing reads (``read_above``: listings of the folders above; a host folder's
    ``dpkg-l.txt`` reads its ``etc/os-release``) are not inputs of their own: the OS would
    be read twice, once in another client. What ``.eolscanignore`` files name (``ignore``,
    those of the folders above; each folder's own is added for its subtree) is left out."""
    # a reader (with the release-file readers, ~5 ms) that only folders of host files need
    from eolscan.inventory.packages import release_files_of_listings

    try:
        children = _children(folder)
    except InventoryError as exc:
        yield Input(str(folder), client, error=str(exc))
        return
    if ignore.rules:
        children = [child for child in children if not _left_out(ignore, child, tell)]
    _, own = release_files_of_listings(folder)  # a listing reads its host's release file
    claimed = read_above | own
    for child in children:
        if _is_inventory(child) and child not in claimed:
            unnamed = client is None and child.suffix.lower() not in INVENTORY_SUFFIXES
            if unnamed and _is_fact_cache(child):  # a fact cache: one file per host, one client
                yield Input(str(child), _collection_name(folder))
                continue
            yield Input(
                str(child),
                client or (_release_client(child) if child.name in RELEASE_FILES else None),
            )
    hosts_of = client or _collection_name(folder)  # the client of a folder of host files
    for child in children:
        if not child.is_dir() or child.name.startswith("."):
            continue
        host_file = _host_folder_file(child)
        inner = client or (folder.name if child.name == "hosts" else child.name)
        try:
            inner_ignore = ignore.within(child)
        except InventoryError as exc:  # said, in the folder's client, and the folder read whole
            owner = hosts_of if host_file is not None else inner
            yield Input(str(child / IGNORE_FILE), owner, error=str(exc))
            inner_ignore = ignore
        if host_file is not None and host_file not in claimed:  # not the folder's own listing's
            yield from _host_folder(child, host_file, hosts_of, inner_ignore, tell)
        elif depth < MAX_DEPTH:
            found = False
            for item in _walk(child, inner, depth + 1, claimed, inner_ignore, tell):
                found = True
                yield item
            if not found and _is_file(child / CLIENT_FILE):  # a client whose exports are missing
                missing = f"{child}: no inventory files in a client folder (with {CLIENT_FILE})"
                yield Input(str(child), inner, error=missing)


def _host_folder(
    folder: Path, host_file: Path, client: str, ignore: IgnoreRules, tell: bool
) -> Iterator[Input]:
    """A host folder's inputs: its package listings (which read its release file), its
    release file when no listing reads it, and every other file at its top, read or said
    not read (an empty or unreadable listing, notes) as in any folder."""
    # a reader (with the release-file readers, ~5 ms) that only folders of host files need
    from eolscan.inventory.packages import release_files_of_listings

    listings, claimed = release_files_of_listings(folder)
    for listing in sorted(listings):  # package listings collected with the os-release
        if not ignore.ignores(listing):
            yield Input(str(listing), client)
    if host_file not in claimed:
        yield Input(str(host_file), client)
    try:
        children = _children(folder)
    except InventoryError as exc:
        yield Input(str(folder), client, error=str(exc))
        return
    taken = {*listings, *claimed, host_file}
    for child in children:
        if child not in taken and _is_inventory(child) and not _left_out(ignore, child, tell):
            yield Input(str(child), client)


def _left_out(ignore: IgnoreRules, child: Path, tell: bool) -> bool:
    """Whether an ignore file leaves ``child`` out; at a terminal (and with ``-v``), which
    pattern did (``tell``): a pattern too wide (``*.txt``) would hide exports unsaid."""
    rule = ignore.leaving_out(child, child.is_dir())
    if rule is not None and tell:
        log.info(f"left out {child} ({rule.where}: {rule.pattern})")
    return rule is not None


def _children(folder: Path) -> list[Path]:
    """A folder's entries, sorted; an unreadable folder is a broken input, not a traceback."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        raise InventoryError(f"{folder}: cannot read folder: {exc.strerror or exc}") from exc


def _collection_name(folder: Path) -> str:
    """The client a folder of host folders stands for (``acme/hosts/`` -> ``acme``)."""
    folder = folder.absolute()
    return folder.parent.name if folder.name == "hosts" and folder.parent.name else folder.name


def expand_inputs(paths: list[str], keep_empty: bool = False, tell: bool = True) -> list[Input]:
    """Files as given; folders become their inventory files, each file or sub-folder a client.

    What ``.eolscanignore`` files name is left out of folders (``inventory.ignore_file``).
    A folder holding ``client.toml`` is one client (named after the folder), so a client's
    PowerShell ``os.csv`` and ``software.csv`` are one client, not "os" and "software"; its
    sub-folders (host folders, fact caches) belong to it too, and so does any of its
    sub-folders or files scanned on its own (``client_folder_of``). ``--client`` does the
    same for every input. A ``client:`` written inside a file still wins, for that file
    only. A folder without inventory files is an error, unless ``keep_empty`` (``validate``).
    """
    expanded: list[Input] = []
    for path in paths:
        p = Path(path)
        enclosing = client_folder_of(p) if path != "-" else None
        own = _collection_name(enclosing) if enclosing is not None else None
        if path != "-" and p.is_dir():
            try:
                ignore = rules_for(p)
            except InventoryError as exc:  # said, and the folder read whole: nothing hidden
                expanded.append(Input(path, own, error=str(exc)))
                ignore = NO_RULES
            found = list(_walk(p, own, 1, ignore=ignore, tell=tell))
            if not found and not keep_empty:
                raise InventoryError(f"{path}: no inventory files in this directory")
            expanded.extend(found)
        elif p.name in RELEASE_FILES:
            expanded.append(Input(path, own or _release_client(p)))
        else:
            expanded.append(Input(path, own))
    return expanded


def client_folder_of(path: Path) -> Path | None:
    """The folder holding ``client.toml`` that ``path`` (a folder, or a file) lies in: the
    path's own folder or one above it, as far up as a folder walk reads down (so that
    ``clients/acme/osquery/``, or a file in it, scanned on its own is still ``acme``'s, as
    it is when ``clients/acme/`` is scanned). Not past a repository's root."""
    try:
        folder = (path if path.is_dir() else path.parent).absolute()
    except OSError:
        return None
    for _ in range(MAX_DEPTH):
        if _is_file(folder / CLIENT_FILE):
            return folder
        if _exists(folder / ".git") or folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _release_client(path: Path) -> str | None:
    """``acme/hosts/web01/os-release`` -> ``acme``: the folder that holds the host folders."""
    # the os-release reader (~5 ms to import) only for release files met in a folder
    from eolscan.inventory.os_release import host_and_client

    return host_and_client(path)[1]


def expand_paths(paths: list[str]) -> list[str]:
    """The files ``expand_inputs`` finds, without their clients (what was left out is told
    by the walk that reads them)."""
    return [item.path for item in expand_inputs(paths, tell=False)]


def read_inventories(
    paths: list[str],
    client: str | None = None,
    input_format: str | None = None,
    *,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
    on_skip: SkipHandler | None = None,
) -> Iterator[Asset]:
    """Read every path (files, directories, ``-``) and yield their assets, each row made an
    Asset for whoever shows them one by one (a scan streams the rows, ``read_input_rows``).

    Rows a reader cannot read go to ``on_skip``; without one (strict) the first raises.
    """
    forced = reader_for(input_format, preset, mapping)
    for item in expand_inputs(paths):
        yield from map(row_asset, read_input_rows(item, client, forced, on_skip))


def read_input_rows(
    item: Input, client: str | None, forced: InventoryReader | None, on_skip: SkipHandler | None
) -> Iterator[AssetRow]:
    """Read one expanded input with the forced reader, else the one its content calls for:
    what a scan streams. Opens the input at once; the rows are read as they are taken."""
    if item.error:
        raise InventoryError(item.error)
    source = read_source(item.path, client, on_skip=on_skip, default_client=item.client)
    reader = forced or detect_reader(source)
    return reader.rows(source)
