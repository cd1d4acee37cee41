"""Evaluate a query over whole posting lists at once, with numpy arrays.

Whoosh's matchers walk the postings one document at a time in Python, which is what made
a search slow when a word is in most bulletins. A search page needs every match anyway
(the total and the counts of four facets), so here each term's posting list is read whole
into arrays and scored in one vectorised step, and the query tree is combined with array
operations: one pass gives every matching document and its score, from which the facet
counts, the total and the top hits are all taken.

Scores are Whoosh's BM25F, with its idf, its average and per-document field lengths and
the query's boosts, summed over the parts of the query that match.

Postings are read from each segment's postings file (:mod:`search.index.postings`, arrays
memory-mapped beside the segment) where it has one, else through Whoosh, with the same
result. A phrase is checked with the positions in those files, scored exactly as Whoosh
scores it; without them, and for a node this module does not know, Whoosh's own matcher
runs. What does not change within an index generation is kept once per process and
shared by all its threads (:class:`GenerationData`): the mapped files, which documents are
live, each field's lengths, and the scored postings of recent terms
(``POSTINGS_CACHE_BYTES``), which cannot go stale since a generation never changes. An
evaluator belongs to one searcher, so to one generation, and like the searcher to one
thread.
"""

import math
import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from whoosh import query as wq

from ..index.arrays import ragged_indices
from ..index.postings import SegmentPostings
from ..index.whoosh_internals import segment_lengths, segment_location, segment_postings

POSTINGS_CACHE_BYTES = 64 * 1024 * 1024
# The fields whose terms a query scores by BM25F (search/query/parse.py).
SCORED_FIELDS = ("title", "body", "folded", "words", "pairs")


class Matches(NamedTuple):
    """Per document number: whether it matches, and its score (0 where it does not)."""

    mask: np.ndarray
    scores: np.ndarray


