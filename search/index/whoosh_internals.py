"""Every access to Whoosh's private parts, in one place.

whoosh-reloaded is pinned at 2.7.5 and ``tests/test_evaluation.py`` guards what is read
here; anything that is not Whoosh's own codec falls back on the public (slower) interfaces.
"""

import io
import mmap
import pickle
import struct
import zlib
from array import array
from collections import Counter
from functools import lru_cache
from itertools import accumulate, repeat
from operator import sub
from pathlib import Path
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3TermInfo,
                                  W3TermsReader, _lenfield)
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .arrays import ragged_indices

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
# Postings a segment writer takes out of its arrays into Python lists at a time.
CHUNK_POSTINGS = 1 << 18
# A block of postings whose pickle is shorter is written uncompressed (zlib saves nothing on it).
MIN_COMPRESSED_BYTES = 128
_BYTE_TO_LENGTH = np.array(_LENGTH_OF_BYTE, dtype=np.float32)


def segment_lengths(segment, fieldname: str, count: int) -> np.ndarray:
    """A field's lengths in one segment: its length column read whole for Whoosh's own
    codec, else document by document."""
    perdoc, column = getattr(segment, "_perdoc", None), _lenfield(fieldname)
    if count and hasattr(perdoc, "column_reader") and perdoc.has_column(column):
        codes = np.fromiter(perdoc.column_reader(column, LENGTHS_COLUMN), dtype=np.uint8, count=count)
        return _BYTE_TO_LENGTH[codes]
    return np.array([segment.doc_field_length(docnum, fieldname, 0) or 0 for docnum in range(count)],
                    dtype=np.float32)


def segment_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """A term's postings in one segment, block by block for Whoosh's own codec."""
    if type(matcher) is not W3LeafMatcher:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)
    ids, weights = [], []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, dtype=np.int64))
        weights.append(np.asarray(matcher._weights, dtype=np.float32))
        matcher._next_block()
    return np.concatenate(ids), np.concatenate(weights)


class SegmentPostingsArrays(NamedTuple):
    """The postings of a run of terms of one segment: term ``i`` of the run is ``terms[i]``
    (field name, term bytes), its postings ``docnums[starts[i]:starts[i + 1]]`` in order
    with their ``weights``; for a field with positions, posting ``j``'s positions are the
    next ``counts[j]`` of ``positions`` from ``position_starts[i]`` on."""

    terms: list
    starts: np.ndarray
    docnums: np.ndarray
    weights: np.ndarray
    position_starts: np.ndarray
    counts: np.ndarray
    positions: np.ndarray


def all_postings(segment, fieldnames, positional=(), run_postings: int = 4_000_000):
    """Every posting of the ``fieldnames`` in one segment (with its positions for the
    ``positional`` ones), read straight from Whoosh's files in one pass, as
    :class:`SegmentPostingsArrays` of runs of terms of about ``run_postings`` postings and
    positions each (so that memory stays bounded). None for a segment not written by
    Whoosh's own codec.

    The postings file holds each term's postings as blocks (``W3PostingsWriter._write_block``):
    a length (negative for the last block), a pickled info tuple (count, last id, max
    weight, compression, lengths), then the pickled (zlib-compressed) tuple of the ids
    (each block's delta-encoded from 0), the weights (None for all 1.0, one float for all
    alike) and the values; a value of the ``Positions`` format is the count of positions
    (4 bytes) and the pickled list of their deltas (``formats.Positions.encode``). The
    running sums are undone for all blocks and values of a run at once with numpy.
    """
    terms_reader = _mapped(segment)
    if terms_reader is None:
        return None
    return _runs(terms_reader, set(fieldnames), set(positional), run_postings)


def _runs(terms_reader, wanted: set, with_positions: set, run_postings: int):
    try:
        yield from _read_runs(terms_reader, wanted, with_positions, run_postings)
    finally:
        terms_reader.close()  # unmaps the files


