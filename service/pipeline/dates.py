"""When a sentence says its event happened, as a calendar date, if the text says so for sure.

Read, first match wins (a news sentence names its event's day before any background):
- a month and day, with a year or in the article's year ("March 3", "3 March 2019");
- a weekday or "today" / "yesterday" / "tomorrow", against the article's publication date:
  the last such day on or before it, or the next on or after it when the sentence speaks of
  the future ("will vote on Tuesday") or says "next"; "last Monday" is strictly before;
- a year after a preposition ("in 2009", "since 2014"), as that year's first day.
Anything else (a weekday with no publication date, "March 3" with neither a year nor a
publication date) is no date: the order keeps its own reasons there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from chorus.checker.quantities import WEEKDAYS

_MONTHS = {
    name: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"  # noqa: E501
_RELATIVE = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}

_DATE_RE = re.compile(
    rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"  # March 3, 2019
    rf"|\b(\d{{1,2}})\s+{_MONTH}\b(?:\s+(\d{{4}})\b)?"  # 3 March 2019
    rf"|\b(?:(next|last|this|on)\s+)?({'|'.join(d.capitalize() for d in WEEKDAYS)})\b"
    r"|\b(yesterday|today|tonight|tomorrow)\b"
    r"|\b(?:in|since|during|until|by|from|of|before|after)\s+((?:19|20)\d\d)\b(?![-–,.]\d)",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(
    r"\b(?:will|would|is to|are to|is set to|are set to|is expected to|are expected to|"
    r"plans? to|scheduled|upcoming|ahead of)\b",
    re.IGNORECASE,
)


def published_day(value: str | None) -> date | None:
    """An article's publication date from its ISO timestamp (None when absent or unreadable)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _month_day(month: str, day: str, year: str | None, published: date | None) -> date | None:
    y = int(year) if year else published.year if published else None
    if y is None:
        return None
    try:
        return date(y, _MONTHS[month.lower().rstrip(".")], int(day))
    except ValueError:  # "February 30"
        return None


def _weekday(name: str, marker: str | None, text: str, published: date) -> date:
    wanted = WEEKDAYS.index(name.lower())
    marker = (marker or "").lower()
    ahead = marker == "next" or (marker != "last" and _FUTURE_RE.search(text) is not None)
    if ahead:
        step = (wanted - published.weekday()) % 7 or (7 if marker == "next" else 0)
        return published + timedelta(days=step)
    step = (published.weekday() - wanted) % 7 or (7 if marker == "last" else 0)
    return published - timedelta(days=step)


def _relative(
    marker: str | None, weekday: str | None, word: str | None, text: str, published: date | None
) -> date | None:
    """A weekday or "yesterday"… against the publication date (none without one, or past
    the calendar's ends: a hostile `published_at` of year 9999 is no error)."""
    if published is None or (weekday is not None and not weekday[0].isupper()):
        return None
    try:
        if weekday is not None:
            return _weekday(weekday, marker, text, published)
        return published + timedelta(days=_RELATIVE[(word or "").lower()])
    except OverflowError:
        return None


def event_date(text: str, published: date | None) -> date | None:
    """The first date the sentence states that resolves to a day (see the module docstring)."""
    for m in _DATE_RE.finditer(text):
        g = m.groups()
        if g[0]:  # a month is a name: "may 5" is no date
            found = _month_day(g[0], g[1], g[2], published) if g[0][0].isupper() else None
        elif g[4]:
            found = _month_day(g[4], g[3], g[5], published) if g[4][0].isupper() else None
        elif g[7] or g[8]:
            found = _relative(g[6], g[7], g[8], text, published)
        else:
            found = date(int(g[9]), 1, 1)
        if found is not None:
            return found
    return None


# A year's four digits (verify reads a whole number with it). In text a year is not inside a
# longer word or number: `_years_named` tests those edges in Python, as `\b` at every position
# made the scan of a long cluster's text three times slower.
YEAR_RE = re.compile(r"(?:19|20)\d\d")


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _years_named(text: str) -> set[int]:
    out: set[int] = set()
    for m in YEAR_RE.finditer(text):
        start, end = m.span()
        if (start and _word_char(text[start - 1])) or (end < len(text) and _word_char(text[end])):
            continue
        out.add(int(m.group(0)))
    return out


def story_year(published: Sequence[date | None], texts: Sequence[str]) -> int | None:
    """The year the story happens in: the latest publication year, else the latest year the
    articles name when they name two or more (one year alone may be background: "appointed
    in 1993"), else None."""
    years = [d.year for d in published if d is not None]
    if years:
        return max(years)
    named: set[int] = set().union(*map(_years_named, texts))
    return max(named) if len(named) >= 2 else None


__all__ = ["YEAR_RE", "event_date", "published_day", "story_year"]
