"""The YAML front matter a bulletin file may start with (``title``, ``date``, ``unit``,
``level``, ``province``, ``url``, ``directives``, ``authors``), and the values it holds.

Front matter is written by hand or by scripts, so it is read defensively:

- with a safe YAML loader that also refuses anchors and aliases (``&a`` / ``*a``): a few
  hundred bytes of nested aliases expand to gigabytes ("billion laughs"); front matter
  that uses them is ignored with a warning and the bulletin indexed without it;
- a block longer than ``MAX_FRONT_MATTER_CHARS`` is ignored with a warning;
- each known key gets the kind of value it expects: one text for ``title``, ``unit``,
  ``level``, ``url``; a list of texts for ``directives`` and ``authors`` (a single text
  or number is one value, a text with commas is split at them); a value of the wrong
  kind is ignored with a warning naming the key, never the bulletin.
"""

import datetime as dt
import re

import yaml
from yaml.composer import ComposerError

from ..limits import MAX_FRONT_MATTER_CHARS
from ..text import compose

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")  # never inside a value: \x1f separates labels

TEXT_KEYS = ("title", "unit", "level", "province", "url")
LIST_KEYS = ("directives", "authors")
DATE_KEY = "date"


class _SafeLoaderWithoutAliases(yaml.SafeLoader):
    """PyYAML's SafeLoader, refusing anchors and aliases before anything is built from them."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, "dùng neo hay bí danh YAML (&tên, *tên), không được phép",
                                event.start_mark)
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict, str, list[str]]:
    """Split a leading ``---`` YAML block off ``text``: ``(values, rest, warnings)``.

    ``values`` holds the known keys present, each of the kind it expects (see the module
    docstring); anything unusable is left out with a warning."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    rest, block = text[match.end():], match.group(1)
    if len(block) > MAX_FRONT_MATTER_CHARS:
        return {}, rest, [f"bỏ qua front matter: dài {len(block):,} ký tự, quá {MAX_FRONT_MATTER_CHARS:,}"]
    try:
        data = yaml.load(block, Loader=_SafeLoaderWithoutAliases) or {}
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "YAML không hợp lệ"
        return {}, rest, [f"bỏ qua front matter: {problem}"]
    except (RecursionError, MemoryError):  # nesting deeper than the parser can follow
        return {}, rest, ["bỏ qua front matter: lồng quá sâu"]
    if not isinstance(data, dict):
        return {}, rest, ["bỏ qua front matter: không phải một khối 'khóa: giá trị'"]
    warnings = []
    return front_matter_values(data, warnings), rest, warnings


def front_matter_values(data: dict, warnings: list[str]) -> dict:
    """The known keys of ``data``, each of the kind it expects; see the module docstring."""
    values = {}
    for key in TEXT_KEYS:
        if data.get(key) is not None:
            text = _text(data[key])
            if text is None:
                warnings.append(f"front matter: {key} phải là một chuỗi chữ, bỏ qua")
            elif text:
                values[key] = text
    if data.get(DATE_KEY) not in (None, ""):
        values[DATE_KEY] = data[DATE_KEY]
    for key in LIST_KEYS:
        if data.get(key) is not None:
            values[key] = as_list(data[key], key, warnings)
    return values


def _text(value) -> str | None:
    """One value as clean text, or None if it is not one value (a list, a mapping, true/false)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        return None
    return _CONTROL.sub(" ", compose(str(value))).strip()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (list, dict, bool)):
        return None
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text[:19] if "%H" in pattern else text, pattern).date()
        except ValueError:
            continue
    return None


def as_list(value, key: str = "", warnings: list[str] | None = None) -> list[str]:
    """A list key's value as texts: a list as it is, one text split at its commas, one
    number as one value; true/false, a mapping, or an item that is not one value is left
    out, with a warning when ``warnings`` is given."""
    warnings = [] if warnings is None else warnings
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in (_text(part) for part in value.split(",")) if part]
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        if item is None:
            continue
        text = _text(item)
        if text is None:
            what = "true/false" if isinstance(item, bool) else "một danh sách hay một bảng"
            warnings.append(f"front matter: {key or 'giá trị'} có {what} ở chỗ cần chữ, bỏ qua")
        elif text:
            texts.append(text)
    return texts
