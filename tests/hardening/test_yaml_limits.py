"""The safe YAML loader's limits: each refusal names its limit and line; plain YAML still loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.errors import InputError
from eolscan.support import safeyaml
from eolscan.support.safeyaml import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_VALUES,
    YamlLimitError,
    compose_with_lines,
    load_yaml_text,
)
from tests.helpers import AS_OF


def refusal(text: str) -> tuple[int | None, str]:
    with pytest.raises(YamlLimitError) as caught:
        load_yaml_text(text)
    return caught.value.line, str(caught.value)


def test_nesting_at_the_limit_loads_and_one_more_level_is_refused() -> None:
    assert load_yaml_text("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    assert refusal("x: 1\ny: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH) == (
        2,
        "nesting deeper than the 64-level limit",
    )


@pytest.mark.parametrize(
    "text", ["[" * 100_000, "- " * 100_000, "{a: " * 100_000, "[" * 100_000 + "]" * 100_000]
)
def test_very_deep_nesting_is_refused_before_the_c_composer_recurses(text: str) -> None:
    assert refusal(text) == (1, "nesting deeper than the 64-level limit")


def test_aliases_are_allowed_up_to_the_limit() -> None:
    text = "x: &x PHP\nitems: [" + ", ".join(["*x"] * MAX_ALIASES) + "]\n"
    assert len(load_yaml_text(text)["items"]) == MAX_ALIASES
    assert (
        refusal(text.replace("items: [", "items: [*x, "))[1]
        == "more than 10000 aliases (the alias limit)"
    )


def test_billion_laughs_is_refused_with_the_line_of_the_expanding_node() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(8)
    ]
    assert refusal("\n".join(lines)) == (
        7,
        "aliases expand to more than 1,000,000 nodes (alias limit; an alias bomb?)",
    )


def test_modest_alias_reuse_loads_as_shared_values() -> None:
    document = load_yaml_text(
        "base: &office [Word, Excel]\nhosts:\n  - {software: *office}\n  - {software: *office}\n"
    )
    assert document["hosts"][1]["software"] == ["Word", "Excel"]


def test_recursive_alias_is_refused() -> None:
    assert refusal("a: &a [1, *a]\n") == (1, "an alias refers to itself (recursive alias)")


def test_depth_through_aliases_counts() -> None:
    text = "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    assert refusal(text) == (2, "nesting deeper than the 64-level limit (through aliases)")


def test_duplicate_keys_are_refused_but_merge_keys_are_not() -> None:
    assert refusal("client: A\nhosts: []\nclient: B\n") == (
        3,
        "duplicate key 'client' (first at line 1)",
    )
    assert refusal('{"a": 1, "a": 2}') == (1, "duplicate key 'a' (first at line 1)")
    merged = load_yaml_text("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  x: 3\n")
    assert merged["item"] == {"x": 3, "y": 2}


def test_same_key_in_different_mappings_is_fine() -> None:
    assert load_yaml_text("- {name: a}\n- {name: b}\n") == [{"name": "a"}, {"name": "b"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: \x00", (2, "invalid YAML: NUL byte (is this a binary file?)")),
        ("a: 1\nb: \x07", (2, "invalid YAML: control character #x0007 is not allowed")),
        ("a: [1,\n", (2, "invalid YAML: did not find expected node content")),
        (
            "!!python/object/apply:os.system [id]",
            (
                1,
                "invalid YAML: could not determine a constructor for the tag "
                "'tag:yaml.org,2002:python/object/apply:os.system'",
            ),
        ),
    ],
)
def test_invalid_yaml_is_one_line_with_its_line_number(
    text: str, expected: tuple[int, str]
) -> None:
    assert refusal(text) == expected


def test_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(YamlLimitError, match=r"^document is larger than the 1 MiB limit$"):
        load_yaml_text("a: [" + "x" * (1 << 20), max_chars=1 << 20)


def test_limit_errors_are_input_errors_so_they_never_escape_as_tracebacks() -> None:
    assert issubclass(YamlLimitError, InputError)
    assert issubclass(YamlLimitError, ValueError)


def test_compose_with_lines_keeps_lines_and_raw_scalars() -> None:
    document, lines, scalars = compose_with_lines("hosts:\n  - name: A\n    os_version: 20.04\n")
    assert document == {"hosts": [{"name": "A", "os_version": 20.04}]}
    assert lines[("hosts", 0, "os_version")] == 3
    assert scalars[("hosts", 0, "os_version")] == "20.04"


def test_empty_document_is_none() -> None:
    assert compose_with_lines("# nothing\n") == (None, {}, {})


def flow_hosts(hosts: int) -> str:
    """A native YAML inventory with each host a flow mapping on its own line (7 values a
    host: the mapping and three keys with their values), as generated exports are."""
    entries = (
        "  - " + json.dumps({"name": f"h{n}", "os": "Windows 10", "os_version": "10.0.19045"})
        for n in range(hosts)
    )
    return "client: C\nhosts:\n" + "\n".join(entries) + "\n"


def test_values_up_to_the_limit_are_read_and_one_more_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(safeyaml, "MAX_VALUES", 5 + 7 * 10)  # root, client: C, hosts: []
    document, lines, _ = compose_with_lines(flow_hosts(10))
    assert len(document["hosts"]) == 10 and lines[("hosts", 9)] == 12
    with pytest.raises(YamlLimitError) as caught:
        compose_with_lines(flow_hosts(11))
    assert caught.value.line == 13
    assert str(caught.value).startswith("more than ")


def test_a_flow_style_inventory_past_the_value_limit_is_one_line_suggesting_csv(
    tmp_path: Path,
) -> None:
    """200,000 flow-style hosts took 16 s and 800 MB; past MAX_VALUES (about 57,000 such
    hosts) the file is refused from the parser's events, before any node is built."""
    hosts = MAX_VALUES // 7 + 100
    inventory = tmp_path / "large.yaml"
    inventory.write_text(flow_hosts(hosts), encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, str(inventory)])
    assert result.exit_code == 3
    line = 3 + (MAX_VALUES - 5) // 7  # the host holding value MAX_VALUES + 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"eolscan: error: {inventory}:{line}: more than {MAX_VALUES:,} values: a YAML/JSON "
        "inventory this large costs too much memory to read (save large inventories as CSV: "
        "the native CSV format streams millions of rows)"
    )
