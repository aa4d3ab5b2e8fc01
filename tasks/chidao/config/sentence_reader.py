"""``patterns/sentence_reader.yaml``: the words and regexes of the sentence reader (``chidao.nlp.extract``).

Every entry has an ``id`` the reader asks for, a one-line ``why`` and example phrases written for this
project. A pattern's ``regex`` (one text, or a list of parts joined without separator) may name word lists
with a placeholder, expanded to an alternation of the escaped words before compiling:

* ``{@name}``: the words in file order; ``{@name:longest}``: longest first, so "cần phải" wins over "cần";
* ``name`` is a list of ``lexicons/cues.yaml``, ``agency_heads`` (``agencies.yaml``), ``place_words``
  (``lexicons/names.yaml``) or a ``words`` entry of this file; ``a+b`` joins lists, ``a-b`` drops the words
  of ``b`` from ``a``.

Checked on load: ids are unique and are exactly those the reader reads, placeholders name known lists, every
regex compiles, every example of a pattern is matched by it (``search``) and every example of a word list
holds one of its words. The example check needs the lexicons, so ``load_bundle`` runs it once all files are
parsed (``check_examples``); a failing example names its own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, get_args

from pydantic import Field, ValidationInfo, field_validator

from chidao.config.loader import ConfigError, ItemError, YamlDocument
from chidao.config.models import (
    AgenciesFile,
    ConfigModel,
    CuesFile,
    LexiconList,
    NamesFile,
    NonEmptyText,
    Phrases,
)
from chidao.core.text import normalize_text

# The regexes and word lists the sentence reader reads, by id; a file must define each exactly once.
PATTERN_IDS: frozenset[str] = frozenset(
    {
        "about_start",
        "assigned_passive",
        "personnel_decision",
        "street_before",
        "photo_credit",
        "quoted_action",
        "quote_named_after",
        "addressee_closer",
        "addressee_time",
        "agency_head_start",
        "and_before",
        "apposition_start",
        "as_follows_end",
        "body_after_words",
        "case_then",
        "condition_lead",
        "connectives_lead",
        "current_aspect",
        "deadline_only",
        "delegate_promise",
        "delegate_start",
        "document_start",
        "event_opening",
        "floor_place_opener",
        "focus_is",
        "for_topic",
        "future_end",
        "future_marker",
        "future_start",
        "generic_addressee",
        "governed_verb",
        "highland_given_name",
        "inspection_body",
        "joint_and",
        "labelled_body",
        "list_marker",
        "mandate_scope",
        "list_opener_end",
        "matter_start",
        "modal_tail",
        "modals_lead",
        "name_continues",
        "named_unit_body",
        "news_opening",
        "obligation_modal",
        "opening_promise",
        "passive_after",
        "passive_before",
        "passive_future",
        "past_aspect",
        "past_item",
        "past_subject",
        "person_named",
        "past_time_word",
        "past_word",
        "per_document",
        "per_speaker",
        "place_before",
        "titled_place_before",
        "then_word",
        "legal_basis",
        "count_report",
        "pledge_after",
        "pledge_end",
        "pledge_head_body",
        "pledge_head_end",
        "pledge_not_content",
        "predicate_opener",
        "promise_marker",
        "promise_or_pledge",
        "promiser_end",
        "quote_after",
        "quote_colon",
        "quoted_never",
        "quoted_obligation",
        "quoted_past",
        "quoted_promise",
        "recurring_lead",
        "report_marker",
        "reported_act",
        "reported_state",
        "representative_end",
        "representative_start",
        "resident_delegate",
        "resident_introduction",
        "schedule_tail",
        "segment_promise",
        "scheduled_event",
        "short_name_opener",
        "signature",
        "speaker_body",
        "statement_governed",
        "subject_time",
        "target_item",
        "target_statement",
        "target_verb",
        "target_year",
        "title_end",
        "topic_for",
        "topic_opener",
        "topics_summary",
        "document_reference",
        "task_heading",
        "object_list_colon",
        "breakdown_colon",
        "reported_ban",
        "second_order",
        "document_owner",
        "directive_title",
        "qualifier_before",
        "trailing_and",
        "trailing_promise",
        "unit_closed_name",
        "vague_future",
        "verb_partner",
        "whole_subject",
        "year_frame",
        "year_in_topic",
        "year_only",
    }
)
WORD_IDS: frozenset[str] = frozenset(
    {
        "determiners",
        "copula_words",
        "demonstratives",
        "forecast_subjects",
        "female_middle_name",
        "male_pronoun",
        "representative",
        "deputy",
        "head_of",
        "recommend_verb",
        "lead_aux",
        "body_list_words",
        "own_body",
        "statement_words",
        "resident_groups",
        "future_word",
        "pledge_word",
        "and_word",
        "relay_verbs",
        "speech_nouns",
        "emphasis_verbs",
        "consequence_words",
        "assessment_phrases",
        "state_words",
        "permission_words",
        "negation_words",
        "schedule_openers",
        "grounds_openers",
    }
)
# Lists a placeholder may name besides the words of this file.
LEXICON_LISTS: frozenset[str] = frozenset(get_args(LexiconList)) | {"place_words"}
PLACEHOLDER = re.compile(r"\{@([a-z_+\-]+)(?::(longest))?\}")
_ID = r"^[a-z][a-z0-9_]*$"


class ReaderPattern(ConfigModel):
    """One regex of the sentence reader."""

    id: Annotated[str, Field(pattern=_ID)]
    why: Annotated[NonEmptyText, Field(pattern=r"^[^\n]+$")]
    regex: NonEmptyText | Annotated[list[NonEmptyText], Field(min_length=1)]
    ignore_case: bool = False
    examples: Annotated[list[NonEmptyText], Field(min_length=1)]

    @property
    def source(self) -> str:
        return self.regex if isinstance(self.regex, str) else "".join(self.regex)


class ReaderWords(ConfigModel):
    """One word list of the sentence reader (compared lower-cased unless the reader says otherwise)."""

    id: Annotated[str, Field(pattern=_ID)]
    why: Annotated[NonEmptyText, Field(pattern=r"^[^\n]+$")]
    words: Annotated[Phrases, Field(min_length=1)]
    examples: Annotated[list[NonEmptyText], Field(min_length=1)]

    @field_validator("examples")
    @classmethod
    def _examples_hold_a_word(cls, examples: list[str], info: ValidationInfo) -> list[str]:
        words = info.data.get("words", [])
        for index, example in enumerate(examples):
            if not any(w.lower() in example.lower() for w in words):
                raise ItemError(index, f"example '{example}' holds none of the words of '{info.data.get('id')}'")
        return examples


class SentenceReaderFile(ConfigModel):
    """``patterns/sentence_reader.yaml``: ``patterns`` and ``words``, each id once and every id the reader reads."""

    patterns: Annotated[list[ReaderPattern], Field(min_length=1)]
    words: Annotated[list[ReaderWords], Field(min_length=1)]

    @field_validator("patterns")
    @classmethod
    def _patterns_known_and_compile(cls, patterns: list[ReaderPattern]) -> list[ReaderPattern]:
        _exact_ids([p.id for p in patterns], PATTERN_IDS, "pattern")
        for index, pattern in enumerate(patterns):
            names = placeholder_names(pattern.source)
            unknown = sorted(n for n in names if n not in LEXICON_LISTS and n not in WORD_IDS)
            if unknown:
                raise ItemError(index, f"pattern '{pattern.id}' names unknown word list '{unknown[0]}'")
            try:
                re.compile(PLACEHOLDER.sub("(?:x)", pattern.source))
            except re.error as exc:
                raise ItemError(index, f"pattern '{pattern.id}' does not compile: {exc}") from None
        return patterns

    @field_validator("words")
    @classmethod
    def _words_known(cls, words: list[ReaderWords]) -> list[ReaderWords]:
        _exact_ids([w.id for w in words], WORD_IDS, "word list")
        return words


def _exact_ids(ids: list[str], expected: frozenset[str], kind: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ItemError(index, f"duplicate {kind} id '{value}'")
        if value not in expected:
            raise ItemError(index, f"unknown {kind} id '{value}' (the sentence reader does not read it)")
        seen.add(value)
    missing = sorted(expected - seen)
    if missing:
        raise ValueError(f"missing {kind} id '{missing[0]}'")


def placeholder_names(source: str) -> set[str]:
    """Every list a regex's placeholders name ("{@a+b-c}" names a, b and c)."""
    return {name for m in PLACEHOLDER.finditer(source) for name in re.split(r"[+\-]", m.group(1)) if name}


