"""The feeds file: which feeds to poll.

Format (stable keys; see README)::

    feeds:
      - id: kiengiang-portal          # unique, [a-z0-9._-]
        url: https://kiengiang.gov.vn/rss/tin-tuc.rss
        province: Kiên Giang          # optional prior for classification
        interval: 30                  # optional, minutes between polls
        enabled: true                 # optional
        allow_hosts: [cdn.example.vn] # optional, hosts article pages may come from
        expected_period: 72           # optional, hours of silence before an alert
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from chidao.core.yamlconf import ConfigFileError, Located, load_located

FEED_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
ALLOWED_SCHEMES = ("http", "https", "sample")
KNOWN_KEYS = {
    "id",
    "url",
    "province",
    "interval",
    "enabled",
    "allow_hosts",
    "expected_period",
    "title",
}


@dataclass(frozen=True)
class FeedSpec:
    id: str
    url: str
    province: str | None = None
    interval_minutes: int | None = None
    enabled: bool = True
    allow_hosts: tuple[str, ...] = ()
    expected_period_hours: int | None = None
    title: str | None = None


def _expect(value: Located, kind: type | tuple[type, ...], path: Path, what: str) -> object:
    if not isinstance(value.value, kind) or (isinstance(value.value, bool) and kind is int):
        raise ConfigFileError(path, value.line, f"{what} must be {_kind_name(kind)}")
    return value.value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def load_feeds(path: Path) -> list[FeedSpec]:
    """Load and validate a feeds file. Raises ``ConfigFileError`` naming file and line."""
    root = load_located(path)
    if not isinstance(root.value, dict) or "feeds" not in root.value:
        raise ConfigFileError(path, root.line, "expected a mapping with a 'feeds:' list")
    unknown_top = sorted(set(root.value) - {"feeds"})
    if unknown_top:
        key = unknown_top[0]
        raise ConfigFileError(path, root.value[key].line, f"unknown key '{key}' (only 'feeds' is allowed)")
    feeds_node = root.value["feeds"]
    if not isinstance(feeds_node.value, list):
        raise ConfigFileError(path, feeds_node.line, "'feeds' must be a list of mappings")
    specs: list[FeedSpec] = []
    seen: dict[str, int] = {}
    for entry in feeds_node.value:
        specs.append(_feed_spec(entry, path, seen))
    return specs


def _feed_spec(entry: Located, path: Path, seen: dict[str, int]) -> FeedSpec:
    if not isinstance(entry.value, dict):
        raise ConfigFileError(path, entry.line, "each feed must be a mapping with at least 'id' and 'url'")
    data: dict[str, Located] = entry.value
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            raise ConfigFileError(path, value.line, f"unknown key '{key}' in feed")
    for required in ("id", "url"):
        if required not in data:
            raise ConfigFileError(path, entry.line, f"feed is missing '{required}'")
    feed_id = str(_expect(data["id"], str, path, "'id'"))
    if not FEED_ID.match(feed_id):
        raise ConfigFileError(
            path, data["id"].line, f"feed id '{feed_id}' must be lower-case letters, digits, '.', '_' or '-'"
        )
    if feed_id in seen:
        raise ConfigFileError(
            path, data["id"].line, f"duplicate feed id '{feed_id}' (first defined on line {seen[feed_id]})"
        )
    seen[feed_id] = data["id"].line
    url = str(_expect(data["url"], str, path, "'url'")).strip()
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES or not (parts.netloc or parts.scheme == "sample"):
        raise ConfigFileError(path, data["url"].line, f"url '{url}' must be an http(s) URL")
    province = data.get("province")
    interval = data.get("interval")
    enabled = data.get("enabled")
    allow_hosts = data.get("allow_hosts")
    expected = data.get("expected_period")
    title = data.get("title")
    interval_minutes = None
    if interval is not None:
        interval_minutes = int(_expect(interval, int, path, "'interval' (minutes)"))  # type: ignore[call-overload]
        if interval_minutes < 1:
            raise ConfigFileError(path, interval.line, "'interval' must be at least 1 minute")
    hosts: tuple[str, ...] = ()
    if allow_hosts is not None:
        raw_hosts = _expect(allow_hosts, list, path, "'allow_hosts'")
        assert isinstance(raw_hosts, list)
        hosts = tuple(str(_expect(h, str, path, "each allowed host")).lower() for h in raw_hosts)
    return FeedSpec(
        id=feed_id,
        url=url,
        province=str(_expect(province, str, path, "'province'")) if province is not None else None,
        interval_minutes=interval_minutes,
        enabled=bool(_expect(enabled, bool, path, "'enabled'")) if enabled is not None else True,
        allow_hosts=hosts,
        expected_period_hours=(
            int(_expect(expected, int, path, "'expected_period' (hours)"))  # type: ignore[call-overload]
            if expected is not None
            else None
        ),
        title=str(_expect(title, str, path, "'title'")) if title is not None else None,
    )
