"""Word (.docx) and PDF bulletins: read with the same metadata rules as text; a PDF without a text layer
is skipped with a message that says so; reading is bounded (pages, unpacked size)."""

import datetime as dt
import io
import zipfile
import zlib

import docx
import pytest

from search import Engine, update_index
from search.errors import IngestError
from search.ingest import office
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin
from test_ingest import write

TITLE = "Hội nghị báo cáo viên quý III năm 2023"
LEAD = ("Sáng ngày 15/9/2023, Ban Tuyên giáo Huyện ủy Gia Lâm tổ chức hội nghị báo cáo viên quý III, "
        "quán triệt Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.")
SECOND = ("Đồng chí Nguyễn Văn An, Phó Bí thư Thường trực Huyện ủy, phát biểu chỉ đạo hội nghị và đề nghị "
          "các cấp ủy tiếp tục làm tốt công tác tuyên truyền trong những tháng cuối năm.")


# --- files made here -----------------------------------------------------------------------------------

def a_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def a_pdf(pages: list[list[str]], image: bool = False) -> bytes:
    """A minimal valid PDF, written by hand: each page's lines as text in a Type0 font whose ToUnicode map
    gives each character's code point (no font embedded: enough for a text layer), or, with ``image``, pages
    that only draw a small grey picture (a scan)."""
    characters = sorted({ch for page in pages for line in page for ch in line} | {" "})
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    kids, number = [], 10
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
    for start in range(0, len(characters), 100):
        chunk = characters[start:start + 100]
        cmap += f"{len(chunk)} beginbfchar\n" + "".join(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in chunk) + "endbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    objects[3] = b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
    objects[4] = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) "
                  b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 500 >>")
    objects[5] = _stream(cmap.encode())
    objects[6] = (b"<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
                  b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>")
    objects[7] = _stream(bytes([128] * 16), b"/Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace "
                                           b"/DeviceGray /BitsPerComponent 8")
    for page in pages:
        if image:
            content = b"q 400 0 0 500 100 200 cm /Im1 Do Q"
        else:
            content = b"BT /F1 11 Tf 14 TL 50 800 Td " + b" ".join(
                b"<" + "".join(f"{ord(c):04X}" for c in line).encode() + b"> Tj T*" for line in page) + b" ET"
        objects[number] = _stream(zlib.compress(content), b"/Filter /FlateDecode")
        objects[number + 1] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {number} 0 R "
                               f"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 7 0 R >> >> >>").encode()
        kids.append(f"{number + 1} 0 R")
        number += 2
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), {}
    for key in sorted(objects):
        offsets[key] = len(out)
        out += f"{key} 0 obj\n".encode() + objects[key] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for key in range(1, size):
        out += f"{offsets[key]:010d} 00000 n \n".encode() if key in offsets else b"0000000000 65535 f \n"
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length " + str(len(data)).encode() + b" " + extra + b" >>\nstream\n" + data + b"\nendstream"


