"""One index build or update of a peer (bantin's is its own ``bantin index``), run in its own
process so its memory can be measured.

``python -m bench.build_child {bantin,fts5,tantivy} {build,update} CORPUS INDEX [--workers N]``
prints one JSON line: the engine's own timing and index size (bench/run.py samples the
memory of this process and its workers from outside).
"""

import argparse
import json

import search
from search.index.generations import build_facts

from bench import fts5_baseline, tantivy_baseline


def _bantin(action: str, corpus: str, index: str, workers: int | None) -> dict:
    report = search.update_index(corpus, index, full=action == "build", workers=workers)
    return {"seconds": report.seconds, "documents": report.documents, "added": report.added,
            "updated": report.updated, "removed": report.removed, "skipped": len(report.skipped),
            "size_bytes": build_facts(index)["size_bytes"]}


def _fts5(action: str, corpus: str, index: str, workers: int | None) -> dict:
    return (fts5_baseline.build if action == "build" else fts5_baseline.update)(corpus, index, workers)


def _tantivy(action: str, corpus: str, index: str, workers: int | None) -> dict:
    return (tantivy_baseline.build if action == "build" else tantivy_baseline.update)(corpus, index, workers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=("bantin", "fts5", "tantivy"))
    parser.add_argument("action", choices=("build", "update"))
    parser.add_argument("corpus")
    parser.add_argument("index")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    run = {"bantin": _bantin, "fts5": _fts5, "tantivy": _tantivy}[args.engine]
    print(json.dumps(run(args.action, args.corpus, args.index, args.workers)))


if __name__ == "__main__":
    main()
