"""Where each field of a bulletin came from: recorded when it is read, stored in the index, given out by
Engine.document (/api/doc, bantin show --json), said in words on the document page and by bantin show."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from search import PROVENANCE_LABELS, Engine, update_index
from search.provenance import FIELDS
from test_ingest import BULLETIN, read_all, write
from web import create_app

HA_GIANG_2020 = ("Hội nghị báo cáo viên\n\nNgày 12/3/2020, Ban Tuyên giáo Huyện ủy Bắc Mê tổ chức hội nghị "
                 "báo cáo viên quý I, quán triệt Chỉ thị 05-CT/TW. Đồng chí Nguyễn Văn An, Bí thư Huyện ủy, "
                 "phát biểu chỉ đạo hội nghị.\n")


def test_each_field_names_where_its_value_came_from(tmp_path):
    write(tmp_path / "site" / "_source.toml", 'level = "huyện"\n'
          'url_pattern = "https://tuyengiao.hanoi.gov.vn/tin/{name}.html"\n')
    write(tmp_path / "site" / "a.txt", "---\nunit: Ban Tuyên giáo Huyện ủy Gia Lâm\ndate: 2021-03-04\n---\n" + BULLETIN)
    write(tmp_path / "b.txt", BULLETIN)
    write(tmp_path / "c.txt", HA_GIANG_2020)
    bulletins = read_all(tmp_path)[0]

    a = bulletins["site/a"].provenance
    assert (a["unit"], a["date"], a["year"]) == ("front matter", "front matter", "front matter")
    assert (a["level"], a["url"]) == ("_source.toml", "_source.toml")
    assert a["title"] == a["directives"] == "text"
    assert a["province"] == "gazetteer"  # Gia Lâm lies in Hà Nội

    b = bulletins["b"]
    assert b.provenance == {"title": "text", "date": "text", "year": "text", "unit": "text", "level": "text",
                            "province": "gazetteer", "directives": "text"}
    assert b.province == "Hà Nội"

    c = bulletins["c"].provenance
    assert c["people"] == "text" and c["province"] == "gazetteer"
    assert "url" not in c and "published" not in c  # no value, no origin


def test_a_province_from_the_web_host_says_so(tmp_path):
    write(tmp_path / "_source.toml", 'url_pattern = "https://tuyengiao.hanoi.gov.vn/tin/{name}.html"\n')
    write(tmp_path / "a.txt", "Ngày 5/3/2021, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo cáo viên.")
    a = read_all(tmp_path)[0]["a"]
    assert a.province == "Hà Nội" and a.provenance["province"] == "url"


def test_a_declared_province_and_a_title_from_the_file_name(tmp_path):
    write(tmp_path / "_source.toml", 'province = "Hà Giang"\n')
    write(tmp_path / "chi-co-trang-chu.txt", "---\nprovince: Cao Bằng\n---\nSkip to main content\n")  # chrome only
    write(tmp_path / "b.txt", HA_GIANG_2020.replace("Bắc Mê", "Bảo Lâm"))
    bulletins = read_all(tmp_path)[0]
    assert bulletins["b"].provenance["province"] == "_source.toml"
    assert bulletins["b"].province == "Hà Giang"
    chrome_only = bulletins["chi-co-trang-chu"]
    assert (chrome_only.title, chrome_only.provenance["title"]) == ("chi-co-trang-chu", "file name")
    assert (chrome_only.province, chrome_only.provenance["province"]) == ("Cao Bằng", "front matter")


def test_every_origin_has_words_for_the_reader():
    from search import provenance

    origins = {value for name, value in vars(provenance).items() if name.isupper() and isinstance(value, str)}
    assert origins <= set(PROVENANCE_LABELS) and all(PROVENANCE_LABELS.values())
    assert set(FIELDS) >= {"title", "date", "published", "year", "unit", "level", "province", "directives",
                           "people", "url"}


@pytest.fixture(scope="module")
def provenance_index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("provenance-corpus")
    write(corpus / "site" / "_source.toml", 'unit = "Ban Tuyên giáo Huyện ủy Bắc Mê"\n'
          'url_pattern = "https://example.vn/tin/{name}.html"\n')
    write(corpus / "site" / "bac-me.txt", HA_GIANG_2020)
    index = tmp_path_factory.mktemp("provenance-index")
    update_index(corpus, index, workers=1)
    return index


def test_the_index_keeps_the_origins_and_the_document_gives_them(provenance_index):
    engine = Engine(provenance_index)
    try:
        document = engine.document("site/bac-me")
    finally:
        engine.close()
    assert document["provenance"]["unit"] == "_source.toml"
    assert document["provenance"]["url"] == "_source.toml"
    assert document["provenance"]["date"] == "text"
    assert document["provenance"]["province"] == "gazetteer"
    assert set(document["provenance"]) <= set(FIELDS)


def test_the_page_and_the_command_line_say_it_in_words(provenance_index):
    client = create_app({"INDEX_DIR": str(provenance_index), "TESTING": True}).test_client()
    page = client.get("/doc/site/bac-me").get_data(as_text=True)
    assert page.count("nguồn: đọc từ văn bản") >= 2  # the date, the people ...
    assert "nguồn: khai báo trong _source.toml của thư mục" in page  # the unit
    assert "nguồn: suy từ địa danh trong văn bản" in page  # the province
    assert client.get("/api/doc/site/bac-me").get_json()["provenance"]["unit"] == "_source.toml"

    shown = subprocess.run([sys.executable, "-m", "cli", "show", "site/bac-me", "--index", str(provenance_index)],
                           cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert "Đơn vị: Ban Tuyên giáo Huyện ủy Bắc Mê (nguồn: khai báo trong _source.toml của thư mục)" in shown
    as_json = subprocess.run([sys.executable, "-m", "cli", "show", "site/bac-me", "--json", "--index",
                              str(provenance_index)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                             check=True).stdout
    assert json.loads(as_json)["provenance"]["unit"] == "_source.toml"
