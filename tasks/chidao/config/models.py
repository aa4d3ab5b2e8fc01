"""Pydantic models of every configuration file: the schema a file must follow, checked on load.

Each model forbids unknown keys and refuses values of the wrong type (``strict``: ``"30"`` is not the number
30, ``yes`` is not a string); numbers have bounds. Rules that concern one entry of a list raise
``ItemError(index, reason)`` so that the error names that entry's line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from chidao.config.loader import ItemError
from chidao.core.sources import DEFAULT_MAX_PER_POLL, MAX_PAGES, MAX_PER_POLL, SourceOptions, selector_error
from chidao.core.text import normalize_text


class ConfigModel(BaseModel):
    """Base of every file model: unknown keys refused, no type coercion, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


def _unique(values: Iterable[str], *, folded: bool) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        text = normalize_text(value).strip()
        if not text:
            raise ItemError(index, "empty entry")
        compared = text.lower() if folded else text
        if compared in seen:
            raise ItemError(index, f"duplicate entry '{text}'")
        seen.add(compared)


def _unique_folded(values: list[str]) -> list[str]:
    _unique(values, folded=True)
    return values


def _unique_cased(values: list[str]) -> list[str]:
    _unique(values, folded=False)
    return values


# A list of phrases, each non-empty and given once (compared lower-cased).
Phrases = Annotated[list[str], AfterValidator(_unique_folded)]
# The same where case matters ("TP." and "Tp." are two abbreviations).
CasedPhrases = Annotated[list[str], AfterValidator(_unique_cased)]
NonEmptyText = Annotated[str, Field(min_length=1, pattern=r"\S")]
Weight = Annotated[float, Field(ge=0, le=1_000)]
Fraction = Annotated[float, Field(ge=0, le=1)]


# --- feeds ---------------------------------------------------------------------------------------------------

FEED_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,62}$"
FEED_URL_SCHEMES = ("http", "https", "sample")
# Bounds that keep date arithmetic finite: a week between polls, ten years of silence.
MAX_INTERVAL_MINUTES = 7 * 24 * 60
MAX_EXPECTED_PERIOD_HOURS = 10 * 366 * 24


def _listing_only(info: ValidationInfo) -> None:
    """``link_pattern``, ``link_selector`` and ``pages`` mean nothing to feeds and sitemaps: a typo or a
    wrong ``kind`` would otherwise go unnoticed. ``kind`` is declared before them, so it is validated first."""
    kind = info.data.get("kind", "feed")
    if kind != "listing":
        raise ValueError(f"only for 'kind: listing' (this source is 'kind: {kind}')")


