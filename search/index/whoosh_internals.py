"""Every access to Whoosh's private parts, in one place.

whoosh-reloaded is pinned at 2.7.5 and ``tests/test_evaluation.py`` guards what is read
here; anything that is not Whoosh's own codec falls back on the public (slower) interfaces.
"""

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
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
