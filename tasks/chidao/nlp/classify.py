"""Article-level labels: topics, article type, province and publication date.

All rules are data in ``config/`` (``topics.yaml``, ``article_types.yaml``,
``provinces.yaml``); this module loads them once and applies them.

``classify`` sees two versions of an article: ``raw_text`` as scraped (site
header, date lines, bylines, sometimes a related article glued on) and the
cleaned ``CleanedArticle`` (headline + own text). Topics and type come from
the cleaned text only; the province and the date also read the page header
above and just below the headline, where portals print their own name and
the article's date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from chidao.config import ConfigBundle, Located
from chidao.core.fold import fold, unify_tone_marks
from chidao.core.models import ARTICLE_TYPES, TOPIC_LABELS, Classification, CleanedArticle
from chidao.nlp.provinces import ConfigError, PlaceMention, ProvinceGazetteer, YamlFile, name_key
from chidao.nlp.published import PUBLISHED_FILE, Page, PublishedRules
from chidao.nlp.topic_model import METHODS, TopicModel, TopicModelSettings
from chidao.resources import bundled_config_dir

__all__ = [
    "ArticleClassifier",
    "ConfigError",
    "PageLayout",
    "TermWeights",
    "TopicLexicon",
    "TypeLexicon",
    "date_of_line",
]

TOPICS_FILE = "topics.yaml"
ARTICLE_TYPES_FILE = "article_types.yaml"


def scoring_form(text: str) -> str:
    """Text as lexicon terms are written: NFC, reformed tone marks, lower case.

    Diacritics are kept: folding would make "đảng" (party) equal "đang" (currently).
    """
    return unify_tone_marks(text).lower()


def term_words(term: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", scoring_form(term)))


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word pattern of a lexicon term, tolerant of the punctuation between its words.

    "phòng, chống dịch" matches "phòng chống dịch" and "phòng, chống dịch"; "bão" does not match "bảo".
    """
    return re.compile(r"(?<!\w)" + _words_regex(term_words(term)) + r"(?!\w)")


def _words_regex(words: tuple[str, ...]) -> str:
    return r"[^\w\n]+".join(re.escape(word) for word in words)


@dataclass(frozen=True)
class TermWeights:
    """Weighted terms of one label, matched longest first without overlap.

    Longest-first means "phát triển kinh tế - xã hội" is counted once as itself, not again as "kinh tế";
    a term of weight 0 is a mask: it claims its words so that a shorter term inside it does not count
    ("phòng cháy, chữa cháy rừng" is forest fire, not the fire police).
    """

    weights: dict[tuple[str, ...], float]
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, weights: dict[tuple[str, ...], float]) -> TermWeights:
        ordered = sorted(weights, key=lambda words: (-len(" ".join(words)), words))
        alternation = "|".join(_words_regex(words) for words in ordered)
        return cls(weights, re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)"))

    def counts(self, text: str) -> dict[tuple[str, ...], int]:
        """Occurrences of each term in ``text`` (already in scoring form)."""
        found: dict[tuple[str, ...], int] = {}
        for match in self.pattern.finditer(text):
            words = tuple(re.findall(r"\w+", match.group()))
            found[words] = found.get(words, 0) + 1
        return found

    def score(self, text: str, *, max_count: int, repeat_weight: float = 1.0) -> float:
        """Sum over terms found of weight x (1 + repeat_weight x further occurrences, up to ``max_count``)."""
        return sum(
            self.weights.get(words, 0.0) * (1 + repeat_weight * (min(count, max_count) - 1))
            for words, count in self.counts(text).items()
        )


def _read_term_weights(source: YamlFile, node: Located, what: str) -> TermWeights:
    entries = source.mapping(node, what)
    weights: dict[tuple[str, ...], float] = {}
    for term, weight_node in entries.items():
        weight = source.number(weight_node, f"the weight of {term!r} in {what}")
        if weight < 0:
            raise source.error(weight_node, f"the weight of {term!r} in {what} must not be negative")
        words = term_words(term)
        if not words:
            raise source.error(weight_node, f"term {term!r} in {what} has no letters")
        if words in weights:
            raise source.error(weight_node, f"term {term!r} in {what} repeats another term's words")
        weights[words] = weight
    if not any(weights.values()):
        raise source.error(node, f"{what} has no term with a positive weight")
    return TermWeights.of(weights)


