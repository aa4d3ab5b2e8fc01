"""Sitemaps, listing pages, robots.txt and feed discovery: pure reading of bytes already fetched.

No network here: :mod:`chidao.services.sources` fetches, this module decides.

* **Sitemaps** (``<urlset>``, ``<sitemapindex>``, Google News ``<news:news>``, gzip) are read with lxml with
  entities, DTDs and network access off; at most :data:`MAX_SITEMAP_URLS` URLs are kept (the protocol's own
  limit), newest ``lastmod`` first.
* **Listing pages**: article links are the ``<a href>`` whose absolute URL matches a regular expression, or
  the links a CSS selector picks (lxml + cssselect); the next page is ``rel="next"`` or a "Trang sau"/"»" link.
* **robots.txt** is read by :mod:`urllib.robotparser`; trafilatura's ``extract_robots_sitemaps`` lists the
  ``Sitemap:`` lines.
* **Discovery** of feeds in a page: trafilatura's ``determine_feed`` (``<link rel="alternate">``, else feed-
  looking ``<a>`` links); an "RSS" index page's many ``.rss`` links are collected here as well, because
  trafilatura stops at the first ``<link rel="alternate">``.
"""

from __future__ import annotations

import io
import ipaddress
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from chidao.core.dates import VIETNAM_TZ
from chidao.core.html import decode_markup

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# The sitemap protocol's limit per file; a bigger file is cut here (and the cut is reported).
MAX_SITEMAP_URLS = 50_000
# A gzip sitemap is inflated at most to this size: a 50 kB "sitemap.xml.gz" must not become 5 GB.
MAX_INFLATED_BYTES = 50_000_000
# Words of a link that leads to the next page of a listing when it has no rel="next".
_NEXT_TEXTS = frozenset({"trang sau", "sau", "tiếp", "trang tiếp", "»", "›", ">", ">>", "next", "xem tiếp"})
_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)


SOURCE_KINDS = ("feed", "sitemap", "listing")
DEFAULT_MAX_PER_POLL = 50
MAX_PER_POLL = 1000
MAX_PAGES = 20


@dataclass(frozen=True)
class SourceOptions:
    """How a sitemap or listing source finds its article URLs (stored with the feed row as JSON)."""

    max_per_poll: int = DEFAULT_MAX_PER_POLL
    link_pattern: str | None = None
    link_selector: str | None = None
    pages: int = 1

    def to_json(self) -> dict[str, object]:
        return {
            "max_per_poll": self.max_per_poll,
            "link_pattern": self.link_pattern,
            "link_selector": self.link_selector,
            "pages": self.pages,
        }

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> SourceOptions:
        data = data or {}
        max_per_poll = data.get("max_per_poll")
        pages = data.get("pages")
        pattern = data.get("link_pattern")
        selector = data.get("link_selector")
        return cls(
            max_per_poll=max_per_poll if isinstance(max_per_poll, int) else DEFAULT_MAX_PER_POLL,
            link_pattern=pattern if isinstance(pattern, str) else None,
            link_selector=selector if isinstance(selector, str) else None,
            pages=pages if isinstance(pages, int) else 1,
        )


class SourceParseError(Exception):
    """The body is not a usable sitemap or listing page; ``str(error)`` says why in plain words."""


