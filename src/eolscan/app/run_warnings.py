"""A run's warnings: the data's age, lifecycle data behind, contracts, clients that shrank.

Gathered once after the scan, in a fixed order, into the report (stdout, ``-o`` files,
stderr, ``index.json``); each also knows which client's own file it belongs in, so a
client's report never names another client's files, contracts or hosts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from eolscan.app.run_checks import contract_warnings, count_by_client, shrink_warnings
from eolscan.app.split_clients import split_client_warnings
from eolscan.judgement.apple import data_behind_warning, report_products
from eolscan.lifecycles.freshness import behind_warnings
from eolscan.report.findings import FindingStream

if TYPE_CHECKING:
    from eolscan.judgement.accept import Acceptance
    from eolscan.judgement.changes import Changes
    from eolscan.lifecycles.store import LifecycleDB
    from eolscan.model import Finding, Product
    from eolscan.report.report import Report

STALE_DAYS = 30


def database_warnings(generated_at: str, as_of: date, data_date: str = "") -> list[str]:
    """Data older than 30 days at ``as_of`` earns a warning (not an error). The age is the
    content's (its newest release or ``latest`` date) when known: a database converted
    yesterday from a snapshot of last summer is as old as the snapshot."""
    dated = data_date or generated_at
    try:
        newest = date.fromisoformat(dated[:10])
    except ValueError:
        return ["the lifecycle database has no generation date; run `eolscan db update`"]
    age = (as_of - newest).days
    if age > STALE_DAYS:
        what = "newest release in the lifecycle data" if data_date else "lifecycle database"
        return [f"the {what} is {age} days old ({newest}); run `eolscan db update`"]
    return []


def apple_data_warnings(db: LifecycleDB, report: Report, as_of: date) -> list[str]:
    """When a report judges Macs, say so if the data's newest macOS is over a year old."""
    if "macos" not in db or "macos" not in report_products(report.findings):
        return []
    return data_behind_warning(db.product("macos"), as_of)


@dataclass(slots=True)
class RunWarnings:
    """A run's warnings: all of them for stdout, ``-o`` files, stderr and ``index.json``;
    per client those a client's own file carries; ``private`` ones stay out of client files
    (they name other clients' files or entries)."""

    all: list[str] = field(default_factory=list)
    by_client: dict[str, list[str]] = field(default_factory=dict)
    private: set[str] = field(default_factory=set)

    def add(self, notes: Iterable[str], private: bool = False) -> None:
        """Warnings about the run (``private``: not for any client's file)."""
        for note in notes:
            self.all.append(note)
            if private:
                self.private.add(note)

    def add_scoped(self, pairs: Iterable[tuple[str, str]]) -> None:
        """(client, warning) pairs: in that client's file, in no other."""
        for client, note in pairs:
            self.add([note], private=True)
            self.by_client.setdefault(client, []).append(note)


def gather_warnings(
    report: Report,
    db: LifecycleDB,
    acceptance: Acceptance | None,
    cut: list[str],
    shrink: list[tuple[str, str]],
) -> RunWarnings:
    """Every warning of a run, in a fixed order: inputs, the data, contracts, clients, risks."""
    policy = report.policy
    run = RunWarnings()
    run.add(report.warnings)
    run.add(cut, private=True)
    run.add(split_client_warnings(report), private=True)
    run.add(database_warnings(db.generated_at, policy.as_of, db.data_date))
    run.add(behind_warnings(_verdicts(report), _Products(db), policy.as_of, db.data_date))
    clients = report.clients()
    run.add_scoped(contract_warnings(db.contracts, policy.as_of, policy.warn_days, clients))
    run.add_scoped(shrink)
    if acceptance is not None:  # a shared file: only what concerns the clients in the run
        run.add(acceptance.warnings(clients=clients if acceptance.shared else None))
    return run


def _verdicts(report: Report) -> Iterable[Finding]:
    """One finding per distinct item: a stream's verdicts, else every finding."""
    stream = report.findings
    if isinstance(stream, FindingStream):
        return map(stream.verdict, range(stream.verdict_count))
    return stream


class _Products(Mapping[str, "Product"]):
    """The database's products by id, built only when asked for."""

    def __init__(self, db: LifecycleDB) -> None:
        self._db = db

    def __getitem__(self, product_id: str) -> Product:
        return self._db.product(product_id)

    def __contains__(self, product_id: object) -> bool:
        return product_id in self._db

    def __iter__(self) -> Iterator[str]:
        return self._db.ids()

    def __len__(self) -> int:
        return sum(1 for _ in self._db.ids())


def baseline_changes(path: str, report: Report) -> tuple[Changes, list[tuple[str, str]]]:
    """``--baseline``: what changed since (with each row's mark for the fast writers), and
    which clients shrank or vanished. A compact report against a saved report of few
    distinct verdicts compares columns in memory; any other report of a scan is joined as
    sorted records, in bounded memory however many distinct items either side has."""
    # --baseline only: the comparisons (and sqlite3, for huge ones) stay out of other scans
    from eolscan.app.remembered_reports import recall_or_read
    from eolscan.judgement.baseline import compare, entry_from_finding
    from eolscan.judgement.saved_report import load_report
    from eolscan.report.baseline_columns import compare_columns
    from eolscan.report.baseline_join import compare_report

    findings = report.findings
    if isinstance(findings, FindingStream):
        columns = findings.columns()
        by_columns = recall_or_read(path) if columns is not None else None
        compared = None
        if columns is not None and by_columns is not None:
            compared = compare_columns(by_columns, findings, columns)
        del by_columns
        changes, before, after = compared or compare_report(path, findings)
        return changes, shrink_warnings(before, after, changes.since)
    saved = load_report(path)
    changes = compare(saved, (entry_from_finding(f) for f in findings))
    pairs = ((f.asset.client, f.asset.host) for f in findings)
    before = count_by_client((e.client, e.host) for e in saved.entries)
    return changes, shrink_warnings(before, count_by_client(pairs), saved.as_of)
