"""Accepted risks cost per distinct (item, context that can change its verdict), not per row,
and give the same findings and warnings as accepting finding by finding."""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase
from typing import cast

import pytest

from eolscan.judgement.accept import Acceptance, AcceptEntry
from eolscan.judgement.ignore import IgnoreEntry
from eolscan.judgement.policy import Policy
from eolscan.lifecycles.contracts import Contract
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import AssetRow, Item, Kind, Status, row_asset
from eolscan.report.findings import FindingStream
from eolscan.report.host_contexts import Context, HostContexts
from eolscan.report.row_order import sort_key
from eolscan.report.scan import scan, scan_report
from tests.helpers import AS_OF

SERVER: Item = (Kind.OS, "Microsoft Windows Server 2012 R2 Standard", "6.3.9600", False)
PHP: Item = (Kind.SOFTWARE, "PHP", "7.4.33", False)
NODE: Item = (Kind.SOFTWARE, "Node.js", "16.20.2", False)
WINDOWS_SERVER = ("windows-server", SERVER[1])
"""The server's product and name, as ``HostContexts.narrow`` takes an item."""


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_db(bundled_db_path()), load_rules(rules_path()))


def book() -> list[AssetRow]:
    """Six clients of three hosts, each host with the same three items at risk."""
    rows: list[AssetRow] = []
    for client in range(6):
        for host in range(3):
            for line, item in enumerate((SERVER, PHP, NODE), 2 + host * 3):
                rows.append(
                    (f"Client {client}", f"HOST-{client}{host}", item, "inv.csv", line, (), "")
                )
    return rows


def entries() -> list[AcceptEntry]:
    return [
        AcceptEntry("windows-server", "replacement ordered", date(2027, 6, 1), client="Client 1"),
        AcceptEntry("php", "vendor app", date(2027, 6, 1), client="Client 2", host="host-21"),
        AcceptEntry("windows-server", "old plan", date(2026, 1, 1), client="Client 3"),
        AcceptEntry("nodejs", "no such host", date(2027, 6, 1), client="Client 4", host="none"),
    ]


def test_accepted_risks_give_what_accepting_each_finding_gives(matcher: Matcher) -> None:
    policy = Policy(as_of=date.fromisoformat(AS_OF))
    rows = book()
    acceptance = Acceptance(entries(), policy.as_of)
    report = scan_report(iter(rows), matcher, policy, matcher.db.info(), (), acceptance)
    one_by_one = Acceptance(entries(), policy.as_of)
    findings = one_by_one.apply(scan(map(row_asset, rows), matcher, policy))
    expected = sorted(findings, key=sort_key)
    assert list(report.findings) == expected
    assert acceptance.warnings() == one_by_one.warnings()
    assert acceptance.expired_hits == one_by_one.expired_hits == {2: {"Client 3"}}
    accepted = {(f.asset.host, f.product) for f in expected if f.status is Status.ACCEPTED}
    assert accepted == {("HOST-10", "windows-server"), ("HOST-11", "windows-server")} | {
        ("HOST-12", "windows-server"),
        ("HOST-21", "php"),
    }
    # the three items once, each accepted verdict once, and Client 3's expired entry once
    # (its warning names the client): not once per client or host context
    stream = report.findings
    assert isinstance(stream, FindingStream)
    assert stream.verdict_count == 3 + 2 + 1


def test_a_context_narrows_to_the_entries_about_the_product(matcher: Matcher) -> None:
    acceptance = Acceptance(entries(), date.fromisoformat(AS_OF))
    contexts = HostContexts((), acceptance)
    plain = contexts.narrow(contexts.key("Client 0", "HOST-00"), "php", "PHP")
    assert contexts.narrow(contexts.key("Client 1", "HOST-10"), "php", "PHP") == plain
    assert contexts.narrow(contexts.key("Client 2", "HOST-20"), "php", "PHP") == plain
    assert contexts.narrow(contexts.key("Client 2", "HOST-21"), "php", "PHP") != plain
    assert contexts.narrow(contexts.key("Client 2", "HOST-21"), "PHP", "PHP") != plain
    assert contexts.narrow(contexts.key("Client 1", "HOST-10"), *WINDOWS_SERVER) != plain
    assert contexts.narrow(contexts.key("Client 1", "HOST-10"), None, "Unknown Tool") == plain
    expired = contexts.narrow(contexts.key("Client 3", "HOST-30"), *WINDOWS_SERVER)
    assert expired != contexts.narrow(contexts.key("Client 1", "HOST-10"), *WINDOWS_SERVER)
    assert contexts.narrow(contexts.key("Client 3", "HOST-30"), "php", "PHP") == plain


