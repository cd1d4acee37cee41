"""Syllables typed with the Vietnamese input method off are read back."""

import pytest

from search.knowledge.keyboards import decodings


@pytest.mark.parametrize("typed, meant", [
    ("tuyeen", "tuyên"), ("giaos", "giáo"), ("hoaf", "hòa"), ("truwowngf", "trường"), ("nguowif", "người"),
    ("dduwowngf", "đường"), ("quoocs", "quốc"), ("nghiax", "nghĩa"), ("hoaij", "hoại"), ("uyr", "ủy"),
    ("tuye6n", "tuyên"), ("gia1o", "giáo"), ("d9u7o7ng2", "đường"), ("ho2a", "hòa"),
])
def test_telex_and_vni_keys_become_marks(typed, meant):
    assert meant in decodings(typed)


@pytest.mark.parametrize("typed", ["tw", "ct", "05", "giao", "ban"])
def test_what_spells_nothing_new_is_left_alone(typed):
    assert decodings(typed) == []
