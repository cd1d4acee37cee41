"""Each segment's postings as arrays in a file beside it, memory-mapped when searching.

Whoosh keeps a term's postings as pickled blocks of 128; reading a common term meant
unpickling hundreds of blocks in Python on every search that needed it. So each segment
also has its postings as plain arrays, ``MAIN_<segment id>.bantin_postings`` beside the
segment's own files: written by the segment writer from the postings it holds in memory
(:func:`write_as_flushed`, search/index/whoosh_internals.BulkSegmentWriter), or, for a
segment that has none after a commit (an index written before the file existed),
read back from Whoosh's files in one pass (:func:`write_missing`):

    magic (8 bytes) | header length (8) | JSON header | arrays, each 64-byte aligned

- ``hashes``: a 64-bit hash of ``field NUL term`` for every term, sorted;
- ``order``: for each hash, the term's number; ``starts``: where each term's postings begin;
- ``docnums`` and ``weights``: every posting, term after term, each array in the smallest
  type that holds its numbers exactly (document numbers in a segment of fewer than 65,536
  documents in uint16; weights that are whole numbers, as the frequencies of the text
  fields are, in uint8 or uint16, else float32);
- ``names`` and ``name_starts``: each term's ``field NUL term`` bytes, to check a hash hit;
- ``positions`` (uint16, or uint32 when a text is that long) and ``position_starts``: for
  the fields with positions (``title``, ``body``, ``folded``), each posting's positions,
  as many as its weight (its frequency), so a phrase is checked with array operations.

A search finds a term with one binary search, and its postings are two slices of the
mapped file: no Python work per block, and the pages are shared by every thread and
process reading the segment. A segment never changes once written, so neither does its
file; the name follows Whoosh's own pattern for a segment's files, so Whoosh deletes it
with its segment, and a new generation hard-links it with the segment's other files. A
segment without the file (an index written before it existed, another codec) is read
through Whoosh as before: the result is the same.
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from .arrays import ragged_indices
from .whoosh_internals import all_postings, segment_location

SUFFIX = ".bantin_postings"
MAGIC = b"BNTNPST1"
VERSION = 2
# The fields a search reads postings of (search/query/parse.py builds its terms in them),
# and those whose phrases it checks by positions.
FIELDS = ("title", "body", "folded", "words", "pairs", "directive")
POSITIONAL = ("title", "body", "folded")
_ALIGN = 64


def term_hash(fieldname: str, tbytes: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(_name(fieldname, tbytes), digest_size=8).digest(), "little")


def _name(fieldname: str, tbytes: bytes) -> bytes:
    return fieldname.encode("utf-8") + b"\0" + tbytes


def sidecar_path(folder, segment_id: str) -> Path:
    return Path(folder) / f"{segment_id}{SUFFIX}"


# --- writing --------------------------------------------------------------------------------

def write_missing_for(ix) -> int:
    """Write the postings file of every segment of the Whoosh index ``ix`` that has none
    (after a commit); how many were written."""
    with ix.reader() as reader:
        return write_missing(reader)


def write_missing(reader) -> int:
    """Write the postings file of every segment of ``reader`` (an open Whoosh reader) that
    has none; how many were written."""
    written = 0
    for segment, _ in reader.leaf_readers():
        folder, segment_id = segment_location(segment)
        if folder is not None and not sidecar_path(folder, segment_id).exists():
            written += write_segment(segment, folder, segment_id)
    return written


def write_segment(segment, folder, segment_id: str) -> bool:
    """Write one segment's postings file (atomically); False if its codec is not Whoosh's.

    The postings are read in runs of terms (whoosh_internals.all_postings) and each run is
    kept only in its final, small types, so memory stays near the size of the file."""
    runs = all_postings(segment, FIELDS, POSITIONAL)
    if runs is None:
        return False
    return _write_runs(runs, segment.doc_count_all(), sidecar_path(folder, segment_id))


def write_as_flushed(postings, doc_count: int, folder, segment_id: str) -> None:
    """A segment writer's ``on_flush`` (search/index/whoosh_internals.BulkSegmentWriter):
    the segment's postings file written from the postings it holds in memory."""
    _write_runs(postings(FIELDS, POSITIONAL), doc_count, sidecar_path(folder, segment_id))


