"""Word (``.docx``) and PDF bulletins as plain text, a paragraph a line, for the same metadata rules as a
``.txt`` (the periodical "Bản tin" of a committee often comes as one or the other).

* ``.docx`` is read with python-docx: the body's paragraphs and tables in order (a table row a line, its
  cells parted by " | "). The archive is refused unread when it would unpack to more than
  ``MAX_UNPACKED_BYTES`` (a zip bomb).
* ``.pdf`` is read with pypdf, the text layer only: the first ``MAX_PDF_PAGES`` pages and for at most
  ``MAX_PDF_SECONDS``, with a warning when the rest is left. A PDF without a text layer (a scan, pages of
  images) is skipped with a message that says so: there is nothing to search until it has been through
  OCR. The lines of a page are joined back into paragraphs where a long line runs on into a line that
  begins in lower case; lines that are a page number alone go.

Both libraries load only when a corpus holds such a file.
"""

import io
import logging
import re
import time
import zipfile

from ..errors import IngestError
from ..limits import MAX_PDF_PAGES, MAX_PDF_SECONDS, MAX_UNPACKED_BYTES
from ..text import compose

DOCX_SUFFIX, PDF_SUFFIX = ".docx", ".pdf"
OFFICE_SUFFIXES = {DOCX_SUFFIX, PDF_SUFFIX}
NO_TEXT_LAYER = "PDF không có lớp chữ (bản quét?): không có chữ nào để tìm; hãy nhận dạng chữ (OCR) rồi lưu lại"
# Fewer letters than this in the whole PDF is no text layer (a scan may carry a stray letter or a page number).
MIN_PDF_LETTERS = 20

_PAGE_NUMBER = re.compile(r"^[\W_]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\W_]*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;…\"”»)]$")
# A line at least this share of the page's usual full line is taken to run on into the next.
_FULL_LINE = 0.7


def office_text(suffix: str, raw: bytes) -> tuple[str, list[str]]:
    """The text of a ``.docx`` or ``.pdf`` file's bytes, and warnings; :class:`IngestError` when it cannot
    be read or has no text."""
    if suffix == DOCX_SUFFIX:
        return docx_text(raw), []
    return pdf_text(raw)


def docx_text(raw: bytes) -> str:
    """The paragraphs and table rows of a Word document's body, a line each."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise IngestError("không phải tệp Word .docx hợp lệ (hỏng, hay là tệp khác đổi tên)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise IngestError(f"tệp .docx giải nén ra {unpacked / 2**20:.0f} MB, quá {MAX_UNPACKED_BYTES / 2**20:.0f} MB "
                          f"cho một bản tin: không đọc")
    import docx  # only corpora with Word files need it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines += _table_lines(block)
            else:
                lines.append(block.text)
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml's errors ... on a broken file
        raise IngestError(f"không đọc được tệp Word .docx ({type(error).__name__})") from None
    return compose("\n".join(lines))


def _table_lines(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # a merged cell is given once per column it spans
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def pdf_text(raw: bytes) -> tuple[str, list[str]]:
    """The text layer of a PDF, its lines joined back into paragraphs, and warnings."""
    from pypdf import PdfReader  # only corpora with PDF files need it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on odd but readable files are not ours
    warnings = []
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not _opened(reader):
            raise IngestError("PDF có mật khẩu: không đọc được")
        count = len(reader.pages)
        pages, started = [], time.monotonic()
        for number in range(min(count, MAX_PDF_PAGES)):
            if time.monotonic() - started > MAX_PDF_SECONDS:
                warnings.append(f"PDF đọc quá {MAX_PDF_SECONDS} giây: chỉ lấy {number}/{count} trang đầu")
                break
            pages.append(reader.pages[number].extract_text() or "")
    except IngestError:
        raise
    except Exception as error:  # pypdf's own errors, and what a damaged file makes it raise
        raise IngestError(f"PDF hỏng, không đọc được ({type(error).__name__})") from None
    if count > MAX_PDF_PAGES:
        warnings.append(f"PDF có {count} trang: chỉ đọc {MAX_PDF_PAGES} trang đầu")
    text = compose("\n".join(paragraph for page in pages for paragraph in paragraphs(page)))
    if sum(ch.isalpha() for ch in text) < MIN_PDF_LETTERS:
        raise IngestError(NO_TEXT_LAYER)
    return text, warnings


def _opened(reader) -> bool:
    """True if an encrypted PDF opens without a password (many are encrypted only to forbid printing)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an encryption pypdf cannot undo without an optional library
        return False


def paragraphs(page: str) -> list[str]:
    """The paragraphs of a page's text: a long line that does not end a sentence is joined to a next line
    that begins in lower case; a line that is only a page number goes."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    lines = [line for line in lines if not line or not _PAGE_NUMBER.match(line)]
    lengths = sorted(len(line) for line in lines if line)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    found, current = [], ""
    for line in lines:
        if current and line and line[0].islower() and len(current) >= _FULL_LINE * full \
                and not _SENTENCE_END.search(current):
            current = f"{current[:-1]}{line}" if current.endswith("-") and current[-2:-1].isalpha() else f"{current} {line}"
            continue
        if current:
            found.append(current)
        current = line
    if current:
        found.append(current)
    return found
