"""The action plan: one decision per (client, product cycle, upgrade target), every machine."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from eolscan.lifecycles.paths import bundled_db_path
from eolscan.lifecycles.store import load_db
from eolscan.model import Status
from eolscan.report.decision import Decision
from tests.formats.helpers import scan

PCS = 9


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    """Nine PCs on Windows 10 22H2, a server on 2012 R2 with paid ESU, a file server on 2016."""
    lines = ["client: Harbour Dental", "hosts:"]
    for n in range(1, PCS + 1):
        lines += [
            f"  - name: SURGERY-PC{n:02d}",
            "    os: Microsoft Windows 10 Pro",
            "    os_version: 10.0.19045",
        ]
    lines += [
        "  - name: DENTAL-SRV01",
        "    os: Microsoft Windows Server 2012 R2 Standard",
        "    os_version: 6.3.9600",
        "    extended_support: true",
        "    software:",
        "      - {name: Microsoft SQL Server 2014 (64-bit), version: 12.0.6024.0}",
        "  - name: FILES01",
        "    os: Microsoft Windows Server 2016 Standard",
        "    os_version: 10.0.14393",
    ]
    path = tmp_path / "harbour.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json(*args: str) -> dict[str, object]:
    result = scan(*args, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_nine_pcs_on_one_release_are_one_decision_naming_every_pc(practice: Path) -> None:
    plan = _json(str(practice))["plan"]
    assert isinstance(plan, list)
    windows = [entry for entry in plan if entry["product"] == "windows"]
    assert len(windows) == 1
    entry = windows[0]
    assert entry["count"] == PCS
    assert entry["hosts"] == [f"SURGERY-PC{n:02d}" for n in range(1, PCS + 1)]
    assert entry["cycle"] == "10-22h2" and entry["status"] == "eol"
    assert entry["quarter"] == "2026-Q4"  # overdue: act this quarter


def test_paid_extended_support_has_the_contract_end_as_deadline(practice: Path) -> None:
    plan = _json(str(practice))["plan"]
    assert isinstance(plan, list)
    server = next(e for e in plan if e["product"] == "mssqlserver")
    assert server["status"] == "extended" and server["hosts"] == ["DENTAL-SRV01"]
    findings = _json(str(practice))["findings"]
    assert isinstance(findings, list)
    row = next(f for f in findings if f["product"] == "mssqlserver")
    assert server["deadline"] == row["extended_end"]
    start = date.fromisoformat(server["deadline"]) - timedelta(days=30)
    assert server["quarter"] == f"{start.year}-Q{(start.month - 1) // 3 + 1}"


@pytest.mark.parametrize(
    ("deadline", "quarter"),
    [
        (date(2027, 1, 1), "2026-Q4"),  # the first day without support: act the quarter before
        (date(2027, 1, 12), "2026-Q4"),  # a month to do the work
        (date(2027, 1, 31), "2027-Q1"),
        (date(2027, 3, 31), "2027-Q1"),
        (date(2027, 4, 1), "2027-Q1"),
        (date(2027, 4, 30), "2027-Q1"),
        (date(2027, 5, 1), "2027-Q2"),
        (date(2026, 12, 8), "2026-Q4"),
        (date(2026, 12, 7), "2026-Q4"),  # ends today: overdue, this quarter
        (date(2020, 1, 1), "2026-Q4"),
        (None, "2026-Q4"),
    ],
)
def test_the_quarter_to_act_in_starts_a_month_before_the_deadline(
    deadline: date | None, quarter: str
) -> None:
    decision = Decision("Client", "php", "PHP", "8.1", "8.1", "8.4", "8.4", Status.EOL, deadline)
    assert decision.quarter(date(2026, 12, 7)) == quarter


def test_costs_from_the_settings_file_price_each_decision(practice: Path, tmp_path: Path) -> None:
    config = tmp_path / "eolscan.toml"
    config.write_text(
        '[costs]\ncurrency = "EUR"\nwindows = {hours = 1.5, price = 120}\n'
        '"windows-server/2012-r2" = {hours = 16, price = 2400, esu = 900}\n',
        encoding="utf-8",
    )
    plan = _json(str(practice), "--config", str(config))["plan"]
    assert isinstance(plan, list)
    windows = next(e for e in plan if e["product"] == "windows")
    assert windows["effort"] == {"hours_each": 1.5, "hours": 13.5}
    assert windows["cost"] == {"currency": "EUR", "each": 120, "total": 1080}
    server = next(e for e in plan if e["cycle"] == "2012-r2")
    assert server["cost"]["esu_total"] == 900
    unpriced = next(e for e in plan if e["cycle"] == "2016")
    assert "cost" not in unpriced and "effort" not in unpriced
    html = scan(str(practice), "--config", str(config), "-f", "html", "--fail-on", "never")
    assert "Estimated: about 29.5 h of work, EUR 3,480 (priced decisions only)." in html.output


def test_a_bad_cost_names_the_file_and_line(practice: Path, tmp_path: Path) -> None:
    config = tmp_path / "eolscan.toml"
    config.write_text('[costs]\nwindows = {hours = "lots"}\n', encoding="utf-8")
    result = scan(str(practice), "--config", str(config))
    assert result.exit_code == 3
    assert f"{config}:2: windows.hours must be a number of 0 or more" in result.stderr


def test_html_and_markdown_open_with_the_owner_summary_then_plan_then_detail(
    practice: Path,
) -> None:
    html = scan(str(practice), "-f", "html", "--fail-on", "never").output
    owner = html.index('<section class="owner">')
    plan = html.index('<section class="plan">')
    detail = html.index('<section class="detail">')
    assert owner < plan < detail
    hosts = ", ".join(f"SURGERY-PC{n:02d}" for n in range(1, PCS + 1))
    plan_text = re.sub(r"<[^>]+>", "", html[plan:detail])
    assert hosts in plan_text  # every machine in the plan, never "PC01, ..."
    assert "Renew paid extended support for Microsoft SQL Server 2014" in html[:plan]
    markdown = scan(str(practice), "-f", "markdown", "--fail-on", "never").output
    assert markdown.index("What to do") < markdown.index("### Action plan")
    assert markdown.index("### Action plan") < markdown.index("### Details")
    assert f"| {PCS}: {hosts} |" in markdown


@pytest.fixture
def many_decisions(tmp_path: Path) -> Path:
    """Eleven machines on eleven different end-of-life releases: eleven decisions, more than
    the owner's page words one by one."""
    releases = [
        ("Microsoft Windows 10 Pro", "10.0.19045"),
        ("Microsoft Windows 10 Pro", "10.0.19044"),
        ("Microsoft Windows 10 Pro", "10.0.19043"),
        ("Microsoft Windows 10 Pro", "10.0.18363"),
        ("Microsoft Windows 11 Pro", "10.0.22000"),
        ("Microsoft Windows 11 Pro", "10.0.22621"),
        ("Microsoft Windows Server 2012 R2 Standard", "6.3.9600"),
        ("Microsoft Windows Server 2008 R2 Standard", "6.1.7601"),
        ("Ubuntu 18.04.6 LTS", ""),
        ("Ubuntu 16.04.7 LTS", ""),
        ("CentOS Linux 7 (Core)", ""),
    ]
    lines = ["client: Bayside Law", "hosts:"]
    for n, (os_name, version) in enumerate(releases, 1):
        lines += [f"  - name: HOST{n:02d}", f"    os: {os_name}"]
        lines += [f"    os_version: {version}"] if version else []
    path = tmp_path / "bayside.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_owner_page_says_how_many_decisions_it_does_not_word(many_decisions: Path) -> None:
    """The HTML owner's page words the first decisions; the rest are counted and named as
    being in the plan below it, where every decision has its row: none silently dropped."""
    from eolscan.formats.html_plan import SUMMARY_ACTIONS

    decisions = len(_json(str(many_decisions))["plan"])  # type: ignore[arg-type]
    assert decisions > SUMMARY_ACTIONS
    html = scan(str(many_decisions), "-f", "html", "--fail-on", "never").stdout
    owner = html[html.index('<ol class="actions">') : html.index('<section class="plan">')]
    assert owner.count("<li>") == SUMMARY_ACTIONS
    more = decisions - SUMMARY_ACTIONS
    assert f"and {more} more decision{'s' if more > 1 else ''} in the action plan below." in owner
    plan = html[html.index('<table class="plan">') :]
    plan = plan[: plan.index("</table>")]
    assert plan.count('<td class="num">') == decisions


