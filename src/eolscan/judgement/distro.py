"""Distribution builds: a package whose version, purl or host says the distribution built it.

Such a package is maintained by the distribution's security team until the distribution
release ends (fixes are backported without changing the upstream version), so it is judged
by that release, not by the upstream branch. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eolscan.judgement.facts import PolicyFacts
from eolscan.support.lazy_regex import LazyRegex

_UBUNTU_RELEASE = LazyRegex(
    r"(?:ubuntu\d*(?:\.\d+)*?[.~]?|~)(\d{2}\.\d{2})(?:\.\d+)?(?![\d.]*\d{2}\.\d{2})"
)
_DEBIAN_RELEASE = re.compile(r"[+~]deb(\d{1,2})u\d+")
_EL_RELEASE = re.compile(r"([.+]|module_)el(\d+)(?:_\d+)?(\.centos|uek)?\b")
"""``.el8``, RHEL's module builds' ``+el8``, CentOS's and Rocky's ``module_el8``, Oracle
Linux's own kernel's ``.el8uek``."""
_FEDORA_RELEASE = re.compile(r"(?:\.fc|\.module_f)(\d{2})\b")
"""``.fc39``, and Fedora's module builds' ``.module_f38``."""
_SUSE_SERVICE_PACK = re.compile(r"-(1[2-9])0(\d)00(?:\.\d+)+$")
"""SUSE's maintenance builds name the service pack they were built for (``150400`` is SLE 15
SP4); later service packs keep shipping them, so the host's release decides."""
_LEAP_RELEASE = re.compile(r"-lp(1[5-9])(\d)(?:\.\d+)+$")
"""openSUSE Leap's own builds (``lp155``: Leap 15.5, also shipped to later 15.x and, from
SUSE Package Hub, to SLES as community packages)."""
_AMAZON_RELEASE = re.compile(r"\.amzn(\d+)\b")
_APK_REVISION = LazyRegex(r"^\d[\w.]*-r\d+$")
_DEB_REVISION = LazyRegex(r"^(?:\d+:)?\d[\w.+~]*-[\w.+~]+$")
_RPM_RELEASE = LazyRegex(r"^(?:\d+:)?\d[\w.+~]*-\d[\w.+~]*$")
_MODULE = LazyRegex(r"\.module[+_]el\d")
_VENDOR_REPOS = re.compile(
    r"pgdg|~(?:ubuntu|debian)[.-]|~[a-z]+$|nginx|docker|\.ngx\b|\.remi\b|\.ius(?:\.|$)|"
    r"nodesource|deb\.sury\.org|\.gbp[0-9a-f]{6}|ppa\d|~mt\d+$|"
    r"[+\d](?:ubuntu\d{2}\.\d{2}|debian\d+)$|"
    r"[+~\d](?:trusty|xenial|bionic|focal|jammy|noble|oracular|plucky|questing|resolute|"
    r"jessie|stretch|buster|bullseye|bookworm|trixie|forky)\d*$|"
    r"\.el\d+(?:_\d+)?(?!uek\b)[a-z]{2,}\b"
)
"""Builds from upstream vendors' own repositories, told by their version (PostgreSQL's
pgdg, nginx.org's ``1.24.0-1~jammy`` and ``1.24.0-1.el7.ngx``, Docker's
``~ubuntu.22.04~jammy``, Remi's PHP ``7.4.33-1.el7.remi``, IUS's ``.ius``, NodeSource's
``1nodesource``, Ondřej Surý's PHP for Ubuntu ``8.2.24-1+ubuntu20.04.1+deb.sury.org+1`` and
for Debian ``8.3.21-1+0~20250509.62+debian12~1.gbpd2ac5c``, a Launchpad PPA's ``~ppa1``
and the Mozilla team's ``~mt1``, builds named by the release they were made for:
deadsnakes' ``3.11.9-1+jammy1``, Puppet's ``8.3.1-1jammy``, Redis's ``7.0.11-1rl1~jammy1``,
Zabbix's ``1:6.0.25-1+ubuntu22.04`` and ``+debian12``, Oracle's MySQL ``8.0.35-1ubuntu22.04``
(the distributions' own say ``ubuntu0.22.04.1``, ``~22.04`` or ``+deb12u1``), and Red Hat's
layered products' ``.el8ae`` (Ansible Engine), ``.el8jws`` (JBoss Web Server), which
follow their product's lifecycle, not the release's): the vendor maintains those, not the
distribution."""
_VENDOR_PACKAGES = re.compile(
    r"(?i:mysql\d*-community-|docker-ce\b|containerd\.io\b|mongodb-(?:org|mongosh)\b|"
    r"gitlab-[ce]e\b|percona-|google-chrome-|microsoft-edge-|powershell\b|influxdb2\b|"
    r"puppet-agent\b)|MariaDB-"
)
"""Package names only a vendor's own repository uses, whatever its version says: Oracle's
``mysql-community-server`` (its release is ``1.el7``), Docker's ``docker-ce`` and
``containerd.io``, MongoDB's ``mongodb-org``, GitLab's ``gitlab-ce``, Percona's, and the
MariaDB Foundation's capitalised ``MariaDB-server`` (the distributions' is lower case),
Google's ``google-chrome-stable``, Microsoft's ``microsoft-edge-stable`` and
``powershell``, InfluxData's ``influxdb2`` and Puppet's ``puppet-agent`` (no distribution
packages them under those names)."""
_VENDOR_UNLESS_MARKED = re.compile(
    r"(?i:dotnet-|aspnetcore-|terraform\b|kube(?:ctl|adm|let)\b|erlang-base\b|salt-)"
)
"""Names a distribution also builds, always with its marker (Ubuntu's ``dotnet-sdk-8.0
8.0.110-0ubuntu1~22.04.1``, Debian's ``erlang-base 1:25.2.3+dfsg-1`` and ``salt-minion
3004.1+dfsg-2.2``, Alpine's ``kubectl 1.28.4-r1``, ``.el9``, ``.fc39``); without one, it is
the vendor's own repository's (Microsoft's ``8.0.100-1``, HashiCorp's ``terraform
1.6.6-1``, the Kubernetes project's ``1.28.5-1.1``, the RabbitMQ team's Erlang
``1:27.3.4.6-1``): Debian packages no .NET."""

