"""recall@10 and MRR of the dev queries over the 47 real bulletins in ../shared/data/bulletins-dev.

    python bench/queries_dev.py [--index DIR]

Indexes the folder in a temporary directory (a few seconds) unless ``--index`` names an
index built from it, runs every query of queries.jsonl with its filters and prints one
line per query (recall@10, reciprocal rank, query, the relevant files missing from the
first page), then the totals.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import BULLETINS_DEV, dev_queries, dev_query_figures, engine_for  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index already built from bulletins-dev")
    args = parser.parse_args()
    with engine_for(BULLETINS_DEV, args.index, workers=1) as engine:
        figures, lines = dev_query_figures(engine, dev_queries())
        print("\n".join(lines))
        print(figures.line("dev queries"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
