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
from pathlib import Path
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3TermsReader, _lenfield
from whoosh.filedb.structfile import StructFile
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


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


def segment_writer(ix, limitmb: int) -> SegmentWriter:
    """A writer of one new segment of ``ix`` that takes no index lock: several processes
    write segments side by side and the indexer's own writer commits them together."""
    return SegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False)


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
