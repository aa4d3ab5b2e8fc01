"""Rewrite the golden outputs of the shared real corpus: one ``<article>.json`` per ``real_*.txt``.

    .venv/bin/python tests/golden/real/regenerate.py [--shared ../shared]       # rewrite every file
    .venv/bin/python tests/golden/real/regenerate.py --show real_c1_01.txt       # print one prediction in full

Run it after a deliberate change of the text stages, then review ``git diff tests/golden/real`` (which
articles, items and fields changed) and commit the files with the change. The files hold digests, not text:
see tests/support/golden.py. ``--show`` prints the prediction with its strings to the terminal only.
Do not use ``--show`` on a score-only article (docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from chidao.nlp.evaluate import predict_files  # noqa: E402
from tests.support.golden import golden_record  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--show", metavar="ARTICLE", help="print this article's prediction in full instead")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "real"
    paths = sorted(corpus.glob("real_*.txt"))
    if not paths:
        print(f"regenerate.py: no real_*.txt in {corpus}", file=sys.stderr)
        return 2
    if args.show:
        [prediction] = predict_files([corpus / args.show])
        print(json.dumps(prediction, ensure_ascii=False, indent=2))
        return 0
    for old in HERE.glob("real_*.json"):
        old.unlink()
    for path, prediction in zip(paths, predict_files(paths), strict=True):
        record = golden_record(prediction, path.read_bytes())
        (HERE / f"{path.stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {len(paths)} golden files to {HERE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
