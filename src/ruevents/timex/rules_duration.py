"""Rules for durations and sets: «в течение трёх лет» (``P3Y``), «ежегодно», «каждый понедельник»."""

from __future__ import annotations

from . import lexicon
from .engine import Ahead, Alt, Cap, Match, One, Opt, Rule, Seq
from .parts import count, in_case, is_cardinal, is_plural, is_unit, lemma, lower, read_count, unit_of
from .value import Timex


_DURATION_SIGNALS = ("на", "за", "около", "примерно", "почти", "более", "больше", "свыше")
_ONE_UNIT = ("неделю", "недели", "год", "года", "месяц", "месяца", "сутки", "суток", "час", "часа", "полгода", "десятилетие")
_PER_UNIT = ("год", "месяц", "неделю", "день", "сутки", "квартал", "час")
_SET_WORDS = ("раз", "раза", "дважды", "трижды", "каждый", "каждую", "каждое", "каждые")
_DURATION_UNITS = {"D": "D", "W": "W", "M": "M", "Q": "M", "Y": "Y", "H": "H", "MIN": "M", "DE": "DE", "CE": "CE"}
DURATION = Alt(
    Seq(Alt(Seq(One(lower("в")), One(lower("течение", "течении"))), Seq(One(lower("на")), One(lower("протяжении")))),
        Cap("span", Seq(Opt(Cap("last", One(lower("последних")))), Opt(count()), Cap("unit", One(is_unit()))))),
    Seq(Opt(One(lower("за", "в"))),
        Cap("span", Seq(Cap("last", One(lower("последние"))), Opt(count()), Cap("unit", One(is_unit()))))),
    Seq(One(lower("за")), Cap("span", Seq(Cap("last", One(lemma("последний"))), Cap("unit", One(is_unit()))))),
    # «два года», «на 10 суток», «около 30 лет»: a count of units, with no other reading
    Seq(Opt(One(lower(*_DURATION_SIGNALS, "до", "уже"))),
        Cap("span", Seq(Cap("bare", count()), Cap("unit", One(is_unit()))))),
    # «на год», «за неделю», «около месяца»: one unit after a word that measures
    Seq(One(lower(*_DURATION_SIGNALS)), Cap("span", Cap("unit", One(lambda a: a.lower in _ONE_UNIT))),
        Ahead(lambda a: a is None or a.lower not in ("рождения", "назад", "спустя", "раньше", "позже", "ранее", "позднее"))),
)


def build_duration(m: Match) -> Timex | None:
    n = read_count(m)
    unit_atom = m.first("unit")
    if n is None:
        return None
    if m.has("bare"):
        first = m.get("count")[0]
        before = m.atoms[m.span("count")[0] - 1] if m.span("count")[0] > 0 else None
        if not is_cardinal(m.get("count")) or (first.glued and before is not None and before.text in ",."):
            return None  # «второй день», «1,5 дня»
        if in_case(unit_atom, lexicon.units(), "loct") or unit_atom.lower in ("году", "годах"):
            return None  # «в 85 году» names a year
    if not m.has("count") and is_plural(unit_atom):
        if not m.has("last"):
            return None
        n = "X"  # «в последние годы»
    unit, size = unit_of(unit_atom)
    if unit == "Q":
        size *= 3
    if n != "X":
        n = n * size
    letter = _DURATION_UNITS[unit]
    time_part = "T" if unit in ("H", "MIN") else ""
    return Timex(kind="duration", period=f"P{time_part}{n}{letter}")


SET = Alt(
    Cap("span", Cap("setword", One(lambda a: a.is_word and a.lookup(lexicon.sets()) is not None))),
    Cap("span", Seq(One(lemma("каждый")), Alt(
        Seq(Opt(count()), Cap("unit", One(is_unit()))),
        Cap("wd", One(lambda a: a.weekday is not None)),
        Cap("podn", One(lemma("утро", "вечер", "ночь"))),
    ))),
    # «два раза в год» is still a yearly set (TIMEX3 would add freq="2X")
    Cap("span", Seq(
        Opt(Alt(count("freq"), One(lower("дважды", "трижды")))), Opt(One(lower("раз", "раза"))), One(lower("в")),
        Cap("unit", One(lambda a: a.unit is not None and a.lower in _PER_UNIT)),
    )),
    Seq(One(lower("по")), Cap("span", Cap("wd", One(lambda a: a.weekday is not None and is_plural(a))))),
)


def build_set(m: Match) -> Timex | None:
    if m.has("setword"):
        return Timex(kind="set", period=m.first("setword").lookup(lexicon.sets()))
    if m.has("wd"):
        return Timex(kind="set", set_value=f"XXXX-WXX-{m.first('wd').weekday}")
    if m.has("podn"):
        return Timex(kind="set", set_value=f"XXXX-XX-XXT{m.first('podn').lookup(lexicon.parts_of_day())}")
    span = m.get("span")
    if not any(a.lower in _SET_WORDS or "каждый" in a.forms for a in span):
        return None  # «в год» alone is not a set
    unit, size = unit_of(m.first("unit"))
    n = read_count(m)
    if not isinstance(n, int):
        return None
    size *= n
    if unit == "Q":
        unit, size = "M", 3 * size
    return Timex(kind="set", period=f"P{'T' if unit in ('H', 'MIN') else ''}{size}{_DURATION_UNITS[unit]}")


RULES = [
    Rule("duration", DURATION, build_duration),
    Rule("set", SET, build_set),
]
