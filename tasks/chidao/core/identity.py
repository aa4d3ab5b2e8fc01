"""Stable identities for feed entries and articles.

Three tools, all pure:

* :func:`canonical_url` turns the many spellings of one address into one, so
  ``HTTPS://Baoxyz.vn:443/tin-a.html?utm_source=fb#top`` and
  ``https://baoxyz.vn/tin-a.html`` are the same entry;
* :func:`content_hash` detects that an entry's text changed;
* :func:`text_fingerprint` (64-bit SimHash) finds the same article republished
  by another portal with different debris around it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from; two URLs differing
# only in these name the same page.  ``zarsrc``/``gidzl`` are Zalo's, which
# Vietnamese portals see as often as Facebook's ``fbclid``.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "zarsrc",
        "gidzl",
        "spm",
    }
)
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_")

DEFAULT_PORTS: dict[str, int] = {"http": 80, "https": 443}

_MASK64 = (1 << 64) - 1
_SHINGLE_SYLLABLES = 3
MIN_BODY_LINE_SYLLABLES = 8


def _is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Return one spelling for all spellings of the same http(s) address.

    Scheme and host are lower-cased, the default port dropped, the fragment
    removed, tracking parameters (``utm_*``, ``fbclid``, ``gclid``, Zalo's
    ``zarsrc`` ...) removed and the remaining query sorted; an empty path
    becomes ``/``.  Path case and percent-escapes are kept: servers may treat
    them as different pages.

    Examples::

        "HTTPS://Example.VN:443/a?b=2&a=1&utm_source=x#frag" -> "https://example.vn/a?a=1&b=2"
        "http://example.vn" -> "http://example.vn/"

    Something that is not an absolute http(s) URL is returned stripped and
    otherwise unchanged (an identity must never raise).
    """
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
        port = parts.port
    except ValueError:
        return stripped
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return stripped
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    query_pairs = [
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking_param(name)
    ]
    query = urlencode(sorted(query_pairs), doseq=False)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _normalise_part(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(*parts: str) -> str:
    """SHA-256 hex digest of ``parts`` after NFC and whitespace collapsing.

    Parts are joined with a unit separator so ``("ab", "c")`` and
    ``("a", "bc")`` differ, while ``("Giao  ban\\n",)`` and ``("Giao ban",)``
    (re-wrapped text, NFD vs NFC tone marks) hash the same.
    """
    joined = "\x1f".join(_normalise_part(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def normalise_for_fingerprint(text: str) -> list[str]:
    """Syllables of ``text``: NFC, lower-cased, punctuation and symbols dropped.

    ``"Chủ tịch UBND tỉnh, yêu cầu: (Sở Xây dựng)!"`` ->
    ``["chủ", "tịch", "ubnd", "tỉnh", "yêu", "cầu", "sở", "xây", "dựng"]``.
    """
    normalised = unicodedata.normalize("NFC", text).lower()
    kept = [ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in normalised]
    return "".join(kept).split()


def _hash64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprint_syllables(text: str) -> list[str]:
    """The syllables a fingerprint is computed over.

    Lines of fewer than :data:`MIN_BODY_LINE_SYLLABLES` syllables (bylines,
    "Nguồn: ..." credits, captions, "Tin liên quan" headlines) are left out
    when the longer lines hold at least half of the text: they are what
    differs between two portals carrying the same article.
    """
    per_line = [normalise_for_fingerprint(line) for line in text.splitlines()]
    everything = [syllable for line in per_line for syllable in line]
    body = [syllable for line in per_line if len(line) >= MIN_BODY_LINE_SYLLABLES for syllable in line]
    return body if 2 * len(body) >= len(everything) else everything


def text_fingerprint(text: str) -> int:
    """64-bit SimHash (unsigned) over syllable 3-shingles of normalised text.

    Texts that share most of their shingles get fingerprints a few bits apart,
    so an article re-published with a different byline, "Tin liên quan" block
    or punctuation stays near its original (see :func:`fingerprint_syllables`).
    Text shorter than three syllables is one shingle; empty text has
    fingerprint 0.
    """
    syllables = fingerprint_syllables(text)
    if not syllables:
        return 0
    if len(syllables) < _SHINGLE_SYLLABLES:
        shingles = Counter([" ".join(syllables)])
    else:
        shingles = Counter(
            " ".join(syllables[i : i + _SHINGLE_SYLLABLES]) for i in range(len(syllables) - _SHINGLE_SYLLABLES + 1)
        )
    weights = [0] * 64
    for shingle, count in shingles.items():
        hashed = _hash64(shingle)
        for bit in range(64):
            weights[bit] += count if (hashed >> bit) & 1 else -count
    fingerprint = 0
    for bit, weight in enumerate(weights):
        if weight > 0:
            fingerprint |= 1 << bit
    return fingerprint


def fingerprint_distance(a: int, b: int) -> int:
    """Number of differing bits (Hamming distance) of two 64-bit fingerprints.

    Accepts signed or unsigned spellings: both are reduced to 64 bits.
    """
    return ((a ^ b) & _MASK64).bit_count()


def is_near_duplicate(a: int, b: int, max_distance: int = 3) -> bool:
    """True when two fingerprints differ in at most ``max_distance`` bits."""
    return fingerprint_distance(a, b) <= max_distance


def to_signed64(value: int) -> int:
    """Map an unsigned 64-bit fingerprint into a signed BIGINT column's range.

    ``to_signed64(2**64 - 1) == -1``; ``from_signed64`` reverses it.
    """
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed64(value: int) -> int:
    """Inverse of :func:`to_signed64`: ``from_signed64(-1) == 2**64 - 1``."""
    return value & _MASK64
