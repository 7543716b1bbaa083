"""Safe YAML loading with limits: no arbitrary objects, bounded size, nesting and aliases.

Three attacks are refused before any Python object is built:

* very deep nesting (``[[[[...`` a hundred thousand times): libyaml's C composer
  recurses once per level and overflows the C stack, killing the process. A linear
  scan of the text's brackets stops flow nesting before PyYAML reads it (so the message
  is ours whatever PyYAML's own limits say), then a pass over the parser's events
  (iterative, in C) stops block nesting at ``MAX_DEPTH`` before the composer runs;
* alias bombs ("billion laughs"): a few aliases that expand into billions of nodes.
  We count alias references and the nodes their expansion would add;
* recursive aliases (``&a [*a]``), which would make every later walk endless.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

import yaml

from eolscan.errors import InputError
from eolscan.support.jsontext import has_long_number, lone_surrogate_line, number_line

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted (an inventory needs about 5)."""
MAX_ALIASES = 10_000
"""Most alias references (``*name``) accepted in one document."""
MAX_ALIAS_NODES = 1_000_000
"""Most nodes that expanding aliases may add to a document (stops "billion laughs")."""
MAX_DOCUMENT_CHARS = 16 * 1024 * 1024
"""Largest YAML/JSON inventory accepted (16 MiB, ~100,000 hosts); parsing costs ~70x in memory."""
MAX_VALUES = 400_000
"""Most values (scalars, lists and mappings) in a document read with its lines: each costs
about 500 bytes while it is composed (PyYAML's nodes and marks, then the document and its
line table), so this keeps reading under about 300 MB: some 50,000 hosts with their
operating system alone, or 6,000 with 10 software items each. 200,000 hosts written as
flow mappings (12 MB) took 16 s and 800 MB; larger inventories belong in CSV."""
TOO_MANY_VALUES = (
    f"more than {MAX_VALUES:,} values: a YAML/JSON inventory this large costs too much "
    "memory to read (save large inventories as CSV: the native CSV format streams millions "
    "of rows)"
)

Path = tuple[Any, ...]


