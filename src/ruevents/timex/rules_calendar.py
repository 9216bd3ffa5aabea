"""Rules for calendar expressions: dates, months, years, decades, seasons, quarters.

A leading preposition («в марте», «с 2013 года») is matched but left out of
the span, as TIMEX3 does; a range keeps its «с … по …».
"""

from __future__ import annotations

from . import lexicon
from .engine import Ahead, Alt, Cap, Match, One, Opt, Rep, Rule, Seq
from .parts import (
    COMMA, DASH, DOT_GLUED, PREP, PREPOSITIONS, SUFFIX, YEAR_WORD, clock_tail, day, is_dash, is_month, is_month_abbr,
    lemma, lower, month, number, numwords, read_day, read_year, with_clock, year_any, year_number,
)
from .value import Timex, valid_date


# -- numeric dates ------------------------------------------------------------

ISO_DATE = Seq(
    Cap("year", One(number(1000, 2100, digits=(4,)))),
    One(lower("-"), glued=True), Cap("month", One(number(1, 12, digits=(2,)), glued=True)),
    One(lower("-"), glued=True), Cap("day", One(number(1, 31, digits=(2,)), glued=True)),
)


def build_iso(m: Match) -> Timex | None:
    year, mon, d = m.number("year"), m.number("month"), m.number("day")
    return Timex(year=year, month=mon, day=d, explicit_year=True) if valid_date(year, mon, d) else None


def _numeric(sep: str):
    return Seq(
        Cap("day", One(number(1, 31, digits=(1, 2)))),
        One(lower(sep), glued=True), Cap("month", One(number(1, 12, digits=(1, 2)), glued=True)),
        One(lower(sep), glued=True), Cap("year", One(number(0, 2100, digits=(2, 4)), glued=True)),
        Opt(YEAR_WORD),
    )


NUMERIC_DATE = Alt(_numeric("."), _numeric("/"))


def build_numeric(m: Match) -> Timex | None:
    d, mon, year = m.number("day"), m.number("month"), m.number("year")
    if len(m.first("year").text) == 2:
        year += 2000 if year <= 50 else 1900
    if not 1000 <= year <= 2100 or not valid_date(year, mon, d):
        return None
    return Timex(year=year, month=mon, day=d, explicit_year=True)


# -- day and month in words -----------------------------------------------------

WEEKDAY_PREFIX = Seq(Cap("wd", One(lambda a: a.weekday is not None)), Opt(COMMA))
POD_PREFIX = Seq(Opt(One(lower("рано", "поздно"))), Cap("pod", One(lower("утром", "днем", "вечером", "ночью"))))

DATE = Seq(
    Opt(PREP),
    Cap("span", Seq(
        Opt(Alt(WEEKDAY_PREFIX, POD_PREFIX)),
        day(), month(), Opt(year_any()), Opt(clock_tail()),
    )),
)


def build_date(m: Match) -> Timex | None:
    d = read_day(m)
    year = read_year(m)
    if d is None or year is None:
        return None
    t = Timex(month=m.first("month").month, day=d, **year)
    if not valid_date(t.year, t.month, t.day):
        return None
    return with_clock(m, t)


DAY_OF_MONTH = Seq(
    Opt(PREP),
    Cap("span", Seq(Cap("day", One(number(1, 31, digits=(1, 2)))), SUFFIX, One(lemma("число")))),
)


def build_day_of_month(m: Match) -> Timex | None:
    d = read_day(m)
    return Timex(day=d, need_month=True) if d else None


# -- ranges ---------------------------------------------------------------------

DAY_RANGE = Alt(
    Seq(Opt(PREP), Cap("span", Seq(day(), DASH, day("day2"), month("month2"), Opt(year_any("2"))))),
    Cap("span", Seq(
        One(lower("с", "со")), day(), Opt(Seq(month(), Opt(year_any()))),
        One(lower("по", "до")), day("day2"), month("month2"), Opt(year_any("2")),
    )),
)
MONTH_RANGE = Alt(
    Seq(Opt(PREP), Cap("span", Seq(month(), DASH, month("month2"), Opt(year_any("2"))))),
    Cap("span", Seq(One(lower("с", "со")), month(), Opt(year_any()),
                    One(lower("по", "до")), month("month2"), Opt(year_any("2")))),
)
YEAR_RANGE = Alt(
    Seq(Opt(PREP), Cap("span", Seq(year_number(), DASH, year_number("2year"), Opt(Cap("yw", YEAR_WORD))))),
    Cap("span", Seq(
        One(lower("с", "со")), year_number(), Opt(YEAR_WORD),
        One(lower("по", "до")), year_number("2year"), Cap("yw", YEAR_WORD),
    )),
)


