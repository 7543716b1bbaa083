"""Frozen records shared by every layer: assets, lifecycle data, findings and reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

DateOrFlag = date | bool | None
"""A lifecycle date, or only a true/false flag where the data has no date, or unknown."""


class Kind(enum.StrEnum):
    """What an inventory line describes."""

    OS = "os"
    SOFTWARE = "software"


class Status(enum.StrEnum):
    """Where a finding stands at ``as_of``."""

    EOL = "eol"
    EXTENDED = "extended"
    WARN = "warn"
    UNKNOWN = "unknown"
    SUPPORTED = "supported"
    ACCEPTED = "accepted"
    IGNORED = "ignored"

    @property
    def rank(self) -> int:
        """Sort key, worst first (lower is worse)."""
        return _STATUS_ORDER.index(self)


_STATUS_ORDER = [
    Status.EOL,
    Status.EXTENDED,
    Status.WARN,
    Status.UNKNOWN,
    Status.ACCEPTED,
    Status.SUPPORTED,
    Status.IGNORED,
]


class Location(NamedTuple):
    """Where an item was read, as fields: its file, the line (None: no line), and a place in
    the file that is not a line where the reader has one (a JSON path such as ``programs[2]``).

    Every report reads the fields; ``text`` is only how people read it, never parsed back.
    """

    file: str
    line: int | None = None
    pointer: str = ""

    @property
    def text(self) -> str:
        """``file:line``, ``file:pointer`` or ``file``: the ``source`` reports show."""
        if self.line:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.pointer}" if self.pointer else self.file


NOWHERE = Location("")
"""The location of an asset no input named (a verdict's, or one typed on the command line)."""


@dataclass(frozen=True, slots=True)
class Asset:
    """One OS or software item on one host, as an inventory file said it."""

    client: str
    host: str
    kind: Kind
    name: str
    version: str = ""
    extended_support: bool = False
    location: Location = NOWHERE
    """Where the inventory said it: file, line and pointer, as fields."""
    tags: tuple[str, ...] = ()
    purl: str = ""
    """The package URL an SBOM gives, shown beside the name."""
    identifier: str = ""
    """What recognition reads instead of the name (an SBOM item's purl or CPE); empty: the name."""

    @property
    def source(self) -> str:
        """Where it was read as people read it (``inv.csv:12``): the JSON report's ``source``."""
        return self.location.text


Item = tuple[Kind, str, str, bool] | tuple[Kind, str, str, bool, str, str]
"""(kind, name, version, extended_support), then (purl, identifier) for an SBOM item: what
an asset's verdict depends on."""

AssetRow = tuple[str, str, Item, str, int, tuple[str, ...], str]
"""An asset as plain tuples, what the scan's hot path streams: (client, host, item, file,
line, tags, pointer), its location as fields: ``line`` 0 when the reader has none, ``pointer``
a place in the file that is not a line (a JSON path such as ``programs[2]``), else "". Rows of
the same item may share one item tuple (a frozen Asset per row would cost more than reading
the row)."""


def row_location(file: str, line: int, pointer: str = "") -> Location:
    """A row's location fields (line 0: none) as a Location."""
    return Location(file, line or None, pointer)


def asset_row(asset: Asset) -> AssetRow:
    """An Asset as an AssetRow."""
    file, line, pointer = asset.location
    item: Item = (asset.kind, asset.name, asset.version, asset.extended_support)
    if asset.purl or asset.identifier:
        item = (*item, asset.purl, asset.identifier)
    return asset.client, asset.host, item, file, line or 0, asset.tags, pointer


def row_asset(row: AssetRow) -> Asset:
    """An AssetRow as an Asset."""
    client, host, item, file, line, tags, pointer = row
    return item_asset(client, host, item, row_location(file, line, pointer), tags)


def item_asset(
    client: str,
    host: str,
    item: Item,
    location: Location = NOWHERE,
    tags: tuple[str, ...] = (),
) -> Asset:
    """An item on a host as an Asset (an SBOM item keeps its purl and identifier; a host
    release the scan appended to a distribution build's item is not part of the asset)."""
    kind, name, version, extended = item[:4]
    if len(item) >= 6 and isinstance(item[4], str):
        purl, identifier = str(item[4]), str(item[5])
        return Asset(client, host, kind, name, version, extended, location, tags, purl, identifier)
    return Asset(client, host, kind, name, version, extended, location, tags)


def item_purl(item: Item) -> str:
    """An SBOM item's package URL, "" for an item without one."""
    return str(item[4]) if len(item) >= 6 and isinstance(item[4], str) else ""


def item_host(item: tuple[object, ...]) -> tuple[str, str] | None:
    """The host's distribution release the scan appended to an item (its last field), if any."""
    last = item[-1]
    return last if len(item) > 4 and isinstance(last, tuple) else None


@dataclass(frozen=True, slots=True)
class Cycle:
    """One release cycle of a product, with endoflife.date's dates or flags."""

    id: str
    label: str
    release: date | None = None
    support_end: DateOrFlag = None
    eol: DateOrFlag = None
    extended_end: DateOrFlag = None
    lts: bool = False
    latest: str | None = None
    link: str | None = None
    codename: str | None = None
    overlay: bool = False
    lifecycle: str = ""
    """"" when the vendor publishes dates; "none" (no published lifecycle, 7-Zip) or
    "evergreen" (only the newest release is supported, Edge): judged by the newest release."""


@dataclass(frozen=True, slots=True)
class Product:
    """A product with its cycles, newest first as endoflife.date orders them."""

    id: str
    label: str
    category: str = ""
    link: str | None = None
    policy_link: str | None = None
    cycles: tuple[Cycle, ...] = ()
    overlay: bool = False

    def cycle(self, cycle_id: str) -> Cycle | None:
        """The cycle with this id, or None."""
        for cycle in self.cycles:
            if cycle.id == cycle_id:
                return cycle
        return None


@dataclass(frozen=True, slots=True)
class Match:
    """What recognition found for an asset: a product and one or more candidate cycles."""

    product: Product | None = None
    cycles: tuple[Cycle, ...] = ()
    rule: str = ""
    reason: str = ""
    track: str = (
        ""  # servicing track of the asset's edition (Windows "-w"/"-e"), for upgrade targets
    )
    version: str = ""
    """The version recognition read (the item's version, else the one in its name)."""
    note: str = ""
    """A curated caveat for the reason (the rule's ``note``)."""

    @property
    def recognised(self) -> bool:
        """True when a product and at least one cycle were found."""
        return self.product is not None and bool(self.cycles)


@dataclass(frozen=True, slots=True)
class Assessment:
    """A cycle classified at a date for one host's policy."""

    status: Status
    support_end: DateOrFlag = None
    eol: DateOrFlag = None
    extended_end: DateOrFlag = None
    days_left: int | None = None
    upgrade_to: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict on one asset: what it is, where it stands, and what to move to."""

    asset: Asset
    status: Status
    product: str | None = None
    product_label: str | None = None
    cycle: str | None = None
    cycle_label: str | None = None
    support_end: DateOrFlag = None
    eol: DateOrFlag = None
    extended_end: DateOrFlag = None
    days_left: int | None = None
    upgrade_to: str | None = None
    upgrade_to_label: str | None = None
    reason: str = ""
    rule: str = ""
    link: str | None = None
    candidates: tuple[str, ...] = ()
    overlay: bool = False
    maintained_by: tuple[str, str] | None = None
    """(distribution product, release cycle) maintaining a distribution build, else None."""
    latest: str | None = None
    """The newest release of the finding's cycle the data knows (``2.4.68`` for Apache 2.4)."""
    behind_latest: bool = False
    """True when the installed version is older than ``latest`` and no distribution built it."""
    was: Status | None = None
    """For an ``ignored`` finding, the status the ignore entry replaced: SARIF shows the
    ones that were at risk as dismissed results."""


SKIPPED_ROW, SKIPPED_HOST, SKIPPED_FILE = "row", "host", "file"
"""What a Skipped stands for: one row or entry, a whole host, or a whole input file."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """Data that could not be read: a row or host (the rest of its file was still scanned), or
    a whole file (the other inputs were still scanned; the run exits 3).

    ``client`` is the client the data would have gone to, when known: a client's own report
    names what of it was not checked.
    """

    source: str
    reason: str
    what: str = SKIPPED_ROW
    client: str = ""
    file: str = ""
    """The input file, as a field: ``source`` may add its line or a JSON path."""


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """Where the lifecycle data came from, for every report's footer."""

    source: str
    generated_at: str
    products: int
    cycles: int
    path: str
    overlay: str = ""
    data_date: str = ""
    """Newest release or ``latest`` date in the data: how current it is (``generated_at``
    is only when it was converted)."""


@dataclass(slots=True)
class Summary:
    """Counts by status, hosts and clients: what the summary line and exit code read."""

    by_status: dict[Status, int] = field(default_factory=lambda: {s: 0 for s in Status})
    hosts: int = 0
    clients: int = 0
    findings: int = 0
    not_identified: int = 0
    """Unknown items no product was recognised for (the rest of ``unknown`` is identified)."""
    no_published_lifecycle: int = 0
    """Identified items whose vendor publishes no dates, judged against the newest release."""

    def add(self, status: Status) -> None:
        """Count one finding."""
        self.by_status[status] += 1
        self.findings += 1
