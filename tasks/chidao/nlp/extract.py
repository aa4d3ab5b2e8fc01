"""Directive extraction: from a cleaned article to follow-up items with issuer, assignee and deadline.

The extractor reads the article paragraph by paragraph, sentence by sentence and
clause by clause (clauses end at semicolons), keeping track of who speaks and to
whom. A clause becomes an item when

* a speaker hands out work with a speech act: "Giám đốc Sở đề nghị các phòng,
  đơn vị khẩn trương ..." (issuer = speaker, assignee = the addressee, text
  from the action on);
* it continues a speech or a numbered task list: "Rà soát lại hồ sơ đất đai
  ...", "Sở Tài chính cân đối ..." (the subject, if any, becomes the assignee);
* a speaker commits his body with "sẽ": "Thuế tỉnh sẽ rà soát ..." (commitment);
* bodies agree on joint work: "UBND tỉnh và Hiệp hội ... thống nhất duy trì ...".

An addressee ends where its task begins even when the task's verb is not in the
lexicon: at a modal ("lưu ý cán bộ thôn phải ..."), a negation, a word that closes
a noun phrase ("các đơn vị trực thuộc ..."), the full name of a known body ("giao
Sở Tư pháp kiểm kê ..."), or the end of a generic body phrase ("UBND các huyện, thị
xã rà lại ..."); commas never start an item. A sentence that reports a leader's
instructions ("X đã có ý kiến chỉ đạo.") makes X the speaker of what follows; a
pronoun ("ông", "đồng chí") goes on with the speaker who just spoke, else the
person named last. Delegates' and voters' sentences, wishes ("mong"), passive
futures ("sẽ bị") and a meeting's own acts ("Hội nghị cũng thông qua ...") are
not items.

A named person who speaks or acts becomes the speaker; an unnamed representative ("Đại diện Công ty A cho biết,
công ty sẽ ...") speaks for his body; a person introduced by residence ("bà X, thôn Y") is a citizen. Promises
are found wherever a body is the subject of "sẽ"/"cam kết": after a reporting verb, inside a quotation, after a
statement ("... và khẳng định huyện sẽ ..."). A document speaks for its signer ("Theo kế hoạch, ..."), and so
does an inspection's "kiến nghị". Targets ("phấn đấu") are items, and a plan's horizon ("đặt mục tiêu đến năm
2030, toàn tỉnh phấn đấu ...") dates them.

Reports of what was done ("đã triển khai"), shortcomings, purpose clauses,
headlines and captions are not items. ``explain`` tells for every sentence why
it was or was not taken.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from chidao.config.sentence_reader import compile_patterns, word_lists
from chidao.core.models import CleanedArticle, Directive, ItemKind
from chidao.core.text import normalize_text
from chidao.nlp.deadline import find_deadline, normalize_deadline
from chidao.nlp.discourse import MAX_SUBJECT, Discourse, Scope, Task
from chidao.nlp.lexicon import Lexicon, lexicon_from_bundle
from chidao.nlp.patterns import pattern_rules_from_bundle
from chidao.nlp.pipeline import build_pipeline

if TYPE_CHECKING:
    from chidao.config import ConfigBundle

# The lookbehind starts a match only at the first character of a run of spaces and stops, so a long
# run costs one pass (without it every position of the run started a new scan: quadratic, #15).
# Each unit has one way to match ("..." is three "."), and possessive repeats never give back:
# linear on a run of dots too, where the old "\.\.\.|[.]" alternation backtracked without end.
_TRIM_END = re.compile(r"(?<![\s.;:,…])(?:\s*+(?:\./\.|[.;:,…]))++\s*+$")
_UNPAIRED_CLOSE = re.compile(r"(?<![\s.;:,…”\"])(?:\s*+(?:\./\.|[.;:,…”\"]))++\s*+$")
_TRIM_START = re.compile(r"^[\s,:;.\-–“\"]+")
_SENTENCE_PUNCT = (".", ":", ";", "…", "!", "?", "”", '"', ")")
_BLOCK_CLOSED = 99
_BLOCK_MAX_GAP = 1
_SPEECH_MAX_GAP = 1
# A Vietnamese personal name has two to four syllables ("Lê An", "Nguyễn Thị Minh Khai").
MAX_NAME_SYLLABLES = 4
_WORD = re.compile(r"[^\s,.;:!?()“”\"]+")
# What closes a segment and is no part of an item's text.
_TRAILING_STOPS = " \t\n.;:!?…"
# Share of the shorter addressee's words that the other must hold for a lead's task to repeat the body's.
_SAME_ADDRESSEE_SHARE = 0.6
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


# Where a sentence starts: after a stop or a line break (with the spaces after it).
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|\n\s*)")
# How far into a sentence an issuing body's name may run.
_BODY_SPAN = 60


@dataclass(frozen=True)
class SentenceExplanation:
    """Why one sentence gave items or not (for ``chidao explain`` and debugging rules)."""

    sentence: str
    start: int
    taken: bool
    speaker: str | None
    cues: tuple[str, ...]
    negatives: tuple[str, ...]
    reason: str
    # ids of the pattern rules (config/patterns) and discourse decisions that fired in the sentence
    rules: tuple[str, ...] = ()


class _Cue(NamedTuple):
    """A cue word of a clause (a named tuple: one per cue per clause read, see ``Mark``)."""

    label: str
    start: int  # absolute offsets into the article text
    end: int
    text: str


@dataclass(frozen=True)
class _Person:
    name: str
    start: int
    context: str


@dataclass
class _State:
    speaker: str | None = None
    speaker_context: str = ""
    addressee: str | None = None
    in_speech: bool = False
    list_mode: bool = False
    list_addressee: str | None = None
    kind: ItemKind = "directive"
    pending_addressee: str | None = None
    # Sentences since the last directive item; an instruction block (Chỉ thị, công điện, a leader's
    # conclusions) goes on with subject-first sentences while this stays small.
    block_gap: int = _BLOCK_CLOSED
    # Sentences since the speaker last spoke; "Sở sẽ ..." is the speaker's promise only right after.
    speech_gap: int = _BLOCK_CLOSED


@dataclass
class _Item:
    start: int
    end: int
    kind: ItemKind
    issuer: str | None
    assignee: str | None
    deadline: str | None
    cues: tuple[str, ...]
    confidence: float


@dataclass
class _SentenceResult:
    items: list[_Item] = field(default_factory=list)
    lead_in: bool = False
    list_intro: bool = False
    reason: str = ""
    negatives: list[str] = field(default_factory=list)


def rule_ids(item: Directive) -> tuple[str, ...]:
    """Ids of the rules that gave ``item``: the discourse component's ``decide.*`` ids, or ``sentence.<kind>``
    for the sentence rules (their cues read ``kind:word`` or ``kind+word``)."""
    decided = tuple(c for c in item.cues if c.startswith("decide."))
    kinds = (re.split(r"[:+]", c, maxsplit=1)[0].strip().replace(" ", "_") for c in item.cues)
    return decided or tuple(dict.fromkeys("sentence." + kind for kind in kinds))


_TITLE_WORDS = 4  # words of a title compared when checking that a name was introduced with it
_INTRODUCTION_GAP = 40  # characters between a title and the name it introduces ("Chủ tịch UBND tỉnh Lê Văn A")


def _introduced_with(text: str, name: str, title: str) -> bool:
    """True when ``name`` stands next to ``title`` somewhere: "Title ... Name" or "Name - Title"."""
    low, title_low = text.lower(), title.strip().lower()
    for m in re.finditer(re.escape(name), text):
        before = low[max(0, m.start() - len(title_low) - _INTRODUCTION_GAP) : m.start()]
        after = low[m.end() : m.end() + len(title_low) + _INTRODUCTION_GAP + 10].split(". ")[0]
        if title_low in before or title_low in after:
            return True
    return False


def _with_rules(
    explanations: list[SentenceExplanation], trace: list[tuple[int, int, tuple[str, ...]]], added: list[_Item]
) -> list[SentenceExplanation]:
    """Explanations with the rule ids the discourse component fired; a sentence it added items to is taken."""
    out: list[SentenceExplanation] = []
    for exp in explanations:
        end = exp.start + len(exp.sentence)
        rules = tuple(dict.fromkeys(r for s, e, ids in trace if s < end and exp.start < e for r in ids))
        gained = [i for i in added if exp.start <= i.start < end]
        if gained and not exp.taken:
            reason = "discourse: " + ", ".join(dict.fromkeys(c for i in gained for c in i.cues))
            exp = replace(exp, taken=True, reason=reason)
        out.append(replace(exp, rules=rules))
    return out


def _within_length(body: Iterable[tuple[int, int, str]], limit: int) -> Iterator[tuple[int, int, str]]:
    """Paragraphs as (index, start, text), a paragraph longer than spaCy's ``limit`` (1,000,000 characters)
    cut after the last ". " (else the last space) before the limit, so a huge paragraph is read in parts
    instead of failing the article (#15). Offsets stay offsets into the article text."""
    for index, start, para in body:
        while len(para) > limit:
            cut = para.rfind(". ", 0, limit) + 1 or para.rfind(" ", 0, limit) + 1 or limit
            yield index, start, para[:cut]
            start, para = start + cut, para[cut:]
        yield index, start, para


@dataclass(frozen=True)
class _Paragraph:
    """One body paragraph as the reader sees it: where it starts in the article, its text and parse."""

    start: int
    text: str
    doc: Doc
    is_caption: bool
    is_list: bool


@dataclass(frozen=True)
class _ReaderContext:
    """What the sentences of a paragraph are read with, the same for every sentence while it is read: the
    article text, the paragraph, the persons the article names and the signer of its documents so far. The
    running speaker, addressee and speech are the ``_State`` the reader changes."""

    text: str
    paragraph: _Paragraph
    persons: list[_Person]
    signer: str | None
    explain: bool = True  # explain() keeps a sentence's explanation; extract() has no use for it


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-blank lines of ``text`` as (start, line)."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]


def _title_index(paragraphs: list[tuple[int, str]], title: str | None) -> int:
    """Index of the paragraph that repeats the article's title (-1 when none does): the body starts after it."""
    if title:
        for idx, (_, para) in enumerate(paragraphs):
            if para.strip() == title.strip():
                return idx
    return -1


# A last paragraph without a stop is a scraper's cut, not a caption, from this many words on (captions and
# bylines are shorter: "Quang cảnh hội nghị", "Phó Chủ tịch UBND tỉnh phát biểu tại buổi làm việc").
_CUT_OFF_WORDS = 15


# How much of a long text before a place an end-anchored pattern needs to see (its longest match is shorter).
_END_WINDOW = 80


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text)`` for a pattern anchored at the end ("...\\s*$"), reading only the text's tail:
    these run on everything before a name or a verb, and scanning the whole paragraph each time made name
    finding quadratic. A match found at the cut itself (where "^" or "\\b" would see a false start) is
    checked on the whole text, so the answer is always the full search's."""
    if len(text) <= 2 * _END_WINDOW:
        return bool(pattern.search(text))
    start = len(text.rstrip()) - _END_WINDOW
    found = pattern.search(text, start)
    if found is not None and found.start() == start:
        return bool(pattern.search(text))
    return found is not None


def _is_caption(para: str, title: str | None, *, cut_off: bool = False) -> bool:
    """Captions and bylines are short lines without a closing stop; a long paragraph that lost its final period
    to the scraper is still body text. A repeated title is no body text either.

    ``cut_off``: the paragraph is where the text ends, so a missing stop may be the scraper's cut ("... di dời
    đến nơi an to"); from ``_CUT_OFF_WORDS`` words on it is body text (GUIDELINE: a cut-off text counts).
    """
    stripped = para.strip()
    limit = _CUT_OFF_WORDS if cut_off else 40
    # counted only without a closing stop, and only up to the limit: splitting every whole paragraph into its
    # words was most of this test
    # "(Ảnh minh họa. Nguồn: Internet)": a short line wholly in parentheses is a photo's note, whatever ends it
    bracketed = stripped.startswith("(") and stripped.endswith(")")
    unstopped = bracketed or not stripped.endswith(_SENTENCE_PUNCT)
    short = unstopped and len(stripped.split(maxsplit=limit - 1)) < limit
    return short or (title is not None and stripped == title.strip())


_NUMBERED_REFERENCE = re.compile(r"\s*+\([^()]*?\d/[^()]*+\)\s*+$")


def _headline_with_number(text: str, item: _Item, title: str | None) -> bool:
    """A portal's first line that restates the headline and adds the document's number ("UBND tỉnh chỉ đạo tăng
    cường ... (Công văn số 631/UBND-KT, ngày 13/5/2024)"): the headline, not an item; the body's tasks are."""
    reference = _NUMBERED_REFERENCE.search(text, item.start, item.end)
    if not title or reference is None:
        return False
    words = _WORD.findall(text[item.start : reference.start()].lower())
    return bool(words) and set(words) <= set(_WORD.findall(title.lower()))


def _without_repeats(text: str, items: list[_Item]) -> list[_Item]:
    """A lead paragraph (sapo) that repeats a task the body gives later is like a headline: the body's sentence
    is the item (GUIDELINE). An earlier item whose words all recur in a later item of another paragraph, for
    the same addressee, is dropped; a lead that says more than the body keeps its item."""
    words = [frozenset(_WORD.findall(text[item.start : item.end].lower())) for item in items]
    kept: list[_Item] = []
    for index, item in enumerate(items):
        repeated = any(
            _same_addressee(later.assignee, item.assignee)
            and words[index] <= words[other]
            and "\n" in text[item.end : later.start]
            for other, later in enumerate(items[index + 1 :], start=index + 1)
        )
        if not repeated:
            kept.append(item)
    return kept


def _same_addressee(first: str | None, second: str | None) -> bool:
    """The lead names its addressee more loosely than the body ("lãnh đạo sở, ngành, địa phương" / "các sở,
    ngành địa phương"): two addressees are the same when most words of the shorter one are in the other."""
    if first == second:
        return True
    if not first or not second:
        return False
    a, b = (frozenset(_WORD.findall(name.lower())) for name in (first, second))
    return len(a & b) >= _SAME_ADDRESSEE_SHARE * min(len(a), len(b))


def _outside_addressees(text: str, items: list[_Item], tasks: list[Task]) -> list[_Item]:
    """ "yêu cầu Ban Chỉ huy phòng chống thiên tai các cấp; Công an tỉnh theo dõi ...": words the sentence rules
    read as a task that lie inside the addressee the discourse component read are part of a name."""
    names = []
    for task in tasks:
        at = text.rfind(task.assignee, max(0, task.start - len(task.assignee) - 4), task.start) if task.assignee else -1
        if at >= 0:
            names.append((at, at + len(task.assignee or "")))
    return [i for i in items if not any(a <= i.start and i.end <= b for a, b in names)]


def _remap_assignees(items: list[_Item], strays: dict[str, str]) -> None:
    """Items whose addressee was misread (a key of ``strays``) take the addressee read instead."""
    for item in items:
        item.assignee = strays.get(item.assignee or "", item.assignee)


def _ends_a_name(addressee: str | None) -> bool:
    """ "Ban Tổ chức Tỉnh ủy": an addressee of two words or more that closes on a capitalised word is a whole
    name, so what the sentence rules added after it ("... hướng dẫn các huyện") is the task."""
    words = (addressee or "").split()
    return len(words) >= 2 and any(w[:1].isupper() for w in words[-2:])


def _sentences_of(doc: Doc) -> list[Span]:
    """The segmenter's own sentences: walking doc.sents reads every token through the Doc."""
    starts = doc.user_data.get("sent_starts")
    if starts is None:
        return list(doc.sents)
    return [doc[a:b] for a, b in itertools.pairwise([*starts, len(doc)]) if b > a]


def _doc_cues(doc: Doc, base: int) -> tuple[list[int], list[int], list[_Cue]]:
    """The token starts and ends of the doc's cues (``chidao_cues``, sorted by start) and the cues with absolute
    offsets (``base`` is the paragraph's). Made once per paragraph: its sentences and clauses each read them."""
    held = doc.user_data.get("reader_cues")
    if held is None or held[0] != base:
        cached = doc.user_data["cues"]
        cues = [_Cue(label, base + sc, base + ec, t) for _, _, label, sc, ec, t in cached]
        held = (base, [cue[0] for cue in cached], [cue[1] for cue in cached], cues)
        doc.user_data["reader_cues"] = held
    return held[1], held[2], held[3]


def _gaps_after(
    in_speech: bool, speech_gap: int, block_gap: int, result: _SentenceResult, reports: bool, reopened: bool
) -> tuple[bool, int, int]:
    """(in speech, speech gap, block gap) after a sentence: a sentence that gave nothing ends the speech; a
    directive or a list introduction keeps the instruction block open, a report or a promise closes it."""
    spoke = bool(result.items) or result.lead_in or result.list_intro
    if any(item.kind == "directive" for item in result.items) or result.list_intro:
        block_gap = 0
    elif result.items or reports or (reopened and not result.items):
        block_gap = _BLOCK_CLOSED
    else:
        block_gap += 1
    return in_speech and spoke, 0 if spoke else speech_gap + 1, block_gap


def _explanation(
    sentence: str, start: int, speaker: str | None, cues: list[_Cue], result: _SentenceResult
) -> SentenceExplanation:
    return SentenceExplanation(
        sentence=sentence,
        start=start,
        taken=bool(result.items),
        speaker=speaker,
        cues=tuple(f"{c.label}:{c.text}" for c in cues),
        negatives=tuple(result.negatives),
        reason=result.reason or ("items" if result.items else "no directive cue"),
    )


@dataclass(frozen=True)
class _Clause:
    """One clause of a sentence: where its words start (after a list marker and connectives; after a speaker's
    colon or "Theo kế hoạch," once the reader took those) and end, its cues, whether it opens or closes the
    sentence, and whether it is still inside a report of the past that an earlier clause began."""

    start: int
    end: int
    cues: list[_Cue]
    first: bool
    last: bool
    past_scope: bool


@dataclass(frozen=True)
class _Addressed:
    """What follows a speech act: the body addressed, the action of its task, whether the addressee ended at
    a predicate split (a verb the lexicon lacks), whether the "addressee" is a matter, and a promise ("sẽ")."""

    addressee: str | None
    action: _Cue | None
    split: bool
    matter: bool
    promised: bool


# Words of an organisation's name between a title and its administrative level ("Ủy ban nhân dân" + "tỉnh").
_ORGANISATION_WORDS = 4


def _after_spaces(text: str, start: int, end: int) -> int:
    """The first offset from ``start`` that is no space, comma or colon (``end`` at most)."""
    return start + len(text[start:end]) - len(text[start:end].lstrip(" ,:"))


def _unit_forms(units: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    r"""Each unit of several syllables and its initials, both mapped to one regex: ("thành phố", "TP") ->
    ``(?:thành\s+phố|tp\.?)``. Returned as a finder of either form in an escaped phrase (longest first) and the
    regex of each form, keyed by the form as ``re.escape`` writes it in lower case."""
    forms: dict[str, str] = {}
    for unit in units:
        syllables = unit.split()
        if len(syllables) < 2:
            continue
        initials = "".join(s[0] for s in syllables)
        spelled = r"\s+".join(map(re.escape, syllables))
        forms[re.escape(unit)] = forms[re.escape(initials)] = rf"(?:{spelled}|{re.escape(initials)}\.?)"
    alternation = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE), forms


def _last_of_adjacent_acts(text: str, verb: _Cue, cues: list[_Cue]) -> _Cue:
    """ "Phó Thủ tướng nhấn mạnh yêu cầu Hải Phòng ...": a speech act right after another is the one that
    addresses; the addressee starts after the last of them, not at "yêu cầu"."""
    while True:
        following = next(
            (
                c
                for c in cues
                if c.label == "speech_acts" and c.start > verb.end and not text[verb.end : c.start].strip()
            ),
            None,
        )
        if following is None:
            return verb
        verb = following