def _write_runs(runs, doc_count: int, path: Path) -> bool:
    """Write a segment's postings file from its runs of terms; False if two terms share a hash."""
    gathered = _Gathered(np.uint16 if doc_count <= 2 ** 16 else np.int32)
    for run in runs:
        gathered.add(run)
    names = [_name(fieldname, tbytes) for fieldname, tbytes in gathered.terms]
    hashes = np.array([term_hash(fieldname, tbytes) for fieldname, tbytes in gathered.terms], dtype=np.uint64)
    order = np.argsort(hashes, kind="stable").astype(np.int64)
    hashes = hashes[order]
    if len(hashes) > 1 and (hashes[1:] == hashes[:-1]).any():
        return False  # two terms with one 64-bit hash (never seen): this segment is read through Whoosh
    name_starts = np.zeros(len(names) + 1, dtype=np.int64)
    np.cumsum([len(name) for name in names], out=name_starts[1:])
    arrays = {"hashes": hashes, "order": order, "starts": np.concatenate(gathered.starts),
              "docnums": gathered.docnums, "weights": (gathered.weight_type(), gathered.weights),
              "name_starts": name_starts, "names": np.frombuffer(b"".join(names), dtype=np.uint8),
              "position_starts": np.concatenate(gathered.position_starts),
              "positions": (np.uint16 if gathered.top_position < 2 ** 16 else np.uint32, gathered.positions)}
    positional = [name for name in POSITIONAL if gathered.positional.get(name, True)]  # (a field without terms too)
    _write_arrays(path, arrays, {"positional": positional})
    return True


class _Gathered:
    """The runs of a segment's postings, each array kept as a list of pieces in the
    smallest type known to hold it (weights and positions are narrowed when written)."""

    def __init__(self, doc_type):
        self.doc_type = doc_type
        self.terms = []
        self.starts, self.position_starts = [np.zeros(1, dtype=np.int64)], [np.zeros(1, dtype=np.int64)]
        self.docnums, self.weights, self.positions = (doc_type, []), [], []
        self.whole_weights, self.top_weight, self.top_position = True, 0, 0
        self.positional = {}  # field -> whether every posting has as many positions as its weight

    def add(self, run) -> None:
        self.starts.append(run.starts[1:] + self.starts[-1][-1])
        self.position_starts.append(run.position_starts[1:] + self.position_starts[-1][-1])
        for name, agrees in _positions_as_weights(run).items():
            self.positional[name] = self.positional.get(name, True) and agrees
        self.terms += run.terms
        self.docnums[1].append(run.docnums.astype(self.doc_type))
        weights = run.weights
        if len(weights):
            whole = bool(np.all(weights == np.floor(weights)) and weights.min() >= 0 and weights.max() < 2 ** 16)
            self.whole_weights = self.whole_weights and whole
            self.top_weight = max(self.top_weight, float(weights.max()))
            self.weights.append(weights.astype(np.uint16) if whole else weights.copy())
        if len(run.positions):
            self.top_position = max(self.top_position, int(run.positions.max()))
            self.positions.append(run.positions.astype(np.uint16) if run.positions.max() < 2 ** 16
                                  else run.positions.copy())

    def weight_type(self):
        if not self.whole_weights:
            return np.float32
        return np.uint8 if self.top_weight < 2 ** 8 else np.uint16


def _positions_as_weights(run) -> dict[str, bool]:
    """For each field with positions in a run of terms: whether every posting has as many
    positions as its weight (so, when nothing boosts a field), so the weights tell where
    each posting's positions begin."""
    with_positions = [number for number, (fieldname, _) in enumerate(run.terms) if fieldname in POSITIONAL]
    if not with_positions:
        return {}
    lengths = run.starts[1:] - run.starts[:-1]
    chosen = np.array(with_positions, dtype=np.int64)
    postings = ragged_indices(run.starts[chosen], lengths[chosen])
    equal = run.weights[postings] == run.counts
    fields = np.repeat(np.array([run.terms[number][0] for number in with_positions], dtype=object), lengths[chosen])
    return {name: bool(equal[fields == name].all()) for name in set(fields)}