def wrapped(text: str, width: int = 70) -> list[str]:
    """A paragraph as a PDF lays it out: lines of about ``width`` characters."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def read_all(corpus):
    sources, skipped = scan_corpus(corpus)
    read, errors = {}, {}
    for source in sources:
        try:
            read[source.id] = read_bulletin(source)
        except IngestError as error:
            errors[source.id] = str(error)
    return read, errors, skipped


# --- tests ---------------------------------------------------------------------------------------------

def test_a_word_file_reads_like_a_text_file(tmp_path):
    write(tmp_path / "word.docx", a_docx([TITLE, LEAD, SECOND], table=[["Nội dung", "Số lượng"], ["Đảng viên dự", "120"]]))
    write(tmp_path / "plain.txt", f"{TITLE}\n\n{LEAD}\n\n{SECOND}\n")
    read, errors, skipped = read_all(tmp_path)
    assert not errors and not skipped
    (word, warnings), (plain, _) = read["word"], read["plain"]
    assert word.title == plain.title == TITLE
    assert word.date == plain.date == dt.date(2023, 9, 15)
    assert word.unit == plain.unit == "Ban Tuyên giáo Huyện ủy Gia Lâm"
    assert (word.level, word.province) == ("huyện", "Hà Nội")
    assert word.directives == ["Chỉ thị 05-CT/TW"]
    assert "Nguyễn Văn An" in word.people
    assert "Đảng viên dự | 120" in word.body  # a table row a line
    assert word.provenance["title"] == "text" and not warnings


def test_a_pdf_with_a_text_layer_reads_like_a_text_file(tmp_path):
    page = [TITLE, "", *wrapped(LEAD), *wrapped(SECOND), "1"]
    write(tmp_path / "ban-tin.pdf", a_pdf([page]))
    read, errors, _ = read_all(tmp_path)
    assert not errors, errors
    bulletin, warnings = read["ban-tin"]
    assert bulletin.title == TITLE
    assert bulletin.date == dt.date(2023, 9, 15)
    assert bulletin.unit == "Ban Tuyên giáo Huyện ủy Gia Lâm" and bulletin.province == "Hà Nội"
    assert bulletin.directives == ["Chỉ thị 05-CT/TW"]
    # the laid-out lines are whole paragraphs again; the page number is gone
    assert bulletin.body.split("\n\n") == [LEAD, SECOND]
    assert not warnings


def test_a_pdf_without_a_text_layer_is_skipped_saying_so(tmp_path):
    write(tmp_path / "ban-quet.pdf", a_pdf([[], []], image=True))
    write(tmp_path / "trang-trang.pdf", a_pdf([[]]))
    _, errors, _ = read_all(tmp_path)
    assert errors["ban-quet"] == errors["trang-trang"] == office.NO_TEXT_LAYER
    assert errors["ban-quet"].startswith("PDF không có lớp chữ (bản quét?)")


def test_a_long_pdf_is_read_up_to_the_page_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_PDF_PAGES", 2)
    pages = [[TITLE, *wrapped(LEAD)], wrapped(SECOND), ["Trang thứ ba không được đọc."]]
    write(tmp_path / "dai.pdf", a_pdf(pages))
    read, errors, _ = read_all(tmp_path)
    bulletin, warnings = read["dai"]
    assert "Nguyễn Văn An" in bulletin.body and "thứ ba" not in bulletin.body
    assert warnings == ["PDF có 3 trang: chỉ đọc 2 trang đầu"]


def test_broken_and_oversized_office_files_are_skipped_with_a_reason(tmp_path, monkeypatch):
    write(tmp_path / "hong.docx", b"PK\x03\x04 not really a zip")
    write(tmp_path / "hong-pdf.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << >>\n%%EOF")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (2 * 2**20))
    write(tmp_path / "bom.docx", bomb.getvalue())
    monkeypatch.setattr(office, "MAX_UNPACKED_BYTES", 2**20)
    write(tmp_path / "rong.docx", a_docx([" "]))
    _, errors, _ = read_all(tmp_path)
    assert errors["hong"] == "không phải tệp Word .docx hợp lệ (hỏng, hay là tệp khác đổi tên)"
    assert errors["hong-pdf"].startswith("PDF hỏng, không đọc được")
    assert errors["bom"] == "tệp .docx giải nén ra 2 MB, quá 1 MB cho một bản tin: không đọc"
    assert errors["rong"].startswith("rỗng")


def test_word_and_pdf_bulletins_are_indexed_and_found(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "word.docx", a_docx([TITLE, LEAD, SECOND]))
    write(corpus / "so-05.pdf", a_pdf([[f"{TITLE} (bản PDF)", *wrapped(LEAD)]]))
    write(corpus / "ban-quet.pdf", a_pdf([[]], image=True))
    report = update_index(corpus, tmp_path / "index", workers=1)
    assert (report.added, report.documents) == (2, 2)
    assert [(skip.path, skip.reason) for skip in report.skipped] == [("ban-quet.pdf", office.NO_TEXT_LAYER)]
    engine = Engine(tmp_path / "index")
    try:
        assert {hit.id for hit in engine.search("bao cao vien gia lam").hits} == {"word", "so-05"}
        assert engine.document("so-05")["path"].endswith("so-05.pdf")
    finally:
        engine.close()


@pytest.mark.parametrize("line, kept", [("- 12 -", False), ("Trang 3", False), ("3/12", False),
                                        ("29/9/2022", True), ("Số 05", True)])
def test_a_page_number_alone_is_dropped(line, kept):
    assert (office.paragraphs(f"Đoạn văn.\n{line}") == ["Đoạn văn.", line]) is kept
