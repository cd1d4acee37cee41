"""The analysers spell each syllable one way and keep offsets exact."""

from search.analysis.analyzers import folded_analyzer, syllable_analyzer, word_analyzer
from search.analysis.segmenter import compound_words
from search.text import fold, normalise_syllable, respell


def tokens(analyzer, text):
    return [token.text for token in analyzer(text)]


def test_offsets_point_at_the_original_characters():
    text = "Ban tuyên giáo Thành uỷ: Chỉ thị 05-CT/TW"
    for token in syllable_analyzer()(text, chars=True):
        assert normalise_syllable(text[token.startchar:token.endchar]) == token.text


def test_both_tone_mark_placements_index_as_one_term():
    assert tokens(syllable_analyzer(), "Hoà bình, thuỷ lợi, Uỷ ban, khoẻ") == \
        tokens(syllable_analyzer(), "hòa bình, thủy lợi, Ủy ban, khỏe")
    assert normalise_syllable("quý") == "quý"  # "qu" is a consonant: nothing to move


def test_vietnamese_syllables_survive():
    # An English stop list or minsize=2 would drop these real words.
    assert tokens(syllable_analyzer(), "ở an to thể ý") == ["ở", "an", "to", "thể", "ý"]


def test_directive_codes_split_into_searchable_parts():
    assert tokens(syllable_analyzer(), "05-CT/TW") == ["05", "ct", "tw"]


def test_folding_drops_every_mark_and_d_stroke():
    assert fold("Đảng bộ tuyên giáo") == "Dang bo tuyen giao"
    assert tokens(folded_analyzer(), "Đẩy mạnh tuyên truyền") == ["day", "manh", "tuyen", "truyen"]


def test_word_field_reads_pyvi_words_in_one_spelling():
    assert tokens(word_analyzer(), "Tuyên_giáo Hoà_bình") == ["tuyên_giáo", "hòa_bình"]


def test_one_spelling_from_decomposed_and_capitalised_syllables():
    import unicodedata

    for typed in ("Việt", "VIỆT", unicodedata.normalize("NFD", "Việt")):
        assert normalise_syllable(typed) == "việt"
    assert normalise_syllable(unicodedata.normalize("NFD", "Thuỷ")) == "thủy"


def test_tone_marks_are_placed_before_segmentation_case_kept():
    # From seed 000: "Sáng ngày 5/4/2017, Ban tuyên giáo Thành ủy tổ chức hội nghị"
    sentence = "Ban tuyên giáo Thành ủy tổ chức hội nghị"
    assert respell("Ban tuyên giáo Thành uỷ tổ chức hội nghị") == sentence
    assert respell("HOÀ BÌNH, Khoẻ") == "HÒA BÌNH, Khỏe"
    assert compound_words("Ban tuyên giáo Thành uỷ tổ chức hội nghị") == compound_words(sentence)
    assert compound_words("giữ vững hoà bình") == compound_words("giữ vững hòa bình")