class FeedSpec(ConfigModel):
    """One feed of the feeds file. Add a key here (with a default) and every loader and command accepts it.

    YAML keys ``interval`` and ``expected_period`` are the fields ``interval_minutes`` and
    ``expected_period_hours``; code may construct a ``FeedSpec`` with either name.
    """

    model_config = ConfigDict(populate_by_name=True)

    id: str
    url: str
    province: NonEmptyText | None = None
    interval_minutes: Annotated[int, Field(ge=1, le=MAX_INTERVAL_MINUTES)] | None = Field(
        default=None, alias="interval"
    )
    enabled: bool = True
    allow_hosts: tuple[NonEmptyText, ...] = Field(default=(), strict=False)
    expected_period_hours: Annotated[int, Field(ge=1, le=MAX_EXPECTED_PERIOD_HOURS)] | None = Field(
        default=None, alias="expected_period"
    )
    title: str | None = None
    # How the URL is read: an RSS/Atom feed, a sitemap, or an HTML listing page (chidao.services.sources).
    kind: Literal["feed", "sitemap", "listing"] = "feed"
    max_per_poll: Annotated[int, Field(ge=1, le=MAX_PER_POLL)] = DEFAULT_MAX_PER_POLL
    link_pattern: NonEmptyText | None = None
    link_selector: NonEmptyText | None = None
    pages: Annotated[int, Field(ge=1, le=MAX_PAGES)] = 1
    evidence: NonEmptyText | None = None  # where the URL is publicly listed
    verified: bool = False  # set once `chidao feeds check --all` confirmed it

    @property
    def options(self) -> SourceOptions:
        """What a sitemap or listing poll needs, as one value."""
        return SourceOptions(
            max_per_poll=self.max_per_poll,
            link_pattern=self.link_pattern,
            link_selector=self.link_selector,
            pages=self.pages,
        )

    @field_validator("link_pattern")
    @classmethod
    def _pattern(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _listing_only(info)
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @field_validator("link_selector")
    @classmethod
    def _selector(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _listing_only(info)
            error = selector_error(value)
            if error is not None:
                raise ValueError(f"not a valid CSS selector: {error}")
        return value

    @field_validator("pages")
    @classmethod
    def _pages(cls, value: int, info: ValidationInfo) -> int:
        if value != 1:
            _listing_only(info)
        return value

    @model_validator(mode="after")
    def _listing_finds_links(self) -> FeedSpec:
        if self.kind == "listing" and self.link_pattern is None and self.link_selector is None:
            raise ValueError("a listing needs 'link_pattern' or 'link_selector'")
        return self

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.match(FEED_ID_PATTERN, value):
            raise ValueError(f"feed id '{value}' must be lower-case letters, digits, '.', '_' or '-'")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        url = value.strip()
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  (raises ValueError for a port out of range)
        except ValueError as exc:
            raise ValueError(f"'{url}' is not a valid URL ({exc})") from None
        if parts.scheme not in FEED_URL_SCHEMES or not (parts.netloc or parts.scheme == "sample"):
            raise ValueError(f"'{url}' must be an http(s) URL")
        return url

    @field_validator("allow_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(host.lower() for host in value)


class FeedsFile(ConfigModel):
    """``feeds.yaml``: ``feeds:`` a list of ``FeedSpec``; ids are unique."""

    feeds: list[FeedSpec]

    @field_validator("feeds")
    @classmethod
    def _unique_ids(cls, feeds: list[FeedSpec]) -> list[FeedSpec]:
        first: dict[str, int] = {}
        for index, feed in enumerate(feeds):
            if feed.id in first:
                raise ItemError(index, f"duplicate feed id '{feed.id}' (first is entry {first[feed.id] + 1})")
            first[feed.id] = index
        return feeds


# --- routing -------------------------------------------------------------------------------------------------


def _channel(name: str) -> str:
    if not name.strip() or any(ch.isspace() for ch in name):
        raise ValueError(f"channel must be a name like '#chidao' without spaces, got '{name}'")
    return name


# "#chidao", "chidao" or an id such as "C0123ABC": no spaces.
Channel = Annotated[str, AfterValidator(_channel)]
OneOrMore = Annotated[list[NonEmptyText], Field(min_length=1)]


class RouteSpec(ConfigModel):
    """One rule of ``routing.yaml``: a channel and at least one condition."""

    channel: Channel
    provinces: OneOrMore | None = None
    topics: OneOrMore | None = None
    assignee_pattern: NonEmptyText | None = None
    feeds: OneOrMore | None = None

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, labels: list[str] | None) -> list[str] | None:
        from chidao.core.models import TOPIC_LABELS

        for index, label in enumerate(labels or ()):
            if label not in TOPIC_LABELS:
                raise ItemError(index, f"unknown topic label '{label}' (known: {', '.join(TOPIC_LABELS)})")
        return labels

    @field_validator("assignee_pattern")
    @classmethod
    def _regex(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return pattern

    @model_validator(mode="after")
    def _has_condition(self) -> RouteSpec:
        if self.provinces is None and self.topics is None and self.assignee_pattern is None and self.feeds is None:
            raise ValueError("route has no condition (give provinces, topics, assignee_pattern or feeds)")
        return self


class RoutingFile(ConfigModel):
    """``routing.yaml``: the default channel and the routes, in order."""

    default_channel: Channel | None = None
    routes: list[RouteSpec] = []


# --- lexicons (config/lexicons/*.yaml) and agencies ----------------------------------------------------------


class CuesFile(ConfigModel):
    """``lexicons/cues.yaml``: the word lists the directive extractor matches. Every list is required."""

    speech_acts: Phrases
    bare_speech_acts: Phrases
    reporting_verbs: Phrases
    agreement_verbs: Phrases
    action_heads: Phrases
    false_actions: Phrases
    addressee_heads: Phrases
    circumstance_markers: Phrases
    commitment_markers: Phrases
    modals: Phrases
    connectives: Phrases
    past_markers: Phrases
    shortcoming_markers: Phrases
    purpose_markers: Phrases
    statement_verbs: Phrases
    discussion_markers: Phrases
    person_pronouns: Phrases
    titles: Phrases
    issuing_bodies: Phrases
    documents: Phrases
    list_introducers: Phrases
    quote_verbs: Phrases
    obligation_modals: Phrases
    first_person: Phrases
    predicate_openers: Phrases
    addressee_closers: Phrases
    event_subjects: Phrases
    matter_nouns: Phrases
    resident_markers: Phrases
    admin_units: Phrases
    inspection_bodies: Phrases
    department_heads: Phrases
    people_committees: Phrases
    level_committees: Phrases
    passed_down_verbs: Phrases
    order_verbs: Phrases


# --- patterns (config/patterns/*.yaml) ---------------------------------------------------------------------

# What a pattern rule's span means to the discourse component (tasks/chidao/nlp/discourse.py).
PatternLabel = Literal[
    "LEAD",
    "EMPHASIS",
    "ACTION",
    "MODAL",
    "CONNECTIVE",
    "SPEAKER",
    "ADDRESSEE",
    "DETERMINER",
    "PAST",
    "PERIOD",
    "FLOOR",
    "STATEMENT",
    "LISTOPEN",
    "COMMIT",
    "SCOPE",
    "DOCSCOPE",
    "PASSIVE",
    "REPORT",
    "FUTURE",
    "FOCUS",
    "NOTLEAD",
    "AUX",
    "TOPIC",
    "PER",
    "DELEGATE",
    "RESULT",
    "STATUS",
    "ORDER",
    "DOCUMENT",
    "UNIT",
    "DATED",
    "SELF",
    "FRAME",
    "MATTER",
    "HABIT",
    "DUE",
    "JOINED",
    "NOMINAL",
    "PURPOSE",
    "PATIENT",
    "AND",
    "OBLIGE",
    "PROHIBIT",
    "TARGET",
    "SENDTO",
    "RELAY",
    "SETTING",
    "BASIS",
    "COUNT",
    "RELATIVE",
    "COPULA",
    "DOMAIN",
    "ALONG",
    "ADJECTIVE",
    "CHARGE",
]
# Word lists a rule may take its phrases from: a list of ``lexicons/cues.yaml`` or the heads of ``agencies.yaml``.
LexiconList = Literal[
    "speech_acts",
    "bare_speech_acts",
    "reporting_verbs",
    "agreement_verbs",
    "action_heads",
    "false_actions",
    "addressee_heads",
    "circumstance_markers",
    "commitment_markers",
    "modals",
    "connectives",
    "past_markers",
    "shortcoming_markers",
    "purpose_markers",
    "statement_verbs",
    "discussion_markers",
    "person_pronouns",
    "titles",
    "issuing_bodies",
    "documents",
    "list_introducers",
    "quote_verbs",
    "obligation_modals",
    "first_person",
    "predicate_openers",
    "addressee_closers",
    "event_subjects",
    "matter_nouns",
    "resident_markers",
    "admin_units",
    "inspection_bodies",
    "department_heads",
    "people_committees",
    "level_committees",
    "passed_down_verbs",
    "order_verbs",
    "agency_heads",
]


class PatternRuleSpec(ConfigModel):
    """One marking rule: an id, what it marks, and example phrases written for this project."""

    id: Annotated[str, Field(pattern=r"^[a-z]+(?:\.[a-z_]+)+$")]
    label: PatternLabel
    phrases: Phrases = []
    lexicon: list[LexiconList] = []
    examples: Annotated[list[NonEmptyText], Field(min_length=1)]

    @model_validator(mode="after")
    def _marks_something(self) -> PatternRuleSpec:
        if not self.phrases and not self.lexicon:
            raise ValueError(f"rule '{self.id}' marks nothing: give phrases or lexicon")
        return self


class PatternsFile(ConfigModel):
    """``patterns/discourse.yaml``: the rules of the extractor's span ruler; ids are unique."""

    rules: Annotated[list[PatternRuleSpec], Field(min_length=1)]

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[PatternRuleSpec]) -> list[PatternRuleSpec]:
        seen: set[str] = set()
        for index, rule in enumerate(rules):
            if rule.id in seen:
                raise ItemError(index, f"duplicate rule id '{rule.id}'")
            seen.add(rule.id)
        return rules


def _ends_with_dot(values: list[str]) -> list[str]:
    for index, value in enumerate(values):
        if not value.strip().endswith("."):
            raise ItemError(index, f"abbreviation '{value.strip()}' must end with '.'")
    return values


class AbbreviationsFile(ConfigModel):
    """``lexicons/abbreviations.yaml``: tokens whose final dot does not end a sentence."""

    abbreviations: Annotated[CasedPhrases, AfterValidator(_ends_with_dot)]


class NamesFile(ConfigModel):
    """``lexicons/names.yaml``: Vietnamese surnames and words that start place names."""

    surnames: CasedPhrases
    place_words: Phrases
    places_named_like_persons: CasedPhrases


# "01-01" (a solar date) or "lunar_new_year".
HolidayDate = Annotated[str, Field(pattern=r"^(lunar_new_year|\d\d-\d\d)$")]


# `{name}` in a deadline pattern: a piece of ``deadlines.pieces``.
DEADLINE_PIECE = re.compile(r"\{([a-z_]+)\}")
DeadlineUnit = Literal["day", "week", "month", "quarter", "year"]
Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def expand_pieces(pattern: str, pieces: dict[str, str]) -> str:
    """``pattern`` with every `{name}` replaced by ``pieces[name]`` (a regex quantifier "{1,2}" is left alone)."""
    return DEADLINE_PIECE.sub(lambda m: pieces[m.group(1)], pattern)


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {exc}") from None
    return pattern


RegexText = Annotated[str, Field(min_length=1), AfterValidator(_compiles)]


def _needs_groups(pattern: str, groups: tuple[str, ...]) -> str:
    missing = [group for group in groups if group not in re.compile(pattern).groupindex]
    if missing:
        raise ValueError(f"needs the named group(s) {', '.join(missing)}")
    return pattern


def _with_groups(*groups: str) -> AfterValidator:
    return AfterValidator(lambda pattern: _needs_groups(pattern, groups))


class DeadlineNormalizeSection(ConfigModel):
    """``deadlines.normalize``: the expressions that turn a deadline into a due date or a recurrence."""

    count_per_period: Annotated[RegexText, _with_groups("unit")]
    count_hour: RegexText
    every_n: Annotated[RegexText, _with_groups("n", "unit")]
    every: Annotated[RegexText, _with_groups("unit")]
    weekday: Annotated[RegexText, _with_groups("weekday")]
    month_day: Annotated[RegexText, _with_groups("day")]
    hour: RegexText
    open_range: RegexText
    month: RegexText
    not_a_month: RegexText
    quarter: RegexText
    lunar_new_year: RegexText
    within: Annotated[RegexText, _with_groups("n", "unit")]
    year: RegexText
    not_a_year: RegexText
    start_of_year: RegexText
    start_of_this_year: RegexText
    end_of_this_year: RegexText
    words_date: Annotated[RegexText, _with_groups("day", "month", "year")]
    rest_of_year: RegexText
    first_months: Annotated[RegexText, _with_groups("n", "year")]
    this_period: Annotated[RegexText, _with_groups("unit")]
    next_period: Annotated[RegexText, _with_groups("unit")]


class DeadlinesSection(ConfigModel):
    """``deadlines`` of ``lexicons/time.yaml``: how deadlines are found and normalised."""

    pieces: dict[Annotated[str, Field(pattern=r"^[a-z_]+$")], RegexText]
    find: Annotated[list[NonEmptyText], Field(min_length=1)]
    document_number: RegexText
    normalize: DeadlineNormalizeSection
    units: dict[NonEmptyText, DeadlineUnit]
    weekdays: dict[NonEmptyText, Weekday]

    @field_validator("find")
    @classmethod
    def _patterns_compile(cls, patterns: list[str], info: ValidationInfo) -> list[str]:
        pieces: dict[str, str] = info.data.get("pieces", {})
        for index, pattern in enumerate(patterns):
            unknown = [name for name in DEADLINE_PIECE.findall(pattern) if name not in pieces]
            if unknown:
                raise ItemError(index, f"unknown piece {{{unknown[0]}}}")
            try:
                re.compile(expand_pieces(pattern, pieces))
            except re.error as exc:
                raise ItemError(index, f"not a regular expression: {exc}") from None
        return patterns

    def expand(self, pattern: str) -> str:
        """A pattern with every `{name}` replaced by its piece."""
        return expand_pieces(pattern, self.pieces)


class TimeFile(ConfigModel):
    """``lexicons/time.yaml``: vague time phrases, named holidays, the lunar-new-year table, deadline rules."""

    vague: Phrases
    holidays: dict[str, HolidayDate]
    lunar_new_year: dict[Annotated[int, Field(ge=1900, le=2200)], Annotated[dt.date, Field(strict=False)]]
    deadlines: DeadlinesSection


class AgenciesFile(ConfigModel):
    """``agencies.yaml``: heads of agency names, document kinds and full names of provincial bodies."""

    heads: Phrases
    documents: Phrases = []
    bodies: CasedPhrases


# --- tracking ------------------------------------------------------------------------------------------------

NonEmptyPhrases = Annotated[Phrases, Field(min_length=1)]


class TrackingFile(ConfigModel):
    """``tracking.yaml``: phrases that mark a follow-up sentence as an extension or a completion."""

    extension: NonEmptyPhrases
    completion: NonEmptyPhrases
    negation: NonEmptyPhrases
    generic: NonEmptyPhrases


# --- labels: topics, article types, provinces, training phrases ----------------------------------------------

TermWeights = dict[str, Annotated[float, Field(ge=-1_000, le=1_000)]]


class TopicModelSection(ConfigModel):
    """The ``model:`` section of ``topics.yaml`` (the trained classifier's settings)."""

    training_file: NonEmptyText
    epochs: Annotated[int, Field(ge=0, le=10_000)]
    ngram_size: Annotated[int, Field(ge=0, le=10)]
    hash_length: Annotated[int, Field(ge=0, le=1 << 26)]
    seed: Annotated[int, Field(ge=0)]
    probability_floor: Fraction
    threshold: float
    relative_threshold: Fraction
    title_weight: float
    ensemble_weight: Fraction


class TopicExample(ConfigModel):
    """A headline and lead we wrote, with the topic labels they must get."""

    labels: list[NonEmptyText]
    title: NonEmptyText
    body: NonEmptyText


class TopicsFile(ConfigModel):
    """``topics.yaml``: weighted terms per topic label and the scoring thresholds."""

    method: Literal["lexicon", "model", "ensemble"] = "lexicon"
    model: TopicModelSection | None = None
    threshold: float
    relative_threshold: float
    title_weight: float
    max_count_per_term: Annotated[float, Field(ge=1, le=1_000)]
    repeat_weight: float
    # The best label alone needs only this score (default: ``threshold``); see topics.yaml.
    best_label_threshold: Annotated[float, Field(gt=0)] | None = None
    examples: list[TopicExample] = []
    ignore: Phrases = []
    labels: dict[str, TermWeights]

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, labels: dict[str, TermWeights]) -> dict[str, TermWeights]:
        from chidao.core.models import TOPIC_LABELS

        for label in labels:
            if label not in TOPIC_LABELS:
                raise ItemError(label, f"unknown topic label '{label}' (known: {', '.join(TOPIC_LABELS)})")
        return labels


class ArticleTypesFile(ConfigModel):
    """``article_types.yaml``: weighted terms per article type."""

    threshold: float
    title_weight: float
    types: dict[str, TermWeights]


class CurrentUnit(ConfigModel):
    name: NonEmptyText
    city: bool = False


class FormerProvince(ConfigModel):
    name: NonEmptyText
    unit: NonEmptyText
    variants: list[NonEmptyText] = []
    city: bool = False
    bare_name_is_ambiguous: bool = False
    # Former names reported as written ("Thừa Thiên Huế"); each must be one of ``variants``.
    written_as: list[NonEmptyText] = []


class EvidenceWeights(ConfigModel):
    portal_header: Weight
    other_header: Weight
    title_prefix: Weight
    title: Weight
    authority: Weight
    cued: Weight
    provincial_city: Weight
    bare: Weight
    domain: Weight
    outlet_code: Weight
    place: Weight
    feed_prior: Weight
    minimum: Weight


class OutletCodeForms(ConfigModel):
    """How a newspaper's dateline code is read: "B" + initials, initials + "O" / "online"."""

    prefixes: list[NonEmptyText]
    suffixes: list[NonEmptyText]


# The kinds of province evidence; each has a weight in provinces.yaml and may have examples.
EvidenceKind = Literal[
    "portal_header",
    "other_header",
    "title_prefix",
    "title",
    "authority",
    "cued",
    "provincial_city",
    "bare",
    "domain",
    "outlet_code",
    "place",
    "feed_prior",
    "minimum",
]


# A domain-name spelling: lower-case ASCII letters, digits and hyphens ("hochiminhcity", "baria-vungtau").
DomainLabel = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class DomainForms(ConfigModel):
    """How a province is spelled in a domain name: "bao" + slug, slug + "tv"; generic labels to skip."""

    prefixes: list[DomainLabel]
    suffixes: list[DomainLabel]
    generic_labels: list[DomainLabel]


class ProvincePlaces(ConfigModel):
    """The capital, the other district-level places and extra domain spellings of one former province."""

    capital: NonEmptyText | None = None
    districts: Phrases
    domains: list[DomainLabel] = []


class ProvinceExample(ConfigModel):
    """A page we wrote and the province one kind of evidence must give it (``null``: none)."""

    kind: EvidenceKind
    province: NonEmptyText | None
    page: NonEmptyText


class ProvinceEvidenceSection(ConfigModel):
    province_cues: list[NonEmptyText]
    authority_cues: list[NonEmptyText]
    city_cues: list[NonEmptyText]
    lower_place_cues: list[NonEmptyText]
    place_cues: list[NonEmptyText]
    portal_line_starts: list[NonEmptyText]
    portal_line_ends: list[NonEmptyText]
    weights: EvidenceWeights
    max_body_mentions: Annotated[int, Field(ge=1, le=1_000)]
    outlet_codes: OutletCodeForms | None = None
    domain_forms: DomainForms
    examples: list[ProvinceExample] = []


class ProvincesFile(ConfigModel):
    """``provinces.yaml``: the 34 current units, the 63 former provinces and how a mention counts."""

    current_units: list[CurrentUnit]
    former_provinces: list[FormerProvince]
    places: dict[str, ProvincePlaces]
    evidence: ProvinceEvidenceSection

    @field_validator("current_units")
    @classmethod
    def _unique_units(cls, units: list[CurrentUnit]) -> list[CurrentUnit]:
        _unique((unit.name for unit in units), folded=True)
        return units

    @field_validator("former_provinces")
    @classmethod
    def _unique_names(cls, provinces: list[FormerProvince]) -> list[FormerProvince]:
        _unique((province.name for province in provinces), folded=True)
        return provinces


class PublishedExample(ConfigModel):
    page: NonEmptyText
    published: dt.date | None

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        # YAML gives a date for 2024-05-07 unquoted and a string when quoted; both are accepted, nothing else.
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"published must be YYYY-MM-DD or null, not '{value}'") from None
        return value


