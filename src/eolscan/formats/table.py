"""The terminal report: a rich table per client, worst first, with a summary line.

Inventory strings are shown literally: rich markup is never interpreted (cells are
``Text``), and control characters such as ANSI escapes are made visible. Large
inventories get one row per product cycle and status instead of one per item,
unless ``--all``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from itertools import groupby
from typing import IO, TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len

from eolscan.app.notices import describe, in_report_order, not_checked_count
from eolscan.formats.changes import entry_item, entry_product, mark_for
from eolscan.formats.interface import ROLLUP_THRESHOLD, ReportFormat
from eolscan.formats.plain_table import PlainTable, print_table, write_plain
from eolscan.formats.table_fit import fit_columns
from eolscan.formats.values import data_dated, ends_text
from eolscan.formats.words import (
    archive_group,
    client_source,
    client_target,
    client_text,
    client_words,
    days_text,
    deadline,
    exposure,
    finding_product,
    item_text,
    maintainer_text,
    note_text,
    patch_text,
    plain_product,
    plural,
)
from eolscan.model import SKIPPED_ROW, DateOrFlag, Finding, Location, Status
from eolscan.report.findings import FindingStream
from eolscan.report.rollup import (
    ClientStats,
    RollupRow,
    client_rollups,
    client_stats,
    counted,
    rollup,
)
from eolscan.support.trimmed import TrimmedLines
from eolscan.support.visible import visible as visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from eolscan.judgement.changes import Delta, Entry
    from eolscan.report.report import Report

STYLES = {
    Status.EOL: "bold red",
    Status.EXTENDED: "magenta",
    Status.WARN: "yellow",
    Status.UNKNOWN: "cyan",
    Status.ACCEPTED: "blue",
    Status.SUPPORTED: "green",
    Status.IGNORED: "dim",
}
_NOTED = (Status.UNKNOWN, Status.ACCEPTED, Status.IGNORED)
_VENDORS = frozenset({"Microsoft", "Apple", "Oracle"})
LINES_THRESHOLD = 2000
"""With ``--all`` above this many findings, one line per finding instead of a (slow) table."""
_NARROW = frozenset({"Status", "Machines", "Items"})
WIDE = 100
"""Narrower than this, the table leaves out "Recognised as": the item names it well enough."""
_DROP_ORDER = ("Recognised as", "For example", "Upgrade to", "Host", "Change")
"""Columns a narrow terminal does without, first to go first: the item's own name says
most of what "Recognised as" does; status, dates and days always stay."""
_KEPT_BY_BREAKING = ("Host", "Upgrade to", "Recognised as")
"""Columns worth breaking a long item word for, rather than leaving out."""
TABLE_SKIPS = 50
"""Skipped rows the table names one by one; files and hosts are always named."""


def short_reason(reason: str) -> str:
    """An accepted or ignored item's reason without what it was before (``-v`` shows all)."""
    return reason.split(" (was ", 1)[0]


_DATED = re.compile(r"\d{4}-\d\d-\d\d ")
"""An "Ends" cell that starts with a date: too narrow for one line, it breaks after the date."""


def _ends(day: str, days: str) -> str:
    """Date and days in one cell: ``2025-10-14 405 overdue`` wraps as two lines at most."""
    return f"{day} {days}".strip() if day else days


def short_vendor(text: str) -> str:
    """``Windows Server 2019`` for ``Microsoft Windows Server 2019``: the item names the vendor."""
    first, _, rest = text.partition(" ")
    return rest if first in _VENDORS and rest else text


def summary_line(report: Report) -> str:
    """``12 hosts, 40 items: 3 eol, 2 warn, 4 unknown (3 not identified), 31 supported;
    5 identified, no published lifecycle``."""
    summary = report.summary
    counts = summary.by_status
    always = (Status.EOL, Status.WARN, Status.UNKNOWN)
    parts = [f"{counts[s]:,} {s}" for s in Status if counts[s] or s in always]
    if counts[Status.UNKNOWN]:
        at = [str(s) for s in Status if counts[s] or s in always].index(str(Status.UNKNOWN))
        parts[at] += f" ({summary.not_identified:,} not identified)"
    notes = [f"{summary.no_published_lifecycle:,} identified, no published lifecycle"]
    notes = notes if summary.no_published_lifecycle else []
    unread = not_checked_count(report.skipped)
    notes += [unread] if unread else []
    return (
        f"{plural(summary.hosts, 'host')}, {plural(summary.findings, 'item')}: "
        + ", ".join(parts)
        + "".join(f"; {note}" for note in notes)
    )


