"""Every encoding a bulletin arrives in decodes to the same NFC text."""

import codecs
import unicodedata

import pytest

from conftest import encode_cp1258
from search.ingest.decoding import DecodeError, decode

# A real sentence from seed 000, with the letters legacy encodings get wrong.
SENTENCE = ("Đẩy mạnh công tác tuyên truyền về nội dung cơ bản của Chỉ thị 05- CT/TW của "
            "Bộ Chính trị khóa XII “Học tập và làm theo tư tưởng, đạo đức phong cách Hồ Chí Minh”")


@pytest.mark.parametrize("raw, label", [
    (SENTENCE.encode("utf-8"), "UTF-8"),
    (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "UTF-8 with BOM"),
    (SENTENCE.encode("utf-16"), "UTF-16 with BOM"),
    (codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), "UTF-16 big-endian with BOM"),
    (unicodedata.normalize("NFD", SENTENCE).encode("utf-8"), "UTF-8, decomposed (NFD)"),
    (encode_cp1258(SENTENCE), "Windows-1258"),
])
def test_every_encoding_gives_the_same_composed_text(raw, label):
    text, _ = decode(raw)
    assert text == SENTENCE, label
    assert unicodedata.is_normalized("NFC", text)


def test_windows_1258_is_reported():
    _, warnings = decode(encode_cp1258(SENTENCE))
    assert any("1258" in warning for warning in warnings)


def test_a_few_broken_bytes_cost_only_those_characters():
    raw = SENTENCE.encode("utf-8").replace("Bộ".encode(), b"B\xff")
    text, warnings = decode(raw)
    assert "Chỉ thị 05- CT/TW" in text and "\ufffd" in text
    assert "UTF-8 không hợp lệ" in warnings[0]


def test_icelandic_eth_becomes_vietnamese_d():
    text, _ = decode("Ðồng chí Trần Văn Chung, HÐND tỉnh".encode("utf-8"))
    assert text == "Đồng chí Trần Văn Chung, HĐND tỉnh"


@pytest.mark.parametrize("raw", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_binary_is_refused_with_a_reason(raw):
    with pytest.raises(DecodeError, match="nhị phân|văn bản"):
        decode(raw)
