"""A span of dates to search in: ``since`` and ``until``, each a year, a month or a day.

``2019`` to ``2020-06`` means from 1 January 2019 to 30 June 2020. Written the ISO way
(``2019-05-31``) or the Vietnamese way (``31/5/2019``, ``5/2019``). A bulletin is in the
span when all it is known to cover lies in it: its day where it has a date (the event's,
else the page's), its whole year where only the year is known; an undated one never is.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..errors import InvalidQuery
from ..limits import FIRST_YEAR, LAST_YEAR
from .results import DateRange

_ISO = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2}))?)?")
_VIETNAMESE = re.compile(r"(?:(?P<d>[0-9]{1,2})/)?(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})")
_WORDS = {"since": "Ngày bắt đầu", "until": "Ngày kết thúc"}


@dataclass(frozen=True)
class DateSpan:
    first: int  # the first and last day in it, as proleptic Gregorian ordinals
    last: int
    asked: DateRange

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> "DateSpan | None":
        """The span asked for, None when neither end is given; InvalidQuery for a date that
        is not one, or an end before the start."""
        since, until = (str(end).strip() if end is not None and str(end).strip() else None for end in (since, until))
        if since is None and until is None:
            return None
        first = _bounds("since", since)[0] if since else date(FIRST_YEAR, 1, 1)
        last = _bounds("until", until)[1] if until else date(LAST_YEAR, 12, 31)
        if last < first:
            raise InvalidQuery("until", f"Ngày kết thúc ({until}) ở trước ngày bắt đầu ({since}).")
        return cls(first.toordinal(), last.toordinal(), DateRange(since, until))


def _bounds(parameter: str, typed: str) -> tuple[date, date]:
    """The first and the last day ``typed`` covers."""
    found = _ISO.fullmatch(typed) or _VIETNAMESE.fullmatch(typed)
    try:
        year, month, day = (int(found[part]) if found and found[part] else None for part in ("y", "m", "d"))
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        raise InvalidQuery(parameter, f"{_WORDS[parameter]} '{typed}' không phải là một năm, tháng hay ngày "
                                      f"(ví dụ 2019, 2019-05 hoặc 31/05/2019, năm từ {FIRST_YEAR} "
                                      f"đến {LAST_YEAR}).") from None
