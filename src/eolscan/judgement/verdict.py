"""One asset's verdict from its match: the cycle's status, or its distribution's, or an
out-of-range rule's; the upgrade target; patch level. Pure (the facts are passed in)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from eolscan.judgement.distro import (
    application_stream,
    from_purl,
    from_version,
    maintainer,
    may_be_build,
    package_revision,
    vendor_evidence,
)
from eolscan.judgement.facts import Distribution, PolicyFacts, Stream
from eolscan.judgement.hosts import HostOS
from eolscan.judgement.newest import assess_newest, judged_by_newest
from eolscan.judgement.patch import installed_label, is_behind, release_label
from eolscan.judgement.policy import Policy
from eolscan.judgement.ranges import evergreen_due, out_of_range
from eolscan.judgement.risk import assess, assess_cycle, upgrade_target
from eolscan.lifecycles.contracts import Contract, apply_contracts, contract_reason
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching.matcher import name_version
from eolscan.matching.schemes import by_exact, by_prefix
from eolscan.matching.windows import edition_given
from eolscan.model import (
    Assessment,
    Asset,
    Cycle,
    DateOrFlag,
    Finding,
    Kind,
    Match,
    Product,
    Status,
)


def _text(value: DateOrFlag) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "ended" if value is True else "not announced" if value is False else "unknown"


def _link(product: Product, cycle: Cycle | None) -> str | None:
    return (cycle.link if cycle and cycle.overlay else None) or product.link or product.policy_link


def unknown(asset: Asset, match: Match) -> Finding:
    """Not recognised, or no cycle fits: ``unknown`` with the matcher's reason."""
    product = match.product
    return Finding(
        asset=asset,
        status=Status.UNKNOWN,
        product=product.id if product else None,
        product_label=product.label if product else None,
        reason=match.reason or "not recognised",
        rule=match.rule,
        link=product.link if product else None,
    )


def _finding(
    asset: Asset, match: Match, product: Product, cycle: Cycle | None, a: Assessment
) -> Finding:
    target = product.cycle(a.upgrade_to) if a.upgrade_to else None
    latest = cycle.latest if cycle else None
    return Finding(
        asset=asset,
        status=a.status,
        product=product.id,
        product_label=product.label,
        cycle=cycle.id if cycle else None,
        cycle_label=installed_label(cycle, asset.version) if cycle else _shared_label(match),
        support_end=a.support_end,
        eol=a.eol,
        extended_end=a.extended_end,
        days_left=a.days_left,
        upgrade_to=a.upgrade_to,
        upgrade_to_label=release_label(target) if target else None,
        reason=a.reason,
        rule=match.rule,
        link=_link(product, cycle),
        candidates=() if len(match.cycles) <= 1 else tuple(c.id for c in match.cycles),
        overlay=product.overlay or bool(cycle and cycle.overlay),
        latest=latest,
        behind_latest=is_behind(asset.version, latest),
    )


def _shared_label(match: Match) -> str | None:
    """The words every candidate cycle's label starts with (``2016`` for SQL Server 2016's
    service packs when the name gives no build), so a plan names the release, not a list
    of ids; None when they share none or there is one candidate at most."""
    labels = [c.label.split() for c in match.cycles]
    if len(labels) < 2:
        return None
    shared = labels[0]
    for words in labels[1:]:
        at = 0
        while at < min(len(shared), len(words)) and shared[at] == words[at]:
            at += 1
        shared = shared[:at]
    return " ".join(shared) or None


