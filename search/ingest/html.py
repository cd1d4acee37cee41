"""The main text of a saved web page."""

import re


def html_to_text(html: str) -> str:
    """The main text of a saved web page (headline first), without menus and footers."""
    import trafilatura  # slow to import; only HTML corpora need it

    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                           with_metadata=True, favor_recall=True)
    if document is None:
        return ""
    title = (document.title or "").strip()
    body = (document.text or "").strip()
    # trafilatura separates paragraphs with single newlines; extract() reads blank lines.
    body = re.sub(r"\n+", "\n\n", body)
    return f"{title}\n\n{body}" if title and not body.startswith(title) else body