class YamlLimitError(InputError, ValueError):
    """A YAML document passed one of the limits above, or is not valid YAML.

    An ``InputError`` (so it can never escape the CLI as a traceback) and a
    ``ValueError`` (what the database loaders catch); callers add the file name.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def load_yaml_text(text: str, name: str = "<input>", max_chars: int = MAX_DOCUMENT_CHARS) -> Any:
    """Parse one YAML document with the safe (C when available) loader and the limits above."""
    document, _node = _load(text, "invalid YAML", max_chars, None)
    return document


def compose_with_lines(
    text: str, max_chars: int = MAX_DOCUMENT_CHARS
) -> tuple[Any, dict[Path, int], dict[Path, str]]:
    """Parse YAML/JSON; also return each node's 1-based line and each scalar's source text.

    Paths are tuples of mapping keys and list indexes: ``('hosts', 0, 'software', 2)``.
    The source text lets a version written ``20.04`` stay "20.04", not the float 20.04.
    """
    document, node = _load(text, "invalid YAML/JSON", max_chars, MAX_VALUES)
    lines: dict[Path, int] = {}
    scalars: dict[Path, str] = {}
    if node is None:
        return None, lines, scalars
    stack: list[tuple[Any, Path]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        lines[path] = current.start_mark.line + 1
        if isinstance(current, yaml.ScalarNode):
            scalars[path] = current.value
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(current.value))
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    stack.append((value, (*path, key.value)))
    return document, lines, scalars


def _load(text: str, what: str, max_chars: int, max_values: int | None) -> tuple[Any, Any]:
    """Check the limits, compose and construct; return the document and its root node."""
    if len(text) > max_chars:
        raise YamlLimitError(f"document is larger than the {max_chars >> 20} MiB limit")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise YamlLimitError(f"{what}: NUL byte (is this a binary file?)", line)
    _check_flow_depth(text)
    surrogate = lone_surrogate_line(text)
    if surrogate is not None:
        raise YamlLimitError(f"{what}: a lone surrogate escape (\\uD800-\\uDFFF)", surrogate)
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        physical, aliases = _prescan(loader_cls(text), max_values)
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            if aliases:
                _check_expansion(node, physical)
            return loader.construct_document(node), node
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise YamlLimitError(f"{what}: {problem}", mark.line + 1 if mark else None) from exc
    except yaml.reader.ReaderError as exc:
        raise YamlLimitError(
            f"{what}: control character #x{exc.character:04x} is not allowed",
            text.count("\n", 0, exc.position) + 1,
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlLimitError(f"{what}: {' '.join(str(exc).split())}") from exc
    except ValueError as exc:  # an integer past Python's 4,300-digit limit, or a bad date
        if not has_long_number(text):
            raise
        raise YamlLimitError(f"{what}: a number is too long", number_line(text)) from exc
    except RecursionError as exc:  # pure-Python loader only; the pre-scan should stop this first
        raise YamlLimitError(f"nesting deeper than the {MAX_DEPTH}-level limit") from exc


_FLOW_TOKENS = re.compile(
    r'"(?:[^"\\]|\\.)*"?'  # a double-quoted scalar (JSON strings)
    r"|(?<![^\s\[{,:])'(?:[^']|'')*'?"  # a single-quoted scalar where one can start
    r"|(?<!\S)#[^\n]*"  # a comment
    r"|[\[\]{}]"
)
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _check_flow_depth(text: str) -> None:
    """Refuse flow nesting (``[[[[`` or ``{a: {a: ...``) deeper than ``MAX_DEPTH`` from the text.

    This runs before PyYAML sees the text: the parser's scanner reads a flow collection
    ahead before it yields its first event, and its own limits (which differ between
    releases) would otherwise speak first. Linear, and skipped when the text has too few
    brackets to be deep.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    brackets = [m for m in _FLOW_TOKENS.finditer(text) if m.group() in _STEP]
    depths = accumulate(_STEP[m.group()] for m in brackets)
    for match, depth in zip(brackets, depths, strict=True):
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise YamlLimitError(f"nesting deeper than the {MAX_DEPTH}-level limit", line)


def _prescan(loader: Any, max_values: int | None = None) -> tuple[int, int]:
    """Walk the parser's events once: refuse deep nesting, too many aliases and duplicate keys,
    and (with ``max_values``) more values than that, before any node is built.

    Returns the number of nodes and of aliases. A duplicate key would silently drop
    the first value (a whole ``hosts:`` list), so it is an error here.
    """
    aliases = nodes = 0
    limit = max_values if max_values is not None else 1 << 62
    frames: list[_Frame] = []
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return nodes, aliases
            if isinstance(event, closing):
                frames.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if frames:
                frames[-1].child(event)
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise YamlLimitError(
                        f"more than {MAX_ALIASES} aliases (the alias limit)", _line(event)
                    )
                continue
            nodes += 1
            if nodes > limit:
                raise YamlLimitError(TOO_MANY_VALUES, _line(event))
            if isinstance(event, yaml.CollectionStartEvent):
                frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
                if len(frames) > MAX_DEPTH:
                    raise YamlLimitError(
                        f"nesting deeper than the {MAX_DEPTH}-level limit", _line(event)
                    )
    finally:
        loader.dispose()


class _Frame:
    """One open list or mapping during the pre-scan; a mapping remembers its keys' lines."""

    __slots__ = ("expect_key", "keys")

    def __init__(self, mapping: bool) -> None:
        self.keys: dict[str, int] | None = {} if mapping else None
        self.expect_key = True

    def child(self, event: Any) -> None:
        """Note a node inside this collection; refuse a key seen before in the same mapping."""
        if self.keys is None:
            return
        if self.expect_key and type(event).__name__ == "ScalarEvent" and event.value != "<<":
            first = self.keys.get(event.value)
            if first is not None:
                raise YamlLimitError(
                    f"duplicate key {event.value!r} (first at line {first})", _line(event)
                )
            self.keys[event.value] = _line(event)
        self.expect_key = not self.expect_key


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def _check_expansion(root: Any, physical: int) -> None:
    """Refuse recursive aliases and aliases that expand past the limits (iterative post-order)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            children = _children(node, yaml)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            active.discard(key)
            _check_sizes(node, size[key] - physical, depth[key])
            continue
        if key in size:
            continue
        if key in active:
            raise YamlLimitError(
                "an alias refers to itself (recursive alias)", node.start_mark.line + 1
            )
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node, yaml) if id(child) not in size)


def _check_sizes(node: Any, added: int, depth: int) -> None:
    if added > MAX_ALIAS_NODES:
        raise YamlLimitError(
            f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (alias limit; an alias bomb?)",
            node.start_mark.line + 1,
        )
    if depth > MAX_DEPTH:
        raise YamlLimitError(
            f"nesting deeper than the {MAX_DEPTH}-level limit (through aliases)",
            node.start_mark.line + 1,
        )


def _children(node: Any, yaml: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
