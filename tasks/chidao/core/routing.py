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

from chidao.config import ConfigError, RouteSpec, RoutingFile, YamlDocument, load_model, parse

# The one configuration error type; kept under this name for callers of routing.
RoutingError = ConfigError


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


def _route(spec: RouteSpec) -> Route:
    return Route(
        channel=spec.channel,
        provinces=None if spec.provinces is None else frozenset(fold_name(name) for name in spec.provinces),
        topics=None if spec.topics is None else frozenset(spec.topics),
        assignee_pattern=(
            None if spec.assignee_pattern is None else re.compile(unicodedata.normalize("NFC", spec.assignee_pattern))
        ),
        feeds=None if spec.feeds is None else frozenset(spec.feeds),
    )


class RoutingRules:
    """The routing table; build it with ``from_file`` or ``from_mapping``."""

    def __init__(self, default_channel: str | None, routes: Sequence[Route]) -> None:
        self.default_channel = default_channel
        self.routes: tuple[Route, ...] = tuple(routes)

    @classmethod
    def from_model(cls, spec: RoutingFile) -> RoutingRules:
        """The rules of a validated routing file (``ConfigBundle.routing``)."""
        return cls(spec.default_channel, [_route(route) for route in spec.routes])

    @classmethod
    def from_file(cls, path: Path) -> RoutingRules:
        """Load and validate a routing YAML file; every problem is reported as "<file>:<line>: <reason>"."""
        return cls.from_model(load_model(path, RoutingFile))

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "<dict>") -> RoutingRules:
        """Validate already-parsed data; without a file, errors read "<source>: <path>: <reason>"."""
        return cls.from_model(parse(YamlDocument.from_data(source, data), RoutingFile))

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
