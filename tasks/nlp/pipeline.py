"""The spaCy pipeline: syllable tokenizer, sentence and clause segmentation, cue matching.

Built on ``spacy.blank("vi")`` without pyvi (too slow, and the blank tokenizer
without it only splits on spaces). Components are registered factories
configured from the lexicons, so the pipeline is rebuilt from ``config/`` alone:

* ``chidao_sentences`` ends sentences at ".", "!", "?", "…", "..." and "./."
  unless the dot belongs to an abbreviation ("TP.", "PGS.TS.", "v.v.") or an
  initial ("N.V.T."), or the next word does not start a sentence;
* ``chidao_clauses`` cuts sentences at semicolons into ``doc.spans["clauses"]``;
* ``chidao_cues`` marks every cue word of ``config/lexicons/cues.yaml`` in
  ``doc.spans["cues"]`` (label = the cue list's name).
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from tasks.nlp.lexicon import Lexicon

_TOKEN_RE = re.compile(r"\./\.|\.{3}|…|\d+(?:[.,/:-]\d+)+|\w+(?:['’]\w+)*|\S", re.UNICODE)
_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "./."})
_CLOSERS = frozenset({'"', "”", "’", ")", "»"})


class SyllableTokenizer:
    """Whitespace syllables with punctuation split off ("tỉnh," -> "tỉnh" ","); numbers stay whole."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN_RE.finditer(text):
            words.append(m.group(0))
            spaces.append(m.end() < len(text) and text[m.end()].isspace())
        return Doc(self.vocab, words=words, spaces=spaces)


class SentenceSegmenter:
    """Sets ``is_sent_start`` for Vietnamese news prose.

    "Chiều 27/5, UBND tỉnh ... Hội nghị. Cùng dự có ..." -> two sentences;
    "TP. Rạch Giá", "PGS.TS. Nguyễn Văn A", "anh H.V.S. (24 tuổi)" -> no break at the dots.
    """

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations

    def _is_abbreviation(self, doc: Doc, i: int) -> bool:
        if doc[i].text != "." or i == 0:
            return False
        prev = doc[i - 1]
        if doc[i - 1].whitespace_:
            return False
        word = prev.text + "."
        if word in self.abbreviations:
            return True
        # an initial: one capital letter glued to the dot ("N.V.T.", "Y.M.")
        return len(prev.text) == 1 and prev.text.isupper()

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        doc[0].is_sent_start = True
        for i in range(1, len(doc)):
            doc[i].is_sent_start = False
        i = 0
        while i < len(doc) - 1:
            tok = doc[i]
            if tok.text in _SENTENCE_END and not self._is_abbreviation(doc, i):
                j = i + 1
                while j < len(doc) and doc[j].text in _CLOSERS:
                    j += 1
                if j < len(doc):
                    nxt = doc[j].text
                    if nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in '“"(-–':
                        doc[j].is_sent_start = True
                i = j
                continue
            i += 1
        return doc


class ClauseSegmenter:
    """Splits each sentence at semicolons: "A; B; C." -> clauses "A", "B", "C." (commas never split)."""

    def __call__(self, doc: Doc) -> Doc:
        clauses: list[Span] = []
        for sent in doc.sents:
            start = sent.start
            for tok in sent:
                if tok.text == ";":
                    if tok.i > start:
                        clauses.append(doc[start : tok.i])
                    start = tok.i + 1
            if start < sent.end:
                clauses.append(doc[start : sent.end])
        doc.spans["clauses"] = clauses
        return doc


class CueMatcher:
    """Marks cue words in ``doc.spans["cues"]``.

    "Chủ tịch UBND tỉnh yêu cầu các sở ..." -> ("titles", "Chủ tịch"), ("speech_acts", "yêu cầu").
    """

    def __init__(self, nlp: Language, cues: dict[str, tuple[str, ...]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in cues.items():
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=label) for label, start, end in self.matcher(doc)]
        doc.spans["cues"] = spans
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


def build_pipeline(lexicon: Lexicon) -> Language:
    """A blank Vietnamese pipeline with the chidao components, configured from ``lexicon``."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    nlp.add_pipe("chidao_sentences", config={"abbreviations": sorted(lexicon.abbreviations)})
    nlp.add_pipe("chidao_clauses")
    cue_config: dict[str, Any] = {"cues": {label: list(words) for label, words in lexicon.cues.items()}}
    nlp.add_pipe("chidao_cues", config=cue_config)
    return nlp
