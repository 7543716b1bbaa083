"""Distribution packages in real SBOMs (tests/corpora/sbom) are judged as their distribution's
builds, from the purl the SBOM gives beside the name, as ``explain`` judges that purl.

SPDX versions may leave the distribution's release out (Trivy's tag-value ``1.0.2k`` for
``1.0.2k-16.el7``), so the purl's ``pkg:rpm/centos``/``pkg:apk/alpine`` and its ``distro=``
qualifier are what says whose build it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "sbom"
CENTOS_IMAGE = (
    "trivy-centos-7-cyclonedx.json",
    "trivy-centos-7-spdx.json",
    "trivy-centos-7-spdx.txt",
)
"""Trivy's CycloneDX, SPDX JSON and SPDX tag-value exports of the same CentOS 7 image."""
OPENSSL_RPM = "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810"
LIBSSL_APK = "pkg:apk/alpine/libssl1.1@1.1.1k-r0?arch=x86_64&distro=alpine-3.10.9"

Verdict = tuple[str, str | None, str | None, dict[str, str] | None, str | None, str | None]
"""(status, product, cycle, maintained_by, eol, upgrade_to) of one finding."""


def findings(*args: str) -> list[dict[str, Any]]:
    """The JSON findings of ``eolscan scan|explain ARGS`` at ``AS_OF``."""
    result = CliRunner().invoke(
        cli, ["scan", *args, "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def verdict(finding: dict[str, Any]) -> Verdict:
    """What a finding says of an item, apart from where it was read."""
    return (
        finding["status"],
        finding["product"],
        finding["cycle"],
        finding["maintained_by"],
        finding["eol"],
        finding["upgrade_to"],
    )


def by_name(name: str) -> dict[str, dict[str, Any]]:
    """name -> finding of one corpus file."""
    return {f["name"]: f for f in findings(str(CORPUS / name))}


def test_trivy_spdx_tag_value_openssl_libs_is_maintained_by_centos_7() -> None:
    """The tag-value version is ``1.0.2k``: only the purl says it is CentOS 7's build."""
    openssl = by_name("trivy-centos-7-spdx.txt")["openssl-libs"]
    assert openssl["version"] == "1.0.2k"
    assert openssl["purl"] == OPENSSL_RPM
    assert verdict(openssl) == (
        "eol",
        "openssl",
        "1.0.2",
        {"product": "centos", "cycle": "7"},
        "2024-06-30",
        None,
    )
    assert openssl["reason"].startswith("maintained by CentOS 7 until 2024-06-30; ")
    assert "recognised by package URL pkg:rpm/centos" in openssl["reason"]


def test_the_centos_image_gets_one_verdict_per_package_in_each_format() -> None:
    """CycloneDX, SPDX JSON and SPDX tag-value of one image: the same verdicts throughout."""
    seen = {name: {n: verdict(f) for n, f in by_name(name).items()} for name in CENTOS_IMAGE}
    cyclonedx = seen[CENTOS_IMAGE[0]]
    assert cyclonedx["openssl-libs"][3] == {"product": "centos", "cycle": "7"}
    assert cyclonedx["centos"][:3] == ("eol", "centos", "7")
    for name in CENTOS_IMAGE[1:]:
        assert seen[name] == cyclonedx, name


def test_syft_spdx_libssl_is_maintained_by_alpine_3_10() -> None:
    """No OS package in syft's SPDX: the purl's ``distro=alpine-3.10.9`` names the release."""
    libssl = by_name("syft-alpine-3.10.spdx.json")["libssl1.1"]
    assert libssl["purl"] == LIBSSL_APK
    assert verdict(libssl) == (
        "eol",
        "openssl",
        "1.1.1",
        {"product": "alpine-linux", "cycle": "3.10"},
        "2021-05-01",
        None,
    )
    assert libssl["reason"].startswith("maintained by Alpine Linux 3.10 until 2021-05-01; ")


def test_an_sbom_item_and_explain_of_its_purl_agree() -> None:
    """``explain PURL`` and a scan of the SBOM that lists that purl judge the package alike."""
    for purl, name, sbom in (
        (LIBSSL_APK, "libssl1.1", "syft-alpine-3.10.spdx.json"),
        (OPENSSL_RPM, "openssl-libs", "trivy-centos-7-spdx.txt"),
    ):
        result = CliRunner().invoke(cli, ["explain", purl, "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        why = next(ln for ln in result.output.splitlines() if ln.startswith("why:"))
        scanned = by_name(sbom)[name]
        assert why.removeprefix("why:").strip() == scanned["reason"], sbom
