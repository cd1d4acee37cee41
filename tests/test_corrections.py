"""Staff corrections in the corpus's _corrections.toml: applied on the next index, re-read only where an
entry changed, and a line that cannot be used is a warning naming it, never a traceback nor a lost bulletin."""

import datetime as dt
import os
import subprocess
import sys

from conftest import ROOT
from search import Engine, update_index
from search.ingest import files
from search.ingest.corrections import read_corrections
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin
from test_ingest import BULLETIN, write

BA_DINH = BULLETIN  # Quận ủy Ba Đình, 29/9/2022, Chỉ thị 05-CT/TW
GIA_LAM = ("Hội nghị báo cáo viên quý IV năm 2023\n\nSáng ngày 12/12/2023, Ban Tuyên giáo Huyện ủy Gia Lâm tổ chức "
           "hội nghị báo cáo viên quý IV, thông tin chuyên đề về sáp nhập thôn xóm.\n")
SOC_SON = GIA_LAM.replace("Gia Lâm", "Sóc Sơn").replace("12/12/2023", "5/12/2023")


def corpus_of(tmp_path, corrections: str | None = None):
    corpus = tmp_path / "corpus"
    write(corpus / "quan" / "ba-dinh.txt", BA_DINH)
    write(corpus / "huyen" / "gia-lam.txt", GIA_LAM)
    write(corpus / "huyen" / "soc-son.txt", SOC_SON)
    if corrections is not None:
        write(corpus / "_corrections.toml", corrections)
    return corpus


def document(index_dir, doc_id):
    engine = Engine(index_dir)
    try:
        return engine.document(doc_id)
    finally:
        engine.close()


def read_with_corrections(corpus):
    corrections = read_corrections(corpus)
    sources, skipped = scan_corpus(corpus, keys=corrections.keys())
    warnings = corrections.warnings + corrections.attach(sources, skipped)
    return {source.id: read_bulletin(source)[0] for source in sources}, warnings


CORRECTED = '''# Đính chính của biên tập viên
["quan/ba-dinh"]
title = "Sơ kết công tác tuyên giáo 9 tháng năm 2022 của Quận ủy Ba Đình"
date = 2022-09-30
directives = ["05-CT/TW", "Kết luận 01-KL/TW"]
people = ["Nguyễn Công Thành"]

["huyen/gia-lam"]
unit = "Ban Tuyên giáo Thành ủy Hà Nội"
published = "2023-12-13"
url = "https://tuyengiao.hanoi.gov.vn/tin/gia-lam.html"
'''


def test_corrections_beat_the_text_and_say_so(tmp_path):
    corpus, index_dir = corpus_of(tmp_path, CORRECTED), tmp_path / "index"
    report = update_index(corpus, index_dir, workers=1)
    assert report.documents == 3 and not report.warnings and not report.skipped

    ba_dinh = document(index_dir, "quan/ba-dinh")
    assert ba_dinh["title"] == "Sơ kết công tác tuyên giáo 9 tháng năm 2022 của Quận ủy Ba Đình"
    assert (ba_dinh["date"], ba_dinh["year"]) == ("2022-09-30", 2022)
    assert ba_dinh["directives"] == ["Chỉ thị 05-CT/TW", "Kết luận 01-KL/TW"]  # canonical labels
    assert ba_dinh["people"] == ["Nguyễn Công Thành"]
    for field in ("title", "date", "year", "directives", "people"):
        assert ba_dinh["provenance"][field] == "corrections", field
    assert ba_dinh["provenance"]["unit"] == "text"

    gia_lam = document(index_dir, "huyen/gia-lam")
    assert gia_lam["unit"] == "Ban Tuyên giáo Thành ủy Hà Nội" and gia_lam["published"] == "2023-12-13"
    assert gia_lam["url"] == "https://tuyengiao.hanoi.gov.vn/tin/gia-lam.html"
    # the level follows the corrected unit, and so does the province
    assert (gia_lam["level"], gia_lam["province"]) == ("thành phố", "Hà Nội")
    assert gia_lam["provenance"]["unit"] == gia_lam["provenance"]["level"] == "corrections"

    engine = Engine(index_dir)
    try:
        units = {value.value for value in engine.search("").facets["unit"]}
    finally:
        engine.close()
    assert "Ban Tuyên giáo Thành ủy Hà Nội" in units and "Ban Tuyên giáo Huyện ủy Gia Lâm" not in units


