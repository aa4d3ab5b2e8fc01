"""The bundled sample feeds and articles (config/samples) are well-formed, self-consistent and our own text.

The embedded default run polls these files through a loopback server, so a broken feed, a dangling
``sample://`` link or a non-NFC page would only show up as a silent demo with no items. These tests read
the files as bytes, the way the pipeline does, and check them against each other and against the
annotation guideline's rules for ``expected_items.json``.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from chidao.adapters.samples import SampleServer
from tests.support.shared import require_shared

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "config" / "samples"
ARTICLES_DIR = SAMPLES_DIR / "articles"
SAMPLE_SCHEME = "sample://"
READ_MORE_MARKER = "Đọc thêm"
VIETNAM_UTC_OFFSET = timedelta(hours=7)
# Shorter fragments are stock administrative phrases ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh") that any
# two provincial articles share; 40 characters is where a shared fragment stops being a coincidence.
MIN_SHARED_FRAGMENT_CHARS = 40
# Sentences and semicolon segments are compared without their closing punctuation, so that a copied
# sentence is found even when the sample ends it with "." where the original went on with ",". Commas do
# not split: comma-separated pieces are stock phrases ("chịu trách nhiệm toàn diện về công tác phòng, ...").
SEGMENT_BOUNDARY = re.compile(r"\s*[.;:!?…]+(?:\s+|$)")
ITEM_FIELDS = {"text", "kind", "issuer", "assignee", "deadline"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# A page is "pure statistics" when none of the guideline's speech-act cues occurs in it ("giao" as in
# "giao thông" is traffic, not an assignment).
SPEECH_ACT_CUE = re.compile(
    r"\b(yêu cầu|đề nghị|chỉ đạo|chỉ thị|lưu ý|nhấn mạnh|quán triệt|kết luận|sẽ|giao(?! thông))\b", re.IGNORECASE
)

ARTICLE_FILES = sorted(ARTICLES_DIR.glob("*.html"))
FEED_FILES = {"portal.rss": ("rss20", 3), "newspaper.atom": ("atom10", 2)}


class PageText(HTMLParser):
    """Collects what the tests need from one HTML document or fragment.

    Paragraphs are recorded with whether they sit inside ``<article>`` and inside the "Đọc thêm" block;
    unbalanced or misnested tags are recorded as errors instead of being silently repaired.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype: str | None = None
        self.charsets: list[str] = []
        self.errors: list[str] = []
        self.tag_counts: dict[str, int] = {}
        self.paragraphs: list[tuple[str, bool, bool]] = []  # (text, in_article, in_read_more)
        self.captions: list[str] = []
        self.article_h1: list[str] = []
        self.article_text_parts: list[str] = []
        self.article_meta_text: list[str] = []
        self.visible_text_parts: list[str] = []
        self._stack: list[tuple[str, str]] = []
        self._capture: list[str] | None = None
        self._capture_tag: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag_counts[tag] = self.tag_counts.get(tag, 0) + 1
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("charset"):
            self.charsets.append(str(attributes["charset"]))
        if tag in VOID_ELEMENTS:
            return
        self._stack.append((tag, attributes.get("class") or ""))
        if tag in ("p", "figcaption", "h1") and self._capture is None:
            self._capture, self._capture_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if not self._stack or self._stack[-1][0] != tag:
            open_tag = self._stack[-1][0] if self._stack else None
            self.errors.append(f"</{tag}> closes <{open_tag}> at line {self.getpos()[0]}")
            return
        if tag == self._capture_tag and self._capture is not None:
            text = " ".join("".join(self._capture).split())
            if tag == "p":
                self.paragraphs.append((text, self._inside("article"), self._inside_class("read-more")))
            elif tag == "figcaption":
                self.captions.append(text)
            elif tag == "h1" and self._inside("article"):
                self.article_h1.append(text)
            self._capture, self._capture_tag = None, None
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._inside("script") or self._inside("style"):
            return
        self.visible_text_parts.append(data)
        if self._capture is not None:
            self._capture.append(data)
        if self._inside("article"):
            self.article_text_parts.append(data)
            if self._inside_class("news-meta"):
                self.article_meta_text.append(data)

    def close(self) -> None:
        super().close()
        self.errors.extend(f"<{tag}> never closed" for tag, _ in self._stack)

    def _inside(self, tag: str) -> bool:
        return any(open_tag == tag for open_tag, _ in self._stack)

    def _inside_class(self, css_class: str) -> bool:
        return any(css_class in classes.split() for _, classes in self._stack)

    @property
    def main_paragraphs(self) -> list[str]:
        """Paragraphs of ``<article>`` itself, without the related article glued after "Đọc thêm"."""
        return [text for text, in_article, in_read_more in self.paragraphs if in_article and not in_read_more]


