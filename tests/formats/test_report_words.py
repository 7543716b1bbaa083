"""The words people read: product names without repetition, days, dates, safe links, the CSP."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import date

import pytest

from eolscan.formats.html_detail import safe_link
from eolscan.formats.html_style import CSS, csp
from eolscan.formats.words import (
    add_months,
    client_target,
    days_text,
    item_text,
    note_text,
    plain_product,
    product_text,
)
from eolscan.model import Asset, Finding, Kind, Status


@pytest.mark.parametrize(
    ("product", "cycle", "expected"),
    [
        (
            "Microsoft Windows Server",
            "Windows Server 2012 R2 (LTSC)",
            "Microsoft Windows Server 2012 R2 (LTSC)",
        ),
        ("Apple macOS", "macOS 13 (Ventura)", "Apple macOS 13 (Ventura)"),
        ("Microsoft Windows", "10 22H2", "Microsoft Windows 10 22H2"),
        ("PHP", "7.4", "PHP 7.4"),
        ("Ubuntu", None, "Ubuntu"),
        (None, None, ""),
        # a release label that names the product itself, as the data spells them
        ("Apple macOS", "OS X 10.11 (El Capitan)", "Apple OS X 10.11 (El Capitan)"),
        ("Apple macOS", "Mac OS X 10.6 (Snow Leopard)", "Apple Mac OS X 10.6 (Snow Leopard)"),
        (
            "Microsoft 365 and Office for Mac",
            "Office 2019 for Mac",
            "Microsoft Office 2019 for Mac",
        ),
        ("Nokia Mobile", "Nokia C210", "Nokia C210"),
        ("Samsung Galaxy Watch", "Galaxy Watch9", "Samsung Galaxy Watch9"),
        (
            "Adobe Acrobat and Acrobat Reader",
            "DC (continuous)",
            "Adobe Acrobat and Acrobat Reader DC (continuous)",
        ),
        ("IBM MQ", "WebSphere MQ 7.5", "IBM MQ WebSphere MQ 7.5"),
    ],
)
def test_product_text_does_not_repeat_the_product(
    product: str | None, cycle: str | None, expected: str
) -> None:
    assert product_text(product, cycle) == expected


def test_product_text_lists_candidates_when_the_cycle_is_open() -> None:
    assert (
        product_text("Microsoft Windows", None, ("10-21h2", "10-22h2"))
        == "Microsoft Windows 10-21h2 or 10-22h2"
    )


def test_product_text_sums_up_a_long_list_of_candidates() -> None:
    candidates = ("10-22h2", "10-21h2-w", "10-21h1", "10-20h2-w")
    assert (
        product_text("Microsoft Windows", None, candidates)
        == "Microsoft Windows 10 (one of 4 releases)"
    )
    others = ("2.7", "3.6", "3.7", "3.8")  # no release of their own in common
    assert product_text("Python", None, others) == "Python 2.7 or 3 other releases"


def test_item_text_adds_the_version_once() -> None:
    assert item_text("PHP", "7.4.33") == "PHP 7.4.33"
    assert item_text("Python 3.8.10 (64-bit)", "3.8.10") == "Python 3.8.10 (64-bit)"
    assert item_text("nginx", "") == "nginx"


def test_days_text() -> None:
    assert days_text(-1140) == "1,140 overdue"
    assert days_text(50) == "50 left"
    assert days_text(-1, short=False) == "1 day ago"
    assert days_text(0, short=False) == "today"
    assert days_text(None) == ""


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 23), 18) == date(2028, 5, 23)
    assert add_months(date(2027, 1, 15), -12) == date(2026, 1, 15)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)  # a leap year's February
    assert add_months(date(2027, 10, 31), 2) == date(2027, 12, 31)
    assert add_months(date(9999, 10, 31), 2) == date(9999, 12, 31)  # the last month there is


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "", None]
)
def test_safe_link_refuses_anything_but_http(url: str | None) -> None:
    assert safe_link(url) == ""


def test_safe_link_escapes_the_address() -> None:
    link = safe_link('https://endoflife.date/x"><script>')
    href = "https://endoflife.date/x&quot;&gt;&lt;script&gt;"
    assert link == f'<a href="{href}" rel="noopener noreferrer">endoflife.date</a>'


def test_csp_allows_exactly_the_inline_stylesheet() -> None:
    digest = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
    assert f"style-src 'sha256-{digest}'" in csp()
    assert "default-src 'none'" in csp() and "script-src" not in csp()


def test_an_accepted_builds_reason_is_read_whole() -> None:
    """A distribution build's reason is cut after "maintained by ...; upstream ...", the two
    parts a person needs; an accepted build's reason is the accepted risk's own words, which
    may hold a "; " of their own, and is kept whole (its parentheses balanced)."""
    asset = Asset("Acme", "web01", Kind.SOFTWARE, "openssl", "1.0.2k-26.el7_9")
    reason = (
        "accepted with centos 7 until 2027-03-31 by ops: legacy shop; migration booked "
        "(was eol: maintained by CentOS 7 until 2024-06-30; upstream 1.0.2 ended 2019-12-31)"
    )
    accepted = Finding(asset, Status.ACCEPTED, reason=reason, maintained_by=("centos", "7"))
    assert note_text(accepted) == reason
    maintained = replace(accepted, status=Status.EOL, reason=reason.split("(was eol: ")[1][:-1])
    assert note_text(maintained) == (
        "maintained by CentOS 7 until 2024-06-30; upstream 1.0.2 ended 2019-12-31"
    )


def test_a_clients_words_leave_out_vendor_jargon_and_name_a_self_updating_target_once() -> None:
    """The client's copy names releases plainly: endoflife.date's "(Upcoming ELS)" marks
    a paid add-on, not the release; a product that updates itself is told to take its
    newest release, not "Adobe Acrobat and Acrobat Reader the newest release, ..."."""
    assert plain_product("Red Hat Enterprise Linux 10 (Upcoming ELS)") == (
        "Red Hat Enterprise Linux 10"
    )
    assert plain_product("Red Hat Enterprise Linux 7 (ELS)") == "Red Hat Enterprise Linux 7"
    newest = "the newest release, 26.001.21789"
    assert client_target("Adobe Acrobat and Acrobat Reader", newest) == newest
    assert client_target("Microsoft Windows", "11 25H2 (W)") == (
        "Microsoft Windows 11 version 25H2 (Home/Pro)"
    )
