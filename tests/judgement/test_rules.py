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
        ("2.4.37-62.el8_9", "", "8"),
        ("1.0.2+ds-1", "", ""),  # a Debian repack: the host names the release
        ("14.21.3-1.module+el8.7.0+1183+c2c35f0a", "", "8"),  # an Application Stream module
        ("39.0-1.fc39", "fedora", "39"),
        ("1.14.1-9.module_el8.0.0+184+e34fea82", "", "8"),  # CentOS's and Rocky's modules
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


@pytest.mark.parametrize(
    ("name", "version", "host"),
    [
        ("dotnet-sdk-8.0", "8.0.110-0ubuntu1~22.04.1", "ubuntu 22.04"),  # Ubuntu's .NET
        ("dotnet-sdk-8.0", "8.0.110-1.el9_4", "rhel 9"),
        ("libc6", "2.36-9+deb12u4", "debian 12"),
        ("bash", "5.2.15-2+b2", "debian 12"),  # a binary-only rebuild (binNMU)
        ("erlang-base", "1:25.3.2.8+dfsg-1ubuntu4.7", "ubuntu 24.04"),
        ("salt-minion", "3004.1+dfsg-2.2", "debian 12"),
        ("kubectl", "1.28.4-r1", "alpine-linux 3.19"),  # Alpine's community repository
        ("terraform", "1.6.2-r1", "alpine-linux 3.19"),
        ("nodejs", "18.17.1-1.module_f38+17600+cb46c4c3", "fedora 38"),  # a Fedora module
        ("kernel-uek", "5.15.0-200.131.27.el8uek", "oracle-linux 8"),  # Oracle's own kernel
    ],
)
def test_a_distributions_own_build_of_a_vendor_named_product_is_its_own(
    name: str, version: str, host: str
) -> None:
    """The vendors' own patterns do not take what the distribution built and marked."""
    distro, release = host.split()
    found = maintainer(name, version, (distro, release), policy_facts())
    assert found is not None and found[:2] == (distro, release)


@pytest.mark.parametrize(
    ("name", "version", "host"),
    [
        ("mysql-community-server", "5.7.44-1.el7", "centos 7"),  # Oracle's yum repository
        ("MariaDB-server", "10.6.16-1.el7.centos", "centos 7"),  # the MariaDB Foundation's
        ("docker-ce", "24.0.7-1.el7", "centos 7"),
        ("nginx", "1.18.0-1.el7.ngx", "centos 7"),  # nginx.org's packages
        ("redis", "6.2.7-1.el7.remi", "centos 7"),  # Remi's repository
        ("php73-php-cli", "7.3.6-1.el7.remi", "centos 7"),
        ("nodejs", "16.20.2-1nodesource", "centos 7"),
        # Ondřej Surý's PHP, as `apt list` and `dpkg -l` show it on Ubuntu and Debian
        ("php8.2-bcmath", "8.2.24-1+ubuntu20.04.1+deb.sury.org+1", "ubuntu 20.04"),
        ("php8.3", "8.3.21-1+0~20250509.62+debian12~1.gbpd2ac5c", "debian 12"),
        # an Enterprise Linux release tags its builds: a bare release is a vendor's rpm
        ("grafana", "10.2.3-1", "rocky-linux 9"),  # Grafana's repository
        ("elasticsearch", "8.11.3-1", "rocky-linux 9"),  # Elastic's
        ("dotnet-sdk-8.0", "8.0.100-1", "amazon-linux 2023"),  # packages.microsoft.com
        # Launchpad PPAs: deadsnakes' Python, named by the Ubuntu release they were built for
        ("python3.11", "3.11.9-1+jammy1", "ubuntu 22.04"),
        ("git", "1:2.43.0-0ppa1~ubuntu22.04.1", "ubuntu 22.04"),
        # builds named by the release they were made for, in the vendor's own way
        ("puppet-agent", "8.3.1-1jammy", "ubuntu 22.04"),
        ("puppet-agent", "8.3.1-1bookworm", "debian 12"),
        ("zabbix-agent", "1:6.0.25-1+ubuntu22.04", "ubuntu 22.04"),
        ("zabbix-agent", "1:6.0.25-1+debian12", "debian 12"),
        # names only the vendor's repository uses
        ("google-chrome-stable", "120.0.6099.109-1", "ubuntu 22.04"),
        ("microsoft-edge-stable", "120.0.2210.91-1", "debian 12"),
        ("powershell", "7.4.0-1.deb", "ubuntu 22.04"),
        ("terraform", "1.6.6-1", "debian 12"),
        ("kubectl", "1.28.5-1.1", "ubuntu 22.04"),
        ("influxdb2", "2.7.6-1", "ubuntu 24.04"),  # InfluxData's
        ("puppet-agent", "7.28.0-1.el8", "rhel 8"),  # Puppet's, tagged like RHEL's own
        # names a distribution also builds, with no distribution's marker in the version
        ("dotnet-sdk-8.0", "8.0.100-1", "debian 12"),  # Microsoft's (Debian ships no .NET)
        ("aspnetcore-runtime-8.0", "8.0.0-1", "ubuntu 22.04"),
        ("erlang-base", "1:27.3.4.6-1", "ubuntu 24.04"),  # the RabbitMQ team's Erlang
        # more builds named for a release: the Mozilla team's PPA, Redis's, Oracle's MySQL
        ("firefox-esr", "115.11.0esr+build1-0ubuntu0.24.04.1~mt1", "ubuntu 24.04"),
        ("redis-server", "6:7.0.11-1rl1~noble1", "ubuntu 24.04"),
        ("mysql-server", "8.0.35-1ubuntu22.04", "ubuntu 22.04"),
        ("mysql-server", "8.0.35-1debian12", "debian 12"),
        # Red Hat's layered products follow their own lifecycle, not RHEL's
        ("ansible", "2.9.27-1.el8ae", "rhel 8"),  # Ansible Engine
        ("tomcat", "9.0.62-3.el8jws", "rhel 8"),  # JBoss Web Server
    ],
)
def test_a_vendors_own_package_is_not_the_distributions_build(
    name: str, version: str, host: str
) -> None:
    """On a distribution's host, a package from the vendor's own repository is patched (or
    not) by the vendor: it is judged by its upstream line, not by the distribution."""
    distro, release = host.split()
    assert maintainer(name, version, (distro, release), policy_facts()) is None


