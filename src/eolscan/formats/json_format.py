"""The versioned JSON report: one document, keys pinned by a contract test."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, TextIO

from eolscan.formats.changes import baseline_json, mark_for
from eolscan.formats.interface import ReportFormat
from eolscan.formats.plan_text import decision_dict
from eolscan.formats.rows import BATCH_ROWS, RowParts, write_stream
from eolscan.formats.values import database_age, finding_dict
from eolscan.report.plan import build_plan

if TYPE_CHECKING:
    from eolscan.formats.settings import Costs
    from eolscan.judgement.changes import Changes
    from eolscan.model import Finding
    from eolscan.report.decision import Decision
    from eolscan.report.report import Report

REPORT_VERSION = 1


def report_header(report: Report) -> dict[str, Any]:
    """Everything but the findings: version, date, policy, database and summary."""
    db = report.database
    summary = report.summary
    return {
        "eolscan_report_version": REPORT_VERSION,
        "as_of": report.policy.as_of.isoformat(),
        "warn_days": report.policy.warn_days,
        "fail_on": str(report.policy.fail_on),
        "database": {
            "source": db.source,
            "generated_at": db.generated_at,
            "data_date": db.data_date or None,
            "products": db.products,
            "cycles": db.cycles,
            "age_days": database_age(db.data_date or db.generated_at, report.policy.as_of),
            "overlay": db.overlay or None,
        },
        "summary": {
            "clients": summary.clients,
            "hosts": summary.hosts,
            "findings": summary.findings,
            "by_status": {str(status): count for status, count in summary.by_status.items()},
            "not_identified": summary.not_identified,
            "no_published_lifecycle": summary.no_published_lifecycle,
        },
        "warnings": list(report.warnings),
        "skipped": [
            {"source": s.source, "reason": s.reason, "what": s.what, "client": s.client or None}
            for s in report.skipped
        ],
    }


def _fragments(verdict: Finding) -> tuple[str, str]:
    """A verdict's JSON between ``host`` and ``source``, and after ``source``: same in every row."""
    values = finding_dict(verdict)
    keys = list(values)
    at = keys.index("source")
    middle = json.dumps({k: values[k] for k in keys[2:at]}, ensure_ascii=False)[1:-1]
    tail = json.dumps({k: values[k] for k in keys[at + 1 :]}, ensure_ascii=False)[1:-1]
    return f', {middle}, "source": ', f", {tail}}}"


def _finding_batches(report: Report, changes: Changes | None) -> Iterator[list[str]]:
    """Findings as JSON objects, a batch at a time, each from its own dictionary: for reports
    that are not a FindingStream, or that carry ``change`` marks from a baseline."""
    batch: list[str] = []
    for finding in report.findings:
        values = finding_dict(finding)
        if changes is not None:
            values["change"] = mark_for(changes, finding)
        batch.append(json.dumps(values, ensure_ascii=False))
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    yield batch


def _one_a_line(lines: Iterable[str]) -> list[str]:
    """A list of objects already encoded, one a line (the indenting encoder would put each
    machine of a plan on a line of its own), in parts to write (a book's plan is 17 MB: not
    copied whole once more)."""
    text = ",\n    ".join(lines)
    return ["[\n    ", text, "\n  ]"] if text else ["[]"]


def _plan_lines(decisions: list[Decision], as_of: date, costs: Costs | None) -> Iterator[str]:
    """Each plan entry as the encoder writes ``decision_dict`` (the contract test pins its
    keys). A large book has tens of thousands of decisions over a few hundred releases:
    what lies between the client and the count is encoded once per release and deadline,
    and the machines are encoded in C, with no dictionary per decision."""
    if costs is not None:  # effort and cost follow the machines: each entry whole
        yield from map(_ONE_LINE.encode, (decision_dict(d, as_of, costs) for d in decisions))
        return
    middles: dict[tuple[object, ...], str] = {}
    for decision in decisions:
        if decision.packages:  # a release's packages follow its machines: the entry whole
            yield _ONE_LINE.encode(decision_dict(decision, as_of, costs))
            continue
        about = (
            decision.product,
            decision.product_name,
            decision.cycle,
            decision.cycle_label,
            decision.upgrade_to,
            decision.upgrade_to_label,
            decision.status,
            decision.deadline,
        )
        middle = middles.get(about)
        if middle is None:
            values = decision_dict(decision, as_of, costs)
            del values["client"], values["count"], values["hosts"]
            middle = middles[about] = _ONE_LINE.encode(values)[1:-1]
        hosts = decision.hosts
        yield (
            f'{{"client": {encode_basestring(decision.client)}, {middle}, '
            f'"count": {len(hosts)}, "hosts": [{_json_strings(hosts)}]}}'
        )


_ESCAPED = re.compile(r'[\x00-\x1f"\\]')
"""What ``encode_basestring`` escapes (with ``ensure_ascii=False``): controls, quote, backslash."""


def _json_strings(names: list[str]) -> str:
    """``names`` as JSON strings, comma-separated, as ``encode_basestring`` writes each: the
    usual names, which need no escape, are quoted in one join (a book's plan names 600,000
    machines)."""
    if not names:
        return ""
    if _ESCAPED.search("".join(names)) is None:
        return '"' + '", "'.join(names) + '"'
    return ", ".join(map(encode_basestring, names))


_ONE_LINE = json.JSONEncoder(ensure_ascii=False)
"""What ``json.dumps(value, ensure_ascii=False)`` encodes with."""


def _mark(text: str) -> str:
    """A finding's ``change`` key and its closing brace."""
    return f', "change": {encode_basestring(text)}}}'


def _start(client: str, host: str) -> str:
    """A finding's JSON up to its host."""
    return f'{{"client": {encode_basestring(client)}, "host": {encode_basestring(host)}'


def _around_line(file: str) -> tuple[str, str]:
    """The ``source`` value ``"file:LINE"`` around its line number."""
    return encode_basestring(file)[:-1] + ":", '"'


class JsonFormat(ReportFormat):
    """``{"eolscan_report_version": 1, ..., "findings": [...]}``, written finding by finding."""

    name = "json"
    extensions = (".json",)

    def render(self, report: Report, out: TextIO) -> None:
        from eolscan.report.findings import FindingStream

        changes = self.options.changes
        values = report_header(report)
        as_of = report.policy.as_of
        costs = self.options.costs
        plan = _plan_lines(build_plan(report.findings, as_of), as_of, costs)
        header = [json.dumps(values, indent=2, ensure_ascii=False)[:-2], ',\n  "plan": ']
        out.writelines([*header, *_one_a_line(plan)])
        if changes is not None:
            out.write(",\n")
            out.writelines(baseline_json(changes, report.policy.as_of.isoformat()))
        out.write(',\n  "findings": [')
        stream = report.findings if isinstance(report.findings, FindingStream) else None
        marks = changes.marks_for(stream) if changes is not None else None
        if stream is not None and (changes is None or marks is not None):
            parts = RowParts(_start, _fragments, _around_line, encode_basestring, _mark, 1)
            row_marks = marks.columns() if marks is not None else None
            empty = not write_stream(out, stream, parts, "\n    ", ",\n    ", row_marks)
        else:
            empty = True
            for batch in _finding_batches(report, changes):
                if batch:
                    out.write("\n    " if empty else ",\n    ")
                    out.write(",\n    ".join(batch))
                    empty = False
        out.write("]\n}\n" if empty else "\n  ]\n}\n")