def _placeholder_words(spec: str, lists: Mapping[str, Sequence[str]]) -> list[str]:
    """The words of "a+b-c": a's then b's, without c's."""
    words: list[str] = []
    dropped: set[str] = set()
    for sign, name in re.findall(r"([+\-]?)([a-z_]+)", spec):
        if sign == "-":
            dropped.update(lists[name])
        else:
            words.extend(lists[name])
    return [w for w in words if w not in dropped]


def expand(source: str, lists: Mapping[str, Sequence[str]]) -> str:
    """``source`` with every placeholder replaced by the alternation of its escaped words."""

    def alternation(m: re.Match[str]) -> str:
        words = _placeholder_words(m.group(1), lists)
        if m.group(2) == "longest":
            words = sorted(words, key=len, reverse=True)
        return "|".join(re.escape(w) for w in words)

    return PLACEHOLDER.sub(alternation, source)


def compile_patterns(spec: SentenceReaderFile, lists: Mapping[str, Sequence[str]]) -> dict[str, re.Pattern[str]]:
    """Every pattern of ``spec`` compiled with ``lists`` (lexicon lists by name) and the file's own words."""
    every = {**lists, **word_lists(spec)}
    return {p.id: re.compile(expand(p.source, every), re.IGNORECASE if p.ignore_case else 0) for p in spec.patterns}


def word_lists(spec: SentenceReaderFile) -> dict[str, tuple[str, ...]]:
    """The file's word lists by id, normalised (NFC, reformed tone marks, trimmed); case is kept."""
    return {w.id: tuple(normalize_text(word).strip() for word in w.words) for w in spec.words}


def lexicon_lists(cues: CuesFile, names: NamesFile, agencies: AgenciesFile) -> dict[str, tuple[str, ...]]:
    """The lexicon lists a placeholder may name, normalised as ``chidao.nlp.lexicon`` does (lower-cased; agency
    heads most words first)."""

    def lowered(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(normalize_text(v).strip().lower() for v in values)

    out = {name: lowered(getattr(cues, name)) for name in get_args(LexiconList) if name != "agency_heads"}
    out["place_words"] = lowered(names.place_words)
    out["agency_heads"] = tuple(sorted(lowered(agencies.heads), key=lambda h: (-len(h.split()), h)))
    return out


def check_examples(document: YamlDocument, spec: SentenceReaderFile, lists: Mapping[str, Sequence[str]]) -> None:
    """Raise ``ConfigError`` at the first example its pattern does not match."""
    compiled = compile_patterns(spec, lists)
    for index, pattern in enumerate(spec.patterns):
        for at, example in enumerate(pattern.examples):
            if compiled[pattern.id].search(example) is None:
                where = ("patterns", index, "examples", at)
                raise ConfigError(
                    document.path, document.line_of(where), f"pattern '{pattern.id}' does not match '{example}'"
                )
