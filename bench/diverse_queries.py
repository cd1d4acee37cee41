"""The diverse query set: many distinct queries sampled with a fixed seed from the corpus text.

The fixed set (bench/query_set.py) is 32 queries; timed again and again it measures a
warm cache more than a search. This set is drawn from the bulletins themselves: a
seeded sample of the corpus is read as bantin reads it (bench/documents.py) and each
query is a run of the syllables of one bulletin, lower-cased, in one of five kinds, in
equal shares:

- ``single syllable``: one syllable (``đảng``);
- ``two-syllable phrase``: two syllables side by side, quoted (``"kinh tế"``);
- ``two-word AND``: two syllables side by side, unquoted (``giá vàng``, both required);
- ``3-4 word plain``: three or four syllables side by side, unquoted;
- ``no diacritics``: one to three syllables side by side without their marks (``tuyen giao``).

A fifth of each kind also carries a filter taken from the same bulletin, in turn its
``year``, its ``unit`` and a ``directive`` it cites (the year when the corpus has too few
bulletins with the others), so a filtered query finds at least that bulletin.

Syllables picked at random places of the text come in the proportions people write
them: common syllables are common here too. No two queries (text and filters) are the
same, and the warm-up queries are other queries than the measured ones.

    .venv/bin/python -m bench.diverse_queries CORPUS [--count 1000]   # print the set
"""

import argparse
import random
import re
import sys
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.documents import read_rows, sources_of
from search.text import fold

KINDS = ("single syllable", "two-syllable phrase", "two-word AND", "3-4 word plain", "no diacritics")
FILTER_NAMES = ("year", "unit", "directive")
FILTERED_SHARE = 5          # one query in five of each kind has a filter
SEED = 20261206
COUNT, WARMUP = 1000, 200
SAMPLE_DOCUMENTS = 3000     # bulletins read to draw queries from (all of a smaller corpus)
_WORD = re.compile(r"[^\W_]+")
_ATTEMPTS = 200


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def filter_dict(self) -> dict[str, str]:
        return dict(self.filters)

    def api_path(self) -> str:
        """This query as a request to ``/api/search`` (bantin's and the peers')."""
        return "/api/search?" + urlencode({"q": self.text, **self.filter_dict})


def sample(corpus_dir, count: int = COUNT, warmup: int = WARMUP, seed: int = SEED,
           documents: int = SAMPLE_DOCUMENTS, workers: int | None = None) -> tuple[list[Query], list[Query]]:
    """``(measured, warm-up)``: ``count + warmup`` distinct queries from the corpus text."""
    rng = random.Random(seed)
    sources = sorted(sources_of(corpus_dir), key=lambda source: source.id)
    chosen = sorted(rng.sample(sources, min(documents, len(sources))), key=lambda source: source.id)
    rows = [row for row in read_rows(chosen, workers) if row and _WORD.search(row["body"])]
    if not rows:
        raise SystemExit(f"no bulletin text to sample queries from in {corpus_dir}")
    for row in rows:
        row["words"] = [word.lower() for word in _WORD.findall(row["body"])]
    having = {"year": [r for r in rows if r["year"]], "unit": [r for r in rows if r["unit"]],
              "directive": [r for r in rows if r["directives"]]}
    queries, seen = [], set()
    for number in range(count + warmup):
        kind = KINDS[number % len(KINDS)]
        filtered = (number // len(KINDS)) % FILTERED_SHARE == 0
        wanted = FILTER_NAMES[(number // (len(KINDS) * FILTERED_SHARE)) % len(FILTER_NAMES)] if filtered else None
        query = _distinct_query(rng, rows, having, kind, wanted, seen)
        if query is None:
            raise SystemExit(f"could not draw {count + warmup} distinct queries from {len(rows)} bulletins")
        seen.add((query.text, query.filters))
        queries.append(query)
    rng.shuffle(queries)
    return queries[:count], queries[count:]


def _distinct_query(rng, rows, having, kind: str, wanted: str | None, seen: set) -> Query | None:
    for _ in range(_ATTEMPTS):
        name = wanted
        if name and not having[name]:
            name = "year"  # too few bulletins with a unit or a directive
        if name and not having[name]:
            name = None  # nor with a date: no filter to take
        row = rng.choice(having[name] if name else rows)
        text = _text(rng, row["words"], kind)
        if text is None:
            continue
        filters = ()
        if name == "directive":
            filters = (("directive", rng.choice(row["directives"])),)
        elif name:
            filters = ((name, row[name]),)
        if (text, filters) not in seen:
            return Query(text, kind, filters)
    return None


def _text(rng, words: list[str], kind: str) -> str | None:
    length = {"single syllable": 1, "two-syllable phrase": 2, "two-word AND": 2,
              "3-4 word plain": rng.choice((3, 4)), "no diacritics": rng.choice((1, 2, 3))}[kind]
    if len(words) < length:
        return None
    start = rng.randrange(len(words) - length + 1)
    run = words[start:start + length]
    if kind == "two-syllable phrase":
        return f'"{run[0]} {run[1]}"'
    if kind == "no diacritics":
        run = [fold(word) for word in run]
    return " ".join(run)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    measured, warm = sample(args.corpus, args.count, args.warmup, args.seed)
    for label, queries in (("measured", measured), ("warm-up", warm)):
        for query in queries:
            filters = " ".join(f"--{name} {value!r}" for name, value in query.filters)
            print(f"{label}\t{query.kind}\t{query.text}\t{filters}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
