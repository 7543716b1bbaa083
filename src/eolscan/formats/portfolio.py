"""The index of a ``--output-dir`` folder: every client ranked by exposure, with its files.

A consultant opens ``index.html`` (or reads ``index.md`` in a repository) to see which
client needs attention first, then follows the link to that client's own report. The
index is written beside the per-client files, by its own writer, after them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from eolscan.app.client_reports import client_file_stems
from eolscan.formats.html_plan import e
from eolscan.formats.html_style import CSS, csp
from eolscan.formats.markdown import escape
from eolscan.model import Status
from eolscan.report.plan import build_plan
from eolscan.report.rollup import ClientStats, client_stats
from eolscan.support.atomic import atomic_writer

if TYPE_CHECKING:
    from eolscan.formats.interface import RenderOptions
    from eolscan.report.report import Report

INDEX_FILES = ("index.html", "index.md")


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One client in the index: its name, figures and the files written for it."""

    client: str
    title: str
    stats: ClientStats
    decisions: int
    files: tuple[str, ...]

    @property
    def share(self) -> float:
        """Machines past end of life, as a share of all."""
        return self.stats.hosts_at(Status.EOL) / self.stats.hosts if self.stats.hosts else 0.0


def index_rows(
    report: Report, files: dict[str, list[str]], options: RenderOptions | None = None
) -> list[IndexRow]:
    """Every client, most exposed first (share of machines past end of life, then counts)."""
    stats = client_stats(report.findings)
    decisions: dict[str, int] = {}
    for decision in build_plan(report.findings, report.policy.as_of):
        decisions[decision.client] = decisions.get(decision.client, 0) + 1
    clients = options.clients if options is not None else {}
    rows = [
        IndexRow(
            client,
            (clients[client].name if client in clients and clients[client].name else client),
            figures,
            decisions.get(client, 0),
            tuple(files.get(client, [])),
        )
        for client, figures in stats.items()
    ]
    return sorted(rows, key=lambda row: (row.stats.exposure, row.title.lower()))


_COLUMNS = (
    "#",
    "Client",
    "Machines",
    "Past end of life",
    "Decisions",
    "End of life",
    "Extended",
    "Ends soon",
    "Not identified",
    "Ignored",
    "Reports",
)


def _figures(row: IndexRow) -> list[str]:
    counts = row.stats.counts
    return [
        f"{row.stats.hosts:,}",
        f"{row.stats.hosts_at(Status.EOL):,} ({row.share:.0%})",
        f"{row.decisions:,}",
        *(f"{counts[s]:,}" for s in (Status.EOL, Status.EXTENDED, Status.WARN)),
        f"{counts[Status.UNKNOWN]:,}",
        f"{counts[Status.IGNORED]:,}",
    ]


def index_markdown(rows: Iterable[IndexRow], as_of: str) -> str:
    """``index.md``: a table of clients with links to their files."""
    lines = [f"# End-of-life reports, {as_of}", "", "Clients, most exposed first.", ""]
    lines.append("| " + " | ".join(_COLUMNS) + " |")
    lines.append("| " + " | ".join(["---"] * len(_COLUMNS)) + " |")
    for rank, row in enumerate(rows, 1):
        links = ", ".join(f"[{escape(Path(f).suffix[1:])}](<{f}>)" for f in row.files)
        cells = [str(rank), escape(row.title), *_figures(row), links]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def index_html(rows: Iterable[IndexRow], as_of: str) -> str:
    """``index.html``: the same table as a self-contained page (no script, no request)."""
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp()}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>End-of-life reports, {e(as_of)}</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body>\n<main>\n<header class="doc"><h1>End-of-life reports</h1>'
        f'<p class="meta">As of {e(as_of)} · clients, most exposed first</p></header>\n'
    )
    body = ["<table><thead><tr>"]
    body += [
        f'<th class="{"num" if n not in (1, 10) else ""}">{c}</th>' for n, c in enumerate(_COLUMNS)
    ]
    body.append("</tr></thead><tbody>\n")
    for rank, row in enumerate(rows, 1):
        first = next(
            (f for f in row.files if f.endswith(".html")), row.files[0] if row.files else ""
        )
        name = f'<a href="{e(quote(first))}">{e(row.title)}</a>' if first else e(row.title)
        links = " ".join(f'<a href="{e(quote(f))}">{e(Path(f).suffix[1:])}</a>' for f in row.files)
        cells = "".join(f'<td class="num">{e(v)}</td>' for v in _figures(row))
        body.append(f'<tr><td class="num">{rank}</td><td>{name}</td>{cells}<td>{links}</td></tr>\n')
    body.append("</tbody></table>\n</main>\n</body>\n</html>\n")
    return head + "".join(body)


def write_index(
    report: Report, directory: Path, written: list[Path], options: RenderOptions | None = None
) -> list[Path]:
    """Write ``index.html`` and ``index.md`` into ``directory``, linking the files written."""
    as_of = report.policy.as_of.isoformat()
    stems = client_file_stems(report.clients(), as_of)
    files: dict[str, list[str]] = {}
    for client, stem in stems.items():
        files[client] = sorted(p.name for p in written if p.name.startswith(stem + "."))
    rows = index_rows(report, files, options)
    paths = []
    for name, text in (
        ("index.html", index_html(rows, as_of)),
        ("index.md", index_markdown(rows, as_of)),
    ):
        path = directory / name
        with atomic_writer(path) as handle:
            handle.write(text)
        paths.append(path)
    return paths