@dataclass(frozen=True)
class SitemapUrl:
    """One ``<url>`` (or one ``<sitemap>`` of an index): ``lastmod`` and the Google News publication date
    are timezone-aware UTC; ``title`` is the Google News title when given."""

    loc: str
    lastmod: datetime | None = None
    published: datetime | None = None
    title: str | None = None

    @property
    def newest(self) -> datetime | None:
        return self.published or self.lastmod


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: ``is_index`` for a ``<sitemapindex>`` (then ``urls`` lists sitemaps);
    ``urls`` newest first (undated ones last, in file order); ``dropped`` URLs beyond :data:`MAX_SITEMAP_URLS`."""

    is_index: bool
    urls: tuple[SitemapUrl, ...]
    dropped: int = 0


def _inflate(body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        inflated = inflater.decompress(body, MAX_INFLATED_BYTES + 1)
    except zlib.error as exc:
        raise SourceParseError(f"broken gzip data: {exc}") from None
    if len(inflated) > MAX_INFLATED_BYTES:
        raise SourceParseError(f"gzip sitemap inflates to more than {MAX_INFLATED_BYTES // 1_000_000} MB")
    return inflated


def parse_sitemap(body: bytes, *, max_urls: int = MAX_SITEMAP_URLS) -> Sitemap:
    """Read a sitemap or sitemap index (plain or gzip). Raises :class:`SourceParseError`."""
    from lxml import etree

    data = _inflate(body)
    if not data.strip():
        raise SourceParseError("empty response")
    if _ENTITY_RE.search(data[:4096]):
        raise SourceParseError("sitemap declares XML entities (refused: entity expansion)")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise SourceParseError("HTML page, not a sitemap")
    urls: list[SitemapUrl] = []
    seen = 0
    root_name: str | None = None
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=False,
    )
    try:
        for event, element in events:
            name = etree.QName(element).localname
            if event == "start":
                root_name = root_name or name
                continue
            if name not in ("url", "sitemap"):
                continue
            seen += 1
            if len(urls) < max_urls:
                item = _sitemap_item(element)
                if item is not None:
                    urls.append(item)
            element.clear()
    except etree.XMLSyntaxError as exc:
        if not urls:
            raise SourceParseError(f"not a usable sitemap: {exc}") from None
    if root_name not in ("urlset", "sitemapindex"):
        raise SourceParseError(f"not a sitemap (root element <{root_name or '?'}>)")
    return Sitemap(is_index=root_name == "sitemapindex", urls=newest_first(urls), dropped=max(0, seen - max_urls))


def _child_text(element: Any, local: str) -> str | None:
    for child in element.iter():
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag.rpartition("}")[2] == local and child.text and child.text.strip():
            return str(child.text.strip())
    return None


def _sitemap_item(element: Any) -> SitemapUrl | None:
    loc = _child_text(element, "loc")
    if not loc:
        return None
    return SitemapUrl(
        loc=loc,
        lastmod=parse_w3c_datetime(_child_text(element, "lastmod")),
        published=parse_w3c_datetime(_child_text(element, "publication_date")),
        title=_child_text(element, "title"),
    )


def newest_first(urls: list[SitemapUrl]) -> tuple[SitemapUrl, ...]:
    """Dated URLs newest first, then undated ones in their original order (sort is stable)."""
    floor = datetime.min.replace(tzinfo=UTC)
    return tuple(sorted(urls, key=lambda u: u.newest or floor, reverse=True))


_W3C_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_w3c_datetime(raw: str | None) -> datetime | None:
    """``2026-08-31``, ``2026-08-31T09:00:00+07:00``, ``2026-08-31T02:00Z`` -> aware UTC; without a zone the
    time is Vietnam time (what local portals mean); garbage -> None."""
    if not raw:
        return None
    match = _W3C_RE.match(raw.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    tz = VIETNAM_TZ
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    elif zone == "Z":
        tz = UTC
    try:
        local = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz)
    except ValueError:
        return None
    return local.astimezone(UTC)


@dataclass(frozen=True)
class ListingLink:
    url: str
    title: str


@dataclass(frozen=True)
class ListingPage:
    """Article links of one listing page in page order (first occurrence kept) and the next page's URL."""

    links: tuple[ListingLink, ...]
    next_url: str | None


def selector_error(selector: str) -> str | None:
    """Why ``selector`` is not a CSS selector lxml can use, or None when it is."""
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    try:
        CSSSelector(selector)
    except SelectorError as exc:
        return str(exc) or type(exc).__name__
    return None


def _parse_html(body: bytes) -> HtmlElement:
    from lxml import html as lxml_html

    text, _codec = decode_markup(body)
    if not text.strip():
        raise SourceParseError("empty page")
    try:
        return lxml_html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError or ValueError on junk
        raise SourceParseError(f"not a usable HTML page: {exc}") from None


def parse_listing(
    body: bytes, page_url: str, *, link_pattern: str | None = None, link_selector: str | None = None
) -> ListingPage:
    """The article links of a listing page, chosen by ``link_selector`` (CSS) and/or ``link_pattern``
    (a regular expression searched in the absolute URL, or matched against the path and query when it
    starts with ``^/``, as crawler configs often write them); only http(s) links, fragments dropped."""
    doc = _parse_html(body)
    if link_selector:
        anchors: list[HtmlElement] = []
        for element in doc.cssselect(link_selector):
            anchors.extend([element] if element.tag == "a" else element.iter("a"))
    else:
        anchors = list(doc.iter("a"))
    pattern = re.compile(link_pattern) if link_pattern else None
    on_path = bool(link_pattern and link_pattern.startswith("^/"))
    links: dict[str, ListingLink] = {}
    for anchor in anchors:
        url = _absolute(page_url, anchor.get("href"))
        if url is None or url in links or (pattern is not None and not pattern.search(_target(url, on_path))):
            continue
        title = " ".join(anchor.text_content().split()) or " ".join((anchor.get("title") or "").split())
        links[url] = ListingLink(url=url, title=title)
    return ListingPage(links=tuple(links.values()), next_url=_next_page(doc, page_url))


