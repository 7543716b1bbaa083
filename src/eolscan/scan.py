"""Assets x database x policy -> findings and a report. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from eolscan.lifecycles.contracts import Contract, apply_contracts, contract_reason
from eolscan.matching import Matcher
from eolscan.models import Asset, DatabaseInfo, Finding, Skipped, Status, Summary
from eolscan.policy import Policy
from eolscan.risk import assess


def assess_asset(asset: Asset, matcher: Matcher, policy: Policy, contracts: tuple[Contract, ...] = ()) -> Finding:
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
        link=(cycle.link if cycle and cycle.overlay else None) or product.link or product.policy_link,
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


@dataclass(slots=True)
class Report:
    """Everything a format needs: the policy, the database, the findings and their summary."""

    policy: Policy
    database: DatabaseInfo
    findings: list[Finding] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def clients(self) -> list[str]:
        """Client names in report order."""
        return sorted({f.asset.client for f in self.findings})


def build_report(findings: Iterable[Finding], policy: Policy, database: DatabaseInfo) -> Report:
    """Collect, sort and count findings."""
    report = Report(policy=policy, database=database)
    hosts: set[tuple[str, str]] = set()
    for finding in findings:
        report.findings.append(finding)
        report.summary.add(finding.status)
        hosts.add((finding.asset.client, finding.asset.host))
    report.findings.sort(key=sort_key)
    report.summary.hosts = len(hosts)
    report.summary.clients = len({client for client, _ in hosts})
    return report


def exit_code_for(report: Report) -> int:
    """1 when a finding is at or above ``--fail-on``, else 0."""
    fail_on = report.policy.fail_on
    return 1 if any(fail_on.trips(s) and n for s, n in report.summary.by_status.items()) else 0
