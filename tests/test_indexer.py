"""Building and updating the index: incremental, atomic, one writer at a time."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from whoosh.filedb.filestore import FileStorage

from conftest import DANTRI, ROOT, copy_seeds, need_shared
from search.index import build, generations
from search.index.workers import AnalysisPool
from search.ingest import files
from search import IndexBusy, IndexWriteFailed, update_index
from search import Engine

NEW_BULLETIN = ("Hội nghị báo cáo viên quý IV năm 2023\n\nSáng ngày 12/12/2023, Ban Tuyên giáo Huyện ủy "
                "Sóc Sơn tổ chức hội nghị báo cáo viên quý IV, thông tin chuyên đề về sáp nhập thôn xóm.\n")


def hits(index_dir, query, **filters):
    engine = Engine(index_dir)
    try:
        return {hit.id for hit in engine.search(query, per_page=100, **filters).hits}
    finally:
        engine.close()


@pytest.mark.parametrize("workers", [1, 2])  # 2: pyvi loads in a worker while the corpus is scanned
def test_update_reads_only_what_changed(tmp_path, workers):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    first = update_index(corpus, index_dir, workers=workers)
    assert (first.added, first.documents) == (5, 5)

    again = update_index(corpus, index_dir, workers=workers)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)

    (corpus / "moi.txt").write_text(NEW_BULLETIN, encoding="utf-8")
    changed = corpus / "004_c1a92cc1975631cc.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Gia Lâm", "Gia Lâm (Hà Nội) sáp nhập"),
                       encoding="utf-8")
    (corpus / "001_ce4fcaa25c1ddba7.txt").unlink()
    report = update_index(corpus, index_dir, workers=workers)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert report.documents == 5
    assert hits(index_dir, "sáp nhập") == {"moi", "004_c1a92cc1975631cc"}
    assert "001_ce4fcaa25c1ddba7" not in hits(index_dir, "tuyên giáo")


def test_an_update_reads_no_unchanged_file_yet_sees_a_same_size_edit(tmp_path, monkeypatch):
    """Unchanged files are not even opened (an update of a large corpus must not read it
    all), but an edit that keeps the size and puts the old modification time back is seen."""
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    edited = corpus / "002_2fbd65798a9931f3.txt"
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    assert "hội nghị" in text
    edited.write_text(text.replace("hội nghị", "HỘI NGHỊ", 1), encoding="utf-8")  # same size in UTF-8
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size and edited.stat().st_mtime_ns == before.st_mtime_ns

    opened = []
    read_file_bytes = files.read_file_bytes
    monkeypatch.setattr(files, "read_file_bytes",
                        lambda path, *root: opened.append(os.path.basename(path)) or read_file_bytes(path, *root))
    report = update_index(corpus, index_dir, workers=1)
    assert set(opened) == {edited.name}
    assert (report.updated, report.unchanged) == (1, 4)


def test_touched_files_are_read_once_then_known_again(tmp_path, monkeypatch):
    """Files copied or touched (new times, same bytes) are read by the next update, which
    finds them unchanged and remembers their new stamps: the update after reads nothing."""
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    for path in corpus.glob("*.txt"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    opened = []
    read_file_bytes = files.read_file_bytes
    monkeypatch.setattr(files, "read_file_bytes",
                        lambda path, *root: opened.append(os.path.basename(path)) or read_file_bytes(path, *root))
    assert update_index(corpus, index_dir, workers=1).unchanged == 5
    assert len(opened) == 5
    opened.clear()
    assert update_index(corpus, index_dir, workers=1).unchanged == 5
    assert opened == []


def test_a_file_that_breaks_keeps_its_indexed_version(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    (corpus / "003_2fa3e06238549911.txt").write_bytes(b"\x00\x01binary garbage\xff" * 50)
    report = update_index(corpus, index_dir, workers=1)
    assert [skip.path for skip in report.skipped] == ["003_2fa3e06238549911.txt"]
    assert "nhị phân" in report.skipped[0].reason
    assert report.removed == 0
    assert "003_2fa3e06238549911" in hits(index_dir, "Ba Đình")


def test_a_failed_update_leaves_the_previous_index_live(tmp_path, monkeypatch):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    live_before = generations.live_generation(index_dir)
    (corpus / "moi.txt").write_text(NEW_BULLETIN, encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("whoosh.writing.SegmentWriter.commit", disk_full)
    with pytest.raises(IndexWriteFailed, match="ổ đĩa đầy"):
        update_index(corpus, index_dir, workers=1)
    monkeypatch.undo()
    assert generations.live_generation(index_dir) == live_before
    assert list(index_dir.glob("gen-*")) == [live_before], "the partial generation was removed"
    assert len(hits(index_dir, "tuyên giáo")) == 5
    assert update_index(corpus, index_dir, workers=1).added == 1
    assert hits(index_dir, "Sóc Sơn") == {"moi"}


def test_a_second_update_refuses_while_one_runs(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    held = FileStorage(str(index_dir)).lock(build.LOCK_NAME)
    assert held.acquire(blocking=False)
    try:
        with pytest.raises(IndexBusy, match="một lệnh 'bantin index' khác"):
            update_index(corpus, index_dir, workers=1)
    finally:
        held.release()
    assert update_index(corpus, index_dir, workers=1).unchanged == 5


def test_full_rebuild_rereads_everything(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    report = update_index(corpus, index_dir, full=True, workers=1)
    assert (report.added, report.unchanged, report.documents) == (5, 0, 5)


@pytest.mark.slow
def test_a_parallel_update_replaces_bulletins_without_duplicates(tmp_path):
    """Workers write new versions into segments of their own while the old versions are
    deleted from the old segments: each bulletin must be found once, in its new version."""
    need_shared(DANTRI)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for path in sorted(DANTRI.glob("*.txt"))[:60]:
        shutil.copy(path, corpus / path.name)
    update_index(corpus, index_dir, workers=2)
    changed = sorted(corpus.glob("*.txt"))[:45]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\nBổ sung: quyết toán ngân sách xã Phù Đổng.\n",
                        encoding="utf-8")
    report = update_index(corpus, index_dir, workers=2)
    assert (report.updated, report.unchanged, report.documents) == (45, 15, 60)
    assert hits(index_dir, '"xã Phù Đổng"') == {path.stem for path in changed}
    engine = Engine(index_dir)
    try:
        assert engine.search("").total == 60
    finally:
        engine.close()


@pytest.mark.slow
def test_killed_build_leaves_the_old_index_searchable(tmp_path):
    """kill -9 in the middle of a big update: the old index still answers, the next run completes."""
    need_shared(DANTRI)
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    for path in sorted(DANTRI.glob("*.txt"))[:400]:
        shutil.copy(path, corpus / path.name)
    command = [sys.executable, "-m", "cli", "index", "--corpus", str(corpus), "--index", str(index_dir),
               "--workers", "1", "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(index_dir.glob("gen-*"))) < 2:
        time.sleep(0.05)
    time.sleep(1.5)  # well into pyvi segmentation of 400 articles
    assert process.poll() is None, "the update finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert len(hits(index_dir, "tuyên giáo")) == 5
    report = update_index(corpus, index_dir, workers=2)
    assert report.documents == 405 and report.added == 400
    assert len(list(index_dir.glob("gen-*"))) <= 2, "leftovers of the killed run were swept"


def test_an_update_of_bulletins_without_unit_or_date_keeps_search_working(tmp_path):
    """Whoosh cannot read a sortable column from a segment where no document has a value."""
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    (corpus / "ghi-chu.txt").write_text("Ghi chú nội bộ\n\nTài liệu sinh hoạt chi bộ tháng này.\n",
                                        encoding="utf-8")
    update_index(corpus, index_dir, workers=1)
    engine = Engine(index_dir)
    try:
        result = engine.search("", sort="newest", per_page=10)
        assert result.total == 6 and result.hits[-1].id == "ghi-chu"  # undated bulletins last
        assert engine.document("ghi-chu")["unit"] is None
    finally:
        engine.close()


# --- generations: names, damage, check (issue 13) ---------------------------------------------

def test_generation_names_never_repeat_and_sort_by_number(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    first = update_index(corpus, index_dir, workers=1).generation
    shutil.rmtree(index_dir)
    again = update_index(corpus, index_dir, workers=1).generation
    assert first != again and generations.generation_number(again) == 1
    later = update_index(corpus, index_dir, workers=1).generation
    assert generations.generation_number(later) == 2 and later > again


def test_a_truncated_file_is_found_by_the_manifest_and_check_index(tmp_path):
    from search import IndexDamaged, check_index

    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    live = generations.live_generation(index_dir)
    assert generations.verify_generation(live, thorough=True) == []
    assert check_index(index_dir, corpus)["corpus_matches"] is True
    postings = next(live.glob("*.pst"))
    data = postings.read_bytes()
    postings.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit: only the hash tells
    assert generations.verify_generation(live) == []
    with pytest.raises(IndexDamaged, match="SHA-256"):
        check_index(index_dir)
    postings.write_bytes(data[:100])
    assert "dài 100 byte" in generations.verify_generation(live)[0]
    report = update_index(corpus, index_dir, workers=1)  # rebuilds everything, saying why
    assert report.added == 5 and "dựng lại toàn bộ" in report.warnings[0]
    assert check_index(index_dir)["documents"] == 5


def test_a_moved_corpus_is_read_again_but_not_analysed_again(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "kho-cu"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    moved = corpus.rename(tmp_path / "kho-moi")
    report = update_index(moved, index_dir, workers=1)
    assert (report.unchanged, report.added, report.updated) == (5, 0, 0)
    assert generations.read_meta(generations.live_generation(index_dir))["corpus"] == str(moved.resolve())


def test_updates_merge_their_small_segments_but_never_the_builds(tmp_path, monkeypatch):
    """A build writes many segments; an update merges only the small segments of earlier
    updates, once there are MERGE_FANIN of a size (Whoosh's own policy would merge most of the
    build's, in pure Python: minutes and gigabytes at 100,000 bulletins; merging every small
    segment at every update rewrote up to a thousand bulletins each time)."""
    from collections import Counter

    from whoosh import index as whoosh_index

    from search.index import workers

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(need_shared(DANTRI).glob("*.txt"))[:40]:
        shutil.copy(path, corpus / path.name)
    monkeypatch.setattr(workers, "SEGMENT_POSTINGS", 2500)  # a new segment every two or three articles
    monkeypatch.setattr(build, "SMALL_SEGMENT_DOCS", 2)
    monkeypatch.setattr(build, "MERGE_FANIN", 3)
    index_dir = tmp_path / "index"

    def segments() -> list[int]:
        ix = whoosh_index.open_dir(str(generations.live_generation(index_dir)))
        return sorted(segment.doc_count_all() for segment in ix._segments())

    update_index(corpus, index_dir, workers=1)
    built = segments()
    assert len(built) >= 12
    small_ones = []
    for round, path in enumerate(sorted(corpus.glob("*.txt"))[:6]):
        path.write_text(path.read_text(encoding="utf-8") + f"\n\nCập nhật lần {round} ngày 6/12.", encoding="utf-8")
        update_index(corpus, index_dir, workers=1)
        small_ones.append(segments().count(1))
    # Each update adds a segment of one bulletin; once three are there, the next update merges
    # them: never more than three, and six updates (with whatever the build left small) merged
    # some. Every segment of the build holding two or more bulletins stays (its changed ones
    # deleted in place).
    assert max(small_ones) <= 3 and min(small_ones[2:]) < 3
    assert len(segments()) < len(built) + 6
    assert not Counter(size for size in built if size >= 2) - Counter(segments())
    engine = Engine(index_dir)
    assert engine.search('"cập nhật lần"').total == 6
    engine.close()


def test_an_update_of_a_large_index_reads_its_few_changed_files_in_a_warm_helper(tmp_path, monkeypatch):
    """Above WARM_HELPER_DOCUMENTS bulletins, a helper process loads the analysis's data while
    the corpus is scanned and then reads the changed files: the update is the one made here."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(need_shared(DANTRI).glob("*.txt"))[:12]:
        shutil.copy(path, corpus / path.name)
    with_helper, without = tmp_path / "with-helper", tmp_path / "without"
    for index_dir in (with_helper, without):
        update_index(corpus, index_dir, workers=2)
    changed, removed = sorted(corpus.glob("*.txt"))[:2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nCập nhật: hội nghị sơ kết quý III.", encoding="utf-8")
    removed.unlink()
    (corpus / "moi.txt").write_text("Sáng 5/4, Ban Tuyên giáo Huyện ủy Gia Lâm tổ chức hội nghị quán triệt Chỉ thị "
                                    "05-CT/TW cho cán bộ, đảng viên.", encoding="utf-8")
    started = []
    monkeypatch.setattr(build, "AnalysisPool", lambda *args, **kwargs: started.append(kwargs) or AnalysisPool(*args, **kwargs))
    monkeypatch.setattr(build, "WARM_HELPER_DOCUMENTS", 10)
    report = update_index(corpus, with_helper, workers=2)
    monkeypatch.setattr(build, "WARM_HELPER_DOCUMENTS", 10_000)
    plain = update_index(corpus, without, workers=2)
    assert started == [{"warm": True}]  # only the first update had a helper
    assert (report.added, report.updated, report.removed) == (plain.added, plain.updated, plain.removed) == (1, 1, 1)
    for query in ("cập nhật hội nghị sơ kết", "Gia Lâm", "05-CT/TW"):
        assert hits(with_helper, query) == hits(without, query) != []
