"""Character-level normalisation shared by ingest and analysis.

Real pages mix composed (NFC) and decomposed (NFD) Vietnamese, and some sites type
the Icelandic eth ``Ð`` (U+00D0) where they mean ``Đ`` (U+0110). Everything that reads
text passes it through :func:`compose` first, so the rest of the code sees one form.
"""

import unicodedata

_LOOKALIKES = str.maketrans({
    "\u00d0": "\u0110",  # Ð (eth) -> Đ
    "\u00f0": "\u0111",  # ð (eth) -> đ
    "\u00a0": " ",       # no-break space
    "\ufeff": "",        # stray byte-order marks inside the text
})


def compose(text: str) -> str:
    """Return ``text`` in NFC with look-alike letters mapped to their Vietnamese form."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
