"""The gazetteer: place mentions in real bulletin phrasing, the 2025 reform, provinces from web hosts."""
import os
import subprocess
import sys
import unicodedata
from datetime import date

import pytest

from search.knowledge import gazetteer

BEFORE_REFORM, AFTER_REFORM = date(2025, 6, 30), date(2025, 7, 1)


def found(text, on=None):
    """(text as written, kind, name, province) of every mention."""
    return [(m.text, m.kind, m.name, m.province) for m in gazetteer.find_places(text, on)]


def test_a_post_reform_commune_with_its_span():
    text = "Ngày 27-1, Đảng ủy, HĐND, UBND, Ủy ban MTTQVN xã Thới Hưng tổ chức họp mặt kỷ niệm 96 năm"
    [match] = gazetteer.find_places(text, date(2026, 1, 27))
    assert (match.kind, match.name, match.province) == ("xã", "Thới Hưng", "Cần Thơ")
    assert text[match.start:match.end] == match.text == "xã Thới Hưng"
    assert match.places[0].era == gazetteer.AFTER


@pytest.mark.parametrize("text", ["Xa Thoi Hung hop mat ky niem 96 nam ngay thanh lap Dang", "xa thoi hung"])
def test_names_without_diacritics_resolve_to_the_printed_name(text):
    assert found(text) == [(text[:12], "xã", "Thới Hưng", "Cần Thơ")]


@pytest.mark.parametrize("written", ["TP.HCM", "TP HCM", "TPHCM", "TP. HCM", "Tp.HCM", "Tp. Hồ Chí Minh",
                                     "TP Hồ Chí Minh", "tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"])
def test_ho_chi_minh_city_however_newspapers_write_it(written):
    text = f"Ban Tuyên giáo Thành ủy {written} tổ chức hội nghị"
    assert found(text) == [(written, "thành phố", "Hồ Chí Minh", "Hồ Chí Minh")]


def test_abbreviated_districts_wards_and_towns_in_addresses():
    assert found("Địa chỉ: 160 Hiền Vương, P. Phú Thạnh, Q. Tân Phú, TP. HCM.", date(2021, 3, 1)) == [
        ("P. Phú Thạnh", "phường", "Phú Thạnh", "Hồ Chí Minh"),
        ("Q. Tân Phú", "quận", "Tân Phú", "Hồ Chí Minh"),
        ("TP. HCM", "thành phố", "Hồ Chí Minh", "Hồ Chí Minh")]
    assert [m[1:] for m in found("(H. Phước Sơn), TX. Sa Pa, TT. Phú Thứ", date(2021, 3, 1))] == [
        ("huyện", "Phước Sơn", "Quảng Nam"), ("thị xã", "Sa Pa", "Lào Cai"), ("thị trấn", "Phú Thứ", "Phú Yên")]


def test_numbered_wards_and_districts_take_their_province_from_the_address():
    matches = gazetteer.find_places("số 10 Đường 3/2, P.12, Q.10, TP. Hồ Chí Minh", date(2020, 5, 1))
    assert [(m.text, m.province) for m in matches] == [
        ("P.12", "Hồ Chí Minh"), ("Q.10", "Hồ Chí Minh"), ("TP. Hồ Chí Minh", "Hồ Chí Minh")]
    [ward] = gazetteer.find_places("phường 12", date(2020, 5, 1)) or [None]
    assert ward.province is None and len(ward.places) > 1  # alone, "phường 12" is in many cities


def test_a_reporters_signature_is_not_a_ward():
    assert found("Kỳ họp kết thúc vào chiều cùng ngày. P.V") == []


@pytest.mark.parametrize("text", [
    "góp phần thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội của tỉnh",
    "PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2023",
    "phat trien kinh te - xa hoi",
    "Ban Thường vụ Tỉnh ủy, HĐND, UBND tỉnh và các sở, ngành",
    "các đồng chí lãnh đạo cấp huyện, cấp xã tham dự",
    "Huyện ủy đã chỉ đạo các chi, đảng bộ trực thuộc",
    "các tỉnh, thành phố trực thuộc Trung ương",
    "Viện Khoa học Xã hội Việt Nam",
    "Tình hình kinh tế xã hội quý I",
])
def test_common_phrases_are_not_places(text):
    assert found(text) == []


@pytest.mark.parametrize("text, kind, name, province", [
    ("Ban Tuyên giáo Huyện ủy Tiên Phước sơ kết 6 tháng", "huyện", "Tiên Phước", "Quảng Nam"),
    ("Ban Tuyên giáo Thị ủy Hoàng Mai", "thị xã", "Hoàng Mai", "Nghệ An"),
    ("Quận ủy Hoàng Mai", "quận", "Hoàng Mai", "Hà Nội"),
    ("HỘI NGHỊ TỈNH UỶ HÀ TĨNH LẦN THỨ 5", "tỉnh", "Hà Tĩnh", "Hà Tĩnh"),
])
def test_a_party_committee_names_its_place(text, kind, name, province):
    assert [m[1:] for m in found(text, date(2021, 6, 15))] == [(kind, name, province)]


