"""Reading corpus files: metadata precedence, ids, HTML, and files that must be skipped."""

import codecs
import datetime as dt
from pathlib import Path

from conftest import encode_cp1258
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin

LEAD = ("Sáng ngày 29/9/2022, Quận ủy Ba Đình tổ chức Hội nghị Sơ kết công tác Tuyên giáo 9 tháng "
        "và triển khai nhiệm vụ trọng tâm 03 tháng cuối năm 2022, quán triệt Chỉ thị 05-CT/TW.")
BULLETIN = f"Sơ kết công tác Tuyên giáo 9 tháng năm 2022\n\n{LEAD}\n"


def read_all(corpus: Path):
    sources, skipped = scan_corpus(corpus)
    bulletins = {}
    for source in sources:
        bulletin, _ = read_bulletin(source)
        bulletins[bulletin.id] = bulletin
    return bulletins, skipped


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_ids_are_paths_without_extension_with_forward_slashes(tmp_path):
    write(tmp_path / "ba-dinh" / "so-ket-quy-3.txt", BULLETIN)
    write(tmp_path / "000_d30b1399ac50a2e2.txt", BULLETIN)
    bulletins, _ = read_all(tmp_path)
    assert set(bulletins) == {"ba-dinh/so-ket-quy-3", "000_d30b1399ac50a2e2"}


def test_text_alone_gives_metadata(tmp_path):
    write(tmp_path / "a.txt", BULLETIN)
    bulletin = read_all(tmp_path)[0]["a"]
    assert bulletin.title == "Sơ kết công tác Tuyên giáo 9 tháng năm 2022"
    assert bulletin.date == dt.date(2022, 9, 29) and bulletin.year == 2022
    assert "Ba Đình" in bulletin.unit
    assert bulletin.directives == ["Chỉ thị 05-CT/TW"]


def test_folder_defaults_override_the_text(tmp_path):
    write(tmp_path / "site" / "_source.toml",
          'unit = "Ban Tuyên giáo Thành ủy Hà Nội"\nlevel = "thành phố"\n'
          'url_pattern = "https://tuyengiao.hanoi.vn/tin/{name}.html"\n')
    write(tmp_path / "site" / "nam-2022" / "a.txt", BULLETIN)
    bulletin = read_all(tmp_path)[0]["site/nam-2022/a"]
    assert bulletin.unit == "Ban Tuyên giáo Thành ủy Hà Nội"
    assert bulletin.level == "thành phố"
    assert bulletin.url == "https://tuyengiao.hanoi.vn/tin/a.html"


def test_front_matter_overrides_folder_defaults_and_text(tmp_path):
    write(tmp_path / "_source.toml", 'unit = "Ban Tuyên giáo Thành ủy Hà Nội"\n')
    write(tmp_path / "a.txt", "---\ntitle: Tiêu đề do biên tập viên đặt\ndate: 2021-03-04\n"
                              "unit: Ban Tuyên giáo Huyện ủy Gia Lâm\nurl: https://example.vn/a\n"
                              "directives: [05-CT/TW, Nghị quyết 09-NQ/TU]\n---\n" + BULLETIN)
    bulletin = read_all(tmp_path)[0]["a"]
    assert bulletin.title == "Tiêu đề do biên tập viên đặt"
    assert bulletin.date == dt.date(2021, 3, 4) and bulletin.year == 2021
    assert bulletin.unit == "Ban Tuyên giáo Huyện ủy Gia Lâm"
    assert bulletin.level == "huyện"
    assert bulletin.url == "https://example.vn/a"
    assert bulletin.directives[:2] == ["Chỉ thị 05-CT/TW", "Nghị quyết 09-NQ/TU"]
    assert "---" not in bulletin.body and "title:" not in bulletin.body