def _read_runs(terms_reader, wanted: set, with_positions: set, run_postings: int):
    postfile = terms_reader._postfile
    loads, decompress, unpack_length = pickle.loads, zlib.decompress, struct.Struct("!i").unpack_from
    run = _Run()
    for (fieldname, tbytes), terminfo in terms_reader.items():
        if fieldname not in wanted:
            continue
        keep_positions = fieldname in with_positions
        deltas, weights, counts, position_deltas = run.deltas, run.weights, run.counts, run.position_deltas
        for block_ids, block_weights, block_values in _blocks(postfile, terminfo, loads, decompress, unpack_length):
            count = len(block_ids)
            deltas.extend(block_ids)
            run.block_ends.append(len(deltas))
            if block_weights is None:
                weights.extend([1.0] * count)
            elif isinstance(block_weights, float):
                weights.extend([block_weights] * count)
            else:
                weights.extend(block_weights)
            if keep_positions:
                for value in block_values:
                    found = loads(value[4:])
                    position_deltas.extend(found)
                    counts.append(len(found))
        run.terms.append((fieldname, tbytes))
        run.starts.append(len(deltas))
        run.position_starts.append(len(position_deltas))
        if len(deltas) + len(position_deltas) >= run_postings:
            yield run.arrays()
            run = _Run()
    if run.terms:
        yield run.arrays()


class _Run:
    def __init__(self):
        self.terms, self.starts, self.block_ends, self.position_starts = [], [0], [], [0]
        self.deltas, self.weights = array("I"), array("f")
        self.position_deltas, self.counts = array("I"), array("I")

    def arrays(self) -> SegmentPostingsArrays:
        return SegmentPostingsArrays(
            self.terms, np.array(self.starts, dtype=np.int64),
            _undo_running_sums(self.deltas, self.block_ends).view(np.int32),
            np.frombuffer(self.weights, dtype=np.float32), np.array(self.position_starts, dtype=np.int64),
            np.frombuffer(self.counts, dtype=np.uint32),
            _undo_running_sums(self.position_deltas, np.cumsum(np.frombuffer(self.counts, dtype=np.uint32),
                                                               dtype=np.int64)))


def _mapped(segment) -> W3TermsReader | None:
    """A terms reader of the segment over its terms and postings files mapped into memory:
    a slice of the mapping costs less than a seek and a read for every term."""
    terms_reader = getattr(segment, "_terms", None)
    folder = getattr(segment.storage(), "folder", None)
    if type(terms_reader) is not W3TermsReader or folder is None:
        return None
    info = segment.segment()
    terms, postings = (_map(Path(folder, info.make_filename(extension)))
                       for extension in (W3Codec.TERMS_EXT, W3Codec.POSTS_EXT))
    return W3TermsReader(terms_reader._codec, StructFile(terms), len(terms), StructFile(postings))


def _map(path: Path) -> mmap.mmap:
    with open(path, "rb") as file:
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


def _blocks(postfile, terminfo, loads, decompress, unpack_length):
    """``(ids as deltas, weights, values)`` of each block of a term's postings."""
    if terminfo.is_inlined():  # never written so by Whoosh 2.7 (inlinelimit=1), but readable
        ids, weights, values = terminfo.inlined_postings()
        yield np.diff(np.asarray(ids, dtype=np.int64), prepend=0).tolist(), weights, values
        return
    offset, length = terminfo.extent()
    data = postfile.get(offset, length[0] if isinstance(length, tuple) else length)
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("a posting list does not start with Whoosh's block tag")
    view, position, last = memoryview(data), 4, False
    while not last:
        (block_length,) = unpack_length(data, position)
        position += 4
        last = block_length < 0
        end = position + abs(block_length)
        block = io.BytesIO(view[position:end])
        compression = pickle.load(block)[3]
        packed = view[position + block.tell():end]
        yield loads(decompress(packed) if compression else packed)
        position = end


def _undo_running_sums(deltas: array, ends) -> np.ndarray:
    """The values of runs each written as deltas from 0 (run ``k`` ends at ``ends[k]``):
    one cumulative sum over all, less the sum reached before each run began. In 32 bits,
    wrapping around: the difference is right modulo 2**32, and every value fits."""
    running = np.cumsum(np.frombuffer(deltas, dtype=np.uint32), dtype=np.uint32)
    ends = np.asarray(ends, dtype=np.int64)
    if len(ends) and len(running):
        previous = ends[:-1]
        reached = np.where(previous > 0, running[np.maximum(previous - 1, 0)], 0).astype(np.uint32)
        running -= np.repeat(np.concatenate((np.zeros(1, dtype=np.uint32), reached)), np.diff(ends, prepend=0))
    return running


def segment_location(segment) -> tuple[str | None, str]:
    """``(folder, segment id)`` of a segment reader (folder None if not in a folder)."""
    return getattr(segment.storage(), "folder", None), segment.segment().segment_id()


