"""The index's fields."""

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..analysis.analyzers import folded_analyzer, pair_analyzer, syllable_analyzer, word_analyzer

# Labels of a multi-valued field (``directive``) are stored joined by this, the ASCII unit
# separator: a control character, which no label holds (front matter values lose theirs),
# so a label with a comma (``Kế hoạch tuyên truyền năm 2023, đợt 2``) is read back whole.
LABEL_SEPARATOR = "\x1f"


def make_schema() -> Schema:
    syllables = syllable_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        content_hash=ID(stored=True, sortable=True),
        # The text's fingerprint: copies of one text (syndicated, differing only in site chrome) share it.
        text_key=ID(sortable=True),
        # A query word that is several syllables (``Nagorno-Karabakh``, ``05-CT/TW``) is a phrase.
        title=TEXT(analyzer=syllables, stored=True, multitoken_query="phrase"),
        body=TEXT(analyzer=syllables, stored=True, multitoken_query="phrase"),
        folded=TEXT(analyzer=folded_analyzer(), multitoken_query="phrase"),
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        # Two common syllables side by side, without diacritics, as one term (``viet_nam``).
        pairs=TEXT(analyzer=pair_analyzer(), phrase=False),
        unit=ID(stored=True, sortable=True),
        level=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        # Each label one term, as it is written (spaces and commas kept).
        directive=KEYWORD(stored=True, sortable=True, analyzer=RegexTokenizer(f"[^{LABEL_SEPARATOR}]+")),
        date=ID(stored=True, sortable=True),  # ISO text: sorts by date, and missing dates work
        published=STORED,  # ISO date of the page's own stamp, or None
        authors=STORED,
        people=STORED,
        provenance=STORED,  # {field: where its value came from} (search/provenance.py)
        url=STORED,
        path=STORED,
    )


def split_labels(joined: str | None) -> list[str]:
    """The labels of a multi-valued field as stored."""
    return [label for label in (joined or "").split(LABEL_SEPARATOR) if label]
