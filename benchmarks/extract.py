"""Time of the text stages (clean + classify + extract) against spaCy+pyvi tokenisation alone, same run.

    .venv/bin/python benchmarks/extract.py [CORPUS_DIR ...] [--min-mb 2] [--rounds 3]

Reads every ``*.txt`` of the corpus folders (default: the shared dev corpus and the shared real corpus),
repeats the set until it holds at least ``--min-mb`` megabytes, then times in the same run
(1) extraction: cleaning and the extractor of ``TextAnalyzer`` (whichever extractor ``chidao extract``
is built with), (2) the whole text stage ``TextAnalyzer.analyze`` (cleaning, article labels, extraction:
exactly what ``chidao extract`` runs) and (3) ``spacy.blank("vi")`` with pyvi word segmentation over the
same cleaned texts. Each runs ``--rounds`` times, alternating, and its best round counts (the machine is
shared). It prints MB/s and the time ratios (1)/(3) and (2)/(3): the goal is ratio <= 1.0 for extraction,
no slower than tokenising alone. pyvi is a benchmark-only dependency
(``pip install -e '.[bench]'``); without it only (1) runs. Loading happens once, outside the timings.
It prints which readers run: the compiled ones when ``make install`` built them and they are fresh
(``chidao.nlp.native``), the Python sources otherwise or under ``CHIDAO_PURE_PYTHON=1``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from chidao.config import load_bundle
from chidao.core.text import clean_article_text
from chidao.nlp import native
from chidao.nlp.analyze import TextAnalyzer
from chidao.resources import bundled_config_dir

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_CORPORA = (SHARED_CORPUS / "dev", SHARED_CORPUS / "real")


def _load(corpora: list[Path], min_bytes: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for corpus in corpora for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no *.txt in {', '.join(map(str, corpora))}")
    out: list[str] = []
    size = 0
    while size < min_bytes:
        for t in texts:
            out.append(t)
            size += len(t.encode("utf-8"))
    return out


def _timed(work: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=list(DEFAULT_CORPORA))
    parser.add_argument("--min-mb", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    raws = _load(args.corpora, int(args.min_mb * 1_000_000))
    megabytes = sum(len(t.encode("utf-8")) for t in raws) / 1_000_000
    start = time.perf_counter()
    analyzer = TextAnalyzer.from_bundle(load_bundle(bundled_config_dir()))
    load_s = time.perf_counter() - start
    print(f"corpus: {len(raws)} articles, {megabytes:.2f} MB (pipeline load {load_s:.2f} s, once)")
    print(f"extraction runs the {native.status().describe()}")
    try:
        import spacy

        pyvi_nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": True}}})
    except ImportError as exc:
        pyvi_nlp = None
        print(f"spaCy+pyvi tokenisation: not measured ({exc}); pip install -e '.[bench]' to compare")
    cleaned = [clean_article_text(t).text for t in raws]

    runs: dict[str, Callable[[], int]] = {
        "extraction (clean + extract)": lambda: sum(
            len(analyzer.extractor.extract(clean_article_text(t))) for t in raws
        ),
        "text stages (clean + classify + extract)": lambda: sum(len(analyzer.analyze(t).directives) for t in raws),
    }
    if pyvi_nlp is not None:
        runs["spaCy+pyvi tokenisation alone"] = lambda: sum(len(pyvi_nlp.make_doc(t)) for t in cleaned)
    best = dict.fromkeys(runs, float("inf"))
    counts = dict.fromkeys(runs, 0)
    for _ in range(args.rounds):  # alternate the runs so that a busy moment of the machine hits all of them
        for name, work in runs.items():
            seconds, counts[name] = _timed(work)
            best[name] = min(best[name], seconds)
    for name in runs:
        print(f"{name:<42} {megabytes / best[name]:6.2f} MB/s  ({best[name]:.2f} s, count {counts[name]})")
    if pyvi_nlp is None:
        return 0
    pyvi_s = best["spaCy+pyvi tokenisation alone"]
    for name in list(runs)[:2]:
        ratio = best[name] / pyvi_s
        verdict = "goal met: no slower than pyvi" if ratio <= 1.0 else "slower than pyvi tokenisation alone"
        print(f"time ratio {name.split(' (')[0]} / pyvi: {ratio:.2f} ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