def judge(
    asset: Asset,
    match: Match,
    policy: Policy,
    db: LifecycleDB,
    facts: PolicyFacts,
    contracts: tuple[Contract, ...] = (),
    host: HostOS | None = None,
) -> Finding:
    """The finding for one asset; anything that cannot be judged is ``unknown`` with a reason."""
    product = match.product
    if product is None:
        if host is not None and asset.kind == Kind.SOFTWARE:
            return _from_archive(unknown(asset, match), policy, db, facts, host)
        return unknown(asset, match)
    if not match.cycles:
        return _out_of_range(asset, match, product, policy, db, facts, contracts, host)
    covered, cycles, contract = apply_contracts(contracts, asset, product.id, match.cycles)
    if contract is None and covered.extended_support and facts.edition_phases:
        cycles, facts = _edition_phase(asset.name, product.id, cycles, facts)
    cycle: Cycle | None
    if len(cycles) == 1 and judged_by_newest(cycles[0]):
        assessment, cycle = assess_newest(cycles[0], match.version), cycles[0]
    else:
        assessment, cycle = assess(
            product, cycles, policy, covered.extended_support, match.track, facts
        )
    finding = _finding(covered, match, product, cycle, assessment)
    if contract is not None:
        return replace(finding, reason=_join(contract_reason(contract), match.note), overlay=True)
    finding = _evergreen_target(_successor(finding, facts), product, policy.as_of, facts)
    if (
        cycle is not None
        and judged_by_newest(cycle)
        and finding.status in _BEHIND
        # a distribution's build (p7zip 16.02+dfsg-7build1) is not updated to upstream's
        and (
            finding.status is Status.EOL or not may_be_build(asset.name, asset.version, asset.purl)
        )
    ):
        finding = replace(finding, upgrade_to_label=f"the newest release, {cycle.latest}")
    # only where the data splits the release by edition and the (W) line was taken: Windows
    # 10 22H2 ended on one day for every edition, so no note there
    edition_split = (finding.cycle or "").endswith("-w") or any(
        c.endswith("-w") for c in finding.candidates
    )
    if product.id == "windows" and edition_split and not edition_given(asset.name):
        finding = replace(finding, reason=_join(finding.reason, _EDITION_NOTE))
    with_os = facts.updated_with_os.get(product.id)
    if with_os is not None and host is not None and host[0] == with_os.os:
        return _with_note(_with_its_os(finding, with_os.why, policy, db, facts, host), match)
    if asset.kind == Kind.SOFTWARE and cycle is not None and not judged_by_newest(cycle):
        finding = _distribution(finding, cycle, policy, db, facts, host, contracts)
    return _with_note(finding, match)


def _with_its_os(
    finding: Finding, why: str, policy: Policy, db: LifecycleDB, facts: PolicyFacts, host: HostOS
) -> Finding:
    """An application updated only on supported OS releases (Safari, Office for Mac), on a
    host whose release has ended: its fixes ended with the release, and upgrading the OS is
    what brings it back (its decision joins the OS's). On a supported release, its own."""
    if host[0] not in db:
        return finding
    os_product = db.product(host[0])
    os_cycle = os_product.cycle(host[1])
    if os_cycle is None:
        return finding
    a = assess_cycle(os_cycle, policy, False, facts.phases.get(host[0]))
    if a.status is not Status.EOL:
        return finding
    own, theirs = finding.eol, a.eol
    if isinstance(own, date) and isinstance(theirs, date) and own < theirs:
        return finding  # Office 2016 for Mac ended before macOS 12: the OS brings it nothing
    last_word = os_product.label.split()[-1] if os_product.label else ""
    named = last_word and last_word in os_cycle.label  # "macOS 12 (Monterey)" names it
    name = os_cycle.label if named else f"{os_product.label} {os_cycle.label}"
    return _following(finding, a, host, f"maintained by {name} until {_text(a.eol)}: {why}")


def _following(
    finding: Finding, a: Assessment, release: HostOS, reason: str, target: str | None = None
) -> Finding:
    """``finding`` with its release's status and dates (``a``): a distribution build, or an
    application updated only with its OS. The release's upgrade is its fix unless a
    ``target`` of its own is named (a newer Application Stream)."""
    return replace(
        finding,
        status=a.status,
        support_end=a.support_end,
        eol=a.eol,
        extended_end=a.extended_end,
        days_left=a.days_left,
        upgrade_to=None,
        upgrade_to_label=target,
        reason=reason,
        maintained_by=release,
        behind_latest=False,
    )


def _edition_phase(
    name: str, product_id: str, cycles: tuple[Cycle, ...], facts: PolicyFacts
) -> tuple[tuple[Cycle, ...], PolicyFacts]:
    """The cycles and facts of a host that pays for extended support, with its edition's own
    paid phase where it has one (Windows 10 Home: the consumer ESU and its end date)."""
    words = set(re.split(r"[^a-z0-9]+", name.lower()))
    for edition in facts.edition_phases:
        if edition.product != product_id or edition.edition not in words:
            continue
        if not any(c.id == edition.cycle for c in cycles):
            continue
        cycles = tuple(
            replace(c, extended_end=edition.until) if c.id == edition.cycle else c for c in cycles
        )
        return cycles, replace(facts, phases={**facts.phases, product_id: edition.phase})
    return cycles, facts


