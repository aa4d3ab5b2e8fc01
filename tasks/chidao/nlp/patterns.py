"""Pattern rules as data: ``config/patterns/discourse.yaml`` turned into phrase patterns of ``chidao_marks``.

A rule is ``{id, label, phrases and/or lexicon, examples}`` (validated by ``chidao.config.PatternsFile``);
``lexicon`` names lists of the cue lexicon (``config/lexicons/cues.yaml``) or ``agency_heads``
(``config/agencies.yaml``), so a word list lives in one place. Every phrase becomes a phrase pattern of
the ``chidao_marks`` phrase matcher (``nlp/pipeline.py``), which records the rule's label and id per
match; ``chidao extract --explain`` shows the ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chidao.core.text import normalize_text
from chidao.nlp.lexicon import Lexicon

if TYPE_CHECKING:
    from chidao.config import ConfigBundle


@dataclass(frozen=True)
class PatternRule:
    """One marking rule: every phrase gets ``label`` and the rule's ``id`` in ``doc.user_data["marks"]``."""

    id: str
    label: str
    phrases: tuple[str, ...]
    examples: tuple[str, ...]


def _lexicon_words(lexicon: Lexicon, names: list[str]) -> list[str]:
    words: list[str] = []
    for name in names:
        words.extend(lexicon.agency_heads if name == "agency_heads" else lexicon.cue(name))
    return words


def pattern_rules_from_bundle(bundle: ConfigBundle, lexicon: Lexicon) -> tuple[PatternRule, ...]:
    """The rules of the bundle's pattern file, in file order, their lexicon lists expanded."""
    rules: list[PatternRule] = []
    for spec in bundle.patterns.rules:
        phrases = [normalize_text(p).strip().lower() for p in spec.phrases]
        phrases += _lexicon_words(lexicon, list(spec.lexicon))
        rules.append(PatternRule(spec.id, spec.label, tuple(dict.fromkeys(phrases)), tuple(spec.examples)))
    return tuple(rules)
