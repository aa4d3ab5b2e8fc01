"""``chidao feeds discover URL`` and ``chidao feeds check --all``: what a site offers to poll, and whether
the sources of a feeds file work now. Nothing is stored.

Discovery fetches the page, then (each at most once) the feeds it links, an "RSS" index page's feeds, the
sitemaps robots.txt names plus ``/sitemap.xml``, and the first article the page links, and reports each
pollable source with a ready feeds-file entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from chidao.adapters.http import Fetcher, FetchRequest, FetchResult
from chidao.core.feedparse import FeedParseError, parse_feed
from chidao.core.feeds import FeedSpec
from chidao.core.pagemeta import page_metadata
from chidao.core.sources import (
    SourceParseError,
    common_link_pattern,
    feed_links,
    likely_article_links,
    origin_of,
    parse_sitemap,
    robots_sitemaps,
)
from chidao.services.sources import RobotsRules, SourceRead, fetch_robots, read_sources

UrlMap = Callable[[str], str]
MAX_FEEDS = 40  # an RSS index page of a big newspaper lists 20-30 section feeds
MIN_LISTING_LINKS = 3


def unchanged_url(url: str) -> str:
    return url


@dataclass(frozen=True)
class Candidate:
    """One pollable source found on a site, with what a feeds-file entry needs."""

    kind: str  # feed | sitemap | listing
    url: str
    item_count: int
    newest: datetime | None
    title: str | None = None
    found_on: str | None = None  # the page that links it (the entry's evidence)
    note: str | None = None  # "sitemap index of 12 sitemaps", "Google News sitemap", ...
    link_pattern: str | None = None

    def entry(self, feed_id: str) -> dict[str, object]:
        """A feeds-file entry for this source, disabled and unverified until checked."""
        entry: dict[str, object] = {"id": feed_id, "kind": self.kind, "url": self.url}
        if self.title:
            entry["title"] = self.title
        if self.link_pattern:
            entry["link_pattern"] = self.link_pattern
        entry["evidence"] = self.found_on or self.url
        entry["verified"] = False
        entry["enabled"] = False
        return entry


@dataclass
class Discovery:
    url: str
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def discover(fetcher: Fetcher, url: str, *, resolve: UrlMap = unchanged_url) -> Discovery:
    """Everything pollable that ``url`` (a home or section page, or a feed) leads to."""
    found = Discovery(url=url)
    page = fetcher.fetch(FetchRequest(url=resolve(url)))
    if not page.ok or page.body is None:
        found.problems.append(f"{url}: {page.error or 'empty response'}")
        return found
    as_feed = _feed_candidate(url, page, found_on=None)
    if as_feed is not None:
        found.candidates.append(as_feed)
        return found
    _discover_feeds(fetcher, url, page.body, found, resolve)
    # Sitemaps and article pages are crawled, not published to be polled: robots.txt decides.
    robots = fetch_robots(fetcher, [resolve(url)])
    _discover_sitemaps(fetcher, url, found, resolve, robots)
    _discover_listing(fetcher, url, page.body, found, resolve, robots)
    return found


def _feed_candidate(url: str, result: FetchResult, *, found_on: str | None) -> Candidate | None:
    if not result.ok or result.body is None:
        return None
    try:
        parsed = parse_feed(result.body, url=url, content_type=result.content_type)
    except FeedParseError:
        return None
    dates = [e.published for e in parsed.entries if e.published is not None]
    return Candidate("feed", url, len(parsed.entries), max(dates, default=None), parsed.title, found_on)


def _discover_feeds(fetcher: Fetcher, url: str, body: bytes, found: Discovery, resolve: UrlMap) -> None:
    """The page's feeds; a linked page that is HTML (an "RSS" index page) has its own feeds read too."""
    links = feed_links(body, resolve(url))[:MAX_FEEDS]
    index_pages: list[str] = []
    for link, result in zip(links, fetcher.fetch_many([FetchRequest(url=u) for u in links]), strict=True):
        candidate = _feed_candidate(link, result, found_on=url)
        if candidate is not None:
            found.candidates.append(candidate)
        elif result.ok and result.body is not None and b"<html" in result.body[:2048].lower():
            index_pages.append(link)
    known = {c.url for c in found.candidates}
    index_results = fetcher.fetch_many([FetchRequest(url=u) for u in index_pages])
    for index_url, result in zip(index_pages, index_results, strict=True):
        if not result.ok or result.body is None:
            continue
        links = [u for u in feed_links(result.body, index_url) if u not in known][:MAX_FEEDS]
        for link, feed in zip(links, fetcher.fetch_many([FetchRequest(url=u) for u in links]), strict=True):
            candidate = _feed_candidate(link, feed, found_on=index_url)
            if candidate is not None and candidate.url not in known:
                known.add(candidate.url)
                found.candidates.append(candidate)


