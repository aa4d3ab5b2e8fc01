"""Pattern rules as data: ``config/patterns/*.yaml`` loaded, validated and turned into SpanRuler patterns.

A rule is ``{id, label, phrases and/or lexicon, examples}``; ``lexicon`` names lists of the cue
lexicon (``config/lexicons``) or ``agency_heads`` (``config/agencies.yaml``), so a word list lives in
one place. Errors name the file and line: ``discourse.yaml:12: rule 'x' has no examples``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from chidao.core.text import normalize_text
from chidao.nlp.lexicon import Lexicon, LexiconError

LABELS: frozenset[str] = frozenset(
    {
        "LEAD",
        "EMPHASIS",
        "ACTION",
        "MODAL",
        "CONNECTIVE",
        "SPEAKER",
        "ADDRESSEE",
        "PAST",
        "PERIOD",
        "FLOOR",
        "STATEMENT",
        "LISTOPEN",
        "COMMIT",
        "SCOPE",
        "FOCUS",
        "NOTLEAD",
        "AUX",
        "DOCSCOPE",
        "DETERMINER",
        "PASSIVE",
        "REPORT",
        "FUTURE",
    }
)
_RULE_KEYS = frozenset({"id", "label", "phrases", "lexicon", "examples"})
_RULE_ID = re.compile(r"^[a-z]+(?:\.[a-z_]+)+$")


@dataclass(frozen=True)
class PatternRule:
    """One marking rule: every phrase gets ``label`` and the rule's ``id`` in ``doc.spans["marks"]``."""

    id: str
    label: str
    phrases: tuple[str, ...]
    examples: tuple[str, ...]
    line: int
    source: str


def _fail(path: Path, node: yaml.Node, message: str) -> LexiconError:
    return LexiconError(f"{path}:{node.start_mark.line + 1}: {message}")


def _strings(path: Path, node: yaml.Node, what: str) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, f"{what} must be a list of strings")
    out: list[str] = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str" or not item.value.strip():
            raise _fail(path, item, f"{what} entries must be non-empty strings")
        out.append(normalize_text(str(item.value)).strip())
    return tuple(out)


def _lexicon_words(path: Path, node: yaml.Node, lexicon: Lexicon) -> tuple[str, ...]:
    words: list[str] = []
    for name in _strings(path, node, "lexicon"):
        if name == "agency_heads":
            words.extend(lexicon.agency_heads)
        elif name in lexicon.cues:
            words.extend(lexicon.cues[name])
        else:
            raise _fail(path, node, f"unknown lexicon list {name!r}")
    return tuple(words)


def _rule(path: Path, node: yaml.Node, lexicon: Lexicon) -> PatternRule:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, "a rule must be a mapping")
    fields: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.value not in _RULE_KEYS:
            raise _fail(path, key, f"unknown key {key.value!r}")
        fields[str(key.value)] = value
    for key in ("id", "label", "examples"):
        if key not in fields:
            raise _fail(path, node, f"rule without {key!r}")
    rule_id, label = str(fields["id"].value), str(fields["label"].value)
    if not _RULE_ID.match(rule_id):
        raise _fail(path, fields["id"], f"rule id {rule_id!r} must look like 'family.name'")
    if label not in LABELS:
        raise _fail(path, fields["label"], f"unknown label {label!r}")
    phrases = _strings(path, fields["phrases"], "phrases") if "phrases" in fields else ()
    if "lexicon" in fields:
        phrases += _lexicon_words(path, fields["lexicon"], lexicon)
    if not phrases:
        raise _fail(path, node, f"rule {rule_id!r} marks nothing: give phrases or lexicon")
    examples = _strings(path, fields["examples"], "examples")
    if not examples:
        raise _fail(path, fields["examples"], f"rule {rule_id!r} has no examples")
    unique = tuple(dict.fromkeys(p.lower() for p in phrases))
    return PatternRule(rule_id, label, unique, examples, node.start_mark.line + 1, path.name)


def load_pattern_rules(config_dir: Path, lexicon: Lexicon) -> tuple[PatternRule, ...]:
    """All rules of ``config_dir/patterns/*.yaml``, in file order; ids are unique across files."""
    rules: list[PatternRule] = []
    seen: dict[str, str] = {}
    for path in sorted((config_dir / "patterns").glob("*.yaml")):
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(root, yaml.MappingNode) or [k.value for k, _ in root.value] != ["rules"]:
            raise LexiconError(f"{path}:1: expected one key 'rules'")
        rules_node = root.value[0][1]
        if not isinstance(rules_node, yaml.SequenceNode):
            raise _fail(path, rules_node, "'rules' must be a list")
        for node in rules_node.value:
            rule = _rule(path, node, lexicon)
            if rule.id in seen:
                raise _fail(path, node, f"duplicate rule id {rule.id!r} (first in {seen[rule.id]})")
            seen[rule.id] = f"{path.name}:{rule.line}"
            rules.append(rule)
    return tuple(rules)


def span_ruler_patterns(rules: tuple[PatternRule, ...]) -> list[dict[str, Any]]:
    """Phrase patterns for spaCy's SpanRuler: label and rule id per phrase."""
    return [{"label": r.label, "pattern": p, "id": r.id} for r in rules for p in r.phrases]