def _write_arrays(path: Path, arrays: dict, facts: dict) -> None:
    """Write the file: each of ``arrays`` an array, or ``(type, pieces)`` written one
    piece after the other in that type."""
    pieces = {name: values if isinstance(values, tuple) else (values.dtype.type, [values])
              for name, values in arrays.items()}
    layout, offset = {}, 0
    for name, (kind, parts) in pieces.items():
        count = sum(part.size for part in parts)
        layout[name] = [offset, np.dtype(kind).str, count]
        offset += _aligned(count * np.dtype(kind).itemsize)
    header = json.dumps({"version": VERSION, "arrays": layout, **facts}).encode()
    start = _aligned(len(MAGIC) + 8 + len(header))
    partial = path.with_name(path.name + ".tmp")
    with open(partial, "wb") as out:
        out.write(MAGIC + len(header).to_bytes(8, "little") + header)
        out.write(b"\0" * (start - out.tell()))
        for kind, parts in pieces.values():
            written = 0
            for part in parts:
                data = np.ascontiguousarray(part, dtype=kind).tobytes()
                out.write(data)
                written += len(data)
            out.write(b"\0" * (_aligned(written) - written))
    os.replace(partial, path)


def _aligned(size: int) -> int:
    return -(-size // _ALIGN) * _ALIGN


# --- reading --------------------------------------------------------------------------------

class SegmentPostings:
    """One segment's postings file, mapped read-only; safe to share between threads."""

    def __init__(self, arrays: dict, positional):
        self._hashes, self._order, self._starts = arrays["hashes"], arrays["order"], arrays["starts"]
        self._docnums, self._weights = arrays["docnums"], arrays["weights"]
        self._names, self._name_starts = arrays["names"], arrays["name_starts"]
        self._positions, self._position_starts = arrays["positions"], arrays["position_starts"]
        self.positional = frozenset(positional)

    @classmethod
    def open(cls, folder, segment_id: str) -> "SegmentPostings | None":
        """The segment's postings file, or None if it has none (or one this code cannot read)."""
        path = sidecar_path(folder, segment_id)
        try:
            mapped = np.memmap(path, dtype=np.uint8, mode="r")
        except (OSError, ValueError):  # missing, or empty
            return None
        try:
            if bytes(mapped[:len(MAGIC)]) != MAGIC:
                return None
            length = int.from_bytes(bytes(mapped[len(MAGIC):len(MAGIC) + 8]), "little")
            header = json.loads(bytes(mapped[len(MAGIC) + 8:len(MAGIC) + 8 + length]))
            if header.get("version") != VERSION:
                return None
            start = _aligned(len(MAGIC) + 8 + length)
            arrays = {name: np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=start + offset)
                      for name, (offset, dtype, count) in header["arrays"].items()}
            return cls(arrays, header["positional"])
        except (ValueError, KeyError, TypeError):
            return None

    def __len__(self) -> int:
        return len(self._hashes)

    def find(self, fieldname: str, tbytes: bytes) -> int | None:
        """The term's number in this segment, or None if the segment does not have it."""
        wanted = term_hash(fieldname, tbytes)
        where = int(np.searchsorted(self._hashes, np.uint64(wanted)))
        if where == len(self._hashes) or int(self._hashes[where]) != wanted:
            return None
        term = int(self._order[where])
        name = self._names[self._name_starts[term]:self._name_starts[term + 1]]
        return term if name.tobytes() == _name(fieldname, tbytes) else None

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """``(docnums, weights)`` of term number ``term``, as int32 and float32."""
        start, end = self._starts[term], self._starts[term + 1]
        return self._docnums[start:end].astype(np.int32), self._weights[start:end].astype(np.float32)

    def docnums(self, term: int) -> np.ndarray:
        """The document numbers of term number ``term`` (in this segment), as int32."""
        return self._docnums[self._starts[term]:self._starts[term + 1]].astype(np.int32)

    def counts(self, term: int) -> np.ndarray:
        """The weights of term number ``term`` as whole numbers (a field with positions:
        how many each posting has)."""
        return self._weights[self._starts[term]:self._starts[term + 1]].astype(np.int64)

    def positions(self, term: int) -> np.ndarray:
        """All the positions of term number ``term`` (a field in :attr:`positional`), posting
        after posting, each posting's as many as its weight."""
        return self._positions[self._position_starts[term]:self._position_starts[term + 1]]

    def get(self, fieldname: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """``(docnums, weights)`` of a term in this segment, or None."""
        term = self.find(fieldname, tbytes)
        return None if term is None else self.postings(term)
