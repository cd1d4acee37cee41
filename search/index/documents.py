"""A bulletin as a Whoosh document, its text fields already analysed.

One file's analysis is bounded (``search/limits.py``): the whole text is stored and shown,
the first ``MAX_INDEXED_CHARS`` characters of title and body are indexed, and the
segmenter reads the first ``MAX_SEGMENTED_CHARS`` in pieces cut at paragraph ends.
"""

import hashlib

from ..analysis.analyzers import normalise_word
from ..analysis.pairs import folded_pairs
from ..analysis.segmenter import compound_words
from ..limits import FIRST_YEAR, LAST_YEAR, MAX_INDEXED_CHARS, MAX_SEGMENTED_CHARS, SEGMENTER_PIECE_CHARS
from ..metadata.bulletin import Bulletin
from ..text import fold, syllables
from .schema import LABEL_SEPARATOR

MIN_COPY_SYLLABLES = 40


def document_for(bulletin: Bulletin, warnings: list[str] | None = None) -> dict:
    """The Whoosh document for a bulletin, its text fields already analysed (runs the
    segmenter: call it in a worker). A bulletin longer than the analysis budget adds a
    warning to ``warnings`` saying how much of it can be found.

    Text fields are given as token lists, which Whoosh indexes as they are
    (``_stored_<field>`` keeps the original text): the analysis runs here, in parallel
    workers, not in the one process that writes the index.
    """
    title_text = bulletin.title[:MAX_INDEXED_CHARS]
    body_text = bulletin.body[:max(0, MAX_INDEXED_CHARS - len(title_text))]
    if len(body_text) < len(bulletin.body) and warnings is not None:
        length = len(bulletin.title) + len(bulletin.body)
        warnings.append(f"bản tin dài {_number(length)} ký tự: chỉ tìm được trong {_number(MAX_INDEXED_CHARS)} "
                        f"ký tự đầu (vẫn lưu và hiện đủ)")
    title, body = syllables(title_text), syllables(body_text)
    folded = [fold(syllable) for syllable in title + body]
    document = {
        "id": bulletin.id,
        "content_hash": bulletin.content_hash,
        "text_key": text_key(body),
        "title": title,
        "_stored_title": bulletin.title,
        "body": body,
        "_stored_body": bulletin.body,
        "folded": folded,
        "words": [normalise_word(word) for piece in segmenter_pieces(f"{title_text}\n{body_text}")
                  for word in compound_words(piece)],
        "pairs": folded_pairs(folded),
        "directive": LABEL_SEPARATOR.join(bulletin.directives),
        "published": bulletin.published.isoformat() if bulletin.published else None,
        "authors": bulletin.authors,
        "people": bulletin.people,
        "provenance": bulletin.provenance,
        "url": bulletin.url,
        "path": bulletin.path,
    }
    # Always write the sortable fields, empty when unknown: Whoosh's column reader fails on
    # a segment in which no document has a value for a sortable field.
    year = bulletin.year if bulletin.year and FIRST_YEAR <= bulletin.year <= LAST_YEAR else None
    document.update(
        unit=bulletin.unit or "",
        level=bulletin.level or "",
        province=bulletin.province or "",
        year=str(year) if year else "",
        date=bulletin.date.isoformat() if year and bulletin.date else "",
    )
    return document


def text_key(body: list[str]) -> str:
    """The fingerprint of a body's words (its syllables without diacritics): copies of one
    text share it whatever their chrome, case or spelling of marks. "" for a text too short
    to tell a copy from a coincidence."""
    if len(body) < MIN_COPY_SYLLABLES:
        return ""
    return hashlib.sha1(" ".join(map(fold, body)).encode("utf-8")).hexdigest()[:16]


def segmenter_pieces(text: str, budget: int = MAX_SEGMENTED_CHARS, piece: int = SEGMENTER_PIECE_CHARS) -> list[str]:
    """The first ``budget`` characters of ``text`` in pieces of at most ``piece`` characters,
    cut at paragraph ends where there are some (else at a line end or a space): one CRF
    sequence each, so no single call grows with the length of the whole bulletin. A short
    text is one piece, segmented exactly as pyvi segments it."""
    text = text[:budget]
    pieces = []
    while len(text) > piece:
        cut = next((at for at in (text.rfind(end, 0, piece) for end in ("\n\n", "\n", " ")) if at > 0), piece)
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return [part for part in pieces if part.strip()]


def _number(count: int) -> str:
    """``1650021`` -> ``1.650.021``, as Vietnamese writes it."""
    return f"{count:,}".replace(",", ".")
