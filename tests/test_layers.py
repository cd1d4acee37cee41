"""The layering of the code holds: the import contracts of pyproject.toml, checked by
import-linter, and what a search loads."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
BUILD_SIDE = ("search.ingest", "search.metadata", "search.index.build", "search.index.workers",
              "search.index.documents", "tqdm", "multiprocessing", "yaml", "trafilatura", "flask", "web", "cli",
              "sklearn", "scipy")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": ""}, timeout=120)


def test_the_import_contracts_are_kept():
    checked = lint_imports(ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 broken" in checked.stdout


def test_a_forbidden_import_breaks_the_contracts(tmp_path):
    """The contracts can fail: an engine module that imports the web app is caught."""
    for name in ("search", "web", "cli"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    text_module = tmp_path / "search" / "text.py"
    text_module.write_text(text_module.read_text(encoding="utf-8") + "\nimport web.render\n", encoding="utf-8")
    checked = lint_imports(tmp_path)
    assert checked.returncode != 0
    assert "The engine never imports its front ends BROKEN" in checked.stdout
    assert "search.text -> web.render" in checked.stdout


def test_searching_loads_nothing_of_the_build_side(seed_index):
    """``import search`` and a whole search load neither ingest, metadata, the build's
    workers nor their libraries."""
    script = ("import json, sys, search\n"
              "imported = sorted(sys.modules)\n"
              f"assert search.Engine({str(seed_index)!r}).search('tuyên giáo').total > 0\n"
              "print(json.dumps([imported, sorted(sys.modules)]))")
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    for loaded in json.loads(output.stdout):
        assert [name for name in loaded if _on_build_side(name)] == []


def _on_build_side(module: str) -> bool:
    return any(module == side or module.startswith(side + ".") for side in BUILD_SIDE)
