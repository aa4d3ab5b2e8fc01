"""The spaCy pipeline: syllable tokenizer, sentence and clause segmentation, cue matching.

Built on ``spacy.blank("vi")`` without pyvi (too slow, and the blank tokenizer
without it only splits on spaces). Components are registered factories
configured from the lexicons, so the pipeline is rebuilt from ``config/`` alone:

* ``chidao_sentences`` ends sentences at ".", "!", "?", "…", "..." and "./."
  unless the dot belongs to an abbreviation ("TP.", "PGS.TS.", "v.v.") or an
  initial ("N.V.T."), or the next word does not start a sentence;
* ``chidao_clauses`` cuts sentences at semicolons into ``doc.spans["clauses"]``;
* ``chidao_cues`` marks every cue word of ``config/lexicons/cues.yaml`` in ``doc.user_data["cues"]``:
  ``(start, end, label, start_char, end_char, text)`` per match (label = the cue list's name);
* ``chidao_marks`` matches every phrase of the pattern rules (``config/patterns/discourse.yaml``) and
  keeps ``(label, rule id, start, end)`` per match in ``doc.user_data["marks"]``.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab
from thinc.types import Ints2d

from chidao.nlp import segment as _segment  # also registers chidao_segments
from chidao.nlp.lexicon import PATTERN_ONLY_CUE_LISTS, Lexicon
from chidao.nlp.patterns import PatternRule

# A cue word in the doc: token start and end, the cue list's name, character offsets in doc.text, the words.
Cue = tuple[int, int, str, int, int, str]

_TOKEN_RE = re.compile(r"\./\.|\.{3}|…|\d+(?:[.,/:-]\d+)+|\w+(?:['’]\w+)*|\S", re.UNICODE)
# The same tokens as a group: re.split keeps them between the whitespace around them.
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})", re.UNICODE)
_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "./."})
_CLOSERS = frozenset({'"', "”", "’", ")", "»"})
# -1 as from_array reads it, "not a sentence start", written in the array's own type (no int32 copy to convert)
_NOT_A_START = numpy.uint64(2**64 - 1)


class SyllableTokenizer:
    """Whitespace syllables with punctuation split off ("tỉnh," -> "tỉnh" ","); numbers stay whole."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        # Each word's string-store key, for the words seen so far (as many as the vocabulary's lexemes).
        self._orths: dict[str, int] = {}

    def _orth_ids(self, words: list[str]) -> list[int]:
        """The words' string-store keys. Doc() looks a word given as a string up through the string store (a
        hash and a call per token, most of the Doc's making); a key goes straight to the same lexeme."""
        get = self._orths.get
        found = [get(w) for w in words]
        if None in found:
            add = self.vocab.strings.add
            found = [self._orths.setdefault(w, add(w)) if o is None else o for w, o in zip(words, found, strict=True)]
        return cast(list[int], found)

    def __call__(self, text: str) -> Doc:
        # [gap, token, gap, token, ..., gap]: every character that is not whitespace is in a token, so the gaps
        # are whitespace ("" between glued tokens). One split and C-level list work instead of a match object
        # and three Python-level reads per token (a third of the tokenizer's time).
        parts = _SPLIT_RE.split(text)
        words = parts[1::2]
        gaps = parts[2::2]
        spaces = list(map(bool, gaps))
        # Offsets into the text given: the Doc's own text has one space where the input had several.
        starts = list(itertools.accumulate(map(len, parts)))[0:-1:2]
        # Doc() takes string-store keys as well as strings (its stub names strings only)
        doc = Doc(self.vocab, words=cast(list[str], self._orth_ids(words)), spaces=spaces)
        # Later components read these plain lists instead of creating a Token object per access.
        doc.user_data["words"] = words
        doc.user_data["spaces"] = spaces
        doc.user_data["starts"] = starts
        if not parts[0] and set(gaps) <= {"", " "}:
            # no gap but single plain spaces: the Doc's text is the input, and its offsets are the input's
            doc.user_data["text"], doc.user_data["offsets"] = text, starts
        return doc


def doc_text(doc: Doc) -> tuple[str, list[int]]:
    """``doc.text`` and each token's offset in it, from the plain lists (``doc.text`` reads every token
    through a Token object)."""
    text, offsets = doc.user_data.get("text"), doc.user_data.get("offsets")
    if text is None or offsets is None:
        words = doc.user_data.get("words") or [t.text for t in doc]
        spaces = doc.user_data.get("spaces") or [bool(t.whitespace_) for t in doc]
        with_ws = [w + " " if sp else w for w, sp in zip(words, spaces, strict=True)]
        text, offsets = "".join(with_ws), list(itertools.accumulate(map(len, with_ws), initial=0))[:-1]
        doc.user_data["text"], doc.user_data["offsets"] = text, offsets
    return text, offsets


