"""SARIF 2.1.0 for code-scanning dashboards: one rule per status, results at the inventory line.

Everything goes through the JSON encoder; no string is pasted into the document.
With ``--baseline`` each result carries SARIF's own ``baselineState`` and resolved
findings appear as ``absent`` results.

A code-scanning service shows what needs work and accepts at most 25,000 results a run: by
default only findings at risk (eol, extended, warn) become results (``--all``: every one),
and so do accepted findings and ignored findings that were at risk, each with a SARIF
suppression (the accepted risk's or ignore entry's reason as its justification) so the
service shows it as dismissed, not fixed; worst first, and a run past the limit says in a
notification what it left out. A finding read from a JSON document points at the file,
with the JSON path as a logical location.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from eolscan import __version__
from eolscan.formats.interface import ReportFormat
from eolscan.formats.values import ends_text, finding_dict
from eolscan.formats.words import STATUS_TITLES, days_text, deadline, finding_product, item_text
from eolscan.model import Finding, Location, Status

if TYPE_CHECKING:
    from eolscan.judgement.changes import Changes, Delta
    from eolscan.report.report import Report

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {
    Status.EOL: "error",
    Status.EXTENDED: "warning",
    Status.WARN: "warning",
    Status.UNKNOWN: "note",
    Status.ACCEPTED: "note",
    Status.SUPPORTED: "none",
    Status.IGNORED: "note",
}
DESCRIPTIONS = {
    Status.EOL: "Security support has ended and no extended support is in force on this host.",
    Status.EXTENDED: "Security support has ended; paid extended support (ESU, ESM, ELS) runs.",
    Status.WARN: "Security support ends within the warning window.",
    Status.UNKNOWN: "The product or its release cycle was not recognised; check it by hand.",
    Status.ACCEPTED: "A known end-of-life finding whose risk was accepted, with reason and expiry.",
    Status.SUPPORTED: "Security support runs beyond the warning window.",
    Status.IGNORED: "An item the ignore list marks as noise, with reason and owner.",
}
_STATES = {"new": "new", "changed": "updated", "resolved": "absent"}
AT_RISK = frozenset({Status.EOL, Status.EXTENDED, Status.WARN})
"""The statuses SARIF carries by default: what a reviewer must act on."""
MAX_RESULTS = 25_000
"""Results per run that GitHub code scanning accepts; more are left out, and said so."""


def rule_id(status: Status) -> str:
    """``EOLSCAN-EOL``, ``EOLSCAN-WARN``...: one rule per status."""
    return f"EOLSCAN-{status.upper()}"


def location(where: Location) -> dict[str, Any]:
    """An item's location as a SARIF location: the file (and its line as the region when
    known), and a JSON path such as ``components[3]`` as a logical location."""
    path, line, logical = where.file or "-", where.line, where.pointer
    if PureWindowsPath(path).drive or PurePosixPath(path).is_absolute():
        posix = PureWindowsPath(path).as_posix()
        artifact: dict[str, Any] = {
            "uri": "file://" + quote(posix if posix.startswith("/") else "/" + posix)
        }
    else:
        artifact = {"uri": quote(PureWindowsPath(path).as_posix()), "uriBaseId": "%SRCROOT%"}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line:
        physical["region"] = {"startLine": line}
    found: dict[str, Any] = {"physicalLocation": physical}
    if logical:
        found["logicalLocations"] = [{"fullyQualifiedName": logical, "kind": "element"}]
    return found


def fingerprint(*parts: str) -> str:
    """A stable identity for code scanning to track a finding across runs."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def message(finding: Finding) -> str:
    """One sentence: host, item, what it is, where it stands, what to move to."""
    asset = finding.asset
    text = f"{asset.host}: {item_text(asset.name, asset.version)}"
    product = finding_product(finding)
    text += f" is {product}" if product else " was not recognised"
    when = ends_text(deadline(finding))
    if finding.status is Status.SUPPORTED:
        text += ", supported"
    else:
        text += f", {STATUS_TITLES[finding.status].lower()}"
    if when:
        text += f" ({when}, {days_text(finding.days_left, short=False)})"
    if finding.upgrade_to_label:
        text += f"; upgrade to {finding.upgrade_to_label}"
    if finding.reason:
        text += f". {finding.reason}"
    return text + "."


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule_id(status),
            "name": STATUS_TITLES[status].title().replace(" ", ""),
            "shortDescription": {"text": STATUS_TITLES[status]},
            "fullDescription": {"text": DESCRIPTIONS[status]},
            "defaultConfiguration": {"level": LEVELS[status]},
            "helpUri": "https://endoflife.date",
        }
        for status in Status
    ]


def _result(finding: Finding, changes: Changes | None) -> dict[str, Any]:
    asset = finding.asset
    result: dict[str, Any] = {
        "ruleId": rule_id(finding.status),
        "ruleIndex": list(Status).index(finding.status),
        "level": LEVELS[finding.status],
        "message": {"text": message(finding)},
        "locations": [location(asset.location)],
        "partialFingerprints": {
            "eolscanFinding/v1": fingerprint(
                asset.client, asset.host, asset.kind, asset.purl or asset.name
            )
        },
        "properties": finding_dict(finding),
    }
    if finding.status is Status.SUPPORTED:
        result["kind"] = "pass"
    if finding.status in (Status.ACCEPTED, Status.IGNORED):
        result["suppressions"] = [{"kind": "external", "justification": finding.reason}]
    delta = changes.mark(finding) if changes is not None else None
    if changes is not None:
        result["baselineState"] = _STATES[delta.change] if delta else "unchanged"
    return result


