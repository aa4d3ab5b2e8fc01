"""Reading sitemap and listing sources through the fetcher: robots.txt, sitemap indexes, pagination.

The decisions (what a sitemap or a listing page contains, what robots.txt allows) are pure, in
:mod:`chidao.core.sources`; this module only fetches, in rounds shared by every source of a poll, so a
sitemap index's children and a listing's next pages are fetched concurrently with the other sources'.
What comes out is a list of :class:`~chidao.core.feedparse.FeedEntry` per source, so identity,
deduplication, page fetching, storage and health are the feeds' own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.robotparser import RobotFileParser

from chidao.adapters.http import Fetcher, FetchRequest, FetchResult
from chidao.core.feedparse import FeedEntry
from chidao.core.feeds import SourceOptions
from chidao.core.identity import canonical_url, content_hash
from chidao.core.sources import (
    SitemapUrl,
    SourceParseError,
    newest_first,
    origin_of,
    parse_listing,
    parse_sitemap,
    robots_parser,
)

UrlMap = Callable[[str], str]
log = logging.getLogger("chidao.ingest.sources")
# A sitemap index is followed one level, to its newest children only: a "sitemap bomb" of nested indexes
# (or an index of 10,000 monthly sitemaps) costs at most this many requests a poll.
MAX_CHILD_SITEMAPS = 3
# Dated sitemap URLs older than this are history, not news: a first poll of a 50,000-URL sitemap must not
# walk back through ten years of archives, max_per_poll at a time.
SITEMAP_MAX_AGE = timedelta(days=30)
# The product token robots.txt rules name (the User-Agent header is "chidao/0.1 (+...)").
ROBOTS_AGENT = "chidao"


@dataclass(frozen=True)
class SourceView:
    """What reading one sitemap or listing needs; ``url`` is the fetchable (resolved) URL."""

    id: str
    kind: str  # sitemap | listing
    url: str
    options: SourceOptions
    allowed_page: Callable[[str], str | None]  # why a child URL may not be fetched, or None


@dataclass
class SourceRead:
    """Entries of one source (newest first for sitemaps, page order for listings), warnings and the error
    that made the poll fail (None when it succeeded)."""

    entries: list[FeedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    lastmods: dict[str, datetime] = field(default_factory=dict)  # identity -> sitemap lastmod (a date fallback)


@dataclass
class RobotsRules:
    """robots.txt per origin, fetched once a poll: text, None (no robots.txt: all allowed) or an error."""

    user_agent: str = ROBOTS_AGENT
    texts: dict[str, str | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    _parsed: dict[str, RobotFileParser | None] = field(default_factory=dict)

    def refusal(self, url: str) -> str | None:
        """Why robots.txt keeps chidao from ``url``, or None when it may be fetched."""
        origin = origin_of(url)
        if origin in self.errors:
            return f"robots.txt could not be read ({self.errors[origin]})"
        if origin not in self._parsed:  # parsed once per origin, asked once per page
            self._parsed[origin] = robots_parser(self.texts.get(origin))
        parser = self._parsed[origin]
        if parser is not None and not parser.can_fetch(self.user_agent, url):
            return "robots.txt forbids this URL"
        return None


def fetch_robots(fetcher: Fetcher, urls: Sequence[str], user_agent: str = ROBOTS_AGENT) -> RobotsRules:
    """Fetch ``/robots.txt`` of each origin of ``urls`` once.

    A 4xx answer means there is no robots.txt (everything allowed); a 5xx, a timeout or a refused
    connection means it is unknown, and the origin is not crawled this poll (RFC 9309, 2.3.1.4).
    """
    rules = RobotsRules(user_agent=user_agent)
    origins = sorted({origin_of(u) for u in urls})
    results = fetcher.fetch_many([FetchRequest(url=f"{origin}/robots.txt") for origin in origins])
    for origin, result in zip(origins, results, strict=True):
        if result.ok and result.body is not None:
            rules.texts[origin] = result.body.decode("utf-8", "replace")
        elif result.status is not None and 400 <= result.status < 500:
            rules.texts[origin] = None
        else:
            rules.errors[origin] = result.error or "no answer"
    return rules


@dataclass
class _Reading:
    """One source being read: what is still to fetch and what was found so far."""

    view: SourceView
    read: SourceRead = field(default_factory=SourceRead)
    pending: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    pages_read: int = 0
    dated: dict[str, tuple[datetime | None, str, datetime | None]] = field(default_factory=dict)


def read_sources(
    fetcher: Fetcher,
    views: Sequence[SourceView],
    first_results: Sequence[FetchResult],
    robots: RobotsRules,
    *,
    now: datetime,
    unresolve: UrlMap = lambda url: url,
    max_age: timedelta | None = SITEMAP_MAX_AGE,
) -> list[SourceRead]:
    """Entries of each source from its already fetched first response, fetching sitemap children and
    further listing pages in shared rounds (at most ``pages`` rounds). Dated sitemap URLs older than
    ``max_age`` are left out (None keeps them all: ``feeds check`` counts what a sitemap holds)."""
    since = now - max_age if max_age is not None else None
    readings = [_Reading(view, visited={view.url}) for view in views]
    for reading, result in zip(readings, first_results, strict=True):
        _absorb(reading, reading.view.url, result, first=True, since=since, robots=robots)
    while pending := [(r, url) for r in readings for url in r.pending]:
        for reading in readings:
            reading.pending = []
        results = fetcher.fetch_many([FetchRequest(url=url) for _reading, url in pending])
        for (reading, url), result in zip(pending, results, strict=True):
            _absorb(reading, url, result, first=False, since=since, robots=robots)
    return [_finish(reading, unresolve) for reading in readings]


def _absorb(
    reading: _Reading, url: str, result: FetchResult, *, first: bool, since: datetime | None, robots: RobotsRules
) -> None:
    if reading.read.error is not None:
        return
    if not result.ok or result.body is None:
        error = result.error or "empty response"
        if first:
            reading.read.error = error
        else:
            reading.read.warnings.append(f"{url} not read: {error}")
        return
    try:
        if reading.view.kind == "sitemap":
            _absorb_sitemap(reading, url, result.body, first=first, since=since, robots=robots)
        else:
            _absorb_listing(reading, url, result.body, robots=robots)
    except SourceParseError as exc:
        if first:
            reading.read.error = f"not a usable {reading.view.kind}: {exc}"
        else:
            reading.read.warnings.append(f"{url} not read: {exc}")
    except Exception as exc:  # a parser surprise on one source must not stop the others' poll
        log.exception("source %s: reading %s failed", reading.view.id, url)
        reading.read.error = f"reading failed: {type(exc).__name__}: {exc}"


def _absorb_sitemap(
    reading: _Reading, url: str, body: bytes, *, first: bool, since: datetime | None, robots: RobotsRules
) -> None:
    sitemap = parse_sitemap(body)
    if sitemap.dropped:
        reading.read.warnings.append(f"{url}: {sitemap.dropped} URLs beyond the protocol's 50,000 ignored")
    if sitemap.is_index:
        if not first:
            reading.read.warnings.append(f"{url} is another sitemap index: nested indexes are not followed")
            return
        children = [c.loc for c in sitemap.urls if _may_fetch(reading, c.loc, robots)][:MAX_CHILD_SITEMAPS]
        reading.pending.extend(children)
        reading.visited.update(children)
        return
    for item in sitemap.urls:
        if since is not None and item.newest is not None and item.newest < since:
            continue
        reading.dated.setdefault(item.loc, (item.newest, item.title or "", item.published))


def _absorb_listing(reading: _Reading, url: str, body: bytes, *, robots: RobotsRules) -> None:
    options = reading.view.options
    page = parse_listing(body, url, link_pattern=options.link_pattern, link_selector=options.link_selector)
    reading.pages_read += 1
    for link in page.links:
        reading.dated.setdefault(link.url, (None, link.title, None))
    if reading.pages_read >= options.pages or page.next_url is None:
        return
    if page.next_url in reading.visited:
        reading.read.warnings.append(f"{url}: the next page link leads back to a page already read")
        return
    if _may_fetch(reading, page.next_url, robots):
        reading.visited.add(page.next_url)
        reading.pending.append(page.next_url)


def _may_fetch(reading: _Reading, url: str, robots: RobotsRules) -> bool:
    refused = reading.view.allowed_page(url) or robots.refusal(url)
    if refused:
        reading.read.warnings.append(f"{url} not fetched: {refused}")
    return refused is None


def _finish(reading: _Reading, unresolve: UrlMap) -> SourceRead:
    if reading.read.error is not None:
        return reading.read
    ordered = list(reading.dated.items())
    if reading.view.kind == "sitemap":
        # Children were read one after another: order all their URLs newest first again.
        stamps = newest_first([SitemapUrl(loc=loc, lastmod=newest) for loc, (newest, _t, _p) in ordered])
        ordered = [(item.loc, reading.dated[item.loc]) for item in stamps]
    for loc, (newest, title, published) in ordered:
        link = canonical_url(unresolve(loc))
        stamp = newest.astimezone(UTC).isoformat() if newest else ""
        reading.read.entries.append(
            FeedEntry(
                identity=f"link:{link}",
                guid=None,
                link=loc,
                title=title,
                summary="",
                content_html=None,
                published=published,
                # A new lastmod means the page changed: the entry is "edited" and its page fetched again.
                content_hash=content_hash(link, stamp),
            )
        )
        if newest is not None and reading.view.kind == "sitemap":
            reading.read.lastmods[f"link:{link}"] = newest
    return reading.read