class SentenceSegmenter:
    """Sets ``is_sent_start`` for Vietnamese news prose.

    "Chiều 27/5, UBND tỉnh ... Hội nghị. Cùng dự có ..." -> two sentences;
    "TP. Rạch Giá", "PGS.TS. Nguyễn Văn A", "anh H.V.S. (24 tuổi)" -> no break at the dots.
    """

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations

    def _is_abbreviation(self, words: list[str], spaces: list[bool], i: int) -> bool:
        if words[i] != "." or i == 0 or spaces[i - 1]:
            return False
        prev = words[i - 1]
        if prev + "." in self.abbreviations:
            return True
        # an initial: one capital letter glued to the dot ("N.V.T.", "Y.M.")
        return len(prev) == 1 and prev.isupper()

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # Work on plain lists: token attribute access through the Doc is the slow part.
        words = doc.user_data.get("words") or [t.text for t in doc]
        spaces = doc.user_data.get("spaces") or [bool(t.whitespace_) for t in doc]
        starts = [0]
        i = 0
        # Only a sentence-end token can end a sentence: the walk jumps from one to the next.
        for end in [k for k, w in enumerate(words) if w in _SENTENCE_END]:
            if end < i:
                continue  # inside the closers after the sentence end before
            if end >= n - 1:
                break
            if self._is_abbreviation(words, spaces, end):
                continue
            j = end + 1
            while j < n and words[j] in _CLOSERS:
                j += 1
            if j < n:
                first = words[j][:1]
                if first.isupper() or first.isdigit() or first in '“"(-–':
                    starts.append(j)
            i = j
        # One array write instead of a per-token setter (each setter re-checks the doc's annotations).
        flags = numpy.full((n, 1), _NOT_A_START, dtype="uint64")
        flags[starts, 0] = 1
        doc.from_array([SENT_START], cast(Ints2d, flags))
        doc.user_data["sent_starts"] = starts
        return doc


class ClauseSegmenter:
    """Splits each sentence at semicolons: "A; B; C." -> clauses "A", "B", "C." (commas never split)."""

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data.get("words") or [t.text for t in doc]
        starts = doc.user_data.get("sent_starts") or [sent.start for sent in doc.sents]
        bounds = [*starts, len(doc)]
        clauses: list[Span] = []
        # the semicolons' places, found once (most paragraphs have none) instead of a test per token and sentence
        semicolons = [i for i, w in enumerate(words) if w == ";"] if ";" in words else []
        k = 0
        for s_start, s_end in itertools.pairwise(bounds):
            start = s_start
            # "(số điện thoại ...; số fax ...)": a semicolon inside an aside separates no clauses
            aside = _segment.in_parentheses(words, s_start, s_end) if "(" in words[s_start:s_end] else set()
            while k < len(semicolons) and semicolons[k] < s_end:
                i = semicolons[k]
                k += 1
                if i in aside:
                    continue
                if i > start:
                    clauses.append(doc[start:i])
                start = i + 1
            if start < s_end:
                clauses.append(doc[start:s_end])
        doc.spans["clauses"] = clauses
        return doc


# Cue lists whose capitalised word after another word is part of a name ("Sở Xây dựng", "thành phố Cần Thơ").
_NAME_PART_CUES = frozenset({"action_heads", "modals", "obligation_modals"})


def _inside_a_name(text: str, at: int) -> bool:
    """A capitalised word right after another word ("Sở Xây dựng", "Sở Nông nghiệp và Phát triển nông thôn") is
    part of a name, not a verb: a verb is capitalised only where a sentence, an entry or a quotation opens."""
    if not text[at : at + 1].isupper():
        return False
    before = text[max(0, at - 8) : at]
    if before.endswith("."):
        # "TP.Cần Thơ": a place glued to an abbreviation ("TP", "Tp", "TX") and its dot
        return is_abbreviation_word(before[:-1].rsplit(None, 1)[-1] if before[:-1].strip() else "")
    return before[-1:].isspace() and before.rstrip()[-1:].isalnum()