def _range(m: Match, start: Timex, end: Timex) -> Timex | None:
    # what the end says and the start leaves out is shared: «с 5 по 7 марта 2018 года»
    if start.month is None and end.month is not None:
        start.month = end.month
    if not (start.year or start.year_shift is not None or start.narr_year):
        start.year, start.year_shift, start.narr_year = end.year, end.year_shift, end.narr_year
        start.explicit_year = end.explicit_year
        start.notes["year_from_end"] = True
    if not valid_date(start.year, start.month, start.day) or not valid_date(end.year, end.month, end.day):
        return None
    start.end = end
    return start


def build_day_range(m: Match) -> Timex | None:
    d1, d2 = read_day(m), read_day(m, "day2")
    y1, y2 = read_year(m), read_year(m, "2")
    if None in (d1, d2, y1, y2):
        return None
    end = Timex(month=m.first("month2").month, day=d2, **y2)
    start = Timex(month=m.first("month").month if m.has("month") else None, day=d1, **y1)
    if not m.has("month") and d1 >= d2:
        return None
    return _range(m, start, end)


def build_month_range(m: Match) -> Timex | None:
    y1, y2 = read_year(m), read_year(m, "2")
    if y1 is None or y2 is None:
        return None
    return _range(m, Timex(month=m.first("month").month, **y1), Timex(month=m.first("month2").month, **y2))


def build_year_range(m: Match) -> Timex | None:
    first, last = m.number("year"), m.number("2year")
    if not first < last <= first + 100:
        return None
    if not m.has("yw") and not m.has("span"):
        return None
    start, end = Timex(year=first, explicit_year=True), Timex(year=last, explicit_year=True)
    start.end = end
    return start


# -- lists: «17 и 21 апреля», «в 1994, 1997 и 2004 годах», «в мае и июне 2017 года» --------

LIST_SEP = Alt(COMMA, One(lower("и")), Seq(COMMA, One(lower("и"))))
_LIST_DAY = Seq(Cap("d", One(number(1, 31, digits=(1, 2)))), SUFFIX)
DAY_LIST = Seq(Opt(PREP), Cap("item", _LIST_DAY), Rep(Seq(LIST_SEP, Cap("item", _LIST_DAY)), 0, 4), LIST_SEP,
               Cap("item", Seq(_LIST_DAY, month(), Opt(year_any()))))
_LIST_YEAR = Cap("y", One(number(1000, 2100, digits=(4,))))
YEAR_LIST = Seq(Opt(PREP), Cap("item", _LIST_YEAR), Rep(Seq(LIST_SEP, Cap("item", _LIST_YEAR)), 0, 4), LIST_SEP,
                Cap("item", Seq(_LIST_YEAR, Cap("yw", YEAR_WORD))))
_LIST_MONTH = Cap("m", One(lambda a: is_month(a) and not is_month_abbr(a)))
MONTH_LIST = Seq(One(lower(*PREPOSITIONS)), Cap("item", _LIST_MONTH), Rep(Seq(LIST_SEP, Cap("item", _LIST_MONTH)), 0, 4),
                 LIST_SEP, Cap("item", Seq(_LIST_MONTH, Opt(year_any()))))


def _items(m: Match, part: str) -> list[tuple[tuple[int, int], list]]:
    """Each listed item's span with the atoms of its ``part`` capture."""
    items = [(start, end) for name, start, end in m.caps if name == "item"]
    parts = [(start, end) for name, start, end in m.caps if name == part]
    return [((lo, hi), [m.atoms[k] for p0, p1 in parts if lo <= p0 and p1 <= hi for k in range(p0, p1)]) for lo, hi in items]


def build_day_list(m: Match):
    year = read_year(m)
    mon = m.first("month").month
    out = []
    for (lo, hi), atoms in _items(m, "d"):
        t = Timex(month=mon, day=atoms[0].number, **(year or {}))
        if year is None or not valid_date(t.year, t.month, t.day):
            return None
        out.append(((lo, hi), t))
    return out


def build_year_list(m: Match):
    if m.first("yw").lower not in ("годах", "годы", "годов", "гг", "годам"):
        return None  # «1994 и 1997 году» is not Russian; «1994, 1997 года» may be a count
    out = [((lo, hi), Timex(year=atoms[0].number, explicit_year=True)) for (lo, hi), atoms in _items(m, "y")]
    return out


def build_month_list(m: Match):
    year = read_year(m)
    if year is None:
        return None
    return [((lo, hi), Timex(month=atoms[0].month, **year)) for (lo, hi), atoms in _items(m, "m")]


