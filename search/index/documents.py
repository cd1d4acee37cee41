"""A bulletin as a Whoosh document, its text fields already analysed."""

from ..analysis.analyzers import normalise_word
from ..analysis.pairs import folded_pairs
from ..analysis.segmenter import compound_words
from ..metadata.bulletin import Bulletin
from ..text import fold, syllables
from .schema import LABEL_SEPARATOR


def document_for(bulletin: Bulletin) -> dict:
    """The Whoosh document for a bulletin, its text fields already analysed (runs pyvi:
    call it in a worker).

    Text fields are given as token lists, which Whoosh indexes as they are
    (``_stored_<field>`` keeps the original text): the analysis runs here, in parallel
    workers, not in the one process that writes the index.
    """
    text = f"{bulletin.title}\n{bulletin.body}"
    title, body = syllables(bulletin.title), syllables(bulletin.body)
    folded = [fold(syllable) for syllable in title + body]
    document = {
        "id": bulletin.id,
        "content_hash": bulletin.content_hash,
        "title": title,
        "_stored_title": bulletin.title,
        "body": body,
        "_stored_body": bulletin.body,
        "folded": folded,
        "words": [normalise_word(word) for word in compound_words(text)],
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
    document.update(
        unit=bulletin.unit or "",
        level=bulletin.level or "",
        province=bulletin.province or "",
        year=str(bulletin.year) if bulletin.year else "",
        date=bulletin.date.isoformat() if bulletin.date else "",
    )
    return document