def test_markdown_words_every_decision_before_the_plan(many_decisions: Path) -> None:
    decisions = len(_json(str(many_decisions))["plan"])  # type: ignore[arg-type]
    markdown = scan(str(many_decisions), "-f", "markdown", "--fail-on", "never").stdout
    owner = markdown[: markdown.index("### Action plan")]
    assert len(re.findall(r"^\d+\. ", owner, flags=re.MULTILINE)) == decisions


def latest_acrobat() -> str:
    """The newest Acrobat DC release the bundled data knows."""
    latest = load_db(bundled_db_path()).product("acrobat").cycle("dc")
    assert latest is not None and latest.latest is not None
    return latest.latest


@pytest.fixture
def behind_and_ended(tmp_path: Path) -> Path:
    """Three PCs one Acrobat DC update behind (judged by the newest release, no end date)
    and one server on an ended Windows Server: the ended server must lead the plan."""
    major, minor, build = latest_acrobat().split(".")
    behind = f"{major}.{minor}.{int(build) - 1}"  # the newest major, one build behind
    lines = ["client: Northwind", "hosts:"]
    for n in range(1, 4):
        lines += [
            f"  - name: PC{n}",
            "    software:",
            f"      - {{name: Adobe Acrobat Reader DC, version: '{behind}'}}",
        ]
    lines += [
        "  - name: SQL01",
        "    os: Microsoft Windows Server 2012 R2 Standard",
        "    os_version: 6.3.9600",
    ]
    path = tmp_path / "northwind.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_what_has_ended_comes_before_an_update_on_more_machines(behind_and_ended: Path) -> None:
    plan = _json(str(behind_and_ended))["plan"]
    assert isinstance(plan, list)
    assert [(e["product"], e["status"], e["count"]) for e in plan] == [
        ("windows-server", "eol", 1),
        ("acrobat", "warn", 3),
    ]


