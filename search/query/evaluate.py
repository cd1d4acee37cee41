"""Evaluate a query over whole posting lists at once, with numpy arrays.

Whoosh's matchers walk the postings one document at a time in Python, which is what made
a search slow when a word is in most bulletins. A search page needs every match anyway
(the total and the counts of four facets), so here each term's posting list is read whole
into arrays and scored in one vectorised step, and the query tree is combined with array
operations: one pass gives every matching document and its score, from which the facet
counts, the total and the top hits are all taken.

Scores are Whoosh's BM25F, with its idf, its average and per-document field lengths and
the query's boosts, summed over the parts of the query that match. A node this module does
not know (a phrase of three syllables or more) is handed to Whoosh's own matcher.

An evaluator belongs to one searcher, so to one index generation, and like the searcher
to one thread. It keeps the scored postings of recent terms (``POSTINGS_CACHE_BYTES``);
they cannot go stale, since a generation never changes.
"""

from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from whoosh import query as wq

from ..index.whoosh_internals import segment_lengths, segment_postings

POSTINGS_CACHE_BYTES = 16 * 1024 * 1024


class Matches(NamedTuple):
    """Per document number: whether it matches, and its score (0 where it does not)."""

    mask: np.ndarray
    scores: np.ndarray


class Evaluator:
    def __init__(self, searcher):
        self._searcher = searcher
        self._reader = searcher.reader()
        self.size = self._reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(self._reader.all_doc_ids(), dtype=np.int64)] = True
        weighting = searcher.weighting
        self._b, self._k1 = weighting.B, weighting.K1
        self._lengths = {}
        self._postings = OrderedDict()
        self._cached_bytes = 0

    def evaluate(self, query) -> Matches:
        """Every live document ``query`` matches, with its score."""
        matches = self._evaluate(query)
        return Matches(matches.mask & self.live, np.where(self.live, matches.scores, 0.0))

    # --- the query tree ----------------------------------------------------------------

    def _evaluate(self, query, within: np.ndarray | None = None) -> Matches:
        """``query``'s matches; where ``within`` is given, only those inside it count (the
        caller keeps no others), which spares position checks elsewhere."""
        if query is wq.NullQuery:
            return self._nothing()
        kind = type(query)
        if kind is wq.Term:
            return self._term(query.fieldname, query.text, query.boost)
        if kind is wq.Every:
            return Matches(self.live.copy(), np.zeros(self.size))
        if kind in (wq.And, wq.Or) and len(query.subqueries) == 1:
            return self._evaluate(query.subqueries[0], within)  # Whoosh ignores the boost here too
        if kind is wq.And:
            return self._all_of(query.subqueries, query.boost, within)
        if kind is wq.Or and not query.minmatch and query.scale is None:
            return self._any_of([self._evaluate(sub, within) for sub in query.subqueries], query.boost)
        if kind is wq.AndNot:
            wanted = self._evaluate(query.a, within)
            unwanted = self._evaluate(query.b, _narrowed(within, wanted.mask))
            mask = wanted.mask & ~unwanted.mask
            return Matches(mask, np.where(mask, wanted.scores, 0.0))
        if kind is wq.AndMaybe:
            required = self._evaluate(query.a, within)
            optional = self._evaluate(query.b, _narrowed(within, required.mask))
            return Matches(required.mask, np.where(required.mask, required.scores + optional.scores, 0.0))
        return self._with_whoosh(query, within)

    def _all_of(self, subqueries, boost: float, within: np.ndarray | None) -> Matches:
        """Phrases are checked last, and only in the documents every other part matches."""
        phrases = [sub for sub in subqueries if type(sub) is wq.Phrase]
        parts = [self._evaluate(sub, within) for sub in subqueries if type(sub) is not wq.Phrase]
        mask = np.logical_and.reduce([part.mask for part in parts]) if parts else self.live.copy()
        for phrase in phrases:
            parts.append(self._with_whoosh(phrase, within=_narrowed(within, mask)))
            mask &= parts[-1].mask
        return Matches(mask, np.where(mask, sum(part.scores for part in parts) * boost, 0.0))

    def _any_of(self, parts: list[Matches], boost: float) -> Matches:
        mask = np.logical_or.reduce([part.mask for part in parts])
        return Matches(mask, sum(part.scores for part in parts) * boost)

    def _nothing(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def _with_whoosh(self, query, within: np.ndarray | None = None) -> Matches:
        """Any other node, by Whoosh's own matcher (slow on common words, but exact), in
        every document or only in those ``within`` allows."""
        matches = self._nothing()
        matcher = query.matcher(self._searcher, self._searcher.context())
        candidates = iter(np.flatnonzero(within)) if within is not None else None
        while matcher.is_active():
            if candidates is not None:
                target = next(candidates, None)
                if target is None:
                    break
                matcher.skip_to(int(target))
                if not matcher.is_active() or matcher.id() != target:
                    continue
            docnum = matcher.id()
            matches.mask[docnum] = True
            matches.scores[docnum] = matcher.score()
            matcher.next()
        return matches

    # --- terms ---------------------------------------------------------------------------

    def _term(self, fieldname: str, text: str, boost: float) -> Matches:
        docnums, scores = self._scored_postings(fieldname, text)
        matches = self._nothing()
        matches.mask[docnums] = True
        matches.scores[docnums] = scores * boost
        return matches

    def _scored_postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, text)
        if key in self._postings:
            self._postings.move_to_end(key)
            return self._postings[key]
        docnums, weights = self._read_postings(fieldname, text)
        scored = docnums, self._bm25(fieldname, text, docnums, weights)
        self._remember(key, scored)
        return scored

    def _bm25(self, fieldname: str, text: str, docnums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F (scoring.bm25) for every posting at once; a field that is not
        scorable (``directive``) scores each posting by its weight, as Whoosh does."""
        if not len(docnums) or not self._searcher.schema[fieldname].scorable:
            return weights.astype(np.float32)
        idf = self._searcher.idf(fieldname, text)
        average = self._searcher.avg_field_length(fieldname) or 1
        lengths = self._field_lengths(fieldname)[docnums]
        b, k1 = self._b, self._k1
        return (idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))).astype(np.float32)

    def _read_postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term over every segment."""
        docnums, weights = [], []
        for segment, offset in self._reader.leaf_readers():
            if (fieldname, text) not in segment:
                continue
            ids, term_weights = segment_postings(segment.postings(fieldname, text))
            docnums.append(ids + offset)
            weights.append(term_weights)
        if not docnums:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(docnums).astype(np.int32), np.concatenate(weights)

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in ``fieldname`` as Whoosh stores it (one byte, decoded)."""
        if fieldname not in self._lengths:
            lengths = np.zeros(self.size, dtype=np.float32)
            for segment, offset in self._reader.leaf_readers():
                count = segment.doc_count_all()
                lengths[offset:offset + count] = segment_lengths(segment, fieldname, count)
            self._lengths[fieldname] = lengths
        return self._lengths[fieldname]

    def _remember(self, key, scored) -> None:
        self._postings[key] = scored
        self._cached_bytes += sum(array.nbytes for array in scored)
        while self._cached_bytes > POSTINGS_CACHE_BYTES and len(self._postings) > 1:
            _, dropped = self._postings.popitem(last=False)
            self._cached_bytes -= sum(array.nbytes for array in dropped)


def _narrowed(within: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    return mask if within is None else within & mask
