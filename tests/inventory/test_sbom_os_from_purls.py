"""An SBOM that lists no OS component still names the host's OS in its distribution
packages' ``distro=`` qualifiers: that OS is read (SPDX and CycloneDX alike), so the OS
gets a finding and its packages follow its release."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.identifiers import purl_distro
from tests.helpers import AS_OF
from tests.inventory.helpers import read_all, rows

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "sbom"


@pytest.mark.parametrize(
    ("purl", "named"),
    [
        (
            "pkg:apk/alpine/libssl1.1@1.1.1k-r0?arch=x86_64&distro=alpine-3.10.9",
            ("alpine", "3.10.9"),
        ),
        ("pkg:apk/alpine/musl@1.2.3-r0?distro=3.16.0", ("alpine", "3.16.0")),  # Trivy: the release
        (
            "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810",
            ("centos", "7.6.1810"),
        ),
        (
            "pkg:rpm/opensuse/aaa_base@84.87-150300.10.28.2?arch=x86_64&distro=opensuse-leap-15.6",
            ("opensuse-leap", "15.6"),
        ),
        (
            "pkg:rpm/amazon/alternatives@1.15-2.amzn2023.0.2"
            "?arch=x86_64&distro=amazon-2023.7.20250609+%28Amazon+Linux%29",
            ("amazon", "2023.7.20250609"),
        ),
        ("pkg:deb/debian/tzdata@2024a-0+deb12u1?distro=debian-bookworm", None),  # no release
        ("pkg:deb/debian/tzdata@2024a-0+deb12u1", None),
        ("pkg:npm/left-pad@1.3.0?distro=alpine-3.10.9", None),  # not an OS package
    ],
)
def test_the_distro_qualifier_names_the_os(purl: str, named: tuple[str, str] | None) -> None:
    assert purl_distro(purl) == named


def test_syft_spdx_without_an_os_package_gets_its_os_from_the_purls() -> None:
    assets, skipped = read_all(CORPUS / "syft-alpine-3.10.spdx.json")
    assert skipped == []
    assert [row[:4] for row in rows(assets)] == [
        ("alpine-3.10", "software", "busybox", "1.30.1-r5"),
        ("alpine-3.10", "software", "libssl1.1", "1.1.1k-r0"),
        ("alpine-3.10", "software", "ssl_client", "1.30.1-r5"),
        ("alpine-3.10", "os", "alpine", "3.10.9"),  # where the first package named it
    ]
    assert rows(assets)[-1][4].endswith("syft-alpine-3.10.spdx.json:packages[0]")


def scan(path: Path) -> dict[str, dict[str, Any]]:
    """name -> JSON finding of one SBOM at ``AS_OF``."""
    result = CliRunner().invoke(
        cli, ["scan", str(path), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    return {f["name"]: f for f in json.loads(result.stdout)["findings"]}


def test_the_alpine_os_named_by_the_purls_is_judged() -> None:
    found = scan(CORPUS / "syft-alpine-3.10.spdx.json")
    alpine = found["alpine"]
    assert (alpine["kind"], alpine["status"], alpine["product"], alpine["cycle"]) == (
        "os",
        "eol",
        "alpine-linux",
        "3.10",
    )
    assert alpine["eol"] == "2021-05-01"
    assert found["libssl1.1"]["maintained_by"] == {"product": "alpine-linux", "cycle": "3.10"}
    assert found["libssl1.1"]["upgrade_to"] is None  # the release's update, not OpenSSL 3.5


def without_os(name: str, tmp_path: Path) -> Path:
    """A copy of a Trivy CentOS 7 SBOM with its OS component or package taken out."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    if name.endswith(".txt"):
        start = text.index("##### Package: centos")
        text = text[:start] + text[text.index("##### Package: bash") :]
    else:
        document = json.loads(text)
        if "components" in document:
            document["components"] = [
                c for c in document["components"] if c["type"] != "operating-system"
            ]
        else:
            document["packages"] = [
                p
                for p in document["packages"]
                if not p["SPDXID"].startswith("SPDXRef-OperatingSystem-")
            ]
        text = json.dumps(document)
    copy = tmp_path / name
    copy.write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    "name", ["trivy-centos-7-cyclonedx.json", "trivy-centos-7-spdx.json", "trivy-centos-7-spdx.txt"]
)
def test_each_format_reads_the_os_from_the_purls_when_it_lists_none(
    name: str, tmp_path: Path
) -> None:
    """Without its OS component, each export of the image is judged as with it."""
    complete, stripped = scan(CORPUS / name), scan(without_os(name, tmp_path))
    keys = ("kind", "version", "status", "product", "cycle", "eol", "maintained_by", "reason")
    assert stripped.keys() == complete.keys() == {"centos", "openssl-libs", "bash"}
    for item, finding in complete.items():
        assert {k: stripped[item][k] for k in keys} == {k: finding[k] for k in keys}, item


def test_the_sboms_own_os_comes_first_and_is_not_repeated() -> None:
    """Trivy's OS package says ``centos 7.6.1810``; the purls add no second OS."""
    assets, _ = read_all(CORPUS / "trivy-centos-7-spdx.txt")
    assert [(a.kind, a.name, a.version) for a in assets if a.kind == "os"] == [
        ("os", "centos", "7.6.1810")
    ]


def test_packages_naming_several_releases_name_no_os(tmp_path: Path) -> None:
    """One image runs one OS: packages that disagree say nothing of the host's."""
    document = json.loads((CORPUS / "syft-alpine-3.10.spdx.json").read_text(encoding="utf-8"))
    refs = document["packages"][2]["externalRefs"]
    for ref in refs:
        ref["referenceLocator"] = ref["referenceLocator"].replace("alpine-3.10.9", "alpine-3.11.3")
    mixed = tmp_path / "mixed.spdx.json"
    mixed.write_text(json.dumps(document), encoding="utf-8")
    assets, _ = read_all(mixed)
    assert [a.name for a in assets if a.kind == "os"] == []
