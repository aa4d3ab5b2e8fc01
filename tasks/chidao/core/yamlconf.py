"""YAML loading that keeps line numbers, for config errors a person can act on.

``yaml.safe_load`` forgets where a value came from; composing the node tree
first lets every validator say ``feeds.yaml:12: unknown key 'urll'``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ConfigFileError(ValueError):
    """A config file that cannot be used; the message names file and line."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Located:
    """A plain Python value with the 1-based line it started on."""

    value: Any
    line: int


def _to_python(node: yaml.Node, path: Path | str) -> Any:
    """Convert a composed node to plain Python, keeping lines in ``Located`` for mappings' values."""
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise ConfigFileError(path, key_node.start_mark.line + 1, f"duplicate key '{key}'")
            out[key] = Located(_to_python(value_node, path), value_node.start_mark.line + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [Located(_to_python(item, path), item.start_mark.line + 1) for item in node.value]
    # Scalars: let the safe constructor resolve ints, bools, nulls.
    constructor = yaml.SafeLoader("")
    return constructor.construct_object(node, deep=True)


def load_located(path: Path) -> Located:
    """Load ``path`` as a tree of ``Located`` values. Raises ``ConfigFileError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigFileError(path, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigFileError(path, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise ConfigFileError(path, line, f"invalid YAML: {exc.problem}") from None
    if node is None:
        raise ConfigFileError(path, 1, "file is empty")
    return Located(_to_python(node, path), node.start_mark.line + 1)


def plain(value: Any) -> Any:
    """Strip ``Located`` wrappers recursively."""
    if isinstance(value, Located):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
