"""Turn the raw bytes of a corpus file into text.

Bulletins arrive as UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, or
Windows-1258, the legacy Vietnamese code page that stores tone marks as separate
combining characters. Whatever the source, the result is composed to NFC.
"""

import codecs
import unicodedata

from ..text import compose

LEGACY_ENCODING = "cp1258"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of U+FFFD tolerated in a file that is otherwise UTF-8: a few broken bytes
# in a long page should cost those characters, not the whole bulletin.
_MAX_BROKEN_UTF8_SHARE = 0.01


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Return ``(text, warnings)`` for ``raw``; raise :class:`DecodeError` if it is not text."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return compose(raw.decode(encoding)), []
            except UnicodeDecodeError as error:
                raise DecodeError(f"có dấu BOM {encoding} nhưng không phải {encoding} hợp lệ: {error.reason}") from None
    if b"\x00" in raw:
        raise DecodeError("có vẻ là tệp nhị phân (có byte NUL, không có dấu BOM UTF-16)")
    try:
        return compose(raw.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    mostly_utf8 = raw.decode("utf-8", errors="replace")
    broken = mostly_utf8.count("\ufffd")
    if _looks_like_utf8(raw) and broken <= max(1, len(mostly_utf8) * _MAX_BROKEN_UTF8_SHARE):
        return compose(mostly_utf8), [f"{broken} chuỗi byte UTF-8 không hợp lệ đã thay bằng U+FFFD"]
    return _decode_legacy(raw), [f"đọc theo bảng mã {LEGACY_ENCODING} (Windows-1258)"]


def _looks_like_utf8(raw: bytes) -> bool:
    """True if the bytes contain well-formed UTF-8 multi-byte sequences (as Vietnamese UTF-8 does)."""
    valid_multibyte = len(raw.decode("utf-8", errors="ignore").encode("utf-8")) - len(raw.decode("ascii", errors="ignore"))
    return valid_multibyte > 0


def _decode_legacy(raw: bytes) -> str:
    try:
        text = raw.decode(LEGACY_ENCODING)
    except UnicodeDecodeError:
        raise DecodeError("không phải UTF-8, UTF-16 có dấu BOM hay Windows-1258") from None
    if not _plausible_text(text):
        raise DecodeError("không giống văn bản UTF-8, UTF-16 hay Windows-1258")
    return compose(text)


def _plausible_text(text: str) -> bool:
    """Reject byte soup that happens to map onto Windows-1258 code points."""
    if not text:
        return True
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    return controls / len(text) < 0.01
