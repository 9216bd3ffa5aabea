"""Predicates and sub-patterns the time rules are built from.

Each sub-pattern is a function of the capture names it fills, so a range can
say ``day("day")`` for its start and ``day("day2")`` for its end.
"""

from __future__ import annotations

from . import lexicon
from .atoms import Atom, safe_parses
from .engine import Alt, Cap, Match, One, Opt, Rep, Seq
from .value import Timex

# -- predicates ---------------------------------------------------------------


def lower(*words: str):
    """The atom as written, lowercased (ё as е), is one of ``words``."""
    wanted = frozenset(words)
    return lambda a: a.lower in wanted


def lemma(*lemmas: str):
    """One of the atom's normal forms is one of ``lemmas``."""
    wanted = frozenset(lemmas)
    return lambda a: a.is_word and bool(a.forms & wanted)


def number(low: int, high: int, *, digits: tuple[int, ...] = (1, 2, 3, 4)):
    return lambda a: a.is_digit and len(a.text) in digits and low <= a.number <= high


def is_dash(a: Atom) -> bool:
    return a.text in ("-", "–", "—", "‒")


def is_month(a: Atom) -> bool:
    return a.month is not None


def is_month_abbr(a: Atom) -> bool:
    return a.lower in lexicon.month_abbreviations()


def is_numword(a: Atom) -> bool:
    return a.numword is not None


def is_relative(a: Atom) -> bool:
    return a.is_word and a.lookup(lexicon.relative()) is not None


def in_case(a: Atom, lemma_table, *grams: str) -> bool:
    """Some parse of the word is in the table and carries all ``grams``."""
    return any(
        p.normal_form.replace("ё", "е") in lemma_table and all(g in p.tag for g in grams) for p in safe_parses(a.text)
    )


def is_plural(a: Atom) -> bool:
    found = [p for p in safe_parses(a.text) if p.tag.POS in ("NOUN", "ADJF")]
    return bool(found) and all("plur" in p.tag for p in found)


def is_unit(*units: str):
    return lambda a: a.unit is not None and (not units or a.unit[0] in units)


PREPOSITIONS = ("в", "во", "с", "со", "до", "к", "ко", "по", "на", "от", "после", "перед", "за", "около", "между")


# -- sub-patterns -------------------------------------------------------------

DASH = One(is_dash)
COMMA = One(lower(","))
DOT_GLUED = One(lower("."), glued=True)
PREP = One(lower(*PREPOSITIONS))

#: «19-го», «5-е», «2013-м», «1-й» after a number written in digits («2010-х» is a decade)
SUFFIX = Opt(One(is_dash, glued=True), One(lower("го", "ого", "е", "м", "й", "ом", "ый", "ой"), glued=True))

YEAR_WORD = Alt(
    One(lemma("год")),
    Seq(One(lower("г", "гг")), Opt(DOT_GLUED)),
)


def numwords(name: str, low: int, high: int, most: int = 5):
    """Number words captured as ``name``; the builder checks they compose into [low, high]."""
    return Cap(name, Rep(One(is_numword), 1, most))


def day(name: str = "day"):
    return Alt(
        Seq(Cap(name, One(number(1, 31, digits=(1, 2)))), SUFFIX),
        numwords(name, 1, 31, most=2),
    )


def month(name: str = "month"):
    return Alt(
        Cap(name, One(lambda a: is_month(a) and not is_month_abbr(a))),
        Seq(Cap(name, One(is_month_abbr)), Opt(DOT_GLUED)),
    )


def year_number(name: str = "year"):
    return Seq(Cap(name, One(number(1000, 2100, digits=(4,)))), SUFFIX)


def year_any(prefix: str = ""):
    """The year part of a date: «2018», «2018 года», «2018 г.», «прошлого года», «того же года»."""
    return Alt(
        Seq(year_number(prefix + "year"), Opt(YEAR_WORD)),
        Seq(numwords(prefix + "year", 1000, 2100), YEAR_WORD),
        Seq(Cap(prefix + "yrel", One(is_relative)), One(lemma("год"))),
        Seq(Cap(prefix + "ynarr", One(lemma("тот"))), Opt(One(lower("же"))), One(lemma("год"))),
        Seq(Cap(prefix + "ynarr", One(lemma("этот"))), One(lower("же")), One(lemma("год"))),
    )


def count(name: str = "count"):
    """How many units: digits, number words, «несколько», «многие»."""
    return Alt(
        Cap(name, One(number(1, 999, digits=(1, 2, 3)))),
        numwords(name, 1, 999, most=3),
        Cap(name, One(lemma("несколько", "многий", "многие"))),
    )


