"""Extraction measured against the 47 hand-checked bulletins of ../shared/data/bulletins-dev.

Run with ``pytest -s`` to see the accuracy per field and every miss. Titles and units are compared
after light normalisation (NFC, case, spacing, trailing punctuation). A null gold title means the
text shows no headline: it counts as matched when our title is the lead-derived stand-in.

Dates: the issue's seeds fix the policy "the publication date where the page gives one, else the
event date"; the gold records the event date. Misses where our date is the page's publication stamp
and the gold's is the event date are listed apart as policy conflicts (the seeds win).
"""

import json
import unicodedata
from pathlib import Path

import pytest

from search.ingest.cleaning import clean, is_update_stamp
from search.metadata.dates import stamp_date
from search.metadata.extract import extract
from search.text import compose

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "data" / "bulletins-dev"
FIELDS = ("title", "date", "year", "unit", "level")
# The accuracy reached on this dev set; a change that lowers one fails here.
FLOORS = {"title": 1.0, "date": 0.87, "year": 0.93, "unit": 0.95, "level": 0.97}
FLOOR_DATE_WITHOUT_CONFLICTS = 0.95


def norm(value):
    if not isinstance(value, str):
        return value
    return " ".join(unicodedata.normalize("NFC", value).casefold().split()).rstrip(" .,;:!?…")


@pytest.fixture(scope="module")
def results():
    if not (DEV / "gold.jsonl").exists():
        pytest.skip(f"{DEV} is missing: this test reads the bulletins-dev gold set in ../shared beside the project")
    rows = []
    for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = compose((DEV / gold["file"]).read_text(encoding="utf-8"))
        rows.append((gold, text, extract(text)))
    return rows


def compared(gold: dict, found) -> dict[str, tuple]:
    """field -> (ours, gold), normalised."""
    return {
        "title": (norm(found.title) if found.title_is_headline else None, norm(gold["title"])),
        "date": (found.date.isoformat() if found.date else None, gold["date"]),
        "year": (found.year, gold["year"]),
        "unit": (norm(found.unit), norm(gold["unit"])),
        "level": (found.level, gold["unit_level"]),
    }


def is_policy_conflict(text: str, ours: str | None, theirs: str | None) -> bool:
    """Our date is the page's publication stamp; the gold's is another (the event's) date."""
    stamps = {stamp_date(s) for s in clean(text).stamps if not is_update_stamp(s)}
    return bool(ours and theirs) and any(s and s.isoformat() == ours for s in stamps)


def test_accuracy_per_field(results):
    misses = {field: [] for field in FIELDS}
    conflicts = []
    for gold, text, found in results:
        for field, (ours, theirs) in compared(gold, found).items():
            if ours == theirs:
                continue
            misses[field].append(f"{gold['file']}: ours {ours!r}, gold {theirs!r}")
            if field == "date" and is_policy_conflict(text, ours, theirs):
                conflicts.append(gold["file"])
    total = len(results)
    accuracy = {field: 1 - len(misses[field]) / total for field in FIELDS}
    print(f"\nExtraction on {total} bulletins-dev texts")
    for field in FIELDS:
        print(f"  {field:6} {accuracy[field]:.3f}  ({total - len(misses[field])}/{total})")
        for miss in misses[field]:
            print(f"      {miss}")
    date_without_conflicts = (total - len(misses["date"])) / (total - len(conflicts))
    print(f"  date, publication-vs-event conflicts left out ({', '.join(conflicts)}): {date_without_conflicts:.3f}")
    for field in FIELDS:
        assert accuracy[field] >= FLOORS[field], (field, misses[field])
    assert date_without_conflicts >= FLOOR_DATE_WITHOUT_CONFLICTS


def test_every_dev_text_has_a_title_and_a_body(results):
    for gold, _, found in results:
        assert found.title and found.body, gold["file"]
        assert not found.body.startswith(found.title) or not found.title_is_headline, gold["file"]