def _topic_examples(source: YamlFile, top: dict[str, Located]) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    if "examples" not in top:
        return ()
    found = []
    for node in source.sequence(top["examples"], "examples"):
        entry = source.mapping(node, "an example", required=("labels", "title", "body"), optional=())
        labels = tuple(source.strings(entry["labels"], "an example's labels"))
        unknown = [label for label in labels if label not in TOPIC_LABELS]
        if unknown:
            raise source.error(entry["labels"], f"unknown topic label {unknown[0]!r} in an example")
        found.append((labels, source.string(entry["title"], "a title"), source.string(entry["body"], "a body")))
    return tuple(found)


def _ignore_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One whole-word alternation of the ignored phrases, longest first (one pass instead of one per phrase)."""
    if not phrases:
        return None
    ordered = sorted({term_words(p) for p in phrases if term_words(p)}, key=lambda w: (-len(" ".join(w)), w))
    return re.compile(r"(?<!\w)(?:" + "|".join(_words_regex(words) for words in ordered) + r")(?!\w)")


@dataclass(frozen=True)
class TopicLexicon:
    """Multi-label topic scoring (see ``config/topics.yaml`` for the rule)."""

    labels: dict[str, TermWeights]
    threshold: float
    relative_threshold: float
    title_weight: float
    max_count_per_term: int
    repeat_weight: float
    ignore: re.Pattern[str] | None  # every ignored phrase in one alternation, longest first
    method: str = "lexicon"
    model_settings: TopicModelSettings | None = None
    best_label_threshold: float | None = None  # None: the best label needs ``threshold`` like the others
    examples: tuple[tuple[tuple[str, ...], str, str], ...] = ()  # (labels, headline, body) we wrote

    @classmethod
    def from_file(cls, path: Path) -> TopicLexicon:
        source = YamlFile(path)
        top = source.mapping(
            source.root,
            "the file",
            required=(
                "threshold",
                "relative_threshold",
                "title_weight",
                "max_count_per_term",
                "repeat_weight",
                "labels",
            ),
            optional=("ignore", "method", "model", "best_label_threshold", "examples"),
        )
        method = source.string(top["method"], "method") if "method" in top else "lexicon"
        if method not in METHODS:
            raise source.error(top["method"], f"unknown method {method!r} (known: {', '.join(METHODS)})")
        model_settings = (
            TopicModelSettings.read(source, top["model"], needs_file=method != "lexicon") if "model" in top else None
        )
        if method != "lexicon" and model_settings is None:
            raise source.error(top["method"], f"method {method!r} needs a model section")
        label_nodes = source.mapping(top["labels"], "labels")
        labels: dict[str, TermWeights] = {}
        for label, node in label_nodes.items():
            if label not in TOPIC_LABELS:
                raise source.error(node, f"unknown topic label {label!r} (known: {', '.join(TOPIC_LABELS)})")
            labels[label] = _read_term_weights(source, node, f"label {label}")
        missing = [label for label in TOPIC_LABELS if label not in labels]
        if missing:
            raise source.error(top["labels"], f"labels lack lexicons for {', '.join(missing)}")
        relative = source.number(top["relative_threshold"], "relative_threshold")
        if not 0 <= relative <= 1:
            raise source.error(top["relative_threshold"], "relative_threshold must be between 0 and 1")
        max_count = source.number(top["max_count_per_term"], "max_count_per_term")
        if max_count < 1 or max_count != int(max_count):
            raise source.error(top["max_count_per_term"], "max_count_per_term must be a whole number >= 1")
        repeat_weight = source.number(top["repeat_weight"], "repeat_weight")
        if not 0 <= repeat_weight <= 1:
            raise source.error(top["repeat_weight"], "repeat_weight must be between 0 and 1")
        ignore = source.strings(top["ignore"], "ignore") if "ignore" in top else []
        best_label_threshold = None
        if "best_label_threshold" in top:
            best_label_threshold = source.number(top["best_label_threshold"], "best_label_threshold")
            if best_label_threshold <= 0:
                raise source.error(top["best_label_threshold"], "best_label_threshold must be above 0")
        return cls(
            labels=labels,
            threshold=source.number(top["threshold"], "threshold"),
            relative_threshold=relative,
            title_weight=source.number(top["title_weight"], "title_weight"),
            max_count_per_term=int(max_count),
            repeat_weight=repeat_weight,
            ignore=_ignore_pattern(ignore),
            method=method,
            model_settings=model_settings,
            best_label_threshold=best_label_threshold,
            examples=_topic_examples(source, top),
        )

    def _prepare(self, text: str) -> str:
        prepared = scoring_form(text)
        return self.ignore.sub(" | ", prepared) if self.ignore is not None else prepared

    def scores(self, title: str | None, body: str) -> dict[str, float]:
        """Score of every label for a headline and a body text.

        "Tăng tốc giải ngân vốn đầu tư công năm 2026" scores economy (giải ngân, đầu tư công), three times over
        in a headline; "Sở Tài nguyên và Môi trường" scores nothing (an ignored agency name).
        """
        title_text = self._prepare(title or "")
        body_text = self._prepare(body)
        return {
            label: terms.score(body_text, max_count=self.max_count_per_term, repeat_weight=self.repeat_weight)
            + self.title_weight * terms.score(title_text, max_count=1)
            for label, terms in self.labels.items()
        }

    def choose(self, scores: dict[str, float]) -> tuple[str, ...]:
        """The best label, and every other label that passes both thresholds, in the order of ``TOPIC_LABELS``.

        With threshold 10 and relative threshold 0.25, {economy: 60, social: 16, security: 9} gives
        (economy, social): security is under the absolute floor. The best label needs only
        ``best_label_threshold``: a short excerpt about roads, {economy: 6}, still is about the economy.
        """
        best = max(scores.values(), default=0.0)
        best_floor = self.threshold if self.best_label_threshold is None else self.best_label_threshold
        if best <= 0 or best < best_floor:
            return ()
        floor = min(best, max(self.threshold, self.relative_threshold * best))
        return tuple(label for label in TOPIC_LABELS if scores.get(label, 0.0) >= floor)


@dataclass(frozen=True)
class TypeLexicon:
    """Single-label article type from cue words (see ``config/article_types.yaml``)."""

    types: dict[str, TermWeights]
    threshold: float
    title_weight: float

    @classmethod
    def from_file(cls, path: Path) -> TypeLexicon:
        source = YamlFile(path)
        top = source.mapping(source.root, "the file", required=("threshold", "title_weight", "types"), optional=())
        types: dict[str, TermWeights] = {}
        for name, node in source.mapping(top["types"], "types").items():
            if name not in ARTICLE_TYPES or name == "other":
                allowed = ", ".join(t for t in ARTICLE_TYPES if t != "other")
                raise source.error(node, f"unknown article type {name!r} (known: {allowed})")
            types[name] = _read_term_weights(source, node, f"type {name}")
        return cls(
            types=types,
            threshold=source.number(top["threshold"], "threshold"),
            title_weight=source.number(top["title_weight"], "title_weight"),
        )

    def choose(self, title: str | None, lead: str) -> str:
        """The best-scoring type of a headline + lead paragraph, or "other".

        "Công điện khẩn về chủ động phòng chống rét đậm" -> directive_document; "Chủ tịch UBND tỉnh làm việc với
        Sở Y tế" -> leadership_activity; "Khai mạc Lễ hội hoa đào" -> event.
        """
        title_text, lead_text = scoring_form(title or ""), scoring_form(lead)
        best_type, best_score = "other", 0.0
        for name, terms in self.types.items():
            score = terms.score(lead_text, max_count=1) + self.title_weight * terms.score(title_text, max_count=1)
            if score > best_score:
                best_type, best_score = name, score
        return best_type if best_score >= self.threshold else "other"


# ---------------------------------------------------------------------------
# Page layout and date lines: chidao.nlp.published (re-exported here under their former names)

PageLayout = Page


@lru_cache(maxsize=1)
def _bundled_published_rules() -> PublishedRules:
    return PublishedRules.from_file(bundled_config_dir() / PUBLISHED_FILE)


def date_of_line(line: str) -> date | None:
    """The date of a page's date line by the bundled ``published.yaml`` (see ``PublishedRules.date_of_line``)."""
    return _bundled_published_rules().date_of_line(line)


