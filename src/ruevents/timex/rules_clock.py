"""Rules for clock times and parts of the day: «в 15:00 по московскому времени», «утром», «в ночь на 19 апреля»."""

from __future__ import annotations

from . import lexicon
from .engine import Alt, Cap, Match, One, Opt, Rule, Seq
from .parts import ZONE, day, hour_minute, is_relative, lemma, lower, month, read_clock, read_day, read_year, year_any
from .value import Timex, valid_date


CLOCK = Alt(
    Seq(Opt(Cap("prep", One(lower("в", "во", "к", "около", "до", "после", "с")))),
        Cap("span", Seq(Cap("clock", hour_minute()), Opt(Cap("zone", ZONE))))),
    Cap("span", Seq(One(lower("с")), Cap("clock", hour_minute()), One(lower("до", "по")), Cap("clock2", hour_minute()),
                    Opt(Cap("zone", ZONE)))),
)


#: verbs after which «около двух часов» measures how long, not when: «переговоры продлились около двух часов»
_LASTING_VERBS = frozenset({"длиться", "продлиться", "продолжаться", "продолжиться", "занять", "занимать", "идти"})


def _measures_length(m: Match) -> bool:
    """«продолжалась около двух часов»: hours counted after a verb of lasting, with no part of the day."""
    if not m.has("hours") or m.has("podgen") or not m.has("prep"):
        return False
    start = m.span("prep")[0]
    before = m.atoms[start - 1] if start > 0 else None
    return before is not None and bool(before.forms & _LASTING_VERBS)


def build_clock(m: Match) -> Timex | None:
    if _measures_length(m):
        return None  # a duration, read as such by the duration rules
    if m.has("clockdot") and not (m.has("prep") or m.has("zone")):
        return None  # «15.30» alone may be a number
    if m.has("hours") and not (m.has("prep") or m.has("zone")):
        return None  # «5 часов» alone is a duration
    if m.has("clock2"):
        return _clock_range(m)
    clock = read_clock(m)
    if not clock:
        return None
    return Timex(kind="time", **clock)


def _clock_range(m: Match) -> Timex | None:
    def read(name):
        lo, hi = m.span(name)
        inner = Match(m.atoms, lo, hi, tuple(c for c in m.caps if lo <= c[1] and c[2] <= hi and c[0] != name))
        return read_clock(inner)

    start, end = read("clock"), read("clock2")
    if not start or not end:
        return None
    t = Timex(kind="time", **start)
    t.end = Timex(kind="time", **end)
    return t


PART_OF_DAY = Alt(
    Cap("span", Seq(Opt(One(lower("рано", "поздно"))), Cap("pod", One(lower("утром", "вечером", "ночью"))))),
    Cap("span", Seq(Cap("rel", One(lambda a: is_relative(a))), Cap("podn", One(lemma("утро", "вечер", "ночь"))))),
    Seq(One(lower("в")), Cap("span", Seq(One(lower("ночь")), One(lower("на")), Alt(
        Seq(day(), month(), Opt(year_any())),
        Cap("wd", One(lambda a: a.weekday is not None)),
    )))),
    Seq(One(lower("в")), Cap("span", Seq(One(lower("ночь")), One(lower("с")), Cap("day0", One(lambda a: a.is_digit)),
                                        One(lower("на")), day(), month(), Opt(year_any())))),
)


def build_part_of_day(m: Match) -> Timex | None:
    if m.has("podn"):
        offset = m.first("rel").lookup(lexicon.relative())
        if offset not in (-1, 0):
            return None
        part = m.first("podn").lookup(lexicon.parts_of_day())
        return Timex(kind="time", anchor="doc", shift=("D", offset if part == "NI" else 0), part_of_day=part)
    if m.has("pod"):
        return Timex(kind="time", part_of_day=lexicon.parts_of_day()[m.first("pod").lower], notes={"day_from_context": True})
    # «в ночь на 19 апреля»: the night that ends on that day
    if m.has("wd"):
        wd = m.first("wd").weekday
        return Timex(kind="time", weekday=7 if wd == 1 else wd - 1, part_of_day="NI")
    d, year = read_day(m), read_year(m)
    if d is None or year is None:
        return None
    t = Timex(kind="time", month=m.first("month").month, day=d, part_of_day="NI", **year)
    if not valid_date(t.year, t.month, t.day):
        return None
    t.notes["night_before"] = True
    return t


RULES = [
    Rule("clock", CLOCK, build_clock),
    Rule("part_of_day", PART_OF_DAY, build_part_of_day),
]
