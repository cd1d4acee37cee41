"""Staff corrections: a field of a bulletin fixed without editing the bulletin's file.

``_corrections.toml`` at the corpus root holds a table per bulletin id (its path under the corpus without
the extension, in quotes when it holds a ``/`` or a dot), with the fields to set::

    ["ba-dinh/so-ket-quy-3"]
    title = "Sơ kết công tác tuyên giáo quý III năm 2022"
    date = 2022-09-29
    unit = "Ban Tuyên giáo Quận ủy Ba Đình"
    directives = ["Chỉ thị 05-CT/TW"]

    ["tin/hoi-nghi-bao-cao-vien"]
    unit = ""            # an empty value clears a field the text was wrongly read to give

A correction beats everything else (front matter, ``_source.toml``, the text). Each bulletin's content hash
takes in its own entry (:func:`Corrections.keys`, passed to :func:`search.ingest.files.scan_corpus`), so the
next ``bantin index`` re-reads exactly the bulletins whose correction was added, changed or removed.

A line that cannot be used (an id no bulletin has, a field that cannot be corrected, a date that is not one,
a table that does not parse) is left out with a warning naming its line; the rest of the file applies and
every bulletin is indexed.
"""

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge import gazetteer
from ..knowledge.loader import TOMLDecodeError, parse_toml
from ..knowledge.units import levels
from ..limits import FIRST_YEAR, LAST_YEAR, MAX_FILE_BYTES
from ..text import compose, fold
from .frontmatter import parse_date

CORRECTIONS_FILE = "_corrections.toml"
FIELDS = ("title", "date", "published", "year", "unit", "level", "province", "directives", "people", "url")
_TEXTS = ("unit", "province", "url")
_DATES = ("date", "published")
_LISTS = ("directives", "people")
MAX_URL_CHARS = 2048

# A table header on a line of its own: ``["ba-dinh/so-ket-quy-3"]``, ``[a]``, ``[[x]]`` (refused).
_HEADER = re.compile(r"^\s*\[.*\]\s*(?:#[^\"']*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]""")
_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_REFORM_SIDES = (dt.date(2020, 1, 1), dt.date(2026, 1, 1))  # a province known on either map


@dataclass
class Corrections:
    """The usable entries of a corpus's ``_corrections.toml``: ``entries`` maps a bulletin id to its fields
    (values already checked and typed: text, ``datetime.date``, int, lists of text; None or [] where a field
    is cleared), ``lines`` to the line of its table; ``warnings`` say what was left out."""

    entries: dict[str, dict] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def keys(self) -> dict[str, str]:
        """Each corrected bulletin's entry as text: what its content hash and file stamp take in."""
        return {doc_id: json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
                for doc_id, entry in self.entries.items()}

    def attach(self, sources, skipped) -> list[str]:
        """Give each scanned source its entry; warnings for the entries of ids the corpus does not have
        (a file that is there but could not be read is not unknown)."""
        by_id = {source.id: source for source in sources}
        present = set(by_id) | {os.path.splitext(skip.path)[0] for skip in skipped}
        for doc_id, entry in self.entries.items():
            if doc_id in by_id:
                by_id[doc_id].correction = entry
        return [_warning(self.lines[doc_id], f"không có bản tin '{doc_id}' trong kho (mã bản tin là đường dẫn "
                                             f"của tệp trong kho, không có phần đuôi); bảng này bỏ qua")
                for doc_id in self.entries if doc_id not in present]


def read_corrections(corpus_dir: Path) -> Corrections:
    """The corrections of the corpus at ``corpus_dir`` (none when it has no ``_corrections.toml``)."""
    corrections = Corrections()
    path = Path(corpus_dir) / CORRECTIONS_FILE
    try:
        if not path.exists():
            return corrections
        if not path.is_file():
            raise OSError("không phải tệp thường")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise OSError(f"lớn hơn {MAX_FILE_BYTES // 2**20} MB")
        text = path.read_bytes()[:MAX_FILE_BYTES + 1].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = "không phải UTF-8" if isinstance(error, UnicodeDecodeError) else (error.strerror or str(error))
        corrections.warnings.append(f"{CORRECTIONS_FILE}: không đọc được ({reason}); không đính chính nào được áp dụng")
        return corrections
    for first_line, lines in _tables(compose(text).splitlines()):
        _read_table(first_line, lines, corrections)
    return corrections


def _tables(lines: list[str]):
    """``(line number of the header, lines)`` of each table; the lines before the first header come first,
    numbered from 1, without a header."""
    start, chunk = 1, []
    for number, line in enumerate(lines, start=1):
        if _HEADER.match(line):
            yield start, chunk
            start, chunk = number, []
        chunk.append(line)
    yield start, chunk