def index_writer(ix, on_flush=None) -> "BulkSegmentWriter":
    """The indexer's writer of ``ix``: it holds the index's write lock, and commits."""
    return BulkSegmentWriter(ix, on_flush, compound=False)


def segment_writer(ix, on_flush=None) -> "BulkSegmentWriter":
    """A writer of one new segment of ``ix`` that takes no index lock: several processes
    write segments side by side and the indexer's own writer commits them together."""
    return BulkSegmentWriter(ix, on_flush, _lk=False, compound=False)


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with its postings kept in compact arrays in memory and
    written term by term, block by block, instead of one Python call per posting through
    an external sort (Whoosh's ``PostingPool``) and its generic ``add_postings``.

    The files are those Whoosh's own writer writes for the same documents
    (``tests/test_writer.py``): the same blocks of ``blocklimit`` postings, the same block
    statistics (lengths as the length column gives them back), byte for byte but that a
    small block is not compressed (``MIN_COMPRESSED_BYTES``). Memory grows with the segment: :attr:`postings_count` tells a caller
    when to start a new one.

    ``on_flush(postings, doc_count, folder, segment id)``, if given, is called once the
    segment's postings are written, with ``postings(fieldnames, positional)`` giving those
    of some fields as runs of :class:`SegmentPostingsArrays` (search/index/postings.py
    writes them as arrays beside the segment, without reading back what was just written).
    """

    def __init__(self, ix, on_flush=None, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool = _PostingsInMemory({name for name, field in self.schema.items()
                                       if isinstance(field.format, Positions)})
        self.on_flush = on_flush

    def add_document(self, **fields):
        """Whoosh's ``SegmentWriter.add_document`` with each field's postings handed to the
        pool together (this schema has no spelling fields and no vectors)."""
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    frequencies = self.pool.add_field(fieldname, docnum, *_postings_of(field, value), boost)
                    length = frequencies if field.scorable else 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    @property
    def postings_count(self) -> int:
        return len(self.pool.docnums)

    def _flush_segment(self):
        self.perdocwriter.close()
        layout = _SortedPostings(self.pool)
        lengths = self.per_document_reader()
        try:
            _write_postings(self.fieldwriter, self.schema, layout, lengths, self.docnum)
        finally:
            lengths.close()
        self.fieldwriter.close()
        if self.on_flush is not None and layout.terms:
            folder, segment_id = getattr(self.storage, "folder", None), self.newsegment.segment_id()
            if folder is not None:
                self.on_flush(layout.arrays, self.docnum, folder, segment_id)
        self.pool.cleanup()


def _postings_of(field, value) -> tuple[list, list | None]:
    """``field.index(value)`` as a list, and for a ``Positions`` field each posting's
    positions (None where the caller decodes them from the values). For a token list of a
    ``Positions`` or ``Frequency`` field (the text fields, given analysed by
    search/index/documents.py) computed here without Whoosh's token objects, with the same
    values (``tests/test_writer.py``)."""
    kind = type(field.format)
    if not isinstance(value, list) or kind not in (Positions, Frequency):
        return list(field.index(value)), None
    boost = field.format.field_boost
    if kind is Frequency:
        return [(term.encode("utf-8"), count, float(count) * boost, pack_uint(count))
                for term, count in Counter(value).items()], None
    places: dict[str, list[int]] = {}
    for position, term in enumerate(value):
        places.setdefault(term, []).append(position)
    items = [(term.encode("utf-8"), len(found), float(len(found)) * boost,
              pack_uint(len(found)) + pickle.dumps(list(map(sub, found, [0, *found])), 2))
             for term, found in places.items()]
    return items, list(places.values())


class _PostingsInMemory:
    """Whoosh's posting pool interface (``add``, ``cleanup``) over flat arrays: for each
    posting its term's number, document, weight, the end of its value in ``values`` and,
    in a field with positions, the end of its positions in ``positions``."""

    def __init__(self, positional: set[str]):
        self.positional = positional
        self.field_terms: dict[str, dict[bytes, int]] = {}  # each field's terms, numbered across fields
        self.term_count = 0
        self.term_numbers, self.docnums = array("I"), array("I")
        self.weights, self.value_ends = array("d"), array("I")
        self.values = bytearray()
        self.positions, self.position_ends = array("I"), array("I")

    def add(self, item) -> None:
        """One posting ``(field name, term bytes, document, weight, value bytes)`` (Whoosh's
        writer adds the postings of segments it merges so)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 0, weight, vbytes or b"")], None, 1)

    def add_field(self, fieldname: str, docnum: int, items: list, places: list | None, boost: float) -> int:
        """Add one document's postings of one field, ``(term bytes, frequency, weight,
        value bytes)`` each as a field's ``index`` gives them, and their positions if the
        field has some (decoded from the values if ``places`` is None); the sum of the
        frequencies."""
        if not items:
            return 0
        terms, frequencies, weights, values = zip(*items)
        self.term_numbers.extend(self._numbers(fieldname, terms))
        self.docnums.extend(repeat(docnum, len(terms)))
        self.weights.extend(weights if boost == 1 else [weight * boost for weight in weights])
        ends = accumulate(map(len, values), initial=len(self.values))
        next(ends)
        self.value_ends.extend(ends)
        self.values += b"".join(values)
        if fieldname in self.positional:
            if places is None:
                places = [list(accumulate(pickle.loads(value[4:]))) for value in values]
            for found in places:
                self.positions.extend(found)
                self.position_ends.append(len(self.positions))
        else:
            self.position_ends.extend(repeat(len(self.positions), len(terms)))
        return sum(frequencies)

    def _numbers(self, fieldname: str, terms: tuple) -> list[int]:
        """The numbers of one document's terms of a field (distinct), new terms numbered next."""
        table = self.field_terms.get(fieldname)
        if table is None:
            table = self.field_terms[fieldname] = {}
        numbers = list(map(table.get, terms))
        if None in numbers:
            for i, number in enumerate(numbers):
                if number is None:
                    numbers[i] = table[terms[i]] = self.term_count
                    self.term_count += 1
        return numbers

    def terms(self) -> list[tuple[tuple[str, bytes], int]]:
        """``((field name, term bytes), number)`` of every term, in Whoosh's order."""
        return sorted(((name, term), number) for name, table in self.field_terms.items() for term, number in table.items())

    def cleanup(self) -> None:
        self.__init__(self.positional)