def test_spelling_variants_and_lookalike_letters():
    # the register spells the township "Đăk Tô"; many pages write "Đắk Tô"
    assert found("Đảng ủy thị trấn Đắk Tô", date(2024, 12, 6))[0][1:] == ("thị trấn", "Đăk Tô", "Kon Tum")
    assert found("Tỉnh uỷ Khánh Hoà")[0][2:] == ("Khánh Hòa", "Khánh Hòa")
    assert found("ÐẢNG ỦY XÃ THỚI HƯNG", date(2026, 1, 27))[0][2:] == ("Thới Hưng", "Cần Thơ")  # Ð is U+00D0


def test_spans_point_into_decomposed_text():
    text = unicodedata.normalize("NFD", "Bí thư Đảng ủy xã Thới Hưng phát biểu")
    [match] = gazetteer.find_places(text, date(2026, 1, 27))
    assert text[match.start:match.end] == match.text and unicodedata.normalize("NFC", match.text) == "xã Thới Hưng"


def test_thua_thien_hue_with_or_without_its_hyphen():
    for written in ("tỉnh Thừa Thiên - Huế", "tỉnh Thừa Thiên Huế"):
        assert found(f"UBND {written}", date(2019, 3, 1)) == [(written, "tỉnh", "Thừa Thiên Huế", "Thừa Thiên Huế")]
    assert gazetteer.merged_into("Thừa Thiên Huế", AFTER_REFORM) == "Huế"


def test_special_zones_exist_only_after_the_reform():
    text = "đặc khu Phú Quốc và đặc khu Côn Đảo"
    assert found(text, date(2025, 8, 1)) == [("đặc khu Phú Quốc", "đặc khu", "Phú Quốc", "An Giang"),
                                             ("đặc khu Côn Đảo", "đặc khu", "Côn Đảo", "Hồ Chí Minh")]
    assert found(text, date(2023, 1, 1)) == []
    assert found("UBND thành phố Phú Quốc", date(2023, 1, 1))[0][1:] == ("thành phố", "Phú Quốc", "Kiên Giang")


def test_the_date_chooses_the_map_for_a_reused_commune_name():
    # xã Kim Anh was a commune of Hải Dương; since 1 July 2025 it is a new commune of Hà Nội.
    assert found("xã Kim Anh", BEFORE_REFORM)[0][3] == "Hải Dương"
    assert found("xã Kim Anh", AFTER_REFORM)[0][3] == "Hà Nội"
    assert found("xã Kim Anh")[0][3] == "Hải Dương"  # no date: the old map first
    assert found("phường Thủ Đức", date(2020, 1, 1)) == []  # Thủ Đức was a district, then a city
    assert found("phường Thủ Đức", date(2025, 9, 27))[0][3] == "Hồ Chí Minh"


def test_an_old_district_named_after_the_reform_gives_the_new_province():
    on = date(2026, 1, 10)
    [match] = gazetteer.find_places("Nguyên Bí thư Huyện ủy Đồng Văn", on)
    assert (match.kind, match.province, match.places[0].era) == ("huyện", "Hà Giang", gazetteer.BEFORE)
    assert gazetteer.province_of(match.places[0], on) == "Tuyên Quang"
    assert gazetteer.province_of("huyện Đồng Văn", on) == "Tuyên Quang"


def test_a_common_commune_name_is_settled_by_the_district_or_province_beside_it():
    [alone] = gazetteer.find_places("xã Tân Thành", date(2020, 1, 1))
    assert alone.province is None and len(alone.places) > 10
    beside = found("xã Tân Thành, huyện Hàm Tân, tỉnh Bình Thuận", date(2020, 1, 1))
    assert [m[3] for m in beside] == ["Bình Thuận"] * 3


def test_a_commune_merged_before_2025_is_found_under_its_old_name():
    # xã Ninh Hải (Ninh Giang, Hải Dương) merged into xã Bình Xuyên in 2024; another xã Ninh Hải is in Ninh Bình.
    matches = gazetteer.find_places("Đảng ủy xã Ninh Hải, Huyện ủy Ninh Giang", date(2023, 12, 21))
    assert [m.province for m in matches] == ["Hải Dương", "Hải Dương"]


