"""The segmenter gives pyvi's words exactly, without scikit-learn, and loads fast."""

import subprocess
import sys

import pytest
from pyvi import ViTokenizer

from conftest import DANTRI, need_shared
from search.analysis import pyvi_crf
from search.analysis.segmenter import compound_words
from search.ingest.frontmatter import split_front_matter
from search.text import respell


@pytest.fixture(scope="module", autouse=True)
def _remove_pyvis_model_copy():
    """pyvi (sklearn-crfsuite) copies its model to a temporary file it never removes."""
    yield
    ViTokenizer.ViTokenizer.model.modelfile.cleanup()



def test_words_as_pyvi_gives_them_on_hard_cases():
    for text in ["", "   ", "Ban Tuyên giáo Thành ủy Hà Nội tổ chức hội nghị.",
                 "Xem https://tuyengiao.vn/tin-tuc?id=5 hoặc gửi thư tới ban@tuyengiao.vn",
                 "Tăng 12,5% so với 2.023 tỷ đồng; Σ các khoản: 1.234.567", "a\x00b Thành\x00 ủy",
                 "TP.HCM, Tp. Hồ Chí Minh ==> Mr. A ... >> ThS. B", "HỘI NGHỊ BÁO CÁO VIÊN"]:
        assert pyvi_crf.tokenize(text) == ViTokenizer.tokenize(text), text


@pytest.mark.slow
def test_words_as_pyvi_gives_them_on_every_dantri_article():
    """Every paragraph of 2,653 real articles, respelled as the index feeds them."""
    compared = 0
    for path in sorted(need_shared(DANTRI).glob("*.txt")):
        _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        for paragraph in filter(None, (line.strip() for line in body.splitlines())):
            text = respell(paragraph)
            assert pyvi_crf.tokenize(text) == ViTokenizer.tokenize(text), (path.name, paragraph)
            compared += 1
    assert compared > 40_000


def test_compound_words_are_the_joined_ones():
    assert compound_words("Ban Tuyên giáo Thành uỷ tổ chức hội nghị") == [
        "Tuyên_giáo", "Thành_ủy", "tổ_chức", "hội_nghị"]


def test_loading_it_loads_no_scikit_learn_nor_multiprocessing():
    script = ("import sys; from search.analysis.segmenter import compound_words; compound_words('tuyên giáo'); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('sklearn', 'sklearn_crfsuite', 'pycrfsuite', 'pyvi', 'scipy', 'multiprocessing')))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "[]"
