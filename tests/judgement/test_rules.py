"""The verdict rules one by one: distribution evidence, free and paid phases, the curated
facts' shape, patch level. Dates come from the bundled database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from eolscan.errors import DatabaseError
from eolscan.judgement.distro import application_stream, from_purl, from_version, maintainer
from eolscan.judgement.facts import load_facts, parse_facts, policy_facts
from eolscan.judgement.patch import installed_label, is_behind
from eolscan.judgement.policy import Policy
from eolscan.judgement.risk import assess_cycle
from eolscan.lifecycles.paths import bundled_data_dir, bundled_db_path, rules_path
from eolscan.lifecycles.store import load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import Asset, Cycle, Kind, Status
from eolscan.report.scan import assess_asset
from eolscan.support.safeyaml import load_yaml_text


@pytest.mark.parametrize(
    ("version", "product", "release"),
    [
        ("1.24.0-2ubuntu7.5", "ubuntu", ""),  # release from the host
        ("14.13-0ubuntu0.22.04.1", "ubuntu", "22.04"),
        ("1.2.3-1~22.04", "ubuntu", "22.04"),
        ("5.32.1-4+deb11u2", "debian", "11"),
        ("2.4.6-99.el7.centos.1", "centos", "7"),
        ("1.20.1-14.el9_2.1", "", "9"),  # any Enterprise Linux 9
        ("39.0-1.fc39", "fedora", "39"),
    ],
)
def test_distribution_builds_from_the_version(version: str, product: str, release: str) -> None:
    found = from_version(version)
    assert found is not None
    assert (found.product, found.release) == (product, release)


@pytest.mark.parametrize(
    "version",
    ["2.4.58", "1.24.0-1~jammy", "16.1-1.pgdg22.04+1", "5:24.0.7-1~ubuntu.22.04~jammy"],
)
def test_upstream_and_vendor_repository_builds_are_not_distribution_builds(version: str) -> None:
    assert from_version(version) is None


def test_purls_name_the_distribution_and_release() -> None:
    found = from_purl("pkg:deb/ubuntu/nginx@1.24.0-2ubuntu7.5?arch=amd64&distro=ubuntu-24.04")
    assert found is not None and (found.product, found.release) == ("ubuntu", "24.04")
    rpm = from_purl("pkg:rpm/redhat/httpd@2.4.37-62.el8?distro=rhel-8.9")
    assert rpm is not None and (rpm.product, rpm.family) == ("rhel", "el")
    assert from_purl("pkg:npm/vue@2.7.14") is None
    assert from_purl("pkg:rpm/opensuse/nginx@1.21.5-150400.3.3.1") is None  # no facts yet


def test_the_host_decides_for_plain_packaging_revisions() -> None:
    facts = policy_facts()
    assert maintainer("nginx", "1.26.2-r0", ("alpine-linux", "3.20"), facts) == (
        "alpine-linux",
        "3.20",
        "a packaging revision in the version, on a host running it",
    )
    assert maintainer("nginx", "1.26.2-r0", None, facts) is None
    assert maintainer("nginx", "1.26.2", ("alpine-linux", "3.20"), facts) is None
    # a version naming another release wins over the host
    assert maintainer("perl", "5.32.1-4+deb11u2", ("debian", "12"), facts)[:2] == ("debian", "11")  # type: ignore[index]


def test_module_builds_are_application_streams() -> None:
    assert application_stream("3.9.18-1.module+el8.9.0+20024+793e3f4b")
    assert not application_stream("1:1.1.1k-9.el8_7")


def test_debian_lts_is_free_and_ubuntu_esm_is_paid() -> None:
    db = load_db(bundled_db_path())
    facts = policy_facts()
    bookworm = db.product("debian").cycle("12")
    assert bookworm is not None and isinstance(bookworm.eol, date)
    assert isinstance(bookworm.extended_end, date)
    during = Policy(as_of=bookworm.eol + timedelta(days=1), warn_days=30)
    free = assess_cycle(bookworm, during, False, facts.phases["debian"])
    assert free.status is Status.SUPPORTED and free.eol == bookworm.extended_end
    after = Policy(as_of=bookworm.extended_end + timedelta(days=1))
    assert assess_cycle(bookworm, after, False, facts.phases["debian"]).status is Status.EOL
    bionic = db.product("ubuntu").cycle("18.04")
    assert bionic is not None and isinstance(bionic.extended_end, date)
    now = Policy(as_of=bionic.extended_end - timedelta(days=400))
    paid = facts.phases["ubuntu"]
    assert not paid.free
    assert assess_cycle(bionic, now, False, paid).status is Status.EOL
    contract = assess_cycle(bionic, now, True, paid)
    assert contract.status is Status.EXTENDED and paid.name in contract.reason


@pytest.mark.parametrize("product", ["windows", "windows-server", "rhel", "mssqlserver"])
def test_contract_phases_are_paid(product: str) -> None:
    assert not policy_facts().phases[product].free


def test_every_curated_policy_fact_cites_its_source() -> None:
    folder = bundled_data_dir() / "curated" / "policy"
    files = sorted(folder.glob("*.yaml"))
    assert files
    for path in files:
        document = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
        for section, entries in document.items():
            for key, entry in entries.items() if isinstance(entries, dict) else []:
                assert entry.get("link", "").startswith("https://"), (path.name, section, key)
                assert entry.get("source"), (path.name, section, key)


def test_a_fact_without_a_source_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "phases:\n  debian: {extended: free, name: LTS, link: https://x.example}\n",
        encoding="utf-8",
    )
    with pytest.raises(DatabaseError, match="needs 'link' and 'source'"):
        load_facts(tmp_path)
    with pytest.raises(DatabaseError, match="streams entry 1"):
        parse_facts({"s.yaml": {"streams": [{"distribution": "rhel"}]}})


def test_patch_level_and_installed_labels() -> None:
    assert is_behind("15.1.2507.6", "15.1.2507.61")
    assert is_behind("13.0.6300.2", "13.0.6500.1 GDR")
    assert not is_behind("2.4.68", "2.4.68")
    assert not is_behind("10.0.19045.3803", "10.0.19045")
    cycle = Cycle("2016", "2016 CU23 SU19", latest="15.1.2507.61")
    assert installed_label(cycle, "15.1.2507.6") == "2016"
    assert installed_label(cycle, "15.1.2507.61") == "2016 CU23 SU19"
    assert installed_label(replace(cycle, label="2016 SP3"), "13.0.6300.2") == "2016 SP3"


def test_a_distribution_build_without_its_release_says_so() -> None:
    db = load_db(bundled_db_path())
    matcher = Matcher(db, load_rules(rules_path()))
    policy = Policy(as_of=date(2026, 11, 23))
    asset = Asset("c", "ci-web01", Kind.SOFTWARE, "apache2", "2.4.7-1ubuntu4.9")
    finding = assess_asset(asset, matcher, policy)  # a dpkg -l line, no OS in the file
    assert finding.product == "apache-http-server" and finding.maintained_by is None
    assert "names no Ubuntu release" in finding.reason
    assert not finding.behind_latest
