"""Hypothesis strategies for hostile input: garbage, damaged real files, wrong encodings, bombs."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.helpers import EXAMPLES, REPO

_EXAMPLE = (EXAMPLES / "acme-dental.yaml").read_bytes()
_DOCUMENT = yaml.safe_load(_EXAMPLE)
_CSV = (
    b"client,host,kind,name,version,extended_support\n"
    b"Acme,WEB01,os,Ubuntu 18.04.6 LTS,,false\n"
    b'Acme,WEB01,software,"PHP, the language",7.4.33,\n'
    b"Acme,DC01,os,Windows Server 2012 R2,6.3.9600,true\n"
)
_DATABASE = (
    b"source: test\ngenerated_at: '2026-11-23'\nproducts:\n"
    b"  php:\n    label: PHP\n    cycles:\n"
    b"      - {id: '7.4', release: '2019-11-28', support: '2021-11-28', eol: '2022-11-28',\n"
    b"         latest: 7.4.33}\n"
    b"      - {id: '8.3', release: '2023-11-23', support: true, eol: false}\n"
    b"integrity: {products: 1}\n"
)
SEEDS = [
    _EXAMPLE,
    json.dumps(_DOCUMENT, indent=1).encode(),
    _CSV,
    _DATABASE,
    (REPO / "data" / "rules.yaml").read_bytes(),
]
"""Valid files of every kind, to be damaged."""

ENCODINGS = ["utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1", "utf-32"]


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    """A valid file truncated, with bytes changed or inserted, or in another encoding."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["truncate", "flip", "insert", "nul", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "truncate":
            del data[at:]
        elif action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "nul":
            data[at:at] = b"\x00"
        elif data:
            del data[at : at + draw(st.integers(1, 64))]
    if draw(st.booleans()):
        text = bytes(data).decode("utf-8", errors="replace")
        return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return bytes(data)


_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=30,
)
_KEYS = [
    "client",
    "hosts",
    "name",
    "os",
    "os_version",
    "extended_support",
    "tags",
    "software",
    "version",
    "purl",
    "cpe",
    "products",
    "cycles",
    "id",
    "eol",
    "support",
    "rules",
    "pattern",
    "product",
    "names",
    "identifiers",
    "schemes",
    "not_products",
]


@st.composite
def shaped_documents(draw: st.DrawFn) -> bytes:
    """YAML or JSON shaped like an inventory, a database or rules, with values of any type."""
    keyed = st.dictionaries(st.sampled_from(_KEYS), _values, max_size=6)
    nested = st.recursive(
        keyed,
        lambda inner: st.dictionaries(
            st.sampled_from(_KEYS), st.lists(inner, max_size=3) | inner, max_size=4
        ),
        max_leaves=12,
    )
    document: Any = draw(nested)
    if draw(st.booleans()):
        return json.dumps(document).encode()
    return yaml.safe_dump(document, allow_unicode=True).encode()


_cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20
) | st.sampled_from(["os", "software", "true", "maybe", '"', '""', "a,b", "line\nbreak", "\r", " "])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """CSV with a plausible header, then ragged rows, quotes and embedded newlines."""
    columns = draw(
        st.lists(
            st.sampled_from(
                ["client", "host", "kind", "name", "version", "extended_support", "owner"]
            ),
            min_size=1,
            max_size=7,
        )
    )
    lines = [",".join(columns)]
    for row in draw(st.lists(st.lists(_cell, max_size=9), max_size=8)):
        lines.append(",".join(f'"{c}"' if draw(st.booleans()) else c for c in row))
    return "\n".join(lines).encode()


@st.composite
def bombs(draw: st.DrawFn) -> bytes:
    """Deep nesting, alias bombs, recursive aliases and fields around the size limits."""
    kind = draw(
        st.sampled_from(["flow", "block", "mapping", "bomb", "recursive", "field", "csvfield"])
    )
    depth = draw(st.sampled_from([63, 64, 65, 1000, 100_000]))
    if kind == "flow":
        return b'{"hosts": ' + b"[" * depth + b"]" * draw(st.integers(0, depth))
    if kind == "block":
        return b"hosts:\n  - " + b"- " * depth + b"x\n"
    if kind == "mapping":
        return b"hosts: " + b"{a: " * depth + b"1" + b"}" * depth
    if kind == "bomb":
        width, levels = draw(st.integers(2, 12)), draw(st.integers(1, 12))
        lines = ["a0: &a0 [lol]"] + [
            f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)
        ]
        return ("\n".join(lines) + f"\nhosts: [{{name: x, software: *a{levels}}}]\n").encode()
    if kind == "recursive":
        return b"hosts:\n  - &h {name: x, software: [*h]}\n"
    size = draw(st.sampled_from([65_535, 65_536, 65_537, 131_073, 1_000_000]))
    if kind == "field":
        return b"hosts:\n  - name: " + b"x" * size + b"\n"
    return b"host,kind,name\nWEB01,os," + b"x" * size + b"\n"


def hostile_inputs() -> st.SearchStrategy[bytes]:
    """All of the above, plus plain random bytes."""
    return st.one_of(
        st.binary(max_size=4096), damaged_files(), shaped_documents(), csv_files(), bombs()
    )


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value[:20]):
            found.extend(_paths(child, (*path, index)))
    return found


_PARSED = [yaml.safe_load(seed) for seed in SEEDS if not seed.startswith(b"client,")]
_SEED_PATHS = [_paths(document) for document in _PARSED]


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    """A valid inventory, database or rules document with a few parts replaced by random values."""
    import copy

    which = draw(st.integers(0, len(_PARSED) - 1))
    document = copy.deepcopy(_PARSED[which])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_SEED_PATHS[which]))
        replacement = draw(_values)
        if not path:
            document = replacement
            continue
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = replacement
        except (KeyError, IndexError, TypeError):
            continue
    if draw(st.booleans()):
        return json.dumps(document, default=str).encode()
    return yaml.safe_dump(document, allow_unicode=True).encode()
