"""Verdicts over realistic estates: distribution packages, Windows fleets by edition, old and
new versions. Every date and target is read from the bundled database or the curated facts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.judgement.facts import policy_facts
from eolscan.judgement.policy import Policy
from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import LifecycleDB, load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import load_rules
from eolscan.model import Asset, Cycle, Kind, Status
from eolscan.report.scan import assess_asset
from tests.helpers import AS_OF

ESTATES = Path(__file__).resolve().parent / "estates"
TODAY = date.fromisoformat(AS_OF)


@pytest.fixture(scope="module")
def db() -> LifecycleDB:
    return load_db(bundled_db_path())


def _scan(name: str, fmt: str = "json") -> str:
    result = CliRunner().invoke(
        cli, ["scan", str(ESTATES / name), "--as-of", AS_OF, "-f", fmt, "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def linux() -> dict[tuple[str, str], dict[str, Any]]:
    findings = json.loads(_scan("linux-servers.yaml"))["findings"]
    return {(f["host"], f["name"]): f for f in findings}


@pytest.fixture(scope="module")
def windows() -> dict[tuple[str, str], dict[str, Any]]:
    findings = json.loads(_scan("windows-fleet.yaml"))["findings"]
    return {(f["host"], f["name"]): f for f in findings}


def _cycle(db: LifecycleDB, product: str, cycle: str) -> Cycle:
    found = db.product(product).cycle(cycle)
    assert found is not None
    return found


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize(
    ("host", "name", "distro", "release", "upstream"),
    [
        ("web-noble", "nginx", "ubuntu", "24.04", "1.24"),
        ("app-jammy", "php", "ubuntu", "22.04", "8.1"),
        ("app-jammy", "openssl", "ubuntu", "22.04", "3.0"),
        ("app-jammy", "postgresql", "ubuntu", "22.04", "14"),
        ("rhel-app", "nginx", "rhel", "9", "1.20"),
    ],
)
def test_distribution_packages_follow_their_release(
    linux: dict[tuple[str, str], dict[str, Any]],
    db: LifecycleDB,
    host: str,
    name: str,
    distro: str,
    release: str,
    upstream: str,
) -> None:
    finding = linux[(host, name)]
    release_cycle = _cycle(db, distro, release)
    upstream_cycle = _cycle(db, finding["product"], upstream)
    assert finding["cycle"] == upstream
    assert finding["maintained_by"] == {"product": distro, "cycle": release}
    assert finding["eol"] == _iso(release_cycle.eol)
    assert isinstance(release_cycle.eol, date) and release_cycle.eol > TODAY
    assert finding["status"] in ("supported", "warn")  # the upstream line may have ended
    assert finding["latest"] == upstream_cycle.latest
    label = f"{db.product(distro).label} {release}"
    assert finding["reason"].startswith(f"maintained by {label} until {_iso(release_cycle.eol)}")
    assert f"upstream {upstream_cycle.label}" in finding["reason"]
    assert finding["upgrade_to"] is None  # the distribution is what is upgraded
    # what was assumed where the data cannot tell (Ubuntu main or universe), or the stream
    facts = policy_facts()
    if (distro, release, finding["product"], upstream) in facts.stream_index:
        assert "Application Stream" in finding["reason"]
    elif facts.distributions[distro].assumed:
        assert facts.distributions[distro].assumed in finding["reason"]


def test_the_human_formats_say_who_maintains_a_package(db: LifecycleDB) -> None:
    text = _scan("linux-servers.yaml", "markdown")
    noble = _cycle(db, "ubuntu", "24.04")
    nginx = _cycle(db, "nginx", "1.24")
    assert (
        f"maintained by Ubuntu 24.04 until {_iso(noble.eol)}; "
        f"upstream 1.24 ended {_iso(nginx.eol)}" in text
    )


def test_a_package_on_a_distribution_past_support_is_eol(
    linux: dict[tuple[str, str], dict[str, Any]], db: LifecycleDB
) -> None:
    httpd = linux[("legacy-centos", "httpd")]
    centos = _cycle(db, "centos", "7")
    assert httpd["status"] == "eol"
    assert httpd["maintained_by"] == {"product": "centos", "cycle": "7"}
    assert httpd["eol"] == _iso(centos.eol)
    perl = linux[("db-bullseye", "perl")]  # Debian 11: its free LTS has ended too
    bullseye = _cycle(db, "debian", "11")
    assert isinstance(bullseye.extended_end, date) and bullseye.extended_end < TODAY
    assert (perl["status"], perl["maintained_by"]["cycle"]) == ("eol", "11")
    assert perl["eol"] == _iso(bullseye.extended_end)  # free LTS was the real end
    alpine = linux[("alpine-edge", "nginx")]  # -r0 on an Alpine 3.20 host
    assert alpine["maintained_by"] == {"product": "alpine-linux", "cycle": "3.20"}
    assert alpine["status"] == linux[("alpine-edge", "Alpine Linux v3.20")]["status"]


def test_free_debian_lts_is_support(
    linux: dict[tuple[str, str], dict[str, Any]], db: LifecycleDB
) -> None:
    bookworm = _cycle(db, "debian", "12")
    assert isinstance(bookworm.eol, date) and bookworm.eol < TODAY  # regular support over
    os_row = linux[("files-bookworm", "Debian GNU/Linux 12 (bookworm)")]
    assert os_row["status"] == "supported"
    assert os_row["eol"] == _iso(bookworm.extended_end)
    assert "Debian LTS (free)" in os_row["reason"]
    nginx = linux[("files-bookworm", "nginx")]
    assert (nginx["status"], nginx["eol"]) == ("supported", _iso(bookworm.extended_end))


def test_extended_support_without_a_known_phase_says_so(
    linux: dict[tuple[str, str], dict[str, Any]],
) -> None:
    centos = linux[("legacy-centos", "CentOS Linux 7 (Core)")]
    assert centos["status"] == "eol"
    assert "overlay contract" in centos["reason"]
    successor = policy_facts().successors["centos"].text
    assert centos["upgrade_to_label"] == successor
    assert "CentOS Stream" in successor


def test_upstream_builds_keep_upstream_dates_and_show_their_patch_level(
    linux: dict[tuple[str, str], dict[str, Any]], db: LifecycleDB
) -> None:
    apache = linux[("upstream-build", "Apache HTTP Server")]
    assert apache["maintained_by"] is None
    assert apache["latest"] == _cycle(db, "apache-http-server", "2.4").latest
    table = _scan("linux-servers.yaml", "markdown")
    assert f"behind the latest patch ({apache['latest']})" in table
    nginx = linux[("upstream-build", "nginx")]
    assert nginx["status"] == "eol" and nginx["maintained_by"] is None
    target = _cycle(db, "nginx", nginx["upgrade_to"])
    assert int(target.id.split(".")[1]) % 2 == 0  # stable, never the odd mainline
    newer = [
        c
        for c in db.product("nginx").cycles
        if c.eol is False and (c.release or date.min) > (target.release or date.min)
    ]
    assert newer and all(int(c.id.split(".")[1]) % 2 == 1 for c in newer)


def _newest_target(db: LifecycleDB, suffix: str) -> str:
    """The newest released, supported Windows client cycle with this suffix, excluding the
    curated new-device-only releases (computed from the data, not typed in)."""
    excluded = policy_facts().new_device_only["windows"]
    candidates = [
        c
        for c in db.product("windows").cycles
        if c.id.endswith(suffix)
        and c.id not in excluded
        and (c.release or date.max) <= TODAY
        and isinstance(c.eol, date)
        and c.eol > TODAY
        and (suffix != "-e" or not c.id.endswith("-e-lts"))
    ]
    return max(candidates, key=lambda c: c.release or date.min).id


@pytest.mark.parametrize(
    ("host", "name", "suffix"),
    [
        ("RECEPTION-01", "Microsoft Windows 10 Pro", "-w"),
        ("RECEPTION-02", "Microsoft Windows 11 Pro", "-w"),
        ("ADMIN-01", "Microsoft Windows 11 Enterprise", "-e"),
        ("SCANNER-PC", "Microsoft Windows 10 Enterprise LTSC 2019", "-e-lts"),
        ("XRAY-PC", "Microsoft Windows 7 Professional", "-w"),
        ("CAD-PC", "Microsoft Windows 7 Enterprise", "-e"),
        ("TILL-81", "Microsoft Windows 8.1 Pro", "-w"),
    ],
)
def test_windows_targets_stay_in_the_edition_family(
    windows: dict[tuple[str, str], dict[str, Any]],
    db: LifecycleDB,
    host: str,
    name: str,
    suffix: str,
) -> None:
    finding = windows[(host, name)]
    assert finding["upgrade_to"] == _newest_target(db, suffix)
    assert finding["upgrade_to"] not in policy_facts().new_device_only["windows"]


def test_new_device_only_release_exists_in_the_data(db: LifecycleDB) -> None:
    """The exclusion matters: the data's newest (W) release is one existing PCs cannot take."""
    newest = max(
        (c for c in db.product("windows").cycles if c.id.endswith("-w")),
        key=lambda c: c.release or date.min,
    )
    assert newest.id in policy_facts().new_device_only["windows"]