class _SortedPostings:
    """The pool's terms in Whoosh's order (field name, then term bytes), and its postings
    in that order (``order``: the pool's postings grouped by term, in document order);
    term ``i``'s are ``order[starts[i]:starts[i + 1]]``."""

    def __init__(self, pool: _PostingsInMemory):
        self.pool = pool
        terms = pool.terms()
        self.terms = [key for key, _ in terms]
        rank = np.empty(len(terms), dtype=np.uint32)
        rank[np.array([number for _, number in terms], dtype=np.int64)] = np.arange(len(terms), dtype=np.uint32)
        ranks = rank[np.frombuffer(pool.term_numbers, dtype=np.uint32)]
        self.order = np.lexsort((np.frombuffer(pool.docnums, dtype=np.uint32), ranks))
        self.starts = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ranks, minlength=len(terms)), out=self.starts[1:])

    def chunks(self, postings: int | None = None):
        """``(first term, last term + 1)`` of runs of terms of about ``postings`` postings."""
        postings, first = postings or CHUNK_POSTINGS, 0
        while first < len(self.terms):
            last = max(first + 1, int(np.searchsorted(self.starts, self.starts[first] + postings, side="right")) - 1)
            last = min(last, len(self.terms))
            yield first, last
            first = last

    def arrays(self, fieldnames, positional):
        """The postings of the terms of ``fieldnames``, with their positions in the
        ``positional`` ones, as :class:`SegmentPostingsArrays` of runs of terms (so that
        memory stays bounded)."""
        pool = self.pool
        position_ends = np.frombuffer(pool.position_ends, dtype=np.uint32)
        all_positions = np.frombuffer(pool.positions, dtype=np.uint32)
        for first, last in self.chunks():
            chosen = np.array([number for number in range(first, last) if self.terms[number][0] in fieldnames],
                              dtype=np.int64)
            if not len(chosen):
                continue
            lengths = self.starts[chosen + 1] - self.starts[chosen]
            postings = self.order[ragged_indices(self.starts[chosen], lengths)]
            with_positions = np.repeat([self.terms[number][0] in positional for number in chosen], lengths)
            placed = postings[with_positions]
            ends = position_ends[placed].astype(np.int64)
            counts = ends - np.where(placed > 0, position_ends[np.maximum(placed, 1) - 1], 0)
            per_posting = np.zeros(len(postings), dtype=np.int64)
            per_posting[with_positions] = counts
            starts = np.concatenate(([0], np.cumsum(lengths)))
            cumulative = np.concatenate(([0], np.cumsum(per_posting)))
            yield SegmentPostingsArrays(
                [self.terms[number] for number in chosen.tolist()], starts,
                np.frombuffer(pool.docnums, dtype=np.uint32)[postings].astype(np.int32),
                np.frombuffer(pool.weights, dtype=np.float64)[postings].astype(np.float32),
                cumulative[starts], counts.astype(np.uint32), all_positions[ragged_indices(ends - counts, counts)])