def test_a_release_behind_the_newest_is_updated_not_replaced(behind_and_ended: Path) -> None:
    markdown = scan(str(behind_and_ended), "-f", "markdown", "--fail-on", "never").stdout
    sentence = next(line for line in markdown.splitlines() if "Acrobat" in line)
    assert sentence.startswith("2. Update ")
    newest = re.escape(latest_acrobat())
    assert re.search(f"on PC1, PC2, PC3 to the newest release, {newest}: as soon as", sentence)
    assert "→ replace" not in markdown
    assert re.search(f"→ update to the newest release, {newest} \\|", markdown)
    html = scan(str(behind_and_ended), "-f", "html", "--fail-on", "never").stdout
    assert f"→ update to the newest release, {latest_acrobat()}" in html
    assert "→ replace" not in html
    assert 'class="badge warn">Update due</span> Adobe Acrobat' in html  # the plan's badge


def test_the_owner_page_counts_an_update_due_apart_from_what_ends_soon(
    behind_and_ended: Path,
) -> None:
    """Nothing of the three PCs ends: their cards, summary and machine badges say an update is
    due, not that they lose security fixes soon."""
    html = scan(str(behind_and_ended), "-f", "html", "--fail-on", "never").stdout
    cards = re.findall(r'<div class="n">([\d,]+)</div><div class="l">([^<]+)</div>', html)
    assert cards == [
        ("1", "End of life"),
        ("0", "Ends soon"),
        ("3", "Update due"),
        ("0", "Supported"),
    ]
    assert "3 more machines need an update of software whose vendor fixes only its newest" in html
    assert "security fixes within" not in html
    for host in ("PC1", "PC2", "PC3"):
        assert f'{host} <span class="badge warn">Update due</span>' in html
    assert 'SQL01 <span class="badge eol">End of life</span>' in html


