"""What a time expression says, and how that becomes a TIMEX3-style value.

A :class:`Timex` is filled by a grammar rule with what the words say
(«19 апреля» → month 4, day 19; «в прошлом году» → one year back from the
document date).  The resolver (``resolve.py``) then fills what the words leave
open, and :func:`format_value` writes the value:

==================  =====================  ==================================
granularity         example                value
==================  =====================  ==================================
day                 19 апреля 2018 года    ``2018-04-19``
day + clock time    19 апреля в 15:00      ``2018-04-19T15:00``
day + part of day   вчера вечером          ``2018-04-18TEV``
month               в марте 2017 года      ``2017-03``
year                в 2013 году            ``2013``
decade, century     в 2010-х, в XX веке    ``201X``, ``19``
season              весной 2014 года       ``2014-SP`` (SP, SU, FA, WI)
quarter, half       в I квартале, в первой половине года   ``2018-Q1``, ``2018-H1``
week, weekend       на прошлой неделе, в эти выходные      ``2018-W15``, ``2018-W16-WE``
weekday, unknown    в понедельник          ``XXXX-WXX-1``
unknown year        19 апреля              ``XXXX-04-19``
duration            в течение трёх лет     ``P3Y`` (``PXY`` for «нескольких лет»)
set                 ежегодно               ``P1Y``
vague               недавно, сейчас        ``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``
==================  =====================  ==================================

A range («с 5 по 7 марта») is a Timex for its start with ``end`` for its
end; «в начале марта» is ``XXXX-03`` with ``mod`` START (MID, END; AFTER for
«позднее»), as in TIMEX3.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace

#: the kinds of time expression, as TIMEX3 names them (lowercase)
KINDS = ("date", "time", "duration", "set")
#: first month of each season; winter of a year starts its calendar
SEASON_START = {"WI": 1, "SP": 3, "SU": 6, "FA": 9}
SEASON_MONTHS = {"WI": (12, 2), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


@dataclass
class Timex:
    """A time expression's meaning, partly filled until resolved."""

    kind: str = "date"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week number (its year in ``year``)
    weekday: int | None = None  # ISO weekday, Monday = 1
    weekend: bool = False
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    decade: str | None = None  # "201X"
    century: int | None = None  # 19 for the twentieth century
    hour: int | None = None
    minute: int | None = None
    part_of_day: str | None = None  # MO, AF, EV, NI
    mod: str | None = None  # START, MID, END, AFTER
    period: str | None = None  # the value of durations and sets: "P3Y"
    set_value: str | None = None  # a set of dates: "XXXX-WXX-1"
    literal: str | None = None  # a value as is: "PAST_REF", "PRESENT_REF", "FUTURE_REF"

    # -- what is left to resolve ------------------------------------------
    #: how the missing pieces are found: None (absolute or partial: fill the
    #: year from context), "doc" (deictic: the document date), "narr"
    #: (anaphoric: the previous time expression)
    anchor: str | None = None
    #: (unit, n): move the anchor by n units; unit in D, W, M, Q, Y
    shift: tuple[str, int] | None = None
    #: granularity of a shifted value: D, W, M, Q, Y (defaults to the unit)
    grain: str | None = None
    #: the year comes from an anchor moved by this many years («прошлого года»)
    year_shift: int | None = None
    #: the year (and month for "month") comes from the narrative («того же года»)
    narr_year: bool = False
    narr_month: bool = False
    #: the month comes from the anchor («20-го числа»)
    need_month: bool = False
    #: «тогда», «позднее»: copy the previous expression's value
    copy: bool = False
    #: the end of a range («с 5 по 7 марта»)
    end: "Timex | None" = None
    #: the tense of the clause: "past", "future" or None (set by the stage)
    tense: str | None = None
    #: the year was written in the text (it can anchor later expressions)
    explicit_year: bool = False
    notes: dict = field(default_factory=dict)

    def copy_with(self, **changes) -> "Timex":
        return replace(self, **changes)

    @property
    def needs_year(self) -> bool:
        """True for a calendar date or period whose year the words leave open."""
        if self.year is not None or self.decade or self.century is not None or self.anchor or self.copy:
            return False
        if self.year_shift is not None or self.narr_year or self.need_month or self.literal:
            return False
        if self.kind in ("duration", "set"):
            return False
        return any(v is not None for v in (self.month, self.season, self.quarter, self.half)) or (
            self.day is not None
        )


