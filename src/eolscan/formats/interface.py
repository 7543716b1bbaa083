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


def format_for_path(path: str) -> str | None:
    """The format a file name implies (``report.json`` -> json), or None."""
    lowered = path.lower()
    matches = [extension for extension in EXTENSIONS if lowered.endswith(extension)]
    return EXTENSIONS[max(matches, key=len)] if matches else None