def test_windows_without_edition_states_the_assumption(
    windows: dict[tuple[str, str], dict[str, Any]],
) -> None:
    kiosk = windows[("KIOSK", "Microsoft Windows 11")]
    assert kiosk["cycle"].endswith("-w")
    assert "edition not given" in kiosk["reason"]
    assert (
        "edition not given" not in windows[("RECEPTION-02", "Microsoft Windows 11 Pro")]["reason"]
    )


def test_windows_10_22h2_without_edition_claims_no_edition_difference(tmp_path: Path) -> None:
    """22H2 ended on one day for Home, Pro, Enterprise and Education (cycle ``10-22h2`` has no
    edition split): the reason must not say Enterprise and Education end later."""
    path = tmp_path / "pcs.csv"
    path.write_text(
        "client,host,kind,name,version,extended_support\n"
        "Acme,PC1,os,Windows 10,10.0.19045,\nAcme,PC2,os,Windows 10,10.0.19044,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["scan", str(path), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    found = {f["host"]: f for f in json.loads(result.stdout)["findings"]}
    assert found["PC1"]["cycle"] == "10-22h2"
    assert "edition not given" not in found["PC1"]["reason"]
    assert found["PC2"]["cycle"] == "10-21h2-w"
    assert "edition not given" in found["PC2"]["reason"]


def test_server_moves_to_a_server_and_exchange_is_labelled_as_installed(
    windows: dict[tuple[str, str], dict[str, Any]], db: LifecycleDB
) -> None:
    server = windows[("DC01", "Microsoft Windows Server 2016 Standard")]
    assert server["product"] == "windows-server" and server["upgrade_to"] is not None
    exchange = windows[("DC01", "Microsoft Exchange Server 2016 CU23")]
    data_label = _cycle(db, "msexchange", "2016").label
    assert "SU" in data_label and "SU" not in exchange["cycle_label"]
    assert exchange["latest"] == _cycle(db, "msexchange", "2016").latest
    assert exchange["upgrade_to"] == "subscription"
    assert "SU" not in exchange["upgrade_to_label"]
    assert "Subscription Edition" in exchange["upgrade_to_label"]
    text = _scan("windows-fleet.yaml", "markdown")
    assert f"behind the latest patch ({exchange['latest']})" in text


def test_versions_outside_the_known_lines(
    windows: dict[tuple[str, str], dict[str, Any]], db: LifecycleDB
) -> None:
    firefox = windows[("LEGACY-WS", "Mozilla Firefox")]
    assert firefox["status"] == "eol"
    assert firefox["reason"].startswith("older than every known release line")
    spring = windows[("LEGACY-WS", "Spring Framework")]
    assert (spring["status"], spring["product"]) == ("eol", "spring-framework")
    assert spring["reason"].startswith("older than a known release line")
    mint = windows[("MINT-DESK", "Linux Mint 17")]
    assert mint["status"] == "eol" and "older than every known release line" in mint["reason"]
    chrome = windows[("LEGACY-WS", "Google Chrome")]  # 152, the data's newest is older
    newest = max(db.product("chrome").cycles, key=lambda c: int(c.id))
    assert newest.release is not None and int(newest.id) < 152
    cadence = policy_facts().evergreen["chrome"]
    due = int(newest.id) + (TODAY - newest.release).days // cadence
    assert chrome["status"] == ("supported" if due <= 152 else "warn")
    assert chrome["reason"].startswith("newer than the data knows")
    assert f"about {due} is current" in chrome["reason"]
    findings = json.loads(_scan("newer.yaml"))["findings"]
    php = next(f for f in findings if f["name"] == "PHP")  # not evergreen: judged current
    assert (php["status"], php["product"]) == ("supported", "php")
    assert "newer than every release line" in php["reason"]
    assert db.generated_at[:10] in php["reason"]  # the data's date, from the data


def test_cross_product_successor(windows: dict[tuple[str, str], dict[str, Any]]) -> None:
    ie = windows[("LEGACY-WS", "Internet Explorer")]
    assert ie["status"] == "eol"
    assert ie["upgrade_to"] is None
    assert ie["upgrade_to_label"] == policy_facts().successors["internet-explorer"].text
    flash = windows[("LEGACY-WS", "Adobe Flash Player 32 NPAPI")]
    assert (flash["status"], flash["product"]) == ("eol", "flash-player")
    assert flash["upgrade_to_label"] == policy_facts().successors["flash-player"].text


ROCKY8 = Path(__file__).resolve().parents[1] / "corpora" / "packages" / "rocky8-app03-rpm-qa.txt"


@pytest.fixture(scope="module")
def rocky8() -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(
        cli, ["scan", str(ROCKY8), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    return {f["name"]: f for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize(
    "name",
    ["nodejs", "nginx", "postgresql-server", "python39", "perl", "mysql-server", "php", "redis"],
)
def test_application_streams_end_at_the_shorter_of_stream_and_release(
    rocky8: dict[str, dict[str, Any]], db: LifecycleDB, name: str
) -> None:
    """A Rocky Linux 8 host's `rpm -qa` with RHEL 8 module builds: each package is judged by
    the earlier of its curated Application Stream date and the release's end."""
    finding = rocky8[name]
    release = _cycle(db, "rocky-linux", "8")
    rocky = policy_facts().distributions["rocky-linux"]
    stream = policy_facts().stream_index[
        (rocky.streams_from, "8", finding["product"], finding["cycle"])
    ]
    assert finding["maintained_by"] == {"product": "rocky-linux", "cycle": "8"}
    assert isinstance(release.eol, date)
    end = min(stream.eol, release.eol)
    assert finding["eol"] == end.isoformat()
    assert finding["status"] == ("eol" if end <= TODAY else "supported")
    assert finding["reason"].startswith(f"maintained by Rocky Linux 8 until {end.isoformat()}")
    assert "Application Stream" in finding["reason"]
    assert "assumed" not in finding["reason"]  # the stream's date is known, nothing assumed
    assert "module build (+el8)" in finding["reason"]


def test_a_retired_stream_names_the_newest_live_stream_of_its_release(
    rocky8: dict[str, dict[str, Any]],
) -> None:
    """Rocky Linux 8 runs to 2029: a retired stream's fix is switching streams (nginx 1.22
    to the newest live one), not the release; with no later stream, nothing is named."""
    streams = policy_facts().streams
    for name, finding in rocky8.items():
        if finding["status"] != "eol" or not finding.get("maintained_by"):
            continue
        product, cycle = finding["product"], finding["cycle"]
        live = [
            s.product_cycle
            for s in streams
            if (s.distribution, s.cycle, s.product) == ("rhel", "8", product)
            and s.eol > TODAY
            and tuple(map(int, s.product_cycle.split("."))) > tuple(map(int, cycle.split(".")))
        ]
        label = finding["upgrade_to_label"]
        if not live:
            assert label is None, name
            continue
        newest = max(live, key=lambda c: tuple(map(int, c.split("."))))
        assert label == (
            f"the {finding['product_label']} {newest} Application Stream of Rocky Linux 8"
        ), name
    assert rocky8["nginx"]["upgrade_to_label"] is not None  # 1.22 retired, a later one runs


def test_a_full_life_stream_outlives_its_upstream_line(
    rocky8: dict[str, dict[str, Any]], db: LifecycleDB
) -> None:
    php = rocky8["php"]  # PHP 7.4: upstream ended, Red Hat's stream runs with RHEL 8
    upstream = _cycle(db, "php", "7.4")
    assert isinstance(upstream.eol, date) and upstream.eol < TODAY
    assert php["status"] == "supported"
    assert "supported for the whole release" in php["reason"]


def test_a_module_stream_without_a_curated_date_takes_upstreams_earlier_end(
    db: LifecycleDB,
) -> None:
    """Node.js 24 arrived on RHEL 8 after the curated table was taken: no stream date, so the
    earlier of upstream's end and the release's, and the reason says so."""
    matcher = Matcher(db, load_rules(rules_path()))
    version = "24.11.1-0.module+el8.10.0+40048+6d99f608"  # Rocky 8 modulemd artifact
    asset = Asset("c", "app03", Kind.SOFTWARE, "nodejs", version)
    finding = assess_asset(asset, matcher, Policy(as_of=TODAY), host=("rocky-linux", "8"))
    upstream = _cycle(db, "nodejs", "24")
    assert ("rhel", "8", "nodejs", "24") not in policy_facts().stream_index
    assert finding.eol == upstream.eol
    assert "no curated end date" in finding.reason


PACKAGES = Path(__file__).resolve().parents[1] / "corpora" / "packages"


@pytest.mark.parametrize(
    ("host", "distro", "release", "names"),
    [
        ("sles15-web05", "sles", "15.5", ["nginx"]),  # SP4 builds on an SP5 host
        ("al2-legacy07", "amazon-linux", "2", ["containerd"]),
        ("al2023-app06", "amazon-linux", "2023", ["openssl", "haproxy", "postgresql15", "maven"]),
    ],
)
def test_suse_and_amazon_packages_follow_their_host(
    db: LifecycleDB, host: str, distro: str, release: str, names: list[str]
) -> None:
    """`rpm -qa` listings with the host's os-release beside them: SUSE service-pack builds
    and Amazon Linux builds are judged by the host's release, dates read from the data."""
    listing = PACKAGES / host / "rpm-qa.txt"
    result = CliRunner().invoke(
        cli, ["scan", str(listing), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    findings = {f["name"]: f for f in json.loads(result.stdout)["findings"]}
    cycle = _cycle(db, distro, release)
    assert isinstance(cycle.eol, date)
    for name in names:
        finding = findings[name]
        assert finding["maintained_by"] == {"product": distro, "cycle": release}, name
        assert finding["eol"] == cycle.eol.isoformat()
        assert finding["status"] == ("eol" if cycle.eol <= TODAY else "supported")
        assert finding["upgrade_to"] is None


def test_a_centos_host_folders_vendor_packages_keep_their_own_decisions(db: LifecycleDB) -> None:
    """A CentOS 7 host folder (``rpm -qa`` and ``etc/redhat-release``) scanned on its own:
    CentOS's builds go with CentOS 7's decision; MySQL from Oracle's repository, nginx from
    nginx.org and Redis from Remi's are judged by their own lines and planned on their own
    (upgrading CentOS replaces none of them)."""
    folder = PACKAGES / "centos7-web09"
    result = CliRunner().invoke(
        cli, ["scan", str(folder), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    findings = {f["name"]: f for f in document["findings"]}
    assert {f["client"] for f in findings.values()} == {"packages"}
    for name in ("openssl", "httpd", "php"):
        assert findings[name]["maintained_by"] == {"product": "centos", "cycle": "7"}, name
    for name, product, cycle in (
        ("mysql-community-server", "mysql", "5.7"),
        ("nginx", "nginx", "1.18"),
        ("redis", "redis", "6.2"),
    ):
        finding = findings[name]
        assert finding["maintained_by"] is None, name
        assert "from its vendor's own repository" in finding["reason"], name
        assert (finding["product"], finding["cycle"]) == (product, cycle)
        assert finding["eol"] == str(_cycle(db, product, cycle).eol)
    plan = {entry["product"]: entry for entry in document["plan"]}
    folded = {package["product"] for package in plan["centos"]["packages"]}
    assert folded == {"apache-http-server", "openssl", "php"}
    assert {"mysql", "nginx"} <= set(plan)


def test_the_terminal_shows_short_notes_without_verbose(db: LifecycleDB) -> None:
    """Without -v the terminal says who upgrades a distribution build and which patch a
    supported line is missing, in the otherwise empty "Upgrade to" cell; -v has the rest."""
    wide = {"COLUMNS": "200"}  # one line a cell, so the cell texts can be read whole
    args = ["scan", str(ESTATES / "linux-servers.yaml"), "--as-of", AS_OF, "--fail-on", "never"]
    text = CliRunner(env=wide).invoke(cli, args).stdout
    apache = _cycle(db, "apache-http-server", "2.4")
    assert f"{apache.latest} (patch)" in text
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if "Apache HTTP Server 2.4.58" in line)
    assert "patch due" in lines[at + 1]  # flagged under the status
    assert "with Ubuntu 24.04" in text
    assert "with RHEL 9" in text
    assert "maintained by" not in text  # the long form is -v's
    result = CliRunner(env=wide).invoke(cli, [*args, "-v"])
    assert "maintained by Ubuntu 24.04" in " ".join(result.stdout.split())


def test_no_stream_switch_is_offered_on_an_ended_release(db: LifecycleDB) -> None:
    """CentOS 8 ended in 2021: its nginx 1.14 is upgraded with the release, not by switching
    to a stream of a release that gets no more fixes."""
    matcher = Matcher(db, load_rules(rules_path()))
    version = "1.14.1-9.module_el8.0.0+184+e34fea82"
    asset = Asset("c", "web", Kind.SOFTWARE, "nginx", version)
    finding = assess_asset(asset, matcher, Policy(as_of=TODAY), host=("centos", "8"))
    assert finding.maintained_by == ("centos", "8")
    assert (finding.status, finding.upgrade_to_label) == (Status.EOL, None)


def test_a_distributions_build_of_a_newest_judged_product_names_no_upstream_release(
    db: LifecycleDB,
) -> None:
    """Ubuntu's p7zip is not updated to 7-Zip's newest Windows release."""
    matcher = Matcher(db, load_rules(rules_path()))
    asset = Asset("c", "ws20", Kind.SOFTWARE, "p7zip", "16.02+dfsg-7build1")
    finding = assess_asset(asset, matcher, Policy(as_of=TODAY), host=("ubuntu", "20.04"))
    assert finding.product == "7-zip"
    assert not (finding.upgrade_to_label or "").startswith("the newest release")