@pytest.mark.parametrize(
    ("name", "version"),
    [("mariadb-server", "5.5.68-1.el7"), ("openssl", "1.0.2k-26.el7_9"), ("php", "5.4.16-48.el7")],
)
def test_the_distributions_own_packages_are_its_builds(name: str, version: str) -> None:
    found = maintainer(name, version, ("centos", "7"), policy_facts())
    assert found is not None and found[:2] == ("centos", "7")


def test_purls_name_the_distribution_and_release() -> None:
    found = from_purl("pkg:deb/ubuntu/nginx@1.24.0-2ubuntu7.5?arch=amd64&distro=ubuntu-24.04")
    assert found is not None and (found.product, found.release) == ("ubuntu", "24.04")
    rpm = from_purl("pkg:rpm/redhat/httpd@2.4.37-62.el8?distro=rhel-8.9")
    assert rpm is not None and (rpm.product, rpm.family) == ("rhel", "el")
    assert from_purl("pkg:npm/vue@2.7.14") is None


# Trivy's CycloneDX purls for SUSE and Amazon images, as an SBOM consumer records them
# (the SUSE build names SP4; the image, in the distro qualifier, is SLES 15 SP7).
@pytest.mark.parametrize(
    ("purl", "product", "family", "release"),
    [
        (
            "pkg:rpm/suse/bash-sh@4.4-150400.27.3.2?arch=x86_64&distro=sles-15.7",
            "sles",
            "suse",
            "15.7",
        ),
        (
            "pkg:rpm/opensuse/aaa_base@84.87%2Bgit20180409.04c9dae-150300.10.28.2"
            "?arch=x86_64&distro=opensuse-leap-15.6",
            "opensuse",
            "suse",
            "15.6",
        ),
        (
            "pkg:rpm/amazon/alternatives@1.15-2.amzn2023.0.2"
            "?arch=x86_64&distro=amazon-2023.7.20250609+%28Amazon+Linux%29",
            "amazon-linux",
            "amzn",
            "2023.7",
        ),
        ("pkg:rpm/alma/acl@2.3.1-4.el9?arch=x86_64&distro=alma-9.6", "almalinux", "el", "9.6"),
    ],
)
def test_suse_and_amazon_purls(purl: str, product: str, family: str, release: str) -> None:
    found = from_purl(purl)
    assert found is not None
    assert (found.product, found.family, found.release) == (product, family, release)