@pytest.mark.parametrize("new, old", [
    ("Tuyên Quang", ["Hà Giang", "Tuyên Quang"]),
    ("Phú Thọ", ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"]),
    ("Hồ Chí Minh", ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"]),
    ("Lai Châu", ["Lai Châu"]),
])
def test_which_provinces_merged(new, old):
    assert gazetteer.provinces_merged_into(new) == old


def test_merged_into_depends_on_the_date():
    assert gazetteer.merged_into("Hà Giang", BEFORE_REFORM) == "Hà Giang"
    assert gazetteer.merged_into("Hà Giang", AFTER_REFORM) == "Tuyên Quang"
    assert gazetteer.merged_into("tỉnh Vĩnh Phúc", AFTER_REFORM) == "Phú Thọ"
    assert gazetteer.merged_into("Bac Kan", AFTER_REFORM) == "Thái Nguyên"
    assert gazetteer.merged_into("Tuyên Quang", AFTER_REFORM) == "Tuyên Quang"
    assert gazetteer.merged_into("Gotham", AFTER_REFORM) is None


def test_63_provinces_before_the_reform_34_after():
    old, new = gazetteer.provinces(BEFORE_REFORM), gazetteer.provinces(AFTER_REFORM)
    assert (len(old), len(new)) == (63, 34)
    assert {gazetteer.merged_into(p, AFTER_REFORM) for p in old} == set(new)
    assert sorted(p for n in new for p in gazetteer.provinces_merged_into(n)) == sorted(old)


@pytest.mark.parametrize("name, on, province", [
    ("huyện Gia Lâm", None, "Hà Nội"),
    ("Bố Trạch", None, "Quảng Bình"),
    ("Thới Hưng", date(2026, 1, 27), "Cần Thơ"),
    ("Tân Thành", None, None),  # dozens of communes
    ("Gotham", None, None),
])
def test_province_of_a_name(name, on, province):
    assert gazetteer.province_of(name, on) == province


@pytest.mark.parametrize("kind, level", [
    ("tỉnh", "tỉnh"), ("thành phố", "thành phố"), ("quận", "quận"), ("huyện", "huyện"), ("thị xã", "thị xã"),
    ("xã", "xã/phường"), ("phường", "xã/phường"), ("thị trấn", "xã/phường"), ("đặc khu", "đặc khu")])
def test_level_of_kind(kind, level):
    assert gazetteer.level_of_kind(kind) == level


def test_level_of_an_unknown_kind():
    with pytest.raises(ValueError):
        gazetteer.level_of_kind("thôn")


def test_a_city_is_level_thanh_pho_whether_centrally_run_or_provincial():
    kinds = {m.kind for m in gazetteer.find_places("thành phố Hà Nội và thành phố Việt Trì", date(2020, 1, 1))}
    assert {gazetteer.level_of_kind(k) for k in kinds} == {"thành phố"}


@pytest.mark.parametrize("url, province", [
    ("http://huyenuybudang.binhphuoc.vn/tin-tuc", "Bình Phước"),
    ("https://tuyengiaotiengiang.vn/", "Tiền Giang"),
    ("http://bantuyengiao.cantho.gov.vn/article/ban-tuyen-giao-quan-uy-ninh-kieu", "Cần Thơ"),
    ("tuyengiao.hanoi.gov.vn", "Hà Nội"),
    ("https://www.thanhuytphcm.vn/tin-tuc/truyen-thong", "Hồ Chí Minh"),
    ("https://baothuathienhue.vn/amp.aspx?newid=78685", "Thừa Thiên Huế"),
    ("https://hamtan.binhthuan.dcs.vn/Tin-tức/post/119289", "Bình Thuận"),
    ("https://baobariavungtau.com.vn/xa-hoi/202312/", "Bà Rịa - Vũng Tàu"),
    ("https://qrt.vn/chinh-tri/", None),
    ("https://www.baomoi.com/", None),
    ("https://thanhnien.vn/", None),
    ("https://hcmusta.org.vn/", None),
    ("https://dantri.com.vn/noi-vu/", None),
])
def test_province_from_host(url, province):
    assert gazetteer.province_from_host(url) == province


def test_the_data_is_read_on_first_use_without_the_packages_heavy_imports():
    code = ("import sys, time; from search.knowledge import gazetteer as g;"
            "assert g._data.cache_info().currsize == 0; g.find_places('xã Thới Hưng');"
            "assert g._data.cache_info().currsize == 1;"
            "assert not {'vietnamadminunits', 'shapely', 'geopy'} & set(sys.modules), sys.modules.keys()")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


@pytest.mark.parametrize("name, kinds", [
    ("Gia Lâm", {"huyện", "xã"}),  # a new commune reuses the old district's name
    ("Hà Nội", {"thành phố"}), ("TP.HCM", {"thành phố"}), ("Thủ Đức", {"thành phố", "phường"}),
    ("Chẩu Văn Lâm", set()),  # a person
])
def test_kinds_named(name, kinds):
    assert gazetteer.kinds_named(name) == kinds
