"""SBOMs as syft, Trivy and cdxgen write them: guessed CPEs, distro purls, epochs, OS components.

Items are shown by their name (with the CycloneDX group), the purl beside them."""

from __future__ import annotations

import pytest

from tests.inventory.exports.helpers import scan, verdicts


def purls(report: dict) -> dict[str, str | None]:
    """name -> the purl shown beside it."""
    return {f["name"]: f["purl"] for f in report["findings"]}


def test_syft_cyclonedx_deb_packages_are_shown_and_recognised_by_package_name() -> None:
    report = scan("syft-ubuntu2004.cdx.json")
    found = {name: v for (_, name), v in verdicts(report).items()}
    assert {f["host"] for f in report["findings"]} == {"registry.acme.local/shop/web"}
    assert found["ubuntu"] == ("ubuntu", "20.04", "eol")
    assert not any(name.startswith("cpe:") for _, name in verdicts(report))  # guessed CPEs
    assert found["postgresql-12"] == ("postgresql", "12", "eol")
    assert found["php7.4-fpm"] == ("php", "7.4", "eol")
    assert found["python3.8"] == ("python", "3.8", "eol")
    assert found["mysql-server-8.0"] == ("mysql", "8.0", "eol")
    assert found["nginx-core"] == ("nginx", "1.18", "eol")
    assert found["tomcat9"] == ("tomcat", "9.0", "eol")  # an Ubuntu 20.04 build: 20.04 has ended
    assert found["ruby2.7"] == ("ruby", "2.7", "eol")
    assert found["redis-server"] == ("redis", "5.0", "eol")  # epoch 5:
    # an Ubuntu 20.04 build (0ubuntu1~20.04): judged by Ubuntu 20.04, which has ended
    assert found["openjdk-11-jre-headless"] == ("eclipse-temurin", "11", "eol")
    assert found["libssl1.1"] == ("openssl", "1.1.1", "eol")
    assert found["stdlib"] == ("go", "1.20", "eol")  # version "go1.20.5"
    log4j = "org.apache.logging.log4j/log4j-core"
    assert found[log4j][:2] == ("log4j", "2")
    assert found["libc6"][2] == "unknown"
    assert purls(report)[log4j] == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    assert purls(report)["stdlib"] == "pkg:golang/stdlib@1.20.5"
    assert purls(report)["libssl1.1"].startswith("pkg:deb/ubuntu/libssl1.1@1.1.1f-1ubuntu2.20")
    assert purls(report)["ubuntu"] is None


def test_syft_spdx_skips_the_scanned_image_and_reads_the_os_package() -> None:
    report = scan("syft-debian10.spdx.json")
    by_name = {name: v for (_, name), v in verdicts(report).items()}
    assert not any(name.startswith("pkg:oci/") for name in by_name)
    assert not any(str(purl).startswith("pkg:oci/") for purl in purls(report).values())
    assert by_name["debian"] == ("debian", "10", "eol")
    assert by_name["django"] == ("django", "2.2", "eol")
    assert purls(report)["django"] == "pkg:pypi/django@2.2.28"
    assert by_name["openjdk-11-jre-headless"][:2] == ("eclipse-temurin", "11")
    products = {v[:2] for v in by_name.values()}
    assert {("mariadb", "10.3"), ("php", "7.3"), ("python", "3.7"), ("nodejs", "10")} <= products
    assert report["summary"]["by_status"]["unknown"] == 1  # pkg:pypi/requests: not tracked


def test_trivy_cyclonedx_rpm_packages_with_epochs_and_modules() -> None:
    report = scan("trivy-ubi8.cdx.json")
    found = {name: v for (_, name), v in verdicts(report).items()}
    assert found["redhat"] == ("rhel", "8", "supported")
    assert found["java-11-openjdk-headless"] == ("redhat-build-of-openjdk", "11", "eol")
    # a module build (.module+el8): an Application Stream, judged by the earlier date
    assert found["python39"] == ("python", "3.9", "eol")
    assert found["nodejs"] == ("nodejs", "14", "eol")
    assert found["postgresql-server"] == ("postgresql", "10", "eol")  # a module: upstream date
    assert found["openssl-libs"] == ("openssl", "1.1.1", "supported")  # RHEL 8 maintains it
    assert found["httpd"] == ("apache-http-server", "2.4", "supported")
    assert found["vue"] == ("vue", "2.7", "eol")
    assert purls(report)["vue"] == "pkg:npm/vue@2.7.14"


def test_microsoft_sbom_tool_spdx_skips_the_project_itself() -> None:
    report = scan("sbom-tool-dotnet.spdx.json")
    found = {name: v for (_, name), v in verdicts(report).items()}
    assert {f["host"] for f in report["findings"]} == {"Acme.Billing.Web 4.2.0"}
    assert not any(str(purl).startswith("pkg:swid/") for purl in purls(report).values())
    assert found["Microsoft.NETCore.App.Runtime.win-x64"] == ("dotnet", "6", "eol")
    assert found["Microsoft.AspNetCore.App.Runtime.win-x64"] == ("dotnet", "6", "eol")
    assert found["bootstrap"] == ("bootstrap", "3", "eol")
    assert found["Newtonsoft.Json"][2] == "unknown"
    assert purls(report)["Newtonsoft.Json"] == "pkg:nuget/Newtonsoft.Json@12.0.3"


def test_cdxgen_xml_with_embedded_tomcat() -> None:
    report = scan("cdxgen-java.cdx.xml")
    found = {name: v for (_, name), v in verdicts(report).items()}
    assert {f["host"] for f in report["findings"]} == {"portal"}
    assert found["org.apache.tomcat.embed/tomcat-embed-core"] == ("tomcat", "9.0", "warn")
    assert found["org.springframework.boot/spring-boot"] == ("spring-boot", "2.5", "eol")
    assert found["org.hibernate/hibernate-core"] == ("hibernate-orm", "5.4", "eol")
    assert found["@angular/core"] == ("angular", "12", "eol")  # group @angular, name core
    assert purls(report)["@angular/core"] == "pkg:npm/%40angular/core@12.2.17"


def test_trivy_spdx_tag_value() -> None:
    report = scan("trivy-alpine.spdx")
    sources = {f["name"]: f["source"] for f in report["findings"]}
    verdict = {n: v for (_, n), v in verdicts(report).items()}
    assert {f["host"] for f in report["findings"]} == {"registry.acme.local/shop/worker:2.1"}
    assert verdict == {
        "alpine": ("alpine-linux", "3.16", "eol"),
        "nodejs": ("nodejs", "16", "eol"),
        "libssl3": ("openssl", "3.0", "eol"),
        "express": ("express", "4", "supported"),
    }
    assert purls(report)["express"] == "pkg:npm/express@4.17.1"
    assert sources["nodejs"].endswith("trivy-alpine.spdx:33")  # tag-value: file and line


@pytest.mark.parametrize(
    ("sample", "host"),
    [
        ("web02-syft-dir-root.cdx.json", "web02-syft-dir-root"),
        ("db04-syft-dir-root.spdx.json", "db04-syft-dir-root"),
    ],
)
def test_scan_of_a_whole_file_system_is_named_after_the_file(sample: str, host: str) -> None:
    report = scan(sample)  # syft dir:/ names its subject "/"
    assert {f["host"] for f in report["findings"]} == {host}