@pytest.mark.parametrize(
    "purl",
    [
        "pkg:rpm/suse/ModemManager@1.18.10-150500.1.2?arch=aarch64&distro=slem-5.5",
        "pkg:rpm/opensuse/aaa_base@84.87%2Bgit20250429.1cad3bc-1.1?distro=opensuse-tumbleweed-20250630",
    ],
)
def test_a_purl_naming_a_distribution_without_facts_is_not_judged_by_another(purl: str) -> None:
    """SLE Micro and Tumbleweed share SUSE's namespaces but are not SLES or Leap releases."""
    assert from_purl(purl) is None


@pytest.mark.parametrize(
    ("version", "product", "family", "release"),
    [
        ("1.21.5-150400.1.8", "", "suse", ""),  # SLE 15 SP4 build: later SPs ship it too
        ("1.22.0-lp155.3.4.1", "opensuse", "suse", ""),
        ("1.0.2k-24.amzn2.0.2", "amazon-linux", "amzn", "2"),
        ("3.0.8-1.amzn2023.0.3", "amazon-linux", "amzn", "2023"),
    ],
)
def test_suse_and_amazon_builds_from_the_version(
    version: str, product: str, family: str, release: str
) -> None:
    found = from_version(version)
    assert found is not None
    assert (found.product, found.family, found.release) == (product, family, release)


def test_a_suse_build_follows_the_hosts_service_pack() -> None:
    """A package built for SP4 on an SP6 host is the SP6 package (SUSE does not rebuild
    unchanged packages per service pack); a Leap build on SLES comes from Package Hub
    (community-maintained) and follows upstream."""
    facts = policy_facts()
    assert maintainer("nginx", "1.21.5-150400.1.8", ("sles", "15.6"), facts)[:2] == (  # type: ignore[index]
        "sles",
        "15.6",
    )
    assert maintainer("nginx", "1.21.5-150400.1.8", ("opensuse", "15.5"), facts)[:2] == (  # type: ignore[index]
        "opensuse",
        "15.5",
    )
    assert maintainer("nginx", "1.21.5-150400.1.8", None, facts) is None
    assert maintainer("gstreamer", "1.22.0-lp155.3.4.1", ("sles", "15.5"), facts) is None


def test_an_sbom_purl_beside_the_name_is_the_builds_evidence() -> None:
    """Trivy's SPDX version ``1.0.2k`` drops the release; its purl keeps the distribution."""
    facts = policy_facts()
    purl = "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810"
    assert maintainer("openssl-libs", "1.0.2k", ("centos", "7"), facts) is None
    assert maintainer("openssl-libs", "1.0.2k", ("centos", "7"), facts, purl)[:2] == (  # type: ignore[index]
        "centos",
        "7",
    )
    assert maintainer("openssl-libs", "1.0.2k", None, facts, purl)[:2] == ("centos", "7.6")  # type: ignore[index]
    assert maintainer("vue", "2.7.14", ("centos", "7"), facts, "pkg:npm/vue@2.7.14") is None


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


def test_every_application_stream_names_a_known_line_and_release() -> None:
    """Each curated stream date cites Red Hat's page and points at a release line and a
    distribution release the database has (else it could never apply)."""
    db = load_db(bundled_db_path())
    facts = policy_facts()
    assert facts.streams
    for stream in facts.streams:
        assert stream.link.startswith("https://access.redhat.com/"), stream
        assert db.product(stream.distribution).cycle(stream.cycle) is not None, stream
        assert db.product(stream.product).cycle(stream.product_cycle) is not None, stream
    document = load_yaml_text(
        (bundled_data_dir() / "curated" / "policy" / "distributions.yaml").read_text("utf-8")
    )
    assert all(entry.get("source") for entry in document["streams"])
    rebuilds = [d for d in facts.distributions.values() if d.streams_from]
    assert rebuilds and all(d.streams_from in facts.distributions for d in rebuilds)


def test_a_fact_without_a_source_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "phases:\n  debian: {extended: free, name: LTS, link: https://x.example}\n",
        encoding="utf-8",
    )
    with pytest.raises(DatabaseError, match="needs 'link' and 'source'"):
        load_facts(tmp_path)
    with pytest.raises(DatabaseError, match="streams entry 1"):
        parse_facts({"s.yaml": {"streams": [{"distribution": "rhel"}]}})