def _absent(delta: Delta) -> dict[str, Any]:
    entry = delta.entry
    return {
        "ruleId": rule_id(entry.status),
        "ruleIndex": list(Status).index(entry.status),
        "level": LEVELS[entry.status],
        "message": {
            "text": f"{entry.host}: {item_text(entry.name, entry.version)} is no longer reported."
        },
        "partialFingerprints": {
            "eolscanFinding/v1": fingerprint(
                entry.client, entry.host, entry.kind, entry.purl or entry.name
            )
        },
        "baselineState": "absent",
    }


class SarifFormat(ReportFormat):
    """``{"version": "2.1.0", "runs": [...]}``, results written one by one."""

    name = "sarif"
    extensions = (".sarif", ".sarif.json")

    def render(self, report: Report, out: TextIO) -> None:
        changes = self.options.changes
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "eolscan",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": "https://endoflife.date",
                    "rules": _rules(),
                }
            },
            "invocations": [
                {
                    "executionSuccessful": True,
                    "properties": {
                        "as_of": report.policy.as_of.isoformat(),
                        "database": report.database.source,
                        "database_generated_at": report.database.generated_at,
                    },
                }
            ],
            "originalUriBaseIds": {
                "%SRCROOT%": {"description": {"text": "The directory eolscan ran in."}}
            },
            "columnKind": "unicodeCodePoints",
            "results": [],
        }
        notes = [{"level": "warning", "message": {"text": w}} for w in report.warnings]
        plan = _plan(report, changes, self._carries, self._wanted)
        if plan.left_out:
            notes.append({"level": "warning", "message": {"text": plan.note()}})
        if notes:  # warnings (expired accepted risks, an old database...), results left out
            run["invocations"][0]["toolExecutionNotifications"] = notes
        head = json.dumps(
            {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False
        )
        # "results" is the last key, so its empty list is the last one in the text.
        out.write(head[: head.rindex('"results": []')] + '"results": [')
        first = True
        for result in plan.results(report, changes):
            out.write("\n        " if first else ",\n        ")
            out.write(json.dumps(result, ensure_ascii=False))
            first = False
        out.write("\n      ]\n    }\n  ]\n}\n" if not first else "]\n    }\n  ]\n}\n")

    def _carries(self, status: Status) -> bool:
        """At-risk statuses only, unless ``--all`` asked for every finding."""
        return self.options.show_all or status in AT_RISK

    def _wanted(self, finding: Finding) -> bool:
        """A finding the run carries: at risk, accepted (a risk still, dismissed with its
        reason), or ignored though it was at risk (``--all``: every one)."""
        return (
            self._carries(finding.status)
            or finding.status is Status.ACCEPTED
            or (finding.status is Status.IGNORED and finding.was in AT_RISK)
        )


@dataclass(slots=True)
class _Plan:
    """How many results of each status a run carries, within MAX_RESULTS, worst first."""

    keep: dict[Status, int]
    absent: list[Delta]
    left_out: dict[str, int]
    wanted: Callable[[Finding], bool]

    def note(self) -> str:
        """What was left out, for the run's notifications."""
        total = sum(self.left_out.values())
        parts = ", ".join(f"{n:,} {name}" for name, n in self.left_out.items())
        return (
            f"{total:,} results left out ({parts}): code-scanning services accept at most "
            f"{MAX_RESULTS:,} a run, so the worst come first; the JSON report lists every finding"
        )

    def results(self, report: Report, changes: Changes | None) -> Iterator[dict[str, Any]]:
        """The results in report order; past the limit, status by status, worst first."""
        if not self.left_out:
            for finding in report.findings:
                if finding.status in self.keep and self.wanted(finding):
                    yield _result(finding, changes)
        else:
            for status, wanted in self.keep.items():
                if wanted:
                    found = (f for f in report.findings if f.status is status and self.wanted(f))
                    yield from (_result(f, changes) for f in islice(found, wanted))
        yield from map(_absent, self.absent)


def _plan(
    report: Report,
    changes: Changes | None,
    carries: Callable[[Status], bool],
    wanted: Callable[[Finding], bool],
) -> _Plan:
    """Fill the MAX_RESULTS budget status by status (eol first, dismissed ones after the
    statuses at risk), then resolved findings."""
    budget = MAX_RESULTS
    keep: dict[Status, int] = {}
    left_out: dict[str, int] = {}
    counts = dict(report.summary.by_status)
    if not carries(Status.IGNORED) and counts.get(Status.IGNORED):
        counts[Status.IGNORED] = sum(
            1 for f in report.findings if f.status is Status.IGNORED and wanted(f)
        )
    statuses = [s for s in Status if carries(s) or s in (Status.ACCEPTED, Status.IGNORED)]
    for status in sorted(statuses, key=lambda s: s.rank):
        count = counts.get(status, 0)
        keep[status] = min(count, budget)
        budget -= keep[status]
        if count > keep[status]:
            left_out[str(status)] = count - keep[status]
    resolved: list[Delta] = []
    beyond = 0  # counted, not kept: resolved findings may be millions read from disk
    for delta in changes.resolved if changes else ():
        if carries(delta.entry.status):
            if len(resolved) < budget:
                resolved.append(delta)
            else:
                beyond += 1
    if beyond:
        left_out["resolved"] = beyond
    return _Plan(keep, resolved, left_out, wanted)
