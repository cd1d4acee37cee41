"""Recall of typed phrases on the 2,653 Dân trí articles, in every form users type them.

    python bench/recall.py [--phrases 2000] [--seed 4] [--index DIR]

Builds an index of ../shared/data/news-dantri in a temporary folder (about 1.5 minutes)
unless ``--index`` names one already built from it, samples phrases of 1 to 4
consecutive words from the article bodies and searches each as typed, without
diacritics, in NFD, in capitals and with the other tone-mark placement. Prints, per
form, how many phrases found their article at all (must be 100%), recall@10 and MRR,
then the misses.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import DANTRI, article_texts, engine_for, phrase_recall, sample_phrases  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--index", type=Path, help="an index already built from news-dantri")
    args = parser.parse_args()
    with engine_for(DANTRI, args.index) as engine:
        phrases = sample_phrases(article_texts(DANTRI), args.phrases, seed=args.seed)
        started = time.perf_counter()
        results = phrase_recall(engine, phrases)
        searches = len(phrases) * len(results)
        for name, figures in results.items():
            print(figures.line(name))
        print(f"{searches} searches in {time.perf_counter() - started:.1f} s")
        misses = [(name, miss) for name, figures in results.items() for miss in figures.misses]
        for name, (doc_id, typed) in misses[:50]:
            print(f"  miss [{name}] {doc_id}: {typed!r}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