class DirectiveExtractor:
    """Finds directive and commitment items in cleaned Vietnamese news articles.

    Build it once with :meth:`from_bundle`; it holds the spaCy pipeline.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        nlp: Language,
        patterns: dict[str, re.Pattern[str]],
        words: dict[str, tuple[str, ...]],
        provinces: tuple[str, ...] = (),
    ) -> None:
        """``patterns`` and ``words``: the sentence reader's regexes and word lists by id, compiled once from
        ``config/patterns/sentence_reader.yaml`` (the extractor runs on every article of every feed);
        ``provinces``: the provinces' names and spellings, lower-cased."""
        self.lexicon = lexicon
        # "Bà Rịa - Vũng Tàu" opens with the pronoun "bà": a province's name is never a pronoun and a name
        pronouns = tuple(f"{pronoun} " for pronoun in lexicon.cue("person_pronouns"))
        # the pronoun and the word after it ("bà rịa"): dashes are written many ways after them
        self._pronoun_provinces = tuple({" ".join(p.split()[:2]) + " " for p in provinces if p.startswith(pronouns)})
        self.nlp = nlp
        self._rx = patterns
        self._w = words
        self._names_memo: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self._body_names_lower = frozenset(b.lower() for b in lexicon.bodies)
        self._titles_lower = frozenset(t.lower() for t in lexicon.cue("titles"))
        heads = sorted(lexicon.cue("action_heads"), key=len, reverse=True)
        self._action_word = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)")
        self._long_titles = frozenset(t for t in lexicon.cue("titles") if len(t.split()) > 1)
        self._long_title_starts = frozenset(t.split()[0] for t in self._long_titles)
        # "Phó Chủ tịch tỉnh X" is the "Phó Chủ tịch UBND tỉnh X" named before: the committee may be left out
        self._left_out_committee = (
            "(?:" + "|".join(re.escape(c) + r"\s+" for c in lexicon.cue("people_committees")) + ")?"
        )
        self._prefix_memo: dict[str, tuple[str, ...]] = {}
        # "người đứng đầu " (lower case, a space after it): what opens a body's head named by his office
        self._head_openers = tuple(w.lower() + " " for w in words["head_of"])
        # "Chủ tịch TP" is the "Chủ tịch UBND thành phố" named before: a unit of several syllables is written
        # with their initials as well ("thành phố" / "TP", "thị xã" / "TX")
        self._unit_form, self._unit_form_regex = _unit_forms(lexicon.cue("admin_units"))
        # A personal name opens with a family name, or with any word before the female middle name: text with
        # neither has no name, and three chunks in four asked about are such text.
        self._name_openers = frozenset(lexicon.surnames) | frozenset(words["female_middle_name"])
        # the cues of a promise ("sẽ") and of a pledge ("cam kết"), as items name them
        self._promise_cue = ("commitment:" + words["future_word"][0],)
        self._consequence = re.compile(r"\s(?:" + "|".join(re.escape(w) for w in words["consequence_words"]) + r")\s")
        self._future_inside = re.compile(r"\s(?:" + "|".join(re.escape(w) for w in words["future_word"]) + r")\s")
        self._pledge_cue = ("commitment:" + words["pledge_word"][0],)
        # the words that open a body's name ("sở" of "Sở Y tế"): alone, they stand for the body named before
        self._body_heads = frozenset(body.split()[0].lower() for body in lexicon.bodies)

    @classmethod
    def from_bundle(cls, bundle: ConfigBundle) -> DirectiveExtractor:
        """Build the pipeline once from the validated lexicons and patterns of ``bundle``."""
        lexicon = lexicon_from_bundle(bundle)
        lists = {**lexicon.cues, "place_words": lexicon.place_words, "agency_heads": lexicon.agency_heads}
        patterns = compile_patterns(bundle.sentence_reader, lists)
        nlp = build_pipeline(lexicon, pattern_rules_from_bundle(bundle, lexicon))
        provinces = tuple(
            normalize_text(name).lower()
            for former in bundle.provinces.former_provinces
            for name in (former.name, *former.variants)
        )
        return cls(lexicon, nlp, patterns, word_lists(bundle.sentence_reader), provinces)

    # ------------------------------------------------------------------ public API

    def extract(self, article: CleanedArticle, published: dt.date | None = None) -> list[Directive]:
        """Items of ``article``; offsets refer to ``article.text``."""
        items, _ = self._run(article, published, explain=False)
        return items

    def explain(self, article: CleanedArticle, published: dt.date | None = None) -> list[SentenceExplanation]:
        """One explanation per sentence of the article body."""
        _, explanations = self._run(article, published, explain=True)
        return explanations

    # ------------------------------------------------------------------ names and speakers

    def find_person_names(self, text: str) -> list[tuple[int, int, str]]:
        """Personal names: a surname and 1-3 more capitalised syllables.

        "Phó Chủ tịch UBND huyện Tạ Quang Vĩnh lưu ý" -> "Tạ Quang Vĩnh"; "tỉnh Lâm Đồng" -> none
        (a place); "tỉnh Bắc Kạn Đinh Công Luận" -> "Đinh Công Luận"; two-syllable names only
        after "ông", "bà", "đồng chí".
        """
        cached = self._names_memo.get(text)
        if cached is not None:
            return list(cached)
        words = self._name_words(text)
        out: list[tuple[int, int, str]] = []
        i = 0
        for start in self._name_starts(words):
            if start < i:
                continue  # inside the name found before
            i = start
            s0, _, w0 = words[i]
            # an unknown family name before the female middle name "Thị" ("Kpuih Thị Nga") is still a person
            unknown_family = (
                w0[:1].isupper()
                and i + 2 < len(words)
                and words[i + 1][2] in self._w["female_middle_name"]
                and words[i + 2][2][:1].isupper()
            )
            if (w0 not in self.lexicon.surnames and not unknown_family) or self._ends_place_name(text, words, i):
                continue
            i = self._name_start_in_long_run(text, words, i)
            s0 = words[i][0]
            j = self._name_run_end(text, words, i)
            size = j - i
            before = text[:s0]
            if size < 2:
                continue
            if _ends_with(self._rx["street_before"], before):
                i = j  # "số 93 Lê Lợi", "đường Trần Phú": a street, all of it
                continue
            place = _ends_with(self._rx["place_before"], before)
            abbreviated = _ends_with(self._rx["place_before"], before.rstrip().rstrip("."))  # "TP. Hồ Chí Minh"
            if (place or abbreviated) and text[s0 : words[j - 1][1]] in self.lexicon.places_named_like_persons:
                i = j  # "TP Hồ Chí Minh", "huyện Trần Văn Thời": a place named after a person
                continue
            # "tỉnh Bắc Kạn Đinh Công Luận": skip the two-syllable place, keep the person after it
            # ("huyện Khổng Văn Lâm ghi nhận": the person whose last syllable is a surname too)
            if place and (size < 3 or self._person_after_a_place(text, words, i)):
                continue
            # "Chủ tịch UBND tỉnh Quảng Trị Trần Phong": a two-syllable name after a titled leader's place
            opened = _ends_with(self._rx["short_name_opener"], before) or _ends_with(
                self._rx["titled_place_before"], before
            )
            if size < 3 and not opened:
                continue
            end = words[j - 1][1]
            out.append((s0, end, text[s0:end]))
            i = j
        self._names_memo[text] = tuple(out)
        return out

    def _person_after_a_place(self, text: str, words: list[tuple[int, int, str]], i: int) -> bool:
        """ "tỉnh Bắc Kạn Đinh Công Luận": after two syllables of a place, a surname starts a further run of
        capitalised syllables (the person's name)."""
        return (
            i + 4 < len(words)
            and words[i + 2][2] in self.lexicon.surnames
            and all(text[words[k - 1][1] : words[k][0]] == " " and words[k][2][:1].isupper() for k in (i + 3, i + 4))
        )

    def _name_words(self, text: str) -> list[tuple[int, int, str]]:
        """The words of ``text`` with their offsets; none when no word can open a name (a family name, or any word
        before the female middle name): three chunks in four asked about are such text."""
        # [gap, word, gap, ..., gap]: one split gives the words and, summed up, their offsets
        parts = _WORD_SPLIT.split(text)
        found = parts[1::2]
        if self._name_openers.isdisjoint(found):
            return []
        ends = list(itertools.accumulate(map(len, parts)))
        return list(zip(ends[0:-1:2], ends[1::2], found, strict=True))

    def _name_starts(self, words: list[tuple[int, int, str]]) -> list[int]:
        """Where a name may start: at a family name, or before the female middle name (the loop over names
        visits only these words)."""
        if not words:
            return []
        surnames, female = self.lexicon.surnames, self._w["female_middle_name"]
        after = [*words[1:], (0, 0, "")]
        return [k for k, (w, nxt) in enumerate(zip(words, after, strict=True)) if w[2] in surnames or nxt[2] in female]

    def _name_run_end(self, text: str, words: list[tuple[int, int, str]], i: int) -> int:
        """Index after the capitalised syllables that follow ``words[i]`` (at most four in all), one space apart."""
        j = i + 1
        while j < len(words) and j - i < 4:
            prev_end, (ws, _, w) = words[j - 1][1], words[j]
            # "H'Lim", "Y'Blim": Central Highlands given names keep a capital after the apostrophe
            syllable = w[:1].isupper() and (
                len(w) == 1 or w[1:].islower() or bool(self._rx["highland_given_name"].fullmatch(w))
            )
            if text[prev_end:ws] != " " or not syllable or self._title_at(words, j):
                break
            j += 1
        return j

    def _title_at(self, words: list[tuple[int, int, str]], j: int) -> bool:
        """A title of two or three words starts at ``words[j]`` ("Lê Văn An Bí thư Đảng ủy": the name ends before
        it; a one-word title may be a given name)."""
        if words[j][2].lower() not in self._long_title_starts:
            return False
        return any(" ".join(w for _, _, w in words[j : j + size]).lower() in self._long_titles for size in (2, 3))

    def _name_start_in_long_run(self, text: str, words: list[tuple[int, int, str]], i: int) -> int:
        """Where the name starts in a run of more capitalised syllables than a name has: "Thành ủy Hà Nội
        Nguyễn Duy An" -> at "Nguyễn" (a place, then the person), the last family name that leaves two to
        four syllables; ``i`` itself when the run is a name's length."""
        end = i + 1
        while end < len(words) and text[words[end - 1][1] : words[end][0]] == " " and words[end][2][:1].isupper():
            end += 1
        if end - i <= MAX_NAME_SYLLABLES:
            return i
        later = [k for k in range(i + 1, end - 1) if words[k][2] in self.lexicon.surnames and end - k <= 4]
        return later[0] if later else i

    def _ends_place_name(self, text: str, words: list[tuple[int, int, str]], i: int) -> bool:
        """``words[i]`` is the second syllable of a place named after a place word: "tỉnh Quảng Ninh Lê Văn An"
        and "tỉnh Bắc Ninh Trần B" name the person after the place, although "Ninh" is also a family name. An
        abbreviation is a whole place ("TP HCM Trần Văn An"): the name starts right after it."""
        if i == 0:
            return False
        prev_start, prev_end, prev = words[i - 1]
        return (
            prev[:1].isupper()
            and not (len(prev) > 1 and prev.isupper())
            and text[prev_end : words[i][0]] == " "
            and _ends_with(self._rx["place_before"], text[:prev_start])
        )

    def _register_persons(self, paragraphs: list[tuple[int, str]]) -> list[_Person]:
        """Every personal name of the article with the words around it (its title, its body)."""
        persons: list[_Person] = []
        for para_start, para in paragraphs:
            names = self.find_person_names(para)
            for k, (s, e, name) in enumerate(names):
                prev_end = names[k - 1][1] if k else 0
                next_start = names[k + 1][0] if k + 1 < len(names) else len(para)
                left = para[max(prev_end, s - 60) : s]
                left = re.split(r"[.;:]\s", left)[-1]
                tail = para[e:next_start]
                # only an apposition after the name is its title; a later title is another person's
                right = re.split(r"(?<=[.;])\s", tail)[0] if self._rx["apposition_start"].match(tail) else ""
                persons.append(_Person(name, para_start + s, left + name + right))
        return persons

    def _resolve_title(
        self, title: str, persons: list[_Person], at: int, speaker: str | None, speaker_context: str
    ) -> str | None:
        """Map "Chủ tịch UBND tỉnh" to the person introduced with that title ("Phó Chủ tịch" is another title)."""
        words = title.split()
        # "Bí thư Đảng ủy xã A" is not "Bí thư Tỉnh ủy": never shrink the title below its first organisation word
        low = title.lower()
        base = max((len(t.split()) for t in self.lexicon.cue("titles") if low.startswith(t + " ")), default=1)
        min_words = max(base + 1 if len(words) > base else 2, self._unit_end(words, base))
        deputy = self._w["deputy"]
        not_deputy = "".join(f"(?<!{re.escape(d.capitalize())} )(?<!{re.escape(d)} )" for d in deputy)
        committee = self._left_out_committee
        while len(words) >= min_words:
            phrase = " ".join(words)
            rest = " ".join(words[base:])
            body = re.escape(" ".join(words[:base])) + (r"\s+" + committee + self._unit_pattern(rest) if rest else "")
            pattern = re.compile((not_deputy if not phrase.lower().startswith(deputy) else "") + body, re.IGNORECASE)
            if speaker and pattern.search(speaker_context):
                return speaker
            before = [p for p in persons if p.start < at and pattern.search(p.context)]
            if before:
                return before[-1].name
            before_last = " ".join(words[:-1])
            if (
                words[-1][:1].isupper()
                and self._ends_with_agency_head(before_last)
                and not self._ends_with_unit(before_last, committees=True)
            ):
                # "Giám đốc Sở Y tế" is not "Giám đốc Sở Xây dựng": the body's name tells them apart; a place after
                # its level ("Chủ tịch UBND tỉnh Cà Mau") does not: the article names one province's chairman
                return None
            words = words[:-1]
        return None

    def _unit_pattern(self, phrase: str) -> str:
        """``phrase`` as a regex in which every administrative unit also matches its other written form."""
        # the replacement is a regex itself: given as a function, its backslashes are not read as escapes
        return self._unit_form.sub(lambda m: self._unit_form_regex[m.group(0).lower()], re.escape(phrase))

    def _unit_end(self, words: list[str], base: int) -> int:
        """How many words of a title run to the administrative level of its organisation ("Chủ tịch UBND tỉnh" ->
        4, "Chủ tịch Ủy ban nhân dân huyện" -> 6), 0 when it names none: a shorter title would be another level's
        ("Chủ tịch UBND xã"). Only a level right after the organisation's name counts; a long name ending in a
        level ("Ban Chỉ đạo diễn tập KVPT tỉnh") may be written otherwise where the person was introduced."""
        for k in range(base + 1, min(len(words), base + _ORGANISATION_WORDS + 1)):
            for unit in self.lexicon.cue("admin_units"):
                size = len(unit.split())
                if " ".join(words[k : k + size]) == unit:
                    return k + size
        return 0

    def _is_title(self, phrase: str) -> bool:
        """ "Thủ tướng Chính phủ", "Chủ tịch UBND tỉnh": a phrase that opens with a person's title."""
        return (phrase.lower() + " ").startswith(self._prefixes("titles"))

    def _ends_with_agency_head(self, phrase: str) -> bool:
        low = " " + phrase.lower()
        return any(low.endswith(" " + head) for head in self.lexicon.agency_heads)

    def _speaker_chunk_start(self, prefix: str, *, places: bool = False) -> int | None:
        """Where the speaker reference starts in a lead-in prefix, or None when it has none; with ``places``, a
        place's name with its level ("Tỉnh Hà Nam") is a reference too (the caller knows the act is an order).

        "Về nước sạch, ông Lê Hữu Tài " -> index of "ông";
        "Riêng với các thị trấn, Phó Chủ tịch huyện " -> index of "Phó Chủ tịch".
        """
        chunks = [m.start() for m in re.finditer(r"(?:^|,\s*|:\s*)(?=\S)", prefix)]
        for start in reversed(chunks):
            chunk = prefix[start:].lstrip(" ,:")
            offset = len(prefix[start:]) - len(chunk)
            low = chunk.lower()
            starts_ref = (
                low.startswith(self._prefixes("person_pronouns"))
                or low in self.lexicon.cue("person_pronouns")
                or low.startswith(self._prefixes("titles"))
                or low in self.lexicon.cue("titles")
                or low.startswith(self._head_openers)
                or bool(self._rx["document_start"].match(chunk))
                or self._issuing_body(chunk) is not None
                or (places and self._local_government(chunk) is not None)
                or (self._bare_level(chunk) and not self._enumerated(prefix[:start]))
                or bool(self._rx["inspection_body"].match(chunk))
                or bool(self.find_person_names(chunk[:40]) and self.find_person_names(chunk[:40])[0][0] == 0)
            )
            if starts_ref:
                return start + offset
        return None

    def _bare_level(self, chunk: str) -> bool:
        """ "Năm 2028, tỉnh tiếp tục chỉ đạo ...", "tỉnh này chỉ đạo ...": a level word alone or with a
        demonstrative (and the words that may stand between a speaker and his act) names the government of the
        article's place."""
        words = chunk.lower().split()
        if not words or words[0] not in self.lexicon.cue("admin_units"):
            return False
        named = 2 if words[1:2] and words[1] in self._w["demonstratives"] else 1  # "tỉnh này"
        rest = " ".join(words[named:])
        return not rest or rest in self._w["lead_aux"]

    def _enumerated(self, before: str) -> bool:
        """The comma chunk before lists parties ("các xã, phường ...", "công an các phường, xã ..."): what follows
        is one more entry."""
        words = before.rsplit(",", 1)[-1].lower().split()
        return bool(words) and (any(w in self._w["determiners"] for w in words) or self._bare_level(words[-1]))

    def _prefixes(self, name: str) -> tuple[str, ...]:
        """The words of cue list ``name``, each with the space after it: ``str.startswith`` tests them all at once
        (a generator over the list built each string again on every test, for every chunk)."""
        found = self._prefix_memo.get(name)
        if found is None:
            found = self._prefix_memo[name] = tuple(word + " " for word in self.lexicon.cue(name))
        return found

    def _issuing_body(self, chunk: str) -> str | None:
        """ "UBND tỉnh yêu cầu" / "Ban Thường vụ Tỉnh ủy chỉ đạo" / "Sở Y tế đề nghị": the body itself is the
        speaker."""
        listed = self._listed_body(chunk)
        return listed if listed is not None else self._department(chunk)

    def _local_government(self, chunk: str) -> str | None:
        """ "Tỉnh Nam Định lưu ý ...", "Huyện Mường Tè yêu cầu ...": a level and a place's name, nothing else,
        speak as that place's government (with an order only: see ``_speech_lead``)."""
        name = self._rx["body_after_words"].split(chunk.strip())[0].strip(" ,")
        words = name.split()
        # the level capitalised: the place opens its clause; "X, tỉnh Quảng Ninh vừa ..." only locates X
        if (
            not 2 <= len(words) <= 5
            or not words[0][:1].isupper()
            or words[0].lower() not in self.lexicon.cue("admin_units")
        ):
            return None
        return name if all(w[:1].isupper() for w in words[1:]) else None

    def _listed_body(self, chunk: str) -> str | None:
        """The issuing body of the lexicon's list that ``chunk`` opens with ("UBND tỉnh", "Ban Thường vụ Tỉnh
        ủy"), or None."""
        if self._issuing_body_word(chunk.strip()) is None:
            return None
        return self._rx["body_after_words"].split(chunk.strip())[0].strip(" ,")

    def _issuing_body_word(self, chunk: str) -> str | None:
        """The entry of the issuing bodies' list (lower case) that ``chunk`` opens with as whole words, or None."""
        low = chunk.lower()
        bodies = self.lexicon.cue("issuing_bodies")
        return next((b for b in bodies if low.startswith(b) and not low[len(b) : len(b) + 1].isalnum()), None)

    def _department_alone(self, chunk: str) -> bool:
        """A department names the speaker, no title, person or listed issuing body ("Sở Y tế", "Bộ Xây dựng")."""
        return self._listed_body(chunk) is None and self._department(chunk) is not None

    def _department(self, chunk: str) -> str | None:
        """ "Sở Y tế đề nghị ...": a department named after its head word speaks in its own name."""
        rest = chunk.strip()
        low = rest.lower()
        for head in self.lexicon.cue("department_heads"):
            if low.startswith(head + " ") and rest[len(head) + 1 : len(head) + 2].isupper():
                return self._rx["body_after_words"].split(rest)[0].strip(" ,")
        return None

    def _resolve_speaker(
        self,
        chunk: str,
        chunk_abs: int,
        persons: list[_Person],
        *,
        signer: str | None = None,
        speaker: str | None = None,
        speaker_context: str = "",
        speech_gap: int = _BLOCK_CLOSED,
    ) -> tuple[str | None, str]:
        """Issuer for a speaker reference: a name, a title resolved to a name, a document's signer, a body.

        "Phó Chủ tịch UBND huyện Tạ Quang Vĩnh" -> "Tạ Quang Vĩnh"; "Ông Hùng" -> "Nguyễn Văn Hùng" when
        introduced earlier; "Chủ tịch UBND tỉnh" -> the person introduced with that title;
        "Kế hoạch" -> its signer; "UBND tỉnh" -> "UBND tỉnh". ``speaker``, ``speaker_context`` and
        ``speech_gap`` are the running speaker's (a pronoun or a title may name him); the defaults say that
        nobody has spoken yet.
        """
        if self._rx["representative_start"].match(chunk):
            # "Đại diện Bệnh viện Lê Văn Tám cho biết": an unnamed representative; a name there is the body's
            representative = self._rx["representative_end"].split(chunk.strip())[0].strip(" ,")
            return representative, representative
        names = self.find_person_names(chunk)
        if names:
            name = names[0][2]
            ctx = next((p.context for p in persons if p.name == name), chunk)
            return name, ctx
        head = self._head_of(chunk, persons, chunk_abs)
        if head is not None:
            return head.name, head.context
        body = self._issuing_body(chunk)
        if body is not None:
            return body, body
        if signer is not None and self._rx["inspection_body"].fullmatch(chunk.strip()):
            # "Thanh tra tỉnh kiến nghị ..." in a signed conclusion: the signer
            return signer, speaker_context
        if self._rx["document_start"].match(chunk):
            return signer or speaker, speaker_context
        pronoun_used, chunk = self._without_pronoun(chunk)
        title = self._rx["title_end"].split(chunk.strip())[0].strip(" ,")
        if not title:
            return self._pronoun_referent(pronoun_used, chunk_abs, persons, speaker, speaker_context, speech_gap)
        if len(title.split()) == 1 and title[:1].isupper():
            # "ông Hùng": the given name of a person introduced earlier
            known = [p for p in persons if p.name.split()[-1] == title and p.start <= chunk_abs]
            if known:
                return known[-1].name, known[-1].context
        # "Đoàn kiểm tra do ông X dẫn đầu": a body led by a person speaks in its own name; only a title is his
        resolved = (
            self._resolve_title(title, persons, chunk_abs, speaker, speaker_context) if self._is_title(title) else None
        )
        if resolved:
            ctx = next((p.context for p in persons if p.name == resolved), title)
            return resolved, ctx
        return title, title

    def _head_of(self, chunk: str, persons: list[_Person], at: int) -> _Person | None:
        """ "Người đứng đầu UBND tỉnh Hòa Định" -> the person last introduced before ``at`` with a title of that
        body that is no deputy's ("Chủ tịch UBND tỉnh Hòa Định Lâm Văn Khải"); None for any other chunk."""
        body = self._headed_body(chunk)
        if body is None:
            return None
        words = body.lower().split()
        # the body's name, without the adverbs before the speech act ("... tỉnh Hòa Định cũng"): longest first
        names = [" ".join(words[:n]) for n in range(len(words), 1, -1)]
        for person in reversed([p for p in persons if p.start < at]):
            context = person.context.lower()
            found = next((context.find(name) for name in names if name in context), -1)
            if found > 0 and not any(word in self._w["deputy"] for word in context[:found].split()):
                return person
        return None

    def _headed_body(self, chunk: str) -> str | None:
        """ "Người đứng đầu UBND tỉnh X cũng" -> "UBND tỉnh X cũng"; None when the chunk names no body's head."""
        text = chunk.strip()
        opener = next((w for w in self._head_openers if text.lower().startswith(w)), None)
        if opener is None:
            return None
        return text[len(opener) :].strip(" ,") or None

    def _resolve_in(self, chunk: str, chunk_abs: int, ctx: _ReaderContext, state: _State) -> tuple[str | None, str]:
        """``_resolve_speaker`` while reading: with the documents' signer and the running speaker (a pronoun
        or a title may name the one who spoke before)."""
        issuer, context = self._resolve_speaker(
            chunk,
            chunk_abs,
            ctx.persons,
            signer=ctx.signer,
            speaker=state.speaker,
            speaker_context=state.speaker_context,
            speech_gap=state.speech_gap,
        )
        if issuer is None and self._rx["document_start"].match(chunk):
            # "UBND tỉnh cảnh báo ... Công điện yêu cầu ...": a document nobody signed is the body's that spoke last
            issuer = self._body_opening_before(ctx.text, chunk_abs)
            context = issuer or context
        return issuer, context

    def _body_opening_before(self, text: str, at: int) -> str | None:
        """The issuing body that opens the last sentence before ``at`` that opens with one, or None."""
        for start in reversed([0, *(m.end() for m in _SENTENCE_START.finditer(text, 0, at))]):
            opening = text[start : min(at, start + _BODY_SPAN)]
            body = self._issuing_body_word(opening)
            if body is not None:
                return opening[: len(body)]
        return None

    def _take_speaker(self, chunk: str, chunk_abs: int, ctx: _ReaderContext, state: _State) -> None:
        """The speaker ``chunk`` refers to becomes the running speaker."""
        state.speaker, state.speaker_context = self._resolve_in(chunk, chunk_abs, ctx, state)

    def _without_pronoun(self, chunk: str) -> tuple[str, str]:
        """The personal pronoun a speaker reference opens with ("" when none) and the reference without it."""
        low = chunk.lower().strip()
        if (low + " ").startswith(self._pronoun_provinces):
            return "", chunk
        for pronoun in self.lexicon.cue("person_pronouns"):
            if low.startswith(pronoun):
                return pronoun, chunk.strip()[len(pronoun) :].strip()
        return "", chunk

    # ------------------------------------------------------------------ clause helpers

    def _cues(self, doc: Doc, span: Span, base: int) -> list[_Cue]:
        """Cues inside ``span`` with absolute offsets (from ``chidao_cues``' tuples)."""
        starts, ends, cues = _doc_cues(doc, base)
        lo, hi = span.start, span.end
        first = bisect.bisect_left(starts, lo)
        last = bisect.bisect_left(starts, hi, lo=first)
        return [cue for cue, end in zip(cues[first:last], ends[first:last], strict=True) if end <= hi]

    def _first_action(self, cues: list[_Cue], start: int, end: int, text: str = "") -> _Cue | None:
        """The earliest action head in [start, end); the longest when several start together.

        Skips capitalised cues inside names ("Sở Khoa học và Công nghệ", "Trung tâm Phát triển quỹ đất"), passives
        ("được giao chủ trì") and nouns that look like actions ("Tăng trưởng kinh tế").
        """
        false = [c for c in cues if c.label == "false_actions"]
        best: _Cue | None = None
        for c in cues:
            if c.label != "action_heads" or c.start < start or c.end > end:
                continue
            if c.start > start and c.text[:1].isupper() and not self._after_boundary(text, c.start):
                continue
            if text and (self._after_passive(text, c.start) or self._heads_a_body(text, c)):
                continue
            if any(f.start == c.start and f.end > c.end for f in false):
                continue
            if best is None or c.start < best.start or (c.start == best.start and c.end > best.end):
                best = c
        return best

    def _heads_a_body(self, text: str, cue: _Cue) -> bool:
        """A title that is also a verb, before a body and after a list comma: "Các sở, lãnh đạo UBND các huyện"
        names people; "Ban cán sự đảng lãnh đạo UBND tỉnh xây dựng ..." leads."""
        return (
            cue.text.lower() in self._titles_lower
            and text[max(0, cue.start - 2) : cue.start].strip() == ","
            and self._is_agency(text[cue.end : cue.end + 40].lstrip(" ,"))
        )

    def _after_passive(self, text: str, at: int) -> bool:
        """The word at ``at`` follows a passive ("được giao chủ trì ...", "được yêu cầu ..."): no act of its own."""
        return bool(self._rx["passive_before"].search(text[max(0, at - 20) : at]))

    @staticmethod
    def _after_boundary(text: str, at: int) -> bool:
        """True when ``at`` starts a sentence or follows a colon/list marker ("Sở Y tế: Chủ trì ...")."""
        if not text:
            return False
        before = text[max(0, at - 4) : at].rstrip()
        return not before or before.endswith((":", ".", ")", "\n"))

    def _first_action_t(self, text: str, cues: list[_Cue], start: int, end: int) -> _Cue | None:
        return self._first_action(cues, start, end, text)

    def _is_agency(self, subject: str) -> bool:
        subject = subject.strip()
        if not subject or len(subject.split()) > 25 or self._rx["past_word"].search(subject):
            return False
        low = subject.lower()
        if any(low.startswith(e) for e in self.lexicon.cue("event_subjects")):
            return False  # "Hội nghị cũng thông qua ...": what a meeting did
        return bool(self._rx["agency_head_start"].match(subject))

    def _predicate_split(self, text: str, start: int, end: int, no_action: bool) -> tuple[int, int] | None:
        """Where an addressee noun phrase ends and its task begins when the task verb is not a known action.

        Returns (end of the addressee, start of the task) or None. A body list never puts a comma right
        before its verb, so an addressee candidate that ends with a comma (or runs to the end of the
        clause) swallowed an unknown verb: "yêu cầu các phòng, ban không lơ là, chủ quan" -> "các phòng,
        ban" + "không lơ là, chủ quan"; "các đơn vị trực thuộc siết chặt kỷ cương, kiểm tra ..." ->
        "các đơn vị trực thuộc" + "siết chặt ..."; "nhắc cán bộ thôn phải sâu sát dân" -> "cán bộ thôn"
        + "sâu sát dân" (a modal always ends the addressee).
        """
        candidate = text[start:end]
        body_end = self._known_body_end(candidate)
        if body_end is not None:
            rest = candidate[body_end:]
            item_at = body_end + len(rest) - len(rest.lstrip())
            return start + body_end, start + item_at
        lead = len(candidate) - len(candidate.lstrip(" :,"))
        named = self._rx["named_unit_body"].match(candidate, lead)
        if named is not None and candidate[named.end() : named.end() + 1].islower() and self._is_agency(named.group(1)):
            # "Trung tâm Y tế huyện phun ...", "UBND xã Yên Lạc rào ...": a named body ends at its unit (and the
            # unit's proper name); the lower-case word after it opens the task
            return start + named.end(1), start + named.end()
        m = self._rx["obligation_modal"].search(candidate)
        if (
            m
            and m.start() > 0
            and len(candidate[: m.start()].split()) <= 10
            and not self._rx["reported_state"].search(candidate[: m.start()])
        ):
            return start + m.start(), start + m.end()
        if not (no_action or candidate.rstrip().endswith(",")):
            return None
        low = candidate.lower()
        best: tuple[int, int] | None = None
        opener = self._rx["predicate_opener"].search(low)
        if opener:
            best = (opener.start(), opener.start())
        closer = self._rx["addressee_closer"].search(low)
        if closer and (best is None or closer.start() < best[0]):
            best = (closer.end(1), closer.end())
        if best is None:
            generic = self._rx["generic_addressee"].match(candidate)
            # a lone one-syllable head before lower-case words is a compound noun ("Hội thảo", "Báo cáo")
            if generic is not None and len(candidate[: generic.end()].split()) > 1:
                best = (
                    generic.end(),
                    generic.end() + len(candidate[generic.end() :]) - len(candidate[generic.end() :].lstrip()),
                )
        if best is None:
            return None
        addressee_end = len(candidate[: best[0]].rstrip(" ,"))
        if addressee_end == 0 or not self._is_agency(candidate[:addressee_end].strip(" ,:")):
            return None  # "nhấn mạnh, thời gian còn lại không nhiều": no body is addressed
        return start + addressee_end, start + best[1]

    def _known_body_end(self, candidate: str) -> int | None:
        """End of a known body's full name when lower-case words (its task) follow it directly.

        "Sở Tư pháp kiểm kê hồ sơ ..." -> end of "Sở Tư pháp";
        "Sở Y tế tỉnh ..." (the body's place), "Sở Y tế, Sở Tài chính ..." (a list), "Sở Y tế " -> None.
        """
        stripped = candidate.lstrip()
        lead = len(candidate) - len(stripped)
        for body in self.lexicon.bodies:
            if not stripped.startswith(body + " "):
                continue
            rest = stripped[len(body) :].lstrip()
            first = rest.split(" ", 1)[0].strip(",;:.")
            if not first or not first[:1].islower() or rest.startswith(","):
                return None
            if first in self._w["body_list_words"] or any(rest.startswith(w + " ") for w in self.lexicon.place_words):
                return None
            return lead + len(body)
        return None

    def _floor_voice(self, sentence: str) -> bool:
        """A sentence spoken by delegates or voters, whose proposals are not tasks.

        "Cử tri xã A phản ánh ...; đề nghị tỉnh sớm ...", "Đại biểu B đề nghị ..." -> True.
        """
        low = self._rx["connectives_lead"].sub("", sentence.strip()).lower()
        low = self._rx["floor_place_opener"].sub("", low)
        if self._rx["resident_introduction"].match(low) or self._rx["resident_delegate"].match(low):
            return True
        if self._rx["delegate_start"].match(low) and self._rx["delegate_promise"].search(low):
            return False  # "Đại biểu cho biết, Đoàn sẽ tổng hợp ...": a delegate promises for the delegation
        return low.startswith(self._prefixes("discussion_markers"))

    def _is_matter(self, subject: str) -> bool:
        """ "việc thu phí", "công tác cán bộ", "Toàn bộ 40 căn nhà", "Cả 3 công trình" name matters, not parties."""
        low = subject.strip().lower()
        return low.startswith(self._prefixes("matter_nouns")) or bool(self._rx["matter_start"].match(low))

    def _is_matter_subject(self, subject: str) -> bool:
        """A subject that names a matter or a thing, not a party told to act: "Các công việc này", "Những công
        trình chậm giải ngân"; "Tất cả các xã" names parties (the quantifier's rest is an agency)."""
        low = subject.strip().lower() + " "
        # the matter word ends at a space or a comma ("Những công trình, dự án ...")
        prefix = next((p for p in self._prefixes("matter_nouns") if low.replace(",", " ", 1).startswith(p)), None)
        if prefix is None or len(subject.split()) > 12:
            return False
        rest = subject.strip()[len(prefix) :].strip()
        return not (rest and self._is_agency(rest))

    def _matter_obliged(self, segment: str, subject: str) -> bool:
        """ "Các công việc này phải xong ...", "Những công trình chậm thì điều chuyển ...": a matter as subject and
        a duty (a modal, or "thì" after a case); "Việc xây dựng kế hoạch hành" (cut off) states no duty yet."""
        if not self._is_matter_subject(subject):
            return False
        return bool(self._rx["obligation_modal"].search(segment) or self._rx["then_word"].search(segment))

    # ------------------------------------------------------------------ main loop

    def _run(
        self, article: CleanedArticle, published: dt.date | None, *, explain: bool
    ) -> tuple[list[Directive], list[SentenceExplanation]]:
        text = article.text
        # Rules ask for the names of the same chunks many times within one article; the memo is per article
        # so a repeated corpus (as in benchmarks/extract.py) gains nothing from it.
        self._names_memo.clear()
        find_deadline.cache_clear()
        paragraphs = _paragraphs(text)
        persons = self._register_persons(paragraphs)
        title_index = _title_index(paragraphs, article.title)
        body = list(
            _within_length(((i, s, p) for i, (s, p) in enumerate(paragraphs) if i > title_index), self.nlp.max_length)
        )
        docs = list(self.nlp.pipe(p for _, _, p in body))
        state = _State()
        signer: str | None = None
        items: list[_Item] = []
        explanations: list[SentenceExplanation] = []
        discourse_input: list[tuple[int, Doc]] = []
        for index, ((_, para_start, para), doc) in enumerate(zip(body, docs, strict=True)):
            listed = bool(self._rx["list_marker"].match(para))
            cut_off = index == len(body) - 1 and para_start + len(para) >= len(text.rstrip())
            # "1. UBND các huyện, thị xã": a numbered line without a stop heads the entries that follow; the text
            # cut off inside an open list ("... các nhiệm vụ sau: | Tăng cường tuyên truyền về diễn") ends in an entry
            caption = (
                not listed
                and not (cut_off and index > 0 and body[index - 1][2].rstrip().endswith(":"))
                and _is_caption(para, article.title, cut_off=cut_off)
            ) or bool(self._rx["photo_credit"].search(para))
            paragraph = _Paragraph(para_start, para, doc, caption, listed)
            if paragraph.is_list and state.list_mode:
                state.addressee = state.list_addressee
                state.in_speech = True
            elif not paragraph.is_list and state.list_mode:
                state.list_mode = False
            signer = self._signer_of(para) or signer
            if not paragraph.is_caption:
                discourse_input.append((para_start, doc))
            para_items, para_explanations = self._read_paragraph(
                _ReaderContext(text, paragraph, persons, signer, explain), state
            )
            items.extend(para_items)
            explanations.extend(para_explanations)
        discourse = self._discourse(text, persons, article.title)
        tasks = discourse.run(discourse_input)
        merged = self._with_listed_objects(text, _without_repeats(text, self._merge_tasks(text, items, tasks)))
        # a personnel decision, or a heading that only counts the tasks that follow ("triển khai một số nhiệm vụ")
        merged = [
            i
            for i in merged
            if not self._rx["personnel_decision"].match(text[i.start : i.end])
            and not self._rx["task_heading"].fullmatch(text[i.start : i.end])
            and not self._cut_off_before_action(text, i)
        ]
        merged = [i for i in merged if not (len(merged) > 1 and _headline_with_number(text, i, article.title))]
        merged = [part for i in merged for part in self._second_orders(text, i)]
        if explain:  # the rules of every sentence: a pass over the discourse trace per sentence
            explanations = _with_rules(explanations, discourse.trace, [i for i in merged if i not in items])
        return self._finish(text, merged, published, signer), explanations

    def _second_orders(self, text: str, item: _Item) -> list[_Item]:
        """ "ngừng cấp phép ..., đồng thời yêu cầu các tàu đang trên vịnh quay về bờ": the item ends before the second
        speech act, whose own addressee takes the task after it (the same issuer, kind and deadline)."""
        order = self._rx["second_order"].search(text, item.start, item.end)
        if order is None:
            return [item]
        action = self._action_word.search(text, order.end(), item.end)
        addressee = text[order.end() : action.start()].strip(" ,") if action else ""
        if action is None or not 0 < len(addressee.split()) <= MAX_SUBJECT or not self._is_agency(addressee):
            return [item]
        first = replace(item, end=order.start())
        # the second order has the time its own words give, not the first's
        deadline = find_deadline(text[action.start() : item.end] + " ")
        return [first, replace(item, start=action.start(), assignee=addressee, deadline=deadline)]

    def _with_listed_objects(self, text: str, items: list[_Item]) -> list[_Item]:
        """An item that ends in "gồm: Dự án A" before a semicolon runs on over the entries "; Dự án B; và Dự án C"
        of its sentence that open with the same noun: they are the things its task lists (GUIDELINE: semicolons
        inside a noun list stay within one item); items found inside those entries go. An item after the colon
        of "trong đó:" is the breakdown of the item before, which it joins."""
        out: list[_Item] = []
        for item in sorted(items, key=lambda i: i.start):
            if out and out[-1].start <= item.start < out[-1].end:
                continue
            if out and self._breaks_down(text, out[-1], item):
                # "đón 2,5 triệu lượt khách, trong đó: khách quốc tế chiếm 8%": the figures the task breaks into
                out[-1] = replace(out[-1], end=item.end)
                continue
            end = self._listed_objects_end(text, item) or self._listed_people_end(text, item)
            out.append(item if end is None else replace(item, end=end))
        return out

    def _breaks_down(self, text: str, before: _Item, item: _Item) -> bool:
        """``item`` follows ``before`` right after a colon that ``before`` ends with a breakdown word."""
        between = text[before.end : item.start]
        return between.strip() == ":" and bool(self._rx["breakdown_colon"].search(text, before.start, before.end))

    def _listed_objects_end(self, text: str, item: _Item) -> int | None:
        listed = self._rx["object_list_colon"].search(text, item.start, item.end)
        if not listed:
            return None
        head = _first_word(text[text.index(":", listed.start()) + 1 : item.end])
        if not head or head in self.lexicon.cue("action_heads"):
            return None
        # "như: Không đặt ...; tắt ...": tasks, not things that share one head noun
        return self._list_run_end(text, item, lambda entry: _first_word(entry) == head)

    def _listed_people_end(self, text: str, item: _Item) -> int | None:
        """ "xem xét kỷ luật các ông A, Trưởng phòng ...; ông B, nguyên ...": entries that each name one more person
        (a person word, a capitalised name) and ask nothing of him are the people the task is about."""
        named = self._rx["person_named"].search(text, item.start, item.end)
        if named is None or not named.group(1).isupper():
            return None
        return self._list_run_end(text, item, self._one_more_person)

    def _one_more_person(self, entry: str) -> bool:
        """ "ông B, nguyên Chủ tịch UBND xã": an entry that opens with a person named with his person word and asks
        nothing of him (no action word, no modal)."""
        named = self._rx["person_named"].match(entry)
        if named is None or not named.group(1).isupper():
            return False
        return not (self._action_word.search(entry) or _has_phrase(entry, self.lexicon.cue("modals")))

    def _list_run_end(self, text: str, item: _Item, entry_fits: Callable[[str], bool]) -> int | None:
        """Where the entries after ``item``'s semicolons that ``entry_fits`` end (within its sentence), if any does."""
        sentence_end = _sentence_end(text, item.end)
        and_word = self._w["and_word"][0] + " "
        pos, end = item.end, None
        while text[pos:sentence_end].lstrip(" )").startswith(";"):
            entry_start = text.index(";", pos) + 1
            next_stop = text.find(";", entry_start, sentence_end)
            entry_end = sentence_end if next_stop < 0 else next_stop
            if not entry_fits(text[entry_start:entry_end].strip().removeprefix(and_word)):
                break
            pos = end = len(text[:entry_end].rstrip(" .;"))
        return end

    def _issuer_of_document(self, document: str, sentence: str) -> str | None:
        """Who issued a document named as the speaker: the body after "của" in its name ("Công văn hỏa tốc của UBND
        tỉnh X"), else the body that opens its sentence before the document ("Thanh Hóa đã ban hành công văn 5581
        giao ..." -> "Thanh Hóa"); None when neither is named."""
        owner = self._rx["document_owner"].search(document)
        if owner is not None:
            return owner.group(1).strip()
        at = sentence.find(document)
        before = self._rx["connectives_lead"].sub("", sentence[:at].split(",")[-1]).strip() if at > 0 else ""
        body = self._rx["body_after_words"].split(before, maxsplit=1)[0].strip()
        return body if body and body != before and len(body.split()) <= 8 and body[:1].isupper() else None

    def _cut_off_before_action(self, text: str, item: _Item) -> bool:
        """An item that runs into the cut-off end of the text ("... yêu cầu các sở, các ngành, ngay sau kỳ nghỉ
        Tết ph") and holds no action yet: only its addressees or its time survived (GUIDELINE: a cut-off
        fragment that names only an addressee is not an item)."""
        body = text.rstrip()
        if not body or not body[-1].isalnum() or item.end < len(body):
            return False
        fragment = text[item.start : item.end]
        first_chunk = fragment.split(",", 1)[0]
        if not (fragment[:1].isupper() or self._is_agency(first_chunk)):
            return False  # "... đồng thời có kế hoạch s": an action cut off is still a task
        return not _has_phrase(fragment.lower(), self.lexicon.cue("action_heads"))

    def _discourse(self, text: str, persons: list[_Person], title: str | None) -> Discourse:
        """The discourse component for one article; a headline that names the page as someone's directions ("Ý
        kiến chỉ đạo của lãnh đạo UBND huyện tháng 11") opens it with his list: the entries below are his tasks."""
        discourse = Discourse(self._speaker_resolver(text, persons))
        titled = self._rx["directive_title"].fullmatch((title or "").strip())
        if titled is not None and self._is_agency(titled.group("speaker")):
            discourse.scope = Scope(speaker=titled.group("speaker").strip(), opened=True, list_open=True)
        return discourse

    def _read_paragraph(self, ctx: _ReaderContext, state: _State) -> tuple[list[_Item], list[SentenceExplanation]]:
        """Items and explanations of one paragraph, sentence by sentence, then its quoted obligations (which
        replace the sentence items they overlap)."""
        paragraph = ctx.paragraph
        para_start, doc = paragraph.start, paragraph.doc
        items: list[_Item] = []
        explanations: list[SentenceExplanation] = []
        doc_clauses = list(doc.spans["clauses"])
        for sent_index, sent in enumerate(_sentences_of(doc)):
            s_start = para_start + sent.start_char
            # Span.text walks the tokens through the Doc; the slice of the paragraph is the same text.
            sent_text = paragraph.text[sent.start_char : sent.end_char]
            cues = self._cues(doc, sent, para_start)
            if paragraph.is_caption:
                explanations.append(
                    SentenceExplanation(sent_text, s_start, False, None, (), ("caption",), "caption or byline")
                )
                continue
            if self._floor_voice(sent_text):
                state.in_speech = False
                state.block_gap = state.speech_gap = _BLOCK_CLOSED
                explanations.append(
                    SentenceExplanation(
                        sent_text, s_start, False, state.speaker, (), ("floor",), "delegate or voter speaking"
                    )
                )
                continue
            unspoken = state.speaker is None
            promise, reopened = self._speech_goes_on(ctx.text, sent, para_start, cues, state)
            if promise or reopened:
                state.in_speech = True
            if reopened:
                state.kind = "directive"
            clauses = [c for c in doc_clauses if sent.start <= c.start < sent.end]
            list_head = paragraph.is_list and sent_index == 0
            result = self._sentence(ctx, clauses, state, list_head)
            # whether it reports counts only for a sentence without items or a list introduction
            reports = not result.items and not result.list_intro and self._reads_as_report(sent_text)
            state.in_speech, state.speech_gap, state.block_gap = _gaps_after(
                state.in_speech, state.speech_gap, state.block_gap, result, reports, reopened
            )
            items.extend(result.items)
            if ctx.explain:
                explanations.append(_explanation(sent_text, s_start, state.speaker, cues, result))
            if unspoken and promise:
                # a body's own plan in the news ("Từ năm 2027, tỉnh X sẽ ...") makes it no speaker of what follows
                state.speaker, state.speaker_context, state.in_speech = None, "", False
        if paragraph.is_caption:
            return items, explanations
        quoted = self._quoted_obligations(ctx, state)
        return self._with_quoted(items, quoted), explanations

    def _with_quoted(self, items: list[_Item], quoted: list[_Item]) -> list[_Item]:
        """The quoted obligations replace the sentence items they overlap. Where the sentence rules had read
        another addressee for the same words ("Để ..., Ban Thường vụ cần ...": "Để"), their later items of the
        paragraph, which carried that misread addressee on, take the quotation's."""
        strays: dict[str, str] = {}
        kept: list[_Item] = []
        for item in items:
            over = next((q for q in quoted if q.start < item.end and item.start < q.end), None)
            if over is None:
                kept.append(item)
            elif item.assignee and over.assignee and not self._is_agency(item.assignee):
                strays[item.assignee] = over.assignee
        _remap_assignees(kept, strays)
        return sorted([*kept, *quoted], key=lambda i: i.start)

    def _speech_goes_on(
        self, text: str, sent: Span, para_start: int, cues: list[_Cue], state: _State
    ) -> tuple[bool, bool]:
        """Whether a sentence outside a speech goes on with the last speaker: (a body promises right after he
        spoke, a subject-first task goes on with his instruction block). With nobody having spoken, a body that
        states its own plan becomes the speaker of this sentence (``_read_paragraph`` ends that after it)."""
        s_start, s_end = para_start + sent.start_char, para_start + sent.end_char
        if not state.in_speech and state.speaker is None:
            # "Từ năm 2027, tỉnh X sẽ thực hiện ...", no one having spoken: the body reports its own plan
            body = self._promising_body(text[s_start:s_end], acting=True)
            if body is not None and not self._names_a_government(body):
                body = None  # "Các ngành chức năng sẽ ...", "Những tưởng ... sẽ ...": no body that plans
            if body is not None:
                state.speaker = state.speaker_context = body
            return body is not None, False
        if state.in_speech:
            return False, False
        if state.speech_gap <= _SPEECH_MAX_GAP and self._opens_commitment(text[s_start:s_end]):
            return True, False
        block = state.block_gap <= _BLOCK_MAX_GAP and self._opens_subject_first(text, s_start, s_end, cues)
        return False, block

    def _reads_as_report(self, sentence: str) -> bool:
        """A sentence that reports what was done or reached: it closes an instruction block."""
        return bool(self._rx["report_marker"].search(sentence))

    def _speaker_resolver(self, text: str, persons: list[_Person]) -> Callable[[str, int], str | None]:
        """The discourse component's speaker names: a name, a title resolved to a name, or a body."""

        def resolve(chunk: str, at: int) -> str | None:
            start = self._speaker_chunk_start(chunk)
            if start is None and self._is_body_head(chunk):
                return self._body_named_before(text, chunk.strip(), at)
            if start is None:
                # "Đại tá Nguyễn Văn A, Phó Giám đốc Công an tỉnh": a rank or title the lexicon lacks
                names = self.find_person_names(chunk)
                return names[0][2] if names else None
            reference = chunk[start:]
            issuer, _ = self._resolve_speaker(reference, at + start, persons)
            if self._headed_body(reference) is not None:
                return issuer  # "Người đứng đầu UBND tỉnh X": the head introduced with a title of that body
            title = self._title_words(reference)
            if issuer and issuer.endswith(" " + title):
                return issuer  # "Ông Khôi": a pronoun and the given name of the person introduced earlier
            if issuer and issuer not in reference and title and not _introduced_with(text, issuer, title):
                return reference.strip()  # the name was found near the title, not introduced by it
            return issuer

        return resolve

    def _is_body_head(self, chunk: str) -> bool:
        """ "Sở", "Ban": one capitalised word that opens the name of a body."""
        word = chunk.strip()
        return " " not in word and word[:1].isupper() and word.lower() in self._body_heads

    def _body_named_before(self, text: str, head: str, at: int) -> str | None:
        """ "Sở Du lịch tỉnh X cho biết ... Sở yêu cầu ...": the last body with the head word ``head`` that opened a
        sentence before ``at`` (a subject, as the speaker was; one named inside a sentence is an object), or None."""
        before = text[:at]
        opening = rf"(?:^|(?<=[.!?:]\s)|(?<=\n)){re.escape(head)}\s+"
        named = [found for found in re.finditer(opening, before) if before[found.end() : found.end() + 1].isupper()]
        for found in reversed(named):
            clause_end = min(
                (i for i in (before.find(c, found.end()) for c in (",", ". ", ";", ":", "\n")) if i >= 0), default=at
            )
            body = self._issuing_body(before[found.start() : clause_end])
            if body is not None:
                body = self._before_its_verb(body)
            if body is not None and len(body.split()) > 1:
                return body
        return None

    def _before_its_verb(self, body: str) -> str:
        """ "Sở Du lịch tỉnh X cho biết": a body's name ends before the verb that reports, asks or acts."""
        verbs = [f" {v} " for v in (*self.lexicon.cue("reporting_verbs"), *self.lexicon.cue("speech_acts"))]
        padded = f"{body} "
        body = min((padded[: padded.find(v)] for v in verbs if v in padded), key=len, default=body)
        action = self._action_word.search(body)
        return (body[: action.start()] if action else body).strip()

    def _title_words(self, reference: str) -> str:
        """The first words of a title reference without its pronoun: "đồng chí Phó Chủ tịch UBND tỉnh đã" ->
        "Phó Chủ tịch UBND"."""
        words = reference.split()
        pronouns = self.lexicon.cue("person_pronouns")
        while words and any(" ".join(words[: len(p.split())]).lower() == p for p in pronouns):
            words = words[max(len(p.split()) for p in pronouns if " ".join(words[: len(p.split())]).lower() == p) :]
        return " ".join(words[:_TITLE_WORDS])

    def _merge_tasks(self, text: str, items: list[_Item], tasks: list[Task]) -> list[_Item]:
        """The discourse component's tasks that no item of the sentence rules already covers."""
        merged = list(items)
        strays: dict[str, str] = {}  # an addressee the sentence rules misread -> the discourse component's
        for task in tasks:
            same = [i for i in items if i.start < task.end and task.start < i.end]
            for item in same:
                self._reconcile_fields(text, item, task, alone=len(same) == 1)
            if len(same) == 1:
                misread = same[0].assignee
                self._take_discourse_start(text, same[0], task)
                if misread and same[0].assignee != misread and not self._is_agency(misread):
                    strays[misread] = same[0].assignee or misread
                if same[0].deadline is None:
                    same[0].deadline = task.deadline  # "Trong tháng 12, X yêu cầu ...": the lead-in's frame
            if same:
                continue
            kind: ItemKind = "commitment" if task.kind == "commitment" else "directive"
            merged.append(_Item(task.start, task.end, kind, task.issuer, task.assignee, task.deadline, task.rules, 0.6))
        # "Để ...": the later items the sentence rules gave the same misread addressee get the body too
        _remap_assignees(merged, strays)
        merged = _outside_addressees(text, merged, tasks)
        merged.sort(key=lambda i: i.start)
        return merged

    def _reconcile_fields(self, text: str, item: _Item, task: Task, *, alone: bool) -> None:
        """The sentence rules' item takes the discourse component's addressee or issuer where theirs is better."""
        if item.assignee is None and alone:
            item.assignee = task.assignee  # "Đối với các xã, ...": an addressee the sentence rules miss
            if task.kind == "commitment" and task.assignee:
                item.kind = "commitment"  # "X cho biết, nhiệm vụ của tỉnh là ... Tập trung ...": his body's plan
        if item.issuer is None and alone:
            # "Phát biểu tại hội nghị đồng chí X yêu cầu ... Đồng chí cũng đề nghị ...": a pronoun whose speaker
            # only the discourse component read (the lead-in had no comma for the sentence rules)
            item.issuer = task.issuer
        # "các sở, ban, ngành; UBND các huyện" over a semicolon: the longer addressee list wins
        longer = item.assignee and task.assignee and len(task.assignee) > len(item.assignee)
        if longer and task.assignee and item.assignee and task.assignee.startswith(item.assignee):
            added = task.assignee[len(item.assignee) :].strip()
            item.assignee = task.assignee
            # "yêu cầu các lực lượng cứu hộ tìm kiếm ...": the words the longer addressee took from the
            # task ("cứu hộ") leave the task, with a modal after them ("đoàn kiểm tra phải ...")
            taken = text[item.start : task.start].strip()
            if item.start < task.start < item.end and taken and added and taken.startswith(added):
                item.start = task.start
        # "Chủ tịch UBND huyện vừa có công văn": the discourse component ends a name at its first verb
        # (a capitalised rest is the name itself: "Chủ tịch UBND tỉnh Trần Phong")
        rest = item.issuer[len(task.issuer) + 1 :] if task.issuer and item.issuer else ""
        if task.issuer and item.issuer and item.issuer.startswith(task.issuer + " ") and rest[:1].islower():
            item.issuer = task.issuer

    def _take_discourse_start(self, text: str, item: _Item, task: Task) -> None:
        """ "yêu cầu các sở, ngành theo chức năng, nhiệm vụ được giao khẩn trương triển khai ...": where the
        sentence rules swallowed a scope phrase and the action's first words into the addressee, the discourse
        component's shorter addressee and earlier start win (same end, its addressee a prefix of theirs). Their
        addressee that ends with its unit is a full name the discourse component may have cut at a verb, unless
        its own addressee is a whole name too ("Ban Tổ chức Tỉnh ủy").

        "các kho hàng phải được kiểm tra ...": where the discourse component kept a subject the task is done to
        (``decide.patient``), its start wins and the subject is no addressee."""
        if "decide.patient" in task.rules and task.start < item.start < task.end:
            item.start, item.end, item.assignee = task.start, max(item.end, task.end), None
            return
        if "decide.enumeration" in task.rules and (
            task.start <= item.start < task.end or item.start <= task.start < item.end
        ):
            # "... gồm: Nghị quyết về ...; Nghị quyết về ...": the enumeration after the semicolons is the item's
            # (also when the item starts earlier: "tiếp tục quán triệt, thực hiện Chỉ thị số 13 ...; ...")
            item.end = max(item.end, task.end)
        # "Để xây dựng ..., Ban Thường vụ Tỉnh ủy cần ...": the sentence rules took a word of a purpose clause
        # for the addressee; the discourse component's body, later in the same item, is the addressee
        strays = item.assignee and task.assignee and not self._is_agency(item.assignee)
        if strays and self._is_agency(task.assignee or "") and item.start < task.start < item.end:
            item.start, item.assignee = task.start, task.assignee
            return
        if task.end != item.end or task.start >= item.start or not (task.assignee and item.assignee):
            return
        if self._passes_down(text[task.start : item.start], item.assignee):
            # "yêu cầu UBND các huyện chỉ đạo các chủ đầu tư khắc phục ...": directing is the huyện's task
            item.start, item.assignee = task.start, task.assignee
            return
        if item.assignee == task.assignee:
            # same addressee: an earlier start in the same clause keeps a first verb the sentence rules skipped
            if "," not in text[task.start : item.start]:
                item.start = task.start
            return
        if self._ends_with_unit(item.assignee) and not _ends_a_name(task.assignee):
            return
        if item.assignee.startswith(task.assignee):
            item.start, item.assignee = task.start, task.assignee

    def _passes_down(self, skipped: str, assignee: str) -> bool:
        """The words the sentence rules skipped are a relay verb and their addressee ("chỉ đạo các chủ đầu tư")."""
        low = skipped.lower()
        return assignee in skipped and any(low.startswith(v + " ") for v in self.lexicon.cue("passed_down_verbs"))

    def _ends_with_unit(self, name: str | None, *, committees: bool = False) -> bool:
        """ "Đội kiểm tra quy tắc đô thị phường": a body's full name ends with its administrative unit; with
        ``committees``, a party committee named by its level ends one too ("Bí thư Tỉnh ủy")."""
        low = (name or "").lower().rstrip(" ,.")
        units = self.lexicon.cue("admin_units") + (self.lexicon.cue("level_committees") if committees else ())
        return any(low.endswith(" " + unit) for unit in units)

    def _opens_subject_first(self, text: str, start: int, end: int, cues: list[_Cue]) -> bool:
        """True when a sentence opens with an addressed body and goes straight to its task.

        "Sở Tài nguyên chủ trì, phối hợp ...", "Chủ tịch UBND các xã tổ chức ...", "Các trường học
        có trách nhiệm ...", "Đối với Ban Quản lý các khu công nghiệp, cần ..." -> True; "Sở Tài nguyên đã mở lớp ...",
        "Tổng kinh phí ..." -> False.
        """
        pos = start
        if self._rx["news_opening"].match(text[pos:end]) and not self._rx["future_marker"].search(text[pos:end]):
            return False  # "Sáng 3/4, Sở Y tế tổ chức ...": a news report, not the next task
        m = self._rx["list_marker"].match(text[pos:end])
        if m:
            pos += m.end()
        m = self._rx["connectives_lead"].match(text[pos:end])
        if m:
            pos += m.end()
        topic = self._topic_addressee(text[pos:end])
        if topic is not None:
            _, topic_len = topic
            rest = text[pos + topic_len : end]
            lead = self._rx["modals_lead"].match(rest)
            action_at = pos + topic_len + (lead.end() if lead else 0)
            topic_action = self._first_action_t(text, cues, action_at, end)
            return topic_action is not None and topic_action.start == action_at
        action = self._first_action_t(text, cues, pos, end)
        if action is None or action.start == pos:
            return False
        subject = text[pos : action.start].strip()
        if (
            len(subject.split()) > 16
            or self._rx["report_marker"].search(subject)
            or self._rx["current_aspect"].search(subject)
        ):
            return False
        if any(
            c.label in ("speech_acts", "reporting_verbs", "statement_verbs") and pos <= c.start < action.start
            for c in cues
        ):
            return False
        subject = self._rx["modal_tail"].sub("", subject).strip(" ,:")
        return self._is_agency(subject)

    def _opens_commitment(self, sentence: str) -> bool:
        """A sentence where a body promises, after a speaker was introduced earlier.

        "Thời gian tới, Sở sẽ mở thêm hai điểm tiêm ...", "Huyện cũng cam kết không để ...",
        "Trong quý III, phường sẽ ..." -> True; "Năm qua, Sở đã ..." -> False.
        """
        return self._promising_body(sentence) is not None

    def _scheduled(self, text: str) -> bool:
        """ "Dự kiến, ...", "Theo kế hoạch, ...": the text opens with what is planned to happen."""
        low = text.lstrip(' ,:"“').lower()
        return any(low.startswith(w + " ") or low.startswith(w + ",") for w in self._w["schedule_openers"])

    def _names_a_government(self, subject: str) -> bool:
        """ "tỉnh Nam Hà", "Huyện", "UBND tỉnh", "Sở Y tế": a level of government or an issuing body."""
        first = subject.split()[0].lower() if subject.split() else ""
        return first in self.lexicon.cue("admin_units") or self._issuing_body(subject) is not None

    def _promising_body(self, sentence: str, acting: bool = False) -> str | None:
        """The body that promises in a sentence that ``_opens_commitment``, as written; None for any other. With
        ``acting``, the promise must open with an action ("Phường sẽ có diện tích ...": a state, no plan)."""
        sentence = _OUTLET_CREDIT.sub("", sentence, count=1)  # "(BTV) Từ năm 2020, tỉnh X sẽ ..."
        m = self._rx["opening_promise"].match(sentence)
        if m is None or self._scheduled(sentence) or (acting and not self._action_word.match(sentence, m.end())):
            return None
        head, subject = m.group(1), m.group(2)
        if head is not None and not (
            self._rx["vague_future"].fullmatch(head.strip())
            or find_deadline(head + " ")
            or self._rx["year_frame"].fullmatch(head.strip())
        ):
            return None
        promises = self._is_agency(subject) and not self._rx["report_marker"].search(subject)
        return subject.strip() if promises else None

    def _topic_addressee(self, seg: str) -> tuple[str, int] | None:
        """ "Đối với X, ..." / "Riêng X, ...": the addressed body X and the length of the topic with its comma.

        The body may hold commas ("Đối với các phòng, ban thuộc huyện, cần ..."): the topic ends at the first
        comma after which a modal or an action verb follows.
        """
        m = self._rx["topic_opener"].match(seg)
        if not m:
            return None
        heads = self.lexicon.cue("action_heads") + self.lexicon.cue("modals") + self.lexicon.cue("speech_acts")
        titles = self.lexicon.cue("titles") + self.lexicon.cue("person_pronouns")
        comma_at = seg.find(",", m.end())
        first_chunk = f" {seg[m.end() : comma_at if comma_at >= 0 else len(seg)]} "
        duty = min(
            (i for w in self.lexicon.cue("obligation_modals") if (i := first_chunk.find(f" {w} ")) > 0), default=0
        )
        if duty:
            # "Đối với vùng ven biển phải kêu gọi ...": with no comma, the duty closes the topic
            return first_chunk[:duty].strip(), m.end() + duty
        previous = 0
        for comma in re.finditer(r",\s*", seg[m.end() :]):
            body = seg[m.end() : m.end() + comma.start()].strip()
            after = seg[m.end() + comma.end() :].lower()
            if len(body.split()) > 20:
                return None
            if previous and self._acts_inside(seg[m.end() + previous : m.end() + comma.start()], heads):
                # "Đối với các cống hư hỏng, đơn vị quản lý chủ động sửa ngay, ...": a chunk that acts after a
                # comma is the task's own clause, so the topic ended at the comma before it
                return seg[m.end() : m.end() + previous].strip(" ,"), m.end() + previous
            if any(after.startswith(h + " ") for h in heads) or any(after.startswith(t + " ") for t in titles):
                return body, m.end() + comma.end()
            previous = comma.end()
        return None

    @staticmethod
    def _acts_inside(chunk: str, heads: tuple[str, ...]) -> bool:
        """A subject and its verb in a comma chunk: a known action head after the chunk's first word."""
        _, _, after_first = chunk.lower().partition(" ")
        return _has_phrase(after_first, heads)

    def _quoted_obligations(self, ctx: _ReaderContext, state: _State) -> list[_Item]:
        """Obligations inside a quotation attributed to a speaker after it.

        "“Các trạm y tế phải trực 24/24 giờ. Không để người bệnh chờ lâu”, Giám đốc Sở nhấn mạnh." ->
        "trực 24/24 giờ" and "Không để người bệnh chờ lâu", both for "Các trạm y tế", issued by the
        speaker; "“Tôi rất vui khi ...”, ông nói." and "“Chúng ta phải ...”" give nothing.
        """
        # "“...”, Giám đốc Sở nhấn mạnh." / "“... trước ngày 1/6,” ông yêu cầu." / "Ông nói: “...”"
        para_start, para = ctx.paragraph.start, ctx.paragraph.text
        if "“" not in para and '"' not in para:
            return []
        out: list[_Item] = []
        for quote, quote_at, speaker_chunk, speaker_at, match_start in self._quotations(para):
            chunk = speaker_chunk.strip().lstrip("-– ")  # "“...” - ông X nhấn mạnh": a dash before the speaker
            pronoun = chunk.lower() in self.lexicon.cue("person_pronouns")
            if self._speaker_chunk_start(chunk) != 0 and not pronoun:
                continue
            issuer, _ = self._resolve_in(chunk, para_start + speaker_at, ctx, state)
            named_before = self.find_person_names(para[: min(match_start, speaker_at)])
            if pronoun and named_before:
                # "..., đồng chí nói": the person named earlier in the paragraph
                issuer = named_before[-1][2]
            out.extend(self._quote_items(quote, para_start + quote_at, issuer))
        return out

    def _quotations(self, para: str) -> list[tuple[str, int, str, int, int]]:
        """Quotations with their speaker: (quote, its offset, speaker chunk, its offset, start of the match),
        the quote-first form ("“...”, ông nói") before the colon form ("Ông nói: “...”")."""
        found = [
            (m.group(1), m.start(1), m.group(2), m.start(2), m.start()) for m in self._rx["quote_after"].finditer(para)
        ]
        found += [
            (m.group(2), m.start(2), m.group(1), m.start(1), m.start()) for m in self._rx["quote_colon"].finditer(para)
        ]
        # "“...” - đó là chỉ đạo của Bí thư Tỉnh ủy X": the speaker named after the quotation as its author
        found += [
            (m.group(1), m.start(1), m.group(2), m.start(2), m.start())
            for m in self._rx["quote_named_after"].finditer(para)
        ]
        return found

    def _quote_items(self, quote: str, quote_abs: int, issuer: str | None) -> list[_Item]:
        """The duties and promises of one quotation, sentence by sentence; the subject named by one sentence
        goes on in the sentences after it ("Các trạm phải trực ... Không để ...")."""
        out: list[_Item] = []
        assignee: str | None = None
        goes_on = False  # the piece before was a duty that ended with a semicolon
        for s in re.finditer(r"[^.!?;]+[.!?;]?", quote):
            sentence = s.group(0).strip()
            s_abs = quote_abs + s.start() + (len(s.group(0)) - len(s.group(0).lstrip()))
            duty = self._quoted_duty(sentence, assignee)
            if duty is None and goes_on and self._rx["quoted_action"].match(sentence):
                duty = (0, out[-1].kind, assignee)  # "... tỉnh cần chăm lo ...; bảo vệ ...": the duty goes on
            goes_on = duty is not None and sentence.endswith(";")
            if duty is None:
                continue
            action_at, kind, assignee = duty
            item_text = _TRIM_END.sub("", sentence[action_at:]).strip()
            if len(item_text.split()) < 2:
                continue
            start = s_abs + action_at
            cue = "quoted obligation" if kind == "directive" else "quoted promise"
            deadline = find_deadline(item_text)
            out.append(_Item(start, start + len(item_text), kind, issuer, assignee, deadline, (cue,), 0.5))
        return out

    def _quoted_duty(self, sentence: str, assignee: str | None) -> tuple[int, ItemKind, str | None] | None:
        """Where the task of one quoted sentence starts, its kind and its assignee; None when it holds none.

        "Các trạm phải trực ..." -> after "phải", for "Các trạm"; "Phường sẽ hoàn thành ..." -> a promise
        of "Phường"; "Không để ..." after a subject, or a passive duty ("... phải được báo cáo") -> whole."""
        ob = self._rx["quoted_obligation"].match(sentence)
        kind: ItemKind = "directive"
        promise = None if ob else self._rx["quoted_promise"].match(sentence)
        if promise and self._is_first_person(promise.group(1)):
            # "“Tôi sẽ giữ mối liên hệ với cử tri ...”, ông nói.": the speaker's own promise, no other assignee
            return promise.end(), "commitment", None
        if promise and self._is_agency(promise.group(1)) and not self._rx["report_marker"].search(promise.group(1)):
            # "“Phường sẽ hoàn thành ... trước ngày 1/6”, ông cam kết.": the speaker promises for the body
            ob, kind = promise, "commitment"
        if assignee is not None and self._rx["quoted_never"].match(sentence):
            return 0, kind, assignee
        if ob and self._rx["passive_after"].match(sentence[ob.end() :]):
            # "“Mọi vụ cháy phải được báo cáo trong 2 giờ”": a passive duty names the matter, not the doer
            return 0, kind, assignee
        if ob and not self._rx["quoted_past"].search(ob.group(1)):
            return self._quoted_subject(ob.group(1).strip(), ob.end(), kind, assignee)
        return None

    def _quoted_subject(
        self, subject: str, after: int, kind: ItemKind, assignee: str | None
    ) -> tuple[int, ItemKind, str | None] | None:
        """The subject of a quoted duty: a body becomes the assignee (the task starts ``after`` its modal), a
        matter stays in the task, the speaker's "we" and a long description give nothing; a connective alone
        ("Vì thế phải ...") names no one, and the subject before goes on."""
        if not self._rx["connectives_lead"].sub("", subject).strip(" ,"):
            return after, kind, assignee
        if self._is_first_person(subject):
            return None
        if self._is_matter(subject) and len(subject.split()) <= 12:
            # "“... Toàn bộ 40 căn phải xong trước ngày 1/6”", "“Quá trình cứu nạn cần ...”": the matter stays in
            # the task, for the subject named before (or no one)
            return 0, kind, assignee
        if (len(subject.split()) > 8 or "," in subject) and not self._is_agency(subject):
            # "“X là tỉnh có vị trí chiến lược, do vậy tỉnh cần ...”": the last clause names the one obliged
            last = self._rx["connectives_lead"].sub("", subject.rsplit(",", 1)[-1].strip()).strip()
            return (after, kind, last) if "," in subject and last and self._is_agency(last) else None
        return after, kind, subject

    def _is_first_person(self, subject: str) -> bool:
        """ "Tôi", "Chúng tôi", "chúng ta": the speaker himself (or with his body) as the subject."""
        words = subject.strip().lower()
        first_person = self.lexicon.cue("first_person")
        return bool(words) and (words in first_person or words.split()[0] in first_person)

    def _signer_of(self, para: str) -> str | None:
        """ "Văn bản này do Phó Chủ tịch huyện Tạ Thị Ngân ký" -> the documents' signer."""
        if self._rx["signature"].search(para):
            names = self.find_person_names(para)
            for s, _, name in names:
                if self._rx["signature"].search(para[s:]):
                    return name
        return None

    def _sentence(self, ctx: _ReaderContext, clauses: list[Span], state: _State, list_head: bool) -> _SentenceResult:
        """Items of one sentence, clause by clause; a time frame a clause sets dates the items without one."""
        text, para_start = ctx.text, ctx.paragraph.start
        result = _SentenceResult()
        frame: str | None = None
        has_speaker = False
        past_scope = False
        for idx, clause in enumerate(clauses):
            c_start = para_start + clause.start_char
            c_end = para_start + clause.end_char
            previous = text[para_start + clauses[idx - 1].start_char : c_start] if idx > 0 else None
            past_scope = self._past_scope(past_scope, bool(result.items), previous, text[c_start:c_end])
            cues = self._cues(ctx.paragraph.doc, clause, para_start)
            start = self._clause_start(text, c_start, c_end, idx == 0 and list_head)
            read = _Clause(start, c_end, cues, idx == 0, idx == len(clauses) - 1, past_scope)
            frame, has_speaker = self._read_clause(ctx, read, state, result, frame, has_speaker)
        self._fold_deadline_segments(text, result)
        for item in result.items:
            if item.deadline is None and frame is not None:
                item.deadline = frame
        return result

    def _clause_start(self, text: str, start: int, end: int, list_head: bool) -> int:
        """Where a clause's words start: after the list marker of a list entry and after leading connectives."""
        if list_head:
            m = self._rx["list_marker"].match(text[start:end])
            if m:
                start += m.end()
        m = self._rx["connectives_lead"].match(text[start:end])
        return start + m.end() if m else start

    def _read_clause(
        self,
        ctx: _ReaderContext,
        clause: _Clause,
        state: _State,
        result: _SentenceResult,
        frame: str | None,
        has_speaker: bool,
    ) -> tuple[str | None, bool]:
        """Read one clause into ``result``; the time frame and whether the sentence has named its speaker."""
        text, pos = ctx.text, clause.start
        if clause.first:
            colon = self._colon_speaker(text, pos, clause.end, clause.cues)
            if colon is not None:
                # "Giám đốc Sở Lê Hữu Tài: Từ tháng tới, ngành sẽ ..."
                self._take_speaker(text[pos:colon], pos, ctx, state)
                state.in_speech = True
                state.kind = "directive"
                has_speaker = result.lead_in = True
                pos = colon + 1
            per_document = self._rx["per_document"].match(text, pos, clause.end)
            if per_document is not None:
                # "Theo kế hoạch, Sở X chủ trì ...": the document speaks for its signer; its tasks follow
                state.speaker = ctx.signer or state.speaker
                state.in_speech = True
                state.kind = "directive"
                state.addressee = None
                result.lead_in = True
                pos = per_document.end()
            clause = replace(clause, start=pos)
        if clause.last and self._reported_instruction(ctx, pos, clause.end, state):
            # "Chủ tịch UBND tỉnh X đã có ý kiến chỉ đạo." -> X speaks the instructions that follow
            result.lead_in = True
            result.reason = "reported instruction: speaker changes"
            return frame, True
        lead = self._lead_in(text, pos, clause.end, clause.cues, state.speaker is not None)
        if lead is not None:
            return self._follow_lead(ctx, clause, lead, state, result, frame), True
        return self._read_plain_clause(ctx, clause, state, result, frame, has_speaker)

    def _colon_speaker(self, text: str, pos: int, end: int, cues: list[_Cue]) -> int | None:
        """The colon after a named speaker that opens a clause ("Giám đốc Sở Lê Hữu Tài: ..."), or None."""
        colon = text.find(":", pos, end)
        if colon <= pos:
            return None
        head = text[pos:colon]
        if (
            len(head.split()) <= 14
            and self.find_person_names(head)
            and self._speaker_chunk_start(head) == 0
            and not any(c.label in ("speech_acts", "reporting_verbs") and c.start < colon for c in cues)
        ):
            return colon
        return None

    def _follow_lead(
        self,
        ctx: _ReaderContext,
        clause: _Clause,
        lead: tuple[str, _Cue, int | None],
        state: _State,
        result: _SentenceResult,
        frame: str | None,
    ) -> str | None:
        """A clause opened by a speech act, a reporting verb or an agreement: its speaker, then what follows."""
        kind_of_lead, verb, speaker_start = lead
        text = ctx.text
        result.lead_in = True
        topic = ""
        if speaker_start is not None:
            self._take_speaker(text[speaker_start : verb.start], speaker_start, ctx, state)
            topic = text[clause.start : speaker_start]
        if kind_of_lead == "speech":
            return self._speech(
                text, _last_of_adjacent_acts(text, verb, clause.cues), clause, state, topic, result, frame
            )
        if kind_of_lead == "agreement":
            self._agreement(text, clause, verb, state, result)
            return frame
        # "Trong 2 tháng còn lại của năm 2027, tỉnh X cho biết sẽ ...": the time before the speaker dates the promise
        lead_time = find_deadline(topic.strip(" ,") + " ") if topic.strip() else None
        return self._commitment(text, verb.end, clause.end, state, result, frame or lead_time)

    def _read_plain_clause(
        self,
        ctx: _ReaderContext,
        clause: _Clause,
        state: _State,
        result: _SentenceResult,
        frame: str | None,
        has_speaker: bool,
    ) -> tuple[str | None, bool]:
        """A clause without a lead-in verb: a target, a pledge, a statement of a speaker, or the next task of
        the running speech."""
        pos = clause.start
        if clause.first:
            target_frame = self._target_statement(ctx, pos, clause.end, state, result)
            if target_frame is not None:
                return target_frame or frame, True
        if self._pledge(ctx, pos, clause.end, state, result):
            return frame, True
        if self._statement_speaker(ctx, pos, clause.cues, state):
            state.in_speech = False
            result.reason = "statement of the speaker"
            self._trailing_promise(ctx.text, pos, clause.end, state, result)
            return frame, True
        if clause.past_scope:
            # "X cho biết, năm qua đã hỗ trợ ...; thành lập ...; tổ chức ...": the past runs over the semicolons
            result.negatives.append("past list")
        elif state.in_speech or state.list_mode:
            frame = self._continuation(ctx.text, clause, state, result, frame, has_speaker)
        else:
            result.negatives.append("no speaker")
        return frame, has_speaker

    def _fold_deadline_segments(self, text: str, result: _SentenceResult) -> None:
        """ "A; xong trước ngày 21/11": a segment that only sets the time of the task before it.

        The deadline goes to the previous item of the sentence instead of standing as an item of its own;
        "A; hoàn thành hồ sơ trước ngày 21/11" (with an object) stays an item.
        """
        kept: list[_Item] = []
        for item in result.items:
            item_text = text[item.start : item.end]
            rest = item_text.replace(item.deadline or "\0", "")
            if kept and item.deadline and self._rx["deadline_only"].fullmatch(rest):
                if kept[-1].deadline is None:
                    kept[-1].deadline = item.deadline
                continue
            kept.append(item)
        result.items = kept

    def _reported_instruction(self, ctx: _ReaderContext, pos: int, end: int, state: _State) -> bool:
        """A sentence reporting that a leader gave instructions, whose content follows ("Theo đó, ...").

        "Sau khi nghe báo cáo, Bí thư Huyện ủy Hà Văn Tư đã có ý kiến chỉ đạo." / "Chủ tịch UBND tỉnh đã
        kết luận như sau:" -> the speaker becomes that leader and a speech opens; "Sở Y tế đã chỉ đạo các
        trạm ..." (an act with its content) -> False.
        """
        text = ctx.text
        m = self._rx["reported_act"].search(text[pos:end])
        if m is None:
            return False
        prefix = text[pos : pos + m.start()]
        start = self._person_chunk_start(prefix, max_words=14)
        if start is None:
            return False
        chunk = prefix[start:]
        if not self.find_person_names(chunk) and not chunk.lower().startswith(self._prefixes("titles")):
            return False
        self._take_speaker(chunk, pos + start, ctx, state)
        state.in_speech = True
        state.kind = "directive"
        state.addressee = None
        if text[pos:end].rstrip().endswith(":") or self._rx["as_follows_end"].search(text[pos:end]):
            state.list_mode = True
            state.list_addressee = None
        return True

    def _lead_in(
        self, text: str, pos: int, end: int, cues: list[_Cue], speaker_known: bool
    ) -> tuple[str, _Cue, int | None] | None:
        """The verb that opens a speech ("yêu cầu", "cho biết", "thống nhất") and where its speaker starts.

        "Phó Chủ tịch huyện đề nghị ..." -> ("speech", đề nghị, start of "Phó Chủ tịch");
        "...; giao Phòng Tư pháp ..." -> ("speech", giao, None) when a speaker is known (``speaker_known``);
        "ông X, Giám đốc Y cho biết, Z sẽ ..." -> ("report", cho biết, start of "ông").
        """
        bare_acts = self.lexicon.cue("bare_speech_acts")
        bare: tuple[str, _Cue, int | None] | None = None
        for c in self._lead_verbs(text, pos, cues):
            prefix = text[pos : c.start]
            if self._not_a_lead(c, pos, prefix):
                continue
            if c.label == "agreement_verbs":
                if self._joint_subject(prefix):
                    return "agreement", c, None
                continue
            lead_time = prefix.strip(" ,")
            if not lead_time or self._rx["vague_future"].fullmatch(lead_time) or _only_a_time(lead_time):
                # "...; trước mắt giao Sở X ...": a time adverbial before the act keeps it bare
                if bare is None and speaker_known and c.label == "speech_acts" and c.text.lower() in bare_acts:
                    bare = ("speech", c, None)
                continue
            if self._rx["past_word"].search(prefix):
                continue
            if c.label == "reporting_verbs":
                found = self._reporting_lead(c, pos, prefix) or self._body_reports_promise(text, c, pos, prefix)
            else:
                found = self._speech_lead(text, pos, c, prefix, cues)
            if found is not None:
                return found
        return bare if bare is not None else self._per_speaker_lead(text, pos, end)

    def _lead_verbs(self, text: str, pos: int, cues: list[_Cue]) -> list[_Cue]:
        """Speech acts, reporting and agreement verbs at or after ``pos``, in text order; a speech act wins over
        another label on the same words, and an inspection's or a document's "kiến nghị" is a speech act."""
        verbs: dict[tuple[int, int], _Cue] = {}
        for c in cues:
            if c.label == "statement_verbs" and c.text.lower() in self._w["recommend_verb"] and c.start > pos:
                speaker = text[pos : c.start].split(",")[-1].strip()
                if self._rx["inspection_body"].match(speaker) or (
                    self._rx["document_start"].match(speaker) and len(speaker.split()) <= 4
                ):
                    # "Thanh tra tỉnh kiến nghị Chủ tịch UBND huyện ...": an inspection's order to fix
                    c = _Cue("speech_acts", c.start, c.end, c.text)
            if c.label not in ("speech_acts", "reporting_verbs", "agreement_verbs") or c.start < pos:
                continue
            opening = text[c.start : c.start + 16]
            if (opening[:1].lower() + opening[1:]).startswith(self._w["speech_nouns"]):
                continue  # "giao thông", "giao dịch": a noun that opens with a speech act's word ("giao Ban ...": not)
            key = (c.start, c.end)
            if key not in verbs or c.label == "speech_acts":
                verbs[key] = c
        return sorted(verbs.values(), key=lambda c: c.start)

    def _not_a_lead(self, verb: _Cue, pos: int, prefix: str) -> bool:
        """A verb cue that opens no speech: inside a name ("Ban Chỉ đạo"), a noun or a passive after a word that
        governs it ("ý kiến chỉ đạo", "được giao"), or the second verb of "A và B" (unless it reports)."""
        if verb.text[:1].isupper() and verb.start > pos:
            return True
        governed = _ends_with(self._rx["governed_verb"], prefix)
        return governed or (verb.label != "reporting_verbs" and _ends_with(self._rx["and_before"], prefix))

    def _joint_subject(self, prefix: str) -> bool:
        """Bodies joined by "và" before an agreement verb: "UBND huyện và Hội Nông dân huyện thống nhất ..."."""
        subject = self._rx["connectives_lead"].sub("", prefix.split(",")[-1].strip())
        return self._is_agency(subject) and bool(self._rx["joint_and"].search(subject))

    def _body_reports_promise(
        self, text: str, verb: _Cue, pos: int, prefix: str
    ) -> tuple[str, _Cue, int | None] | None:
        """A body that reports its own plan ("..., tỉnh Vĩnh Hòa cho biết sẽ tập trung ..."): it speaks, and what it
        will do is its commitment."""
        chunk = prefix.split(",")[-1]
        body = chunk.strip()
        if not body or not self._is_agency(body) or len(body.split()) > 8:
            return None
        if not self._rx["future_start"].match(text[verb.end : verb.end + 12].lstrip(" ,:")):
            return None
        return "report", verb, pos + len(prefix) - len(chunk.lstrip())

    def _reporting_lead(self, verb: _Cue, pos: int, prefix: str) -> tuple[str, _Cue, int | None] | None:
        """A reporting verb after its speaker: a person ("ông X, Giám đốc Y cho biết") or a document."""
        # "Giám đốc Sở X ghi nhận các góp ý và khẳng định, ...": a longer chunk is fine here
        start = self._person_chunk_start(prefix, max_words=16)
        if start is not None:
            return "report", verb, pos + start
        if self._rx["document_start"].match(prefix.strip()) and len(prefix.split()) <= 4:
            # "Kết luận cũng nêu rõ, ... Thanh tra tỉnh sẽ ...": the document speaks for its signer
            return "report", verb, pos + len(prefix) - len(prefix.lstrip())
        return None

    def _speech_lead(
        self, text: str, pos: int, verb: _Cue, prefix: str, cues: list[_Cue]
    ) -> tuple[str, _Cue, int | None] | None:
        """A speech act after its speaker, with no action, report or statement between them."""
        # "Tỉnh Hà Nam lưu ý ...": a place gives an order; "Tỉnh Quảng Ngãi đề nghị Bộ ..." asks a higher level
        start = self._speaker_chunk_start(prefix, places=verb.text.lower() in self.lexicon.cue("order_verbs"))
        if start is None:
            return None
        between = text[pos + start : verb.start]
        if self._rx["document_start"].match(between) and len(between.split()) > 5:
            return None
        if verb.text.lower() in self._w["relay_verbs"] and self._department_alone(between):
            return None  # "...; Sở Y tế chỉ đạo các bệnh viện ...": the department passes its task down
        if any(
            x.label in ("action_heads", "past_markers", "statement_verbs") and pos + start <= x.start < verb.start
            for x in cues
            if x.text.lower() not in self._w["lead_aux"]
        ):
            return None
        return "speech", verb, pos + start

    def _per_speaker_lead(self, text: str, pos: int, end: int) -> tuple[str, _Cue, int | None] | None:
        """ "Theo Giám đốc Sở, từ quý sau, ngành sẽ ...": a promise reported after "Theo <speaker>,"."""
        m = self._rx["per_speaker"].match(text[pos:end])
        if m and self._rx["future_marker"].search(text[pos:end]) and self._speaker_chunk_start(m.group(1)) == 0:
            return "report", _Cue("reporting_verbs", pos + m.end(), pos + m.end(), ","), pos + m.start(1)
        return None

    def _person_chunk_start(self, prefix: str, max_words: int = 10) -> int | None:
        """First chunk of a reporting prefix that names its speaker: "Thay mặt ..., đồng chí X, ..." -> "đồng chí"."""
        for m in re.finditer(r"(?:^|,\s*)(?=\S)", prefix):
            chunk = prefix[m.end() :]
            low = chunk.lower()
            names = self.find_person_names(chunk[:60])
            if low.startswith(self._prefixes("person_pronouns")) or low.rstrip() in self.lexicon.cue("person_pronouns"):
                return m.end()
            if names and names[0][0] == 0:
                return m.end()
            if low.startswith(self._prefixes("titles")) and len(chunk.split()) <= max_words:
                return m.end()
        return None

    def _target_statement(
        self, ctx: _ReaderContext, pos: int, end: int, state: _State, result: _SentenceResult
    ) -> str | None:
        """A plan's or a leader's target: "<source> đặt mục tiêu <time>, <subject> phấn đấu <target>; <target>".

        "Kế hoạch đặt mục tiêu đến năm 2030, toàn huyện phấn đấu có 50 hợp tác xã; thu nhập đạt 80 triệu
        đồng/người" -> two targets of "toàn huyện" due "đến năm 2030", issued by the plan's signer (or the
        speaker). Returns the time frame ("" when there is none), or None when the clause is no target.
        """
        m = self._rx["target_statement"].match(ctx.text, pos, end)
        if m is None:
            return None
        source = m.group("source")
        if self._rx["document_start"].match(source):
            state.speaker = ctx.signer or state.speaker
        else:
            start = self._speaker_chunk_start(source)
            if start != 0:
                return None
        time = (m.group("time") or "").strip()
        subject = m.group("subject").strip()
        if not (self._is_agency(subject) or self._rx["whole_subject"].match(subject)):
            return None
        state.addressee = subject
        state.kind = "directive"
        state.in_speech = True
        deadline = find_deadline(time + " ")
        self._emit(ctx.text, m.start("target"), end, state, result, ("target",), 0.6, deadline=deadline)
        result.reason = "target"
        return deadline or ""

    def _trailing_promise(self, text: str, pos: int, end: int, state: _State, result: _SentenceResult) -> None:
        """A promise after the speaker's statement: "..., ông ghi nhận ... và khẳng định phường sẽ bố trí ...".

        "Bà đánh giá cao ... và cho biết huyện sẽ hỗ trợ kinh phí ..." -> "hỗ trợ kinh phí ..." (commitment of
        "huyện"); "... và khẳng định dự án sẽ được triển khai ..." (a passive future, a matter) -> nothing.
        """
        seg = text[pos:end]
        m = self._rx["trailing_promise"].search(seg)
        if m is None:
            return
        subject = m.group(1).strip()
        if not self._is_agency(subject) or self._rx["report_marker"].search(subject):
            return
        state.addressee = subject
        state.kind = "commitment"
        state.in_speech = True
        self._emit(text, pos + m.end(), end, state, result, self._promise_cue, 0.6)
        result.reason = "promise after a statement of the speaker"

    def _statement_speaker(self, ctx: _ReaderContext, pos: int, cues: list[_Cue], state: _State) -> bool:
        """ "Kết thúc buổi làm việc, Phó Chủ tịch huyện X ghi nhận ..." makes X the current speaker."""
        text, persons = ctx.text, ctx.persons
        first_action = True
        for c in sorted(cues, key=lambda c: c.start):
            if c.label not in ("statement_verbs", "reporting_verbs", "speech_acts", "action_heads") or c.start <= pos:
                continue
            if c.label == "action_heads":
                # "Thay mặt Tổ đại biểu, đại biểu Lò Thị A tiếp thu ...": a named person who acts is the one a
                # following "bà" refers to; a bare title doing something is not. Only the first action can be
                # the subject's verb.
                if not first_action or not any(pos <= p.start < c.start for p in persons):
                    first_action = False
                    continue
                first_action = False
            prefix = text[pos : c.start]
            start = self._person_chunk_start(prefix)
            if start is None:
                continue
            chunk = text[pos + start : c.start]
            if c.label == "action_heads" and not self.find_person_names(chunk):
                continue
            if len(chunk.split()) > 16 or any(
                x.label == "action_heads" and pos + start <= x.start < c.start for x in cues
            ):
                continue
            self._take_speaker(chunk, pos + start, ctx, state)
            return True
        return False

    def _speech(
        self,
        text: str,
        verb: _Cue,
        clause: _Clause,
        state: _State,
        topic: str,
        result: _SentenceResult,
        frame: str | None,
    ) -> str | None:
        """After "yêu cầu/đề nghị/giao ...": addressee up to the first action, then the item. Returns the
        sentence's time frame (a year named in a focus statement sets it)."""
        end, cues = clause.end, clause.cues
        state.in_speech, state.kind = True, "directive"
        focus = self._focus_task(text, verb.end, end)
        if focus is not None:
            (action_start, year), state.addressee = focus, None
            self._emit(text, action_start, end, state, result, ("speech:" + verb.text,), 0.7)
            return year or frame
        # "đề nghị sau khi có kết quả kiểm đếm, Phòng Tài chính trình ..."
        lead_deadline, body_start = self._after_condition(text, verb.end, end)
        addressed = self._addressed(text, body_start, end, self._speech_action(text, cues, body_start, end))
        addressee = self._without_mandate(self._with_topic(addressed.addressee, topic))
        if self._opens_list(text[body_start:end]):
            # "Giám đốc Sở đề nghị:" / "... làm tốt những việc sau:" opens a numbered list
            state.list_mode = True
            state.list_addressee = state.addressee = addressee
            result.list_intro = True
            result.reason = "list introduction"
            return frame
        action = addressed.action
        if action is None:
            if addressee is None or not self._is_agency(addressee):
                state.in_speech = False
                result.reason = "speech act without addressee or action"
                return frame
            state.pending_addressee = state.addressee = addressee
            result.reason = "addressee without action"
            return frame
        if addressee is not None and not addressed.split and self._is_statement_subject(addressee):
            self._statement_or_target(text, body_start, action.start, end, state, result)
            return frame
        if self._assesses_a_matter(text[body_start : action.start], text[action.start : end], result):
            return frame
        start = action.start
        if addressee is not None and _only_a_time(addressee):
            # "yêu cầu, trước ngày 25 hằng tháng phải báo cáo ...": a time frame, not who must act
            addressee, lead_deadline = None, lead_deadline or find_deadline(text[body_start:start] + " ")
        if self._stresses_a_matter(verb, addressee, addressed.split):
            if self._states_only(text[body_start:end], result):
                return frame
            start, addressee = _after_spaces(text, body_start, end), None
        if addressee is None and not topic and not addressed.matter:
            addressee = state.addressee if state.in_speech else None
        state.addressee = addressee
        state.pending_addressee = None
        if addressed.promised:
            state.kind = "commitment"
        self._emit(text, start, end, state, result, ("speech:" + verb.text,), 0.8, deadline=lead_deadline)
        return frame

    def _assesses_a_matter(self, before_action: str, task: str, result: _SentenceResult) -> bool:
        """ "(nhấn mạnh,) việc xây dựng tuyến đường có ý nghĩa rất quan trọng": a matter noun, then what it is worth;
        no instruction (noted on ``result``)."""
        lead = before_action.strip(" ,:").lower()
        assessed = lead in self.lexicon.cue("matter_nouns") and _has_phrase(task, self._w["assessment_phrases"])
        if assessed:
            result.reason = "assessment of a matter, not an instruction"
        return assessed

    def _statement_or_target(
        self, text: str, body_start: int, action_start: int, end: int, state: _State, result: _SentenceResult
    ) -> None:
        """A speech act whose words before the action are a statement: no task, unless a target follows it."""
        if self._target_after_statement(text[body_start:action_start], text[action_start:end]):
            # "nhấn mạnh, nhiệm vụ năm nay rất nặng nề, phấn đấu thu vượt 10% dự toán": the target after the
            # statement is the speaker's order, addressed to nobody in particular
            state.addressee = None
            self._emit(text, action_start, end, state, result, ("target after statement",), 0.5)
            return
        obliged = self._obliged_after_statement(text[body_start:action_start])
        if obliged is not None:
            # "nhấn mạnh, thời gian còn lại không nhiều, các chủ đầu tư cần tập trung ...": after the statement, the
            # last comma chunk names who must act
            state.addressee = obliged
            self._emit(text, action_start, end, state, result, ("subject after statement",), 0.6)
            return
        result.negatives.append("addressee is not an agency")
        result.reason = "quoted statement, not an instruction"

    def _obliged_after_statement(self, before_action: str) -> str | None:
        """The body in the last comma chunk before the action, bound by a modal ("..., các chủ đầu tư cần ")."""
        if "," not in before_action or not self._rx["modal_tail"].search(before_action):
            return None
        last = self._consequence.split(" " + before_action.rsplit(",", 1)[-1])[-1]
        last = self._rx["modal_tail"].sub("", self._rx["connectives_lead"].sub("", last.strip())).strip()
        return last if last and len(last.split()) <= 8 and self._is_agency(last) else None

    def _states_only(self, stressed: str, result: _SentenceResult) -> bool:
        """A matter stressed ("UBND tỉnh lưu ý phương án bảo vệ các tuyến đê") is the task, said to whoever is
        addressed already, unless it states how things are ("nhấn mạnh, kết quả giải ngân còn thấp")."""
        if any(w in self._w["state_words"] for w in stressed.lower().split()):
            result.reason = "a state stressed, not a task"
            return True
        return False

    def _stresses_a_matter(self, verb: _Cue, addressee: str | None, split: bool) -> bool:
        """An emphasis ("lưu ý", "nhấn mạnh") whose object before the action is a lower-case noun that names no body
        or person: the object is the task's subject ("phương án bảo vệ ..."), nobody is newly addressed."""
        return (
            verb.text.lower() in self._w["emphasis_verbs"]
            and addressee is not None
            and not split
            and addressee[:1].islower()
            and len(addressee.split()) <= 4
            and not self._is_agency(addressee)
            and not self.find_person_names(addressee)
        )

    def _focus_task(self, text: str, start: int, end: int) -> tuple[int, str | None] | None:
        """ "nhấn mạnh về hướng đi ... của ngành trong năm tới đó là mở rộng ...": where the task after "đó là"
        starts and the year the topic names; None when the speech has no such focus."""
        body = text[start:end]
        m = self._rx["focus_is"].search(body)
        if not (m and self._rx["about_start"].match(body.lstrip().lower())):
            return None
        year = self._rx["year_in_topic"].search(body[: m.start()])
        action_start = start + m.end()
        action_start += len(text[action_start:end]) - len(text[action_start:end].lstrip())
        return action_start, year.group(0) if year else None

    def _speech_action(self, text: str, cues: list[_Cue], start: int, end: int) -> _Cue | None:
        """The first action of a speech's body, past an addressee headed by an action word and past a body
        named by an action ("đề nghị lãnh đạo các phòng ... lãnh đạo, chỉ đạo ...")."""
        action = self._first_action_t(text, cues, start, end)
        heads = self.lexicon.cue("addressee_heads")
        while (
            action is not None
            and action.text.lower() in heads
            and not text[start : action.start].strip()
            and self._is_agency(text[action.end : action.end + 20].strip())
        ):
            action = self._first_action_t(text, cues, action.end + 1, end)
        if action is not None:
            named_on = self._body_name_with_verb(text, text[start : action.start], action, end, cues)
            action = named_on or action
        return action

    def _addressed(self, text: str, start: int, end: int, action: _Cue | None) -> _Addressed:
        """Who a speech addresses and where its task starts, from the body between the act and ``end``."""
        split = self._predicate_split(text, start, action.start if action else end, action is None)
        matter = False
        if split is not None:
            if self._is_matter(text[start : split[0]].strip(" ,:")):
                # "lưu ý việc thu phí phải gắn với ...": the whole obligation, nobody addressed
                matter = True
                split = (start, _after_spaces(text, start, end))
            action = _Cue("action_heads", split[1], split[1], text[split[1] : split[1] + 1])
            addressee_text = text[start : split[0]]
        else:
            addressee_text = text[start : action.start if action else end]
        future = self._future_inside.search(addressee_text)
        if future is not None and self._is_agency(addressee_text[: future.start()].strip(" ,")):
            # "nhấn mạnh, HĐND tỉnh sẽ có nghị quyết chất vấn và ...": the body promises what follows "sẽ", whatever
            # verb the lexicon knows after it
            at = start + future.end()
            action, addressee_text = _Cue("action_heads", at, at, text[at : at + 1]), addressee_text[: future.end()]
        # "đề nghị: thời gian tới, các cấp, các ngành cần tập trung ...": drop the time phrase and the modal
        lead_time = self._rx["addressee_time"].match(addressee_text)
        if lead_time:
            addressee_text = addressee_text[lead_time.end() :]
        # "Chủ tịch HĐND nhấn mạnh, Thường trực HĐND sẽ giám sát ...": a promise reported by the speaker
        promised = self._rx["future_end"].search(addressee_text) is not None
        addressee_text = self._rx["modal_tail"].sub("", addressee_text)
        addressee = _TRIM_END.sub("", _TRIM_START.sub("", addressee_text)).strip() or None
        if addressee is not None and addressee.lower() in self.lexicon.cue("list_introducers"):
            addressee = None  # "kết luận như sau:" introduces the list; it names nobody
        if addressee is not None and addressee.lower() in self.lexicon.cue("matter_nouns"):
            addressee = None  # "nhấn mạnh việc xem xét ...": "việc" makes the task a noun; it names nobody
        return _Addressed(addressee, action, split is not None, matter, promised)

    def _with_topic(self, addressee: str | None, topic: str) -> str | None:
        """ "Đối với X, ..." before the speaker names the addressee when the body names none (or no body)."""
        m = self._rx["for_topic"].match(topic)
        if m and (addressee is None or not self._is_agency(addressee)):
            return m.group(1).strip()
        return addressee

    def _is_statement_subject(self, addressee: str) -> bool:
        """Words after a speech act that are the subject of a statement, not a body addressed: long, or telling
        a state ("chưa", "còn", "thì", "đã")."""
        return not self._is_agency(addressee) and (
            len(addressee.split()) > 6
            or any(m in addressee.lower().split() for m in self._w["statement_words"])
            or bool(self._rx["topics_summary"].match(addressee))
        )

    def _agreement(self, text: str, clause: _Clause, verb: _Cue, state: _State, result: _SentenceResult) -> None:
        """ "UBND huyện và Hội Nông dân huyện thống nhất mở ..." -> joint commitment."""
        end = clause.end
        subject = self._rx["connectives_lead"].sub("", text[clause.start : verb.start].split(",")[-1].strip()).strip()
        state.speaker = subject
        state.speaker_context = subject
        state.addressee = subject
        state.kind = "commitment"
        state.in_speech = True
        action = self._first_action_t(text, clause.cues, verb.end, end)
        if action is None or text[verb.end : action.start].strip():
            result.reason = "agreement without action"
            return
        self._emit(text, action.start, end, state, result, ("agreement:" + verb.text,), 0.7)

    def _commitment(
        self, text: str, start: int, end: int, state: _State, result: _SentenceResult, frame: str | None
    ) -> str | None:
        """After "cho biết / khẳng định / cam kết": "NP sẽ X" is a commitment of NP."""
        state.in_speech = True
        seg = text[start:end]
        m = self._promise_mark(text, start, seg)
        if m is None:
            state.kind = "directive"
            result.reason = "reported speech without commitment"
            ban = self._rx["reported_ban"].search(seg)
            if ban is not None and self._is_agency(ban.group(1)):
                # "X cho biết: Kể từ ngày 1/6, tỉnh nghiêm cấm ...": the body's ban is the speaker's order
                state.addressee = None
                deadline = find_deadline(seg[: ban.start(1)] + " ")
                self._emit(text, start + ban.end(1) + 1, end, state, result, ("reported ban",), 0.6, deadline=deadline)
            return frame
        if self._rx["passive_future"].match(seg[m.end() :]):
            result.reason = "passive future, not a promise"
            return frame
        if self._rx["scheduled_event"].match(seg[m.end() :]) or self._scheduled(seg):
            result.reason = "a scheduled event, not a promise"
            return frame
        subject, frame_text = self._promiser(seg[: m.start()], state.speaker_context)
        if not subject and state.speaker and self._is_agency(state.speaker):
            subject = state.speaker  # "tỉnh Vĩnh Hòa cho biết sẽ ...": the body promises itself
        low = subject.lower()
        if any(low == w or low.startswith(w + " ") for w in self._w["forecast_subjects"]):
            result.reason = "a forecast, not a promise"  # "bão sẽ tiếp tục mạnh lên"
            return frame
        if (low + " ").startswith(self._prefixes("discussion_markers")):
            result.reason = "the floor's plan, not a promise"  # "... nên đại biểu sẽ chất vấn Sở ..."
            return frame
        state.addressee = subject or None
        state.kind = "commitment"
        self._emit(text, start + m.end(), end, state, result, self._promise_cue, 0.7)
        return frame_text or frame

    def _promiser(self, before: str, speaker_context: str) -> tuple[str, str | None]:
        """Who promises in "<before> sẽ ..." and the time frame before him: the subject after the last comma,
        else the body of the speaker ("ông X, Giám đốc Công ty Y cam kết sẽ ..." -> "Công ty Y")."""
        subject_part = before.split(",")[-1]
        frame_text = find_deadline(before[: len(before) - len(subject_part)])
        # "cử tri đang bức xúc về kẹt xe nên đại biểu": the situation before a conclusion word is no party
        subject_part = self._consequence.split(subject_part)[-1]
        subject = _TRIM_START.sub("", subject_part).strip()
        # "thời gian tới sở sẽ ...": a near future before the subject, with no comma, is a frame, not who promises
        near = self._rx["vague_future"].match(subject)
        if near and near.end() < len(subject) and subject[near.end()] == " ":
            subject = subject[near.end() :].strip()
        if subject and _only_a_time(subject):
            # "cam kết trong tháng 12 sẽ giải quyết ...": a time frame, not who promises
            frame_text = frame_text or subject
            subject = ""
        if subject.lower() in self._w["own_body"]:
            subject = ""  # "ông X, Giám đốc Ban Y cho biết, đơn vị sẽ ...": the speaker's own body
        if not subject:
            subject = self._speaker_body(speaker_context)
        if len(subject.split()) == 1:
            # "Sở sẽ ..." answered by the head of a known body: that body
            subject = next(
                (b for b in self.lexicon.bodies if b.split()[0].lower() == subject.lower() and b in speaker_context),
                subject,
            )
        return subject, frame_text

    def _continuation(
        self,
        text: str,
        clause: _Clause,
        state: _State,
        result: _SentenceResult,
        frame: str | None,
        has_speaker: bool,
    ) -> str | None:
        """Clauses that go on with a speech: "Tăng cường ...", "Sở Tài chính cân đối ...", "Tỉnh cũng sẽ ..."."""
        pos, end, cues, first_clause = clause.start, clause.end, clause.cues, clause.first
        seg = text[pos:end]
        pos += len(seg) - len(seg.lstrip())
        seg = seg.lstrip()
        if self._states_no_task(seg, result, state, reporting=first_clause):
            return frame
        skip, topic_body, is_case = self._segment_opening(seg, first_clause and has_speaker is False)
        if topic_body is not None:
            state.addressee = topic_body
        topic_start = pos if is_case else None
        pos, seg = pos + skip, seg[skip:]
        # "Mỗi quý một lần, Thường trực Huyện ủy sẽ gặp ...", "Huyện cũng sẽ giảm ..."
        commit = self._rx["segment_promise"].search(seg)
        if commit and self._rx["passive_future"].match(seg[commit.end() :]):
            # "Các dự án chậm sẽ bị điều chuyển vốn": what will happen to them, not a promise
            result.negatives.append("passive future")
            return frame
        if commit and self._rx["scheduled_event"].match(seg[commit.end() :]):
            result.negatives.append("scheduled event")  # "HĐND tỉnh sẽ tổ chức kỳ họp ...": a schedule
            return frame
        if commit and self._is_agency(commit.group(1)) and self._promise_frame_leads(seg, commit):
            state.addressee = self._expand_bare_body(commit.group(1).strip(), state.speaker_context)
            state.kind = "commitment"
            head_deadline, recurring = self._promise_time(seg[: commit.start(1)].rstrip(", "))
            start = pos if recurring and not has_speaker else pos + commit.end()
            self._emit(text, start, end, state, result, self._promise_cue, 0.6, deadline=head_deadline)
            return head_deadline if head_deadline and not recurring else frame
        if self._bare_promise(text, pos, end, seg, state, result):
            return frame
        action = self._first_action_t(text, cues, pos, end)
        if action is None:
            self._segment_without_action(text, pos, end, seg, state, result)
            return frame
        refusal = self._refused_subject(text, pos, action, cues)
        if refusal is not None:
            result.negatives.append(refusal[0])
            state.in_speech = state.in_speech and not refusal[1]
            return frame
        if action.start == pos:
            state.pending_addressee = None
            start = topic_start if topic_start is not None else action.start
            self._emit(text, start, end, state, result, ("continuation:" + action.text,), 0.6)
            return frame
        if self._is_circumstance(text[pos : action.start]):
            self._circumstance_task(text, pos, end, action, cues, state, result)
            return frame
        self._subject_first(text, pos, end, seg, action, cues, state, result)
        return frame

    def _bare_promise(self, text: str, pos: int, end: int, seg: str, state: _State, result: _SentenceResult) -> bool:
        """ "X, Giám đốc Sở Y cho biết, Sở đang ...; sẽ khẩn trương chi trả ...": a segment that opens with the
        future word goes on with the speaker's body, which promises it (a commitment)."""
        future = self._rx["future_start"].match(seg)
        if future is None or not state.speaker_context:
            return False
        rest = seg[future.end() :].lstrip()
        if self._rx["passive_future"].match(rest) or self._rx["scheduled_event"].match(rest):
            return False
        body = state.addressee if state.kind == "commitment" else self._speaker_body(state.speaker_context)
        if not body:
            return False
        state.addressee, state.kind = body, "commitment"
        self._emit(text, pos + len(seg) - len(rest), end, state, result, self._promise_cue, 0.6)
        return True

    def _states_no_task(self, seg: str, result: _SentenceResult, state: _State, *, reporting: bool) -> bool:
        """A clause that goes back to reporting (only a sentence's first: ``reporting``; it ends the speech), cites a
        legal basis ("Căn cứ Quyết định số ...;": what the order rests on) or counts what happened ("Thống kê ban
        đầu, đã có 4 hộ bị thiệt hại"): no task, noted as a negative."""
        if reporting and self._back_to_reporting(seg):
            result.negatives.append("news report")
            state.in_speech = False
            state.pending_addressee = None
            return True
        if self._rx["legal_basis"].match(seg):
            result.negatives.append("legal basis")
            return True
        if not reporting and self._rx["document_reference"].match(seg):
            result.negatives.append("document reference")  # "...; chỉ đạo của Thủ tướng tại văn bản số ..."
            return True
        if self._rx["count_report"].search(seg):
            result.negatives.append("count report")
            return True
        return False

    def _back_to_reporting(self, seg: str) -> bool:
        """A clause that opens like a news report ("Sáng 5/4, Trung tâm Y tế tổ chức ...", "Tại hội nghị, ...") and
        promises nothing: the article goes back to reporting."""
        return bool(
            (self._rx["news_opening"].match(seg) and not self._rx["promise_or_pledge"].search(seg))
            or self._rx["event_opening"].match(seg)
        )

    def _segment_opening(self, seg: str, bare_modal: bool) -> tuple[int, str | None, bool]:
        """What opens a continued segment before its task: (characters to skip, the body a topic addresses,
        whether the topic is a case kept with its task). "Đối với Sở X, ..." addresses Sở X; "...; đối với các
        hộ cố tình không chấp hành, lập hồ sơ ..." is a case; "Bên cạnh đó, cần chú trọng ..." (``bare_modal``:
        first clause of a sentence without a speaker) skips the modal and goes on with the speech's addressee."""
        if seg[:1].isupper() and any(seg.lower().startswith(w + " ") for w in self._w["grounds_openers"]):
            # "Căn cứ danh sách do Sở cung cấp, các xã ...": the grounds run to their comma, or fill the segment
            comma = seg.find(",")
            return (len(seg) if comma < 0 else comma + 1), None, False
        topic = self._topic_addressee(seg)
        if topic is not None:
            body, skip = topic
            lead_modal = self._rx["modals_lead"].match(seg[skip:])
            skip += lead_modal.end() if lead_modal else 0
            if self._is_agency(body):
                return skip, body, False
            return skip, None, seg[:1].islower()
        m = self._rx["topic_for"].match(seg)
        if m:
            return m.end(), m.group(1).strip() if self._is_agency(m.group(1)) else None, False
        if bare_modal:
            lead_modal = self._rx["modals_lead"].match(seg)
            if lead_modal and not self._rx["future_start"].match(seg):
                return lead_modal.end(), None, False
        return 0, None, False

    def _segment_without_action(
        self, text: str, pos: int, end: int, seg: str, state: _State, result: _SentenceResult
    ) -> None:
        """A continued segment without a known action: a task list labelled with its body, a lower-case segment
        parallel to an item of the same sentence, else no task (and the speech ends)."""
        labelled = self._rx["labelled_body"].match(seg)
        # a label before names only ("... gồm: Khe Sanh, Tà Rụt") lists places, not tasks
        names_only = labelled is not None and not any(w[:1].islower() for w in seg[labelled.end() :].split())
        if names_only or self._enumerates(seg):
            # "... gồm: Khe Sanh, Tà Rụt", "các khu vực dễ sạt lở như ...": what the speech lists, it goes on
            result.negatives.append("a list of names or things")
            return
        if labelled is not None and self._is_agency(labelled.group(1)):
            # "- UBND các xã: Dự trữ thức ăn ...": a task list labelled with its body
            state.addressee = labelled.group(1).strip()
            self._emit(text, pos + labelled.end(), end, state, result, ("labelled task",), 0.5)
            return
        # A body followed by a verb the lexicon does not know is no task: without a known action there is no
        # directive cue (on real text such items were a name split mid-word or a description, never a task).
        # "...; khởi công cầu Cửa Đại": a lower-case segment parallel to an item of the same sentence
        if self._qualifies_last(text, pos, end, result):
            return
        if self._is_parallel(bool(result.items), seg):
            self._emit(text, pos, end, state, result, ("parallel segment",), 0.4)
            return
        result.negatives.append("no action")
        state.in_speech = False

    def _refused_subject(self, text: str, pos: int, action: _Cue, cues: list[_Cue]) -> tuple[str, bool] | None:
        """Why the words before a continued segment's action make it no task: (negative, whether the speech
        ends), or None. A closing formula, a report of the past, a wish or opinion, a purpose clause."""
        low_subject = text[pos : action.start].strip().lower()
        if any(c.label == "false_actions" and pos <= c.start < action.start for c in cues):
            # "Văn phòng ... thông báo để các đơn vị biết, thực hiện": a closing formula, not a task
            return "closing formula", False
        # "Nếu đã giải quyết hết ... thì tổ chức ...": a past word inside the condition says when to act
        condition = any(low_subject.startswith(m) for m in self.lexicon.cue("circumstance_markers"))
        if self._rx["past_subject"].search(low_subject) and not condition:
            return "past", True
        if any(
            c.label == "statement_verbs"
            and pos <= c.start < action.start
            and not self._rx["statement_governed"].search(text[max(pos, c.start - 8) : c.start])
            for c in cues
        ):
            # "Xã cũng mong tỉnh sớm ...": a wish or an opinion, not a task
            return "wish or opinion", False
        if any(low_subject.startswith(p) for p in self.lexicon.cue("purpose_markers")):
            return "purpose", False
        if self._gives_leave(low_subject):
            return "leave to act", False
        if self._scheduled(low_subject):
            return "a schedule, not a task", False
        if any(
            c.label == "speech_acts"
            and pos < c.start < action.start
            and c.text[:1].islower()
            and not self._after_passive(text, c.start)
            for c in cues
        ):
            # "Tỉnh Hà Nam lưu ý các huyện bảo vệ ...": a speaker whom the lead-in rules did not take, no subject
            return "speech act before the action", False
        return None

    def _circumstance_task(
        self, text: str, pos: int, end: int, action: _Cue, cues: list[_Cue], state: _State, result: _SentenceResult
    ) -> None:
        """ "trường hợp ... thì thực hiện ...", "Định kỳ trước 10 giờ thứ Hai hằng tuần, gửi số liệu ...": the
        whole segment is the task, unless a body states a wish after the circumstance."""
        comma = text.find(",", pos, end)  # where the circumstance ends, if it does in this segment
        if comma >= 0 and self._body_wishes(text, comma, end, cues):
            result.negatives.append("wish or opinion")
            return
        duty = self._duty_after_circumstance(text, comma, end) if comma >= 0 else None
        if duty is not None:
            # "Trong quá trình thanh tra, các tổ chức ... có trách nhiệm bảo mật ...": the body bound after it
            state.addressee = duty[0]
            self._emit(text, duty[1], end, state, result, ("subject:" + duty[0],), 0.6)
            return
        self._emit(text, pos, end, state, result, ("circumstance+" + action.text,), 0.5)

    def _duty_after_circumstance(self, text: str, comma: int, end: int) -> tuple[str, int] | None:
        """The body named after the circumstance's ``comma`` and bound by a duty right after it, with where its task
        starts; None when no body is bound there."""
        duty = self._rx["obligation_modal"].search(text, comma, end)
        if duty is None:
            return None
        subject = text[comma + 1 : duty.start()].strip()
        return (subject, duty.end()) if self._is_agency(subject) else None

    def _body_wishes(self, text: str, comma: int, end: int, cues: list[_Cue]) -> bool:
        """ "Trong quá trình thực hiện kết luận, UBND tỉnh mong rằng ...": after the circumstance's ``comma`` a body
        states a wish or an opinion; the segment asks nothing of anyone."""
        return any(
            c.label == "statement_verbs" and comma < c.start < end and self._is_agency(text[comma + 1 : c.start])
            for c in cues
        )

    def _gives_leave(self, low_subject: str) -> bool:
        """ "Khi quá tải, các bệnh viện có thể xin ...", "lực lượng chức năng được phép cưỡng chế": leave to act asks
        nobody to act; "không được phép ..." forbids, a task."""
        leave = self._w["permission_words"]
        if not _has_phrase(low_subject, leave):
            return False
        return not _has_phrase(low_subject, [f"{no} {word}" for no in self._w["negation_words"] for word in leave])

    def _is_circumstance(self, subject_text: str) -> bool:
        """Words before the action that set the case or the time of the task, kept in the item: "trường hợp
        ... thì ...", "những kiến nghị vượt thẩm quyền thì ...", "Định kỳ trước 10 giờ thứ Hai hằng tuần, ..."."""
        low_subject = subject_text.strip().lower()
        if any(low_subject.startswith(m) for m in self.lexicon.cue("circumstance_markers")):
            return True
        if self._rx["case_then"].search(subject_text) and len(subject_text.split()) <= 14:
            return True
        deadline = find_deadline(subject_text) if subject_text.rstrip().endswith(",") else None
        return deadline is not None and len(deadline) >= len(subject_text.strip(" ,")) - 12

    def _subject_first(
        self,
        text: str,
        pos: int,
        end: int,
        seg: str,
        action: _Cue,
        cues: list[_Cue],
        state: _State,
        result: _SentenceResult,
    ) -> None:
        """A continued segment whose subject comes first: "UBND các huyện khẩn trương ...", "Sở Y tế: Chủ trì
        ...", "Người đứng đầu ... phải ..."; the subject becomes the assignee."""
        action, subject, commit_modal, subject_frame = self._task_subject(text, pos, end, action, cues)
        if state.addressee is not None and not result.items and self._matter_obliged(text[pos:end], subject):
            # "Các công việc này phải xong trước 17 giờ": a thing as subject stays in the task, which goes to the
            # addressee of the speech (GUIDELINE)
            self._emit(text, pos, end, state, result, ("matter subject",), 0.6)
            state.in_speech = False  # what follows is read afresh, as after any subject that is no party
            return
        if not self._is_agency(subject):
            # "...; phân bổ kinh phí ..." after an item of the same sentence: a parallel task whose verb the
            # lexicon does not know; an upper-case or past segment is a new statement.
            if self._qualifies_last(text, pos, end, result):
                return
            if self._is_parallel(bool(result.items), seg):
                self._emit(text, pos, end, state, result, ("parallel segment",), 0.4)
                return
            result.negatives.append("subject not an agency")
            state.in_speech = False
            return
        if state.pending_addressee is not None:
            subject = f"{state.pending_addressee}; {subject}"
            state.pending_addressee = None
        item_start = action.start
        # "Các trạm định kỳ hằng tuần báo cáo ...": a schedule between subject and verb belongs to the item
        schedule = self._rx["schedule_tail"].search(subject)
        if schedule and find_deadline(schedule.group(1)) == schedule.group(1).strip():
            subject = subject[: schedule.start()].strip()
            item_start = text.rfind(schedule.group(1), pos, action.start)
        state.addressee = subject
        if commit_modal:
            state.kind = "commitment"
        self._emit(text, item_start, end, state, result, ("subject:" + subject,), 0.6, deadline=subject_frame)

    def _task_subject(
        self, text: str, pos: int, end: int, action: _Cue, cues: list[_Cue]
    ) -> tuple[_Cue, str, bool, str | None]:
        """The subject before a task's action: (the action, which a predicate split or a body named by an
        action may move; the subject; whether a "sẽ" closed it; the time frame that led it)."""
        subject_text = text[pos : action.start]
        if subject_text.rstrip().endswith(",") and self._is_agency(subject_text):
            split = self._predicate_split(text, pos, action.start, False)
            if split is not None:
                action = _Cue("action_heads", split[1], split[1], text[split[1] : split[1] + 1])
                subject_text = text[pos : split[0]]
        named_on = self._body_name_with_verb(text, subject_text, action, end, cues)
        if named_on is not None:
            action = named_on
            subject_text = text[pos : action.start]
        assigned = self._rx["assigned_passive"].search(subject_text)
        if assigned is not None and self._is_agency(subject_text[: assigned.start()]):
            # "Sở Y tế được giao chủ trì ...": the body is assigned; its task starts after "được giao"
            action = _Cue("action_heads", pos + assigned.end(), pos + assigned.end(), text[pos + assigned.end()])
            subject_text = subject_text[: assigned.start()]
        subject = subject_text.strip().rstrip(":").strip()
        modal_split = self._rx["modal_tail"].search(subject)
        commit_modal = False
        if modal_split:
            commit_modal = any(w in modal_split.group(0) for w in self._w["future_word"])
            subject = subject[: modal_split.start()].strip()
        subject, subject_frame = self._without_time_frame(subject)
        return action, subject, commit_modal, subject_frame

    def _without_time_frame(self, subject: str) -> tuple[str, str | None]:
        """A subject without the time adverbial that leads it, and that adverbial's time: "Thời gian tới, người
        đứng đầu các đơn vị" -> "người đứng đầu các đơn vị"; "từ nay đến cuối quý II, các chủ đầu tư" keeps
        "đến cuối quý II" as the task's time."""
        lead_time = self._rx["subject_time"].match(subject)
        subject_frame: str | None = None
        if lead_time and not self._is_agency(subject):
            subject_frame = find_deadline(lead_time.group(0).rstrip(", ") + " ")
            subject = subject[lead_time.end() :]
        if "," in subject and not self._is_agency(subject):
            head, _, tail = subject.rpartition(",")
            if self._is_agency(tail.strip()) and not self._past_time(head, published=None):
                subject_frame = subject_frame or find_deadline(head + " ")
                subject = tail.strip()
        return subject, subject_frame

    def _body_name_with_verb(
        self, text: str, subject_text: str, action: _Cue, end: int, cues: list[_Cue]
    ) -> _Cue | None:
        """The real verb when a body is named by an action: "Đội kiểm tra liên ngành huyện kiểm tra ...".

        "Tổ quản lý trật tự đô thị phường xử lý ...", "Ban Quản lý các dự án xây dựng thủy lợi huyện bàn giao ..." ->
        the action after the administrative unit that closes the name; "Đội kiểm tra các cơ sở ..." -> None.
        """
        head = subject_text.strip(" ,:")
        if not head or len(head.split()) > 8 or not head[:1].isupper() or "," in head:
            return None
        m = self._rx["unit_closed_name"].match(text, action.start, end)
        if head.lower() in self._body_names_lower:
            return None  # "Sở Y tế kiểm tra ... huyện ...": a complete known name acts
        if m is None or self._rx["verb_partner"].search(text[action.start : m.end()]):
            return None  # "Phòng Y phối hợp với Ủy ban ... phường rà soát": the verb's partner, not the name
        if not self._is_agency(head + " " + text[action.start : m.end()].strip()):
            return None
        known = next((c for c in cues if c.label == "action_heads" and c.start == m.end()), None)
        if known is not None:
            return known
        if text[m.end() : m.end() + 1].islower() and not self._rx["name_continues"].match(text[m.end() : end]):
            return _Cue("action_heads", m.end(), m.end(), text[m.end() : m.end() + 1])  # a verb the lexicon lacks
        return None

    def _without_mandate(self, addressee: str | None) -> str | None:
        """ "các cơ quan liên quan theo chức năng, nhiệm vụ, quyền hạn của mình": the mandate phrase that ran into
        the addressee belongs to the lead-in (GUIDELINE), not to who must act."""
        scope = self._rx["mandate_scope"].search(addressee) if addressee else None
        if addressee is None or scope is None or scope.start() == 0:
            return addressee
        return addressee[: scope.start()].rstrip(" ,") or addressee

    def _expand_bare_body(self, subject: str, speaker_context: str) -> str:
        """ "Sở" in an answer of "Giám đốc Sở Xây dựng" (the words that introduced the speaker) -> "Sở Xây
        dựng"; other subjects are kept."""
        if len(subject.split()) != 1:
            return subject
        for body in self.lexicon.bodies:
            if body.split()[0].lower() == subject.lower() and body in speaker_context:
                return body
        words = speaker_context.split()
        for i, word in enumerate(words):
            if word.strip(",.;:") != subject:
                continue
            expanded = self._name_from(words, i)
            person = self.find_person_names(expanded)
            if person:
                # "Giám đốc Sở Giao thông Lê Văn A cho biết": the body ends where its head's name starts
                expanded = expanded[: person[0][0]].strip()
            expanded = self._rx["trailing_and"].sub("", expanded)
            if len(expanded.split()) > 1:
                return expanded
        return subject

    def _name_from(self, words: list[str], i: int) -> str:
        """The name that ``words[i]`` opens: capitalised words, a lower-case syllable of a word ("Quản lý") or
        "và", up to seven words, ending at punctuation or a reporting verb."""
        name = [words[i].strip(",.;:")]
        lower_run = 0
        for j, nxt in enumerate(words[i + 1 : i + 8], start=i + 1):
            bare = nxt.strip(",.;:")
            if self._reporting_at(words, j):
                break  # "tỉnh Bình An cho biết": the verb that reports the speech ends the name
            if bare[:1].isupper():
                lower_run = 0
            elif bare in self._w["and_word"] or (lower_run == 0 and len(name) > 1):
                lower_run += 1
            else:
                break
            name.append(bare)
            if bare != nxt:
                break
        return " ".join(name)

    def _reporting_at(self, words: list[str], at: int) -> bool:
        """Whether a reporting verb ("cho biết") starts at ``words[at]``."""
        for verb in self.lexicon.cue("reporting_verbs"):
            size = len(verb.split())
            if " ".join(words[at : at + size]).strip(",.;:").lower() == verb:
                return True
        return False

    def _pledge(self, ctx: _ReaderContext, pos: int, end: int, state: _State, result: _SentenceResult) -> bool:
        """ "X đã A và cam kết (sẽ) B": B is a commitment of X even though the sentence reports A.

        "Huyện đã lập tổ công tác và cam kết sẽ bàn giao nhà trước ngày 1/9" -> "bàn giao nhà ...";
        "Giám đốc Sở Xây dựng giải thích ... và cam kết đưa cầu vào sử dụng trong tháng 10" -> for
        "Sở Xây dựng"; "ký cam kết không lấn chiếm" (a signed pledge form) -> nothing.
        """
        seg = ctx.text[pos:end]
        m = self._rx["pledge_after"].search(seg)
        if m is None:
            return False
        head = self._rx["pledge_head_end"].split(seg[: m.start()])[0].strip()
        if not head:
            return False
        if self._is_agency(head):
            state.addressee = self._expand_bare_body(head, state.speaker_context)
        elif self._person_chunk_start(head, max_words=12) == 0:
            self._take_speaker(head, pos, ctx, state)
            org = self._rx["pledge_head_body"].search(head)
            state.addressee = org.group(1).strip(" ,.") if org else None
        else:
            return False
        state.kind = "commitment"
        state.in_speech = True
        result.lead_in = True
        self._emit(ctx.text, pos + m.end(), end, state, result, self._pledge_cue, 0.6)
        return True

    def _past_time(self, head: str, published: dt.date | None) -> bool:
        """ "Năm 2018," / "Thời gian qua," before a subject: the sentence reports the past."""
        low = head.lower()
        if self._rx["past_time_word"].search(low):
            return True
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", low)]
        if years and published is not None:
            return max(years) < published.year
        return bool(years) and self._rx["year_only"].match(low) is not None

    def _emit(
        self,
        text: str,
        start: int,
        end: int,
        state: _State,
        result: _SentenceResult,
        cues: tuple[str, ...],
        confidence: float,
        deadline: str | None = None,
    ) -> None:
        segment = text[start:end]
        # "... một lần” – Bí thư Tỉnh ủy nhấn mạnh.": the attribution after a closing quote is not the task
        attribution = re.search(r"[”\"]\s*[–-]\s", segment)
        if attribution:
            segment = segment[: attribution.start()]
        trimmed = _TRIM_END.sub("", segment)
        # a closing quote whose opening quote is before the item ("yêu cầu: “Các địa phương ...”.")
        if (trimmed.endswith("”") and "“" not in trimmed) or (trimmed.endswith('"') and trimmed.count('"') % 2):
            trimmed = _UNPAIRED_CLOSE.sub("", trimmed)
        lead = len(trimmed) - len(trimmed.lstrip())
        start += lead
        end = start + len(trimmed.strip())
        scope = self._rx["mandate_scope"].match(text, start, end)
        if scope:  # "căn cứ chức năng, nhiệm vụ, thẩm quyền tổ chức ...": the scope belongs to the lead-in
            start = scope.end()
        item_text = text[start:end]
        if len(item_text.split()) < 2:
            result.negatives.append("too short")
            return
        if self._rx["past_item"].match(item_text):
            result.negatives.append("past")
            return
        if item_text.split(None, 1)[0].lower() in self._w["copula_words"]:
            result.negatives.append("copula")  # "Các kịch bản này sẽ là cơ sở để ...": what something is
            return
        if self._stated_subject(state.addressee):
            result.negatives.append("copula subject")  # "nhấn mạnh, năm 2027 là năm bản lề, ...": an assessment
            return
        deadline = find_deadline(item_text) or deadline
        if deadline is None and self._rx["target_item"].match(item_text):
            # "phấn đấu thu ngân sách năm 2027 vượt 5%": a target is due at the end of its year
            target_year = self._rx["target_year"].search(item_text)
            deadline = target_year.group(0) if target_year else None
        result.items.append(
            _Item(
                start=start,
                end=end,
                kind=state.kind,
                issuer=state.speaker,
                assignee=state.addressee,
                deadline=deadline,
                cues=cues,
                confidence=confidence,
            )
        )

    def _stated_subject(self, addressee: str | None) -> bool:
        """An "addressee" that says what something is ("năm 2027 là năm bản lề"): no agency before the copula
        ("các sở là thành viên Ban Chỉ đạo" is one)."""
        words = (addressee or "").split()
        at = next((i for i, w in enumerate(words) if w.lower() in self._w["copula_words"]), None)
        return at is not None and not self._is_agency(" ".join(words[:at]))

    def _pronoun_referent(
        self,
        pronoun: str,
        at: int,
        persons: list[_Person],
        speaker: str | None,
        speaker_context: str,
        speech_gap: int,
    ) -> tuple[str | None, str]:
        """Whom a bare pronoun names ("Về tuyến đường, ông cho biết ..."): the speaker of the sentence before
        goes on, else the person named last before it ("ông" is not a "Thị"); "bà" after an unnamed
        representative is never that representative."""
        named = [p for p in persons if p.start < at]
        unnamed_before = (speaker or "").lower().startswith(self._w["representative"])
        if speaker is not None and self._is_title(speaker) and not unnamed_before:
            # "Phó chủ tịch UBND tỉnh đề nghị ... Yêu cầu được Phó chủ tịch UBND tỉnh Trần Văn A nêu ... Ông lưu ý
            # ...": the title that spoke has been named since
            titled = [p for p in named if speaker.lower() in p.context.lower()]
            if titled:
                return titled[-1].name, titled[-1].context
        if speaker is not None and speech_gap <= 1 and not (pronoun and unnamed_before):
            named = []
        if pronoun in self._w["male_pronoun"]:
            named = [p for p in named if not any(f" {w} " in f" {p.name} " for w in self._w["female_middle_name"])]
        if named and named[-1].name != speaker:
            return named[-1].name, named[-1].context
        return speaker, speaker_context

    def _past_scope(self, past_scope: bool, has_items: bool, previous: str | None, clause: str) -> bool:
        """Whether a clause is still inside a report of the past: a clause after a "đã" clause that gave nothing is,
        until a promise ("huyện đã chi A; huyện sẽ chỉ đạo B")."""
        if previous is not None and not has_items and self._rx["past_word"].search(previous):
            past_scope = True
        return past_scope and not self._rx["promise_or_pledge"].search(clause)

    def _after_condition(self, text: str, start: int, end: int) -> tuple[str | None, int]:
        """A condition right after a speech act ("đề nghị sau khi có kết quả, ...") is the task's time; returns it
        and where the body goes on."""
        m = self._rx["condition_lead"].match(text[start:end])
        return (m.group(1), start + m.end()) if m else (None, start)

    def _target_after_statement(self, before: str, task: str) -> bool:
        """A target ("phấn đấu", "quyết tâm") after a comma that closes a statement the speaker made."""
        return bool(self._rx["target_verb"].match(task) and re.search(r",\s*$", before))

    def _opens_list(self, body: str) -> bool:
        """A speech body that ends with a colon or "(như) sau" introduces a numbered list."""
        body = body.rstrip()
        return body.endswith(":") or bool(self._rx["list_opener_end"].search(body))

    def _promise_mark(self, text: str, start: int, seg: str) -> re.Match[str] | None:
        """What ends the promiser in a reported promise: "sẽ", or nothing right after "cam kết" when the promise
        follows the verb directly ("lãnh đạo Sở Nội vụ cam kết hoàn thiện ...")."""
        m = self._rx["promise_marker"].search(seg)
        if (
            m is None
            and self._rx["pledge_end"].search(text[max(0, start - 10) : start])
            and seg.strip()[:1].islower()
            # "..., ông cam kết với cử tri.": whom the promise is made to, not what is promised
            and not self._rx["pledge_not_content"].match(seg)
        ):
            m = re.match(r"\s*", seg)
        return m

    def _speaker_body(self, speaker_context: str) -> str:
        """The body a speaker heads, from the words that introduced him: "Giám đốc Công ty Cấp nước" -> "Công ty
        Cấp nước" ("" when he was introduced without one)."""
        org = self._rx["speaker_body"].search(speaker_context)
        subject = org.group(1).strip(" ,.") if org else ""
        return self._rx["promiser_end"].split(subject)[0]

    def _qualifies_last(self, text: str, pos: int, end: int, result: _SentenceResult) -> bool:
        """ "...; đặc biệt là công tác nhân sự Đại hội": what the task before stresses belongs to it; that task
        of the same sentence runs on to ``end``."""
        if not result.items:
            return False
        before = self._rx["qualifier_before"].search(text, max(0, pos - 20), pos)  # a connective dropped before pos
        if not (self._rx["qualifier_before"].match(text, pos) or (before and not text[before.end() : pos].strip())):
            return False
        result.items[-1].end = pos + len(text[pos:end].rstrip(_TRAILING_STOPS))
        return True

    def _is_parallel(self, has_items: bool, seg: str) -> bool:
        """A lower-case segment after an item of the same sentence, reporting nothing: a parallel task."""
        return has_items and seg[:1].islower() and not self._rx["past_aspect"].search(seg)

    def _enumerates(self, seg: str) -> bool:
        """ "các khu vực dễ sạt lở như ...": a lower-case segment that opens with a plural lists things."""
        first = seg.split(maxsplit=1)[0] if seg.strip() else ""
        return first in self._w["determiners"]

    def _promise_frame_leads(self, seg: str, commit: re.Match[str]) -> bool:
        """Whatever stands before a promising subject is its time frame (or nothing): "Năm 2027, huyện sẽ ..."."""
        head = seg[: commit.start(1)].rstrip(", ")
        if self._scheduled(seg):
            return False  # "Dự kiến, tại kỳ họp tới, UBND tỉnh sẽ trình ...": a schedule
        return bool(
            not head
            or find_deadline(head + " ")
            or self._rx["year_frame"].fullmatch(head.strip())
            or find_deadline(seg[: commit.start()])
            or self._rx["vague_future"].fullmatch(head.strip())
        )

    def _promise_time(self, head: str) -> tuple[str | None, bool]:
        """The time a promise's lead sets, and whether it is a recurring schedule ("mỗi quý", "duy trì ...").

        A recurring schedule before the subject belongs to the agreed item ("mỗi quý, lãnh đạo UBND tỉnh sẽ làm việc
        ..."); a time frame is a lead-in for every segment ("Trong năm 2026, tỉnh sẽ A; B")."""
        head_deadline = find_deadline(head + " ") if head else None
        if head and head_deadline is None and self._rx["year_frame"].fullmatch(head.strip()):
            head_deadline = head.strip()
        recurring = bool(head_deadline) and (
            normalize_deadline(head_deadline or "", None)[1] is not None
            or self._rx["recurring_lead"].match(head) is not None
        )
        return head_deadline, recurring

    def _finish(
        self, text: str, items: list[_Item], published: dt.date | None, signer: str | None = None
    ) -> list[Directive]:
        out: list[Directive] = []
        bodies = set(self.lexicon.cue("issuing_bodies"))
        seen: set[str] = set()
        documents: dict[str, str] = {}  # a document named as the speaker -> its issuer
        for item in items:
            item_text = text[item.start : item.end]
            key = re.sub(r"\W+", " ", item_text.lower()).strip()
            if key in seen:
                continue  # a pull quote repeats a paragraph of the article
            seen.add(key)
            sentence = _sentence_around(text, item.start, item.end)
            item.assignee, item.deadline = _time_out_of_assignee(item.assignee, item.deadline)
            due, recurrence = (
                normalize_deadline(item.deadline, published, lunar_new_year=self.lexicon.lunar_new_year)
                if item.deadline
                else (None, None)
            )
            if item.issuer and self._rx["document_start"].match(item.issuer):
                # the same document speaking again in a later sentence keeps the issuer found the first time
                found = documents.get(item.issuer) or self._issuer_of_document(item.issuer, sentence)
                documents[item.issuer] = found or ""
                item.issuer = found or signer
            if signer and item.issuer and item.issuer.lower() in bodies and not self._is_title(item.issuer):
                # "UBND tỉnh giao ..." in a document that "Phó Chủ tịch X ký": the issuer is the signer. A title
                # names another person than the signer ("Thủ tướng Chính phủ yêu cầu" in a "công điện" that
                # "Phó Thủ tướng Y ký"): it stays as written
                item.issuer = signer
            out.append(
                Directive(
                    text=item_text,
                    kind=item.kind,
                    issuer=item.issuer,
                    assignee=item.assignee,
                    deadline=item.deadline,
                    sentence=sentence,
                    start=item.start,
                    end=item.end,
                    due_date=due,
                    recurrence=recurrence,
                    confidence=item.confidence,
                    cues=item.cues,
                )
            )
        return out


