"""Parse RSS 2.0, RSS 1.0 (RDF) and Atom bytes into :class:`ParsedFeed`.

feedparser does the format work, but never sees the raw bytes:

1. an empty body or an HTML page is refused up front (feedparser reports
   neither as an error);
2. the bytes are decoded by what they are (:func:`chidao.core.html.decode_markup`),
   so a windows-1258 feed that declares UTF-8 still reads correctly;
3. any ``<!ENTITY`` declaration is refused and a plain ``<!DOCTYPE`` dropped,
   because feedparser expands internal entities: one 50 KB entity referenced
   2,000 times becomes 100 MB;
4. feedparser gets clean UTF-8 bytes in a BytesIO, never a string it could
   take for a URL or a file name.

``bozo`` (malformed XML) is a warning when entries were recovered and a
:class:`FeedParseError` when none were.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from chidao.core.html import charset_from_content_type, declared_charset, decode_markup, html_to_text
from chidao.core.identity import canonical_url, content_hash

# Vietnam has one time zone and no daylight saving; portals that write dates
# as "22/11/2026 10:30" mean this one.
VIETNAM_TZ = timezone(timedelta(hours=7))

_SYNDICATION_PERIOD_SECONDS: dict[str, int] = {
    "hourly": 3600,
    "daily": 86400,
    "weekly": 7 * 86400,
    "monthly": 30 * 86400,
    "yearly": 365 * 86400,
}


class FeedParseError(Exception):
    """The body is not a usable feed; ``str(error)`` says why in plain words."""


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, normalised.

    ``identity`` is stable within the feed: ``"guid:<guid>"``, else
    ``"link:<canonical link>"``, else ``"hash:<content hash>"``.
    ``title``/``summary`` are plain NFC text; ``content_html`` is the full
    content when the feed carries it (``content:encoded``, Atom ``content``).
    ``published`` is timezone-aware UTC.  ``content_hash`` changes when the
    visible text changes.
    """

    identity: str
    guid: str | None
    link: str | None
    title: str
    summary: str
    content_html: str | None
    published: datetime | None
    content_hash: str


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its title, entries in feed order, the feed's own polling
    hint (RSS ``<ttl>`` or RSS 1.0 ``sy:updatePeriod``), warnings and the
    format feedparser recognised (``"rss20"``, ``"atom10"``, ``"rss10"`` ...)."""

    title: str | None
    entries: tuple[FeedEntry, ...]
    ttl_seconds: int | None
    warnings: tuple[str, ...]
    format: str | None = None


# What may precede the root element: whitespace, the XML declaration and
# other processing instructions, comments, one DOCTYPE (with internal subset).
_PROLOG_ITEM_RE = re.compile(
    r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.IGNORECASE | re.DOTALL
)
_ELEMENT_RE = re.compile(r"<([A-Za-z_][\w.:-]*)")
_ENTITY_DECL_RE = re.compile(r"<!ENTITY", re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?\s*$")


def _skip_prolog(text: str) -> tuple[int, bool]:
    """Where the prolog ends, and whether it holds an HTML DOCTYPE."""
    position = 0
    html_doctype = False
    while match := _PROLOG_ITEM_RE.match(text, position):
        if match.end() == position:
            break
        html_doctype = html_doctype or match.group().lower().startswith("<!doctype html")
        position = match.end()
    return position, html_doctype


def _root_element(text: str, prolog_end: int) -> str | None:
    """Local name (lower-cased) of the root element: the one right after the
    prolog, else (junk before it) the first element anywhere."""
    match = _ELEMENT_RE.match(text, prolog_end) or _ELEMENT_RE.search(text, prolog_end)
    return match.group(1).rpartition(":")[2].lower() if match else None


def _text(value: Any) -> str:
    return html_to_text(value) if isinstance(value, str) else ""


def _plain_or_none(value: Any) -> str | None:
    text = _text(value)
    return text or None


def _struct_to_utc(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def parse_vietnamese_date(raw: str) -> datetime | None:
    """Day-first dates portals write instead of RFC 822, read as Vietnam time.

    ``"22/11/2026 10:30"`` -> 2026-11-22 03:30 UTC; ``"05-01-2026"`` ->
    2026-01-04 17:00 UTC; anything else -> None.
    """
    match = _DMY_RE.match(raw)
    if not match:
        return None
    day, month, year, hour, minute, second = match.groups()
    try:
        local = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=VIETNAM_TZ,
        )
    except ValueError:
        return None
    return local.astimezone(UTC)


def _entry_published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = _struct_to_utc(entry.get(key))
        if parsed is not None:
            return parsed
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str):
            parsed = parse_vietnamese_date(raw)
            if parsed is not None:
                return parsed
    return None


def _entry_link(entry: Any, base_url: str) -> str | None:
    raw = entry.get("link")
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        absolute = urljoin(base_url, raw.strip())
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        # One unparseable link ("http://[::1") costs that entry its link,
        # not the feed its entries.
        return None
    return canonical_url(absolute) if scheme in ("http", "https") else None


def _entry_content_html(entry: Any) -> str | None:
    contents = entry.get("content")
    if not isinstance(contents, list):
        return None
    for content in contents:
        value = content.get("value") if hasattr(content, "get") else None
        if isinstance(value, str) and value.strip():
            return unicodedata.normalize("NFC", value.strip())
    return None


def _feed_ttl(feed: Any) -> int | None:
    ttl = feed.get("ttl")
    if isinstance(ttl, str) and ttl.strip().isdigit() and int(ttl) > 0:
        return int(ttl) * 60
    period = feed.get("sy_updateperiod")
    if isinstance(period, str) and period.strip().lower() in _SYNDICATION_PERIOD_SECONDS:
        frequency_raw = feed.get("sy_updatefrequency", "1")
        frequency = int(frequency_raw) if isinstance(frequency_raw, str) and frequency_raw.isdigit() else 1
        return _SYNDICATION_PERIOD_SECONDS[period.strip().lower()] // max(1, frequency)
    return None


def _build_entry(entry: Any, base_url: str) -> FeedEntry:
    raw_guid = entry.get("id")
    guid = unicodedata.normalize("NFC", raw_guid.strip()) if isinstance(raw_guid, str) else None
    guid = guid or None
    link = _entry_link(entry, base_url)
    title = _text(entry.get("title"))
    summary = _text(entry.get("summary"))
    content_html = _entry_content_html(entry)
    digest = content_hash(title, summary, html_to_text(content_html) if content_html else "")
    if guid:
        identity = f"guid:{guid}"
    elif link:
        identity = f"link:{link}"
    else:
        identity = f"hash:{digest}"
    return FeedEntry(
        identity=identity,
        guid=guid,
        link=link,
        title=title,
        summary=summary,
        content_html=content_html,
        published=_entry_published(entry),
        content_hash=digest,
    )


def _safe_xml(body: bytes, content_type: str | None) -> tuple[str, str]:
    """The body as UTF-8-ready text without its prolog, and its root element; refuses what is not a safe feed."""
    if not body.strip():
        raise FeedParseError("empty body")
    declared = declared_charset(body) or charset_from_content_type(content_type)
    text, _codec = decode_markup(body, declared=declared)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FeedParseError("empty body")
    prolog_end, html_doctype = _skip_prolog(text)
    root = _root_element(text, prolog_end)
    if html_doctype or root == "html":
        raise FeedParseError("HTML page, not a feed")
    if root is None:
        raise FeedParseError("not XML: no element found")
    # Anywhere, not just in the prolog: a comment can hide where the prolog
    # ends from a simple scan while expat still honours a DOCTYPE after it.
    # A feed quoting "<!ENTITY" inside CDATA is refused too, deliberately.
    if _ENTITY_DECL_RE.search(text):
        raise FeedParseError("XML entity declarations refused")
    # The prolog goes: its DOCTYPE is useless without entities and its
    # encoding= would lie once the text is re-encoded as UTF-8.
    text = text[prolog_end:]
    if "\x00" in text:
        # expat stops at NUL; the loose parser would read garbage.
        text = text.replace("\x00", "")
    return text, root


def _identified_without_guid(entry: FeedEntry, links_taken: set[str]) -> FeedEntry:
    """``entry`` shares an earlier entry's GUID: identify it by its own link, or by its content hash when
    an earlier entry has that link too. Stable across polls while the feed keeps its order."""
    if entry.link and entry.link not in links_taken:
        return replace(entry, identity=f"link:{entry.link}")
    return replace(entry, identity=f"hash:{entry.content_hash}")


# The warning of a poll whose entries were read from a broken (e.g. truncated) feed; the feed's health shows it.
SALVAGED = "recovered from malformed XML:"


def _unique_entries(entries_raw: list[Any], url: str, warnings: list[str]) -> tuple[FeedEntry, ...]:
    entries: list[FeedEntry] = []
    first_with: dict[str, FeedEntry] = {}
    links: set[str] = set()
    for raw_entry in entries_raw:
        entry = _build_entry(raw_entry, url)
        first = first_with.get(entry.identity)
        if first is not None and (first.link, first.content_hash) != (entry.link, entry.content_hash):
            # A GUID reused for another entry (#15): that entry is known by its link, else its content.
            entry = _identified_without_guid(entry, links)
            warnings.append(f"GUID reused for a different entry: {first.identity}; kept as {entry.identity}")
            first = first_with.get(entry.identity)
        if first is not None:
            warnings.append(f"duplicate entry dropped: {entry.identity}")
            continue
        first_with[entry.identity] = entry
        if entry.link:
            links.add(entry.link)
        entries.append(entry)
    return tuple(entries)


def _parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    text, root = _safe_xml(body, content_type)
    result = feedparser.parse(
        io.BytesIO(text.encode("utf-8")),
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": url},
    )
    entries_raw = result.get("entries") or []
    warnings: list[str] = []
    if result.get("bozo"):
        detail = str(result.get("bozo_exception") or "malformed XML")
        if not entries_raw:
            raise FeedParseError(f"not XML: {detail}")
        warnings.append(f"{SALVAGED} {detail}")
    if not result.get("version") and not entries_raw:
        raise FeedParseError(f"not a feed: root element <{root}>")
    if root not in _FEED_ROOTS and not entries_raw:
        raise FeedParseError(f"not a feed: root element <{root}>")
    feed = result.get("feed") or {}
    entries = _unique_entries(entries_raw, url, warnings)
    return ParsedFeed(
        title=_plain_or_none(feed.get("title")),
        entries=entries,
        ttl_seconds=_feed_ttl(feed),
        warnings=tuple(warnings),
        format=str(result.get("version") or "") or None,
    )


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed ``body`` fetched from ``url`` (used to resolve relative links).

    Raises :class:`FeedParseError` (and nothing else) when the body is not a
    usable feed: ``"empty body"``, ``"HTML page, not a feed"``,
    ``"XML entity declarations refused"``, ``"not XML: <detail>"``,
    ``"not a feed: root element <x>"``.
    """
    try:
        return _parse(body, url, content_type)
    except FeedParseError:
        raise
    except (RecursionError, MemoryError) as error:
        raise FeedParseError(f"feed too deeply nested or too large: {type(error).__name__}") from error
    except Exception as error:  # feedparser on hostile input: the contract is one exception type
        raise FeedParseError(f"not XML: {type(error).__name__}: {error}") from error