def test_an_empty_value_clears_a_field_and_a_year_drops_a_day_of_another_year(tmp_path):
    corpus = corpus_of(tmp_path, '["huyen/soc-son"]\nunit = ""\ndirectives = []\n\n'
                                 '["huyen/gia-lam"]\nyear = 2024\nlevel = "Huyen"\nprovince = "ha noi"\n')
    bulletins, warnings = read_with_corrections(corpus)
    assert not warnings
    soc_son = bulletins["huyen/soc-son"]
    assert soc_son.unit is None and soc_son.level is None and soc_son.province is None
    assert soc_son.provenance["unit"] == "corrections"  # named although cleared
    gia_lam = bulletins["huyen/gia-lam"]
    assert (gia_lam.year, gia_lam.date) == (2024, None)  # 12/12/2023 is not a day of 2024
    assert (gia_lam.level, gia_lam.province) == ("huyện", "Hà Nội")
    assert "date" not in gia_lam.provenance


def test_an_edited_correction_re_reads_only_its_bulletin(tmp_path, monkeypatch):
    corpus, index_dir = corpus_of(tmp_path, CORRECTED), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    opened = []
    read_file_bytes = files.read_file_bytes
    monkeypatch.setattr(files, "read_file_bytes", lambda path, *more: opened.append(os.path.basename(path)) or read_file_bytes(path, *more))

    again = update_index(corpus, index_dir, workers=1)
    assert (again.updated, again.unchanged, opened) == (0, 3, [])

    (corpus / "_corrections.toml").write_text(CORRECTED.replace("2022-09-30", "2022-10-01"), encoding="utf-8")
    edited = update_index(corpus, index_dir, workers=1)
    assert (edited.updated, edited.unchanged, opened) == (1, 2, ["ba-dinh.txt"])
    assert document(index_dir, "quan/ba-dinh")["date"] == "2022-10-01"

    opened.clear()  # the first entry taken away, a new one for another bulletin, the second one as it was
    gia_lam = CORRECTED[CORRECTED.index('["huyen/gia-lam"]'):]
    (corpus / "_corrections.toml").write_text('["huyen/soc-son"]\ntitle = "Tiêu đề đã sửa"\n\n' + gia_lam,
                                              encoding="utf-8")
    moved = update_index(corpus, index_dir, workers=1)
    assert (moved.updated, moved.unchanged) == (2, 1) and sorted(opened) == ["ba-dinh.txt", "soc-son.txt"]
    assert document(index_dir, "quan/ba-dinh")["date"] == "2022-09-29"  # the text's own date again
    assert document(index_dir, "quan/ba-dinh")["provenance"]["date"] == "text"
    assert document(index_dir, "huyen/soc-son")["title"] == "Tiêu đề đã sửa"

    opened.clear()
    update_index(corpus, index_dir, workers=1)
    assert opened == []


BAD = '''title = "ngoài bảng"

["quan/ba-dinh"]
tieu_de = "trường không có"
date = 2022-13-45x
published = "hôm qua"
year = 1800
level = "thôn"
province = "Xứ Đông"
people = [1, 2]
unit = "Ban Tuyên giáo Quận ủy Ba Đình (đã sửa)"

["khong/co-ban-tin-nay"]
title = "Không có bản tin nào như thế"

[huyen/gia-lam]
title = "cần ngoặc kép"

["huyen/soc-son"]
title = "Sóc Sơn (đã sửa)"
ngay = 2023-12-05

["huyen/soc-son"]
title = "lần thứ hai"

[[mang]]
title = "x"
'''


