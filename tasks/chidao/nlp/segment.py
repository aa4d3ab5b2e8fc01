"""Segmentation below the sentence: list entries and segments, as a registered spaCy component.

``chidao_segments`` cuts every sentence into ``doc.spans["segments"]`` at semicolons, colons and
inline list markers ("(1)", "2)", "b)"), and drops the markers themselves, so that a lead-in with an
inline task list "... yêu cầu các xã: (1) rà soát ...; (2) báo cáo ..." gives the segments
"... yêu cầu các xã", "rà soát ...", "báo cáo ...". A segment's label says what ended it: ``colon``
(a lead-in to what follows), ``semicolon``, ``marker`` or ``end``. ``doc.user_data["entry"]`` is
True when the paragraph itself opens with a list marker ("- ", "+ ", "1. ", "a) ").

Only punctuation and digits are read here; no word of any language.
"""

from __future__ import annotations

import bisect
import itertools
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

_BULLETS = frozenset({"-", "+", "•", "–", "*", "—"})
# "1", "12", "b" (any single letter), "IV"
_NUMBER = re.compile(r"^(?:\d{1,2}|[^\W\d_]|[IVX]{1,4})$")
_BREAKS = {";": "semicolon", ":": "colon"}
# tokens that may end a segment or open an inline marker (a marker may also end at the next token's ")")
_STOPS = frozenset({*_BREAKS, "("})
# "2)" is a marker only after punctuation: "... ; 2) báo cáo", never in "(Quân khu 5)".
_BEFORE_BARE_MARKER = frozenset({";", ",", ":", "."})


def _inline_marker(words: list[str], i: int) -> int:
    """Length of an inline list marker at ``i`` ("(1)" -> 3, "2)" -> 2), else 0."""
    if words[i] == "(" and i + 2 < len(words) and words[i + 2] == ")" and _NUMBER.match(words[i + 1]):
        return 3
    if (
        i + 1 < len(words)
        and words[i + 1] == ")"
        and _NUMBER.match(words[i])
        and (i == 0 or words[i - 1] in _BEFORE_BARE_MARKER)
        and len(words[i]) <= 2
    ):
        return 2
    return 0


def leading_marker_length(words: list[str], start: int, end: int) -> int:
    """Tokens of a list marker opening ``words[start:end]`` ("- ", "1.", "a)", "(2)")."""
    if start >= end:
        return 0
    if words[start] in _BULLETS:
        return 1
    inline = _inline_marker(words, start)
    if inline:
        return inline
    if start + 1 < end and _NUMBER.match(words[start]) and words[start + 1] in {".", ")"}:
        return 2
    return 0


def in_parentheses(words: list[str], start: int, end: int) -> set[int]:
    """Token indexes inside a closed "( ... )": a semicolon there separates items of an aside
    ("(từ vĩ tuyến 15 đến 18; từ kinh tuyến 110 đến 114)"), not segments. An unclosed "(" (a text cut off)
    hides nothing."""
    inside: set[int] = set()
    opened: int | None = None
    for i in range(start, end):
        if words[i] == "(" and not _inline_marker(words, i):
            opened = i
        elif words[i] == ")" and opened is not None:
            inside.update(range(opened + 1, i))
            opened = None
    return inside


class SegmentSplitter:
    """Fills ``doc.spans["segments"]``: sentence parts between ";", ":" and inline list markers."""

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data.get("words") or [t.text for t in doc]
        starts = doc.user_data.get("sent_starts") or [s.start for s in doc.sents]
        # Only these tokens can end a segment or start an inline marker ("(1)", "2)"): the splitter jumps from
        # one to the next instead of testing every token.
        after = [*words[1:], ""]  # the token after each one ("" after the last)
        stops = [i for i, (w, nxt) in enumerate(zip(words, after, strict=False)) if w in _STOPS or nxt == ")"]
        segments: list[Span] = []
        for s_start, s_end in itertools.pairwise([*starts, len(doc)]):
            segments.extend(self._split(doc, words, stops, s_start, s_end))
        doc.spans["segments"] = segments
        doc.user_data["entry"] = bool(words) and leading_marker_length(words, 0, len(words)) > 0
        return doc

    @staticmethod
    def _split(doc: Doc, words: list[str], stops: list[int], s_start: int, s_end: int) -> list[Span]:
        out: list[Span] = []
        start = s_start + leading_marker_length(words, s_start, s_end)
        inside = in_parentheses(words, start, s_end) if "(" in words[start:s_end] else set()
        i = start
        k = bisect.bisect_left(stops, i)
        while True:
            k = bisect.bisect_left(stops, i, k)
            if k == len(stops) or stops[k] >= s_end:
                break
            i = stops[k]
            brk = None if i in inside else _BREAKS.get(words[i])
            marker = _inline_marker(words, i) if brk is None and i > s_start else 0
            if brk is None and not marker:
                i += 1
                continue
            if i > start:
                out.append(Span(doc, start, i, label=brk or "marker"))
            i += marker or 1
            start = i + leading_marker_length(words, i, s_end) if brk else i
            i = start
        if start < s_end:
            out.append(Span(doc, start, s_end, label="end"))
        return out


@Language.factory("chidao_segments")
def make_segment_splitter(nlp: Language, name: str) -> SegmentSplitter:
    return SegmentSplitter()
