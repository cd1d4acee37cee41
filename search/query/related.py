"""Bulletins related to one: the same event reported elsewhere, and bulletins on like subjects.

Real corpora hold the same event written up by several sites (a committee's page, the
province's paper, a district's portal). Two bulletins report the same event when their dates
are at most ``SAME_EVENT_DAYS`` apart, they name the same province (or, without one, the same
unit), and at least ``SAME_EVENT_SHARE`` of their distinctive syllables (the ``KEY_TERMS``
with the highest tf-idf of each) are shared. The threshold was set on the real pair
093/094 of ``bulletins-dev`` (0.16; no other pair of its 47 bulletins within three days of
each other comes above 0.12) and checked on ``bulletins-dev2``.
"""

from dataclasses import dataclass
from datetime import date

from whoosh.query import Or, Term

from ..limits import RELATED_TEXT_CHARS
from .results import Brief

KEY_TERMS = 25
SAME_EVENT_DAYS = 3
SAME_EVENT_SHARE = 0.15
CANDIDATES = 20   # the most similar bulletins looked at for the same event
DIRECTIVE_BOOST = 2.0


@dataclass
class Related:
    same_event: list[Brief]  # the same event, reported elsewhere
    similar: list[Brief]     # like subjects, best first


def key_terms(searcher, stored: dict) -> set[str]:
    """The bulletin's most distinctive syllables (tf-idf over the index), read from its
    opening RELATED_TEXT_CHARS: a bulletin tells its subject early, and a long one must not
    cost its page seconds."""
    opening = stored["body"][:RELATED_TEXT_CHARS]
    return {term for term, _ in searcher.key_terms_from_text("body", opening, numterms=KEY_TERMS)}


def like_query(terms: set[str], directives: list[str]):
    """Bulletins with these syllables, lifted where they cite the same documents."""
    return Or([Term("body", term) for term in sorted(terms)]
              + [Term("directive", label, boost=DIRECTIVE_BOOST) for label in directives])


def same_event(one: dict, other: dict, one_terms: set[str], other_terms: set[str]) -> bool:
    if not one.get("date") or not other.get("date"):
        return False
    apart = abs((date.fromisoformat(one["date"]) - date.fromisoformat(other["date"])).days)
    place = "province" if one.get("province") and other.get("province") else "unit"
    shared = len(one_terms & other_terms) / max(1, len(one_terms | other_terms))
    return apart <= SAME_EVENT_DAYS and one.get(place) == other.get(place) and shared >= SAME_EVENT_SHARE