def _write_postings(fieldwriter, schema, layout: _SortedPostings, lengths, doc_count: int) -> None:
    """Every term in Whoosh's order, its postings in document order, through the codec's
    own postings writer, a block at a time (the postings taken out of the pool's arrays a
    run of terms at a time, so that memory stays bounded)."""
    pool, terms = layout.pool, layout.terms
    all_docnums = np.frombuffer(pool.docnums, dtype=np.uint32)
    all_weights = np.frombuffer(pool.weights, dtype=np.float64)
    all_value_ends = np.frombuffer(pool.value_ends, dtype=np.uint32)
    values, fieldname, field_lengths = bytes(pool.values), None, None
    block_limit = fieldwriter._codec._blocklimit
    one_block = _OneBlockTerms(fieldwriter)
    for first, last in layout.chunks():
        base = int(layout.starts[first])
        order = layout.order[base:layout.starts[last]]
        docnums, weights = all_docnums[order].tolist(), all_weights[order].tolist()
        value_ends = all_value_ends[order]
        value_starts = np.where(order > 0, all_value_ends[np.maximum(order, 1) - 1], 0).tolist()
        value_ends = value_ends.tolist()
        starts = (layout.starts[first:last + 1] - base).tolist()
        for number in range(first, last):
            name, tbytes = terms[number]
            if name != fieldname:
                one_block.write()
                if fieldname is not None:
                    fieldwriter.finish_field()
                fieldname, field = name, schema[name]
                field_lengths = _lengths(lengths, fieldname, doc_count) if field.scorable else None
                fieldwriter.start_field(fieldname, field)
            start, end = starts[number - first], starts[number - first + 1]
            if end - start <= block_limit:  # most terms: written here in one go
                ids = docnums[start:end]
                one_block.add(tbytes, ids, weights[start:end],
                              _block_values(values, value_starts[start:end], value_ends[start:end]),
                              *_length_range(field_lengths, ids))
                continue
            one_block.write()
            fieldwriter.start_term(tbytes)
            writer = fieldwriter._postwriter
            for block in range(start, end, block_limit):
                if block > start:
                    writer._write_block()
                stop = min(block + block_limit, end)
                ids = docnums[block:stop]
                writer._ids = array("I", ids)
                block_weights = weights[block:stop]
                writer._weights = array("f", block_weights)
                writer._maxweight = max(0, max(block_weights))
                writer._values = _block_values(values, value_starts[block:stop], value_ends[block:stop])
                writer._minlength, writer._maxlength = _length_range(field_lengths, ids)
            fieldwriter.finish_term()
        one_block.write()
    if fieldname is not None:
        fieldwriter.finish_field()


def _block_values(values: bytes, starts: list, ends: list) -> list[bytes]:
    """The non-empty values of a block's postings (Whoosh keeps only those)."""
    return [values[begin:finish] for begin, finish in zip(starts, ends) if finish > begin]


def _length_range(field_lengths: list | None, ids: list) -> tuple[int | None, int]:
    """The shortest and longest non-zero field length of a block's documents, as Whoosh's
    postings writer tracks them (None and 0 without lengths)."""
    found = [length for length in map(field_lengths.__getitem__, ids) if length] if field_lengths else ()
    return (min(found) if found else None), max(found, default=0)


