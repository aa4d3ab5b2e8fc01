"""Domain value objects shared by every stage.

Plain frozen dataclasses: the pure core passes these between stages, the
adapters map them to and from rows, and none of them knows about Prefect,
SQLAlchemy or the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ItemKind = Literal["directive", "commitment"]

TOPIC_LABELS: tuple[str, ...] = (
    "party_building",
    "administration",
    "economy",
    "social",
    "security",
    "mass_mobilization",
    "environment",
    "inspection",
)

ARTICLE_TYPES: tuple[str, ...] = (
    "leadership_activity",
    "directive_document",
    "statistics_report",
    "event",
    "other",
)


@dataclass(frozen=True)
class CleanedArticle:
    """An article reduced to its own text.

    ``text`` is NFC, tone marks unified, portal debris removed and anything
    after a trailing "Đọc thêm" / "Tin liên quan" block cut off. ``title`` is
    the first meaningful line (the headline) when one can be told apart.
    Offsets of extracted items refer to ``text``.
    """

    title: str | None
    text: str


@dataclass(frozen=True)
class Directive:
    """One follow-up item found in an article (see the annotation guideline).

    ``start``/``end`` are character offsets of ``text`` inside the cleaned
    article text, ``sentence`` is the whole sentence it came from.
    ``due_date`` is the normalised deadline (end of period for months and
    quarters); ``recurrence`` is set instead for "định kỳ hằng tháng" forms.
    """

    text: str
    kind: ItemKind
    issuer: str | None
    assignee: str | None
    deadline: str | None
    sentence: str
    start: int
    end: int
    due_date: date | None = None
    recurrence: str | None = None
    confidence: float = 0.5
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification:
    """Article-level labels used for routing, filtering and reports."""

    topics: tuple[str, ...] = ()
    province: str | None = None
    province_current: str | None = None
    published: date | None = None
    article_type: str = "other"
    published_rule: str | None = None  # the id of the config/published.yaml rule that found the date


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything the text stages learn from one article."""

    cleaned: CleanedArticle
    classification: Classification
    directives: tuple[Directive, ...] = field(default_factory=tuple)

    @property
    def has_directives(self) -> bool:
        return bool(self.directives)