# ---------------------------------------------------------------------------
# Province evidence

# A newspaper's dateline code opening the lead: "BBK - Sáng ...", "(GLO)- Sáng ...", "(LĐ online) - ...".
# "\u0110" is the capital D with stroke.
_OUTLET_CODE = re.compile(r"^\(?([A-Z\u0110]{2,5}(?: online)?)\)? ?[-–—]")
# Host names under .vn: "(Baohatinh.vn)", "baonghean.vn", "quangtri.gov.vn", "thanhtri.hanoi.gov.vn"; a host
# may end a sentence ("... baoquangtri.vn."), but "x.vn.example" is not one.
_HOST = re.compile(r"(?<![\w.-])(?:[a-z0-9-]+\.)+vn(?![\w-]|\.\w)")


class ArticleClassifier:
    """Topics, article type, province and published date of one article."""

    def __init__(
        self,
        topics: TopicLexicon,
        types: TypeLexicon,
        gazetteer: ProvinceGazetteer,
        *,
        method: str | None = None,
        topic_model: TopicModel | None = None,
        published_rules: PublishedRules | None = None,
    ) -> None:
        self.topics = topics
        self.published_rules = published_rules or _bundled_published_rules()
        self.types = types
        self.gazetteer = gazetteer
        self.method = method or topics.method
        if self.method not in METHODS:
            raise ValueError(f"unknown topic method {self.method!r} (known: {', '.join(METHODS)})")
        if self.method != "lexicon" and topic_model is None:
            raise ValueError(f"topic method {self.method!r} needs a trained topic model")
        self.topic_model = topic_model

    @classmethod
    def from_bundle(cls, bundle: ConfigBundle, *, method: str | None = None) -> ArticleClassifier:
        """The classifier of a validated bundle (its rule files are read again with line positions)."""
        return cls.from_config(bundle.config_dir, method=method)

    @classmethod
    def from_config(cls, config_dir: Path, *, method: str | None = None) -> ArticleClassifier:
        """Load and validate the rule files in ``config_dir``; raises ``ConfigError``.

        ``method`` overrides the ``method`` of ``topics.yaml``; the model is loaded (trained and cached at
        first use) only when the method needs it.
        """
        config_dir = Path(config_dir)
        topics = TopicLexicon.from_file(config_dir / TOPICS_FILE)
        chosen = method or topics.method
        model = None
        if chosen != "lexicon":
            if topics.model_settings is None:
                raise ConfigError(config_dir / TOPICS_FILE, 1, f"method {chosen!r} needs a model section")
            model = TopicModel.load_or_train(topics.model_settings)
        return cls(
            topics,
            TypeLexicon.from_file(config_dir / ARTICLE_TYPES_FILE),
            ProvinceGazetteer.from_config(config_dir),
            method=chosen,
            topic_model=model,
            published_rules=PublishedRules.from_file(config_dir / PUBLISHED_FILE),
        )

    def lexicon_topic_scores(self, article: CleanedArticle) -> dict[str, float]:
        """Every label's lexicon score for a cleaned article, headline and body read as ``classify`` reads them.

        For error analysis: "Tăng tốc giải ngân vốn đầu tư công năm 2026" as a headline (body empty) scores economy
        3 x (giải ngân 4 + vốn đầu tư 3) = 21.
        """
        title = unify_tone_marks(article.title) if article.title else None
        return self.topics.scores(title, unify_tone_marks(_body_without_title(article)))

    def topic_labels(self, title: str | None, body: str) -> tuple[str, ...]:
        """Topics of a headline and body by the configured method (lexicon, model or ensemble).

        Ensemble: each classifier's scores divided by its best label's score, mixed with the model's
        ``ensemble_weight``; a label needs ``relative_threshold`` of the best mixed score, and the article
        needs the lexicon's or the model's absolute threshold.
        """
        lexicon_scores = self.topics.scores(title, body)
        if self.method == "lexicon" or self.topic_model is None:
            return self.topics.choose(lexicon_scores)
        model_scores = self.topic_model.scores(title, body)
        if self.method == "model":
            return self.topic_model.choose(model_scores)
        settings = self.topic_model.settings
        best_lexicon = max(lexicon_scores.values(), default=0.0)
        best_model = max(model_scores.values(), default=0.0)
        if best_lexicon < self.topics.threshold and best_model < settings.threshold:
            return ()
        weight = settings.ensemble_weight
        mixed = {
            label: (1 - weight) * (lexicon_scores[label] / best_lexicon if best_lexicon else 0.0)
            + weight * (model_scores[label] / best_model if best_model else 0.0)
            for label in TOPIC_LABELS
        }
        best = max(mixed.values())
        return tuple(label for label in TOPIC_LABELS if mixed[label] >= self.topics.relative_threshold * best)

    def classify(
        self,
        raw_text: str,
        article: CleanedArticle,
        *,
        feed_province: str | None = None,
        entry_published: date | None = None,
    ) -> Classification:
        """Label one article. ``entry_published`` (from the feed) beats any date in the text."""
        # The cleaner promises NFC, but offsets of province names must hold for any input.
        title = unify_tone_marks(article.title) if article.title else None
        body = unify_tone_marks(_body_without_title(article))
        layout = Page.of(raw_text, title)
        province = self.province(layout, title, body, feed_province=feed_province)
        found = self.published_rules.find(layout) if entry_published is None else (entry_published, "feed_entry")
        return Classification(
            topics=self.topic_labels(title, body),
            province=self.as_written(raw_text, province) if province else None,
            province_current=self.gazetteer.current_unit(province) if province else None,
            published=found[0] if found else None,
            published_rule=found[1] if found else None,
            article_type=self.types.choose(title, _lead_paragraph(body)),
        )

    def province(
        self,
        layout: Page,
        title: str | None,
        body: str,
        *,
        feed_province: str | None = None,
    ) -> str | None:
        """The province the article is about, as written (canonical spelling), or None.

        Evidence: the portal's name in the header ("Cổng thông tin điện tử tỉnh Ninh Thuận", "BÁO QUẢNG NGÃI
        ĐIỆN TỬ"), a headline prefix ("Sóc Trăng: Tổng kết ..."), the acting authority ("Chủ tịch UBND tỉnh
        X"), named bodies ("Sở Y tế tỉnh X"), a newspaper or portal domain anywhere on the page
        ("Baothanhhoa.vn", "Nguồn: ... quangtri.gov.vn"), a city ("thành phố Huế"; "thành phố Bến Tre", the
        capital, places the article in Bến Tre when nothing else names a province). The feed's province only
        adds weight to a name that the text itself states; a title alone ("Phó Chủ tịch UBND tỉnh") names no
        province. A former name kept as written ("Thừa Thiên Huế") is reported as written.
        """
        weight = self.gazetteer.evidence.weights
        tally = _ProvinceTally()
        self._header_and_title_evidence(layout, title, tally)
        self._body_evidence(body, tally)
        self._outlet_evidence(layout, tally)
        self._place_evidence(layout, title, body, tally)
        if not tally.scores:
            return None
        if feed_province:
            prior = self.gazetteer.lookup(feed_province)
            if prior is not None and prior.name in tally.scores:
                tally.add(prior.name, prior.name, weight["feed_prior"])
        best = max(tally.scores, key=lambda name: tally.scores[name])
        return tally.labels.get(best, best) if tally.scores[best] >= weight["minimum"] else None

    def as_written(self, raw_text: str, label: str) -> str:
        """The province label as the article first writes it in running text ("Thanh Hoá", "TP.HCM",
        "Thừa Thiên - Huế"): the guideline's province is the name as written, and the scorer compares words
        exactly, tone-mark placement included. A name only in capitals ("BÁO THANH HOÁ") or never written
        (a portal's domain) keeps the canonical spelling; a lower-case prefix ("thành phố") is no part of it."""
        text = unicodedata.normalize("NFC", raw_text)
        if len(fold(text)) != len(text):
            return label  # offsets of the folded text would not be the article's
        key = name_key(label)
        for mention in self.gazetteer.find_mentions(text):
            written = text[mention.start : mention.end]
            capitals = written.isupper() and written not in mention.province.variants  # "TP.HCM" is a spelling
            if name_key(mention.label) != key or capitals:
                continue
            words = written.split()
            while len(words) > 1 and words[0].islower():
                words.pop(0)
            return " ".join(words)
        return label

    def _outlet_evidence(self, layout: Page, tally: _ProvinceTally) -> None:
        """Newspaper or portal domains anywhere on the page, and the dateline code opening the lead."""
        weight = self.gazetteer.evidence.weights
        # Domains are ASCII: lower-casing is enough, folding the whole page would cost as much as the rest.
        for match in _HOST.finditer("\n".join(layout.lines).lower()):
            found = self.gazetteer.domain_province(match.group())
            if found is not None:
                tally.add(found.name, found.name, weight["domain"])
        for line in layout.lead_lines()[:1]:
            code = _OUTLET_CODE.match(line)
            outlet = self.gazetteer.outlet_code(code.group(1)) if code else None
            if outlet is not None:
                tally.add(outlet.name, outlet.name, weight["outlet_code"])

    def _place_evidence(self, layout: Page, title: str | None, body: str, tally: _ProvinceTally) -> None:
        """District-level places after their cue ("huyện Thanh Trì"), weighed like a province name in the same
        part of the page. The label is the province as written (GUIDELINE), so a place never names a province
        on its own: it adds to a province the page already names, or to the unit its province merged into when
        only that unit is named ("huyện Tuy Phước" in an article about Gia Lai). A place name shared by several
        provinces ("Châu Thành") adds to each of them that the page names."""
        weight = self.gazetteer.evidence.weights
        parts = [(line, self._header_line_weight(line)) for line in layout.header_lines()]
        parts += [(title, weight["title"])] if title else []
        parts.append((body, weight["place"]))
        named = set(tally.scores)
        body_counts: dict[str, int] = {}
        for text, points in parts:
            for mention in self._cued_places(text):
                for name in _place_owners(mention, named):
                    if text is body and body_counts.get(name, 0) >= self.gazetteer.evidence.max_body_mentions:
                        continue
                    body_counts[name] = body_counts.get(name, 0) + (text is body)
                    tally.add(name, name, points)

    def _header_line_weight(self, line: str) -> float:
        weight = self.gazetteer.evidence.weights
        return weight["portal_header"] if self.gazetteer.evidence.is_portal_line(fold(line)) else weight["other_header"]

    def _cued_places(self, text: str) -> Iterator[PlaceMention]:
        evidence = self.gazetteer.evidence
        for mention in self.gazetteer.find_places(text):
            before = fold(text[max(0, mention.start - 30) : mention.start])
            if not evidence.names_a_district_level_place(before):
                continue
            if mention.spelled_like_a_province and evidence.names_a_city(before):
                continue  # "thành phố Quảng Ngãi" is the province's capital: a province mention already
            yield mention

    def _header_and_title_evidence(self, layout: Page, title: str | None, tally: _ProvinceTally) -> None:
        evidence = self.gazetteer.evidence
        weight = evidence.weights
        for line in layout.header_lines():
            line_weight = self._header_line_weight(line)
            for mention in self.gazetteer.find_mentions(line):
                tally.add(mention.province.name, mention.label, line_weight)
        if title:
            for mention in self.gazetteer.find_mentions(title):
                opens_title = not title[: mention.start].strip()
                followed_by_colon = title[mention.end :].lstrip()[:1] in (":", "-", "–")
                kind = "title_prefix" if opens_title and followed_by_colon else "title"
                tally.add(mention.province.name, mention.label, weight[kind])

    def _body_evidence(self, body: str, tally: _ProvinceTally) -> None:
        evidence = self.gazetteer.evidence
        body_counts: dict[str, int] = {}
        for mention in self.gazetteer.find_mentions(body):
            before = fold(body[max(0, mention.start - 30) : mention.start])
            if mention.bare and evidence.names_a_city(before):
                kind = "cued" if mention.province.city else "provincial_city"
            elif evidence.names_a_lower_place(before):
                continue
            elif evidence.names_an_authority(before):
                kind = "authority"
            elif evidence.names_a_province_level_unit(before) or not mention.bare:
                kind = "cued"
            elif mention.province.bare_name_is_ambiguous or _inside_longer_name(body, mention.start):
                continue
            else:
                kind = "bare"
            name = mention.province.name
            if body_counts.get(name, 0) >= evidence.max_body_mentions:
                continue
            body_counts[name] = body_counts.get(name, 0) + 1
            tally.add(name, mention.label, evidence.weights[kind])


