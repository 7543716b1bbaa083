"""Assets x database x policy -> findings and a report. No clock; streams.

A report's findings are kept compactly (one verdict per distinct asset identity,
one small record per row) and spill to temporary files in sorted runs when large,
so memory stays bounded however big the inventory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

from eolscan.lifecycles.contracts import Contract, apply_contracts, contract_reason
from eolscan.matching import Matcher
from eolscan.models import Asset, DatabaseInfo, Finding, Skipped, Status, Summary
from eolscan.policy import Policy
from eolscan.risk import assess
from eolscan.spool import SortedSpool


def assess_asset(
    asset: Asset, matcher: Matcher, policy: Policy, contracts: tuple[Contract, ...] = ()
) -> Finding:
    """Recognise one asset and classify it; anything unrecognised is an ``unknown`` finding."""
    match = matcher.match(asset.kind, asset.name, asset.version)
    product = match.product
    if product is None or not match.cycles:
        return Finding(
            asset=asset,
            status=Status.UNKNOWN,
            product=product.id if product else None,
            product_label=product.label if product else None,
            reason=match.reason or "not recognised",
            rule=match.rule,
            link=product.link if product else None,
        )
    covered, cycles, contract = apply_contracts(contracts, asset, product.id, match.cycles)
    assessment, cycle = assess(product, cycles, policy, covered.extended_support, match.track)
    target = product.cycle(assessment.upgrade_to) if assessment.upgrade_to else None
    candidates = () if len(match.cycles) == 1 else tuple(c.id for c in match.cycles)
    return Finding(
        asset=covered,
        status=assessment.status,
        product=product.id,
        product_label=product.label,
        cycle=cycle.id if cycle else None,
        cycle_label=cycle.label if cycle else None,
        support_end=assessment.support_end,
        eol=assessment.eol,
        extended_end=assessment.extended_end,
        days_left=assessment.days_left,
        upgrade_to=assessment.upgrade_to,
        upgrade_to_label=target.label if target else None,
        reason=contract_reason(contract) if contract else assessment.reason,
        rule=match.rule,
        link=(cycle.link if cycle and cycle.overlay else None)
        or product.link
        or product.policy_link,
        candidates=candidates,
        overlay=product.overlay or bool(cycle and cycle.overlay) or contract is not None,
    )


def scan(
    assets: Iterable[Asset], matcher: Matcher, policy: Policy, contracts: tuple[Contract, ...] = ()
) -> Iterator[Finding]:
    """Stream findings in input order; overlay contracts apply to the hosts they cover."""
    for asset in assets:
        yield assess_asset(asset, matcher, policy, contracts)


def sort_key(finding: Finding) -> tuple[str, int, str, str, str]:
    """Per client, worst first, then host and name: the order every format uses."""
    asset = finding.asset
    return (asset.client, finding.status.rank, asset.host.lower(), asset.kind, asset.name.lower())


_VERDICT_FIELDS = tuple(f.name for f in fields(Finding))[1:]
_BATCH = 4_096

Record = tuple[str, int, str, str, str, int, str, str, tuple[str, ...], int]
"""(client, rank, host lower-cased, kind, name lower-cased, row number, host, source, tags,
verdict number): the first six fields are the report order (``sort_key``, then input order)."""


class FindingStream:
    """The report's findings in report order (``sort_key``), re-iterable, never all in memory.

    Each distinct (kind, name, version, extended support) is assessed once into a
    *verdict* (a Finding whose asset has no client, host or source); each row keeps
    only its client, host, source, tags and the verdict's number, in a SortedSpool.
    """

    def __init__(self) -> None:
        self._spool = SortedSpool()
        self._verdicts: list[Finding] = []
        self._values: list[tuple[Any, ...]] = []
        self._order: list[tuple[int, str, str]] = []
        self._index: dict[Hashable, int] = {}
        self.counts: list[int] = []
        self.clients: set[str] = set()
        self.hosts = 0

    def __len__(self) -> int:
        return len(self._spool)

    def __bool__(self) -> bool:
        return len(self._spool) > 0

    @property
    def spilled(self) -> bool:
        """True when the rows went to temporary files (more than one run of them)."""
        return self._spool.spilled

    def verdict(self, number: int) -> Finding:
        """Verdict ``number``."""
        return self._verdicts[number]

    def _remember(self, key: Hashable, verdict: Finding) -> int:
        number = self._index[key] = len(self._verdicts)
        asset = verdict.asset
        self._verdicts.append(verdict)
        self._values.append(tuple(getattr(verdict, name) for name in _VERDICT_FIELDS))
        self._order.append((verdict.status.rank, str(asset.kind), asset.name.lower()))
        self.counts.append(0)
        return number

    def fill(
        self,
        assets: Iterable[Asset],
        assess: Callable[[Asset], Finding],
        identity: Callable[[Asset], Hashable] | None = None,
    ) -> None:
        """Take every asset once, assessing only identities not seen before; then sort.

        An asset's identity is (kind, name, version, extended support) unless ``identity`` says.
        """
        index, order, counts, spool = self._index, self._order, self.counts, self._spool
        hosts: set[tuple[str, str]] = set()
        batch: list[Record] = []
        last_client: str | None = None
        last_host: str | None = None
        host_key = ""
        for row, asset in enumerate(assets):
            if identity is None:
                key: Hashable = (
                    asset.kind == "os",
                    asset.name,
                    asset.version,
                    asset.extended_support,
                )
            else:
                key = identity(asset)
            number = index.get(key)
            if number is None:
                number = self._remember(key, assess(asset))
            client, host = asset.client, asset.host
            if host != last_host or client != last_client:
                last_client, last_host = client, host
                host_key = host.lower()
                hosts.add((client, host))
            rank, kind, name = order[number]
            source, tags = asset.source, asset.tags
            batch.append((client, rank, host_key, kind, name, row, host, source, tags, number))
            counts[number] += 1
            if len(batch) >= _BATCH:
                spool.extend(batch)
                batch = []
        spool.extend(batch)
        spool.finish()
        self.hosts = len(hosts)
        self.clients = {c for c, _ in hosts}

    def rows(self) -> Iterator[tuple[str, str, str, tuple[str, ...], Finding]]:
        """(client, host, source, tags, verdict) in report order, for per-verdict caches."""
        verdicts = self._verdicts
        for client, _, _, _, _, _, host, source, tags, number in self._spool:
            yield client, host, source, tags, verdicts[number]

    def __iter__(self) -> Iterator[Finding]:
        verdicts, values = self._verdicts, self._values
        for client, _, _, _, _, _, host, source, tags, number in self._spool:
            a = verdicts[number].asset
            asset = Asset(client, host, a.kind, a.name, a.version, a.extended_support, source, tags)
            yield Finding(asset, *values[number])

    def close(self) -> None:
        """Remove any temporary files now."""
        self._spool.close()


@dataclass(slots=True)
class Report:
    """Everything a format needs: the policy, the database, the findings and their summary.

    ``findings`` is an iterable of Finding in report order (a FindingStream when built
    by ``scan_report`` or ``build_report``); formats iterate it, possibly twice, and
    never index it.
    """

    policy: Policy
    database: DatabaseInfo
    findings: Iterable[Finding] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def clients(self) -> list[str]:
        """Client names in report order."""
        if isinstance(self.findings, FindingStream):
            return sorted(self.findings.clients)
        return sorted({f.asset.client for f in self.findings})


def _blank(asset: Asset) -> Asset:
    """The part of an asset a verdict depends on."""
    return Asset("", "", asset.kind, asset.name, asset.version, asset.extended_support)


def _report(stream: FindingStream, policy: Policy, database: DatabaseInfo) -> Report:
    report = Report(policy=policy, database=database, findings=stream)
    summary = report.summary
    for number, count in enumerate(stream.counts):
        summary.by_status[stream.verdict(number).status] += count
        summary.findings += count
    summary.hosts = stream.hosts
    summary.clients = len(stream.clients)
    return report


def scan_report(
    assets: Iterable[Asset], matcher: Matcher, policy: Policy, database: DatabaseInfo
) -> Report:
    """Stream assets into a sorted report, assessing each distinct asset identity once."""
    stream = FindingStream()
    stream.fill(assets, lambda asset: assess_asset(_blank(asset), matcher, policy))
    return _report(stream, policy, database)


def build_report(findings: Iterable[Finding], policy: Policy, database: DatabaseInfo) -> Report:
    """Sort and count already assessed findings (``scan_report`` is the fast path)."""
    current: list[Finding] = []

    def assets() -> Iterator[Asset]:
        for finding in findings:
            current[:] = [replace(finding, asset=_blank(finding.asset))]
            yield finding.asset

    stream = FindingStream()
    stream.fill(assets(), lambda _asset: current[0], identity=lambda _asset: current[0])
    return _report(stream, policy, database)


def exit_code_for(report: Report) -> int:
    """1 when a finding is at or above ``--fail-on``, else 0."""
    fail_on = report.policy.fail_on
    return 1 if any(fail_on.trips(s) and n for s, n in report.summary.by_status.items()) else 0
