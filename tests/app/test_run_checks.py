"""Run-level checks: contracts running out, clients that shrank or vanished, data behind."""

from __future__ import annotations

from datetime import date

from eolscan.app.run_checks import contract_warnings, count_by_client, shrink_warnings
from eolscan.lifecycles.contracts import Contract
from eolscan.lifecycles.freshness import newer_than_known, newest_cycle_ended
from eolscan.model import Cycle, Product

AS_OF = date(2026, 11, 23)


def contract(until: date, client: str = "Acme*", host: str = "*") -> Contract:
    return Contract("windows-server", "2012-r2", until, client, host, source="overlay.yaml:4")


def test_a_lapsed_contract_warns_each_client_it_covers_and_no_other() -> None:
    found = contract_warnings(
        [contract(date(2026, 10, 13))], AS_OF, 180, ["Acme Dental", "Acme Law", "Bakery"]
    )
    assert [client for client, _ in found] == ["Acme Dental", "Acme Law"]
    assert found[0][1] == (
        "overlay.yaml:4: extended support contract for windows-server 2012-r2 of Acme Dental "
        "lapsed on 2026-10-13; its hosts count as end of life again (renew it or remove it)"
    )


def test_a_contract_lapsing_within_the_window_warns_and_a_later_one_does_not() -> None:
    soon = contract(date(2027, 1, 12), host="DC*")
    later = contract(date(2028, 1, 12))
    found = contract_warnings([soon, later], AS_OF, 60, ["Acme Dental"])
    assert found == [
        (
            "Acme Dental",
            "overlay.yaml:4: extended support contract for windows-server 2012-r2 of Acme Dental "
            "(hosts DC*) lapses on 2027-01-12 (in 50 days); renew it or plan the upgrade",
        )
    ]
    assert contract_warnings([soon], AS_OF, 49, ["Acme Dental"]) == []


def counts(**clients: tuple[int, int]) -> dict[str, tuple[set[str], int]]:
    """client -> (hosts H0..Hn-1, items)."""
    return {name: ({f"H{i}" for i in range(h)}, items) for name, (h, items) in clients.items()}


def test_a_client_that_lost_a_fifth_of_its_hosts_is_named() -> None:
    before = counts(Acme=(80, 400), Bakery=(5, 20))
    after = counts(Acme=(38, 190), Bakery=(4, 16))  # one laptop of five: normal turnover
    assert shrink_warnings(before, after, "2026-10-23") == [
        ("Acme", "Acme: 42 of 80 hosts missing since 2026-10-23; is the export complete?")
    ]


def test_a_client_that_lost_items_but_no_host_is_named() -> None:
    before = counts(Acme=(10, 300))
    after = counts(Acme=(10, 120))
    assert shrink_warnings(before, after, "2026-10-23") == [
        ("Acme", "Acme: 120 items where 2026-10-23 had 300; is the export complete?")
    ]


def test_a_vanished_client_is_named_in_a_run_of_the_same_book_only() -> None:
    before = counts(Acme=(10, 50), Bakery=(3, 9), Clinic=(4, 12))
    same_book = counts(Acme=(10, 50), Bakery=(3, 9))
    assert shrink_warnings(before, same_book, "2026-10-23") == [
        (
            "Clinic",
            "Clinic: in the baseline of 2026-10-23 (4 hosts) but not in this run; "
            "is its export missing?",
        )
    ]
    one_client = counts(Acme=(10, 50))  # one client scanned against the whole book's baseline
    assert shrink_warnings(before, one_client, "2026-10-23") == []


def test_count_by_client_counts_hosts_once_and_every_item() -> None:
    assert count_by_client([("A", "h1"), ("A", "h1"), ("A", "h2"), ("B", "x")]) == {
        "A": ({"h1", "h2"}, 3),
        "B": ({"x"}, 1),
    }


def chrome(*ends: date) -> Product:
    cycles = tuple(
        Cycle(id=str(151 - n), label=str(151 - n), eol=end) for n, end in enumerate(ends)
    )
    return Product(id="chrome", label="Google Chrome", cycles=cycles)


def test_the_newest_cycle_ending_after_the_data_was_made_means_the_data_is_behind() -> None:
    product = chrome(date(2026, 8, 25), date(2026, 7, 28))
    note = newest_cycle_ended(product, AS_OF, data_date=date(2026, 8, 21))
    assert note is not None and "newest known cycle 151 ended on 2026-08-25" in note
    assert newest_cycle_ended(product, date(2026, 8, 24), data_date=date(2026, 8, 21)) is None


def test_a_discontinued_product_is_not_data_behind() -> None:
    centos = Product(id="centos", label="CentOS", cycles=(Cycle("8", "8", eol=date(2021, 12, 31)),))
    assert newest_cycle_ended(centos, AS_OF, data_date=date(2026, 8, 21)) is None


def test_a_version_newer_than_every_cycle_asks_for_a_database_update() -> None:
    product = chrome(date(2026, 8, 25), date(2026, 7, 28))
    note = newer_than_known(product, "155.0.7012.3")
    assert note == (
        "the lifecycle data is older than Google Chrome 155.0.7012.3: no known cycle fits it; "
        "run `eolscan db update`"
    )
    assert newer_than_known(product, "149.0.1") is None
    assert newer_than_known(product, "") is None