class PublishedRule(ConfigModel):
    id: Literal[
        "labelled_line",
        "below_headline",
        "scraper_prefix",
        "header_line",
        "scraper_month_lead_day",
        "lead_full_date",
        "lead_dated_clause",
        "lead_day_single_year",
        "headline_stamp",
        "lead_stamp",
    ]
    doc: NonEmptyText
    examples: Annotated[list[PublishedExample], Field(min_length=1)]


class PublishedFile(ConfigModel):
    """``published.yaml``: word lists and the ordered rules that find an article's own date."""

    publication_labels: Phrases
    date_line_words: Phrases
    lead_time_words: Phrases
    rules: list[PublishedRule]

    @field_validator("rules")
    @classmethod
    def _each_rule_once(cls, rules: list[PublishedRule]) -> list[PublishedRule]:
        seen: set[str] = set()
        for index, rule in enumerate(rules):
            if rule.id in seen:
                raise ItemError(index, f"rule id '{rule.id}' appears twice")
            seen.add(rule.id)
        return rules


class TopicPhrasesFile(ConfigModel):
    """``training/topic_phrases.yaml``: sentence frames and phrases the topic training set is generated from."""

    frames: Phrases
    neutral: Phrases
    topics: dict[str, CasedPhrases]
    pairs: Annotated[int, Field(ge=1, le=1_000)]