# -- formatting ---------------------------------------------------------------


def _year(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"


def _clock(t: Timex) -> str:
    if t.hour is not None:
        return f"T{t.hour:02d}:{t.minute or 0:02d}"
    if t.part_of_day:
        return f"T{t.part_of_day}"
    return ""


def format_value(t: Timex) -> str | None:
    """The TIMEX3-style value of a resolved (or partly resolved) expression."""
    if t.literal:
        return t.literal
    if t.kind in ("duration", "set") and t.period:
        return t.period
    if t.set_value:
        return t.set_value
    if t.decade:
        return t.decade
    if t.century is not None:
        return f"{t.century:02d}"
    year = _year(t.year)
    if t.weekend:
        return f"{year}-W{t.week:02d}-WE" if t.week else "XXXX-WXX-WE"
    if t.week is not None:
        day = f"-{t.weekday}" if t.weekday else ""
        return f"{year}-W{t.week:02d}{day}{_clock(t)}"
    if t.weekday is not None:
        return f"XXXX-WXX-{t.weekday}{_clock(t)}"
    if t.season:
        return f"{year}-{t.season}"
    if t.quarter:
        return f"{year}-Q{t.quarter}"
    if t.half:
        return f"{year}-H{t.half}"
    if t.day is not None:
        month = "XX" if t.month is None else f"{t.month:02d}"
        return f"{year}-{month}-{t.day:02d}{_clock(t)}"
    if t.month is not None:
        return f"{year}-{t.month:02d}"
    if t.hour is not None or t.part_of_day:
        # a clock time with no day known
        return f"XXXX-XX-XX{_clock(t)}"
    if t.year is not None:
        return year
    return None


# -- calendar arithmetic ------------------------------------------------------


def valid_date(year: int | None, month: int | None, day: int | None) -> bool:
    """Does the day exist in the month (29 February in a leap year only)?"""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    if not 1 <= day <= 31:
        return False
    if month is None:
        return True
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    return day <= last


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def from_date(date: dt.date, grain: str) -> Timex:
    """A Timex for ``date`` at a granularity: D, W, M, Q, H, Y."""
    if grain == "W":
        iso = date.isocalendar()
        return Timex(year=iso[0], week=iso[1])
    if grain == "M":
        return Timex(year=date.year, month=date.month)
    if grain == "Q":
        return Timex(year=date.year, quarter=(date.month - 1) // 3 + 1)
    if grain == "H":
        return Timex(year=date.year, half=1 if date.month <= 6 else 2)
    if grain == "Y":
        return Timex(year=date.year)
    return Timex(year=date.year, month=date.month, day=date.day)


def shift_date(date: dt.date, unit: str, n: int) -> dt.date:
    """``date`` moved by ``n`` units (months and years keep the day when they can)."""
    if unit == "D":
        return date + dt.timedelta(days=n)
    if unit == "W":
        return date + dt.timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12}[unit] * n
    year, month = add_months(date.year, date.month, months)
    day = min(date.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def bounds(t: Timex) -> tuple[dt.date, dt.date] | None:
    """First and last day of a calendar value with a known year (else None).

    A year ``datetime.date`` cannot hold (0, 10000) has no bounds either.
    """
    if t.year is None or not dt.MINYEAR <= t.year <= dt.MAXYEAR:
        return None
    year = t.year
    if t.month is not None and t.day is not None:
        if not valid_date(year, t.month, t.day):
            return None
        day = dt.date(year, t.month, t.day)
        return day, day
    if t.month is not None:
        return dt.date(year, t.month, 1), dt.date(year, t.month, calendar.monthrange(year, t.month)[1])
    if t.season:
        first, last = SEASON_MONTHS[t.season]
        if t.season == "WI":
            return dt.date(year, 1, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    if t.quarter:
        first = 3 * (t.quarter - 1) + 1
        return dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    if t.half:
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if t.half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if t.week is not None:
        monday = dt.date.fromisocalendar(year, t.week, 1)
        return monday, monday + dt.timedelta(days=6)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def grain_of(t: Timex) -> str | None:
    """The finest calendar unit a resolved value pins down: D, W, M, Y or None."""
    if t.year is None:
        return None
    if t.month is not None and t.day is not None:
        return "D"
    if t.week is not None:
        return "W"
    if t.month is not None:
        return "M"
    if t.season or t.quarter or t.half:
        return "P"  # a part of a year
    return "Y"