def parse_html(markup: str) -> PageText:
    page = PageText()
    page.feed(markup)
    page.close()
    return page


def read_page(path: Path) -> PageText:
    return parse_html(path.read_bytes().decode("utf-8"))


def parse_feed(name: str) -> Any:
    return feedparser.parse((SAMPLES_DIR / name).read_bytes())


def sample_path(link: str) -> Path:
    assert link.startswith(SAMPLE_SCHEME), f"{link!r} is not a {SAMPLE_SCHEME} link"
    return SAMPLES_DIR / link.removeprefix(SAMPLE_SCHEME)


def load_expected() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((SAMPLES_DIR / "expected_items.json").read_bytes().decode("utf-8"))
    return data


def word_count(text: str) -> int:
    return len(text.split())


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def test_the_sample_set_has_five_articles_and_two_feeds() -> None:
    assert len(ARTICLE_FILES) == 5
    assert sorted(path.name for path in SAMPLES_DIR.iterdir() if path.is_file()) == [
        "README.md",
        "expected_items.json",
        "newspaper.atom",
        "portal.rss",
    ]


@pytest.mark.parametrize("feed_name", sorted(FEED_FILES))
def test_feed_parses_from_bytes_without_errors(feed_name: str) -> None:
    expected_version, expected_entries = FEED_FILES[feed_name]
    parsed = parse_feed(feed_name)

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == expected_version
    assert len(parsed.entries) == expected_entries
    assert parsed.feed.title


def test_rss_items_have_opaque_guid_rfc822_date_and_short_summary() -> None:
    entries = parse_feed("portal.rss").entries
    assert len({entry.id for entry in entries}) == len(entries)

    for entry in entries:
        raw_date = entry.published
        assert raw_date.endswith("+0700"), raw_date
        assert parsedate_to_datetime(raw_date).utcoffset() == VIETNAM_UTC_OFFSET
        assert entry.guidislink is False
        assert entry.id and not entry.id.startswith(SAMPLE_SCHEME)
        assert "content" not in entry
        page_words = sum(word_count(text) for text in read_page(sample_path(entry.link)).main_paragraphs)
        assert word_count(entry.summary) * 10 < page_words, "the summary must not carry the article"
        assert len(entry.summary) <= 200


def test_rss_items_are_newest_first() -> None:
    dates = [parsedate_to_datetime(entry.published) for entry in parse_feed("portal.rss").entries]
    assert dates == sorted(dates, reverse=True)


def test_atom_entries_carry_the_full_text_of_their_page() -> None:
    parsed = parse_feed("newspaper.atom")
    feed_updated = datetime.fromisoformat(parsed.feed.updated)
    entry_updates = [datetime.fromisoformat(entry.updated) for entry in parsed.entries]
    assert feed_updated == max(entry_updates)

    for entry in parsed.entries:
        (content,) = entry.content
        assert content.type == "text/html"
        from_feed = parse_html(f"<article>{content.value}</article>")
        from_page = read_page(sample_path(entry.link))
        assert from_feed.errors == []
        assert from_feed.main_paragraphs == from_page.main_paragraphs
        assert from_feed.captions == from_page.captions
        assert entry.title == from_page.article_h1[0]