def is_abbreviation_word(word: str) -> bool:
    """The letters of an abbreviation before its dot: "TP", "Tp", "TX" (a name follows: "TP.Cần Thơ")."""
    return 0 < len(word) <= 3 and word.isalpha() and word[0].isupper()


class CueMatcher:
    """Marks cue words in ``doc.user_data["cues"]`` as ``(start, end, label, start_char, end_char, text)``.

    "Chủ tịch huyện đề nghị các phòng ..." -> ("titles", "Chủ tịch"), ("speech_acts", "yêu cầu").
    """

    def __init__(self, nlp: Language, cues: dict[str, tuple[str, ...]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in cues.items():
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])
        # the cue lists' names by their string-store keys: a store lookup decodes a new string per match
        self._labels = {nlp.vocab.strings.add(label): label for label in cues}

    def __call__(self, doc: Doc) -> Doc:
        # Plain tuples, not a Span per match: Span objects were most of the cost of cue matching. The words are
        # sliced from the doc's text (building them from the token lists was half of this component's time).
        words = doc.user_data.get("words") or [t.text for t in doc]
        text, offsets = doc_text(doc)
        labels = self._labels
        cues: list[Cue] = []
        for label, start, end in self.matcher(doc):
            first, last = offsets[start], offsets[end - 1] + len(words[end - 1])
            if labels[label] in _NAME_PART_CUES and _inside_a_name(text, first):
                continue
            cues.append((start, end, labels[label], first, last, text[first:last]))
        cues.sort(key=lambda cue: cue[0])  # by start: readers slice a sentence's cues by bisection
        doc.user_data["cues"] = cues
        return doc


class MarkRuler:
    """Marks the phrases of the pattern rules: ``doc.user_data["marks"]`` holds ``(label, rule id, start, end)``.

    spaCy's ``SpanRuler`` does the same matching but builds a ``Span`` per match and enters a warnings
    context per doc; the discourse component reads only labels, ids and token offsets, and Span objects
    were a third of the time of marking. The order is the SpanRuler's (start, end, label, id by their
    string-store hashes), so replacing it changed no decision.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._keys: dict[int, tuple[int, int, str, str]] = {}

    def add_rules(self, rules: tuple[PatternRule, ...]) -> None:
        strings = self.nlp.vocab.strings
        for rule in rules:
            key = strings.add(repr((rule.label, rule.id)))
            self._keys[key] = (strings.add(rule.label), strings.add(rule.id), rule.label, rule.id)
            self.matcher.add(str(strings[key]), [self.nlp.make_doc(p) for p in rule.phrases])

    def __call__(self, doc: Doc) -> Doc:
        found = {(start, end, *self._keys[key]) for key, start, end in self.matcher(doc) if start != end}
        doc.user_data["marks"] = [(label, rule, start, end) for start, end, _, _, label, rule in sorted(found)]
        return doc


@Language.factory("chidao_sentences", default_config={"abbreviations": []})
def make_sentence_segmenter(nlp: Language, name: str, abbreviations: list[str]) -> SentenceSegmenter:
    return SentenceSegmenter(frozenset(abbreviations))


@Language.factory("chidao_clauses")
def make_clause_segmenter(nlp: Language, name: str) -> ClauseSegmenter:
    return ClauseSegmenter()


@Language.factory("chidao_cues", default_config={"cues": {}})
def make_cue_matcher(nlp: Language, name: str, cues: dict[str, list[str]]) -> CueMatcher:
    return CueMatcher(nlp, {label: tuple(words) for label, words in cues.items()})


@Language.factory("chidao_marks")
def make_mark_ruler(nlp: Language, name: str) -> MarkRuler:
    return MarkRuler(nlp)


def build_pipeline(lexicon: Lexicon, rules: tuple[PatternRule, ...] = ()) -> Language:
    """A blank Vietnamese pipeline with the chidao components, configured from ``lexicon`` and ``rules``."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    nlp.add_pipe("chidao_sentences", config={"abbreviations": sorted(lexicon.abbreviations)})
    nlp.add_pipe("chidao_clauses")
    cue_config: dict[str, Any] = {
        "cues": {label: list(words) for label, words in lexicon.cues.items() if label not in PATTERN_ONLY_CUE_LISTS}
    }
    nlp.add_pipe("chidao_cues", config=cue_config)
    nlp.add_pipe("chidao_segments")
    cast(MarkRuler, nlp.add_pipe("chidao_marks")).add_rules(rules)
    return nlp