def test_a_release_contract_stays_in_every_products_context() -> None:
    """Ubuntu Pro on HOST-00 covers the packages of 20.04's archive there: a PHP build
    judged on HOST-00 must not share its verdict with HOST-01's; a Windows Server
    contract still leaves PHP's context alone."""
    ubuntu = Contract("ubuntu", "20.04", date(2030, 4, 1), client="Client 0", host="HOST-00")
    windows = Contract("windows-server", "2012-r2", date(2026, 10, 13), client="Client 0")
    contexts = HostContexts((ubuntu, windows), None)
    with_pro = contexts.narrow(contexts.key("Client 0", "HOST-00"), "php", "PHP")
    without = contexts.narrow(contexts.key("Client 0", "HOST-01"), "php", "PHP")
    assert with_pro != without
    assert without == contexts.narrow(contexts.key("Client 1", "HOST-10"), "php", "PHP")


def contracts() -> tuple[Contract, ...]:
    """Extended support for the Windows Server 2012 R2 hosts of two clients: one for
    every host, one for a host the book has not."""
    return (
        Contract("windows-server", "2012-r2", date(2027, 6, 1), client="Client 1"),
        Contract("windows-server", "2012-r2", date(2027, 6, 1), client="Client 2", host="none"),
    )


def test_contracts_give_what_assessing_each_finding_gives(matcher: Matcher) -> None:
    """A contract changes only its own product's verdicts: the covered hosts' other items
    share the verdicts of hosts without a contract (judged once, not once per context)."""
    policy = Policy(as_of=date.fromisoformat(AS_OF))
    rows = book()
    report = scan_report(iter(rows), matcher, policy, matcher.db.info(), contracts())
    expected = sorted(scan(map(row_asset, rows), matcher, policy, contracts()), key=sort_key)
    assert list(report.findings) == expected
    covered = {(f.asset.host, f.product) for f in expected if f.overlay}
    assert covered == {(f"HOST-1{host}", "windows-server") for host in range(3)}
    stream = report.findings
    assert isinstance(stream, FindingStream)
    assert stream.verdict_count == 3 + 1  # the server's verdict under contract, once


def test_a_context_narrows_to_the_contracts_for_the_product() -> None:
    contexts = HostContexts(contracts(), None)
    plain = contexts.narrow(contexts.key("Client 0", "HOST-00"), *WINDOWS_SERVER)
    covered = contexts.narrow(contexts.key("Client 1", "HOST-10"), *WINDOWS_SERVER)
    assert covered != plain
    assert contexts.narrow(contexts.key("Client 1", "HOST-10"), "php", "PHP") == plain
    assert contexts.narrow(contexts.key("Client 1", "HOST-10"), None, "Unknown Tool") == plain
    assert contexts.narrow(contexts.key("Client 2", "HOST-20"), *WINDOWS_SERVER) == plain


def folder_book() -> list[AssetRow]:
    """Six clients, each in its own folder (``clients/client-N/inv.csv``), of three hosts
    running the same three items."""
    return [
        (client, host, item, f"clients/{client.lower().replace(' ', '-')}/inv.csv", line, (), "")
        for client, host, item, _, line, *_ in book()
    ]


def folder_ignores() -> list[IgnoreEntry]:
    """Each client's folder ignores Node.js there (as a ``client.toml`` in every client
    folder writes it); one also ignores an item no host runs."""
    found = [
        IgnoreEntry("runs with the app", name="node*", folder=f"clients/client-{client}")
        for client in range(6)
    ]
    return [*found, IgnoreEntry("not here", name="7-zip*", folder="clients/client-0")]


def test_ignores_of_every_client_folder_give_what_ignoring_each_finding_gives(
    matcher: Matcher,
) -> None:
    """Only the items an ignore can name are judged per folder: the others once a book."""
    policy = Policy(as_of=date.fromisoformat(AS_OF))
    rows = folder_book()
    acceptance = Acceptance([], policy.as_of, ignores=folder_ignores())
    report = scan_report(iter(rows), matcher, policy, matcher.db.info(), (), acceptance)
    one_by_one = Acceptance([], policy.as_of, ignores=folder_ignores())
    findings = one_by_one.apply(scan(map(row_asset, rows), matcher, policy))
    expected = sorted(findings, key=sort_key)
    assert list(report.findings) == expected
    assert {f.product for f in expected if f.status is Status.IGNORED} == {"nodejs"}
    assert acceptance.ignores_used == one_by_one.ignores_used == set(range(6))
    assert acceptance.warnings() == one_by_one.warnings()
    stream = report.findings
    assert isinstance(stream, FindingStream)
    assert stream.verdict_count == 2 + 6  # the server and PHP once; Node.js once a folder


def test_a_context_keeps_the_ignores_an_item_could_match() -> None:
    ignores = [IgnoreEntry("noise", name="7-zip*", host="pc-*"), IgnoreEntry("x", product="php")]
    contexts = HostContexts((), Acceptance([], date.fromisoformat(AS_OF), ignores=ignores))
    server = contexts.key("Client 0", "SRV-01")
    desktop = contexts.key("Client 0", "PC-01")
    assert server != desktop
    assert contexts.narrow(desktop, None, "Node.js") == contexts.narrow(server, None, "Node.js")
    assert contexts.narrow(desktop, None, "7-Zip 23.01") != contexts.narrow(
        server, None, "7-Zip 23.01"
    )
    assert contexts.narrow(desktop, "php", "PHP") == contexts.narrow(server, "php", "PHP")
    assert contexts.narrow(desktop, "php", "PHP") != contexts.narrow(desktop, "nodejs", "PHP")


