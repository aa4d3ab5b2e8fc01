"""Decoding markup bytes and getting plain text out of HTML.

Vietnamese portals still serve windows-1258 pages that declare UTF-8 (and the
reverse), so bytes are decoded by what they are, not by what they say:
:func:`decode_markup` tries strict UTF-8 first (valid UTF-8 is practically
never anything else), then scores the single-byte candidates by how
Vietnamese the result looks.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from html.parser import HTMLParser

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACK_SINGLE_BYTE: tuple[str, ...] = ("cp1258", "cp1252")
# The fetch_error of an article whose page did not load (timeout, HTTP 503): it keeps the summary, and the
# page is tried again on the next polls for a while (chidao.services.dedup.PAGE_RETRY_WINDOW).
PAGE_FETCH_FAILED = "page fetch failed: "

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Circumflex, breve, horn: â ê ô ă ơ ư.
_VOWEL_MODIFIERS = frozenset("\u0302\u0306\u031b")
_VOWELS = frozenset("aeiouyAEIOUY")
# Non-ASCII, non-letter characters that real Vietnamese text does use; other
# Latin-1 symbols (º, ¹, ¤ ...) are the debris of a wrong single-byte decoding.
_ORDINARY_SYMBOLS = frozenset("\u00a0«»°©®±·–—‘’“”…•€₫×")

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_CHARSET_PARAM_RE = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def charset_from_content_type(content_type: str | None) -> str | None:
    """``"text/xml; charset=UTF-8"`` -> ``"UTF-8"``; None when absent."""
    if not content_type:
        return None
    match = _CHARSET_PARAM_RE.search(content_type)
    return match.group(1) if match else None


def declared_charset(data: bytes) -> str | None:
    """Encoding the document itself declares (XML prolog or HTML ``<meta>``).

    ``b'<?xml version="1.0" encoding="windows-1258"?>'`` -> ``"windows-1258"``,
    ``b'<meta charset="utf-8">'`` -> ``"utf-8"``.  Only the first 2 KB are read.
    """
    head = data[:2048]
    for pattern in (_XML_ENCODING_RE, _META_CHARSET_RE):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii")
    return None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def plausible_vietnamese_word(word: str) -> bool:
    """Whether a word (letters and marks only) could be written Vietnamese.

    Checks what a wrong single-byte decoding breaks: no capital after a small
    letter ("tiÒnh"), marks only on vowels ("G\u0323"), at most one tone mark
    ("võìi"), the tone on the modified vowel when there is one ("viêòc" is
    wrong, "người" right), no letters foreign to Vietnamese ("ðiêòn").
    ``"Đồng"``, ``"khuyến"``, ``"hoà"``, ``"UBND"`` pass.
    """
    previous_lower = False
    for char in word:
        if char.isupper() and previous_lower:
            return False
        if char.isalpha():
            previous_lower = char.islower()
    tones = 0
    base: str | None = None
    base_modified = False
    any_modified = False
    tone_on_modified = False
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char):
            if base is None or base not in _VOWELS:
                return False
            if char in _TONE_MARKS:
                tones += 1
                tone_on_modified = base_modified
            elif char in _VOWEL_MODIFIERS:
                base_modified = any_modified = True
            else:
                return False
        else:
            if not (char.isascii() or char in "đĐ"):
                return False
            base, base_modified = char, False
    if tones > 1:
        return False
    return not (tones == 1 and any_modified and not tone_on_modified)


def _words(text: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalpha() or unicodedata.combining(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def vietnamese_text_score(text: str) -> int:
    """How much ``text`` looks like correctly decoded (Vietnamese) text.

    Per word with a non-ASCII letter: +1 when
    :func:`plausible_vietnamese_word`, else -3.  Per character: -5 for a
    control character or U+FFFD, -2 for Latin-1 debris symbols ("º", "¤")
    that real text does not use.
    """
    normalised = unicodedata.normalize("NFC", text)
    score = 0
    for word in _words(normalised):
        if not word.isascii():
            score += 1 if plausible_vietnamese_word(word) else -3
    for char in normalised:
        if char.isascii():
            continue
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cn"):
            score -= 5
        elif "\u0080" <= char <= "\u00bf" and char not in _ORDINARY_SYMBOLS:
            score -= 2
    return score


def decode_markup(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a feed or page to text; returns ``(text, codec name used)``.

    Order: a byte-order mark wins; then strict UTF-8; then UTF-8 with
    replacement when nearly all non-ASCII sequences are valid UTF-8 (a page
    with a few damaged bytes); then whichever of ``declared``, windows-1258
    and windows-1252 scores best on :func:`vietnamese_text_score` (ties go to
    the declared encoding).  Never raises: the last resort is windows-1252
    with replacement.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    valid_multibyte = sum(1 for char in lenient if not char.isascii() and char != "\ufffd")
    if valid_multibyte >= 10 * damaged:
        return lenient, "utf-8"
    candidates: list[str] = []
    for label in (declared, *_FALLBACK_SINGLE_BYTE):
        name = _codec_name(label)
        if name and name not in candidates and not name.startswith("utf"):
            candidates.append(name)
    best: tuple[int, str, str] | None = None
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = vietnamese_text_score(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is not None:
        return best[1], best[2]
    return data.decode("cp1252", errors="replace"), "cp1252"


_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "hr",
        "pre",
    }
)
# Below this, what trafilatura found is a menu or a caption, not an article
# (it falls back to any text at all, e.g. a lone "Trang chủ" link).
MIN_MAIN_TEXT_WORDS = 10

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.pieces.append(data)


def html_to_text(fragment: str, *, keep_paragraphs: bool = False) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, NFC,
    whitespace collapsed to single spaces; scripts and styles skipped.
    With ``keep_paragraphs`` block elements (p, div, li, br ...) become line
    breaks and empty lines are dropped.

    ``"<p>Chủ tịch&nbsp;UBND <b>yêu cầu</b></p><script>x()</script>"`` ->
    ``"Chủ tịch UBND yêu cầu"``; ``"<p>Một</p><p>Hai</p>"`` with
    ``keep_paragraphs`` -> ``"Một\\nHai"``.  Plain text passes through
    unchanged apart from whitespace.
    """
    if "<" not in fragment and "&" not in fragment:
        raw = fragment
    else:
        collector = _TextCollector()
        collector.feed(fragment)
        collector.close()
        raw = "".join(collector.pieces)
    normalised = unicodedata.normalize("NFC", raw)
    if not keep_paragraphs:
        return " ".join(normalised.split())
    lines = (" ".join(line.split()) for line in normalised.splitlines())
    return "\n".join(line for line in lines if line)


