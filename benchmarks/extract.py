"""Throughput of cleaning + directive extraction against spaCy+pyvi tokenisation alone.

    .venv/bin/python benchmarks/extract.py [CORPUS_DIR] [--min-mb 2]

Reads every ``*.txt`` of the corpus (default: the shared dev corpus), repeats
the set until it holds at least ``--min-mb`` megabytes, then times in the same
run (1) ``clean_article_text`` + ``DirectiveExtractor.extract`` over every
article and (2) ``spacy.blank("vi")`` with pyvi word segmentation over the same
cleaned texts, and prints MB/s of both and their ratio. The goal is an
extraction no slower than pyvi tokenisation alone (ratio >= 1). pyvi is a
benchmark-only dependency (``pip install pyvi``); without it only (1) runs.
Pipeline loading is excluded from the timings and happens once.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from chidao.config import load_bundle
from chidao.core.text import clean_article_text
from chidao.nlp.extract import DirectiveExtractor
from chidao.resources import bundled_config_dir

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _load(corpus: Path, min_bytes: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no *.txt in {corpus}")
    out: list[str] = []
    size = 0
    while size < min_bytes:
        for t in texts:
            out.append(t)
            size += len(t.encode("utf-8"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min-mb", type=float, default=2.0)
    args = parser.parse_args()

    raws = _load(args.corpus, int(args.min_mb * 1_000_000))
    megabytes = sum(len(t.encode("utf-8")) for t in raws) / 1_000_000

    t0 = time.perf_counter()
    extractor = DirectiveExtractor.from_bundle(load_bundle(bundled_config_dir()))
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    cleaned = [clean_article_text(t) for t in raws]
    n_items = sum(len(extractor.extract(a)) for a in cleaned)
    ours_s = time.perf_counter() - t0
    ours = megabytes / ours_s
    print(f"corpus: {len(raws)} articles, {megabytes:.2f} MB (pipeline load {load_s:.2f} s, once)")
    print(f"clean+extract:      {ours:8.2f} MB/s  ({ours_s:.2f} s, {n_items} items)")

    try:
        import spacy

        pyvi_nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": True}}})
    except ImportError as exc:
        print(f"spaCy+pyvi tokenisation: not measured ({exc}); install pyvi to compare")
        return 0
    t0 = time.perf_counter()
    n_tokens = sum(len(pyvi_nlp.make_doc(a.text)) for a in cleaned)
    pyvi_s = time.perf_counter() - t0
    pyvi = megabytes / pyvi_s
    print(f"spaCy+pyvi tokens:  {pyvi:8.2f} MB/s  ({pyvi_s:.2f} s, {n_tokens} tokens)")
    print(f"ratio extraction/pyvi: {ours / pyvi:.2f}x ({'goal met' if ours >= pyvi else 'slower than pyvi'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
