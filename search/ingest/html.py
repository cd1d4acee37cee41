"""The main text of a saved web page."""

import re

from ..limits import MAX_TAG_ATTRIBUTE_CHARS

# A start tag: its name, then its attributes up to the closing ``>`` (quoted values may
# hold ``>``). Linear: the alternatives start with different characters, nothing after
# the repetition can fail, and an unclosed quote fails at most once per quote character.
_START_TAG = re.compile(r"<([A-Za-z][^\s/>]*)((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)(>?)")


def bound_tags(html: str) -> str:
    """``html`` with every start tag whose attributes exceed ``MAX_TAG_ATTRIBUTE_CHARS``
    kept without its attributes: HTML parsers (libxml2, htmldate) take time growing with
    the square of one tag's attribute count, and no real page needs thousands of them."""
    def bounded(match: re.Match) -> str:
        name, attributes, end = match.groups()
        return match.group() if len(attributes) <= MAX_TAG_ATTRIBUTE_CHARS else f"<{name}{end}"

    return _START_TAG.sub(bounded, html)


def html_to_text(html: str) -> str:
    """The main text of a saved web page (headline first), without menus and footers."""
    import trafilatura  # slow to import; only HTML corpora need it

    document = trafilatura.bare_extraction(bound_tags(html), include_comments=False, include_tables=True,
                                           with_metadata=True, favor_recall=True)
    if document is None:
        return ""
    title = (document.title or "").strip()
    body = (document.text or "").strip()
    # trafilatura separates paragraphs with single newlines; extract() reads blank lines.
    body = re.sub(r"\n+", "\n\n", body)
    return f"{title}\n\n{body}" if title and not body.startswith(title) else body
