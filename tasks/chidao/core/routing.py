"""Which chat channels hear about an article: a small rule table loaded from ``config/routing.yaml``.

Each route names a channel and any of four conditions; a route matches when every condition it states
matches (a list matches when any of its entries does). An article goes to every matching route's channel,
in file order without duplicates, or to ``default_channel`` when nothing matches.

    default_channel: "#chidao"
    routes:
      - channel: "#kien-giang"
        provinces: ["Kiên Giang", "An Giang"]   # old or current province name, accents/case ignored
      - channel: "#noi-chinh"
        topics: [inspection, party_building]    # labels from chidao.core.models.TOPIC_LABELS
      - channel: "#xay-dung"
        assignee_pattern: "(?i)sở xây dựng"     # regex searched in each item's assignee
      - channel: "#bao-tinh"
        feeds: [baokiengiang-thoisu]            # feed ids from config/feeds
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from chidao.core.models import TOPIC_LABELS

_ROUTE_KEYS = frozenset({"channel", "provinces", "topics", "assignee_pattern", "feeds"})
_TOP_KEYS = frozenset({"default_channel", "routes"})

PathElement = str | int


class RoutingError(Exception):
    """A routing file that cannot be used; the message reads "<file>:<line>: <reason>"."""


@dataclass(frozen=True)
class RouteContext:
    """What routing may look at for one article (``assignees``: one entry per item, None when unknown)."""

    feed_id: str | None
    province: str | None
    province_current: str | None
    topics: tuple[str, ...]
    assignees: tuple[str | None, ...]


def fold_name(name: str) -> str:
    """Accent- and case-insensitive key for place names.

    "Kiên Giang", "KIEN GIANG", "kiên  giang" and the NFD spelling all fold to "kien giang"; "Đắk Lắk" ->
    "dak lak".
    """
    decomposed = unicodedata.normalize("NFD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").casefold().split())


@dataclass(frozen=True)
class Route:
    """One validated rule; ``None`` conditions are not checked."""

    channel: str
    provinces: frozenset[str] | None = None
    topics: frozenset[str] | None = None
    assignee_pattern: re.Pattern[str] | None = None
    feeds: frozenset[str] | None = None

    def matches(self, ctx: RouteContext) -> bool:
        """True when every stated condition holds.

        provinces {"kien giang"} matches province "Kiên Giang" or province_current "Kiên Giang"; topics
        {"economy"} matches topics ("social", "economy"); assignee_pattern "Sở Xây dựng" matches when any
        assignee contains it; feeds {"f1"} matches feed_id "f1".
        """
        if self.provinces is not None:
            names = {fold_name(name) for name in (ctx.province, ctx.province_current) if name}
            if not names & self.provinces:
                return False
        if self.topics is not None and not self.topics.intersection(ctx.topics):
            return False
        if self.assignee_pattern is not None:
            pattern = self.assignee_pattern
            assignees = (unicodedata.normalize("NFC", a) for a in ctx.assignees if a)
            if not any(pattern.search(a) for a in assignees):
                return False
        return self.feeds is None or ctx.feed_id in self.feeds


class _Locator:
    """Turns a path in the routing data into "<source>:<line>", using the YAML node tree if any."""

    def __init__(self, source: str, root: yaml.Node | None) -> None:
        self.source = source
        self.root = root

    def line_of(self, path: Sequence[PathElement]) -> int | None:
        node = self.root
        line = None if node is None else node.start_mark.line + 1
        for step in path:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == step), None)
                if found is None:
                    break
                line = found[0].start_mark.line + 1
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def error(self, path: Sequence[PathElement], reason: str) -> RoutingError:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        line = self.line_of(path)
        prefix = f"{self.source}:{line}" if line is not None else self.source
        return RoutingError(f"{prefix}: {where + ': ' if where else ''}{reason}")


def _channel(value: Any, path: list[PathElement], loc: _Locator) -> str:
    """A channel is a non-empty name without spaces: "#chidao", "chidao" or an id such as "C0123ABC"."""
    if not isinstance(value, str) or not value.strip() or any(ch.isspace() for ch in value):
        raise loc.error(path, f"channel must be a name like '#chidao' without spaces, got {value!r}")
    return value


def _string_list(value: Any, path: list[PathElement], loc: _Locator) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise loc.error(path, "must be a non-empty list of strings")
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            raise loc.error([*path, index], f"must be a non-empty string, got {entry!r}")
    return value


def _parse_route(data: Any, path: list[PathElement], loc: _Locator) -> Route:
    if not isinstance(data, dict):
        raise loc.error(path, "each route must be a mapping with a 'channel' key")
    unknown = sorted(str(key) for key in data if key not in _ROUTE_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_ROUTE_KEYS))
        raise loc.error([*path, unknown[0]], f"unknown key {unknown[0]!r} (allowed: {allowed})")
    if "channel" not in data:
        raise loc.error(path, "route has no 'channel'")
    channel = _channel(data["channel"], [*path, "channel"], loc)
    if len(data) == 1:
        raise loc.error(path, "route has no condition (give provinces, topics, assignee_pattern or feeds)")
    provinces = topics = feeds = None
    pattern = None
    if "provinces" in data:
        names = _string_list(data["provinces"], [*path, "provinces"], loc)
        provinces = frozenset(fold_name(name) for name in names)
    if "topics" in data:
        labels = _string_list(data["topics"], [*path, "topics"], loc)
        for index, label in enumerate(labels):
            if label not in TOPIC_LABELS:
                known = ", ".join(TOPIC_LABELS)
                raise loc.error([*path, "topics", index], f"unknown topic label {label!r} (known: {known})")
        topics = frozenset(labels)
    if "assignee_pattern" in data:
        raw = data["assignee_pattern"]
        if not isinstance(raw, str) or not raw:
            raise loc.error([*path, "assignee_pattern"], "must be a non-empty regular expression string")
        try:
            pattern = re.compile(unicodedata.normalize("NFC", raw))
        except re.error as exc:
            raise loc.error([*path, "assignee_pattern"], f"invalid regular expression: {exc}") from None
    if "feeds" in data:
        feeds = frozenset(_string_list(data["feeds"], [*path, "feeds"], loc))
    return Route(channel=channel, provinces=provinces, topics=topics, assignee_pattern=pattern, feeds=feeds)


class RoutingRules:
    """The routing table; build it with ``from_file`` or ``from_mapping``."""

    def __init__(self, default_channel: str | None, routes: Sequence[Route]) -> None:
        self.default_channel = default_channel
        self.routes: tuple[Route, ...] = tuple(routes)

    @classmethod
    def from_file(cls, path: Path) -> RoutingRules:
        """Load and validate a routing YAML file; every problem is reported as "<file>:<line>: <reason>"."""
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RoutingError(f"{source}: cannot read routing file: {exc.strerror or exc}") from None
        try:
            root = yaml.compose(text)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise RoutingError(f"{source}{line}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
        return cls._build(data, _Locator(source, root))

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "<dict>") -> RoutingRules:
        """Validate already-parsed data; without line numbers errors read "<source>: <path>: <reason>"."""
        return cls._build(data, _Locator(source, None))

    @classmethod
    def _build(cls, data: Any, loc: _Locator) -> RoutingRules:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise loc.error([], "routing file must be a mapping with 'default_channel' and 'routes'")
        unknown = sorted(str(key) for key in data if key not in _TOP_KEYS)
        if unknown:
            allowed = ", ".join(sorted(_TOP_KEYS))
            raise loc.error([unknown[0]], f"unknown key {unknown[0]!r} (allowed: {allowed})")
        default = data.get("default_channel")
        if default is not None:
            default = _channel(default, ["default_channel"], loc)
        raw_routes = data.get("routes") or []
        if not isinstance(raw_routes, list):
            raise loc.error(["routes"], "must be a list of routes")
        routes = [_parse_route(route, ["routes", index], loc) for index, route in enumerate(raw_routes)]
        return cls(default, routes)

    def channels_for(self, ctx: RouteContext) -> tuple[str, ...]:
        """Channels for one article: matching routes in file order, de-duplicated; the default otherwise."""
        channels = _unique(route.channel for route in self.routes if route.matches(ctx))
        if not channels and self.default_channel:
            return (self.default_channel,)
        return channels

    def all_channels(self) -> tuple[str, ...]:
        """Every channel the rules can send to (default first), e.g. for ``chidao notify test``."""
        defaults = [self.default_channel] if self.default_channel else []
        return _unique([*defaults, *(route.channel for route in self.routes)])


def _unique(channels: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(channels))