def _with_note(finding: Finding, match: Match) -> Finding:
    """The rule's curated caveat joins the reason."""
    return replace(finding, reason=_join(finding.reason, match.note)) if match.note else finding


_BEHIND = (Status.EOL, Status.WARN)
"""Statuses of a release judged by the newest one that name that one as the upgrade: an
ended major (Edge 131) and one behind (7-Zip 19.00 beside 26.02)."""

_EDITION_NOTE = (
    "edition not given: judged as Home/Pro (the (W) dates); Enterprise and Education "
    "editions have later end dates"
)


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first and second else first or second


def _successor(finding: Finding, facts: PolicyFacts) -> Finding:
    """A vendor-named successor in another product replaces a same-product target once the
    release has ended (Internet Explorer -> Edge)."""
    successor = facts.successors.get(finding.product or "")
    if successor is None or finding.status not in (Status.EOL, Status.EXTENDED, Status.WARN):
        return finding
    return replace(finding, upgrade_to=None, upgrade_to_label=successor.text)


def _evergreen_target(
    finding: Finding, product: Product, as_of: date, facts: PolicyFacts
) -> Finding:
    """An ended release of an evergreen product (Chrome) whose data is older than ``as_of``
    has no supported line left to name: the target is the release due by then."""
    cadence = facts.evergreen.get(product.id, 0)
    if finding.status is not Status.EOL or finding.upgrade_to_label or not cadence:
        return finding
    due = evergreen_due(product, as_of, cadence)
    if due is None:
        return finding
    return replace(finding, upgrade_to_label=f"{due} or newer")


def _distribution(
    finding: Finding,
    upstream: Cycle,
    policy: Policy,
    db: LifecycleDB,
    facts: PolicyFacts,
    host: HostOS | None,
    contracts: tuple[Contract, ...] = (),
) -> Finding:
    """A distribution build takes its distribution release's status and dates, and the
    release's extended-support contract on its host (paid support of Ubuntu 20.04 covers
    the packages of its archive, as ``extended_support`` on the host does)."""
    asset = finding.asset
    vendor = vendor_evidence(asset.name, asset.version) if "-" in asset.version else None
    if vendor is not None:  # the vendor's build on a distribution's host: upstream's line
        note = f"from its vendor's own repository, as {vendor} shows: judged by upstream"
        return replace(finding, reason=_join(finding.reason, note))
    found = maintainer(asset.name, asset.version, host, facts, asset.purl)
    if found is None and host is None:
        return _release_unknown(finding, db)
    if found is None or found[0] not in db:
        return finding
    distro_id, release, evidence = found
    known = facts.distributions.get(distro_id)
    if known is not None and finding.product in known.vendor_products:
        return finding
    resolved = _release(db, distro_id, release)
    if resolved is None:
        return finding
    distro, found_cycle = resolved
    asset, (release_cycle,), contract = apply_contracts(contracts, asset, distro_id, (found_cycle,))
    a = assess_cycle(release_cycle, policy, asset.extended_support, facts.phases.get(distro_id))
    release_runs = a.status is not Status.EOL
    name = f"{distro.label} {release_cycle.id}"
    stream = _stream(facts, known, distro_id, release_cycle.id, finding.product, upstream.id)
    module_note = ""
    if stream is not None:
        label = f"{finding.product_label or stream.product} {upstream.label}"
        a, module_note = _stream_assessment(stream, label, release_cycle, a, policy)
    elif application_stream(asset.version) and _earlier(upstream.eol, a.eol):
        module_note = (
            f"an Application Stream module, which {distro.label} can retire before the "
            f"release; no curated end date, so judged by upstream's earlier date"
        )
        a = assess_cycle(upstream, policy, False)
    next_stream = None
    if stream is not None and release_runs and a.status in (Status.EOL, Status.WARN):
        next_stream = _next_stream(facts, stream, policy.as_of)
    eol = a.eol
    upstream_text = _upstream_text(upstream, policy.as_of)
    reason = f"maintained by {name} until {_text(eol)}; {upstream_text}; recognised by {evidence}"
    if module_note:
        reason += f"; {module_note}"
    elif known is not None and known.assumed:
        reason += f"; {known.assumed}"
    if a.reason:
        reason += f"; {distro.label}: {a.reason}"
    if contract is not None:
        reason += f"; {contract_reason(contract)}"
    covered = replace(finding, asset=asset, overlay=finding.overlay or contract is not None)
    target = _stream_target(next_stream, finding, distro.label, release_cycle.id)
    return _following(covered, a, (distro_id, release_cycle.id), reason, target)