def _is_fragment(markup: str) -> bool:
    head = markup[:4096].lower()
    return "<html" not in head and "<body" not in head


def extract_main_text(html: str | bytes, *, url: str | None = None) -> str | None:
    """The article body of a page (trafilatura), NFC; None when nothing usable
    (no text, or fewer than :data:`MIN_MAIN_TEXT_WORDS` words).

    Comments, tables and link lists are left out.  Bytes are decoded with
    :func:`decode_markup`, honouring ``<meta charset>`` only when the bytes
    agree with it.  A fragment without ``<html>``/``<body>`` (a feed's
    ``content:encoded``) that trafilatura finds too short to call an article
    is taken whole, paragraph by paragraph: a one-paragraph news brief is
    still the article.
    """
    if isinstance(html, bytes):
        if not html.strip():
            return None
        text, _codec = decode_markup(html, declared=declared_charset(html))
    else:
        text = html
    if not text.strip():
        return None
    # Imported here: trafilatura pulls in lxml and justext, which the feed
    # parser (the other user of this module) does not need.
    import trafilatura

    # trafilatura logs two errors and a warning for every page it finds no article in: 30,000 lines for
    # a 10,000-entry feed of short entries (#15). chidao records that outcome itself (the page's fetch
    # error or the entry's summary), so only trafilatura's critical messages are kept.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    extracted = trafilatura.extract(
        text,
        url=url,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        # trafilatura's deduplication is a process-wide cache: text seen a few
        # times before (an edited article fetched again, a copy on another
        # portal, a retried page) would silently vanish in a long-running worker.
        deduplicate=False,
    )
    normalised = unicodedata.normalize("NFC", extracted).strip() if extracted else ""
    if len(normalised.split()) < MIN_MAIN_TEXT_WORDS and _is_fragment(text):
        normalised = html_to_text(text, keep_paragraphs=True)
    if len(normalised.split()) < MIN_MAIN_TEXT_WORDS:
        return None
    return normalised
