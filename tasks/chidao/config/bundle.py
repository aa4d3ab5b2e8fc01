"""The configuration bundle: every rule and data file, validated together once at start."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel

from chidao.config.loader import YamlDocument, load_yaml, parse
from chidao.config.models import (
    AbbreviationsFile,
    AgenciesFile,
    ArticleTypesFile,
    CuesFile,
    FeedsFile,
    NamesFile,
    PatternsFile,
    ProvincesFile,
    PublishedFile,
    RoutingFile,
    TimeFile,
    TopicPhrasesFile,
    TopicsFile,
    TrackingFile,
)
from chidao.config.sentence_reader import SentenceReaderFile, check_examples, lexicon_lists

if TYPE_CHECKING:
    from chidao.settings import Settings

# Every file of the bundle: attribute of ``ConfigBundle`` -> (path under the config folder, model).
# Feeds and routing are not here: their paths come from settings (``CHIDAO_FEEDS``, ``CHIDAO_ROUTING``).
BUNDLE_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "cues": ("lexicons/cues.yaml", CuesFile),
    "abbreviations": ("lexicons/abbreviations.yaml", AbbreviationsFile),
    "names": ("lexicons/names.yaml", NamesFile),
    "time": ("lexicons/time.yaml", TimeFile),
    "agencies": ("agencies.yaml", AgenciesFile),
    "patterns": ("patterns/discourse.yaml", PatternsFile),
    "sentence_reader": ("patterns/sentence_reader.yaml", SentenceReaderFile),
    "tracking": ("tracking.yaml", TrackingFile),
    "topics": ("topics.yaml", TopicsFile),
    "article_types": ("article_types.yaml", ArticleTypesFile),
    "provinces": ("provinces.yaml", ProvincesFile),
    "published": ("published.yaml", PublishedFile),
    "topic_phrases": ("training/topic_phrases.yaml", TopicPhrasesFile),
}


@dataclass(frozen=True)
class ConfigBundle:
    """Validated models of every configuration file; build it with ``load_bundle`` and pass it on."""

    config_dir: Path
    feeds_file: Path
    feeds: FeedsFile
    routing_file: Path
    routing: RoutingFile
    cues: CuesFile
    abbreviations: AbbreviationsFile
    names: NamesFile
    time: TimeFile
    agencies: AgenciesFile
    patterns: PatternsFile
    sentence_reader: SentenceReaderFile
    tracking: TrackingFile
    topics: TopicsFile
    article_types: ArticleTypesFile
    provinces: ProvincesFile
    published: PublishedFile
    topic_phrases: TopicPhrasesFile
    # The parsed files by attribute name, for readers that need lines after validation (the classifier).
    documents: dict[str, YamlDocument] = field(repr=False, compare=False, default_factory=dict)

    def path_of(self, name: str) -> Path:
        """Path of the bundle file ``name`` (a key of ``BUNDLE_FILES``)."""
        return self.config_dir / BUNDLE_FILES[name][0]


def load_bundle(config_dir: Path, *, feeds_file: Path | None = None, routing_file: Path | None = None) -> ConfigBundle:
    """Load and validate every file; the first problem raises ``ConfigError`` (``<file>:<line>: <reason>``).

    ``feeds_file`` defaults to the bundled sample feeds and ``routing_file`` to ``routing.yaml`` in
    ``config_dir``.
    """
    feeds_path = feeds_file if feeds_file is not None else config_dir / "feeds.sample.yaml"
    routing_path = routing_file if routing_file is not None else config_dir / "routing.yaml"
    documents: dict[str, YamlDocument] = {}
    models: dict[str, BaseModel] = {}
    for name, (relative, model) in BUNDLE_FILES.items():
        documents[name] = load_yaml(config_dir / relative)
        models[name] = parse(documents[name], model)
    _check_reader_examples(documents, models)
    documents["feeds"] = load_yaml(feeds_path)
    documents["routing"] = load_yaml(routing_path)
    return ConfigBundle(
        config_dir=config_dir,
        feeds_file=feeds_path,
        feeds=parse(documents["feeds"], FeedsFile),
        routing_file=routing_path,
        routing=parse(documents["routing"], RoutingFile),
        documents=documents,
        **models,  # type: ignore[arg-type]
    )


def _check_reader_examples(documents: dict[str, YamlDocument], models: dict[str, BaseModel]) -> None:
    """The sentence reader's examples need the lexicons its patterns name: checked once every file parsed."""
    reader = cast(SentenceReaderFile, models["sentence_reader"])
    cues, names = cast(CuesFile, models["cues"]), cast(NamesFile, models["names"])
    lists = lexicon_lists(cues, names, cast(AgenciesFile, models["agencies"]))
    check_examples(documents["sentence_reader"], reader, lists)


def bundle_for(settings: Settings) -> ConfigBundle:
    """The bundle the settings name: ``CHIDAO_CONFIG_DIR``, ``CHIDAO_FEEDS``, ``CHIDAO_ROUTING``."""
    return load_bundle(settings.config_dir, feeds_file=settings.feeds_file, routing_file=settings.routing_file)
