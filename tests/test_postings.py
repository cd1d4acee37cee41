"""Each segment's postings as arrays beside it (search/index/postings.py): exactly what
Whoosh's own reader gives, for every term, written for every segment an update leaves,
gone with the segments Whoosh merges away."""

import numpy as np
from whoosh import index as whoosh_index

from conftest import copy_seeds
from search import update_index
from search.index.generations import live_generation
from search.index.postings import FIELDS, POSITIONAL, SUFFIX, SegmentPostings, sidecar_path, write_missing
from search.index.whoosh_internals import segment_location, segment_postings


def _segments_and_files(generation):
    ix = whoosh_index.open_dir(str(generation))
    reader = ix.reader()
    return reader, [(segment, SegmentPostings.open(*segment_location(segment)))
                    for segment, _ in reader.leaf_readers()]


def test_every_term_reads_as_whoosh_reads_it(seed_index):
    reader, segments = _segments_and_files(live_generation(seed_index))
    for segment, postings in segments:
        assert postings is not None and postings.positional == set(POSITIONAL)
        terms = 0
        for fieldname in FIELDS:
            for tbytes in segment.lexicon(fieldname):
                ids, weights = segment_postings(segment.postings(fieldname, tbytes))
                found = postings.get(fieldname, tbytes)
                assert found is not None, (fieldname, tbytes)
                assert np.array_equal(found[0], ids) and np.array_equal(found[1], weights), (fieldname, tbytes)
                assert found[1].dtype == np.float32
                if fieldname in POSITIONAL:
                    assert _positions_by_whoosh(segment, fieldname, tbytes) == _positions_from_file(
                        postings, postings.find(fieldname, tbytes)), (fieldname, tbytes)
                terms += 1
        assert terms == len(postings) > 1000
        assert postings.get("body", "không có từ nàyxyz".encode()) is None
        assert postings.get("title", "tuyên".encode()) is not None and postings.get("id", b"x") is None
    reader.close()


def _positions_by_whoosh(segment, fieldname, tbytes) -> list[list[int]]:
    matcher, found = segment.postings(fieldname, tbytes), []
    while matcher.is_active():
        found.append(list(matcher.value_as("positions")))
        matcher.next()
    return found


def _positions_from_file(postings, term) -> list[list[int]]:
    _, weights = postings.postings(term)
    flat, found, start = postings.positions(term).tolist(), [], 0
    for count in weights.astype(int):
        found.append(flat[start:start + count])
        start += count
    assert start == len(flat)
    return found


def test_every_segment_an_update_leaves_has_its_file_and_no_other_is_left(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    for round_number in range(3):  # small segments, merged by Whoosh on the way
        (corpus / f"moi-{round_number}.txt").write_text(f"Hội nghị tuyên giáo lần {round_number}.\n",
                                                        encoding="utf-8")
        update_index(corpus, index_dir, workers=1)
    generation = live_generation(index_dir)
    reader, segments = _segments_and_files(generation)
    assert all(postings is not None for _, postings in segments)
    expected = {sidecar_path(*segment_location(segment)).name for segment, _ in segments}
    assert {path.name for path in generation.glob("*" + SUFFIX)} == expected
    reader.close()


def test_a_segment_without_its_file_is_read_through_whoosh(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    generation = live_generation(index_dir)
    for path in generation.glob("*" + SUFFIX):
        path.unlink()
    reader, segments = _segments_and_files(generation)
    assert all(postings is None for _, postings in segments)
    assert write_missing(reader) == len(segments)
    reader.close()
    reader, segments = _segments_and_files(generation)
    assert all(postings is not None for _, postings in segments)
    reader.close()


def test_a_damaged_file_is_not_read(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    for path in live_generation(index_dir).glob("*" + SUFFIX):
        path.write_bytes(b"not a postings file")
    reader, segments = _segments_and_files(live_generation(index_dir))
    assert all(postings is None for _, postings in segments)
    reader.close()


def test_read_in_runs_the_file_is_the_same_byte_for_byte(tmp_path, monkeypatch):
    """A large segment is read in runs of terms (bounded memory): the file does not depend
    on where the runs end."""
    import functools

    from search.index import postings as postings_module
    from search.index.whoosh_internals import all_postings

    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    generation = live_generation(index_dir)
    reader, segments = _segments_and_files(generation)
    segment = segments[0][0]
    whole = sidecar_path(*segment_location(segment)).read_bytes()
    monkeypatch.setattr(postings_module, "all_postings", functools.partial(all_postings, run_postings=700))
    assert postings_module.write_segment(segment, *segment_location(segment))
    assert sidecar_path(*segment_location(segment)).read_bytes() == whole
    assert len(list(all_postings(segment, FIELDS, POSITIONAL, run_postings=700))) > 10
    reader.close()
