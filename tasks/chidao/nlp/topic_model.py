"""A trained topic classifier (spaCy ``textcat_multilabel``), the alternative to the topic lexicon.

The model is a bag-of-ngrams ``spacy.TextCatBOW.v3`` on a blank Vietnamese pipeline, trained on the short
texts of ``config/training/topics.jsonl`` (written from templates, see ``chidao.nlp.topic_training``).
It is trained at first use in a few seconds and cached under the user's cache directory, keyed by a hash
of the training file and the settings, so nothing binary lives in the repository.

Training texts are one to three sentences long while articles run to dozens of paragraphs, and a
bag-of-ngrams sum saturates on long inputs; so an article is scored paragraph by paragraph and a label's
score is the sum of its probabilities over paragraphs (the expected number of paragraphs on that topic),
with the headline counted ``title_weight`` times.

Which method ``ArticleClassifier`` uses (``lexicon``, ``model`` or ``ensemble``) is the ``method`` setting
of ``config/topics.yaml``; ``benchmarks/evaluate_topics.py --compare`` measures all three.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy import about as spacy_about
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]  # re-exported, not in __all__

from chidao.config import Located
from chidao.core.fold import unify_tone_marks
from chidao.core.models import TOPIC_LABELS
from chidao.nlp.provinces import ConfigError, YamlFile

__all__ = ["TopicModel", "TopicModelSettings", "cache_root", "model_text", "read_training_file"]

METHODS = ("lexicon", "model", "ensemble")
_MIN_PARAGRAPH_WORDS = 6
_MAX_PARAGRAPH_WORDS = 120


def model_text(text: str) -> str:
    """The form the model reads: NFC, reformed tone marks, lower case, words separated by single spaces.

    The blank Vietnamese tokenizer splits on spaces only, so "dựng," would be a feature of its own;
    "Sở Xây dựng, Sở Y tế." -> "sở xây dựng sở y tế".
    """
    return " ".join(re.findall(r"\w+", unify_tone_marks(text).lower()))


def paragraphs_of(body: str) -> list[str]:
    """The body's paragraphs in model form, long ones cut at sentence ends, short lines (captions) dropped.

    "Ảnh: Minh họa" is dropped; a 300-word paragraph becomes about three chunks of whole sentences.
    """
    chunks: list[str] = []
    for paragraph in body.split("\n"):
        words = model_text(paragraph).split()
        if len(words) < _MIN_PARAGRAPH_WORDS:
            continue
        if len(words) <= _MAX_PARAGRAPH_WORDS:
            chunks.append(" ".join(words))
            continue
        current: list[str] = []
        for sentence in re.split(r"(?<=[.!?;])\s+", paragraph):
            current.extend(model_text(sentence).split())
            if len(current) >= _MAX_PARAGRAPH_WORDS // 2:
                chunks.append(" ".join(current))
                current = []
        if len(current) >= _MIN_PARAGRAPH_WORDS:
            chunks.append(" ".join(current))
    return chunks


@dataclass(frozen=True)
class TopicModelSettings:
    """The ``model:`` section of ``config/topics.yaml``."""

    training_file: Path
    epochs: int
    ngram_size: int
    hash_length: int
    seed: int
    probability_floor: float
    threshold: float
    relative_threshold: float
    title_weight: float
    ensemble_weight: float

    @classmethod
    def read(cls, source: YamlFile, node: Located, *, needs_file: bool = True) -> TopicModelSettings:
        """Validate the section; the training file must exist only when the model is going to be used."""
        keys = (
            "training_file",
            "epochs",
            "ngram_size",
            "hash_length",
            "seed",
            "probability_floor",
            "threshold",
            "relative_threshold",
            "title_weight",
            "ensemble_weight",
        )
        fields = source.mapping(node, "model", required=keys, optional=())
        whole: dict[str, int] = {}
        for key in ("epochs", "ngram_size", "hash_length", "seed"):
            number = source.number(fields[key], f"model {key}")
            if number < 0 or number != int(number):
                raise source.error(fields[key], f"model {key} must be a whole number >= 0")
            whole[key] = int(number)
        fractions: dict[str, float] = {}
        for key in ("probability_floor", "relative_threshold", "ensemble_weight"):
            fractions[key] = source.number(fields[key], f"model {key}")
            if not 0 <= fractions[key] <= 1:
                raise source.error(fields[key], f"model {key} must be between 0 and 1")
        training_file = source.path.parent / source.string(fields["training_file"], "model training_file")
        if needs_file and not training_file.is_file():
            raise source.error(fields["training_file"], f"training file {training_file} not found")
        return cls(
            training_file=training_file,
            epochs=whole["epochs"],
            ngram_size=whole["ngram_size"],
            hash_length=whole["hash_length"],
            seed=whole["seed"],
            probability_floor=fractions["probability_floor"],
            threshold=source.number(fields["threshold"], "model threshold"),
            relative_threshold=fractions["relative_threshold"],
            title_weight=source.number(fields["title_weight"], "model title_weight"),
            ensemble_weight=fractions["ensemble_weight"],
        )

    def fingerprint(self) -> str:
        """Hash of everything the trained weights depend on: a changed file or setting retrains."""
        digest = hashlib.sha256(self.training_file.read_bytes())
        settings = [spacy_about.__version__, self.epochs, self.ngram_size, self.hash_length, self.seed]
        digest.update(json.dumps(settings).encode())
        return digest.hexdigest()[:16]


def read_training_file(path: Path) -> list[tuple[str, dict[str, float]]]:
    """``(text, cats)`` pairs from a JSONL file of ``{"text": ..., "labels": [...]}`` lines.

    A bad line raises ``ConfigError`` naming the file and line.
    """
    if not path.is_file():
        raise ConfigError(path, None, "training file not found")
    examples: list[tuple[str, dict[str, float]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(path, number, f"invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ConfigError(path, number, 'a line must be an object with a "text" string')
        labels = record.get("labels")
        if not isinstance(labels, list) or any(label not in TOPIC_LABELS for label in labels):
            known = ", ".join(TOPIC_LABELS)
            raise ConfigError(path, number, f'"labels" must be a list of topic labels ({known})')
        examples.append((record["text"], {label: float(label in labels) for label in TOPIC_LABELS}))
    if not examples:
        raise ConfigError(path, 1, "the training file has no examples")
    return examples


def cache_root() -> Path:
    """Where trained models are cached: ``$CHIDAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/chidao``,
    else ``~/.cache/chidao``."""
    explicit = os.environ.get("CHIDAO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chidao"


def _blank_pipeline(settings: TopicModelSettings) -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    architecture: dict[str, Any] = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": settings.ngram_size,
        "no_output_layer": False,
        "length": settings.hash_length,
    }
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": architecture})
    for label in TOPIC_LABELS:
        textcat.add_label(label)  # type: ignore[attr-defined]
    return nlp


class TopicModel:
    """Topic probabilities of texts and topic labels of articles from a trained ``textcat_multilabel``."""

    def __init__(self, nlp: Language, settings: TopicModelSettings) -> None:
        self.nlp = nlp
        self.settings = settings

    @classmethod
    def train(cls, settings: TopicModelSettings) -> TopicModel:
        """Train from ``settings.training_file``; deterministic for a given seed (seconds on 2 cores)."""
        fix_random_seed(settings.seed)
        shuffler = random.Random(settings.seed)
        nlp = _blank_pipeline(settings)
        examples = [
            Example.from_dict(nlp.make_doc(model_text(text)), {"cats": cats})
            for text, cats in read_training_file(settings.training_file)
        ]
        optimizer = nlp.initialize(lambda: examples)
        for _ in range(settings.epochs):
            shuffler.shuffle(examples)
            for batch in minibatch(examples, size=16):  # type: ignore[no-untyped-call]  # spaCy leaves it untyped
                nlp.update(batch, sgd=optimizer, losses={})
        return cls(nlp, settings)

    @classmethod
    def load_or_train(cls, settings: TopicModelSettings, cache_dir: Path | None = None) -> TopicModel:
        """The cached model for these settings, trained and cached first when there is none."""
        folder = (cache_dir or cache_root()) / f"topic-model-{settings.fingerprint()}"
        if (folder / "meta.json").is_file():
            try:
                return cls(spacy.load(folder), settings)
            except (OSError, ValueError):
                pass  # a half-written or foreign cache entry: retrain over it
        model = cls.train(settings)
        model.save(folder)
        return model

    def save(self, folder: Path) -> None:
        """Write the pipeline to ``folder`` (via a temporary sibling, so readers never see half a model)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        partial = folder.with_name(folder.name + f".partial-{os.getpid()}")
        self.nlp.to_disk(partial)
        try:
            partial.rename(folder)
        except OSError:
            # Another process cached the same model first; its copy is as good as ours.
            shutil.rmtree(partial, ignore_errors=True)

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probability of every label for each text (texts in any form; they are put in model form).

        A sentence about "giải ngân vốn đầu tư công" gives economy close to 1.
        """
        docs = self.nlp.pipe(model_text(text) for text in texts)
        return [{label: float(doc.cats.get(label, 0.0)) for label in TOPIC_LABELS} for doc in docs]

    def scores(self, title: str | None, body: str) -> dict[str, float]:
        """Per label, the sum over the body's paragraphs of its probability above ``probability_floor``,
        plus ``title_weight`` x the headline's.

        With a floor of 0.3, an article of four paragraphs on a storm (p = 0.9) and one on a school gets
        environment near 2.4; the 0.2 that every off-topic paragraph gives every label adds nothing.
        """
        floor = self.settings.probability_floor
        chunks = paragraphs_of(body)
        totals = dict.fromkeys(TOPIC_LABELS, 0.0)
        for probabilities in self.probabilities(chunks):
            for label, probability in probabilities.items():
                totals[label] += max(0.0, probability - floor)
        if title and title.strip() and self.settings.title_weight:
            for label, probability in self.probabilities([title])[0].items():
                totals[label] += self.settings.title_weight * max(0.0, probability - floor)
        return totals

    def choose(self, scores: dict[str, float]) -> tuple[str, ...]:
        """Labels whose score reaches the model threshold and ``relative_threshold`` x the best score."""
        best = max(scores.values(), default=0.0)
        if best < self.settings.threshold:
            return ()
        floor = max(self.settings.threshold, self.settings.relative_threshold * best)
        return tuple(label for label in TOPIC_LABELS if scores.get(label, 0.0) >= floor)
