"""The one interface every output format implements, and its registry."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, TextIO

from eolscan.errors import OutputError, UsageError

if TYPE_CHECKING:
    from eolscan.scan import Report


class FormatError(OutputError):
    """A report cannot be rendered in the asked format."""


class ReportFormat(ABC):
    """Renders a whole report to a text stream."""

    name: str = ""
    extensions: tuple[str, ...] = ()

    @abstractmethod
    def render(self, report: Report, out: TextIO) -> None:
        """Write ``report`` to ``out``."""


FORMATS: dict[str, str] = {
    "table": "eolscan.formats.table:TableFormat",
    "json": "eolscan.formats.json_format:JsonFormat",
}
"""Every output format by name; modules are imported only when used."""

EXTENSIONS: dict[str, str] = {".json": "json", ".txt": "table"}


def get_format(name: str) -> ReportFormat:
    """The format registered under ``name``; an unknown name lists the valid ones."""
    try:
        target = FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None
    module, _, cls = target.partition(":")
    instance: ReportFormat = getattr(importlib.import_module(module), cls)()
    return instance


def format_for_path(path: str) -> str | None:
    """The format a file name implies (``report.json`` -> json), or None."""
    lowered = path.lower()
    for extension, name in EXTENSIONS.items():
        if lowered.endswith(extension):
            return name
    return None
