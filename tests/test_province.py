"""The province of a bulletin: read from its unit and text on the map of its date, declared by hand, filtered on
(a province formed in 2025 takes in the earlier bulletins of the provinces merged into it)."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import ROOT
from search import Engine, update_index
from search.metadata.extract import extract
from search.metadata.province import find_province, reference_date
from test_ingest import read_all, write
from web import create_app

HA_GIANG_2020 = ("Sơ kết công tác tuyên giáo 6 tháng đầu năm\n\nSáng ngày 10/7/2020, Ban Tuyên giáo Huyện ủy Đồng Văn "
                 "tổ chức hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm 2020.\n")
TUYEN_QUANG_2025 = ("Hội nghị tổng kết công tác tuyên giáo và dân vận\n\nSáng ngày 19/12/2025, Ban Tuyên giáo và Dân vận "
                    "Tỉnh ủy Tuyên Quang tổ chức hội nghị tổng kết công tác năm 2025.\n")
HA_NOI_2022 = ("Sơ kết công tác Tuyên giáo 9 tháng năm 2022\n\nSáng ngày 29/9/2022, Quận ủy Ba Đình tổ chức Hội nghị "
               "Sơ kết công tác Tuyên giáo 9 tháng năm 2022.\n")


@pytest.mark.parametrize("text, province", [
    (HA_NOI_2022, "Hà Nội"),                                  # the unit's own district
    (HA_GIANG_2020, "Hà Giang"),                              # before the reform: the old map
    (HA_GIANG_2020.replace("10/7/2020", "10/8/2025").replace("năm 2020", "năm 2025"), "Tuyên Quang"),  # after
    ("Ngày 5/3/2021, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị tại huyện Long Hồ.", "Vĩnh Long"),  # a place it names
])
def test_the_province_of_the_unit_as_of_the_bulletins_date(text, province):
    assert extract(text).province == province


@pytest.mark.parametrize("text", [
    "Ngày 5/3/2021, Ban Tuyên giáo Trung ương tổ chức hội nghị tại tỉnh Nghệ An.",  # central: none
    "Ngày 5/3/2021, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo cáo viên.",        # no place named
])
def test_no_province_for_a_central_unit_or_where_no_place_is_named(text):
    assert extract(text).province is None


def test_a_unit_of_several_committees_has_no_province():
    unit = "Cụm Ban Tuyên giáo các tỉnh ủy, thành ủy miền Đông Nam Bộ"
    assert find_province(unit, "tỉnh", "Hội nghị tại tỉnh Đồng Nai", dt.date(2018, 11, 28)) is None


def test_the_reference_date():
    assert reference_date(dt.date(2020, 5, 1), 2020) == dt.date(2020, 5, 1)
    assert reference_date(None, 2019) == dt.date(2019, 1, 1)
    assert reference_date(None, 2025) is None  # either side of the reform
    assert reference_date(None, None) is None


def test_declared_province_wins_and_is_written_as_of_the_date(tmp_path):
    write(tmp_path / "site" / "_source.toml", 'province = "ha giang"\n')
    write(tmp_path / "site" / "a.txt", TUYEN_QUANG_2025.replace("Tỉnh ủy Tuyên Quang", "Tỉnh ủy"))
    write(tmp_path / "site" / "b.txt", "---\nprovince: Hà Nội\n---\n" + HA_GIANG_2020)
    bulletins = read_all(tmp_path)[0]
    assert bulletins["site/a"].province == "Tuyên Quang"  # Hà Giang merged into it on 1 July 2025
    assert bulletins["site/b"].province == "Hà Nội"


def test_the_web_host_names_the_province_only_when_the_text_does_not(tmp_path):
    write(tmp_path / "_source.toml", 'url_pattern = "https://tuyengiao.hanoi.gov.vn/tin/{name}.html"\n')
    write(tmp_path / "a.txt", "Ngày 5/3/2021, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo cáo viên.")
    write(tmp_path / "b.txt", HA_GIANG_2020)
    write(tmp_path / "c.txt", "Ngày 5/3/2021, Ban Tuyên giáo Trung ương tổ chức hội nghị báo cáo viên.")
    bulletins = read_all(tmp_path)[0]
    assert [bulletins[name].province for name in "abc"] == ["Hà Nội", "Hà Giang", None]


@pytest.fixture(scope="module")
def province_index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("province-corpus")
    for name, text in (("ha-giang", HA_GIANG_2020), ("tuyen-quang", TUYEN_QUANG_2025), ("ha-noi", HA_NOI_2022)):
        write(corpus / f"{name}.txt", text)
    index = tmp_path_factory.mktemp("province-index")
    update_index(corpus, index, workers=1)
    return index


@pytest.fixture(scope="module")
def engine(province_index):
    engine = Engine(province_index)
    yield engine
    engine.close()


def test_province_is_a_facet_and_a_stored_field(engine):
    counts = {value.value: value.count for value in engine.search("").facets["province"]}
    assert counts == {"Hà Giang": 1, "Tuyên Quang": 1, "Hà Nội": 1}
    assert engine.document("ha-giang")["province"] == "Hà Giang"


def test_a_new_province_takes_in_the_provinces_merged_into_it(engine):
    result = engine.search("", province="tuyen quang")
    assert {hit.id for hit in result.hits} == {"ha-giang", "tuyen-quang"}
    assert result.filters == {"province": ["Tuyên Quang"]}
    assert [chosen.label for chosen in result.active] == ["Tuyên Quang (gồm Hà Giang trước 7/2025)"]
    assert [hit.id for hit in engine.search("", province="Hà Giang").hits] == ["ha-giang"]
    assert [chosen.label for chosen in engine.search("", province="Hà Nội").active] == ["Hà Nội"]


def test_a_province_without_bulletins_finds_nothing(engine):
    result = engine.search("", province="ca mau")
    assert result.total == 0 and result.filters == {"province": ["Cà Mau"]}


def test_the_page_names_what_a_province_filter_takes_in(province_index):
    client = create_app({"INDEX_DIR": str(province_index), "TESTING": True}).test_client()
    page = client.get("/?province=Tuy%C3%AAn+Quang").get_data(as_text=True)
    assert "Tỉnh/thành phố: Tuyên Quang (gồm Hà Giang trước 7/2025)" in page
    assert "Tỉnh/thành phố" in client.get("/doc/ha-giang").get_data(as_text=True)


def test_the_command_line_filters_on_a_province(province_index):
    output = subprocess.run([sys.executable, "-m", "cli", "search", "", "--province", "Tuyên Quang", "--json",
                             "--index", str(province_index)], cwd=ROOT, capture_output=True, text=True, check=True,
                            encoding="utf-8")
    assert {hit["id"] for hit in json.loads(output.stdout)["hits"]} == {"ha-giang", "tuyen-quang"}