def test_a_vendor_named_successor_is_worded_as_it_is(tmp_path: Path) -> None:
    """Flash and Silverlight are removed, Internet Explorer goes to Edge: the sentence neither
    prefixes the old product's name to the successor nor asks to "upgrade to remove it"."""
    path = tmp_path / "legacy.yaml"
    path.write_text(
        "client: Legacy\nhosts:\n  - name: PC1\n    software:\n"
        "      - {name: Adobe Flash Player 32 NPAPI, version: 32.0.0.465}\n"
        "      - {name: Internet Explorer, version: '11.0.9600.19036'}\n",
        encoding="utf-8",
    )
    markdown = scan(str(path), "-f", "markdown", "--fail-on", "never").stdout
    sentences = [line for line in markdown.splitlines() if re.match(r"\d+\. ", line)]
    flash = next(s for s in sentences if "Flash" in s)
    assert flash.startswith("1. Remove Adobe Flash Player ") and " to " not in flash
    ie = next(s for s in sentences if "Internet Explorer" in s)
    assert " to Microsoft Edge (IE mode" in ie and "Explorer Microsoft Edge" not in ie


@pytest.fixture
def centos_servers(tmp_path: Path) -> Path:
    """Two CentOS 7 servers with packages from its archive, and an Ubuntu server with an
    OpenSSL built from upstream's tarball (its own dates)."""
    path = tmp_path / "acme.yaml"
    path.write_text(
        "client: Acme\n"
        "hosts:\n"
        "  - name: APP01\n"
        "    os: CentOS Linux 7\n"
        "    os_version: '7.9.2009'\n"
        "    software:\n"
        "      - {name: openssl, version: 1.0.2k-26.el7_9}\n"
        "      - {name: php, version: 5.4.16-48.el7}\n"
        "  - name: APP02\n"
        "    os: CentOS Linux 7\n"
        "    os_version: '7.9.2009'\n"
        "    software:\n"
        "      - {name: openssl, version: 1.0.2k-26.el7_9}\n"
        "  - name: WEB09\n"
        "    os: Ubuntu 24.04 LTS\n"
        "    os_version: '24.04'\n"
        "    software:\n"
        "      - {name: openssl, version: 1.0.2k}\n",
        encoding="utf-8",
    )
    return path


def test_a_releases_packages_are_part_of_its_upgrade_not_decisions_of_their_own(
    centos_servers: Path,
) -> None:
    plan = _json(str(centos_servers))["plan"]
    assert isinstance(plan, list)
    assert [(e["product"], e["hosts"]) for e in plan] == [
        ("centos", ["APP01", "APP02"]),
        ("openssl", ["WEB09"]),  # upstream's build: its own dates, its own decision
    ]
    assert [(p["product"], p["hosts"]) for p in plan[0]["packages"]] == [
        ("openssl", ["APP01", "APP02"]),
        ("php", ["APP01"]),
    ]
    assert "packages" not in plan[1]
    result = scan(str(centos_servers), "-f", "markdown", "--fail-on", "never")
    assert (
        "1. Upgrade CentOS 7 on APP01, APP02 to CentOS Stream, RHEL, AlmaLinux or Rocky Linux "
        "(a new install of the next major release): overdue since 2024-06-30. The upgrade also "
        "replaces their packages of OpenSSL 1.0.2 (LTS) and PHP 5.4 (on APP01)."
    ) in result.stdout


def test_a_package_is_accepted_with_its_release(centos_servers: Path, tmp_path: Path) -> None:
    """CentOS 7 accepted on APP02 until its migration: the packages of its archive there
    are that risk too (no "Replace OpenSSL on APP02", which cannot be done alone)."""
    accept = tmp_path / "accept.yaml"
    accept.write_text(
        "accept:\n"
        "  - {client: Acme, host: APP02, product: centos, cycle: '7', until: 2027-06-30,\n"
        "     reason: migration booked, owner: Sam}\n",
        encoding="utf-8",
    )
    report = _json(str(centos_servers), "--accept", str(accept))
    plan = report["plan"]
    assert isinstance(plan, list)
    assert sorted((e["product"], e["hosts"]) for e in plan) == [
        ("centos", ["APP01"]),
        ("openssl", ["WEB09"]),
    ]
    findings = report["findings"]
    assert isinstance(findings, list)
    on_app02 = {f["product"]: f for f in findings if f["host"] == "APP02"}
    assert on_app02["openssl"]["status"] == "accepted"
    assert on_app02["openssl"]["reason"].startswith(
        "accepted with centos 7 until 2027-06-30 by Sam: migration booked (was eol: maintained"
    )
    upstream = [f for f in findings if f["host"] == "WEB09" and f["product"] == "openssl"]
    assert upstream[0]["status"] == "eol"  # another host's own build: not this risk