# -- months and years -------------------------------------------------------------

MONTH_YEAR = Seq(Opt(PREP), Cap("span", Alt(
    Seq(month(), year_any()),
    # «в следующем мае», «прошлым летом» is a season rule
    Seq(Cap("mrel", One(lambda a: a.lookup(lexicon.relative()) is not None)), month()),
)))
MONTH_ALONE = Seq(One(lower("в", "во", "с", "со", "до", "к", "ко", "по", "за", "после", "на")), Cap("span", month()))


def build_month(m: Match) -> Timex | None:
    year = read_year(m)
    if year is None:
        return None
    if m.has("mrel"):
        year = {"year_shift": m.first("mrel").lookup(lexicon.relative())}
    return Timex(month=m.first("month").month, **year)


def _not_a_noun(atom) -> bool:
    # «в 2013 году» is a year, «в 2013 случаях» is not
    return atom is None or not atom.is_word or not (atom.oc_pos & {"NOUN", "ADJF", "NUMR"})


YEAR = Alt(
    Seq(Opt(PREP), Cap("span", Seq(year_number(), YEAR_WORD))),
    Seq(Opt(PREP), Cap("span", Seq(numwords("year", 1000, 2100), YEAR_WORD))),
    Seq(One(lower("в", "во", "с", "со", "до", "к", "ко", "по")), Cap("span", year_number()), Ahead(_not_a_noun)),
    # «(1997)»: a year in brackets, as after a title
    Seq(One(lower("(")), Cap("span", year_number()), One(lower(")"))),
    # «в 2007-м»: the ending says it is a year, whatever follows
    Seq(One(lower("в", "во", "с", "со", "до", "к", "ко", "по")),
        Cap("span", Seq(Cap("year", One(number(1000, 2100, digits=(4,)))), One(is_dash, glued=True),
                        One(lower("м", "го", "ом", "ого"), glued=True)))),
)


def build_year(m: Match) -> Timex | None:
    year = read_year(m)
    return Timex(**year) if year else None


DECADE = Seq(Opt(PREP), Cap("span", Alt(
    Seq(Cap("decade", One(lambda a: a.is_digit and len(a.text) in (2, 4) and a.text.endswith("0"))),
        One(lambda a: a.text in ("-", "–"), glued=True), One(lower("х", "е", "ых", "ые"), glued=True), Opt(YEAR_WORD)),
    Seq(Cap("decword", One(lambda a: a.lower.endswith(("ые", "ых")) and a.lookup(lexicon.decades()) is not None)),
        Opt(One(lemma("год")))),
)))


def build_decade(m: Match) -> Timex | None:
    if m.has("decword"):
        return Timex(decade=m.first("decword").lookup(lexicon.decades()))
    text = m.first("decade").text
    if len(text) == 2:
        text = ("20" if text in ("00", "10") else "19") + text
    if not 1000 <= int(text) <= 2100:
        return None
    return Timex(decade=text[:3] + "X")


CENTURY = Seq(Opt(PREP), Cap("span", Seq(
    Alt(Cap("century", One(lambda a: a.roman is not None)),
        Seq(Cap("century", One(number(1, 22, digits=(1, 2)))), SUFFIX),
        numwords("century", 1, 22, most=2)),
    Alt(One(lemma("век")), Seq(One(lower("в")), DOT_GLUED)),
)))


def build_century(m: Match) -> Timex | None:
    value = m.number("century")
    return Timex(century=value - 1) if value and 1 <= value <= 22 else None


# -- seasons, parts of years --------------------------------------------------------

SEASON_ADVERBS = ("весной", "летом", "осенью", "зимой")
SEASON = Seq(Opt(PREP), Cap("span", Alt(
    Seq(Cap("season", One(lambda a: a.season is not None)), year_any()),
    Seq(Cap("srel", One(lambda a: a.is_word and (a.lookup(lexicon.relative()) is not None))),
        Cap("season", One(lambda a: a.season is not None))),
    Cap("season", One(lower(*SEASON_ADVERBS))),
)))


def build_season(m: Match) -> Timex | None:
    year = read_year(m)
    if year is None:
        return None
    t = Timex(season=m.first("season").season, **year)
    if m.has("srel"):
        shift = m.first("srel").lookup(lexicon.relative())
        # «этой весной» is this year's; «прошлой весной» last year's
        t.year_shift = shift
    return t


