"""Write the topic model's training set and train the model.

    python -m chidao.nlp.topic_training [train] [--config config] [--cache-dir DIR]
    python -m chidao.nlp.topic_training generate [--config config]

``generate`` turns the phrase lists and sentence frames of ``config/training/topic_phrases.yaml`` into
``config/training/topics.jsonl`` (deterministic: the same YAML gives the same file). ``train`` trains the
spaCy ``textcat_multilabel`` described by the ``model:`` section of ``config/topics.yaml`` and caches it
(see ``chidao.nlp.topic_model``); it prints the cache folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path

from chidao.core.models import TOPIC_LABELS
from chidao.nlp.provinces import ConfigError, YamlFile
from chidao.nlp.topic_model import TopicModel, TopicModelSettings, cache_root

PHRASES_FILE = Path("training") / "topic_phrases.yaml"
TRAINING_FILE = Path("training") / "topics.jsonl"
_GENERATION_SEED = 7
_SINGLE_TOPIC_EXAMPLES_PER_PHRASE = 2


def generate_examples(phrases_path: Path) -> list[dict[str, object]]:
    """Training examples from frames x phrases: one-topic, two-topic and no-topic texts.

    The frame "Tỉnh ban hành kế hoạch triển khai {p}." with the economy phrase "giải ngân vốn đầu tư công"
    gives {"text": "Tỉnh ban hành kế hoạch triển khai giải ngân vốn đầu tư công.", "labels": ["economy"]};
    half the one-topic texts get a neutral sentence around them, so meeting words carry no topic.
    """
    source = YamlFile(phrases_path)
    keys = ("frames", "neutral", "topics", "pairs")
    top = source.mapping(source.root, "the file", required=keys, optional=())
    frames = source.strings(top["frames"], "frames")
    for node, frame in zip(source.sequence(top["frames"], "frames"), frames, strict=True):
        if frame.count("{p}") != 1:
            raise source.error(node, 'a frame must hold "{p}" exactly once')
    neutral = source.strings(top["neutral"], "neutral")
    topic_nodes = source.mapping(top["topics"], "topics", required=TOPIC_LABELS, optional=())
    phrases = {label: source.strings(topic_nodes[label], f"topic {label}") for label in TOPIC_LABELS}
    pairs = source.number(top["pairs"], "pairs")
    if pairs < 0 or pairs != int(pairs):
        raise source.error(top["pairs"], "pairs must be a whole number >= 0")

    rng = random.Random(_GENERATION_SEED)

    def sentence(label: str) -> str:
        return rng.choice(frames).replace("{p}", rng.choice(phrases[label]))

    examples: list[dict[str, object]] = []
    for label in TOPIC_LABELS:
        for phrase in phrases[label]:
            for _ in range(_SINGLE_TOPIC_EXAMPLES_PER_PHRASE):
                text = rng.choice(frames).replace("{p}", phrase)
                if rng.random() < 0.5:
                    parts = [rng.choice(neutral), text]
                    rng.shuffle(parts)
                    text = " ".join(parts)
                examples.append({"text": text, "labels": [label]})
    for first, second in itertools.combinations(TOPIC_LABELS, 2):
        for _ in range(int(pairs)):
            examples.append({"text": f"{sentence(first)} {sentence(second)}", "labels": [first, second]})
    for index, text in enumerate(neutral):
        examples.append({"text": text, "labels": []})
        examples.append({"text": f"{text} {neutral[(index + 1) % len(neutral)]}", "labels": []})
    rng.shuffle(examples)
    return examples


def write_training_file(config_dir: Path) -> Path:
    """Regenerate ``config_dir/training/topics.jsonl`` from the phrase file; returns its path."""
    examples = generate_examples(config_dir / PHRASES_FILE)
    target = config_dir / TRAINING_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples), encoding="utf-8")
    return target


def model_settings(config_dir: Path) -> TopicModelSettings:
    """The ``model:`` section of ``config_dir/topics.yaml``."""
    source = YamlFile(config_dir / "topics.yaml")
    top = source.mapping(source.root, "the file")
    if "model" not in top:
        raise source.error(source.root, "topics.yaml has no model section")
    return TopicModelSettings.read(source, top["model"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chidao.nlp.topic_training", description=__doc__)
    parser.add_argument("command", nargs="?", choices=("train", "generate"), default="train")
    parser.add_argument("--config", type=Path, default=Path("config"))
    parser.add_argument("--cache-dir", type=Path, default=None, help=f"default: {cache_root()}")
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            target = write_training_file(args.config)
            lines = sum(1 for _ in target.open(encoding="utf-8"))
            print(f"wrote {lines} examples to {target}")
            return 0
        settings = model_settings(args.config)
        started = time.perf_counter()
        TopicModel.load_or_train(settings, args.cache_dir)
        folder = (args.cache_dir or cache_root()) / f"topic-model-{settings.fingerprint()}"
        print(f"topic model ready in {time.perf_counter() - started:.1f} s: {folder}")
        return 0
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