def _release(db: LifecycleDB, distro_id: str, release: str) -> tuple[Product, Cycle] | None:
    """The distribution and its one release cycle that ``release`` names (``7`` of
    CentOS 7, ``22.04``), or None where it names none or several."""
    distro = db.product(distro_id)
    matches = by_exact(distro, release) or by_prefix(distro, release)
    return (distro, matches[0]) if len(matches) == 1 else None


def _from_archive(
    finding: Finding, policy: Policy, db: LifecycleDB, facts: PolicyFacts, host: HostOS
) -> Finding:
    """A package the data has no product for (``bash``, ``libc6``), built by its host's
    distribution: still not identified, but from that release's archive, so its fixes come
    with the release if the distribution maintains it. Reports gather such packages per
    release instead of listing hundreds of them one by one."""
    asset = finding.asset
    if vendor_evidence(asset.name, asset.version) or "ppa" in asset.version.lower():
        return finding  # a vendor's or a PPA's build: not the release's archive
    if from_version(asset.version) is None and not from_purl(asset.purl or asset.name):
        return finding  # a bare revision (google-chrome-stable 120.0-1) names no archive
    found = maintainer(asset.name, asset.version, host, facts, asset.purl)
    if found is None or found[0] not in db or found[0] != host[0]:
        return finding
    distro_id, release, evidence = found
    resolved = _release(db, distro_id, release)
    if resolved is None:
        return finding
    distro, release_cycle = resolved
    if release_cycle.id != host[1]:
        return finding  # built for another release than the host runs: whose, unknown
    a = assess_cycle(release_cycle, policy, asset.extended_support, facts.phases.get(distro_id))
    reason = (
        f"maintained by {distro.label} {release_cycle.id} until {_text(a.eol)} if it is one of "
        f"the release's own packages; the data has no lifecycle for it ({finding.reason}); "
        f"recognised by {evidence}"
    )
    return replace(finding, reason=reason, maintained_by=(distro_id, release_cycle.id))


def _stream(
    facts: PolicyFacts,
    known: Distribution | None,
    distro_id: str,
    release: str,
    product: str | None,
    product_cycle: str,
) -> Stream | None:
    """The curated Application Stream of this package on this release (a rebuild's are its
    source distribution's), or None."""
    source = (known.streams_from if known is not None else "") or distro_id
    return facts.stream_index.get((source, release, product or "", product_cycle))


def _next_stream(facts: PolicyFacts, stream: Stream, as_of: date) -> Stream | None:
    """The newest stream of the same package on the same release, newer than ``stream`` and
    not retired at ``as_of`` (RHEL 8's redis 5 -> redis 6): the switch that keeps the
    machine on its release, where upgrading the release is not due."""
    mine = _cycle_numbers(stream.product_cycle)
    later = [
        s
        for s in facts.streams
        if (s.distribution, s.cycle, s.product)
        == (stream.distribution, stream.cycle, stream.product)
        and s.eol > as_of
        and _cycle_numbers(s.product_cycle) > mine
    ]
    return max(later, key=lambda s: _cycle_numbers(s.product_cycle), default=None)


def _cycle_numbers(cycle: str) -> tuple[int, ...]:
    """``10.11`` -> (10, 11): stream versions compared as numbers (10.11 is after 10.5)."""
    return tuple(int(part) for part in re.findall(r"\d+", cycle))


def _stream_target(
    stream: Stream | None, finding: Finding, distro: str, release: str
) -> str | None:
    """``the Redis 6.2 Application Stream of Rocky Linux 8``: what the plan says to take."""
    if stream is None:
        return None
    name = finding.product_label or stream.product
    return f"the {name} {stream.product_cycle} Application Stream of {distro} {release}"


def _stream_assessment(
    stream: Stream, label: str, release: Cycle, released: Assessment, policy: Policy
) -> tuple[Assessment, str]:
    """The shorter of the stream's end and the release's, and what the reason says of it."""
    what = f"the Application Stream {label}"
    if not _earlier(stream.eol, released.eol):
        return released, f"{what} is supported for the whole release"
    support = release.support_end
    if isinstance(support, date) and support > stream.eol:
        support = stream.eol
    shorter = replace(release, eol=stream.eol, extended_end=None, support_end=support)
    return (
        assess_cycle(shorter, policy, False),
        f"{what} retires {stream.eol.isoformat()}, before the release ({_text(released.eol)})",
    )