_PURL_NAMESPACES = {
    "ubuntu": "ubuntu",
    "debian": "debian",
    "redhat": "rhel",
    "rhel": "rhel",
    "centos": "centos",
    "almalinux": "almalinux",
    "rocky": "rocky-linux",
    "rocky-linux": "rocky-linux",
    "oracle": "oracle-linux",
    "ol": "oracle-linux",
    "fedora": "fedora",
    "alpine": "alpine-linux",
    "alma": "almalinux",
    "suse": "sles",
    "sles": "sles",
    "opensuse": "opensuse",
    "opensuse-leap": "opensuse",
    "amazon": "amazon-linux",
    "amzn": "amazon-linux",
}
_PURL_TYPES = {"deb": "deb", "rpm": "el", "apk": "apk"}
_BUILD_PURLS = tuple(f"pkg:{kind}/" for kind in _PURL_TYPES)
_FAMILIES = {"fedora": "fc", "sles": "suse", "opensuse": "suse", "amazon-linux": "amzn"}
"""rpm distributions outside the Enterprise Linux family: their builds are their own."""


@dataclass(frozen=True, slots=True)
class DistroBuild:
    """What a package's own evidence says: the distribution (or family) and, if shown, release."""

    product: str = ""
    family: str = ""
    release: str = ""
    evidence: str = ""


def from_version(version: str) -> DistroBuild | None:
    """A distribution build told by its version string alone (``1.24.0-2ubuntu7.5``)."""
    lowered = version.lower()
    if not lowered or _VENDOR_REPOS.search(lowered):
        return None
    if "ubuntu" in lowered:
        found = _UBUNTU_RELEASE.search(lowered)
        return DistroBuild(
            "ubuntu", "deb", found.group(1) if found else "", "ubuntu in the version"
        )
    found = _DEBIAN_RELEASE.search(lowered)
    if found:
        return DistroBuild("debian", "deb", found.group(1), f"+deb{found.group(1)}u in the version")
    found = _AMAZON_RELEASE.search(lowered)
    if found:
        release = found.group(1) if found.group(1) != "1" else ""  # AL1 names no release
        return DistroBuild("amazon-linux", "amzn", release, f".amzn{found.group(1)} in the version")
    found = _SUSE_SERVICE_PACK.search(lowered)
    if found:
        major, sp = found.group(1), found.group(2)
        evidence = f"a SUSE Linux Enterprise {major} SP{sp} build ({major}0{sp}00) in the version"
        return DistroBuild("", "suse", "", evidence)
    found = _LEAP_RELEASE.search(lowered)
    if found:
        leap = f"{found.group(1)}.{found.group(2)}"
        return DistroBuild("opensuse", "suse", "", f"an openSUSE Leap {leap} build in the version")
    found = _EL_RELEASE.search(lowered)
    if found:
        product = {".centos": "centos", "uek": "oracle-linux"}.get(found.group(3) or "", "")
        release = found.group(2)
        tag = f"el{release}" + ("uek" if found.group(3) == "uek" else "")
        module = found.group(1) != "."
        marker = f"a module build ({found.group(1)}{tag})" if module else f".{tag}"
        return DistroBuild(product, "el", release, f"{marker} in the version")
    found = _FEDORA_RELEASE.search(lowered)
    if found:
        tag = found.group(0)
        marker = f"a module build ({tag})" if tag.startswith(".module") else tag
        return DistroBuild("fedora", "fc", found.group(1), f"{marker} in the version")
    if "+ds" in lowered or "+dfsg" in lowered:
        return DistroBuild("", "deb", "", "a Debian repack (+ds) in the version")
    found = re.search(r"~(\d{2}\.\d{2})(?:\.\d+)?$", lowered)
    if found:
        return DistroBuild("ubuntu", "deb", found.group(1), f"~{found.group(1)} in the version")
    return None


