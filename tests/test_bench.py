"""The benchmark script runs end to end on a small corpus (its figures are for people to read;
here only that it works and that both engines index and serve the same documents)."""

import re
import subprocess
import sys

import pytest

from conftest import DANTRI, ROOT, need_shared

pytestmark = pytest.mark.slow


def test_benchmark_runs_on_a_small_corpus(tmp_path):
    need_shared(DANTRI)
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "40", "--no-single", "--repeat", "1",
         "--clients", "2", "--duration", "1", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    table = run.stdout
    assert re.search(r"documents indexed\s+40\s+40\s", table), table
    assert re.search(r"HTTP errors\s+0\s+0\s", table), table
    assert re.search(r"search p50 .*\d+\.\d ms\s+\d+\.\d ms", table), table