def test_lines_that_cannot_be_used_are_warnings_naming_them(tmp_path):
    corpus, index_dir = corpus_of(tmp_path, BAD), tmp_path / "index"
    report = update_index(corpus, index_dir, workers=1)
    assert report.documents == 3 and not report.skipped
    warned = "\n".join(report.warnings)
    assert "_corrections.toml dòng 1: giá trị nằm ngoài bảng" in warned
    assert "_corrections.toml dòng 5: không đọc được" in warned  # the bad date breaks the TOML: the table is left out
    assert "_corrections.toml dòng 13: không có bản tin 'khong/co-ban-tin-nay'" in warned
    assert "_corrections.toml dòng 16: không đọc được" in warned and "ngoặc kép" in warned
    assert "_corrections.toml dòng 21: không đính chính được trường 'ngay'" in warned
    assert "_corrections.toml dòng 23: bản tin 'huyen/soc-son' đã được đính chính ở dòng 19" in warned
    assert "_corrections.toml dòng 26: mỗi bản tin là một bảng" in warned
    # the good line of a table with a bad one still applies
    assert document(index_dir, "huyen/soc-son")["title"] == "Sóc Sơn (đã sửa)"
    assert document(index_dir, "quan/ba-dinh")["provenance"]["title"] == "text"

    fixed_date = BAD.replace("2022-13-45x", "2022-13-45")  # a TOML string-free date TOML itself refuses
    (corpus / "_corrections.toml").write_text(fixed_date.replace("date = 2022-13-45", 'date = "45/13/2022"'),
                                              encoding="utf-8")
    report = update_index(corpus, index_dir, workers=1)
    warned = "\n".join(report.warnings)
    assert "dòng 4: không đính chính được trường 'tieu_de'" in warned
    assert "dòng 5: date: ngày '45/13/2022' không hợp lệ (viết YYYY-MM-DD" in warned
    assert "dòng 6: published: ngày 'hôm qua' không hợp lệ" in warned
    assert "dòng 7: year: năm 1800 không hợp lệ" in warned
    assert "dòng 8: level: cấp 'thôn' không có" in warned
    assert "dòng 9: province: không biết tỉnh/thành phố 'Xứ Đông'" in warned
    assert "dòng 10: people: phải là danh sách chữ" in warned
    ba_dinh = document(index_dir, "quan/ba-dinh")
    assert ba_dinh["unit"] == "Ban Tuyên giáo Quận ủy Ba Đình (đã sửa)"  # the good line applies
    assert ba_dinh["date"] == "2022-09-29" and ba_dinh["provenance"]["date"] == "text"


def test_the_command_line_prints_the_warnings_and_indexes_every_bulletin(tmp_path):
    corpus = corpus_of(tmp_path, BAD)
    done = subprocess.run([sys.executable, "-m", "cli", "index", "--corpus", str(corpus), "--index",
                           str(tmp_path / "index"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "cảnh báo _corrections.toml dòng 13: không có bản tin 'khong/co-ban-tin-nay'" in done.stderr
    assert "3 bản tin trong chỉ mục: thêm 3" in done.stdout


def test_an_unreadable_corrections_file_is_one_warning(tmp_path):
    corpus = corpus_of(tmp_path)
    write(corpus / "_corrections.toml", b"\xff\xfe not utf-8 \x81")
    bulletins, warnings = read_with_corrections(corpus)
    assert len(bulletins) == 3
    assert warnings == ["_corrections.toml: không đọc được (không phải UTF-8); không đính chính nào được áp dụng"]


def test_a_corrected_date_may_be_written_as_text_or_a_toml_date(tmp_path):
    corpus = corpus_of(tmp_path, '["quan/ba-dinh"]\ndate = "30/09/2022"\n["huyen/gia-lam"]\ndate = 2023-12-11\n')
    bulletins, warnings = read_with_corrections(corpus)
    assert not warnings
    assert bulletins["quan/ba-dinh"].date == dt.date(2022, 9, 30)
    assert bulletins["huyen/gia-lam"].date == dt.date(2023, 12, 11)
