"""Every purl and CPE that endoflife.date lists for a product is recognised as that product."""

from __future__ import annotations

from collections import defaultdict

from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher
from eolscan.matching.identifiers import cpe_key_and_version, purl_key_and_version
from eolscan.model import Kind


def _key(identifier: str) -> str:
    if identifier.startswith("pkg:"):
        return purl_key_and_version(identifier)[0]
    return cpe_key_and_version(identifier)[0]


def test_every_listed_identifier_maps_to_its_product(
    database: LifecycleDB, matcher: Matcher
) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    listed = [
        (pid, str(i)) for pid in database.ids() for i in database.raw(pid).get("identifiers") or []
    ]
    for product_id, identifier in listed:
        owners[_key(identifier)].add(product_id)
    assert len(listed) > 1000
    curated = {_key(i) for i in matcher.rules.identifiers}
    wrong = []
    for product_id, identifier in listed:
        if _key(identifier) in curated:
            continue  # rules.yaml corrects this identifier on purpose (oracle:openjdk guesses)
        kind = Kind.OS if database.raw(product_id).get("category") == "os" else Kind.SOFTWARE
        match = matcher.match(kind, identifier)
        # a few keys are listed by two products (a:redhat:ansible): either owner is right
        if match.product is None or match.product.id not in owners[_key(identifier)]:
            wrong.append((product_id, identifier, match.reason))
    assert wrong == []


def test_a_curated_identifier_corrects_a_guessed_one(matcher: Matcher) -> None:
    """syft guesses vendor oracle for any OpenJDK binary: judged as the upstream line."""
    match = matcher.match(Kind.SOFTWARE, "cpe:2.3:a:oracle:openjdk:17.0.9:*:*:*:*:*:*:*")
    assert (match.product and match.product.id, [c.id for c in match.cycles]) == (
        "eclipse-temurin",
        ["17"],
    )


def test_identifier_with_a_version_picks_the_cycle(matcher: Matcher) -> None:
    match = matcher.match(Kind.SOFTWARE, "pkg:pypi/django@3.2.19")
    assert (match.product and match.product.id, [c.id for c in match.cycles]) == ("django", ["3.2"])


def test_library_purls_are_not_read_as_the_server_of_the_same_name(matcher: Matcher) -> None:
    """``pkg:pypi/redis`` is a client library, not Redis: only system packages use names."""
    for purl in ("pkg:pypi/redis@5.0.1", "pkg:npm/mysql@2.18.1", "pkg:gem/nginx@1.0"):
        match = matcher.match(Kind.SOFTWARE, purl)
        assert match.product is None
        assert match.reason.startswith("package URL pkg:")


def test_unknown_cpe_says_so(matcher: Matcher) -> None:
    match = matcher.match(Kind.SOFTWARE, "cpe:2.3:a:acme:billing:4.2:*:*:*:*:*:*:*")
    assert match.reason == "CPE a:acme:billing is not linked to any product"


def test_cpe_2_3_escaped_characters_are_parsed_as_the_specification_says() -> None:
    assert cpe_key_and_version(r"cpe:2.3:a:acme:prod\:uct:1.0\:beta:*:*:*:*:*:*:*") == (
        "a:acme:prod:uct",
        "1.0:beta",
        "",
    )
    assert cpe_key_and_version("cpe:2.3:a:foo\\\\:bar:1.2:*:*:*:*:*:*:*") == (
        "a:foo\\:bar",
        "1.2",
        "",
    )
    assert cpe_key_and_version(r"cpe:2.3:a:vendor:app\!x:2\.0:sp1:*:*:*:*:*:*") == (
        "a:vendor:app!x",
        "2.0",
        "sp1",
    )


def test_purls_are_parsed_by_the_specification() -> None:
    assert purl_key_and_version("pkg:npm/%40adonisjs/core@6.1.0?x=y#lib/sub") == (
        "pkg:npm/@adonisjs/core",
        "6.1.0",
    )
    assert purl_key_and_version("pkg:PYPI/Django@4.2.1") == ("pkg:pypi/django", "4.2.1")
    assert purl_key_and_version(
        "pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u4?arch=amd64&distro=debian-11"
    ) == ("pkg:deb/debian/openssl", "1.1.1n-0+deb11u4")
    assert purl_key_and_version("pkg:docker/library/nginx@sha256%3Aabc?tag=1.25") == (
        "pkg:docker/library/nginx",
        "sha256:abc",
    )
