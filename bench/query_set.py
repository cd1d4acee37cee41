"""The fixed benchmark queries, typed the same way into bantin and FTS5.

Both engines read ``"a b"`` as a phrase and ``a b`` as a AND b. The diacritic-free
queries show a known FTS5 gap: ``unicode61`` does not fold ``đ``, so ``bong da`` finds
fewer articles there than in bantin.
"""

QUERIES = {
    "single syllable": ["đảng", "bóng", "giáo", "tỉnh", "thuế", "lũ", "điện", "trường"],
    "two-syllable phrase": ['"Việt Nam"', '"bóng đá"', '"giáo dục"', '"kinh tế"',
                            '"sức khỏe"', '"Hà Nội"', '"học sinh"', '"ngân hàng"'],
    "two-word AND": ["giá vàng", "bác sĩ", "đội tuyển", "xe máy",
                     "dịch bệnh", "điểm thi", "chứng khoán", "du lịch"],
    "no diacritics": ["viet nam", "bong da", "giao duc", "kinh te",
                      "suc khoe", "ha noi", "hoc sinh", "ngan hang"],
}


def all_queries() -> list[str]:
    return [query for queries in QUERIES.values() for query in queries]
