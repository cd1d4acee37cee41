"""The bulk segment writer writes what Whoosh's own writer writes, only faster."""

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser
from whoosh.writing import SegmentWriter

from conftest import DANTRI, need_shared
from search.index.documents import document_for
from search.index.postings import SUFFIX, write_as_flushed, write_missing
from search.index.schema import make_schema
from search.index import whoosh_internals
from search.index.whoosh_internals import BulkSegmentWriter
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin


@pytest.fixture(scope="module")
def documents():
    """Whoosh documents of 300 Dân trí articles picked with a fixed seed (common words are
    in more than a block of 128 postings)."""
    sources, _ = scan_corpus(need_shared(DANTRI), known={}, warnings=[], keys=set())
    picked = random.Random(7).sample(sorted(sources, key=lambda source: source.id), 300)
    return [document_for(read_bulletin(source)[0]) for source in picked]


def _write(folder: Path, writer_class, documents, deleted=()) -> Path:
    """An index of ``documents`` in three commits (the third merging the first two
    segments, less ``deleted``), written by ``writer_class``."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    for part in (documents[:100], documents[100:200]):
        writer = writer_class(ix, compound=False)
        for document in part:
            writer.add_document(**document)
        writer.commit()
    writer = writer_class(ix, compound=False)
    for doc_id in deleted:
        writer.delete_by_term("id", doc_id)
    for document in documents[200:]:
        writer.add_document(**document)
    writer.commit(optimize=True)
    return folder


def _segment_files(folder: Path, extension: str) -> list[bytes]:
    return [path.read_bytes() for path in sorted(folder.glob(f"*.{extension}"))]


@pytest.mark.parametrize("chunk", [whoosh_internals.CHUNK_POSTINGS, 997])
def test_segments_are_whooshs_own_byte_for_byte(tmp_path, documents, chunk, monkeypatch):
    """Compressing every block as Whoosh's writer does, the files are the same bytes."""
    monkeypatch.setattr(whoosh_internals, "CHUNK_POSTINGS", chunk)  # the postings taken out in runs of terms
    monkeypatch.setattr(whoosh_internals, "MIN_COMPRESSED_BYTES", 0)
    ours = _write(tmp_path / "bulk", BulkSegmentWriter, documents)
    whooshs = _write(tmp_path / "whoosh", SegmentWriter, documents)
    for extension in ("trm", "pst"):
        assert _segment_files(ours, extension) == _segment_files(whooshs, extension)
        assert _segment_files(ours, extension)  # there was something to compare


def test_whoosh_reads_what_it_would_have_written_small_blocks_uncompressed(tmp_path, documents):
    """As written (small blocks not compressed), merging segments with deleted documents
    (which renumbers them) included: every term's statistics, and its postings, weights,
    values and positions, read by Whoosh, are those of Whoosh's own writer; and Whoosh
    searches it alike."""
    deleted = [document["id"] for document in documents[10:195:7]]
    ours = whoosh_index.open_dir(str(_write(tmp_path / "bulk", BulkSegmentWriter, documents, deleted)))
    whooshs = whoosh_index.open_dir(str(_write(tmp_path / "whoosh", SegmentWriter, documents, deleted)))
    assert _segment_files(tmp_path / "bulk", "pst") != _segment_files(tmp_path / "whoosh", "pst")
    with ours.reader() as reader, whooshs.reader() as expected:
        assert reader.doc_count() == expected.doc_count() == len(documents) - len(deleted)
        terms = list(expected.all_terms())
        assert list(reader.all_terms()) == terms
        for fieldname, text in terms:
            got, want = reader.term_info(fieldname, text), expected.term_info(fieldname, text)
            assert (got.weight(), got.doc_frequency(), got.min_length(), got.max_length(), got.max_weight(),
                    got.min_id(), got.max_id()) == (want.weight(), want.doc_frequency(), want.min_length(),
                                                    want.max_length(), want.max_weight(), want.min_id(),
                                                    want.max_id())
        for fieldname, text in terms[::7]:
            got, want = reader.postings(fieldname, text), expected.postings(fieldname, text)
            assert list(got.items_as("weight")) == list(want.items_as("weight"))
            assert _ids_and_values(reader.postings(fieldname, text)) == _ids_and_values(expected.postings(fieldname, text))
            if fieldname in ("body", "title", "folded"):
                got, want = reader.postings(fieldname, text), expected.postings(fieldname, text)
                assert list(got.items_as("positions")) == list(want.items_as("positions"))
    with ours.searcher() as searcher, whooshs.searcher() as expected:
        for words in ("hội nghị", "chính phủ", "kinh tế xã hội"):
            query = QueryParser("body", ours.schema).parse(f'"{words}"')
            hits = [(hit["id"], hit.score) for hit in expected.search(query, limit=20)]
            assert hits and [(hit["id"], hit.score) for hit in searcher.search(query, limit=20)] == hits


def _ids_and_values(matcher) -> list:
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.value()))
        matcher.next()
    return found


@pytest.mark.parametrize("chunk", [whoosh_internals.CHUNK_POSTINGS, 997])
def test_postings_files_written_at_flush_are_those_read_back_from_whoosh(tmp_path, documents, chunk, monkeypatch):
    """The postings arrays beside each segment, written from the writer's memory (for a
    merged segment, from the merged postings' values), are the files read back from
    Whoosh's own files would be, byte for byte."""
    monkeypatch.setattr(whoosh_internals, "CHUNK_POSTINGS", chunk)
    folder = tmp_path / "index"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    for part in (documents[:150], documents[150:]):
        writer = BulkSegmentWriter(ix, write_as_flushed, compound=False)
        for document in part:
            writer.add_document(**document)
        writer.commit()
    _assert_written_again_alike(ix, folder, segments=2)
    writer = BulkSegmentWriter(ix, write_as_flushed, compound=False)
    for document in documents[3:150:5]:
        writer.delete_by_term("id", document["id"])
    writer.commit(optimize=True)  # merges both segments, less the deleted documents
    _assert_written_again_alike(ix, folder, segments=1)


def _assert_written_again_alike(ix, folder: Path, segments: int) -> None:
    flushed = {path.name: path.read_bytes() for path in folder.glob(f"*{SUFFIX}")}
    assert len(flushed) == segments
    for path in folder.glob(f"*{SUFFIX}"):
        path.unlink()
    with ix.reader() as reader:
        assert write_missing(reader) == segments
    assert {path.name: path.read_bytes() for path in folder.glob(f"*{SUFFIX}")} == flushed
