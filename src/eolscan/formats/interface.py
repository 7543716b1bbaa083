"""The one interface every output format implements, and its registry."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from eolscan.errors import OutputError, UsageError

if TYPE_CHECKING:
    from eolscan.formats.settings import Brand, ClientInfo, Costs
    from eolscan.judgement.changes import Changes
    from eolscan.report.report import Report


class FormatError(OutputError):
    """A report cannot be rendered in the asked format."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a run asks of every format beyond the report itself.

    ``show_all`` lists every finding even in large inventories (no roll-up);
    ``changes`` is the comparison with a ``--baseline`` report, or None;
    ``audience`` is ``technician`` (every detail) or ``client`` (no paths, lines,
    overlay marks or rule names); ``costs`` prices the action plan; ``brand`` names the
    sender; ``clients`` holds each client folder's ``client.toml`` details.
    """

    show_all: bool = False
    changes: Changes | None = None
    audience: str = "technician"
    costs: Costs | None = None
    brand: Brand | None = None
    clients: Mapping[str, ClientInfo] = field(default_factory=dict)
    details: bool = False
    """``-v``: the terminal table also shows each item's source line and full reasons."""

    @property
    def for_client(self) -> bool:
        """True when the report goes to the client: no technician's detail."""
        return self.audience == "client"


AUDIENCES = ("technician", "client")


ROLLUP_THRESHOLD = 200
"""Above this many findings, people-facing formats roll findings up per product unless ``--all``."""


class ReportFormat(ABC):
    """Renders a whole report to a text stream."""

    name: str = ""
    extensions: tuple[str, ...] = ()
    options: RenderOptions = RenderOptions()

    @abstractmethod
    def render(self, report: Report, out: TextIO) -> None:
        """Write ``report`` to ``out``."""


FORMATS: dict[str, str] = {
    "table": "eolscan.formats.table:TableFormat",
    "json": "eolscan.formats.json_format:JsonFormat",
    "csv": "eolscan.formats.csv_format:CsvFormat",
    "markdown": "eolscan.formats.markdown:MarkdownFormat",
    "html": "eolscan.formats.html:HtmlFormat",
    "sarif": "eolscan.formats.sarif:SarifFormat",
    "junit": "eolscan.formats.junit:JunitFormat",
    "ics": "eolscan.formats.ics:IcsFormat",
}
"""Every output format by name; modules are imported only when used."""

EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".txt": "table",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".sarif.json": "sarif",
    ".xml": "junit",
    ".junit.xml": "junit",
    ".ics": "ics",
}


def get_format(name: str, options: RenderOptions | None = None) -> ReportFormat:
    """The format registered under ``name``; an unknown name lists the valid ones."""
    try:
        target = FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None
    module, _, cls = target.partition(":")
    instance: ReportFormat = getattr(importlib.import_module(module), cls)()
    if options is not None:
        instance.options = options
    return instance


NOT_WRITTEN: dict[str, tuple[str, str]] = {
    ".pdf": ("PDF", "write HTML ({html}) and print it to PDF from a browser"),
    ".xlsx": ("Excel workbooks", "write CSV ({csv}), which Excel opens"),
    ".xls": ("Excel workbooks", "write CSV ({csv}), which Excel opens"),
    ".ods": ("spreadsheets", "write CSV ({csv}), which spreadsheets open"),
    ".docx": ("word-processor documents", "write HTML ({html}) or Markdown ({md})"),
    ".doc": ("word-processor documents", "write HTML ({html}) or Markdown ({md})"),
    ".odt": ("word-processor documents", "write HTML ({html}) or Markdown ({md})"),
    ".rtf": ("word-processor documents", "write HTML ({html}) or Markdown ({md})"),
    ".yaml": ("YAML", "write JSON ({json})"),
    ".yml": ("YAML", "write JSON ({json})"),
}
"""File types a report file may be named for that no format writes: ``-o report.pdf``
would otherwise get the terminal table's text under a name that promises a PDF."""


def not_written(path: str) -> str | None:
    """Why a report cannot be written under this name (``report.pdf``), with the file to
    write instead; None for a name any format may take."""
    stem, dot, extension = path.rpartition(".")
    found = NOT_WRITTEN.get(f".{extension.lower()}") if dot and stem else None
    if found is None:
        return None
    what, instead = found
    names = {kind: f"-o {stem}.{kind}" for kind in ("html", "csv", "md", "json")}
    return f"{path}: eolscan does not write {what}; {instead.format(**names)}"


def format_for_path(path: str) -> str | None:
    """The format a file name implies (``report.json`` -> json), or None."""
    lowered = path.lower()
    matches = [extension for extension in EXTENSIONS if lowered.endswith(extension)]
    return EXTENSIONS[max(matches, key=len)] if matches else None