def _text(value: str, style: str = "") -> Any:
    # rich only when it draws (see _console)
    from rich.text import Text

    return Text(visible(value), style=style)


Cell = list[tuple[str, str]]
"""A table cell as pieces of text with their styles: the cell's own text, then any dim
lines under it. Plain tables (files, pipes, cron) never become rich objects."""


def _cell(value: str, style: str = "") -> Cell:
    return [(visible(value), style)]


def _plain_text(cell: Cell) -> str:
    """The cell's text without its styles."""
    return cell[0][0] if len(cell) == 1 else "".join([piece for piece, _ in cell])


@lru_cache(maxsize=4096)
def _release_cells(
    product: str, status: Status, eol: DateOrFlag, days_left: int | None, upgrade_to: str
) -> tuple[Cell, Cell, Cell, Cell]:
    """A roll-up row's cells that depend on its release alone (product, status, ends and
    upgrade), made once for the run: a book's clients share most releases. Never changed
    in place (a row that shows a cell otherwise gets a new one)."""
    return (
        _cell(short_vendor(product)),
        _cell(str(status), STYLES[status]),
        _cell(_ends(ends_text(eol), days_text(days_left))),
        _cell(upgrade_to),
    )


def _rich_text(cell: Cell) -> Any:
    """The cell as rich ``Text``: its first piece sets the style, the others are appended."""
    # rich only when it draws (see _console)
    from rich.text import Text

    (first, style), *rest = cell
    text = Text(first, style=style)
    for piece, piece_style in rest:
        text.append(piece, style=piece_style)
    return text


def _unpadded(console: Console) -> IO[str]:
    """The stream under a console's trimming (``TrimmedLines``), for lines written whole."""
    file = console.file
    return file.raw if isinstance(file, TrimmedLines) else file


def console_width(out: TextIO) -> int | None:
    """A terminal's own width; else ``COLUMNS`` when set, else 120 so files are stable."""
    columns = os.environ.get("COLUMNS", "")
    if out.isatty() or (columns.isdigit() and int(columns) >= 40):
        return None
    return 120