def _read_table(first_line: int, lines: list[str], corrections: Corrections) -> None:
    has_header = bool(lines) and bool(_HEADER.match(lines[0]))
    if not has_header:
        key_lines = [first_line + at for at, line in enumerate(lines) if _KEY.match(line)]
        if key_lines:
            corrections.warnings.append(_warning(key_lines[0], "giá trị nằm ngoài bảng của bản tin nào: hãy viết "
                                                               "[\"mã-bản-tin\"] ở dòng trên nó; bỏ qua"))
        return
    try:
        header = parse_toml(lines[0])
        data = parse_toml("\n".join(lines))
    except TOMLDecodeError as error:
        message = str(error)
        at = _AT_LINE.search(message)
        line = first_line + int(at.group(1)) - 1 if at else first_line
        hint = (" (mã bản tin có dấu / hay dấu chấm phải đặt trong ngoặc kép: [\"thu-muc/ten-tep\"])"
                if line == first_line else "")
        corrections.warnings.append(_warning(line, f"không đọc được (lỗi cú pháp TOML: {_AT_LINE.sub('', message)}){hint}; "
                                                   f"bảng {lines[0].strip()} bỏ qua"))
        return
    (doc_id, inner), = header.items()  # a header parses to one key
    if inner != {}:  # [a.b] or [[a]]
        corrections.warnings.append(_warning(first_line, "mỗi bản tin là một bảng [\"mã-bản-tin\"], mã trong "
                                                         "ngoặc kép (không dùng [[...]] hay [a.b]); bỏ qua"))
        return
    table = data[doc_id]
    doc_id = compose(doc_id).strip()
    if doc_id in corrections.entries:
        corrections.warnings.append(_warning(first_line, f"bản tin '{doc_id}' đã được đính chính ở dòng "
                                                         f"{corrections.lines[doc_id]}; bảng này bỏ qua"))
        return
    key_lines = _key_lines(first_line, lines)
    entry = {}
    for name, value in table.items():
        line = key_lines.get(name, first_line)
        if name not in FIELDS:
            corrections.warnings.append(_warning(line, f"không đính chính được trường '{name}' (chỉ được: "
                                                       f"{', '.join(FIELDS)}); bỏ qua"))
            continue
        try:
            entry[name] = checked(name, value)
        except ValueError as error:
            corrections.warnings.append(_warning(line, f"{name}: {error}; bỏ qua"))
    corrections.entries[doc_id] = entry
    corrections.lines[doc_id] = first_line


def _key_lines(first_line: int, lines: list[str]) -> dict[str, int]:
    """The line each key of a table is written on."""
    found = {}
    for at, line in enumerate(lines[1:], start=1):
        match = _KEY.match(line)
        if match:
            key = match.group(1)
            found.setdefault(key[1:-1] if key[0] in "\"'" else key, first_line + at)
    return found


def checked(name: str, value):
    """A correction's value as the bulletin's field holds it, or ValueError saying what is wrong."""
    if name in _DATES:
        return _date(value)
    if name == "year":
        return _year(value)
    if name in _LISTS:
        return _list(value)
    text = _text(value)
    if name == "title":
        if not text:
            raise ValueError("tiêu đề không được để trống")
        return text
    if not text:
        return None  # cleared
    if name == "level":
        return _level(text)
    if name == "province" and not any(gazetteer.merged_into(text, on) for on in _REFORM_SIDES):
        raise ValueError(f"không biết tỉnh/thành phố '{text}' (viết như 'Hà Nội', 'Thừa Thiên Huế')")
    if name == "url" and (len(text) > MAX_URL_CHARS or any(ch.isspace() for ch in text)):
        raise ValueError("địa chỉ không hợp lệ (có dấu cách hay quá dài)")
    return text


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"phải là chữ trong ngoặc kép (nhận được {_shown(value)})")
    return _CONTROL.sub(" ", compose(value)).strip()


def _date(value) -> dt.date | None:
    if value == "":
        return None
    parsed = parse_date(value) if isinstance(value, (str, dt.date)) else None
    if parsed is None:
        raise ValueError(f"ngày {_shown(value)} không hợp lệ (viết YYYY-MM-DD, vd. 2022-09-29)")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(f"năm {parsed.year} nằm ngoài khoảng {FIRST_YEAR}-{LAST_YEAR}")
    return parsed


def _year(value) -> int | None:
    if value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"năm {_shown(value)} không hợp lệ (một số từ {FIRST_YEAR} đến {LAST_YEAR})")
    return value


def _list(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"phải là danh sách chữ, vd. [\"Chỉ thị 05-CT/TW\"] (nhận được {_shown(value)})")
    return list(dict.fromkeys(item for item in (_text(item) for item in value) if item))


def _level(text: str) -> str:
    known = {fold(level).casefold(): level for level in levels()}
    level = known.get(fold(text).casefold())
    if level is None:
        raise ValueError(f"cấp '{text}' không có (chỉ: {', '.join(levels())})")
    return level


def _shown(value) -> str:
    shown = repr(value) if not isinstance(value, dt.date) else value.isoformat()
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _warning(line: int, message: str) -> str:
    return f"{CORRECTIONS_FILE} dòng {line}: {message}"