def test_broken_front_matter_is_reported_and_the_text_kept(tmp_path):
    write(tmp_path / "a.txt", "---\ntitle: [unclosed\n---\n" + BULLETIN)
    sources, _ = scan_corpus(tmp_path)
    bulletin, warnings = read_bulletin(sources[0])
    assert "bỏ qua front matter" in warnings[0]
    assert "Quận ủy Ba Đình" in bulletin.body


def test_legacy_and_unicode_variants_read_the_same(tmp_path):
    write(tmp_path / "utf8.txt", BULLETIN)
    write(tmp_path / "bom.txt", codecs.BOM_UTF8 + BULLETIN.encode())
    write(tmp_path / "utf16.txt", BULLETIN.encode("utf-16"))
    write(tmp_path / "cp1258.txt", encode_cp1258(BULLETIN))
    write(tmp_path / "crlf.txt", BULLETIN.replace("\n", "\r\n"))
    bulletins, skipped = read_all(tmp_path)
    assert not skipped
    reference = bulletins["utf8"]
    for other in ("bom", "utf16", "cp1258", "crlf"):
        assert (bulletins[other].title, bulletins[other].body) == (reference.title, reference.body), other


def test_saved_web_page_gives_headline_and_article_without_menus(tmp_path):
    page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
    <title>Sơ kết công tác Tuyên giáo 9 tháng năm 2022 - Cổng thông tin Quận ủy</title></head>
    <body><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu chung</a></li></ul></nav>
    <article><h1>Sơ kết công tác Tuyên giáo 9 tháng năm 2022</h1>
    <p>{LEAD}</p><p>Đồng chí Nguyễn Công Thành - Phó Bí thư Thường trực Quận ủy dự và chỉ đạo hội nghị,
    ghi nhận những kết quả đạt được công tác tuyên giáo trong 9 tháng của hệ thống tuyên giáo quận.</p></article>
    <footer>Bản quyền thuộc Quận ủy Ba Đình. Giới thiệu chung</footer></body></html>"""
    write(tmp_path / "trang.html", page)
    bulletin = read_all(tmp_path)[0]["trang"]
    assert bulletin.title.startswith("Sơ kết công tác Tuyên giáo 9 tháng năm 2022")
    assert "Quận ủy Ba Đình tổ chức" in bulletin.body
    assert "Giới thiệu chung" not in bulletin.body
    assert bulletin.date == dt.date(2022, 9, 29)


def test_files_that_are_not_bulletins_are_skipped_with_a_reason(tmp_path):
    write(tmp_path / "good.txt", BULLETIN)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path / "notes.md", "# not a bulletin")
    write(tmp_path / "huge.txt", b"a" * (6 * 1024 * 1024))
    sources, skipped = scan_corpus(tmp_path)
    problems = {skip.path: skip.reason for skip in skipped}
    assert "quá lớn" in problems["huge.txt"]
    outcomes = {}
    for source in sources:
        try:
            outcomes[source.id] = read_bulletin(source)[0].title
        except Exception as error:  # IngestError, with a message naming the reason
            outcomes[source.id] = str(error)
    assert "rỗng" in outcomes["empty"]
    assert "nhị phân" in outcomes["image"]
    assert outcomes["good"].startswith("Sơ kết")
    assert "notes" not in outcomes


def test_symlink_loop_is_reported_not_followed_forever(tmp_path):
    write(tmp_path / "a" / "x.txt", BULLETIN)
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    sources, skipped = scan_corpus(tmp_path)
    assert [s.id for s in sources] == ["a/x"]
    assert any("vòng liên kết" in skip.reason for skip in skipped)


# --- reading defensively (issue 13) ---------------------------------------------------------------

def test_front_matter_with_yaml_aliases_is_ignored_with_a_warning():
    from search.ingest.frontmatter import split_front_matter

    front, rest, warnings = split_front_matter("---\na: &a [x, x]\ntitle: *a\n---\n" + BULLETIN)
    assert front == {} and rest == BULLETIN and "bí danh YAML" in warnings[0]


def test_front_matter_values_of_the_wrong_kind_are_one_value_or_ignored():
    from search.ingest.frontmatter import split_front_matter

    front, _, warnings = split_front_matter("---\ntitle: [a, b]\ndirectives: 5\nauthors: true\nunit: 7\n"
                                            "level: {x: 1}\n---\nthân bài\n")
    assert front == {"directives": ["5"], "authors": [], "unit": "7"}
    assert [w.split(":")[1].split()[0] for w in warnings] == ["title", "level", "authors"]


def test_a_front_matter_date_outside_the_years_is_refused(tmp_path):
    write(tmp_path / "a.txt", "---\ndate: 9999-12-31\n---\n" + BULLETIN)
    sources, _ = scan_corpus(tmp_path)
    bulletin, warnings = read_bulletin(sources[0])
    assert bulletin.year == 2022 and any("ngoài khoảng năm" in warning for warning in warnings)


def test_url_pattern_substitutes_name_and_id_only(tmp_path):
    from search.ingest.files import url_pattern_problem

    assert url_pattern_problem("https://x.vn/{name}.html?id={id}") is None
    for bad in ("https://x.vn/{name.__class__}", "https://x.vn/{name:>99}", "https://x.vn/{0}", "https://x.vn/{",
                "https://x.vn/" + "a" * 3000):
        assert url_pattern_problem(bad), bad
    write(tmp_path / "site" / "_source.toml", 'url_pattern = "https://x.vn/{ten}"\nmau = "x"\nunit = "Ban A"\n')
    write(tmp_path / "site" / "a.txt", BULLETIN)
    warnings = []
    sources, skipped = scan_corpus(tmp_path, warnings=warnings)
    assert not skipped and sources[0].defaults == {"unit": "Ban A"}
    assert sorted(w.split(": ", 1)[1].split()[0] for w in warnings) == ["khóa", "url_pattern"]
    assert all(w.startswith("site/_source.toml: ") for w in warnings)


def test_links_out_of_the_corpus_are_not_followed_and_links_inside_are(tmp_path):
    corpus, outside = tmp_path / "kho", tmp_path / "ngoai"
    write(corpus / "a.txt", BULLETIN)
    write(outside / "b.txt", BULLETIN)
    write(outside / "thu-muc" / "c.txt", BULLETIN)
    write(outside / "_source.toml", 'unit = "Ban ngoài kho"\n')
    (corpus / "ra-ngoai.txt").symlink_to(outside / "b.txt")
    (corpus / "thu-muc").symlink_to(outside / "thu-muc", target_is_directory=True)
    (corpus / "trong").mkdir()
    (corpus / "trong" / "_source.toml").symlink_to(outside / "_source.toml")
    write(corpus / "trong" / "d.txt", BULLETIN)
    (corpus / "ban-sao.txt").symlink_to("a.txt")
    warnings = []
    sources, skipped = scan_corpus(corpus, warnings=warnings)
    assert sorted(source.id for source in sources) == ["a", "ban-sao", "trong/d"]
    assert {skip.path for skip in skipped} == {"ra-ngoai.txt", "thu-muc"}
    assert all("ra ngoài kho" in skip.reason for skip in skipped)
    assert next(s for s in sources if s.id == "trong/d").defaults == {} and "ra ngoài kho" in warnings[0]
    bulletin, _ = read_bulletin(next(s for s in sources if s.id == "ban-sao"))
    assert bulletin.path == "ban-sao.txt"  # the path under the corpus, never the server's


def test_a_start_tag_with_huge_attributes_loses_them_before_parsing():
    from search.ingest.html import bound_tags

    normal = '<p class="a" data-x=\'>\'>x</p><img src="a.png"/>'
    assert bound_tags(normal) == normal
    huge = "<div " + " ".join(f'a{n}="x"' for n in range(5000)) + ">Tin</div>"
    assert bound_tags(huge) == "<div>Tin</div>"