class _OneBlockTerms:
    """Terms whose postings fit one block (most terms), written as ``W3FieldWriter.start_term``,
    the codec's ``add_posting``, ``finish_postings`` (``_write_block(last=True)``) and
    ``finish_term`` would write them, without their Python calls per posting and per term, and
    a run of them at a time: their blocks in one write to the postings file, their entries in
    one write to the terms file. A block shorter than ``MIN_COMPRESSED_BYTES`` is not
    compressed (as Whoosh meant to do: its writer's "less than 20 bytes, don't bother
    compressing" is overwritten by a slip), which its reader reads as it reads any block: half
    the time of writing such a term went into zlib's set-up."""

    def __init__(self, fieldwriter):
        self.fieldwriter = fieldwriter
        self.keys, self.terminfos, self.blocks = [], [], []

    def add(self, tbytes: bytes, ids: list, weights: list, values: list, min_length: int | None,
            max_length: int) -> None:
        block_weights = array("f", weights)
        if all(weight == 1.0 for weight in block_weights):
            mini_weights = None
        elif all(weight == block_weights[0] for weight in block_weights):
            mini_weights = block_weights[0]
        else:
            mini_weights = tuple(block_weights)
        fieldwriter = self.fieldwriter
        size = fieldwriter._format.fixed_value_size()
        mini_values = tuple(values) if size is None or size < 0 else None if size == 0 else b"".join(values)
        data = pickle.dumps((tuple(map(sub, ids, [0, *ids])), mini_weights, mini_values), 2)
        compression = fieldwriter._postwriter._compression if len(data) >= MIN_COMPRESSED_BYTES else 0
        if compression:
            data = zlib.compress(data, compression)
        max_weight = max(0, max(weights))
        min_byte, max_byte = _byte_of_length(min_length), _byte_of_length(max_length)
        info = pickle.dumps((len(ids), ids[-1], max_weight, compression, min_byte, max_byte), 2)
        self.blocks.append(WHOOSH3_HEADER_MAGIC + struct.pack("!i", -(len(info) + len(data))) + info + data)
        self.keys.append(tbytes)
        self.terminfos.append(W3TermInfo._struct.pack(False, sum(block_weights), len(ids), min_byte or 0,
                                                      _byte_of_length(max(0, max_length)), max_weight,
                                                      ids[0], ids[-1]))

    def write(self) -> None:
        """Write the terms added since the last write."""
        if not self.keys:
            return
        fieldwriter = self.fieldwriter
        postfile = fieldwriter._postfile
        offset, entries = postfile.tell(), []
        for terminfo, block in zip(self.terminfos, self.blocks):
            entries.append(terminfo + pack_long(offset) + pack_int(len(block)))
            offset += len(block)
        postfile.write(b"".join(self.blocks))
        prefix = pack_ushort(fieldwriter._fieldid)
        _add_in_order(fieldwriter._tindex, [prefix + key for key in self.keys], entries)
        self.keys, self.terminfos, self.blocks = [], [], []


_byte_of_length = lru_cache(maxsize=None)(length_to_byte)


def _add_in_order(tindex, keys: list[bytes], values: list[bytes]) -> None:
    """``OrderedHashWriter.add(key, value)`` for each pair (keys increasing), in one write."""
    if keys[0] <= tindex.lastkey:
        raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{keys[0]!r}")
    position, hashfn, buckets, note_position = tindex.dbfile.tell(), tindex.hashfn, tindex.buckets, tindex.index.append
    parts = []
    for key, value in zip(keys, values):
        note_position(position)
        hashed = hashfn(key)
        buckets[hashed & 255].append((hashed, position))
        header = _KEY_VALUE_LENGTHS.pack(len(key), len(value))
        parts += (header, key, value)
        position += len(header) + len(key) + len(value)
    tindex.dbfile.write(b"".join(parts))
    tindex.lastkey = keys[-1]


def _lengths(lengths, fieldname: str, doc_count: int) -> list[int]:
    """Each document's length of ``fieldname`` as the segment's length column gives it back
    (quantised to a byte), what Whoosh's writer hands its postings writer."""
    column = _lenfield(fieldname)
    if not doc_count or not lengths.has_column(column):
        return [0] * doc_count
    codes = lengths.column_reader(column, LENGTHS_COLUMN)
    return [_LENGTH_OF_BYTE[code] if code else 0 for code in codes]


def finish_segment(writer: SegmentWriter):
    """The segment ``writer`` wrote, to be added by the indexer's commit (None if empty).

    As Whoosh's own multi-process writer does (whoosh.multiproc, multisegment=True). Not
    ``_finish()``: it would delete the temporary folder every writer of the index shares;
    the indexer's commit does.
    """
    segment = writer._finalize_segment() if writer._added else None
    if segment is None:
        writer._close_segment()
    return segment
