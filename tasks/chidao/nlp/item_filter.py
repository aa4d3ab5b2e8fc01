"""A learned second opinion on the rule extractor's items: a linear model over word features.

Two logistic-regression models read the same features of a text segment (its first words, its word
bag, the words before it in its sentence, the extractor's cue labels, which fields it carries, where its
paragraph sits):

* ``veto`` scores each item the rules found; an item under the veto threshold is dropped;
* ``add`` scores each segment of a body sentence (cut at ".", "!", "?", ";", ":") that no rule item
  overlaps; a segment over the add threshold becomes an item (issuer from the item before it).

The weights live in a JSON file (``config/models/item_filter.json``, written by
``python -m chidao.nlp.item_filter_training train``); features are strings, so the file holds word
features and numbers only, never a sentence. Scoring is a dictionary lookup per feature: it costs far
less than the spaCy pipeline the rules already ran. Whether the extractor uses the models is the
``enabled`` flag of the file; ``docs/learned.md`` says why it is what it is.

Only punctuation, digits and the model's own words are read here; no word of any language.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from chidao.config import ConfigError
from chidao.core.fold import unify_tone_marks
from chidao.core.models import CleanedArticle, Directive

__all__ = [
    "Candidate",
    "ItemFilter",
    "LinearModel",
    "body_segments",
    "candidate_features",
    "enabled_item_filter",
    "load_item_filter",
]

_WORD = re.compile(r"\w+", re.UNICODE)
_SEGMENT_END = re.compile(r"(?<=[.!?;:…])\s+")
_LEADING_MARKER = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z\u0111][.)]|[-+•–—*])\s+", re.IGNORECASE)
_CUE_KIND = re.compile(r"[:+]")
_CLOSING = (".", ":", ";", "…", "!", "?", "”", '"', ")")
_CAPTION_WORDS = 40
_HEAD_WORDS = 3
_BAG_WORDS = 12
_PREFIX_WORDS = 3
# Weights this small change no decision; leaving them out keeps the file small.
_MIN_SAVED_WEIGHT = 0.01
ADDED_CUE = "learned.add"
MODEL_FILE = Path("models") / "item_filter.json"


def _words(text: str) -> list[str]:
    return _WORD.findall(unify_tone_marks(text).lower())


@dataclass(frozen=True)
class Candidate:
    """A stretch of article text the models score, with what the rules said about it (if anything)."""

    text: str
    prefix: str  # the sentence's words before the candidate
    paragraph: int  # index among body paragraphs
    entry: bool  # the paragraph opens with a list marker
    cues: tuple[str, ...] = ()
    kind: str | None = None  # None: no rule item
    has_issuer: bool = False
    has_assignee: bool = False
    has_deadline: bool = False
    context: tuple[str, ...] = ()  # features of the neighbourhood (see ``segment_contexts``)


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def candidate_features(c: Candidate) -> list[str]:
    """Feature strings of a candidate.

    Candidate("Sở Y tế khẩn trương rà soát.", prefix="", paragraph=2, entry=False) gives "h0=sở",
    "h1=y", "h01=sở_y", "u=tế", "p=^", "len=<=8", "par=<=3", ... (all lower case, tone marks unified).
    """
    words = _words(c.text)
    prefix = _words(c.prefix)[-_PREFIX_WORDS:]
    feats = [f"h{i}={w}" for i, w in enumerate(words[:_HEAD_WORDS])]
    feats += [f"h01={'_'.join(words[:2])}", f"h12={'_'.join(words[1:3])}"]
    feats += [f"u={w}" for w in sorted(set(words[:_BAG_WORDS]))]
    feats += [f"p={w}" for w in prefix] or ["p=^"]
    if prefix:
        feats.append(f"p-1={prefix[-1]}")
    feats += [f"len={_bucket(len(words), (3, 8, 15, 30, 60))}", f"par={_bucket(c.paragraph, (0, 1, 3, 8))}"]
    feats.append(f"entry={c.entry}")
    feats.append(f"rule={c.kind or 'none'}")
    # Only the cue's kind: what follows ":" or "+" is words of the article (a subject can be a long list
    # of bodies), and the model file must not carry article text.
    feats += [f"cue={kind}" for kind in sorted({_CUE_KIND.split(cue, maxsplit=1)[0] for cue in c.cues})]
    feats += [f"issuer={c.has_issuer}", f"assignee={c.has_assignee}", f"deadline={c.has_deadline}"]
    feats += list(c.context)
    return feats


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression over feature strings: p = sigmoid(bias + sum of the features' weights)."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        weights = {f: round(w, 4) for f, w in sorted(self.weights.items()) if abs(w) >= _MIN_SAVED_WEIGHT}
        return {"bias": round(self.bias, 4), "threshold": self.threshold, "weights": weights}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"])
        )


@dataclass(frozen=True)
class BodySegment:
    start: int
    end: int
    prefix: str
    paragraph: int
    entry: bool


def body_segments(article: CleanedArticle) -> Iterator[BodySegment]:
    """Segments of the body's sentences, list markers dropped; the headline and captions are skipped.

    A caption is what the extractor treats as one: a line under 40 words without a closing stop.
    """
    text = article.text
    paragraph = -1
    seen_title = article.title is None
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        if not line:
            continue
        if not seen_title and article.title is not None and line == article.title.strip():
            seen_title = True
            continue
        paragraph += 1
        if not line.endswith(_CLOSING) and len(line.split()) < _CAPTION_WORDS:
            continue
        yield from _paragraph_segments(m.group(0), m.start(), paragraph)


def _paragraph_segments(para: str, base: int, paragraph: int) -> Iterator[BodySegment]:
    marker = _LEADING_MARKER.match(para)
    entry = marker is not None
    pos = marker.end() if marker else 0
    sentence_start = pos
    pieces = [*(b.end() for b in _SEGMENT_END.finditer(para, pos)), len(para)]
    for end in pieces:
        raw = para[pos:end]
        lead = len(raw) - len(raw.lstrip())
        inner = _LEADING_MARKER.match(raw[lead:])
        lead += inner.end() if inner else 0
        stripped = raw[lead:].rstrip().rstrip(".;:…!? ")
        if len(stripped.split()) >= 2:
            start = pos + lead
            yield BodySegment(base + start, base + start + len(stripped), para[sentence_start:start], paragraph, entry)
        if raw.rstrip().endswith((".", "!", "?", "…")):
            sentence_start = end
        pos = end


@dataclass(frozen=True)
class ItemFilter:
    """The veto and add models and whether the extractor applies them."""

    enabled: bool
    veto: LinearModel | None
    add: LinearModel | None

    def apply(self, article: CleanedArticle, items: Sequence[Directive]) -> list[Directive]:
        """The rule items the veto keeps, plus the segments the add model takes, in text order."""
        segments = list(body_segments(article))
        contexts = segment_contexts(article.text, segments, items)
        kept = [
            item
            for item in items
            if self.veto is None or self._passes(self.veto, rule_candidate(item, segments, contexts))
        ]
        added: list[Directive] = []
        if self.add is not None:
            for seg, context in zip(segments, contexts, strict=True):
                if _overlaps(seg, items):
                    continue
                candidate = segment_candidate(article.text, seg, context)
                p = self.add.probability(candidate_features(candidate))
                if p >= self.add.threshold:
                    added.append(_added_item(article.text, seg, p, items))
        return sorted([*kept, *added], key=lambda d: d.start)

    @staticmethod
    def _passes(model: LinearModel, candidate: Candidate) -> bool:
        return model.probability(candidate_features(candidate)) >= model.threshold


def _overlaps(seg: BodySegment, items: Sequence[Directive]) -> bool:
    return any(seg.start < item.end and item.start < seg.end for item in items)


def segment_contexts(text: str, segments: Sequence[BodySegment], items: Sequence[Directive]) -> list[tuple[str, ...]]:
    """Per segment: whether rule items sit in the segments around it and in its paragraph, and the stops
    that end it and the segment before it (a list after a lead-in colon goes on until the rules stop)."""
    ruled = [_overlaps(seg, items) for seg in segments]
    ruled_paragraphs = {seg.paragraph for seg, r in zip(segments, ruled, strict=True) if r}
    enders = [text[seg.end : seg.end + 1].strip() or "none" for seg in segments]
    out: list[tuple[str, ...]] = []
    for i, seg in enumerate(segments):
        previous, following = (i > 0 and ruled[i - 1]), (i + 1 < len(ruled) and ruled[i + 1])
        out.append(
            (
                f"prev_rule={previous}",
                f"next_rule={following}",
                f"para_rule={seg.paragraph in ruled_paragraphs}",
                f"end={enders[i]}",
                f"prev_end={enders[i - 1] if i else '^'}",
            )
        )
    return out


def rule_candidate(
    item: Directive, segments: Sequence[BodySegment], contexts: Sequence[tuple[str, ...]] = ()
) -> Candidate:
    """A rule item as a candidate, placed in the body segment it starts in (paragraph, sentence prefix)."""
    at = next((i for i, s in enumerate(segments) if s.start <= item.start < s.end + 2), None)
    home = segments[at] if at is not None else None
    prefix = home.prefix if home else ""
    return Candidate(
        text=item.text,
        prefix=prefix,
        paragraph=home.paragraph if home else 0,
        entry=home.entry if home else False,
        cues=tuple(sorted(set(item.cues))),
        kind=item.kind,
        has_issuer=item.issuer is not None,
        has_assignee=item.assignee is not None,
        has_deadline=item.deadline is not None,
        context=contexts[at] if at is not None and contexts else (),
    )


def segment_candidate(text: str, seg: BodySegment, context: tuple[str, ...] = ()) -> Candidate:
    return Candidate(
        text=text[seg.start : seg.end], prefix=seg.prefix, paragraph=seg.paragraph, entry=seg.entry, context=context
    )


def _added_item(text: str, seg: BodySegment, probability: float, rule_items: Sequence[Directive]) -> Directive:
    before = [d for d in rule_items if d.end <= seg.start]
    issuer = before[-1].issuer if before else None
    line_start = text.rfind("\n", 0, seg.start) + 1
    line_end = text.find("\n", seg.end)
    return Directive(
        text=text[seg.start : seg.end],
        kind="directive",
        issuer=issuer,
        assignee=None,
        deadline=None,
        sentence=text[line_start : line_end if line_end != -1 else len(text)],
        start=seg.start,
        end=seg.end,
        confidence=round(probability, 3),
        cues=(ADDED_CUE,),
    )


def load_item_filter(path: Path) -> ItemFilter:
    """Read a model file; a missing ``veto``/``add`` section means that model is not used.

    A file that is not JSON, or whose sections lack ``bias``/``threshold``/``weights``, raises
    ``ConfigError`` ("<file>:<line>: <reason>", the line only for a JSON syntax error).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(path, exc.lineno, f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("enabled"), bool):
        raise ConfigError(path, None, "expected an object with a true/false 'enabled'")
    models: dict[str, LinearModel | None] = {}
    for name in ("veto", "add"):
        section = data.get(name)
        try:
            models[name] = LinearModel.from_json(section) if section else None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(path, None, f"'{name}' needs 'bias', 'threshold' and 'weights' (numbers)") from None
    return ItemFilter(enabled=data["enabled"], veto=models["veto"], add=models["add"])


def enabled_item_filter(config_dir: Path) -> ItemFilter | None:
    """The filter of ``config_dir/models/item_filter.json`` when that file exists and enables it, else None."""
    path = config_dir / MODEL_FILE
    if not path.is_file():
        return None
    item_filter = load_item_filter(path)
    return item_filter if item_filter.enabled else None


def with_threshold(model: LinearModel, threshold: float) -> LinearModel:
    return replace(model, threshold=threshold)
