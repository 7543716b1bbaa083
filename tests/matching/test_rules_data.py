"""The curated rules are data: they compile, file by leading words, bad ones are named."""

from __future__ import annotations

import re

import pytest

from eolscan.errors import DatabaseError
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher
from eolscan.matching.rules import (
    compile_rules,
    leading_words,
    literal_prefixes,
)
from eolscan.model import Kind


def test_rules_are_filed_under_their_leading_words() -> None:
    assert leading_words("^(?:microsoft )?windows server\\b") == ["microsoft", "windows"]
    assert leading_words("^php(?P<major>\\d)") == ["php"]
    assert leading_words("^win(?:dows)? 20") == ["win"]
    assert leading_words("^a?b") is None
    assert leading_words("(?:x)") is None


def test_bundled_rules_are_all_anchored(matcher: Matcher) -> None:
    assert matcher.rules.unanchored == []


def test_bundled_rules_name_real_products(database: LifecycleDB, matcher: Matcher) -> None:
    rules = {r.id: r for bucket in matcher.rules.by_word.values() for r in bucket}
    missing = [
        r.id
        for r in rules.values()
        if r.product not in database or (r.fallback and r.fallback not in database)
    ]
    missing += [n for n, pid in matcher.rules.names.items() if pid not in database]
    assert missing == []


def test_a_new_product_needs_only_data(database: LifecycleDB) -> None:
    """Adding a product's pattern is a rules entry: no Python change."""
    document = {
        "rules": [
            {
                "id": "acme",
                "product": "php",
                "pattern": "^acme php runtime (?P<version>\\d+\\.\\d+)",
            }
        ]
    }
    matcher = Matcher(database, compile_rules(document, "test.yaml"))
    match = matcher.match(Kind.SOFTWARE, "Acme PHP Runtime 8.1")
    assert (
        match.product and match.product.id,
        [c.id for c in match.cycles],
        match.rule.split(";")[0],
    ) == (
        "php",
        ["8.1"],
        "rule acme",
    )


def test_bad_pattern_is_named() -> None:
    with pytest.raises(DatabaseError) as caught:
        compile_rules({"rules": [{"product": "php", "pattern": "^(php"}]}, "rules.yaml")
    assert str(caught.value).startswith("rules.yaml: rule 1 (php): bad pattern: ")


def test_rule_without_product_is_named() -> None:
    with pytest.raises(DatabaseError) as caught:
        compile_rules({"rules": [{"pattern": "^x"}]}, "rules.yaml")
    assert str(caught.value) == "rules.yaml: rule 1 needs 'product' and 'pattern'"


def test_bundled_patterns_all_compile() -> None:
    """The bundled rules compile on first use; every one of them must compile."""
    from eolscan.lifecycles.cache import load_cached
    from eolscan.lifecycles.paths import rules_path

    document = load_cached(rules_path())
    eager = compile_rules(document, "rules.yaml")
    lazy = compile_rules(document, "rules.yaml", lazy=True)
    pairs = [
        (a.pattern, b.pattern)
        for word, rules in eager.by_word.items()
        for a, b in zip(rules, lazy.by_word[word], strict=True)
    ]
    assert pairs and all(a.pattern == b.pattern for a, b in pairs)


def test_lazy_bad_pattern_is_named_when_first_used(database: LifecycleDB) -> None:
    document = {"rules": [{"product": "php", "pattern": "^php(oops"}]}
    matcher = Matcher(database, compile_rules(document, "rules.yaml", lazy=True))
    with pytest.raises(DatabaseError) as caught:
        matcher.match(Kind.SOFTWARE, "php 8.1")
    assert str(caught.value).startswith("rules.yaml: rule 1 (php): bad pattern: ")


def test_literal_prefixes_are_what_every_match_starts_with() -> None:
    assert literal_prefixes(r"^microsoft visual c\+\+ 2005\b") == ("microsoft visual c++ 2005",)
    assert literal_prefixes("^windows? server") == ("window",)
    assert literal_prefixes("^teams (?:a|b)$") == ("teams ",)
    assert literal_prefixes("php") == ("",)  # not anchored
    assert literal_prefixes("^(?i)windows") == ("",)  # a flag: anything


def test_literal_prefixes_cover_alternatives_and_a_leading_optional_word() -> None:
    assert literal_prefixes("^(?:microsoft )?windows server\\b") == (
        "microsoft windows server",
        "windows server",
    )
    assert literal_prefixes("^php(?P<major>\\d)|^perl|^php-cli$") == ("php", "perl", "php-cli")
    assert literal_prefixes("^adobe (?:reader|acrobat)$|^acrobat") == ("adobe ", "acrobat")
    assert literal_prefixes("^(?:intuit )??quickbooks") == ("intuit ", "")  # lazy: anything
    assert literal_prefixes("^(?:a|b )?c") == ("",)  # not plain text: anything
    assert literal_prefixes("^x|php") == ("x", "")  # one alternative not anchored
    assert literal_prefixes(r"^(?:microsoft )?\.net") == ("microsoft .net", ".net")


def test_lazy_patterns_match_exactly_what_compiled_ones_match() -> None:
    """Over every corpus name, each bundled rule matches as its compiled pattern does."""
    import yaml

    from eolscan.lifecycles.cache import load_cached
    from eolscan.lifecycles.paths import rules_path
    from eolscan.matching.normalise import normalise_name
    from tests.helpers import REPO

    corpus = yaml.safe_load((REPO / "tests" / "matching" / "corpus.yaml").read_text("utf-8"))
    names = {
        normalise_name(str(case[0])) for section in corpus["sections"] for case in section["cases"]
    }
    lazy = compile_rules(load_cached(rules_path()), "rules.yaml", lazy=True)
    rules = [rule for bucket in lazy.by_word.values() for rule in bucket] + lazy.unanchored
    patterns = [rule.pattern for rule in rules] + [r.pattern for r in lazy.not_products]
    differ = [
        (pattern.pattern, name)
        for pattern in patterns
        for name in names
        if bool(pattern.search(name)) != bool(re.search(pattern.pattern, name))
    ]
    assert len(names) > 100 and lazy.not_products and differ == []
