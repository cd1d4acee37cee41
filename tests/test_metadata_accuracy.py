"""Metadata extraction measured against the hand-checked gold of ../shared/data/bulletins-dev (the set the rules
were developed on) and bulletins-dev2 (other sites, bulletins the rules never saw).

Files are read as they are: no front matter, no URL, no ``_source.toml``. A field matches when both sides are
equal after folding (diacritics dropped, case folded, whitespace collapsed); a null gold value matches None.
A null gold title means the text shows no headline: our lead-sentence stand-in counts as None.
Central directives and officials named are lists: precision and recall over all files of a set.

Run with ``pytest -s tests/test_metadata_accuracy.py`` to see the table and every miss. Each figure has a floor
at the value reached: a change that lowers one fails here.
"""

import json
import re

import pytest

from conftest import SHARED, need_shared
from search.knowledge.directives import find_directives
from search.metadata.extract import extract
from search.text import compose, fold

pytestmark = pytest.mark.slow

SETS = ("bulletins-dev", "bulletins-dev2")
FIELDS = ("title", "date", "published", "year", "unit", "level", "province")
LISTS = ("directives", "people")
# The figures reached (precision, recall for the lists); a change that lowers one fails here.
FLOORS = {
    "bulletins-dev": {"title": 1.0, "date": 0.96, "published": 1.0, "year": 0.96, "unit": 0.96, "level": 0.98,
                      "province": 1.0, "directives": (1.0, 1.0), "people": (1.0, 1.0)},
    "bulletins-dev2": {"title": 0.93, "date": 1.0, "published": 1.0, "year": 0.97, "unit": 0.97, "level": 1.0,
                       "province": 1.0, "directives": (1.0, 1.0), "people": (1.0, 1.0)},
}
_CENTRAL = re.compile(r"/TW$|^Nghị quyết (?:Trung ương|Đại hội)")


def folded(value):
    """The form fields are compared in; dates and numbers as text, None stays None."""
    if value is None:
        return None
    return " ".join(fold(compose(str(value))).casefold().split())


def ours(found) -> dict:
    """Our fields for one bulletin, by the gold's names."""
    return {
        "title": found.title if found.title_is_headline else None,
        "date": found.date, "published": found.published, "year": found.year,
        "unit": found.unit, "level": found.level, "province": found.province,
        "directives": [d for d in find_directives(f"{found.title}\n{found.body}") if _CENTRAL.search(d)],
        "people": found.people,
    }


def gold_fields(gold: dict) -> dict:
    return {**gold, "level": gold["unit_level"]}


@pytest.fixture(scope="module", params=SETS)
def measured(request):
    folder = need_shared(SHARED / "data" / request.param)
    rows = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = (folder / gold["file"]).read_text(encoding="utf-8")
        found = extract(text)
        assert found.title and found.body, gold["file"]
        assert not (found.title_is_headline and found.body.startswith(found.title)), gold["file"]
        rows.append((gold["file"], gold_fields(gold), ours(found)))
    return request.param, rows


def accuracy(rows, field) -> tuple[float, list[str]]:
    misses = [f"{name}: ours {o[field]!r}, gold {g[field]!r}"
              for name, g, o in rows if folded(o[field]) != folded(g[field])]
    return 1 - len(misses) / len(rows), misses


def precision_recall(rows, field) -> tuple[float, float, list[str]]:
    found = right = wanted = 0
    misses = []
    for name, g, o in rows:
        mine, theirs = {folded(x) for x in o[field]}, {folded(x) for x in g[field]}
        found, right, wanted = found + len(mine), right + len(mine & theirs), wanted + len(theirs)
        if mine != theirs:
            misses.append(f"{name}: extra {sorted(mine - theirs)}, missed {sorted(theirs - mine)}")
    return right / found if found else 1.0, right / wanted if wanted else 1.0, misses


def test_accuracy_holds(measured):
    name, rows = measured
    floors, failed = FLOORS[name], []
    print(f"\n{name}: {len(rows)} bulletins")
    for field in FIELDS:
        value, misses = accuracy(rows, field)
        print(f"  {field:10} {value:.2f}  ({round(value * len(rows))}/{len(rows)})")
        print("".join(f"      {miss}\n" for miss in misses), end="")
        if value < floors[field] - 0.005:
            failed.append((field, value))
    for field in LISTS:
        precision, recall, misses = precision_recall(rows, field)
        print(f"  {field:10} precision {precision:.2f} recall {recall:.2f}")
        print("".join(f"      {miss}\n" for miss in misses), end="")
        if precision < floors[field][0] - 0.005 or recall < floors[field][1] - 0.005:
            failed.append((field, precision, recall))
    assert not failed, failed
