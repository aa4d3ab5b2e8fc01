"""An article page's own metadata: published date, title and lead, each with where it came from.

Pure. Sources are tried in this order, and the first that gives a value wins; the ``source`` string names
it (stored with the article, shown in reviews)::

    published: meta:article:published_time | jsonld:datePublished | time:datetime | dateline | htmldate
    title:     meta:og:title | jsonld:headline | h1 | title
    lead:      meta:description | meta:og:description | jsonld:description | p.sapo (first paragraph)

Why not htmldate alone: it finds the date well but does not say where, reads ``20:55, 22/06/2022`` only with
its extensive search (which also picks up dates in the body text), and returns no time of day. So the
explicit markup comes first, then a Vietnamese date line in the page (:mod:`chidao.core.dates`), then
htmldate's fast search (no body scan) for what remains (``<meta name="pubdate">``, URL dates, ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chidao.core.dates import parse_date_line
from chidao.core.html import decode_markup
from chidao.core.sources import parse_w3c_datetime

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_PUBLISHED_METAS = ("article:published_time", "og:published_time", "datepublished", "dc.date.issued", "pubdate")
_LEAD_CLASSES = re.compile(r"\b(sapo|lead|summary|chapeau|tomtat|mota|description)\b", re.IGNORECASE)
_DATE_CLASSES = re.compile(r"(date|time|ngay|publish|cap-?nhat|post-?meta)", re.IGNORECASE)
MAX_LEAD_CHARS = 600


@dataclass(frozen=True)
class Sourced:
    value: str
    source: str


@dataclass(frozen=True)
class PageMeta:
    """``published`` is ISO 8601 with its offset (UTC for markup dates, +07:00 for Vietnamese date lines)."""

    published: Sourced | None = None
    title: Sourced | None = None
    lead: Sourced | None = None

    @property
    def published_at(self) -> datetime | None:
        if self.published is None:
            return None
        return datetime.fromisoformat(self.published.value).astimezone(UTC)

    def to_json(self) -> dict[str, dict[str, str]]:
        fields = {"published": self.published, "title": self.title, "lead": self.lead}
        return {name: {"value": f.value, "source": f.source} for name, f in fields.items() if f is not None}


def page_metadata(body: bytes | str, *, url: str | None = None) -> PageMeta:
    """Read the metadata of one article page (bytes are decoded like the article text)."""
    from lxml import html as lxml_html

    text = decode_markup(body)[0] if isinstance(body, bytes) else body
    if not text.strip():
        return PageMeta()
    try:
        doc = lxml_html.document_fromstring(text)
    except Exception:  # junk that is not HTML: no metadata, never an error
        return PageMeta()
    metas = _metas(doc)
    jsonld = list(_jsonld_objects(doc))
    return PageMeta(
        published=_published(doc, metas, jsonld, text, url),
        title=_title(doc, metas, jsonld),
        lead=_lead(doc, metas, jsonld),
    )


def _metas(doc: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content and key not in found:
            found[key] = content
    return found


def _jsonld_objects(doc: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
                yield item


def _jsonld_value(jsonld: list[dict[str, Any]], key: str) -> str | None:
    for item in jsonld:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _iso(value: str | None) -> str | None:
    parsed = parse_w3c_datetime(value.replace("/", "-") if value else None)
    return parsed.isoformat() if parsed else None


def _published(
    doc: HtmlElement, metas: dict[str, str], jsonld: list[dict[str, Any]], text: str, url: str | None
) -> Sourced | None:
    for key in _PUBLISHED_METAS:
        iso = _iso(metas.get(key))
        if iso:
            return Sourced(iso, f"meta:{key}")
    iso = _iso(_jsonld_value(jsonld, "datePublished"))
    if iso:
        return Sourced(iso, "jsonld:datePublished")
    for element in doc.iter("time"):
        iso = _iso(element.get("datetime"))
        if iso:
            return Sourced(iso, "time:datetime")
    line = _dateline(doc)
    if line is not None:
        return line
    return _htmldate(text, url)


def _dateline(doc: HtmlElement) -> Sourced | None:
    """A Vietnamese date line in an element whose class or id speaks of a date, else in any short text
    block before the article's first paragraph (where portals print it)."""
    candidates: list[str] = []
    for element in doc.iter("span", "div", "p", "time", "li", "em", "small"):
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _DATE_CLASSES.search(marker):
            candidates.append(element.text_content())
    for block in doc.iter("span", "div", "p", "em", "small"):
        if len(block) == 0 and block.text:
            candidates.append(block.text)
    for candidate in candidates:
        found = parse_date_line(candidate)
        if found is not None:
            return Sourced(found.when.isoformat(), "dateline")
    return None


def _htmldate(text: str, url: str | None) -> Sourced | None:
    import logging

    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        found = find_date(text, extensive_search=False, original_date=True, url=url, outputformat="%Y-%m-%d")
    except Exception:  # htmldate on odd markup: no date, never an error
        return None
    iso = _iso(found)
    return Sourced(iso, "htmldate") if iso else None


def _title(doc: HtmlElement, metas: dict[str, str], jsonld: list[dict[str, Any]]) -> Sourced | None:
    if metas.get("og:title"):
        return Sourced(metas["og:title"], "meta:og:title")
    headline = _jsonld_value(jsonld, "headline")
    if headline:
        return Sourced(headline, "jsonld:headline")
    for h1 in doc.iter("h1"):
        heading = " ".join(h1.text_content().split())
        if heading:
            return Sourced(heading, "h1")
    title = doc.find(".//title")
    if title is not None and title.text and title.text.strip():
        return Sourced(" ".join(title.text.split()), "title")
    return None


def _lead(doc: HtmlElement, metas: dict[str, str], jsonld: list[dict[str, Any]]) -> Sourced | None:
    for key in ("description", "og:description"):
        if metas.get(key):
            return Sourced(metas[key][:MAX_LEAD_CHARS], f"meta:{key}")
    description = _jsonld_value(jsonld, "description")
    if description:
        return Sourced(description[:MAX_LEAD_CHARS], "jsonld:description")
    for element in doc.iter("p", "div", "h2"):
        if _LEAD_CLASSES.search(element.get("class") or ""):
            lead = " ".join(element.text_content().split())
            if lead:
                return Sourced(lead[:MAX_LEAD_CHARS], "sapo")
    return None
