"""The one YAML reader of chidao: UTF-8 only, no duplicate keys, every node's line kept.

``load_yaml(path)`` returns a ``YamlDocument``: the plain Python data (``dict``/``list``/scalars, exactly what
``yaml.safe_load`` would give) plus the line each key and list entry starts on. ``parse(document, Model)``
validates the data with a pydantic model and turns the first validation error into one ``ConfigError`` whose
message reads ``<file>:<line>: <reason>``, the line found by walking the error's location through the
document.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Loc = tuple[Hashable, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)


class ConfigError(ValueError):
    """A configuration file that cannot be used. ``str()`` is one line: ``<file>:<line>: <reason>``."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ItemError(ValueError):
    """Raised inside a model validator to blame one entry of a list or mapping (``at``: its index or key)."""

    def __init__(self, at: Hashable, reason: str) -> None:
        self.at = at
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: ``data`` and the 1-based line of every path into it (``()`` is the root)."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(repr=False)
    # Where each value starts (a block mapping under a key starts on the next line); for ``located``.
    value_lines: dict[Loc, int] = field(repr=False, default_factory=dict)

    @classmethod
    def from_data(cls, source: str, data: Any) -> YamlDocument:
        """Data that did not come from a file (a test, a mapping in code): errors name ``source``, no line."""
        return cls(path=Path(source), data=data, lines={})

    def walk(self, loc: Sequence[Any]) -> Loc:
        """The part of ``loc`` that names keys and indexes of the data; pydantic's union and validator tags
        are skipped, so ``('feeds', 2, 'function-after[...]', 'interval')`` gives ``('feeds', 2, 'interval')``."""
        here: Loc = ()
        node = self.data
        for step in loc:
            for candidate in _key_spellings(step):
                found, child = _child(node, candidate)
                if found:
                    node, here = child, (*here, candidate)
                    break
        return here

    def line_of(self, loc: Sequence[Any]) -> int | None:
        """Line of the deepest node ``loc`` reaches (``None`` for data without lines)."""
        if not self.lines:
            return None
        here = self.walk(loc)
        while here not in self.lines and here:
            here = here[:-1]
        return self.lines.get(here, 1)

    def error(self, loc: Sequence[Any], reason: str) -> ConfigError:
        return ConfigError(self.path, self.line_of(loc), reason)


def _child(node: Any, key: Hashable) -> tuple[bool, Any]:
    if isinstance(node, dict) and key in node:
        return True, node[key]
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return True, node[key]
    return False, None


def _key_spellings(step: Any) -> tuple[Hashable, ...]:
    """A pydantic location step as the document may have keyed it: ``'2025'`` may be the int key 2025."""
    if isinstance(step, str) and step.lstrip("-").isdigit():
        return (step, int(step))
    if isinstance(step, int) and not isinstance(step, bool):
        return (step, str(step))
    return (step,) if isinstance(step, Hashable) else ()


class _LineLoader(yaml.SafeLoader):
    """Safe YAML with the node tree kept, so that lines can be read off it after construction.

    Aliases (``*name``) are refused: no configuration file needs them, and nested ones expand exponentially
    (a "billion laughs" file) in every reader that walks the data.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor}) is not allowed here; write the value out", event.start_mark
            )
        return super().compose_node(parent, index)


def load_yaml(path: Path) -> YamlDocument:
    """Read one YAML file. Raises ``ConfigError`` for a missing, non-UTF-8, duplicate-key or malformed file."""
    text = _read_text(path)
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:  # empty or only comments: an empty mapping, so a model names what is missing
            return YamlDocument(path=path, data={}, lines={(): 1})
        lines: dict[Loc, int] = {}
        value_lines: dict[Loc, int] = {}
        _index(node, (), lines, value_lines, loader, path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, exc) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(path=path, data=data, lines=lines, value_lines=value_lines)


def _syntax_error(path: Path, exc: yaml.MarkedYAMLError) -> ConfigError:
    """PyYAML notices an unclosed bracket where the text stops making sense; name where it was opened too."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    reason = f"invalid YAML: {exc.problem or exc.context}"
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
    if exc.problem and exc.context and opened is not None and opened != line:
        reason += f" ({exc.context} started on line {opened})"
    return ConfigError(path, line, reason)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, "file not found") from None
    except IsADirectoryError:
        raise ConfigError(path, None, "is a directory, not a YAML file") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            path, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 (Latin-1 is not read)"
        ) from None


