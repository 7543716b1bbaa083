"""Rows x database x policy -> a sorted, counted Report. No clock; streams.

Each distinct (item, host context) is recognised and judged once (``assess_asset``); the
rows are kept as numbers by a FindingStream, and the summary is counted per verdict, not
per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from eolscan.judgement.accept import Acceptance
from eolscan.judgement.facts import policy_facts
from eolscan.judgement.hosts import HostOS, HostReleases, with_hosts
from eolscan.judgement.newest import without_dates
from eolscan.judgement.policy import Policy
from eolscan.judgement.verdict import judge
from eolscan.lifecycles.contracts import Contract
from eolscan.matching import Matcher
from eolscan.model import (
    NOWHERE,
    Asset,
    AssetRow,
    DatabaseInfo,
    Finding,
    Status,
    Summary,
    asset_row,
    item_asset,
    item_host,
    row_asset,
    row_location,
)
from eolscan.report.findings import FindingStream
from eolscan.report.host_contexts import HostContexts
from eolscan.report.report import Report


def assess_asset(
    asset: Asset,
    matcher: Matcher,
    policy: Policy,
    contracts: tuple[Contract, ...] = (),
    host: HostOS | None = None,
) -> Finding:
    """Recognise one asset and judge it; ``host`` is its host's distribution release, if
    known (distribution builds follow it). Anything unrecognised is an ``unknown`` finding."""
    match = matcher.match(asset.kind, asset.identifier or asset.name, asset.version)
    return judge(asset, match, policy, matcher.db, policy_facts(), contracts, host)


def scan(
    assets: Iterable[Asset], matcher: Matcher, policy: Policy, contracts: tuple[Contract, ...] = ()
) -> Iterator[Finding]:
    """Stream findings in input order; overlay contracts apply to the hosts they cover, and
    distribution builds follow their host's distribution release."""
    rows = with_hosts(map(asset_row, assets), matcher, policy_facts())
    for row, host in rows:
        yield assess_asset(row_asset(row), matcher, policy, contracts, host)


def _blank(asset: Asset) -> Asset:
    """The part of an asset a verdict depends on."""
    return replace(asset, client="", host="", location=NOWHERE, tags=())


def _report(stream: FindingStream, policy: Policy, database: DatabaseInfo) -> Report:
    """The report of a filled stream, its summary counted per verdict."""
    summary = Summary()
    for number, count in enumerate(stream.counts):
        verdict = stream.verdict(number)
        summary.by_status[verdict.status] += count
        summary.findings += count
        if verdict.status is Status.UNKNOWN and verdict.product is None:
            summary.not_identified += count
        if without_dates(verdict.reason):
            summary.no_published_lifecycle += count
    summary.hosts = stream.hosts
    summary.clients = len(stream.clients)
    return Report(policy=policy, database=database, findings=stream, summary=summary)


def scan_report(
    rows: Iterable[AssetRow],
    matcher: Matcher,
    policy: Policy,
    database: DatabaseInfo,
    contracts: tuple[Contract, ...] = (),
    acceptance: Acceptance | None = None,
) -> Report:
    """Stream rows into a sorted report, assessing each distinct (item, host context) once.

    Without contracts or accepted risks a verdict depends on the item alone, and on the
    host's distribution release for a distribution build (the release joins such an item).
    With contracts or accepted risks, it also depends on which entries can apply to the
    row's client and host: that context is worked out once per host, so the cost grows with
    distinct (item, context) pairs, not rows.
    """
    stream = FindingStream()
    hosts = HostReleases(matcher, policy_facts())

    def assess_row(row: AssetRow) -> Finding:
        item = row[2]
        return assess_asset(item_asset("", "", item), matcher, policy, host=item_host(item))

    if not contracts and acceptance is None:
        stream.fill(rows, assess_row, hosts=hosts)
        return _report(stream, policy, database)
    contexts = HostContexts(contracts, acceptance)

    def assess_in_context(row: AssetRow) -> Finding:
        client, host, item = row[0], row[1], row[2]
        found = item_host(item)
        applicable = contexts.contracts_for(client, host)
        where = row_location(row[3], row[4], row[6])  # a client folder's ignores need its file
        asset = item_asset(client, host, item, where)
        finding = assess_asset(asset, matcher, policy, applicable, found)
        if acceptance is not None:
            finding = acceptance.accept(finding)
        return replace(finding, asset=_blank(finding.asset))

    stream.fill(rows, assess_in_context, context=contexts.key, hosts=hosts, narrow=contexts.narrow)
    return _report(stream, policy, database)


def build_report(findings: Iterable[Finding], policy: Policy, database: DatabaseInfo) -> Report:
    """Sort and count already assessed findings (``scan_report`` is the fast path)."""
    current: list[Finding] = []

    def rows() -> Iterator[AssetRow]:
        for finding in findings:
            current[:] = [replace(finding, asset=_blank(finding.asset))]
            yield asset_row(finding.asset)

    stream = FindingStream()
    stream.fill(rows(), lambda _row: current[0], identity=lambda _row: current[0])
    return _report(stream, policy, database)
