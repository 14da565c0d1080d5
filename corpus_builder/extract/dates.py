"""Date strings as pages write them -> ISO YYYY-MM-DD.

Accepted shapes: ISO dates and datetimes (any time zone suffix; the calendar date written in the
string is kept, not converted to UTC, because that is the date the publisher meant),
"2019/09/10", "2019.09.10", "September 10, 2019", "Sept. 10 2019", "10 Sep 2019",
"Tuesday, 10 September 2019 14:00", "10.09.2019" (day first, as in Europe), and "25/12/2019" or
"12/25/2019" when only one reading is possible. Anything else, ambiguous slashed dates
("03/04/2019") and impossible dates (Feb 30) give None: an unknown date is null, never a guess.
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

# Tried in order; each is anchored at the start (after an optional weekday) so that a number
# inside a longer text is never read as a date.
_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])"),
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:T|$)"),
    re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.IGNORECASE),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
]
# "12/25/2019" (US) and "25/12/2019" (most of the world) share a shape: read it only when one
# of the two numbers cannot be a month, otherwise the date is ambiguous and left unknown.
_SLASHED = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?!\d)")
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
# Longer strings are not a date field but a text that may merely contain one.
_MAX_LENGTH = 64


def normalise_date(value: str | None) -> str | None:
    """`value` as ISO YYYY-MM-DD, or None when it is not a recognisable, valid date."""
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > _MAX_LENGTH:
        return None
    text = _WEEKDAY.sub("", text)
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        month = m.group("month")
        month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        return _iso(int(m.group("year")), month_no, int(m.group("day")))
    m = _SLASHED.match(text)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            return _iso(int(m.group("year")), b, a)
        if b > 12 >= a:
            return _iso(int(m.group("year")), a, b)
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None