def from_purl(purl: str) -> DistroBuild | None:
    """``pkg:deb/ubuntu/nginx@...?distro=ubuntu-24.04`` -> Ubuntu 24.04."""
    lowered = purl.lower()
    if not lowered.startswith("pkg:"):
        return None
    kind, _, rest = lowered[4:].partition("/")
    family = _PURL_TYPES.get(kind)
    if family is None:
        return None
    namespace = rest.split("/", 1)[0] if "/" in rest else ""
    product = _PURL_NAMESPACES.get(namespace, "")
    if not product:
        return None  # Wolfi, Photon, Azure Linux...: no curated distribution facts
    distro = re.search(r"[?&]distro=([a-z-]+?)-?(\d+(?:\.\d+)?)", lowered)
    release = ""
    if distro:
        named = _PURL_NAMESPACES.get(distro.group(1))
        if named is None:
            return None  # another distribution of the namespace's vendor (SLE Micro, Tumbleweed)
        product, release = named, distro.group(2)
    family = _FAMILIES.get(product, family)
    return DistroBuild(product, family, release, f"package URL pkg:{kind}/{namespace}")


def application_stream(version: str) -> bool:
    """True for an RHEL-family module build (``.module+el8.9.0+...``): an Application Stream,
    which the vendor may retire before the release ends."""
    return bool(_MODULE.search(version.lower()))


def package_revision(version: str, family: str) -> bool:
    """True when ``version`` carries a distribution's packaging revision (``-4``, ``-r0``)
    that names no distribution: Debian's, Alpine's and SUSE's. Enterprise Linux, Fedora and
    Amazon Linux tag their builds (``.el9``, ``.fc39``, ``.amzn2023``; ``from_version``
    reads them), so a bare release there (Grafana's ``10.2.3-1``, Elastic's ``8.11.3-1``)
    is a vendor's package."""
    if family == "apk":
        return bool(_APK_REVISION.match(version))
    if family == "deb":
        return bool(_DEB_REVISION.match(version)) and not _VENDOR_REPOS.search(version.lower())
    if family == "suse":  # SUSE's older releases carry no marker (``2.54.1``)
        return bool(_RPM_RELEASE.match(version)) and not _VENDOR_REPOS.search(version.lower())
    return False


def may_be_build(name: str, version: str, purl: str = "") -> bool:
    """False when no host can make this package a distribution build: every distribution
    marker and packaging revision follows a ``-``, and a purl may name its distribution
    (the SBOM's purl beside the name, or the name itself given as one to ``explain``); a
    vendor's own package is never one."""
    if "-" not in version and not (purl or name).lower().startswith(_BUILD_PURLS):
        # a distribution's native package has no revision, but may carry its marker
        # (``adduser 3.118ubuntu5``, ``base-files 12ubuntu4.6``)
        return from_version(version) is not None
    return not vendor_package(name, version)


def _marked(version: str) -> bool:
    """Whether a version carries a distribution's own marker (``ubuntu``, ``+dfsg``,
    ``.el9``, Alpine's ``-r1``)."""
    return from_version(version) is not None or bool(_APK_REVISION.match(version))


def vendor_package(name: str, version: str) -> bool:
    """True for a package from its vendor's own repository, by its name or its version: on
    a distribution's host it is still the vendor's release line that is patched or not."""
    return vendor_evidence(name, version) is not None


def vendor_evidence(name: str, version: str) -> str | None:
    """What shows a package is its vendor's own build (``.ngx in its version``, ``its
    name``), or None."""
    if _VENDOR_PACKAGES.match(name):
        return "its name"
    if _VENDOR_UNLESS_MARKED.match(name) and not _marked(version):
        return "its name (with no distribution's marker in the version)"
    found = _VENDOR_REPOS.search(version.lower())
    return None if found is None else f"{found.group(0)} in its version"


def maintainer(
    name: str, version: str, host: tuple[str, str] | None, facts: PolicyFacts, purl: str = ""
) -> tuple[str, str, str] | None:
    """(distribution product, release cycle id, evidence) that maintains this package, or None.

    The host's OS (``host`` = its product and cycle) decides where the package's own evidence
    agrees with it or says nothing more; a version naming another release wins (a package
    copied from elsewhere is maintained, if at all, by that release). An SBOM's ``purl`` is
    read as ``explain`` reads a purl given as the name: SPDX versions often leave out the
    distribution's release (Trivy's ``1.0.2k`` for ``1.0.2k-16.el7``), the purl keeps it.
    """
    if not may_be_build(name, version, purl):
        return None
    build = from_purl(purl or name) or from_version(version)
    host_family = (
        facts.distributions[host[0]].family if host and host[0] in facts.distributions else ""
    )
    if build is None:
        if host is None or not host_family or not package_revision(version, host_family):
            return None
        return host[0], host[1], "a packaging revision in the version, on a host running it"
    agrees = host is not None and host_family == build.family and build.product in ("", host[0])
    if host is not None and agrees and build.release.split(".")[0] in ("", host[1].split(".")[0]):
        return host[0], host[1], build.evidence
    product = build.product or ("rhel" if build.family == "el" else "")
    if product and build.release:
        return product, build.release, build.evidence
    return None
