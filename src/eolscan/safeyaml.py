"""Safe YAML loading with limits: no arbitrary objects, bounded aliases and nesting.

A YAML "billion laughs" file expands a few aliases into gigabytes; we refuse files
whose alias count or nesting depth passes a limit before building any Python object.
"""

from __future__ import annotations

from typing import Any

MAX_ALIASES = 100
MAX_DEPTH = 64


class YamlLimitError(ValueError):
    """A YAML document passed one of the limits above, or is not valid YAML."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def load_yaml_text(text: str, name: str = "<input>") -> Any:
    """Parse one YAML document with the safe (C when available) loader and the limits above."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_limits(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlLimitError(f"invalid YAML: {problem}", line) from exc
    except yaml.YAMLError as exc:
        raise YamlLimitError(f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise YamlLimitError(f"nesting deeper than {MAX_DEPTH} levels") from exc
    finally:
        loader.dispose()


def _check_limits(root: Any) -> None:
    """Walk the node graph iteratively, counting alias uses and depth."""
    import yaml

    seen: dict[int, int] = {}
    aliases = 0
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlLimitError(
                f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1
            )
        if id(node) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlLimitError(
                    f"more than {MAX_ALIASES} alias references (possible alias bomb)",
                    node.start_mark.line + 1,
                )
            continue
        seen[id(node)] = depth
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


Path = tuple[Any, ...]


def compose_with_lines(text: str) -> tuple[Any, dict[Path, int], dict[Path, str]]:
    """Parse YAML/JSON; also return each node's 1-based line and each scalar's source text.

    Paths are tuples of mapping keys and list indexes: ``('hosts', 0, 'software', 2)``.
    The source text lets a version written ``20.04`` stay "20.04", not the float 20.04.
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, {}
        _check_limits(node)
        document = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlLimitError(f"invalid YAML/JSON: {exc.problem or exc.context or 'syntax error'}", line) from exc
    except yaml.YAMLError as exc:
        raise YamlLimitError(f"invalid YAML/JSON: {exc}") from exc
    except RecursionError as exc:
        raise YamlLimitError(f"nesting deeper than {MAX_DEPTH} levels") from exc
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    scalars: dict[Path, str] = {}
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
