"""The benchmark script runs end to end on a small corpus (its figures are for people to read;
here only that it works, that the three engines index and serve the same documents, and
that the diverse query set is what the README says)."""

import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import DANTRI, ROOT, need_shared

pytestmark = pytest.mark.slow


def test_benchmark_runs_on_a_small_corpus(tmp_path):
    need_shared(DANTRI)
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "40", "--no-single", "--repeat", "1",
         "--clients", "2", "--duration", "1", "--queries", "60", "--warmup", "10", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    table = run.stdout
    assert re.search(r"documents indexed\s+40\s+40\s+40\s", table), table
    assert re.search(r"diverse set, 60 queries each timed once", table), table
    assert re.search(r"HTTP /api/search, 60 diverse queries once each", table), table
    assert len(re.findall(r"  errors\s+0\s+0\s+0\s", table)) == 2, table
    for row in ("p50 (full: 4 facets + 10 snippets)", "p50 of single syllable", "p50 of 3-4 word plain",
                "p50 of filtered (year, unit, directive)", "requests/s"):
        assert re.search(re.escape(row) + r"\s+\d[\d,.]* (ms)?\s*\d[\d,.]* (ms)?\s*\d[\d,.]*", table), (row, table)
    assert "fixed set repeated x 1 (cached case)" in table


def test_the_diverse_set_is_distinct_sampled_and_mixed():
    """At least 1,000 distinct queries from a fixed seed, the five kinds in equal shares, a
    fifth filtered (year, unit and directive all used), warm-up queries other than the
    measured ones, and the same set every run."""
    need_shared(DANTRI)
    from bench.diverse_queries import FILTER_NAMES, KINDS, sample

    measured, warm = sample(DANTRI, documents=400, workers=1)
    assert len(measured) == 1000 and len(warm) == 200
    keys = [(query.text, query.filters) for query in measured + warm]
    assert len(set(keys)) == len(keys)
    kinds = Counter(query.kind for query in measured + warm)
    assert set(kinds) == set(KINDS) and set(kinds.values()) == {240}
    filtered = [query for query in measured + warm if query.filters]
    assert len(filtered) == 240
    assert {name for query in filtered for name, _ in query.filters} == set(FILTER_NAMES)
    assert all(query.text.startswith('"') for query in measured if query.kind == "two-syllable phrase")
    assert all(query.text.isascii() for query in measured if query.kind == "no diacritics")
    assert all(len(query.text.split()) in (3, 4) for query in measured if query.kind == "3-4 word plain")
    again, _ = sample(DANTRI, documents=400, workers=1)
    assert again == measured