def is_cardinal(atoms) -> bool:
    """Digits or cardinal number words («два», «одного»), not ordinals («второй»)."""
    vague = ("несколько", "нескольких", "многих", "многие")
    return all(a.is_digit or "NUMR" in a.oc_pos or "один" in a.forms or a.lower in vague for a in atoms)


def hour_minute():
    """A clock time: «15:00», «15.30», «15 часов 30 минут»."""
    return Alt(
        Seq(Cap("hour", One(number(0, 24, digits=(1, 2)))), One(lower(":"), glued=True),
            Cap("minute", One(number(0, 59, digits=(2,)), glued=True))),
        Seq(Cap("hour", One(number(0, 24, digits=(1, 2)))), Cap("clockdot", One(lower("."), glued=True)),
            Cap("minute", One(number(0, 59, digits=(2,)), glued=True))),
        Seq(Alt(Cap("hour", One(number(0, 24, digits=(1, 2)))), numwords("hour", 1, 24, most=2)),
            Cap("hours", One(lemma("час"))),
            Opt(Cap("minute", One(number(0, 59, digits=(1, 2)))), One(lemma("минута"))),
            Opt(Cap("podgen", One(lower("утра", "вечера", "дня", "ночи"))))),
        Seq(Cap("hour", One(number(1, 12, digits=(1, 2)))), Cap("podgen", One(lower("утра", "вечера", "дня", "ночи")))),
        Cap("noon", One(lower("полдень", "полночь"))),
    )


ZONE = Alt(
    Seq(One(lower("по")), One(lambda a: a.is_word and a.lower.endswith(("ому", "ему"))), One(lower("времени"))),
    Seq(One(lower("по")), One(lower("москве", "гринвичу", "киеву"))),
    One(lambda a: a.lower in lexicon.zones()),
)

POD_ADVERBS = ("утром", "днем", "вечером", "ночью")


def clock_tail():
    """What may follow a day: «в 15:00 по московскому времени», «утром»."""
    return Alt(
        Seq(Opt(COMMA), Opt(One(lower("в", "к", "около", "до"))), Cap("clock", hour_minute()), Opt(Cap("zone", ZONE))),
        Seq(Opt(One(lower("рано", "поздно"))), Cap("pod", One(lower(*POD_ADVERBS)))),
    )


# -- reading captures into Timex fields ---------------------------------------


def read_year(m: Match, prefix: str = "") -> dict | None:
    """Timex fields for the year part captured by :func:`year_any` (``{}`` when absent)."""
    if m.has(prefix + "year"):
        year = m.number(prefix + "year")
        if year is None or not 1000 <= year <= 2100:
            return None
        return {"year": year, "explicit_year": True}
    if m.has(prefix + "yrel"):
        return {"year_shift": m.first(prefix + "yrel").lookup(lexicon.relative())}
    if m.has(prefix + "ynarr"):
        return {"narr_year": True}
    return {}


def read_day(m: Match, name: str = "day") -> int | None:
    value = m.number(name)
    return value if value is not None and 1 <= value <= 31 else None


def read_clock(m: Match) -> dict | None:
    """Hour and minute (or part of day) from :func:`clock_tail` / :func:`hour_minute`."""
    if m.has("noon"):
        return {"hour": 12 if m.first("noon").lower == "полдень" else 0, "minute": 0}
    if m.has("pod"):
        word = m.first("pod")
        return {"part_of_day": lexicon.parts_of_day().get(word.lower) or word.lookup(lexicon.parts_of_day())}
    if not m.has("hour"):
        return {}
    hour, minute = m.number("hour"), m.number("minute") or 0
    if hour is None:
        return None  # number words that do not make a number
    if m.has("podgen"):
        part = m.first("podgen").lower
        if part in ("вечера", "дня") and hour < 12:
            hour += 12
        if part == "ночи" and hour == 12:
            hour = 0
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return {"hour": hour, "minute": minute}


def with_clock(m: Match, t: Timex) -> Timex | None:
    """``t`` with the clock time or part of day the match read, if any (a time then)."""
    clock = read_clock(m)
    if clock is None:
        return None
    return t.copy_with(kind="time", **clock) if clock else t


def unit_of(atom: Atom) -> tuple[str, int]:
    """(unit, size) of a unit word: «неделю» → ("W", 1), «полгода» → ("M", 6)."""
    return atom.unit


def read_count(m: Match, name: str = "count") -> int | str | None:
    """The count before a unit: a number, "X" for «несколько», «многие», 1 when absent."""
    if not m.has(name):
        return 1
    atoms = m.get(name)
    if atoms[0].is_word and atoms[0].forms & {"несколько", "многий", "многие"}:
        return "X"
    value = m.number(name)
    return value if value and value > 0 else None
