"""Facet values in alphabetical order, by the Unicode Collation Algorithm (``pyuca``), not
by code point: ``Ủy ban`` among the U, ``Viện`` after ``Đảng ủy``.

pyuca applies the default Unicode table; it orders đ, ă, â, ê, ô, ơ, ư with their base
letters (``Đà Nẵng`` between ``Dân`` and ``Dương``) where a Vietnamese dictionary puts
each after its base letter's words, a difference a reader scanning a list hardly notices.
"""

import functools

import pyuca


@functools.cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()  # reads the Unicode table once (~0.2 s)


def alphabetical(facet_values) -> list:
    """``FacetValue``s sorted by their values in alphabetical order."""
    key = _collator().sort_key
    return sorted(facet_values, key=lambda item: key(item.value))
