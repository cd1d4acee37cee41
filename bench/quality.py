"""Search-quality measures shared by ``bench/recall.py``, ``bench/queries_dev.py`` and the tests.

Two measures, both over real text in ``../shared/data``:

- *recall of typed phrases*: runs of 1 to 4 consecutive syllables sampled from article
  bodies, searched in the forms users type them (as written, without diacritics, in NFD,
  in capitals, with the other tone-mark placement); each must find its article.
- *the dev queries*: ``bulletins-dev/queries.jsonl``, realistic queries with the files a
  good engine must return.

Figures: recall@10 (the source, or the relevant files, on the first page) and MRR (mean
of 1/rank of the first relevant bulletin).
"""

import contextlib
import json
import random
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from search.ingest.frontmatter import split_front_matter

SHARED = Path(__file__).resolve().parents[2] / "shared"
DANTRI = SHARED / "data" / "news-dantri"
BULLETINS_DEV = SHARED / "data" / "bulletins-dev"

_WORD = re.compile(r"[^\W_]+")


@contextlib.contextmanager
def engine_for(corpus: Path, index_dir: Path | None = None, workers: int | None = None):
    """An Engine on ``index_dir`` (built from ``corpus`` already), or on a fresh index of
    ``corpus`` in a temporary folder, removed afterwards."""
    from search import update_index
    from search import Engine

    with tempfile.TemporaryDirectory() as scratch:
        if index_dir is None:
            index_dir = Path(scratch)
            print(f"{update_index(corpus, index_dir, workers=workers).documents} bulletins indexed")
        engine = Engine(index_dir)
        try:
            yield engine
        finally:
            engine.close()
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _other_placement_table() -> dict[str, str]:
    """Both directions between ``òa`` and ``oà`` (``òe/oè``, ``ùy/uỳ``) for every tone mark."""
    table = {}
    for first, second in ("oa", "oe", "uy"):
        for mark in _TONES:
            old = unicodedata.normalize("NFC", first + mark) + second
            new = first + unicodedata.normalize("NFC", second + mark)
            for a, b in ((old, new), (new, old)):
                table[a] = b
                table[a.upper()] = b.upper()
                table[a[0].upper() + a[1:]] = b[0].upper() + b[1:]
    return table


_OTHER_PLACEMENT = _other_placement_table()
_PLACED_ENDING = re.compile(r"(?<![qQ])(" + "|".join(_OTHER_PLACEMENT) + r")\b")


def other_tone_placement(text: str) -> str:
    """``hòa thủy Ủy`` -> ``hoà thuỷ Uỷ`` and back: the spelling the other half of sites use."""
    return _PLACED_ENDING.sub(lambda m: _OTHER_PLACEMENT[m.group(1)], text)


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


FORMS = {
    "typed": lambda text: text,
    "no-marks": without_diacritics,
    "nfd": lambda text: unicodedata.normalize("NFD", text),
    "upper": str.upper,
    "other-tone": other_tone_placement,
}


@dataclass
class Phrase:
    doc_id: str
    text: str


def article_texts(corpus: Path) -> dict[str, str]:
    """Each article's text as written (front matter left out), by id: what phrases are sampled
    from, so that no change to the extractor (headline, cleaning) changes the sample."""
    return {path.stem: split_front_matter(path.read_text(encoding="utf-8"))[1] for path in sorted(corpus.glob("*.txt"))}


def sample_phrases(documents: dict[str, str], count: int, seed: int = 4) -> list[Phrase]:
    """``count`` runs of 1-4 consecutive words from the bodies, one per random article.

    A run never crosses punctuation (``,`` ``.`` ``-`` ``(`` ...): only whitespace may
    separate its words, so each phrase is a piece of real text.
    """
    rng = random.Random(seed)
    ids = sorted(documents)
    phrases = []
    while len(phrases) < count:
        doc_id = rng.choice(ids)
        runs = _clean_runs(documents[doc_id])
        if not runs:
            continue
        run = rng.choice(runs)
        size = min(rng.randint(1, 4), len(run))
        start = rng.randrange(len(run) - size + 1)
        phrases.append(Phrase(doc_id, " ".join(run[start:start + size])))
    return phrases


def _clean_runs(body: str) -> list[list[str]]:
    """Maximal runs of whitespace-separated tokens that are whole words."""
    runs, current = [], []
    for token in body.split():
        if _WORD.fullmatch(token):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


@dataclass
class Figures:
    """recall@10 and MRR over a set of queries; ``misses`` lists what was not found at all."""

    ranks: list = field(default_factory=list)      # 1-based rank of the first relevant, or None
    recalls: list = field(default_factory=list)    # fraction of relevant in the top 10, per query
    misses: list = field(default_factory=list)

    def add(self, rank: int | None, recall_at_10: float, miss=None) -> None:
        self.ranks.append(rank)
        self.recalls.append(recall_at_10)
        if miss is not None:
            self.misses.append(miss)

    @property
    def recall_at_10(self) -> float:
        return sum(self.recalls) / len(self.recalls) if self.recalls else 0.0

    @property
    def mrr(self) -> float:
        return sum(1 / rank for rank in self.ranks if rank) / len(self.ranks) if self.ranks else 0.0

    @property
    def found(self) -> float:
        return sum(1 for rank in self.ranks if rank) / len(self.ranks) if self.ranks else 0.0

    def line(self, name: str) -> str:
        return (f"{name:<12} n={len(self.ranks):>5}  found={self.found:7.2%}  "
                f"recall@10={self.recall_at_10:.3f}  MRR={self.mrr:.3f}")


def phrase_recall(engine, phrases: list[Phrase], forms=FORMS) -> dict[str, Figures]:
    """Search every phrase in every form; a miss is a phrase whose article is not matched."""
    results = {}
    for name, transform in forms.items():
        figures = Figures()
        for phrase in phrases:
            typed = transform(phrase.text)
            ranking = engine.ranking(typed)
            rank = ranking.index(phrase.doc_id) + 1 if phrase.doc_id in ranking else None
            figures.add(rank, 1.0 if rank and rank <= 10 else 0.0,
                        miss=None if rank else (phrase.doc_id, typed))
        results[name] = figures
    return results


_FILTER_NAMES = {"unit_level": "level", "unit": "unit", "year": "year", "directive": "directive"}


def dev_queries(path: Path = BULLETINS_DEV / "queries.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_query_figures(engine, queries: list[dict]) -> tuple[Figures, list[str]]:
    """recall@10 and MRR of the dev queries, and one printable line per query."""
    figures, lines = Figures(), []
    for query in queries:
        filters = {_FILTER_NAMES[name]: value for name, value in query.get("filters", {}).items()}
        relevant = {Path(name).stem for name in query["relevant"]}
        top = [hit.id for hit in engine.search(query["q"], per_page=10, **filters).hits]
        rank = next((i + 1 for i, doc_id in enumerate(top) if doc_id in relevant), None)
        recall = len(relevant & set(top)) / len(relevant)
        missing = sorted(relevant - set(top))
        figures.add(rank, recall, miss=(query["q"], missing) if missing else None)
        lines.append(f"{recall:5.2f} {1 / rank if rank else 0:5.2f}  {query['q']!r} {filters or ''}"
                     + (f"  missing: {', '.join(missing)}" if missing else ""))
    return figures, lines