def test_hosts_of_clients_alike_share_one_context_object() -> None:
    """Clients whose entries are alike (here: none applies) give their hosts one context
    object, so the scan's loop, which meets the clients' hosts interleaved, sees the same
    context by identity and keeps its index without a lookup."""
    contexts = HostContexts((), Acceptance(entries(), date.fromisoformat(AS_OF)))
    plain = contexts.key("Client 0", "HOST-00")
    assert contexts.key("Client 5", "HOST-50") is plain
    assert contexts.key("Client 2", "HOST-20") is plain  # Client 2's entry names another host
    assert contexts.key("Client 2", "HOST-21") != plain
    assert contexts.key("Client 1", "HOST-10") != plain


def test_hosts_named_outright_have_contexts_of_their_own_and_the_others_share_one() -> None:
    """A file of accepted risks for single hosts: the hosts it names (any case) get their
    entries, every other host of the client the client's context object; a host wildcard
    is matched host by host. Each context holds exactly the entries and contracts whose
    globs match, as ``fnmatchcase`` matches them."""
    until = date(2027, 6, 1)
    accepted = [
        AcceptEntry("windows-server", "ordered", until, client="Client 0", host="HOST-01"),
        AcceptEntry("php", "vendor app", until, client="Client 0", host="host-02"),
        AcceptEntry("php", "all of them", until, client="Client 0"),
        AcceptEntry("nodejs", "lab", until, client="Client 1", host="LAB-*"),
        AcceptEntry("php", "everywhere", until, client="*", host="HOST-03"),
    ]
    covered = (Contract("windows-server", "2012-r2", until, client="client 0", host="Host-04"),)
    contexts = HostContexts(covered, Acceptance(accepted, date.fromisoformat(AS_OF)))
    hosts = [
        (client, host)
        for client in ("Client 0", "CLIENT 1", "Client 2")
        for host in ("HOST-01", "Host-02", "HOST-03", "HOST-04", "HOST-05", "LAB-1", "lab-2")
    ]
    for client, host in hosts:
        named, matching, covering = cast(Context, contexts.key(client, host))
        expected = tuple(
            at
            for at, e in enumerate(accepted)
            if fnmatchcase(client.lower(), e.client.lower())
            and fnmatchcase(host.lower(), e.host.lower())
        )
        assert matching == expected, (client, host)
        assert covering == (0,) * (client == "Client 0" and host == "HOST-04")
        assert contexts.contracts_for(client, host) == covered * len(covering)
        assert named is None  # no entry has expired
    shared = contexts.key("Client 0", "HOST-05")
    assert contexts.key("Client 0", "SOMETHING-ELSE") is shared
    assert contexts.key("Client 0", "host-01") is contexts.key("Client 0", "HOST-01")
    assert contexts.key("Client 0", "HOST-01") is not shared
    assert contexts.key("Client 2", "HOST-05") is contexts.key("Client 2", "LAB-1")


def test_a_release_accepted_on_a_host_accepts_its_packages_there_as_one_by_one(
    matcher: Matcher,
) -> None:
    """CentOS 7 accepted on HOST-01: its OpenSSL build is accepted there, the same whether
    verdicts are shared by narrowed context (the fast path) or accepted finding by finding;
    HOST-00's build, with the same item and product, stays ``eol``."""
    centos: Item = (Kind.OS, "CentOS Linux 7", "7.9.2009", False)
    openssl: Item = (Kind.SOFTWARE, "openssl", "1.0.2k-26.el7_9", False)
    rows: list[AssetRow] = [
        ("Client 0", f"HOST-0{host}", item, "inv.csv", 2 + 2 * host + at, (), "")
        for host in range(2)
        for at, item in enumerate((centos, openssl))
    ]
    accepted = [AcceptEntry("centos", "migration booked", date(2027, 6, 1), host="HOST-01")]
    policy = Policy(as_of=date.fromisoformat(AS_OF))
    report = scan_report(
        iter(rows), matcher, policy, matcher.db.info(), (), Acceptance(accepted, policy.as_of)
    )
    one_by_one = Acceptance(accepted, policy.as_of).apply(
        scan(map(row_asset, rows), matcher, policy)
    )
    assert list(report.findings) == sorted(one_by_one, key=sort_key)
    statuses = {(f.asset.host, f.product): f.status for f in report.findings}
    assert statuses[("HOST-01", "openssl")] is Status.ACCEPTED
    assert statuses[("HOST-00", "openssl")] is Status.EOL