def test_every_feed_link_resolves_and_every_article_is_published_once() -> None:
    linked_articles: list[Path] = []
    for feed_name in FEED_FILES:
        parsed = parse_feed(feed_name)
        assert parsed.feed.links
        for link in (link.href for link in parsed.feed.links):
            assert sample_path(link).is_file(), link
        for entry in parsed.entries:
            entry_links = {entry.link, *(link.href for link in entry.links)}
            for link in entry_links:
                assert sample_path(link).is_file(), link
            linked_articles.append(sample_path(entry.link).resolve())

    assert sorted(linked_articles) == [path.resolve() for path in ARTICLE_FILES]


@pytest.mark.parametrize("article_path", ARTICLE_FILES, ids=lambda path: path.name)
def test_article_page_is_well_formed_portal_html(article_path: Path) -> None:
    raw = article_path.read_bytes().decode("utf-8")
    page = parse_html(raw)

    assert page.errors == []
    assert page.doctype is not None and page.doctype.lower() == "doctype html"
    assert page.charsets == ["utf-8"]
    for landmark in ("header", "nav", "footer", "figure"):
        assert page.tag_counts.get(landmark, 0) >= 1, landmark
    assert page.tag_counts.get("article") == 1
    assert len(page.article_h1) == 1
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", "".join(page.article_meta_text)), "no date line"
    assert re.search(r"Số lượt xem: [\d.]+", "".join(page.article_meta_text)), "no view counter"
    assert any("Ảnh: " in caption for caption in page.captions)


@pytest.mark.parametrize("article_path", ARTICLE_FILES, ids=lambda path: path.name)
def test_article_length_is_between_350_and_700_words(article_path: Path) -> None:
    page = read_page(article_path)
    article_words = sum(word_count(text) for text, in_article, _ in page.paragraphs if in_article)
    article_words += sum(word_count(text) for text in page.captions) + word_count(page.article_h1[0])
    assert 350 <= article_words <= 700


@pytest.mark.parametrize(
    "sample_file",
    sorted(path for path in SAMPLES_DIR.rglob("*") if path.is_file()),
    ids=lambda path: str(path.relative_to(SAMPLES_DIR)),
)
def test_sample_text_is_nfc(sample_file: Path) -> None:
    text = sample_file.read_bytes().decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert unicodedata.is_normalized("NFC", html.unescape(html.unescape(text)))


def test_exactly_one_article_has_a_related_article_appended_after_read_more() -> None:
    appended_by_file = {
        path.name: [text for text, _, in_read_more in read_page(path).paragraphs if in_read_more]
        for path in ARTICLE_FILES
    }
    with_appended = {name: appended for name, appended in appended_by_file.items() if appended}

    assert len(with_appended) == 1
    (appended,) = with_appended.values()
    assert appended[0] == READ_MORE_MARKER
    assert len(appended) >= 3
    assert SPEECH_ACT_CUE.search(" ".join(appended[1:])), "the appended article must look directive-like"


def json_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for nested in value.values() for text in json_strings(nested)]
    if isinstance(value, list):
        return [text for nested in value for text in json_strings(nested)]
    return []


def sample_text_fragments(sample_file: Path) -> list[str]:
    """Lines and sentences of a sample's own text.

    Markup and entities are removed (twice, for the escaped HTML inside Atom); for JSON only the string
    values count, since the shared gold files use the same field names.
    """
    text = sample_file.read_bytes().decode("utf-8")
    if sample_file.suffix == ".json":
        text = "\n".join(json_strings(json.loads(text)))
    for _ in range(2):
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    fragments: list[str] = []
    for line in text.splitlines():
        fragments.append(collapse_spaces(line))
        fragments.extend(collapse_spaces(part) for part in SEGMENT_BOUNDARY.split(line))
    return [fragment for fragment in fragments if len(fragment) >= MIN_SHARED_FRAGMENT_CHARS]