def _only_a_time(phrase: str) -> bool:
    """The whole phrase is one time expression ("trong tháng 12", "trước ngày 25 hằng tháng"): a frame, nobody named."""
    return find_deadline(phrase + " ") == phrase


def _time_out_of_assignee(assignee: str | None, deadline: str | None) -> tuple[str | None, str | None]:
    """A time frame between the addressee and the task belongs to the task: "yêu cầu Sở Xây dựng trong quý
    IV/2026 hoàn thành ..." -> assignee "Sở Xây dựng", deadline "trong quý IV/2026" (unless the task has its
    own). Only a frame that ends the addressee moves: a time inside a name stays where it is."""
    time = find_deadline(assignee) if assignee else None
    if assignee is None or time is None:
        return assignee, deadline
    at = assignee.rfind(time)
    if at <= 0 or assignee[at + len(time) :].strip(" ,") or not assignee[:at].strip(" ,"):
        return assignee, deadline
    return assignee[:at].rstrip(" ,"), deadline or time


# A sentence ends at ".", "!", "?" or "…" followed by space and a capital letter or a digit (not "TP. Huế"
# inside a name: that is followed by a capital too, so an abbreviation before the item can cut it short,
# which only shortens the evidence, never the item).
# Linear: a match starts only at the first mark of a run and never gives back what it took (possessive).
_SENTENCE_BREAK = re.compile(r"(?<![.!?…])[.!?…]++[\"”’)]*+[ \t]+")


