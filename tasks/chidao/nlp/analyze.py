"""The text stages as one pure function: clean → classify → extract.

``TextAnalyzer`` loads lexicons and the spaCy pipeline once and is then
reused for every article (it is never a Prefect task argument; the task
wrappers get it from ``shared_analyzer``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chidao.config import ConfigBundle, load_bundle
from chidao.core.clustering import UpdateCues, update_cues
from chidao.core.models import ArticleAnalysis, Classification, Directive
from chidao.core.text import as_written, clean_article_text
from chidao.nlp.classify import ArticleClassifier
from chidao.nlp.extract import DirectiveExtractor, SentenceExplanation, rule_ids
from chidao.nlp.item_filter import ItemFilter, enabled_item_filter


class TextAnalyzer:
    def __init__(
        self,
        extractor: DirectiveExtractor,
        classifier: ArticleClassifier,
        update_cues: UpdateCues,
        item_filter: ItemFilter | None = None,
    ) -> None:
        self.extractor = extractor
        self.classifier = classifier
        # How follow-up sentences are read ("gia hạn", "đã hoàn thành"); tracking.yaml of the same bundle.
        self.update_cues = update_cues
        # The learned veto/add models (docs/learned.md); None unless config/models/item_filter.json enables them.
        self.item_filter = item_filter

    @classmethod
    def from_bundle(cls, bundle: ConfigBundle) -> TextAnalyzer:
        return cls(
            DirectiveExtractor.from_bundle(bundle),
            ArticleClassifier.from_bundle(bundle),
            update_cues(bundle.tracking, bundle.time.lunar_new_year),
            enabled_item_filter(bundle.config_dir),
        )

    def analyze(
        self,
        raw_text: str,
        *,
        feed_province: str | None = None,
        entry_published: date | None = None,
    ) -> ArticleAnalysis:
        cleaned = clean_article_text(raw_text)
        labels = self.classifier.classify(
            raw_text, cleaned, feed_province=feed_province, entry_published=entry_published
        )
        found = self.extractor.extract(cleaned, labels.published)
        if self.item_filter is not None:
            found = self.item_filter.apply(cleaned, found)
        directives = tuple(_in_article_spelling(raw_text, found))
        return ArticleAnalysis(cleaned=cleaned, classification=labels, directives=directives)

    def explain(self, raw_text: str) -> list[SentenceExplanation]:
        cleaned = clean_article_text(raw_text)
        labels = self.classifier.classify(raw_text, cleaned)
        return self.extractor.explain(cleaned, labels.published)


@lru_cache(maxsize=4)
def shared_analyzer(config_dir: Path) -> TextAnalyzer:
    """One analyzer per process and config folder, for tests and tools (loading spaCy is the slow part);
    the CLI and the flows build theirs from the bundle they validated at start (``Runtime.analyzer``)."""
    return TextAnalyzer.from_bundle(load_bundle(config_dir))


def _in_article_spelling(raw_text: str, found: list[Directive]) -> list[Directive]:
    """The items' words as the article spells them ("Uỷ ban", "hoà giải"): the rules read the cleaned
    text with one tone-mark placement, an item quotes the article (offsets are unchanged: see ``as_written``)."""
    spelled = as_written(raw_text)
    return [
        replace(
            item,
            text=spelled(item.text) or item.text,
            sentence=spelled(item.sentence) or item.sentence,
            issuer=spelled(item.issuer),
            assignee=spelled(item.assignee),
            deadline=spelled(item.deadline),
        )
        for item in found
    ]


def directive_to_json(item: Directive) -> dict[str, Any]:
    return {
        "text": item.text,
        "kind": item.kind,
        "issuer": item.issuer,
        "assignee": item.assignee,
        "deadline": item.deadline,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "recurrence": item.recurrence,
        "confidence": round(item.confidence, 3),
        "rules": list(rule_ids(item)),
        "evidence": {"sentence": item.sentence, "start": item.start, "end": item.end},
    }


def analysis_to_json(article_name: str, analysis: ArticleAnalysis) -> dict[str, Any]:
    """The object ``chidao extract --format jsonl`` prints (the annotation guideline's format, plus extras)."""
    labels: Classification = analysis.classification
    return {
        "article": article_name,
        "has_directives": analysis.has_directives,
        "topics": list(labels.topics),
        "province": labels.province,
        "published": labels.published.isoformat() if labels.published else None,
        "province_current": labels.province_current,
        "article_type": labels.article_type,
        "label_rules": {"published": labels.published_rule},
        "title": analysis.cleaned.title,
        "items": [directive_to_json(d) for d in analysis.directives],
    }
