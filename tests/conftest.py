import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DANTRI = SHARED / "data" / "news-dantri"
BULLETINS_DEV = SHARED / "data" / "bulletins-dev"
CORPUS = ROOT / "corpus"

sys.path.insert(0, str(ROOT))  # bench/quality.py: the measures the bench scripts print

SEED_IDS = ["000_d30b1399ac50a2e2", "001_ce4fcaa25c1ddba7", "002_2fbd65798a9931f3",
            "003_2fa3e06238549911", "004_c1a92cc1975631cc"]


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is missing: these tests read ../shared beside the project")
    return path


def encode_cp1258(text: str) -> bytes:
    """Encode like a legacy Vietnamese Windows editor: base letters precomposed where
    Windows-1258 has them, tone marks as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index built from the project's corpus/ (the five seed bulletins)."""
    from search import update_index

    index_dir = tmp_path_factory.mktemp("seed-index")
    update_index(CORPUS, index_dir, workers=1)
    return index_dir


@pytest.fixture(scope="session")
def seed_engine(seed_index):
    from search import Engine

    engine = Engine(seed_index)
    yield engine
    engine.close()


def copy_seeds(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="session")
def dantri(tmp_path_factory):
    """One index of the 2,653 Dân trí articles for every test that needs it (about a
    minute and a half to build): ``(build report, engine)``."""
    from search import update_index
    from search import Engine

    need_shared(DANTRI)
    index_dir = tmp_path_factory.mktemp("dantri-index")
    report = update_index(DANTRI, index_dir)
    engine = Engine(index_dir)
    yield report, engine
    engine.close()
