"""The one loader of the knowledge files in ``search/knowledge/data/``."""

import functools
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

DATA_DIR = Path(__file__).with_name("data")


TOMLDecodeError = tomllib.TOMLDecodeError


def read_toml(path: Path) -> dict:
    """Any TOML file (a corpus folder's ``_source.toml`` too)."""
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def parse_toml(text: str) -> dict:
    """TOML already read (a corpus folder's ``_source.toml``, read by the corpus's safe reads)."""
    return tomllib.loads(text)


@functools.cache
def load_toml(name: str) -> dict:
    """``search/knowledge/data/<name>``, parsed once. Callers must not change what it returns."""
    return read_toml(DATA_DIR / name)


def read_lines(name: str) -> list[str]:
    """The non-empty lines of a text data file, without ``#`` comments."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