def _index(
    node: yaml.Node, here: Loc, lines: dict[Loc, int], value_lines: dict[Loc, int], loader: _LineLoader, path: Path
) -> None:
    """Record the line of ``node`` and of everything under it; refuse a key given twice in one mapping."""
    lines.setdefault(here, node.start_mark.line + 1)
    value_lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolve "<<" merge keys the way construction will
        first_line: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, Hashable):
                raise ConfigError(path, key_line, "a key must be a plain value")
            if key in first_line:
                raise ConfigError(path, key_line, f"duplicate key '{key}' (first on line {first_line[key]})")
            first_line[key] = key_line
            lines[(*here, key)] = key_line
            _index(value_node, (*here, key), lines, value_lines, loader, path)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _index(item, (*here, position), lines, value_lines, loader, path)


def parse(document: YamlDocument, model: type[ModelT]) -> ModelT:
    """Validate ``document.data`` with ``model``; the first error becomes ``ConfigError`` naming file and line."""
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise config_error(document, exc) from None


def load_model(path: Path, model: type[ModelT]) -> ModelT:
    """``load_yaml`` then ``parse``: a validated model from one file."""
    return parse(load_yaml(path), model)


def config_error(document: YamlDocument, exc: ValidationError) -> ConfigError:
    """The first error of ``exc`` as one line with the file and the line of the value at fault."""
    detail = exc.errors(include_url=False)[0]
    loc: list[Any] = list(detail["loc"])
    original = (detail.get("ctx") or {}).get("error")
    if isinstance(original, ItemError):
        loc.append(original.at)
        reason = original.reason
    else:
        reason = _reason(detail["type"], detail["msg"], detail.get("input"), detail.get("ctx") or {})
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        return document.error(loc, f"unknown key '{key}' in {_where(document, loc[:-1])}")
    if kind == "missing":
        key = loc[-1]
        return document.error(loc[:-1], f"missing key '{key}' in {_where(document, loc[:-1])}")
    where = _dotted(document, loc)
    return document.error(loc, f"{where}: {reason}" if where else reason)


# Plain words for the type errors a hand-edited file produces most.
_TYPE_WORDS = {
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "string_type": "a text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
}


def _reason(kind: str, message: str, given: Any, ctx: dict[str, Any]) -> str:
    if kind == "too_short" and isinstance(given, list | dict):
        least = ctx.get("min_length", 1)
        return "must not be empty" if least == 1 else f"must have at least {least} entries"
    if kind.startswith("date_"):
        kind = "date_type"
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]}, got {_shown(given)}"
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return message[:1].lower() + message[1:]


def _shown(given: Any) -> str:
    """A value as the YAML file spells it: 'soon', 12, true, a list."""
    if isinstance(given, dict):
        return "a mapping"
    if isinstance(given, list):
        return "a list"
    if isinstance(given, bool):
        return "true" if given else "false"
    if given is None:
        return "nothing (null)"
    return repr(given)


def _where(document: YamlDocument, loc: Sequence[Any]) -> str:
    dotted = _dotted(document, loc)
    return dotted if dotted else "the top level"


def _dotted(document: YamlDocument, loc: Sequence[Any]) -> str:
    """``['feeds', 2, 'url']`` -> ``feeds[2].url``, keeping only steps that are real keys of the data."""
    text = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in document.walk(loc))
    return text.lstrip(".")


@dataclass(frozen=True)
class Located:
    """A value with the 1-based line it starts on; ``YamlDocument.located()`` wraps every value in one, for
    readers that check a file by hand (the classifier's rule files) rather than with a model."""

    value: Any
    line: int


def located(document: YamlDocument) -> Located:
    """The document's data as a tree of ``Located`` values (mapping keys stay plain strings)."""

    def wrap(value: Any, here: Loc) -> Located:
        line = document.value_lines.get(here, 1)
        if isinstance(value, dict):
            return Located({str(k): wrap(v, (*here, k)) for k, v in value.items()}, line)
        if isinstance(value, list):
            return Located([wrap(v, (*here, i)) for i, v in enumerate(value)], line)
        return Located(value, line)

    return wrap(document.data, ())


def plain(value: Any) -> Any:
    """Strip ``Located`` wrappers recursively."""
    if isinstance(value, Located):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