def _release_unknown(finding: Finding, db: LifecycleDB) -> Finding:
    """A distribution build whose release neither the version nor the host says (nor a
    package listing's: its packages carry a ``package:`` tag): judged by upstream, and the
    reason says why (the distribution may still be patching it)."""
    asset = finding.asset
    build = from_purl(asset.purl or asset.name) or from_version(asset.version)
    if build is not None:
        who = db.product(build.product).label if build.product in db else "distribution"
        what = f"{_article(who)} {who} build ({build.evidence})"
    else:
        kind = next((t[8:] for t in asset.tags if t.startswith("package:")), "")
        family = {"rpm": "el"}.get(kind, kind)
        if not kind or not package_revision(asset.version, family):
            return finding
        who, what = "distribution", f"a {kind} package with a packaging revision"
    missing = f"{what}, but the inventory names no {who} release for this host"
    listed = "list the host's OS to judge it by its release"
    if finding.status is Status.SUPPORTED:  # upstream's support says nothing of this build's
        upstream = f"upstream {finding.cycle_label} is supported, which says nothing of this build"
        return replace(
            finding,
            status=Status.UNKNOWN,
            reason=f"{missing}: not judged ({upstream}); {listed}",
            days_left=None,
            upgrade_to=None,
            upgrade_to_label=None,
            behind_latest=False,
        )
    note = f"{missing}: judged by upstream; {listed}"
    return replace(finding, reason=_join(finding.reason, note), behind_latest=False)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _upstream_text(upstream: Cycle, as_of: date) -> str:
    """``upstream 1.24 ended 2024-04-23`` / ``ends 2027-...`` / ``has no end announced``."""
    if upstream.eol is False or upstream.eol is None:
        return f"upstream {upstream.label} has no end announced"
    verb = "ended" if _ended(upstream, as_of) else "ends"
    return f"upstream {upstream.label} {verb} {_text(upstream.eol)}".replace(
        " ended ended", " ended"
    )


def _earlier(first: DateOrFlag, second: DateOrFlag) -> bool:
    """True when ``first`` is a date (or ``true``: ended) before ``second``."""
    if first is True:
        return second is not True
    if not isinstance(first, date):
        return False
    return not isinstance(second, date) or first < second


def _ended(cycle: Cycle, as_of: date) -> bool:
    return cycle.eol is True or (isinstance(cycle.eol, date) and cycle.eol <= as_of)


def _out_of_range(
    asset: Asset,
    match: Match,
    product: Product,
    policy: Policy,
    db: LifecycleDB,
    facts: PolicyFacts,
    contracts: tuple[Contract, ...] = (),
    host: HostOS | None = None,
) -> Finding:
    """No cycle fits: older than an ended line is eol; newer than every line is current. A
    distribution build of a line older than every line the data knows (CentOS 7's Perl
    5.16) is judged by the release that built it, as any build is."""
    version = asset.version or name_version(asset.name.lower())
    try:
        data_date: date | None = date.fromisoformat(db.generated_at[:10])
    except ValueError:
        data_date = None
    found = out_of_range(
        product, version, policy.as_of, data_date, facts.evergreen.get(product.id, 0)
    )
    if found is None:
        return unknown(asset, match)
    assessment, compared = found
    if assessment.status is Status.EOL:
        target = upgrade_target(
            product,
            replace(compared, lts=False),
            policy.as_of,
            excluded=facts.new_device_only.get(product.id, frozenset()),
            stable_even_minor=product.id in facts.stable_even_minor,
        )
        assessment = replace(assessment, upgrade_to=target.id if target else None)
    finding = _finding(asset, replace(match, cycles=()), product, None, assessment)
    finding = _successor(replace(finding, link=_link(product, compared)), facts)
    if asset.kind == Kind.SOFTWARE and assessment.status is Status.EOL:
        # the lines before ``compared``: no Application Stream is keyed by them
        older = replace(compared, id=f"<{compared.id}", label=f"lines up to {compared.label}")
        built = _distribution(finding, older, policy, db, facts, host, contracts)
        if built.maintained_by is not None:
            return _with_note(built, match)
    return _with_note(finding, match)