def _discover_sitemaps(fetcher: Fetcher, url: str, found: Discovery, resolve: UrlMap, robots: RobotsRules) -> None:
    origin = origin_of(resolve(url))
    robots_text = robots.texts.get(origin)
    named = robots_sitemaps(robots_text, origin) if robots_text else []
    urls = []
    for sitemap_url in dict.fromkeys([*named, f"{origin}/sitemap.xml"]):
        refused = robots.refusal(sitemap_url)
        if refused:
            found.problems.append(f"{sitemap_url}: {refused}")
        else:
            urls.append(sitemap_url)
    for sitemap_url, result in zip(urls, fetcher.fetch_many([FetchRequest(url=u) for u in urls]), strict=True):
        if not result.ok or result.body is None:
            if sitemap_url in named:
                found.problems.append(f"{sitemap_url} (named in robots.txt): {result.error}")
            continue
        try:
            sitemap = parse_sitemap(result.body)
        except SourceParseError as exc:
            found.problems.append(f"{sitemap_url}: {exc}")
            continue
        news = any(u.published is not None or u.title for u in sitemap.urls)
        note = (
            f"sitemap index of {len(sitemap.urls)} sitemaps"
            if sitemap.is_index
            else ("Google News sitemap" if news else None)
        )
        evidence = f"{origin}/robots.txt" if sitemap_url in named else None
        newest = sitemap.urls[0].newest if sitemap.urls else None
        found.candidates.append(Candidate("sitemap", sitemap_url, len(sitemap.urls), newest, None, evidence, note))


def _discover_listing(
    fetcher: Fetcher, url: str, body: bytes, found: Discovery, resolve: UrlMap, robots: RobotsRules
) -> None:
    """The page itself, when it links enough articles that share a URL shape; the pattern is written for
    the path (``^/thoi-su/.+\\.html$``), so it survives a move between http and https or www and not."""
    links = likely_article_links(body, resolve(url))
    pattern = common_link_pattern([link.url for link in links])
    if pattern is None or len(links) < MIN_LISTING_LINKS:
        return
    pattern = "^" + pattern.removeprefix("^" + re.escape(origin_of(links[0].url)).replace("\\-", "-"))
    newest = None
    first = None if robots.refusal(links[0].url) else fetcher.fetch(FetchRequest(url=links[0].url))
    if first is not None and first.ok and first.body is not None:
        newest = page_metadata(first.body, url=links[0].url).published_at
    found.candidates.append(
        Candidate("listing", url, len(links), newest, None, url, f"newest article: {links[0].title}", pattern)
    )


def suggested_id(candidate: Candidate, taken: set[str]) -> str:
    """``baohoalam-vn-feed-chi-dao-dieu-hanh``: site, kind and the URL's last path segment, unique in ``taken``."""
    parts = urlsplit(candidate.url)
    host = (parts.hostname or "site").removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    base = "-".join([*re.findall(r"[a-z0-9]+", host), candidate.kind, *re.findall(r"[a-z0-9]+", last.lower())])
    base = base[:56].strip("-")
    feed_id, n = base, 2
    while feed_id in taken:
        feed_id, n = f"{base}-{n}", n + 1
    taken.add(feed_id)
    return feed_id


@dataclass(frozen=True)
class SourceCheck:
    """``chidao feeds check --all``: one source of the feeds file, fetched now."""

    id: str
    kind: str
    url: str
    ok: bool
    detail: str  # "12 items, newest 2026-08-31 09:30 UTC" or the reason it is broken
    warnings: tuple[str, ...] = ()


def check_sources(fetcher: Fetcher, specs: Sequence[FeedSpec], *, resolve: UrlMap = unchanged_url) -> list[SourceCheck]:
    """Fetch every source of ``specs`` now: feeds parsed, sitemaps and listings read with their options and
    robots.txt, exactly as a poll would read them (but nothing is stored and no article page is fetched)."""
    from chidao.services.poll import fetch_allowed, source_view

    results, robots = fetch_allowed(fetcher, specs, resolve, lambda s: FetchRequest(url=resolve(s.url)))
    to_read = [(s, r) for s, r in zip(specs, results, strict=True) if s.kind != "feed" and r.ok]
    views = [source_view(s, resolve) for s, _r in to_read]
    read = read_sources(fetcher, views, [r for _s, r in to_read], robots, now=datetime.now(UTC), max_age=None)
    reads = dict(zip([v.id for v in views], read, strict=True))
    return [_check_of(spec, result, reads.get(spec.id), resolve) for spec, result in zip(specs, results, strict=True)]


def _check_of(spec: FeedSpec, result: FetchResult, read: SourceRead | None, resolve: UrlMap) -> SourceCheck:
    def check(ok: bool, detail: str, warnings: Sequence[str] = ()) -> SourceCheck:
        return SourceCheck(spec.id, spec.kind, spec.url, ok, detail, tuple(warnings))

    if not result.ok or result.body is None:
        return check(False, result.error or "empty response")
    if spec.kind == "feed":
        candidate = _feed_candidate(resolve(spec.url), result, found_on=None)
        if candidate is None:
            return check(False, "not a usable feed")
        return check(True, _items(candidate.item_count, candidate.newest))
    assert read is not None
    if read.error is not None:
        return check(False, read.error, read.warnings)
    if not read.entries:
        return check(False, "no article links found", read.warnings)
    return check(True, _items(len(read.entries), max(read.lastmods.values(), default=None)), read.warnings)


def _items(count: int, newest: datetime | None) -> str:
    when = f", newest {newest:%Y-%m-%d %H:%M} UTC" if newest is not None else ""
    return f"{count} item{'' if count == 1 else 's'}{when}"
