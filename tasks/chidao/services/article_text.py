"""Article text: an entry's text, title, published date and lead, each with where it came from.

Stage "article text" of the README's data flow: the feed's own content first, else the article page the
poll fetched, else the entry's summary. The decisions are pure (main text with trafilatura in
``chidao.core.html``, page metadata in ``chidao.core.pagemeta``); this module picks between the sources.
It reads no database and fetches nothing: the ingest pass hands it the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chidao.adapters.http import FetchResult
from chidao.core.feedparse import FeedEntry
from chidao.core.html import PAGE_FETCH_FAILED, extract_main_text
from chidao.core.identity import content_hash
from chidao.core.pagemeta import PageMeta, page_metadata
from chidao.core.text import normalize_text


@dataclass(frozen=True)
class PageSource:
    """Where an entry's text may come from: the entry, its stable link, the fetched page or why there is none."""

    kind: str  # the source's kind: feed | sitemap | listing
    entry: FeedEntry
    link: str | None  # stable (unresolved) canonical link
    page: FetchResult | None = None
    page_refused: str | None = None  # why the page was not fetched
    lastmod: datetime | None = None  # sitemap lastmod: the published date when the page gives none


@dataclass(frozen=True)
class ArticleText:
    """What is stored of one entry as an article."""

    title: str | None
    text: str  # the normalised body
    raw_text: str  # title and body, what the content hash covers
    content_hash: str
    html_hash: str | None
    fetch_error: str | None
    published: datetime | None
    provenance: dict[str, dict[str, str]]  # field -> {"value": ..., "source": ...}


def article_text(source: PageSource) -> ArticleText:
    """The entry's text and metadata: content, else page, else summary (a listing link without body: the lead)."""
    page = source.page
    text, html_hash, fetch_error = _body(source)
    meta = page_metadata(page.body, url=source.link) if page is not None and page.ok and page.body else PageMeta()
    if not text.strip() and meta.lead is not None:  # a listing link whose page has no article body
        text = meta.lead.value
    text = normalize_text(text)
    title, published, provenance = entry_metadata(source, meta)
    raw_text = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return ArticleText(
        title=title,
        text=text,
        raw_text=raw_text,
        content_hash=content_hash(raw_text),
        html_hash=html_hash,
        fetch_error=fetch_error,
        published=published,
        provenance=provenance,
    )


def _body(source: PageSource) -> tuple[str, str | None, str | None]:
    """(text, html hash, fetch error) from the feed's content, else the page, else the summary."""
    entry, page = source.entry, source.page
    if entry.content_html:
        text = extract_main_text(entry.content_html, url=source.link)
        return (text or entry.summary, content_hash(entry.content_html), None)
    if page is not None and page.ok and page.body:
        text = extract_main_text(page.body, url=source.link)
        if text:
            return text, content_hash(page.body.decode("utf-8", "replace")), None
        return (
            entry.summary,
            content_hash(page.body.decode("utf-8", "replace")),
            "no article text in the page",
        )
    if source.page_refused:
        return entry.summary, None, source.page_refused
    if page is not None and page.error:
        return entry.summary, None, PAGE_FETCH_FAILED + page.error
    return entry.summary, None, "no link to fetch" if not source.link else None


def entry_metadata(source: PageSource, meta: PageMeta) -> tuple[str | None, datetime | None, dict[str, dict[str, str]]]:
    """(title, published, provenance): the entry's own fields first (the feed's pubDate, a Google News
    sitemap's publication date, a listing link's text), then the page's metadata, then a sitemap's lastmod.

    Provenance is stored on the article: ``{"published": {"value": "...", "source": "feed"}, ...}``.
    """
    entry, kind = source.entry, source.kind
    found = meta.to_json()
    provenance: dict[str, dict[str, str]] = {}
    title = normalize_text(entry.title) if entry.title else None
    if title:
        provenance["title"] = {"value": title, "source": kind}
    elif "title" in found:
        title = normalize_text(found["title"]["value"])
        provenance["title"] = {"value": title, "source": f"page:{found['title']['source']}"}
    published = entry.published
    if published is not None:
        provenance["published"] = {"value": published.isoformat(), "source": kind}
    elif meta.published_at is not None:
        published = meta.published_at
        provenance["published"] = {
            "value": found["published"]["value"],
            "source": f"page:{found['published']['source']}",
        }
    elif source.lastmod is not None:
        published = source.lastmod
        provenance["published"] = {"value": published.isoformat(), "source": "sitemap:lastmod"}
    if entry.summary:
        provenance["lead"] = {"value": normalize_text(entry.summary)[:600], "source": kind}
    elif "lead" in found:
        provenance["lead"] = {"value": found["lead"]["value"], "source": f"page:{found['lead']['source']}"}
    return title, published, provenance