def _has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Whether one of ``phrases`` stands in ``text`` as whole words (between spaces or the text's ends)."""
    padded = f" {text} "
    return any(f" {phrase} " in padded for phrase in phrases)


# An outlet's credit that opens a news item ("(BTV) ...", "(PLO) - ..."): no part of the first sentence's words
_OUTLET_CREDIT = re.compile(r"^\s*\([^()\n]{1,30}\)\s*[-–]?\s*")


def _first_word(text: str) -> str:
    words = text.split(maxsplit=1)
    return words[0].lower() if words else ""


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence that holds ``at`` ends: a sentence break before an upper-case word, else the line end."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end
    for brk in _SENTENCE_BREAK.finditer(text, at, line_end):
        if brk.end() < line_end and (text[brk.end()].isupper() or text[brk.end()].isdigit()):
            return brk.start() + len(brk.group(0).rstrip())
    return line_end


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``[start, end)``: evidence a reader can check in one glance.

    Bounded by the paragraph (a line) and by sentence ends; an item that spans a sentence end (a list entry
    ending in "." and going on) keeps every sentence it touches."""
    line_start = text.rfind("\n", 0, start) + 1
    s = line_start
    for brk in _SENTENCE_BREAK.finditer(text, line_start, start):
        if brk.end() <= start and (text[brk.end()].isupper() or text[brk.end()].isdigit()):
            s = brk.end()
    return text[s : _sentence_end(text, end)]
