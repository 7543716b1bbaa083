"""CycloneDX (JSON and XML) and SPDX JSON: components shown by name, recognised by purl or CPE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eolscan.inventory.cyclonedx import MAX_NESTING, CycloneDxReader
from eolscan.inventory.identifiers import shown_and_identifier
from eolscan.inventory.interface import InventoryError
from eolscan.inventory.spdx import SpdxReader, package_references
from eolscan.model import Asset
from tests.inventory.helpers import read_all, read_assets, rows, text_source


def ids(assets: list[Asset]) -> dict[str, tuple[str, str]]:
    """name -> (purl shown beside it, what recognition reads instead of the name)."""
    return {a.name: (a.purl, a.identifier) for a in assets}


def test_cyclonedx_json_with_nested_components(samples: Path) -> None:
    assets, skipped = read_all("cyclonedx-shop-api.json")
    assert rows(assets) == [
        ("shop-api", "software", "Django", "3.2.19", "cyclonedx-shop-api.json:components[0]"),
        ("shop-api", "software", "php", "7.4.33", "cyclonedx-shop-api.json:components[1]"),
        ("shop-api", "os", "debian", "11.8", "cyclonedx-shop-api.json:components[2]"),
        ("shop-api", "software", "vendor-bundle", "1.0", "cyclonedx-shop-api.json:components[3]"),
        (
            "shop-api",
            "software",
            "jquery",
            "1.12.4",
            "cyclonedx-shop-api.json:components[3].components[0]",
        ),
    ]
    assert ids(assets) == {
        "Django": ("pkg:pypi/django@3.2.19", "pkg:pypi/django@3.2.19"),
        "php": ("", "cpe:2.3:a:php:php:7.4.33:*:*:*:*:*:*:*"),
        "debian": ("", ""),
        "vendor-bundle": ("", ""),
        "jquery": ("pkg:npm/jquery@1.12.4", "pkg:npm/jquery@1.12.4"),
    }
    assert [(s.source, s.reason) for s in skipped] == [
        ("cyclonedx-shop-api.json:components[4]", "component has no purl, cpe or name")
    ]
    assert {a.client for a in assets} == {"cyclonedx-shop-api"}


def test_cyclonedx_xml(samples: Path) -> None:
    assets, _ = read_all("cyclonedx-intranet.xml")
    assert rows(assets) == [
        (
            "intranet",
            "software",
            "org.springframework/spring-core",
            "5.2.25.RELEASE",
            "cyclonedx-intranet.xml:components[0]",
        ),
        (
            "intranet",
            "software",
            "tomcat-embed-core",
            "9.0.83",
            "cyclonedx-intranet.xml:components[1]",
        ),
        (
            "intranet",
            "software",
            "log4j-core",
            "2.17.1",
            "cyclonedx-intranet.xml:components[1].components[0]",
        ),
    ]
    spring = "pkg:maven/org.springframework/spring-core@5.2.25.RELEASE"
    log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"
    assert ids(assets) == {
        "org.springframework/spring-core": (spring, spring),
        "tomcat-embed-core": ("", "cpe:2.3:a:apache:tomcat:9.0.83:*:*:*:*:*:*:*"),
        "log4j-core": (log4j, log4j),
    }


def test_xml_with_a_dtd_is_refused_before_parsing(samples: Path) -> None:
    with pytest.raises(InventoryError) as info:
        read_all("bad/cyclonedx-dtd.xml")
    assert str(info.value) == (
        "bad/cyclonedx-dtd.xml: XML with a DTD or entities is refused (CycloneDX needs neither)"
    )


def test_truncated_json_names_the_line(samples: Path) -> None:
    with pytest.raises(InventoryError) as info:
        read_all("bad/cyclonedx-truncated.json")
    assert str(info.value) == (
        "bad/cyclonedx-truncated.json:6: not valid JSON: "
        "Expecting property name enclosed in double quotes "
        "(column 1)"
    )


def nested_bom(levels: int) -> str:
    return (
        '{"bomFormat": "CycloneDX", "components": '
        + '[{"name": "x", "components": ' * levels
        + "[]"
        + "}]" * levels
        + "}"
    )


def test_nested_components_are_read_up_to_the_nesting_limit() -> None:
    source, _ = text_source("deep.json", nested_bom(MAX_NESTING))
    assert len(list(read_assets(CycloneDxReader(), source))) == MAX_NESTING
    deeper, _ = text_source("deep.json", nested_bom(400))
    with pytest.raises(InventoryError) as info:
        list(read_assets(CycloneDxReader(), deeper))
    assert str(info.value) == "deep.json: components nested deeper than 30 levels (the limit)"


def test_broken_xml_names_the_line() -> None:
    source, _ = text_source(
        "b.xml", '<bom xmlns="http://cyclonedx.org/schema/bom/1.5">\n<components>\n</bom>'
    )
    with pytest.raises(InventoryError, match=r"^b\.xml:3: not valid XML: mismatched tag"):
        list(read_assets(CycloneDxReader(), source))


def test_spdx_packages_by_identifier_with_the_os_package(samples: Path) -> None:
    assets, skipped = read_all("spdx-billing.spdx.json")
    host = "registry.acme.local/billing:2023.4"
    assert rows(assets) == [
        (host, "software", "alpine-baselayout", "3.2.0-r23", "spdx-billing.spdx.json:packages[0]"),
        (host, "os", "alpine", "3.16.2", "spdx-billing.spdx.json:packages[1]"),
        (host, "software", "nodejs", "16.20.2-r0", "spdx-billing.spdx.json:packages[2]"),
        (host, "software", "express", "4.18.2", "spdx-billing.spdx.json:packages[3]"),
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("spdx-billing.spdx.json:packages[4]", "a package must be an object")
    ]
    assert {a.client for a in assets} == {"spdx-billing"}


@pytest.mark.parametrize(
    ("refs", "name", "expected"),
    [
        ([("cpe22Type", "cpe:/a:x:y:1"), ("cpe23Type", "cpe:2.3:a:x:y:1")], "y", "cpe:2.3:a:x:y:1"),
        (
            [("purl", "pkg:pypi/django@4.2"), ("cpe23Type", "cpe:2.3:a:d:d:4.2")],
            "django",
            "pkg:pypi/django@4.2",
        ),
        ([("purl", "pkg:deb/debian/openssl@1.1.1n")], "openssl", ""),
        (
            [("purl", "pkg:rpm/redhat/php-fpm@7.4"), ("cpe23Type", "cpe:2.3:a:php:php:7.4")],
            "php-fpm",
            "cpe:2.3:a:php:php:7.4",
        ),
        (  # a CPE guessed from the package name says no more than the name
            [("purl", "pkg:rpm/redhat/php@7.4"), ("cpe23Type", "cpe:2.3:a:php:php:7.4")],
            "php",
            "",
        ),
        ([], "express", ""),
    ],
)
def test_spdx_package_is_shown_by_name_and_recognised_by_what_recognition_knows(
    refs: list[tuple[str, str]], name: str, expected: str
) -> None:
    package = {
        "name": name,
        "externalRefs": [{"referenceType": t, "referenceLocator": loc} for t, loc in refs],
    }
    purl, cpe = package_references(package)
    assert purl == dict(refs).get("purl", "")
    assert shown_and_identifier(name, purl, cpe, name) == (name, expected)
    assert package_references({"externalRefs": "nope", "name": name}) == ("", "")


def test_a_nameless_component_is_shown_by_its_identifier() -> None:
    assert shown_and_identifier("", "pkg:npm/x@1", "", "") == ("pkg:npm/x@1", "")
    assert shown_and_identifier("", "", "", "") == ("", "")


def test_spdx_packages_must_be_a_list() -> None:
    source, _ = text_source("s.json", '{"spdxVersion": "SPDX-2.3", "packages": {}}')
    with pytest.raises(InventoryError, match=r"^s\.json: 'packages' must be a list$"):
        list(read_assets(SpdxReader(), source))


def test_cyclonedx_files_and_trivy_scanned_files_are_not_items() -> None:
    """syft lists a file's hashes as a ``file`` component; Trivy lists the lock file or
    binary it read packages from as an ``application`` of class lang-pkgs."""
    body = json.dumps(
        {
            "bomFormat": "CycloneDX",
            "components": [
                {"type": "file", "name": "/bin/[", "hashes": [{"alg": "SHA-1", "content": "9"}]},
                {
                    "type": "application",
                    "name": "app/composer/composer.lock",
                    "properties": [{"name": "aquasecurity:trivy:Class", "value": "lang-pkgs"}],
                },
                {"type": "application", "name": "busybox", "version": "1.37.0"},
            ],
        }
    )
    source, skipped = text_source("bom.json", body)
    assert [(a.name, a.version) for a in read_assets(CycloneDxReader(), source)] == [
        ("busybox", "1.37.0")
    ]
    assert skipped == []
