"""Loading and validating the YAML lexicons that drive directive extraction.

Rules are data: every cue word, abbreviation, surname and agency head lives in
``config/``. This module reads those files once, checks their shape and reports
problems as ``"<file>:<line>: <reason>"`` using the line marks yaml gives to
every node, so a typo in a lexicon points at the line to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from chidao.core.text import normalize_text


class LexiconError(ValueError):
    """A lexicon file is missing, unreadable or malformed (message: ``file:line: reason``)."""


CUE_LISTS: tuple[str, ...] = (
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
)
# Lists only the extractor's own patterns read; the spaCy cue matcher does not mark them in every sentence.
PATTERN_ONLY_CUE_LISTS: frozenset[str] = frozenset({"resident_markers", "admin_units", "inspection_bodies"})


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor reads from ``config/``, already validated and normalised."""

    cues: dict[str, tuple[str, ...]]
    abbreviations: frozenset[str]
    surnames: frozenset[str]
    place_words: tuple[str, ...]
    agency_heads: tuple[str, ...]
    vague_times: tuple[str, ...]
    holidays: dict[str, str]
    lunar_new_year: dict[int, dt.date] = field(default_factory=dict)
    # Full names of provincial bodies as capitalised in the news ("Sở Giao thông vận tải"), longest first.
    bodies: tuple[str, ...] = ()

    def cue(self, name: str) -> tuple[str, ...]:
        return self.cues[name]


def _compose(path: Path) -> yaml.Node:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}:0: file not found") from exc
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise LexiconError(f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        raise LexiconError(f"{path}:{line}: top level must be a mapping")
    return node


def _mapping(path: Path, node: yaml.Node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(f"{path}:{node.start_mark.line + 1}: expected a mapping")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise LexiconError(f"{path}:{key.start_mark.line + 1}: keys must be plain strings")
        if key.value in out:
            raise LexiconError(f"{path}:{key.start_mark.line + 1}: duplicate key {key.value!r}")
        out[str(key.value)] = value
    return out


def _require(path: Path, mapping: dict[str, yaml.Node], key: str, root: yaml.Node) -> yaml.Node:
    if key not in mapping:
        raise LexiconError(f"{path}:{root.start_mark.line + 1}: missing key {key!r}")
    return mapping[key]


def _string_list(path: Path, node: yaml.Node, *, lower: bool = True) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise LexiconError(f"{path}:{node.start_mark.line + 1}: expected a list of strings")
    items: list[str] = []
    seen: set[str] = set()
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
            raise LexiconError(f"{path}:{line}: list entries must be strings")
        value = normalize_text(str(item.value)).strip()
        if lower:
            value = value.lower()
        if not value:
            raise LexiconError(f"{path}:{line}: empty entry")
        if value in seen:
            raise LexiconError(f"{path}:{line}: duplicate entry {value!r}")
        seen.add(value)
        items.append(value)
    return tuple(items)


def _scalar_map(path: Path, node: yaml.Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in _mapping(path, node).items():
        if not isinstance(value, yaml.ScalarNode):
            raise LexiconError(f"{path}:{value.start_mark.line + 1}: {key!r} must map to a string")
        out[normalize_text(key).lower()] = str(value.value)
    return out


def _date_map(path: Path, node: yaml.Node) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    for key, value in _mapping(path, node).items():
        line = value.start_mark.line + 1
        try:
            out[int(key)] = dt.date.fromisoformat(str(value.value))
        except (ValueError, TypeError) as exc:
            raise LexiconError(f"{path}:{line}: {key!r} must map to an ISO date ({exc})") from exc
    return out


def load_lexicon(config_dir: Path) -> Lexicon:
    """Read ``lexicons/*.yaml`` and ``agencies.yaml`` under ``config_dir`` and validate them."""
    lex_dir = config_dir / "lexicons"
    cues_path = lex_dir / "cues.yaml"
    cues_root = _compose(cues_path)
    cues_map = _mapping(cues_path, cues_root)
    cues = {name: _string_list(cues_path, _require(cues_path, cues_map, name, cues_root)) for name in CUE_LISTS}
    for key, _ in cues_root.value:
        if key.value not in CUE_LISTS:
            raise LexiconError(f"{cues_path}:{key.start_mark.line + 1}: unknown cue list {key.value!r}")

    abbr_path = lex_dir / "abbreviations.yaml"
    abbr_root = _compose(abbr_path)
    abbr_map = _mapping(abbr_path, abbr_root)
    abbreviations = _string_list(abbr_path, _require(abbr_path, abbr_map, "abbreviations", abbr_root), lower=False)
    for value, item in zip(abbreviations, abbr_map["abbreviations"].value, strict=True):
        if not value.endswith("."):
            raise LexiconError(f"{abbr_path}:{item.start_mark.line + 1}: abbreviation {value!r} must end with '.'")

    names_path = lex_dir / "names.yaml"
    names_root = _compose(names_path)
    names_map = _mapping(names_path, names_root)
    surnames = _string_list(names_path, _require(names_path, names_map, "surnames", names_root), lower=False)
    place_words = _string_list(names_path, _require(names_path, names_map, "place_words", names_root))

    time_path = lex_dir / "time.yaml"
    time_root = _compose(time_path)
    time_map = _mapping(time_path, time_root)
    vague = _string_list(time_path, _require(time_path, time_map, "vague", time_root))
    holidays = _scalar_map(time_path, _require(time_path, time_map, "holidays", time_root))
    lunar = _date_map(time_path, _require(time_path, time_map, "lunar_new_year", time_root))

    agencies_path = config_dir / "agencies.yaml"
    agencies_root = _compose(agencies_path)
    agencies_map = _mapping(agencies_path, agencies_root)
    heads = _string_list(agencies_path, _require(agencies_path, agencies_map, "heads", agencies_root))
    bodies = _string_list(agencies_path, _require(agencies_path, agencies_map, "bodies", agencies_root), lower=False)
    bodies = tuple(sorted(bodies, key=len, reverse=True))
    # Longest heads first so "ban quản lý" wins over "ban".
    heads = tuple(sorted(heads, key=lambda h: (-len(h.split()), h)))

    return Lexicon(
        cues=cues,
        abbreviations=frozenset(abbreviations),
        surnames=frozenset(surnames),
        place_words=place_words,
        agency_heads=heads,
        vague_times=vague,
        holidays=holidays,
        lunar_new_year=lunar,
        bodies=bodies,
    )


def lexicon_summary(lexicon: Lexicon) -> dict[str, Any]:
    """Sizes of every list, for logs and the CLI's ``--explain`` header."""
    out: dict[str, Any] = {name: len(values) for name, values in lexicon.cues.items()}
    out.update(abbreviations=len(lexicon.abbreviations), surnames=len(lexicon.surnames))
    out.update(agency_heads=len(lexicon.agency_heads))
    return out