class TableFormat(ReportFormat):
    """Human report for a terminal; plain text when not a terminal or with NO_COLOR."""

    name = "table"
    extensions = (".txt",)

    def __init__(self, width: int | None = None, color: bool | None = None) -> None:
        self.width = width
        self.color = color

    def _title(self, stats: ClientStats) -> str:
        """``Acme Ltd: 3 of 12 machines run software that no longer receives security fixes.``,
        with the client's display name from its ``client.toml`` where it has one."""
        info = self.options.clients.get(stats.client)
        name = info.name if info is not None and info.name else stats.client
        return f"{name}: {exposure(stats.hosts_at(Status.EOL), stats.hosts)}"

    def _console(self, out: TextIO) -> Console:
        # rich draws only for a terminal in colour; plain tables are written without importing it
        from rich.console import Console

        color = (
            self.color
            if self.color is not None
            else (out.isatty() and "NO_COLOR" not in os.environ)
        )
        return Console(
            file=out if color else TrimmedLines(out),  # type: ignore[arg-type]
            width=self.width or console_width(out),
            color_system="auto" if color else None,
            no_color=not color,
            highlight=False,
            emoji=False,
            markup=False,
            force_terminal=bool(color),
        )

    def render(self, report: Report, out: TextIO) -> None:
        console = self._console(out)
        big, every = self._rolled_clients(report)
        lines = not big and report.summary.findings > LINES_THRESHOLD
        # a table's title counts its client's machines: a table is built from its client's
        # whole group, so those are counted on the way (one pass over the findings, not two);
        # lines are written as they come, so their titles need the counts first
        stats = client_stats(report.findings) if lines else {}
        if every:  # every client rolled up: read as columns, no finding made a row
            for client, rows in client_rollups(report.findings, stats):
                self._rollup_table(console, self._title(stats[client]), rows)
        findings = () if every else report.findings if lines else counted(report.findings, stats)
        for client, group in groupby(findings, key=lambda f: f.asset.client):
            if lines:
                console.print(_text(self._title(stats[client]), "bold"))
                self._lines(console, group)
            elif client in big:
                rows = rollup(group)
                self._rollup_table(console, self._title(stats[client]), rows)
            else:
                columns, cells = self._table(console, group)
                self._fitted(console, self._title(stats[client]), columns, cells)
        if big:
            count = sum(sum(stats[client].counts.values()) for client in big)
            whose = "" if every else f" of {plural(len(big), 'client')}"
            console.print(
                _text(f"{count:,} items{whose} rolled up by product; --all lists every item.")
            )
        self._resolved(console)
        self._footer(report, console)

    def _rolled_clients(self, report: Report) -> tuple[frozenset[str], bool]:
        """The clients of more than ``ROLLUP_THRESHOLD`` findings, whose tables roll up by
        product (none with ``--all``), and whether that is every client: a client's own
        count decides, as in Markdown and HTML, not the whole run's."""
        if report.summary.findings <= ROLLUP_THRESHOLD or self.options.show_all:
            return frozenset(), False
        findings = report.findings
        spans = findings.client_spans() if isinstance(findings, FindingStream) else None
        if spans is not None:
            sizes = {client: end - begin for client, begin, end in spans}
        else:
            sizes = {c: sum(s.counts.values()) for c, s in client_stats(findings).items()}
        big = frozenset(client for client, size in sizes.items() if size > ROLLUP_THRESHOLD)
        return big, bool(big) and len(big) == len(sizes)

    def _lines(self, console: Console, findings: Iterable[Finding]) -> None:
        """``--all`` over thousands of items: one aligned line each, fast where a table is not."""
        changes = self.options.changes
        write = _unpadded(console).write  # no line here is padded: no trimming a line
        console.print(
            _text(f"{'HOST':<16} {'STATUS':<9} {'ENDS':<10} {'DAYS':>13}  ITEM = RECOGNISED AS")
        )
        for finding in findings:
            asset = finding.asset
            line = (
                f"{asset.host:<16} {finding.status!s:<9} {ends_text(deadline(finding)):<10} "
                f"{days_text(finding.days_left):>13}  {item_text(asset.name, asset.version)}"
            )
            recognised = short_vendor(finding_product(finding)) or finding.reason
            line += f" = {recognised}" if recognised else ""
            if finding.upgrade_to_label:
                line += f"; upgrade to {finding.upgrade_to_label}"
            mark = mark_for(changes, finding)
            write(visible(line + (f" [{mark}]" if mark else "")) + "\n")

    def _new_table(self, title: str, widths: dict[str, int | None]) -> Table:
        # rich draws only for a terminal in colour; plain tables are written without importing it
        from rich import box
        from rich.table import Table

        table = Table(
            title=_text(title, "bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=False,
            pad_edge=False,
            collapse_padding=True,
        )
        for column, width in widths.items():
            table.add_column(column, overflow="fold", width=width, no_wrap=column in _NARROW)
        return table

    def _fitted(
        self, console: Console, title: str, columns: tuple[str, ...], rows: list[list[Cell]]
    ) -> None:
        """Print the table with the columns that fit whole, each as wide as its cells need
        (see ``table_fit``): no word is ever cut; text wraps only at spaces. Off a terminal
        it is written as plain text; rich draws it (in colour) otherwise."""
        plain = [list(map(_plain_text, row)) for row in rows]
        host = columns.index("Host") if "Host" in columns else -1
        item = columns.index("Item") if "Item" in columns else -1
        measured = plain
        if host >= 0:
            measured = [[*row[:host], dotted(row[host]), *row[host + 1 :]] for row in plain]
        widths = fit_columns(columns, measured, console.width, _DROP_ORDER, _NARROW)
        if item >= 0 and any(c in columns and c not in widths for c in _KEPT_BY_BREAKING):
            # a long version or package name pushed the host, the upgrade or what it is
            # recognised as out: it may break after its punctuation instead (``breakable``)
            broken = [[*row[:item], breakable(row[item]), *row[item + 1 :]] for row in measured]
            again = fit_columns(columns, broken, console.width, _DROP_ORDER, _NARROW)
            widths = again if len(again) > len(widths) else widths
        if "Host" in widths:  # a long host name breaks after a dot, as measured
            for texts, cells in zip(plain, rows, strict=True):
                texts[host] = wrap_at_dots(texts[host], widths["Host"])
                cells[host] = [(texts[host], cells[host][0][1])]
        if "Item" in widths:  # a long version breaks after its punctuation, as measured
            for texts, cells in zip(plain, rows, strict=True):
                wrapped = wrap_long_words(texts[item], widths["Item"])
                if wrapped != texts[item]:
                    texts[item] = wrapped
                    cells[item] = [(wrapped, cells[item][0][1])]
        if "Ends" in widths:  # the date on one line, the days under it, never "54 / overdue"
            ends = columns.index("Ends")
            for texts, cells in zip(plain, rows, strict=True):
                (first, style), *under = cells[ends]
                if cell_len(first) > widths["Ends"] and _DATED.match(first):
                    cells[ends] = [(first.replace(" ", "\n", 1), style), *under]
                    texts[ends] = _plain_text(cells[ends])
        keep = [columns.index(column) for column in widths]
        drawn = PlainTable(
            title=visible(title),
            headers=list(widths),
            rows=[[row[at] for at in keep] for row in plain],
            no_wrap=[column in _NARROW for column in widths],
            widths=list(widths.values()),
            collapse_padding=True,
        )
        if write_plain(console, drawn):
            return
        table = self._new_table(title, dict(widths))
        for cells in rows:
            table.add_row(*(_rich_text(cells[at]) for at in keep))
        console.print(table)

    def _product(self, text: str) -> str:
        """A product or release as this report's reader reads it: the client's copy in
        plain words (``plain_product``), the technician's as the database labels it."""
        return plain_product(text) if self.options.for_client else text

    def _target(self, finding: Finding) -> str:
        """The release to upgrade to: for the client, with its product, in plain words."""
        if self.options.for_client:
            return short_vendor(client_target(finding.product_label, finding.upgrade_to_label))
        return finding.upgrade_to_label or ""

    def _table(
        self, console: Console, findings: Iterable[Finding]
    ) -> tuple[tuple[str, ...], list[list[Cell]]]:
        """A client's items: the columns and each row's cells."""
        changes = self.options.changes
        narrow = console.width < WIDE
        columns: tuple[str, ...] = ("Host", "Item", "Status", "Ends", "Upgrade to")
        if not narrow:
            columns = (*columns[:2], "Recognised as", *columns[2:])
        rows = []
        for finding in findings:
            row = self._row(finding, narrow)
            if changes is not None:
                row.append(_cell(mark_for(changes, finding), "bold"))
            rows.append(row)
        return columns + (("Change",) if changes else ()), rows

    def _row(self, finding: Finding, narrow: bool = False) -> list[Cell]:
        """A finding's cells; ``narrow`` leaves out "Recognised as" and puts any note
        (why unknown, accepted or ignored) under the item instead."""
        asset = finding.asset
        product = self._product(finding_product(finding))
        recognised = _cell(short_vendor(product) or "not identified")
        where = asset.location if self.options.details else None
        item = _item(asset.name, asset.version, where)
        # the terminal keeps ordinary rows short: -v adds the full note (who maintains a
        # distribution build until when, upstream's end, "behind the latest patch") and every
        # other reason (Markdown and HTML always do)
        note = note_text(finding) if self.options.details else ""
        if not note and archive_group(finding):  # hundreds on a server: "with Ubuntu 22.04"
            note = "no product in the data"  # says the rest; -v gives the whole reason
        if not note and finding.status in _NOTED:
            note = short_reason(finding.reason)
        if note:
            reason = note
            (item if narrow else recognised).append(("\n" + visible(reason), "dim"))
        # short forms of the notes: "patch due" under the status of an item behind its
        # line's newest release; in an otherwise empty "Upgrade to" cell, a distribution
        # build is upgraded "with Ubuntu 24.04", an item with no other target to its patch
        by = maintainer_text(finding)
        status = _cell(str(finding.status), STYLES[finding.status])
        if patch_text(finding):  # flagged under the status; which patch: -v or "Upgrade to"
            status.append(("\npatch due", "dim"))
        return [
            _cell(asset.host),
            item,
            *([] if narrow else [recognised]),
            status,
            _cell(_ends(ends_text(deadline(finding)), days_text(finding.days_left))),
            _cell(visible(self._target(finding) or (f"with {by}" if by else patch_text(finding)))),
        ]

    def _rollup_table(self, console: Console, title: str, rows: list[RollupRow]) -> None:
        columns = ("Recognised as", "Status", "Machines", "For example", "Ends", "Upgrade to")
        cells = []
        for row in rows:
            product, status, ends, upgrade = _release_cells(
                self._product(row.product),
                row.status,
                row.eol,
                row.days_left,
                self._product(row.upgrade_to),
            )
            more = ", ..." if len(row.hosts) > len(row.examples) else ""
            examples = _cell(", ".join(row.examples) + more)
            cells.append([product, status, _cell(f"{len(row.hosts):,}"), examples, ends, upgrade])
        self._fitted(console, title, columns, cells)

    def _resolved(self, console: Console) -> None:
        """What the baseline had and this run no longer finds: a table of each finding, or
        past ``ROLLUP_THRESHOLD`` a roll-up by client and what it was (``--all``: each, as
        a line past ``LINES_THRESHOLD``); memory stays bounded by the roll-up's rows."""
        changes = self.options.changes
        if changes is None or not changes.resolved:
            return
        title = f"Resolved since {changes.since}"
        count = len(changes.resolved)
        if count > ROLLUP_THRESHOLD and not self.options.show_all:
            self._resolved_rollup(console, title, changes.resolved)
            return
        if count > LINES_THRESHOLD:  # --all over thousands: a line each, written as read
            console.print(_text(title, "bold"))
            console.print(_text(f"{'CLIENT':<16} {'HOST':<16} ITEM (WAS)"))
            write = _unpadded(console).write
            for delta in changes.resolved:
                entry = delta.entry
                line = f"{entry.client:<16} {entry.host:<16} {entry_item(entry)} ({_was(entry)})"
                write(visible(line) + "\n")
            return
        table = self._new_table(title, dict.fromkeys(("Client", "Host", "Item", "Was")))
        for delta in changes.resolved:
            entry = delta.entry
            table.add_row(
                _text(entry.client), _text(entry.host), _text(entry_item(entry)), _text(_was(entry))
            )
        print_table(console, table)

    def _resolved_rollup(self, console: Console, title: str, resolved: Iterable[Delta]) -> None:
        """Resolved findings counted per client and what they were, most first."""
        counts: Counter[tuple[str, str]] = Counter()
        for delta in resolved:
            counts[delta.entry.client, _was(delta.entry)] += 1
        rows = sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
        cells = [[_cell(client), _cell(was), _cell(f"{n:,}")] for (client, was), n in rows]
        heading = f"{title}: {sum(counts.values()):,} items"
        self._fitted(console, heading, ("Client", "Was", "Items"), cells)
        console.print(_text("--all lists every resolved item."))

    def _footer(self, report: Report, console: Console) -> None:
        db = report.database
        console.print(_text(summary_line(report), "bold"))
        if self.options.changes is not None:
            console.print(_text(self.options.changes.headline(), "bold"))
        as_of = report.policy.as_of
        dated = data_dated(db, as_of)
        client = self.options.for_client
        overlay = f"; local overlay: {visible(db.overlay)}" if db.overlay else ""
        if client:  # as the HTML says it: no file of ours named in the client's copy
            overlay = ", with our own corrections" if db.overlay else ""
        console.print(
            _text(f"As of {as_of.isoformat()}; lifecycle data: {db.source}, {dated}{overlay}")
        )
        for warning in report.warnings:
            shown = client_words(warning) if client else warning
            console.print(_text(f"warning: {shown}", "yellow"), soft_wrap=True)
        _not_checked(report, console, self.options.for_client)


def dotted(host: str) -> str:
    """A host name as the column fit measures it: a fully qualified name may break after
    each dot (``SQL-NODE-A.`` / ``corp.example``), since one 60-character word would take
    the width the item and its upgrade need."""
    return host if " " in host else host.replace(".", ". ").rstrip()


_LONG_WORD = re.compile(r"\S{21,}")
"""A word that takes a narrow table's width (``8.0.36-1.module+el8.10.0+1676+9b4b6e24``)."""
_VERSION_BREAK = re.compile(r"[^-.+~]*[-.+~]|[^-.+~]+$")
"""A long word's pieces: each up to and with a hyphen, dot, plus or tilde, and the rest."""


def breakable(text: str) -> str:
    """An item as the column fit measures it: a long word (an RPM module build's version, a
    package's hyphenated name) may break after its hyphens, dots, pluses and tildes, so that
    it does not push the host and the upgrade out of a narrow table."""
    return _LONG_WORD.sub(lambda m: " ".join(_VERSION_BREAK.findall(m.group(0))), text)


def wrap_long_words(text: str, width: int) -> str:
    """``text`` with each word wider than ``width`` in lines broken after its hyphens, dots,
    pluses and tildes (as ``breakable`` measured it); the rest wraps at spaces as ever."""
    if width <= 0:
        return text

    def lines(word: str) -> str:
        if cell_len(word) <= width:
            return word
        found = [""]
        for piece in _VERSION_BREAK.findall(word):
            if found[-1] and cell_len(found[-1] + piece) > width:
                found.append(piece)
            else:
                found[-1] += piece
        return "\n".join(found)

    return _LONG_WORD.sub(lambda m: lines(m.group(0)), text)


def wrap_at_dots(host: str, width: int) -> str:
    """``host`` in lines of at most ``width`` (a label longer stays whole), broken after dots;
    a name that fits, or has spaces, as it is."""
    if cell_len(host) <= width or " " in host:
        return host
    lines = [""]
    for label in re.findall(r"[^.]*\.|[^.]+$", host):
        if lines[-1] and cell_len(lines[-1] + label) > width:
            lines.append(label)
        else:
            lines[-1] += label
    return "\n".join(lines)


def _not_checked(report: Report, console: Console, for_client: bool = False) -> None:
    """Each unreadable file and host, and the first skipped rows: what this report leaves out
    (for the client, files by name and reasons without the technician's advice)."""
    if not report.skipped:
        return
    console.print(_text(f"Not checked ({not_checked_count(report.skipped)}):", "bold yellow"))
    rows = 0
    for item in in_report_order(report.skipped):
        rows += item.what == SKIPPED_ROW
        if rows <= TABLE_SKIPS or item.what != SKIPPED_ROW:
            if for_client:
                item = replace(item, source=client_source(item), reason=client_text(item.reason))
            console.print(_text(f"  {visible(describe(item))}", "yellow"), soft_wrap=True)
    if rows > TABLE_SKIPS:
        more = rows - TABLE_SKIPS
        console.print(_text(f"  ... and {more:,} more rows (every one in -f json, markdown, html)"))


def _item(name: str, version: str, where: Location | None) -> Cell:
    """The item as the inventory named it, with its file's name and line below (with -v):
    a host read from several files (a listing and its release file) has a line 1 in each;
    the folder is left out, to fit a narrow column (other formats give the whole path)."""
    cell = _cell(item_text(name, version))
    if where is not None and where.line:
        file = where.file.replace("\\", "/").rsplit("/", 1)[-1]
        cell.append((f"\n{file}:{where.line}", "dim"))
    return cell


def _was(entry: Entry) -> str:
    """``eol (Microsoft Windows 10 22H2)``: a resolved finding's status and what it was."""
    product = entry_product(entry)
    return f"{entry.status} ({product})" if product else str(entry.status)
