"""The YAML front matter a bulletin file may start with (``title``, ``date``, ``unit``,
``level``, ``province``, ``url``, ``directives``, ``authors``), and the values it holds."""

import datetime as dt
import re

import yaml

from ..text import compose

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict, str, list[str]]:
    """Split a leading ``---`` YAML block off ``text``: ``(metadata, rest, warnings)``."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    rest = text[match.end():]
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "invalid YAML"
        return {}, rest, [f"front matter ignored: {problem}"]
    if not isinstance(data, dict):
        return {}, rest, ["front matter ignored: not a key: value block"]
    return data, rest, []


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text[:19] if "%H" in pattern else text, pattern).date()
        except ValueError:
            continue
    return None


def as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [compose(str(item)).strip() for item in value if str(item).strip()]