class GenerationData:
    """What every evaluator on one index generation shares in a process (read-only once
    built, the caches behind a lock)."""

    def __init__(self, searcher):
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.live.flags.writeable = False
        self.segments = []  # (document offset, postings file or None) for each segment, in order
        for segment, offset in reader.leaf_readers():
            folder, segment_id = segment_location(segment)
            self.segments.append((offset, SegmentPostings.open(folder, segment_id) if folder else None))
        self.mapped = all(postings is not None for _, postings in self.segments)
        self._lengths, self._averages = {}, {}
        self._scored = OrderedDict()
        self._scored_bytes = 0
        self._lock = threading.Lock()

    def has_positions(self, fieldname: str) -> bool:
        """Whether every segment's postings file holds the positions of ``fieldname``."""
        return self.mapped and all(fieldname in postings.positional for _, postings in self.segments)

    def locate(self, fieldname: str, tbytes: bytes) -> list[tuple[int, SegmentPostings, int]]:
        """``(document offset, postings file, term number)`` of each segment that has the term."""
        found = []
        for offset, postings in self.segments:
            term = postings.find(fieldname, tbytes)
            if term is not None:
                found.append((offset, postings, term))
        return found

    def field_lengths(self, fieldname: str, reader) -> np.ndarray:
        """Each document's length in ``fieldname`` as Whoosh stores it (one byte, decoded)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = np.zeros(self.size, dtype=np.float32)
            for segment, offset in reader.leaf_readers():
                count = segment.doc_count_all()
                lengths[offset:offset + count] = segment_lengths(segment, fieldname, count)
            lengths.flags.writeable = False
            with self._lock:
                lengths = self._lengths.setdefault(fieldname, lengths)
        return lengths

    def average_length(self, fieldname: str, searcher) -> float:
        average = self._averages.get(fieldname)
        if average is None:
            average = self._averages[fieldname] = searcher.avg_field_length(fieldname) or 1
        return average

    def scored(self, key) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            found = self._scored.get(key)
            if found is not None:
                self._scored.move_to_end(key)
            return found

    def remember(self, key, scored) -> None:
        for array in scored:
            array.flags.writeable = False
        with self._lock:
            if key in self._scored:
                return
            self._scored[key] = scored
            self._scored_bytes += sum(array.nbytes for array in scored)
            while self._scored_bytes > POSTINGS_CACHE_BYTES and len(self._scored) > 1:
                _, dropped = self._scored.popitem(last=False)
                self._scored_bytes -= sum(array.nbytes for array in dropped)


class Evaluator:
    def __init__(self, searcher, shared: GenerationData | None = None):
        """``shared``: the generation's :class:`GenerationData` (made here if not given)."""
        self._searcher = searcher
        self._reader = searcher.reader()
        self._shared = shared if shared is not None else GenerationData(searcher)
        self.size = self._shared.size
        self.live = self._shared.live
        weighting = searcher.weighting
        self._b, self._k1 = weighting.B, weighting.K1

    def evaluate(self, query) -> Matches:
        """Every live document ``query`` matches, with its score."""
        matches = self._evaluate(query)
        return Matches(matches.mask & self.live, np.where(self.live, matches.scores, 0.0))

    def warm(self) -> None:
        """Read what the first searches would: the lengths and averages of the scored fields."""
        for fieldname in SCORED_FIELDS:
            if fieldname in self._searcher.schema and self._searcher.schema[fieldname].scorable:
                self._shared.field_lengths(fieldname, self._reader)
                self._shared.average_length(fieldname, self._searcher)

    # --- the query tree ----------------------------------------------------------------

    def _evaluate(self, query, within: np.ndarray | None = None) -> Matches:
        """``query``'s matches; where ``within`` is given, only those inside it count (the
        caller keeps no others), which spares position checks elsewhere."""
        if query is wq.NullQuery:
            return self._nothing()
        kind = type(query)
        if kind is wq.Term:
            return self._term(query.fieldname, query.text, query.boost)
        if kind is wq.Phrase:
            return self._phrase(query, within)
        if kind is wq.Every:
            return Matches(self.live.copy(), np.zeros(self.size))
        if kind in (wq.And, wq.Or) and len(query.subqueries) == 1:
            return self._evaluate(query.subqueries[0], within)  # Whoosh ignores the boost here too
        if kind is wq.And:
            return self._all_of(query.subqueries, query.boost, within)
        if kind is wq.Or and not query.minmatch and query.scale is None:
            if all(type(sub) is wq.Term for sub in query.subqueries):
                return self._any_term(query.subqueries, query.boost)
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
            parts.append(self._phrase(phrase, within=_narrowed(within, mask)))
            mask &= parts[-1].mask
        return Matches(mask, np.where(mask, sum(part.scores for part in parts) * boost, 0.0))

    def _any_term(self, terms, boost: float) -> Matches:
        """An ``Or`` of terms (a word in each text field) added up in one pair of arrays: the
        same sums, in the same order, as :meth:`_any_of` of each term's matches."""
        matches = self._nothing()
        for term in terms:
            docnums, scores = self._scored_postings(term.fieldname, term.text)
            matches.mask[docnums] = True
            matches.scores[docnums] += scores * term.boost
        return Matches(matches.mask, matches.scores * boost)

    def _any_of(self, parts: list[Matches], boost: float) -> Matches:
        mask = np.logical_or.reduce([part.mask for part in parts])
        return Matches(mask, sum(part.scores for part in parts) * boost)

    def _nothing(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def _phrase(self, query, within: np.ndarray | None) -> Matches:
        """A phrase: its words side by side in this order, checked with the positions in the
        postings files, in the documents that have every word (and ``within`` allows).

        Scored as Whoosh scores it (``Phrase.matcher``: a ``SpanNear2`` over the words'
        terms, their BM25F scores added as its binary tree of intersections adds them,
        times the phrase's boost), in the same order of float operations, so the scores are
        Whoosh's to the last bit. Without positions in every segment, Whoosh checks it.
        """
        fieldname, words = query.fieldname, list(query.words)
        if query.slop != 1 or not words or not self._shared.has_positions(fieldname):
            return self._with_whoosh(query, within)
        field = self._searcher.schema[fieldname]
        try:
            terms = [field.to_bytes(word) for word in words]
        except ValueError:
            return self._nothing()
        located = [self._shared.locate(fieldname, tbytes) for tbytes in terms]
        candidates = self.live.copy() if within is None else within.copy()
        for segments in located:
            present = np.zeros(self.size, dtype=bool)
            for offset, postings, term in segments:
                present[postings.docnums(term) + offset] = True
            candidates &= present
        if not candidates.any():
            return self._nothing()
        # (document, where the phrase would start) for each occurrence of each word, as one
        # integer: sorted already (documents in order, then positions). The documents where
        # the starts of all the words meet have the phrase.
        starts = [self._phrase_starts(segments, candidates, len(words) - number)
                  for number, segments in enumerate(located)]
        starts.sort(key=len)
        meeting = starts[0]
        for other in starts[1:]:
            if not len(meeting):
                break
            where = np.minimum(np.searchsorted(other, meeting), len(other) - 1)
            meeting = meeting[other[where] == meeting] if len(other) else meeting[:0]
        found = np.unique(meeting >> 32)
        matches = self._nothing()
        if len(found):
            scores = [self._exact_bm25(fieldname, word, found) for word in words]
            total = _tree_sum(scores)
            matches.mask[found] = True
            matches.scores[found] = total * query.boost if query.boost != 1.0 else total
        return matches

    @staticmethod
    def _phrase_starts(segments, candidates: np.ndarray, shift: int) -> np.ndarray:
        """``document << 32 | position + shift`` of each occurrence of a term in the
        ``candidates``, in order."""
        keys = []
        for offset, postings, term in segments:
            docnums, counts = postings.docnums(term) + offset, postings.counts(term)
            chosen = np.flatnonzero(candidates[docnums])
            if not len(chosen):
                continue
            first = (np.cumsum(counts) - counts)[chosen]
            at = postings.positions(term)[ragged_indices(first, counts[chosen])].astype(np.int64)
            keys.append((np.repeat(docnums[chosen].astype(np.int64), counts[chosen]) << 32) | (at + shift))
        return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)

    def _exact_bm25(self, fieldname: str, text: str, docnums: np.ndarray) -> np.ndarray:
        """A term's BM25F score in ``docnums`` (which all have it), in float64 and in the
        order of operations of ``whoosh.scoring.bm25``."""
        all_docnums, weights = self._read_postings(fieldname, text)
        weight = weights[np.searchsorted(all_docnums, docnums)].astype(np.float64)
        length = self._shared.field_lengths(fieldname, self._reader)[docnums].astype(np.float64)
        idf = self._idf(fieldname, text, len(all_docnums))
        average = self._shared.average_length(fieldname, self._searcher)
        b, k1 = self._b, self._k1
        return idf * ((weight * (k1 + 1)) / (weight + k1 * ((1 - b) + b * length / average)))

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
        scored = self._shared.scored(key)
        if scored is None:
            docnums, weights = self._read_postings(fieldname, text)
            scored = docnums, self._bm25(fieldname, text, docnums, weights)
            self._shared.remember(key, scored)
        return scored

    def _bm25(self, fieldname: str, text: str, docnums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F (scoring.bm25) for every posting at once; a field that is not
        scorable (``directive``) scores each posting by its weight, as Whoosh does."""
        if not len(docnums) or not self._searcher.schema[fieldname].scorable:
            return weights.astype(np.float32)
        idf = self._idf(fieldname, text, len(docnums))
        average = self._shared.average_length(fieldname, self._searcher)
        lengths = self._shared.field_lengths(fieldname, self._reader)[docnums]
        b, k1 = self._b, self._k1
        return (idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))).astype(np.float32)

    def _idf(self, fieldname: str, text: str, postings: int) -> float:
        """Whoosh's idf (scoring.WeightingModel.idf): its document frequency counts every
        posting written, deleted documents' too, as the postings files hold them."""
        if self._shared.mapped:
            return math.log(self.size / (postings + 1)) + 1
        return self._searcher.idf(fieldname, text)

    def _read_postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term over every segment (deleted documents
        included: :meth:`evaluate` drops them)."""
        tbytes = self._searcher.schema[fieldname].to_bytes(text)
        docnums, weights = [], []
        for (segment, offset), (_, postings) in zip(self._reader.leaf_readers(), self._shared.segments):
            if postings is not None:
                found = postings.get(fieldname, tbytes)
                if found is None:
                    continue
                ids, term_weights = found
            elif (fieldname, text) in segment:
                ids, term_weights = segment_postings(segment.postings(fieldname, text))
            else:
                continue
            docnums.append(ids + offset if offset else ids)
            weights.append(term_weights)
        if not docnums:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        if len(docnums) == 1:
            return docnums[0].astype(np.int32, copy=False), weights[0]
        return np.concatenate(docnums).astype(np.int32), np.concatenate(weights)


def _tree_sum(values: list):
    """``values`` added as ``whoosh.util.make_binary_tree`` pairs them: (a + (b + c)) ..."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _narrowed(within: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    return mask if within is None else within & mask