QUARTER = Seq(Opt(PREP), Cap("span", Seq(
    Alt(Cap("qn", One(lambda a: a.roman is not None and a.roman <= 4)),
        Seq(Cap("qn", One(number(1, 4, digits=(1,)))), SUFFIX),
        numwords("qn", 1, 4, most=1)),
    Cap("qunit", One(lemma("квартал", "полугодие"))),
    Opt(Alt(year_any(), Cap("bareyear", One(lower("года"))))),
)))


def build_quarter(m: Match) -> Timex | None:
    n = m.number("qn")
    year = read_year(m)
    if n is None or year is None:
        return None
    if "полугодие" in m.first("qunit").forms:
        return Timex(half=n, **year) if n <= 2 else None
    return Timex(quarter=n, **year) if n <= 4 else None


# «в начале марта», «в середине 2000-х», «к концу прошлого года», «в первой половине года»
PART_WORDS = {"начало": "START", "середина": "MID", "конец": "END"}
PART_TARGET = Alt(
    Seq(month(), Opt(year_any())),
    year_any(),
    Cap("bareunit", One(lower("года", "месяца", "недели"))),
    Seq(Cap("rel", One(lambda a: a.lookup(lexicon.relative()) is not None)),
        Cap("relunit", One(lemma("год", "месяц", "неделя")))),
    Seq(Cap("decade", One(lambda a: a.is_digit and len(a.text) in (2, 4) and a.text.endswith("0"))),
        One(lambda a: a.text in ("-", "–"), glued=True), One(lower("х", "е", "ых"), glued=True), Opt(YEAR_WORD)),
    Seq(Cap("decword", One(lambda a: a.lower.endswith("ых") and a.lookup(lexicon.decades()) is not None)),
        Opt(One(lemma("год")))),
    Seq(Alt(Cap("century", One(lambda a: a.roman is not None)), numwords("century", 1, 22, most=2)),
        Alt(One(lemma("век")), Seq(One(lower("в")), DOT_GLUED))),
)
PART_OF = Seq(Opt(PREP), Cap("span", Alt(
    Seq(Cap("part", One(lemma(*PART_WORDS))), PART_TARGET),
    Seq(Cap("half", One(lemma("первый", "второй"))), One(lemma("половина")), PART_TARGET),
)))


def build_part_of(m: Match) -> Timex | None:
    if m.has("decade") or m.has("decword"):
        base = build_decade(m)
    elif m.has("century"):
        base = build_century(m)
    elif m.has("relunit"):
        forms = m.first("relunit").forms
        unit = next(code for word, code in (("год", "Y"), ("месяц", "M"), ("неделя", "W")) if word in forms)
        base = Timex(anchor="doc", shift=(unit, m.first("rel").lookup(lexicon.relative())))
    elif m.has("bareunit"):
        unit = {"года": "Y", "месяца": "M", "недели": "W"}[m.first("bareunit").lower]
        base = Timex(anchor="doc", shift=(unit, 0))
    elif m.has("month"):
        year = read_year(m)
        base = Timex(month=m.first("month").month, **year) if year is not None else None
    else:
        year = read_year(m)
        base = Timex(**year) if year else None
    if base is None:
        return None
    if m.has("half"):
        # only halves of a year have a TIMEX3 value of their own
        if base.month is not None or base.decade or base.century is not None or (base.shift and base.shift[0] != "Y"):
            return None
        base.half = 1 if "первый" in m.first("half").forms else 2
        return base
    word = next(w for w in PART_WORDS if w in m.first("part").forms)
    base.mod = PART_WORDS[word]
    return base


RULES = [
    Rule("iso_date", Seq(Opt(PREP), Cap("span", ISO_DATE)), build_iso),
    Rule("numeric_date", Seq(Opt(PREP), Cap("span", Seq(NUMERIC_DATE, Opt(clock_tail())))),
         lambda m: (lambda t: with_clock(m, t) if t else None)(build_numeric(m))),
    Rule("date", DATE, build_date),
    Rule("day_of_month", DAY_OF_MONTH, build_day_of_month),
    Rule("day_range", DAY_RANGE, build_day_range),
    Rule("month_range", MONTH_RANGE, build_month_range),
    Rule("year_range", YEAR_RANGE, build_year_range),
    Rule("day_list", DAY_LIST, build_day_list),
    Rule("year_list", YEAR_LIST, build_year_list),
    Rule("month_list", MONTH_LIST, build_month_list),
    Rule("month_year", MONTH_YEAR, build_month),
    Rule("month", MONTH_ALONE, build_month),
    Rule("decade", DECADE, build_decade),
    Rule("year", YEAR, build_year),
    Rule("century", CENTURY, build_century),
    Rule("season", SEASON, build_season),
    Rule("quarter", QUARTER, build_quarter),
    Rule("part_of", PART_OF, build_part_of),
]

