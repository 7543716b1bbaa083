"""``index.json`` of an ``--output-dir`` run: written last, so its presence means the set is whole.

Cron and a consultant's review read one file to learn what a month's run produced: each
client's files and counts, the run's warnings (also those no client's file carries, such as
stale accepted-risk entries or a cut export) and the exit status. A run cut short (SIGTERM,
a full disk) leaves no ``index.json`` behind, and the old one is removed before the first
client file is written, so last month's index never vouches for this month's files.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eolscan.model import Status, Summary
from eolscan.support.atomic import write_text_atomic

INDEX_FILE = "index.json"
INDEX_VERSION = 1


@dataclass(slots=True)
class RunIndex:
    """What an ``--output-dir`` run wrote so far, client by client."""

    directory: Path
    clients: list[dict[str, Any]] = field(default_factory=list)

    def start(self) -> None:
        """Remove a previous run's index before anything of this run is written."""
        with contextlib.suppress(IsADirectoryError):
            (self.directory / INDEX_FILE).unlink(missing_ok=True)

    def add(self, client: str, paths: list[Path], summary: Summary, skipped: int) -> None:
        """One client whose files are all written."""
        self.clients.append(
            {
                "client": client,
                "files": [path.name for path in paths],
                "hosts": summary.hosts,
                "findings": summary.findings,
                "by_status": _by_status(summary),
                "skipped": skipped,
            }
        )

    def document(self, summary: Summary, as_of: str, warnings: list[str], exit_status: int) -> str:
        """The index as JSON text, keys in a fixed order (same run, same bytes)."""
        body = {
            "eolscan_index_version": INDEX_VERSION,
            "as_of": as_of,
            "complete": True,
            "exit_status": exit_status,
            "counts": {
                "clients": len(self.clients),
                "hosts": summary.hosts,
                "findings": summary.findings,
                "by_status": _by_status(summary),
            },
            "warnings": warnings,
            "clients": self.clients,
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"

    def finish(self, summary: Summary, as_of: str, warnings: list[str], exit_status: int) -> Path:
        """Write ``index.json`` atomically, after every client file."""
        path = self.directory / INDEX_FILE
        write_text_atomic(path, self.document(summary, as_of, warnings, exit_status))
        return path


def _by_status(summary: Summary) -> dict[str, int]:
    return {str(status): summary.by_status.get(status, 0) for status in Status}