def test_an_edition_phase_needs_its_source_and_a_date() -> None:
    with pytest.raises(DatabaseError, match="edition_phases entry 1: needs 'link' and 'source'"):
        parse_facts({"p.yaml": {"edition_phases": [{"product": "windows"}]}})
    entry = {
        "product": "windows",
        "cycle": "10-22h2",
        "edition": "Home",
        "until": "soon",
        "name": "x",
        "link": "https://example.org",
        "source": "x",
    }
    with pytest.raises(DatabaseError, match="edition_phases entry 1"):
        parse_facts({"p.yaml": {"edition_phases": [entry]}})


@pytest.mark.parametrize(
    ("name", "extended", "status", "until"),
    [
        # Home can join only the consumer ESU; its end, not the commercial one, dates it
        ("Microsoft Windows 10 Home", True, Status.EXTENDED, date(2027, 10, 12)),
        ("Microsoft Windows 10 Home N", True, Status.EXTENDED, date(2027, 10, 12)),
        ("Microsoft Windows 10 Pro", True, Status.EXTENDED, date(2028, 10, 10)),
        ("Microsoft Windows 10 Home", False, Status.EOL, date(2028, 10, 10)),
        ("Microsoft Windows 10 Homeoffice Pro", True, Status.EXTENDED, date(2028, 10, 10)),
    ],
)
def test_windows_10_home_on_esu_is_dated_by_the_consumer_programme(
    name: str, extended: bool, status: Status, until: date
) -> None:
    (edition,) = [e for e in policy_facts().edition_phases if e.product == "windows"]
    assert (edition.cycle, edition.until) == ("10-22h2", date(2027, 10, 12))
    matcher = Matcher(load_db(bundled_db_path()), load_rules(rules_path()))
    asset = Asset("c", "PC", Kind.OS, name, "10.0.19045", extended_support=extended)
    finding = assess_asset(asset, matcher, Policy(as_of=date(2026, 12, 7), warn_days=180))
    assert (finding.cycle, finding.status, finding.extended_end) == ("10-22h2", status, until)
    assert ("Consumer Extended Security Updates" in finding.reason) is (until.year == 2027)


def test_patch_level_and_installed_labels() -> None:
    assert is_behind("15.1.2507.6", "15.1.2507.61")
    assert is_behind("13.0.6300.2", "13.0.6500.1 GDR")
    assert not is_behind("2.4.68", "2.4.68")
    assert not is_behind("10.0.19045.3803", "10.0.19045")
    assert is_behind("16.90", "16.112.1")  # Office for Mac's two-part releases
    assert is_behind("14.7", "14.8.9")  # macOS: fixes only in the latest point release
    assert not is_behind("2.4", "2.4.68")  # no patch given: not judged
    assert not is_behind("16.112", "16.112.1")
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
    assert "an Ubuntu build" in finding.reason and "names no Ubuntu release" in finding.reason
    assert not finding.behind_latest
    # upstream 2.4 is supported, which says nothing of an Ubuntu 14.04 build: not judged
    assert finding.status is Status.UNKNOWN and finding.cycle == "2.4"
    assert "not judged (upstream 2.4 is supported" in finding.reason
    assert finding.days_left is None and finding.upgrade_to is None
    ended = assess_asset(replace(asset, name="nginx", version="1.18.0-0ubuntu1.4"), matcher, policy)
    assert ended.status is Status.EOL  # upstream's end stands, with the same caveat
    assert "judged by upstream; list the host's OS" in ended.reason


def test_a_package_listings_row_without_its_release_says_so() -> None:
    """The reader says it is a distribution package (dpkg, rpm and apk listings tag their
    rows ``package:``) even when the version names no distribution: judged by upstream, and
    the reason says why; a vendor repository's build in the same listing is upstream's."""
    db = load_db(bundled_db_path())
    matcher = Matcher(db, load_rules(rules_path()))
    policy = Policy(as_of=date(2026, 11, 23))
    tags = ("package:deb",)
    plain = Asset("c", "web03", Kind.SOFTWARE, "nginx", "1.18.0-6.1", tags=tags)
    finding = assess_asset(plain, matcher, policy)
    assert finding.product == "nginx" and finding.maintained_by is None
    assert "a deb package with a packaging revision" in finding.reason
    assert "names no distribution release" in finding.reason
    vendor = Asset("c", "web03", Kind.SOFTWARE, "postgresql-16", "16.1-1.pgdg22.04+1", tags=tags)
    assert "packaging revision" not in assess_asset(vendor, matcher, policy).reason