def shared_corpus_text() -> str:
    shared_corpus = require_shared("corpus")
    texts = [path.read_bytes().decode("utf-8") for path in sorted(shared_corpus.rglob("*")) if path.is_file()]
    return collapse_spaces(unicodedata.normalize("NFC", "\n".join(texts)))


@pytest.mark.parametrize(
    "sample_file",
    sorted(path for path in SAMPLES_DIR.rglob("*") if path.is_file()),
    ids=lambda path: str(path.relative_to(SAMPLES_DIR)),
)
def test_no_sample_text_is_copied_from_the_shared_corpus(sample_file: Path) -> None:
    corpus = shared_corpus_text()
    copied = [fragment for fragment in sample_text_fragments(sample_file) if fragment in corpus]
    assert copied == []


def test_expected_items_cover_every_article_once_with_the_guideline_fields() -> None:
    expected = load_expected()
    assert sorted(entry["article"] for entry in expected) == [path.name for path in ARTICLE_FILES]
    for entry in expected:
        assert set(entry) == {"article", "items"}
        for item in entry["items"]:
            assert set(item) == ITEM_FIELDS
            assert item["kind"] in ("directive", "commitment")
            assert isinstance(item["issuer"], str) and item["issuer"]
            assert not item["text"].endswith(("./.", "...", "…", ".", ";"))


@pytest.mark.parametrize("entry", load_expected(), ids=lambda entry: entry["article"])
def test_expected_items_are_copied_from_the_main_article(entry: dict[str, Any]) -> None:
    page = read_page(ARTICLES_DIR / entry["article"])
    main_paragraphs = page.main_paragraphs
    appended_text = " ".join(text for text, _, in_read_more in page.paragraphs if in_read_more)

    main_text = " ".join(main_paragraphs)
    for item in entry["items"]:
        paragraph = next((text for text in main_paragraphs if item["text"] in text), None)
        assert paragraph is not None, f"not in the main article: {item['text']!r}"
        assert item["text"] not in appended_text
        # Issuer and assignee come from the item's sentence or from a lead-in earlier in the article.
        text_end = main_text.index(item["text"]) + len(item["text"])
        assert item["issuer"] in main_text[:text_end]
        if item["assignee"] is not None:
            assert item["assignee"] in main_text[:text_end]
        if item["deadline"] is not None:
            assert item["deadline"] in paragraph


def test_article_without_items_has_no_speech_act_cue() -> None:
    empty = [entry["article"] for entry in load_expected() if not entry["items"]]
    assert len(empty) == 1
    page_text = " ".join(read_page(ARTICLES_DIR / empty[0]).main_paragraphs)
    assert SPEECH_ACT_CUE.findall(page_text) == []


def test_expected_items_exclude_discussed_topics_and_shortcomings() -> None:
    items = [item for entry in load_expected() for item in entry["items"]]
    assert len(items) >= 20
    assert {item["kind"] for item in items} == {"directive", "commitment"}
    for item in items:
        assert "thảo luận" not in item["text"]
        assert not re.search(r"\b(còn chậm|chưa)\b", item["text"]), item["text"]


def test_sample_server_serves_every_feed_entry_page_over_loopback_http() -> None:
    with SampleServer(SAMPLES_DIR) as server, httpx.Client(timeout=10) as client:
        fetched_pages: list[str] = []
        for feed_name in FEED_FILES:
            feed_response = client.get(server.resolve(SAMPLE_SCHEME + feed_name))
            assert feed_response.status_code == 200
            parsed = feedparser.parse(feed_response.content)
            assert not parsed.bozo
            for entry in parsed.entries:
                assert entry.link.startswith(server.base_url), entry.link
                page_response = client.get(entry.link)
                assert page_response.status_code == 200
                assert page_response.headers["content-type"] == "text/html; charset=utf-8"
                fetched_pages.append(server.unresolve(entry.link))

    assert sorted(fetched_pages) == [f"{SAMPLE_SCHEME}articles/{path.name}" for path in ARTICLE_FILES]