def _target(url: str, on_path: bool) -> str:
    if not on_path:
        return url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _absolute(base: str, href: str | None) -> str | None:
    if not href or href.strip().lower().startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urljoin(base, href.strip()).partition("#")[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _next_page(doc: HtmlElement, page_url: str) -> str | None:
    for element in doc.iter("link", "a"):
        rel = (element.get("rel") or "").lower().split()
        if "next" in rel:
            url = _absolute(page_url, element.get("href"))
            if url and url != page_url:
                return url
    for anchor in doc.iter("a"):
        if " ".join(anchor.text_content().split()).lower() in _NEXT_TEXTS:
            url = _absolute(page_url, anchor.get("href"))
            if url and url != page_url:
                return url
    return None


def robots_parser(robots_txt: str | None) -> RobotFileParser | None:
    """``robots_txt`` parsed by :mod:`urllib.robotparser`; None when there is none (everything allowed)."""
    if robots_txt is None:
        return None
    parser = RobotFileParser()
    parser.parse(robots_txt.splitlines())
    return parser


def robots_allows(robots_txt: str | None, url: str, user_agent: str) -> bool:
    """Whether ``robots_txt`` lets ``user_agent`` fetch ``url``; no robots.txt (None) allows everything."""
    parser = robots_parser(robots_txt)
    return parser is None or parser.can_fetch(user_agent, url)


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt (trafilatura's reader), absolute, in file order."""
    from trafilatura.sitemaps import extract_robots_sitemaps

    return [urljoin(base_url, u) for u in extract_robots_sitemaps(robots_txt, base_url)]


def origin_of(url: str) -> str:
    """``https://Baoxyz.vn:443/a/b`` -> ``https://baoxyz.vn:443``: robots.txt is per scheme, host and port."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml"})
_FEED_HREF_RE = re.compile(r"\.(?:rss|atom|rdf)(?:$|\?)|/rss(?:/|$)|/feed/?$", re.IGNORECASE)


def feed_links(body: bytes, page_url: str) -> list[str]:
    """Feed URLs a page announces: trafilatura's ``determine_feed`` first (``<link rel="alternate">``), then
    every feed-looking ``<a>`` of the page (an "RSS" index page lists one per section), in page order."""
    from trafilatura.feeds import FeedParameters, determine_feed

    text, _codec = decode_markup(body)
    host = urlsplit(page_url).hostname or ""
    found = list(determine_feed(text, FeedParameters(page_url, host, page_url)))
    try:
        doc = _parse_html(body)
    except SourceParseError:
        return found
    for anchor in doc.iter("a"):
        url = _absolute(page_url, anchor.get("href"))
        parts = urlsplit(url) if url else None
        if url and parts and _FEED_HREF_RE.search(parts.path + (f"?{parts.query}" if parts.query else "")):
            found.append(url)
    for link in doc.iter("link"):
        if (link.get("type") or "").split(";")[0].strip().lower() in _FEED_TYPES:
            url = _absolute(page_url, link.get("href"))
            if url:
                found.append(url)
    return list(dict.fromkeys(found))


def likely_article_links(body: bytes, page_url: str) -> list[ListingLink]:
    """Links of a page that look like articles of the same site: courlan's URL checks (spam, file types,
    navigation pages such as /tag/ or /page/2) plus a headline of at least four words. Used by discovery to
    offer the page itself as a listing. courlan refuses IP-address hosts outright, so for those (intranet
    portals, loopback tests) only its type and navigation filters are applied."""
    from courlan import check_url
    from courlan.filters import is_navigation_page, type_filter

    site = (urlsplit(page_url).hostname or "").removeprefix("www.")
    kept = []
    for link in parse_listing(body, page_url).links:
        host = (urlsplit(link.url).hostname or "").removeprefix("www.")
        if host != site and not host.endswith("." + site):
            continue
        if not _is_ip_address(host) and check_url(link.url, strict=True) is None:
            continue
        if is_navigation_page(link.url) or not type_filter(link.url, strict=True) or len(link.title.split()) < 4:
            continue
        kept.append(link)
    return kept


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def common_link_pattern(urls: list[str]) -> str | None:
    """A regular expression for a listing entry: the longest path prefix all ``urls`` share plus the common
    suffix (``.html``), e.g. ``^https://baoxyz\\.vn/tin-tuc/.+\\.html$``; None for fewer than 2 URLs."""
    if len(urls) < 2:
        return None
    paths = [urlsplit(u) for u in urls]
    first = paths[0]
    prefix_parts = first.path.split("/")[:-1]
    for parts in paths[1:]:
        other = parts.path.split("/")[:-1]
        keep = 0
        while keep < min(len(prefix_parts), len(other)) and prefix_parts[keep] == other[keep]:
            keep += 1
        prefix_parts = prefix_parts[:keep]
    prefix = "/".join(prefix_parts) + "/"
    suffixes = {p.path.rsplit(".", 1)[-1] for p in paths if "." in p.path.rsplit("/", 1)[-1]}
    suffix = r"\." + re.escape(suffixes.pop()) + "$" if len(suffixes) == 1 and all("." in p.path for p in paths) else ""
    # re.escape also escapes "-", which is literal outside [...]: drop those for a readable pattern.
    return f"^{re.escape(first.scheme)}://{re.escape(first.netloc)}{re.escape(prefix)}.+{suffix}".replace("\\-", "-")