def test_both_ways_of_planning_fold_packages_alike(centos_servers: Path) -> None:
    from datetime import date

    from eolscan.report.plan import build_plan
    from tests.formats.helpers import build_report
    from tests.helpers import AS_OF

    report = build_report(centos_servers)
    as_of = date.fromisoformat(AS_OF)
    from_columns = build_plan(report.findings, as_of)
    from_findings = build_plan(list(report.findings), as_of)
    assert from_columns == from_findings
    assert [p.product for p in from_columns[0].packages] == ["openssl", "php"]


def test_one_decision_is_overdue_since_its_first_machine_lost_its_fixes(tmp_path: Path) -> None:
    """Two Server 2012 R2 machines, one whose paid ESU ended later: one decision, dated by
    the machine without it, whichever is read first."""
    for order in ((True, False), (False, True)):
        lines = ["client: Harbour Dental", "hosts:"]
        for n, esu in enumerate(order):
            lines += [
                f"  - name: SRV0{n}",
                "    os: Microsoft Windows Server 2012 R2 Standard",
                "    os_version: 6.3.9600",
                f"    extended_support: {str(esu).lower()}",
            ]
        path = tmp_path / "servers.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        plan = _json(str(path))["plan"]
        assert isinstance(plan, list)
        (server,) = [e for e in plan if e["cycle"] == "2012-r2"]
        assert server["hosts"] == ["SRV00", "SRV01"]
        assert (server["status"], server["deadline"]) == ("eol", "2023-10-10")


def test_an_installation_listed_twice_is_one_decision(tmp_path: Path) -> None:
    """Programs and Features lists SQL Server 2016 as its setup entry, with no version, and
    as its engine, with the build that says SP2: one decision, the engine's; a server with
    the setup entry alone keeps its own, named by the release its candidates share."""
    path = tmp_path / "sql.yaml"
    path.write_text(
        "client: Harbour Dental\nhosts:\n"
        "  - name: SQL01\n    software:\n"
        "      - {name: Microsoft SQL Server 2016 (64-bit), version: ''}\n"
        "      - {name: SQL Server 2016 Database Engine Services, version: 13.2.5026.0}\n"
        "  - name: SQL02\n    software:\n"
        "      - {name: Microsoft SQL Server 2016 (64-bit), version: ''}\n",
        encoding="utf-8",
    )
    plan = _json(str(path))["plan"]
    assert isinstance(plan, list)
    assert [(e["cycle"], e["hosts"]) for e in plan if e["cycle"] == "13.0-sp2"] == [
        ("13.0-sp2", ["SQL01"])
    ]
    (unsure,) = [e for e in plan if "+" in e["cycle"]]
    assert unsure["hosts"] == ["SQL02"]
    assert unsure["product_label"] == "Microsoft SQL Server 2016"
    findings = _json(str(path))["findings"]
    assert isinstance(findings, list)
    assert len(findings) == 3  # the report still lists every item


def test_the_ended_releases_of_an_evergreen_browser_are_one_decision(tmp_path: Path) -> None:
    """Chrome 131 on one PC and 143 on another are one update to the same release; a
    Firefox ESR still supported stays apart from an ended one."""
    path = tmp_path / "browsers.yaml"
    path.write_text(
        "client: Harbour Dental\nhosts:\n"
        "  - name: PC1\n    software:\n"
        "      - {name: Google Chrome, version: 131.0.6778.86}\n"
        "      - {name: Mozilla Firefox ESR (x64 en-US), version: 128.3.0}\n"
        "  - name: PC2\n    software:\n"
        "      - {name: Google Chrome, version: 143.0.7499.41}\n"
        "      - {name: Mozilla Firefox ESR (x64 en-US), version: 115.18.0}\n",
        encoding="utf-8",
    )
    plan = _json(str(path))["plan"]
    assert isinstance(plan, list)
    (chrome,) = [e for e in plan if e["product"] == "chrome"]
    assert (chrome["hosts"], chrome["cycle"], chrome["status"]) == (["PC1", "PC2"], "", "eol")
    assert chrome["product_label"] == "Google Chrome"
    firefox = sorted((e["hosts"], e["status"]) for e in plan if e["product"] == "firefox")
    assert firefox == [(["PC1"], "eol"), (["PC2"], "warn")]
