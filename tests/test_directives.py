"""Tests for search.directives: recognising party documents cited in bulletins.

Most sentences below are quoted from the real bulletins in ../shared (seeds and
bulletins-dev, file named in the comment); a few short strings are the spellings listed
in the issue. Run with ``-s`` to see the precision/recall report on bulletins-dev.
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from search.knowledge.directives import (
    Directive,
    catalogue,
    find_directives,
    resolve_directive,
)
from search.text import compose

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "data" / "bulletins-dev"
SEEDS = SHARED / "seeds"

CT05 = "Chỉ thị 05-CT/TW"
KL01 = "Kết luận 01-KL/TW"
TW4_XI = "Nghị quyết Trung ương 4 khóa XI"


# --- numbered documents ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # seed 000: space after the dash
    ("Đẩy mạnh công tác tuyên truyền về nội dung cơ bản của Chỉ thị 05- CT/TW của Bộ Chính trị khóa XII",
     [CT05]),
    # seed 002: bare number, central issuer
    ("Tiếp tục triển khai thực hiện Chỉ thị 05 của Bộ chính trị; triển khai các Hội nghị học tập "
     "Nghị quyết Đại hội các cấp", [CT05]),
    # seed 002: lower-case kind, issuer with its term; "Chỉ thị số 05 –" resolved by the catalogue
    ("Tuyên truyền thực hiện triển khai kết luận số 01 của Bộ chính trị khóa XIII về tiếp tục thực hiện "
     "Chỉ thị số 05 – “đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách HCM”.", [KL01, CT05]),
    # 012: slash and dash swapped, then the bare "Chỉ thị 05"
    ("tổ chức Hội nghị sơ kết 3 năm thực hiện Chỉ thị 05/CT-TW của Bộ Chính trị", [CT05]),
    ("Bên cạnh đó, việc thực hiện Chỉ thị 05 cũng được các cấp, các ngành, đoàn thể, triển khai sâu rộng",
     [CT05]),
    # seed 003: code followed by its date
    ("Tăng cường hướng dẫn các TCCS Đảng triển khai thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp "
     "tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị", [KL01, CT05]),
    # issue: the spellings on their own
    ("Chỉ thị số 05", [CT05]),
    ("Chỉ thị 05 của Bộ Chính trị", [CT05]),
    ("05/CT-TW", [CT05]),
    ("05-CT/TƯ", [CT05]),
    ("Chỉ thị 5", [CT05]),
    ("Chỉ thị số 05 CT/TW", [CT05]),
    # 093: space after the dash
    ("Hội nghị sơ kết 3 năm thực hiện Kết luận số 01- KL/TW của Bộ Chính trị", [KL01]),
    # seed 003: bare number + issuer, then a local (Thành ủy) resolution glued to the closing quote
    ("Nghị quyết số 15 của Bộ Chính trị về “Phương hướng, nhiệm vụ phát triển Thủ đô đến năm 2030, tầm nhìn "
     "đến năm 2045”Nghị quyết 09-NQ/TU của Thành ủy về “Phát triển công nghiệp văn hóa",
     ["Nghị quyết 15-NQ/TW", "Nghị quyết 09-NQ/TU"]),
    # 006: bare numbers with a central issuer; the Thông tri is out of scope
    ("tình hình triển khai thực hiện Chỉ thị số 35 của Bộ Chính trị và Thông tri số 36 của Ban Thường vụ "
     "Thành ủy về chuẩn bị, tổ chức đại hội Đảng bộ các cấp", ["Chỉ thị 35-CT/TW"]),
    ("tiếp tục tuyên truyền sâu rộng về Nghị quyết 45 của Bộ Chính trị về xây dựng và phát triển thành phố "
     "Hải Phòng", ["Nghị quyết 45-NQ/TW"]),
    # 079
    ("nhằm tiếp tục thực hiện Chỉ thị 03 của Bộ Chính trị, hưởng ứng đợt sinh hoạt chính trị", ["Chỉ thị 03-CT/TW"]),
    # 046: issuer given with its term in brackets
    ("đặc biệt là thực hiện Chỉ thị số 07-CT/TW của Ban Chấp hành Trung ương (khóa XII) về “Đẩy mạnh công tác "
     "thông tin cơ sở trong tình hình mới”.", ["Chỉ thị 07-CT/TW"]),
    # 092: three directives in a row
    ("Chỉ thị số 20-CT/TW ngày 18-01-2018 của Ban Bí thư về “Tiếp tục tăng cường”; Chỉ thị số 23-CT/TW ngày "
     "9-02-2018 của Ban Bí thư về “Tiếp tục đổi mới”; Chỉ thị số 25-CT/TW ngày 8-8-2018 của Ban Bí thư",
     ["Chỉ thị 20-CT/TW", "Chỉ thị 23-CT/TW", "Chỉ thị 25-CT/TW"]),
    # 055: a local directive beside out-of-scope local plans
    ("Chỉ thị số 34-CT/TU, ngày 5-9-2019 của Ban Thường vụ Tỉnh ủy, Kế hoạch số 128-KH/TU, ngày 5-9-2019",
     ["Chỉ thị 34-CT/TU"]),
    # a date and a year between the number and its issuer
    ("Chỉ thị số 05, ngày 15/5/2016 của Bộ Chính trị", [CT05]),
    ("Nghị quyết số 08 năm 2017 của Bộ Chính trị", ["Nghị quyết 08-NQ/TW"]),
    ("Nghị quyết 05-NQ/HU của Huyện ủy", ["Nghị quyết 05-NQ/HU"]),
])
def test_numbered_documents(text, expected):
    assert find_directives(text) == expected


# --- plenum and congress resolutions ----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # seed 000: abbreviation "TW"
    ("gắn với việc triển khai thực hiện Nghị quyết TW 4 khóa XI về tăng cường xây dựng chỉnh đốn Đảng",
     [TW4_XI]),
    # issue: compact abbreviation, old-style tone mark
    ("NQTW4 khoá XI", [TW4_XI]),
    # 011: headline "NQTW4" without khóa borrows it from the full name further down
    ("Viện KHXH Việt Nam tổ chức Hội nghị phổ biến, quán triệt và triển khai NQTW4\n"
     "Dự Hội nghị: Phổ biến, quán triệt và triển khai Nghị Quyết hội Nghị Trung Ương lần thứ 4, "
     "Ban Chấp Hành Trung Ương Đảng (Khoá XI)", [TW4_XI]),
    # 078: Arabic term
    ("gắn với thực hiện Nghị quyết Trung ương 4 khóa 11.", [TW4_XI]),
    # 071: term in brackets
    ("tiếp tục đẩy mạnh tuyên truyền về thực hiện Nghị quyết TW 4 (khóa XI) về “Một số vấn đề cấp bách về "
     "xây dựng Đảng hiện nay”", [TW4_XI]),
    # 059: Roman plenum number, lower case; implementing the plenum means its resolution
    ("Đô Lương tổ chức hội nghị quán triệt triển khai hội nghị lần thứ X – BCH trung ương đảng khóa XI.",
     ["Nghị quyết Trung ương 10 khóa XI"]),
    ("Các đại biểu đã được quán triệt nội dung nghị quyết hội nghị lần thứ X – BCH trung ương đảng khóa XI",
     ["Nghị quyết Trung ương 10 khóa XI"]),
    # 009: khóa stated once for both
    ("tập trung công tác học tập, quán triệt Nghị quyết Trung ương 8, Nghị quyết Trung ương 9 khóa XII",
     ["Nghị quyết Trung ương 8 khóa XII", "Nghị quyết Trung ương 9 khóa XII"]),
    # 086: a range of plenums
    ("trọng tâm là Nghị quyết Trung ương 5 – 6 khóa XIII, chuyên đề học tập",
     ["Nghị quyết Trung ương 5 khóa XIII", "Nghị quyết Trung ương 6 khóa XIII"]),
    # 060 and 082: long form, both tone-mark styles
    ("triển khai Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII",
     ["Nghị quyết Trung ương 8 khóa XIII"]),
    ("quán triệt Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khoá XIII",
     ["Nghị quyết Trung ương 8 khóa XIII"]),
    # seed 003
    ("gắn với thực hiện Nghị quyết Trung ương 4 (khóa XIII) về xây dựng, chỉnh đốn Đảng",
     ["Nghị quyết Trung ương 4 khóa XIII"]),
    # 084: the Kết luận + Quy định of one plenum, through the catalogue aliases
    ("PHƯỜNG CẦU ÔNG LÃNH QUÁN TRIỆT THỰC HIỆN KẾT LUẬN, QUY ĐỊNH HỘI NGHỊ TRUNG ƯƠNG 4 KHÓA XIII",
     ["Kết luận 21-KL/TW", "Quy định 37-QĐ/TW"]),
    ("tổ chức Hội nghị quán triệt thực hiện Kết luận, Quy định Hội nghị lần thứ tư Ban Chấp hành Trung ương "
     "Đảng khóa XIII", ["Kết luận 21-KL/TW", "Quy định 37-QĐ/TW"]),
    # 049 and seed 003: congress resolutions
    ("triển khai thực hiện Nghị quyết Đại hội XIII của Đảng.", ["Nghị quyết Đại hội XIII"]),
    ("Công tác tuyên truyền Nghị quyết đại hội XIII của Đảng", ["Nghị quyết Đại hội XIII"]),
    # seed 000: long form, Arabic number
    ("tiếp tục tuyên truyền thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ 12 của Đảng",
     ["Nghị quyết Đại hội XII"]),
])
def test_plenum_and_congress_resolutions(text, expected):
    assert find_directives(text) == expected


# --- things that are not (in-scope) documents ---------------------------------------------

@pytest.mark.parametrize("text", [
    # 001, seed 003: generic phrases
    "phối hợp với các địa phương triển khai, quán triệt các Chỉ thị, Nghị quyết của Đảng",
    "Chủ động tham mưu sơ, tổng kết các Chỉ thị, Nghị quyết của Đảng.",
    # 014, 015: a committee named after Nghị quyết 35
    "Trưởng Ban Chỉ đạo 35 của tỉnh chủ trì hội nghị.",
    "Phó Trưởng Ban chỉ đạo 35 tỉnh Thái Nguyên đã chủ trì Hội nghị",
    "Ban Chỉ đạo 35 Thành ủy",
    # 060, 069, 038: out-of-scope kinds
    "Thực hiện Kế hoạch số 183-KH/TU ngày 28/11/2023 của tỉnh ủy Hải Dương",
    "Ban Chỉ đạo 35 cấp huyện ban hành Công văn số Số 25 -CV/BCĐ ngày 27/02/2023",
    "triển khai Đề án 04, Thông tri số 10 ngày 8-7-2016 của Ủy ban Trung ương MTTQVN",
    "Quyết định số 99-QĐ/TW",
    # 006: the plenum meeting itself, not its resolution
    "tập trung tuyên truyền kết quả Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng (khóa 12)",
    # seed 003: several plenums' Kết luận and Quy định, no single document named
    "Việc triển khai thực hiện các Kết luận, Quy định Hội nghị lần thứ tư, lần thứ năm Ban Chấp hành "
    "Trung ương Đảng (khóa XIII)",
    # 093: no plenum number
    "gắn với thực hiện Nghị quyết Trung ương khóa XI, khóa XII",
    # 082: a local committee's term
    "Uỷ viên BCH Đảng bộ phường Thị Cầu khoá XI,BCH các đoàn thể chính trị xã hội phường",
    # seed 004, 055: local congresses, national congress without its resolution
    "quán triệt Nghị quyết Đại hội đại biểu Đảng bộ huyện Gia Lâm lần thứ XXII, nhiệm kỳ 2020-2025",
    "Nghị quyết Đại hội XVII Đảng bộ thành phố",
    "tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    # state documents and other issuers
    "Chỉ thị 16/CT-TTg ngày 31/3/2020 của Thủ tướng Chính phủ",
    "thực hiện Chỉ thị 16 của Thủ tướng Chính phủ",
    "Nghị quyết 42 về xử lý nợ xấu",
    "Nghị quyết số 52/2017 của Quốc hội",
    "Chỉ thị 05 của Ủy ban nhân dân tỉnh",
    "Chỉ thị 05 của Trung ương Đoàn",
    # a speech closing a plenum is not its Kết luận
    "phát biểu kết luận Hội nghị Trung ương 4 khóa XIII",
    "Nghị quyết Trung ương 4, 5 năm qua",
    "Kế hoạch triển khai năm 2019 CT/TW",
])
def test_not_documents(text):
    assert find_directives(text) == []


def test_first_mention_order_and_no_duplicates():
    text = ("Chỉ thị 05-CT/TW của Bộ chính trị; Kết luận 01-KL/TW; thực hiện Chỉ thị 05; "
            "Nghị quyết TW 4 khóa XI ... Nghị quyết TW 4….")
    assert find_directives(text) == [CT05, KL01, TW4_XI]


def is_central(label: str) -> bool:
    """Documents of the central party, what the gold lists: /TW codes, plenums, congresses."""
    return label.endswith("/TW") or label.startswith(("Nghị quyết Trung ương ", "Nghị quyết Đại hội "))


def test_is_central():
    assert is_central(CT05)
    assert is_central("Nghị quyết Trung ương 4 khóa XI")
    assert is_central("Nghị quyết Đại hội XIII")
    assert not is_central("Nghị quyết 09-NQ/TU")
    assert not is_central("Chỉ thị 34-CT/TU")


# --- resolve_directive (the --directive filter) -----------------------------------------

@pytest.mark.parametrize("user_input, expected", [
    ("Chỉ thị 05-CT/TW", CT05),
    ("05-CT/TW", CT05),
    ("ct 05", CT05),
    ("CT05", CT05),
    ("chi thi 05", CT05),
    ("CHỈ THỊ 05", CT05),
    ("Chỉ thị số 05-CT/TW", CT05),
    ("chỉ thị 05/ct-tw", CT05),
    ("kl 01", KL01),
    ("ket luan so 01", KL01),
    ("nghi quyet trung uong 4 khoa xi", TW4_XI),
    ("NQTW4 khoá XI", TW4_XI),
    ("Nghị quyết TW 4 (khóa 11)", TW4_XI),
    ("nghị quyết đại hội 13", "Nghị quyết Đại hội XIII"),
    ("qd 37", "Quy định 37-QĐ/TW"),
    ("nq 45", "Nghị quyết 45-NQ/TW"),
    ("Nghị quyết 09-NQ/TU", "Nghị quyết 09-NQ/TU"),
    ("nghi quyet 57-nq/tw", "Nghị quyết 57-NQ/TW"),
])
def test_resolve_directive(user_input, expected):
    assert resolve_directive(user_input) == expected


@pytest.mark.parametrize("user_input", ["", "   ", "xyz", "05", "Chỉ thị 99", "Ban chỉ đạo 35", "Kế hoạch 183-KH/TU"])
def test_resolve_directive_unknown(user_input):
    assert resolve_directive(user_input) is None


# --- catalogue ------------------------------------------------------------------------------

REQUIRED = [
    "Chỉ thị 05-CT/TW", "Chỉ thị 03-CT/TW", "Chỉ thị 35-CT/TW", "Kết luận 01-KL/TW", "Nghị quyết 15-NQ/TW",
    "Nghị quyết 35-NQ/TW", "Nghị quyết 29-NQ/TW", "Kết luận 21-KL/TW", "Quy định 37-QĐ/TW", "Chỉ thị 07-CT/TW",
    "Nghị quyết 42-NQ/TW", "Nghị quyết 43-NQ/TW", "Nghị quyết 45-NQ/TW", "Chỉ thị 20-CT/TW", "Chỉ thị 23-CT/TW",
    "Chỉ thị 25-CT/TW", "Nghị quyết Trung ương 4 khóa XI", "Nghị quyết Trung ương 4 khóa XII",
    "Nghị quyết 09-NQ/TU",
]


def test_catalogue_entries_are_consistent():
    entries = catalogue()
    assert entries and all(isinstance(d, Directive) for d in entries)
    labels = {d.label for d in entries}
    assert set(REQUIRED) <= labels
    for d in entries:
        assert d.kind in {"Chỉ thị", "Nghị quyết", "Kết luận", "Quy định"}
        assert d.issuer and d.title
        if d.date:
            date.fromisoformat(d.date)
        # The catalogue's own spelling is canonical: every entry finds itself.
        assert find_directives(d.label) == [d.label], d.label
        assert resolve_directive(d.label) == d.label
        if d.code:
            assert d.label == f"{d.kind} {d.code}"
            assert resolve_directive(d.code) == d.label
        else:
            assert re.fullmatch(r"Nghị quyết (Trung ương \d+ khóa|Đại hội) [IVX]+", d.label)
        for alias in d.aliases:
            assert resolve_directive(alias) == d.label, alias


def test_catalogue_keeps_both_directives_35():
    ct35 = [d for d in catalogue() if d.label == "Chỉ thị 35-CT/TW"]
    assert sorted(d.date for d in ct35) == ["2019-05-30", "2024-06-14"]
    ct05 = [d for d in catalogue() if d.label == resolve_directive("ct 05")]
    assert ct05[0].title.startswith("Về đẩy mạnh học tập và làm theo")
    assert resolve_directive("Nghị quyết 99-NQ/TW") not in {d.label for d in catalogue()}


# --- real bulletins --------------------------------------------------------------------------

def _require(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"real data not found at {path} (the ../shared folder beside the repository)")


def _read(path: Path) -> str:
    return compose(path.read_text(encoding="utf-8"))


# Expected sets from the issue. The sets leave out the congress resolutions, yet
# seed 000 says "Nghị quyết Đại hội đại biểu toàn quốc lần thứ 12 của Đảng" and seed 003
# "Những điểm mới trong Nghị quyết Đại hội XIII của Đảng", and the bulletins-dev gold counts
# that very wording as a document (049). They are listed here explicitly.
SEED_EXPECTED = {
    "000": {CT05, TW4_XI, "Nghị quyết Đại hội XII"},
    "001": {"Chỉ thị 35-CT/TW", CT05},
    "002": {CT05, KL01},
    "003": {KL01, CT05, "Nghị quyết 15-NQ/TW", "Nghị quyết 09-NQ/TU", "Nghị quyết Trung ương 4 khóa XIII",
            "Nghị quyết Đại hội XIII"},
    "004": set(),
}


@pytest.mark.slow
def test_seeds():
    _require(SEEDS)
    for prefix, expected in SEED_EXPECTED.items():
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        found = find_directives(_read(path))
        assert len(found) == len(set(found))
        assert set(found) == expected, path.name


@pytest.mark.slow
def test_bulletins_dev_against_gold():
    gold_path = DEV / "gold.jsonl"
    _require(gold_path)
    tp = fp = fn = 0
    misses = []
    with gold_path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for record in records:
        found = {label for label in find_directives(_read(DEV / record["file"])) if is_central(label)}
        gold = set(record["directives"])
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
        if found != gold:
            misses.append(f"  {record['file']}: missed {sorted(gold - found)}, extra {sorted(found - gold)}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nbulletins-dev directives ({len(records)} texts, {tp + fn} gold central documents): "
          f"precision {precision:.3f}, recall {recall:.3f} (tp={tp} fp={fp} fn={fn})")
    print("\n".join(misses) if misses else "  no per-file misses")
    # The level reached when this test was written; lower it only with a reason.
    assert precision >= 1.0
    assert recall >= 1.0