def _place_owners(mention: PlaceMention, named: set[str]) -> list[str]:
    """The provinces among ``named`` a place mention adds to (see ``ArticleClassifier._place_evidence``)."""
    found = [p.name for p in mention.provinces if p.name in named]
    if not found and len(mention.provinces) == 1 and mention.provinces[0].unit in named:
        return [mention.provinces[0].unit]
    return found


@dataclass
class _ProvinceTally:
    """Evidence points per province, and the label a former name written as itself gives it."""

    scores: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, label: str, points: float) -> None:
        self.scores[name] = self.scores.get(name, 0.0) + points
        if label and label != name:
            self.labels.setdefault(name, label)


# "(?<!\w)": a match starts at a word's first letter only, so a long word costs one pass (#15).
_WORD_RIGHT_BEFORE = re.compile(r"(?<!\w)(\w+)[ \t]+$")
_SENTENCE_BREAK = '.!?:;\n"“(-–'


def _inside_longer_name(text: str, start: int) -> bool:
    """Whether the name at ``start`` continues a capitalised word mid-sentence, as in a person's name.

    "ông Nguyễn Thái Nguyên", "Đoàn ĐBQH Hà Tĩnh" -> True; "Sở Y tế Quảng Ninh", "Ninh Bình, Hà Nam",
    and "Tại Kiên Giang" opening a sentence -> False.
    """
    window_start = max(0, start - 80)
    previous = _WORD_RIGHT_BEFORE.search(text, window_start, start)
    if previous is None or not previous.group(1)[0].isupper():
        return False
    head = text[window_start : previous.start(1)].rstrip()
    opens_sentence = (not head and window_start == 0) or (bool(head) and head[-1] in _SENTENCE_BREAK)
    return not opens_sentence


def _body_without_title(article: CleanedArticle) -> str:
    """The cleaned text without its leading headline, so that headline terms are not counted twice."""
    text = article.text
    if article.title:
        stripped = text.lstrip()
        if stripped.startswith(article.title):
            return stripped[len(article.title) :]
    return text


_LEAD_MIN_CHARS = 80
_HEADLINE_MAX_CHARS = 150


def _lead_paragraph(body: str) -> str:
    """The first real paragraph: the lead sums up what kind of article this is.

    When that paragraph is headline-short (the cleaner took a byline for the headline and left the real
    headline in the body), the paragraph after it is added: "Kết luận của Phó Chủ tịch UBND tỉnh về ..."
    alone does not say that the article relays a "Thông báo số .../TB-UBND".
    """
    paragraphs = [p.strip() for p in body.split("\n") if len(p.strip()) >= _LEAD_MIN_CHARS]
    if not paragraphs:
        return body[:400]
    if len(paragraphs[0]) < _HEADLINE_MAX_CHARS and len(paragraphs) > 1:
        return paragraphs[0] + "\n" + paragraphs[1]
    return paragraphs[0]
