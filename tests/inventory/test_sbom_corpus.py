"""SBOMs exactly as Trivy, syft and Microsoft's sbom-tool write them (tests/corpora/sbom).

Each item is shown by its name (CycloneDX ``group/name``), its purl beside it, and
recognised by the purl or CPE first; the image's OS is the host's OS, not a software
item; the scanned image, project or file that holds the packages is no item at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.registry import detect_reader
from eolscan.inventory.text import read_source
from tests.helpers import AS_OF

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "sbom"

Seen = tuple[str, str, str | None, str | None, str | None]
"""(kind, version, purl, product, cycle) of one finding."""


def scan(name: str) -> dict[str, Any]:
    """The JSON report of one corpus file at ``AS_OF``."""
    result = CliRunner().invoke(
        cli, ["scan", str(CORPUS / name), "--as-of", AS_OF, "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def seen(report: dict[str, Any]) -> dict[str, Seen]:
    """name -> (kind, version, purl, product, cycle) for every finding."""
    return {
        f["name"]: (f["kind"], f["version"], f["purl"], f["product"], f["cycle"])
        for f in report["findings"]
    }


def test_trivy_cyclonedx_names_with_group_purls_and_the_image_os() -> None:
    report = scan("trivy-maven-test-project.cdx.json")
    found = seen(report)
    assert {f["host"] for f in report["findings"]} == {"maven-test-project"}
    assert found["alpine"] == ("os", "3.16.0", None, "alpine-linux", "3.16")
    assert found["org.codehaus.mojo/child-project"][:3] == (
        "software",
        "1.0",
        "pkg:maven/org.codehaus.mojo/child-project@1.0",
    )
    assert found["com.example:example"][2] == "pkg:maven/com.example/example@0.0.1"  # old Trivy
    assert found["musl"][:3] == (
        "software",
        "1.2.3-r0",
        "pkg:apk/alpine/musl@1.2.3-r0?distro=3.16.0",
    )
    # a scoped npm package is not the bootstrap framework: its purl says so
    assert found["@example/bootstrap"] == (
        "software",
        "5.0.2",
        "pkg:npm/@example/bootstrap@5.0.2",
        None,
        None,
    )
    # Trivy's components for the scanned lock file and Go binary hold packages: no items
    assert sorted(found) == [
        "@example/bootstrap",
        "alpine",
        "com.example:example",
        "github.com/package-url/packageurl-go",
        "musl",
        "org.codehaus.mojo/child-project",
        "pear/log",
        "pear/pear_exception",
    ]


def test_trivy_spdx_os_package_by_its_spdxid_and_no_scanned_files() -> None:
    report = scan("trivy-maven-test-project.spdx.json")
    found = seen(report)
    assert {f["host"] for f in report["findings"]} == {"maven-test-projecct"}
    assert found["alpine"] == ("os", "3.16.0", None, "alpine-linux", "3.16")
    assert found["bootstrap"] == ("software", "5.0.2", "pkg:npm/bootstrap@5.0.2", "bootstrap", "5")
    assert found["org.codehaus.mojo:child-project"][2] == (
        "pkg:maven/org.codehaus.mojo/child-project@1.0"
    )
    assert not {"Java", "Node.js", "app/composer/composer.lock", "meven-test-project"} & set(found)
    assert report["skipped"] == []


def test_trivy_centos_image_in_its_three_formats() -> None:
    openssl = "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810"
    bash = "pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810"
    versions = {
        "trivy-centos-7-cyclonedx.json": ("1.0.2k-16.el7", "4.2.46-31.el7"),
        "trivy-centos-7-spdx.json": ("1:1.0.2k-19.el7", "4.2.46"),
        "trivy-centos-7-spdx.txt": ("1.0.2k", "4.2.46"),
    }
    for name, (openssl_version, bash_version) in versions.items():
        report = scan(name)
        found = seen(report)
        assert {f["host"] for f in report["findings"]} == {
            "integration/testdata/fixtures/images/centos-7.tar.gz"
        }, name
        assert found["centos"] == ("os", "7.6.1810", None, "centos", "7"), name
        assert found["openssl-libs"] == (
            "software",
            openssl_version,
            openssl,
            "openssl",
            "1.0.2",
        ), name
        assert found["bash"][:3] == ("software", bash_version, bash), name
        assert len(found) == 3, name  # the image itself is the host, not an item
    sources = {f["name"]: f["source"] for f in scan("trivy-centos-7-spdx.txt")["findings"]}
    assert sources["centos"].endswith("trivy-centos-7-spdx.txt:23")  # tag-value: file and line


def test_syft_spdx_distro_packages_shown_by_name_recognised_by_name_or_cpe() -> None:
    report = scan("syft-alpine-3.10.spdx.json")
    found = seen(report)
    assert {f["host"] for f in report["findings"]} == {"alpine-3.10"}
    assert found["libssl1.1"] == (
        "software",
        "1.1.1k-r0",
        "pkg:apk/alpine/libssl1.1@1.1.1k-r0?arch=x86_64&distro=alpine-3.10.9",
        "openssl",
        "1.1.1",
    )
    assert (
        found["busybox"][2] == "pkg:apk/alpine/busybox@1.30.1-r5?arch=x86_64&distro=alpine-3.10.9"
    )
    assert found["ssl_client"][:2] == ("software", "1.30.1-r5")


def test_syft_encoders_os_component_and_container_root() -> None:
    cdx = seen(scan("syft-image-encoder.cdx.json"))
    assert cdx["debian"][:3] == ("os", "1.2.3", None)
    assert cdx["package-2"][:3] == ("software", "2.0.1", "pkg:deb/debian/package-2@2.0.1")
    assert cdx["package-1"][2] == "a-purl-1"  # the snapshot's placeholder, kept as written
    tag_value = scan("syft-image-encoder.spdx")
    assert {f["host"] for f in tag_value["findings"]} == {"user-image-input"}
    assert sorted(seen(tag_value)) == ["package-1", "package-2"]  # the image is the host


def test_sbom_tool_manifest_by_package_name_with_nuget_purls() -> None:
    report = scan("sbom-tool-manifest.spdx.json")
    found = seen(report)
    assert {f["host"] for f in report["findings"]} == {"sbom-tool sample 4.0.3"}
    assert "sbom-tool sample" not in found  # the project the tool ran on is the host
    runtime = "Microsoft.NETCore.App.Runtime.win-x64"
    assert found[runtime] == (
        "software",
        "8.0.17",
        f"pkg:nuget/{runtime}@8.0.17",
        "dotnet",
        "8",
    )
    assert found["Microsoft.WindowsDesktop.App.Runtime.win-x64"][3:] == ("dotnet", "8")
    assert found["Newtonsoft.Json"] == (
        "software",
        "13.0.3",
        "pkg:nuget/Newtonsoft.Json@13.0.3",
        None,
        None,
    )


def test_a_large_sbom_tool_manifest_is_detected_before_its_spdx_version(tmp_path: Path) -> None:
    """sbom-tool writes every file of the drop first: ``spdxVersion`` comes after them."""
    document = json.loads((CORPUS / "sbom-tool-manifest.spdx.json").read_text(encoding="utf-8"))
    entry = document["files"][0]
    document["files"] = [
        {**entry, "fileName": f"./bin/file{n}.dll", "SPDXID": f"SPDXRef-File-{n}"}
        for n in range(400)
    ]
    big = tmp_path / "manifest.spdx.json"
    big.write_text(json.dumps(document, indent=2), encoding="utf-8")
    assert big.read_text(encoding="utf-8").index('"spdxVersion"') > 64 * 1024
    assert detect_reader(read_source(str(big))).name == "spdx"
