"""Write search/knowledge/data/common_syllables.txt: the syllables found in the most bulletins.

    python tools/common_syllables.py [--top 500] [--source ../shared/data/news-dantri]

The index keeps the pairs of these syllables side by side as single terms (the ``pairs``
field), so a phrase of common words is one posting-list lookup. The list is fixed data,
not recomputed per corpus, so that every index generation and every query agree on it.
Written without diacritics (``viet``, ``nam``), most frequent first.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.ingest.files import scan_corpus  # noqa: E402
from search.knowledge.loader import DATA_DIR  # noqa: E402
from search.metadata.bulletin import read_bulletin  # noqa: E402
from search.text import folded_analyzer  # noqa: E402

OUTPUT = DATA_DIR / "common_syllables.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=500)
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "news-dantri")
    args = parser.parse_args(argv)
    sources, _ = scan_corpus(args.source)
    analyzer = folded_analyzer()
    in_documents = Counter()
    for source in sources:
        bulletin, _ = read_bulletin(source)
        in_documents.update({token.text for token in analyzer(f"{bulletin.title}\n{bulletin.body}")})
    common = [syllable for syllable, _ in in_documents.most_common(args.top)]
    header = (f"# The {args.top} syllables (without diacritics) found in the most of the {len(sources)} articles\n"
              f"# of {args.source.name}, most frequent first. Written by tools/common_syllables.py.\n")
    OUTPUT.write_text(header + "\n".join(common) + "\n", encoding="utf-8")
    print(f"wrote {len(common)} syllables to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
