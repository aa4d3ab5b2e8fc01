"""The lexicon that drives directive extraction, built from the validated configuration bundle.

Rules are data: every cue word, abbreviation, surname and agency head lives in ``config/``; the file
schemas (and their ``<file>:<line>: <reason>`` errors) are in ``chidao.config.models``. This module
normalises the validated lists once for matching.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from chidao.config.loader import ConfigError
from chidao.config.models import LexiconList
from chidao.core.text import normalize_text

if TYPE_CHECKING:
    from chidao.config import ConfigBundle


# The one configuration error type; kept under this name for callers of the lexicon.
LexiconError = ConfigError


# The lists of lexicons/cues.yaml, named once in the configuration model (``agency_heads`` is agencies.yaml's).
CUE_LISTS: tuple[str, ...] = tuple(name for name in get_args(LexiconList) if name != "agency_heads")
# Lists only the extractor's own patterns and readers look up; the spaCy cue matcher does not mark them in every
# sentence.
PATTERN_ONLY_CUE_LISTS: frozenset[str] = frozenset(
    {
        "resident_markers",
        "admin_units",
        "inspection_bodies",
        "department_heads",
        "people_committees",
        "order_verbs",
        "level_committees",
    }
)


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor reads from ``config/``, already validated and normalised."""

    cues: dict[str, tuple[str, ...]]
    abbreviations: frozenset[str]
    surnames: frozenset[str]
    place_words: tuple[str, ...]
    places_named_like_persons: frozenset[str]
    agency_heads: tuple[str, ...]
    vague_times: tuple[str, ...]
    holidays: dict[str, str]
    lunar_new_year: dict[int, dt.date] = field(default_factory=dict)
    # Full names of provincial bodies as capitalised in the news ("Sở Giao thông vận tải"), longest first.
    bodies: tuple[str, ...] = ()

    def cue(self, name: str) -> tuple[str, ...]:
        return self.cues[name]


def _normalised(values: Iterable[str], *, lower: bool = True) -> tuple[str, ...]:
    """NFC, reformed tone marks and trimmed (``normalize_text``), lower-cased unless case matters."""
    out = (normalize_text(value).strip() for value in values)
    return tuple(value.lower() if lower else value for value in out)


def lexicon_from_bundle(bundle: ConfigBundle) -> Lexicon:
    """The extractor's lexicon from the validated ``lexicons/*.yaml`` and ``agencies.yaml`` of ``bundle``."""
    cues = {name: _normalised(getattr(bundle.cues, name)) for name in CUE_LISTS}
    bodies = _normalised(bundle.agencies.bodies, lower=False)
    heads = _normalised(bundle.agencies.heads)
    return Lexicon(
        cues=cues,
        abbreviations=frozenset(_normalised(bundle.abbreviations.abbreviations, lower=False)),
        surnames=frozenset(_normalised(bundle.names.surnames, lower=False)),
        place_words=_normalised(bundle.names.place_words),
        places_named_like_persons=frozenset(_normalised(bundle.names.places_named_like_persons, lower=False)),
        # Longest heads first so "ban quản lý" wins over "ban".
        agency_heads=tuple(sorted(heads, key=lambda h: (-len(h.split()), h))),
        vague_times=_normalised(bundle.time.vague),
        holidays={normalize_text(k).lower(): v for k, v in bundle.time.holidays.items()},
        lunar_new_year=dict(bundle.time.lunar_new_year),
        bodies=tuple(sorted(bodies, key=len, reverse=True)),
    )


def load_lexicon(config_dir: Path) -> Lexicon:
    """Validate the whole bundle in ``config_dir`` and build the lexicon (tests and tools; the CLI and the
    flows build the bundle once and call ``lexicon_from_bundle``)."""
    from chidao.config import load_bundle

    return lexicon_from_bundle(load_bundle(config_dir))


def lexicon_summary(lexicon: Lexicon) -> dict[str, Any]:
    """Sizes of every list, for logs and the CLI's ``--explain`` header."""
    out: dict[str, Any] = {name: len(values) for name, values in lexicon.cues.items()}
    out.update(abbreviations=len(lexicon.abbreviations), surnames=len(lexicon.surnames))
    out.update(agency_heads=len(lexicon.agency_heads))
    return out
