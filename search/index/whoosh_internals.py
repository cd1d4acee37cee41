"""Every access to Whoosh's private parts, in one place.

whoosh-reloaded is pinned at 2.7.5 and ``tests/test_evaluation.py`` guards what is read
here; anything that is not Whoosh's own codec falls back on the public (slower) interfaces.
"""

import io
import pickle
import struct
import zlib
from array import array

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3TermsReader, _lenfield
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


def all_postings(segment, fieldnames) -> tuple[list[tuple[str, bytes]], np.ndarray, np.ndarray, np.ndarray] | None:
    """Every posting of the ``fieldnames`` in one segment, read straight from Whoosh's
    postings file in one pass: ``(terms, starts, docnums, weights)``, term ``i``'s
    postings being ``docnums[starts[i]:starts[i + 1]]`` (in order) and their weights.
    None for a segment not written by Whoosh's own codec.

    The file holds each term's postings as blocks (``W3PostingsWriter._write_block``): a
    length (negative for the last block), a pickled info tuple (count, last id, max
    weight, compression, lengths), then the pickled (zlib-compressed) tuple of the ids
    (each block's delta-encoded from 0), the weights (None for all 1.0, one float for all
    alike) and the values. The ids of all blocks are undone at once with numpy.
    """
    terms_reader = getattr(segment, "_terms", None)
    if type(terms_reader) is not W3TermsReader:
        return None
    wanted = set(fieldnames)
    postfile = terms_reader._postfile
    loads, decompress, unpack_length = pickle.loads, zlib.decompress, struct.Struct("!i").unpack_from
    terms, starts, block_ends = [], [0], []
    deltas, weights = array("I"), array("f")
    for (fieldname, tbytes), terminfo in terms_reader.items():
        if fieldname not in wanted:
            continue
        if terminfo.is_inlined():  # never written so by Whoosh 2.7 (inlinelimit=1), but readable
            ids, term_weights, _ = terminfo.inlined_postings()
            deltas.extend(np.diff(np.asarray(ids, dtype=np.int64), prepend=0).tolist())
            weights.extend(term_weights)
            block_ends.append(len(deltas))
        else:
            offset, length = terminfo.extent()
            data = postfile.get(offset, length[0] if isinstance(length, tuple) else length)
            if data[:4] != WHOOSH3_HEADER_MAGIC:
                raise ValueError(f"postings of {fieldname}:{tbytes!r} do not start with Whoosh's block tag")
            view, position, last = memoryview(data), 4, False
            while not last:
                (block_length,) = unpack_length(data, position)
                position += 4
                last = block_length < 0
                end = position + abs(block_length)
                block = io.BytesIO(view[position:end])
                count, _, _, compression, _, _ = pickle.load(block)
                packed = view[position + block.tell():end]
                block_ids, block_weights, _ = loads(decompress(packed) if compression else packed)
                deltas.extend(block_ids)
                if block_weights is None:
                    weights.extend([1.0] * count)
                elif isinstance(block_weights, float):
                    weights.extend([block_weights] * count)
                else:
                    weights.extend(block_weights)
                block_ends.append(len(deltas))
                position = end
        terms.append((fieldname, tbytes))
        starts.append(len(deltas))
    # Each block's ids are a running sum of its deltas: one cumulative sum over all, less
    # the sum reached before the block began. In 32 bits, wrapping around: the difference
    # is right modulo 2**32, and a document number is below 2**31.
    running = np.cumsum(np.frombuffer(deltas, dtype=np.uint32), dtype=np.uint32)
    if block_ends:
        ends = np.array(block_ends, dtype=np.int64)
        before = np.concatenate((np.zeros(1, dtype=np.uint32), running[ends[:-1] - 1]))
        running -= np.repeat(before, np.diff(ends, prepend=0))
    return terms, np.array(starts, dtype=np.int64), running.view(np.int32), np.frombuffer(weights, dtype=np.float32)


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
