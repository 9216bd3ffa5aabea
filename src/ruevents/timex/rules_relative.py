"""Rules for expressions counted from now or from the story.

Deictic expressions («вчера», «на прошлой неделе», «через два дня») are
anchored on the document date; anaphoric ones («в тот же день», «спустя
месяц», «тогда», «позднее») on the previous time expression in the text.
"""

from __future__ import annotations

from functools import lru_cache

from . import lexicon
from .atoms import safe_parses
from .engine import Ahead, Alt, Behind, Cap, Match, Node, One, Opt, Rep, Rule, Seq
from .parts import (
    PREP, clock_tail, count, in_case, is_plural, is_relative, is_unit, lemma, lower, read_count, unit_of, with_clock,
)
from .value import Timex


# -- days named from today --------------------------------------------------------


def _prepositional(word, following) -> bool:
    """«накануне выборов», «накануне 9 мая»: a preposition, not a time."""
    if word.pos:
        return word.pos == "ADP"
    return following is not None and (following.is_digit or following.month is not None or (
        following.is_word and any("gent" in p.tag and p.tag.POS in ("NOUN", "ADJF") for p in safe_parses(following.text))))


DEICTIC_DAY = Cap("span", Seq(
    Cap("deictic", One(lambda a: a.lower in lexicon.deictic_days())),
    Opt(clock_tail()),
))


def build_deictic_day(m: Match) -> Timex | None:
    word = m.first("deictic")
    if word.lower == "накануне" and m.end == m.span("deictic")[1]:
        following = m.atoms[m.end] if m.end < len(m.atoms) else None
        if _prepositional(word, following):
            return None
    t = Timex(anchor="doc", shift=("D", lexicon.deictic_days()[word.lower]))
    return with_clock(m, t)


# -- units moved from an anchor: «в прошлом году», «на следующий день» ---------------

REL_UNIT = Seq(Opt(PREP), Cap("span", Alt(
    Seq(Cap("rel", One(is_relative)), Cap("unit", One(is_unit("D", "W", "M", "Q", "Y"))), Opt(clock_tail())),
    Seq(Cap("narr", One(lemma("тот", "этот"))), Opt(Cap("same", One(lower("же")))),
        Cap("unit", One(is_unit("D", "W", "M", "Y"))), Opt(clock_tail())),
)))


def build_rel_unit(m: Match) -> Timex | None:
    unit, size = unit_of(m.first("unit"))
    if size != 1 and unit != "M":
        return None
    if size == 6:  # «полугодие»
        unit = "H"
    if is_plural(m.first("unit")):
        return None
    if m.has("narr"):
        narr = m.first("narr")
        # «этот» names the speaker's now for long units («в этом году») and the
        # narrative's day for days («в этот день»)
        if "этот" in narr.forms and not m.has("same") and unit != "D":
            t = Timex(anchor="doc", shift=(unit, 0))
        else:
            t = Timex(anchor="narr", shift=(unit, 0))
    else:
        offset = m.first("rel").lookup(lexicon.relative())
        # «на следующий день», «в предыдущий день» follow the narrative
        t = Timex(anchor="narr" if unit == "D" else "doc", shift=(unit, offset))
    if unit != "D" and (m.has("hour") or m.has("pod") or m.has("noon")):
        return None
    return with_clock(m, t)


# -- weekdays and weekends ------------------------------------------------------------

WEEKDAY = Alt(Seq(One(lower("в", "во", "на", "к", "до", "с", "со")), Cap("span", Seq(
    Opt(Cap("rel", One(is_relative))),
    Cap("wd", One(lambda a: a.weekday is not None and in_case(a, lexicon.weekdays(), "sing") and not is_plural(a)
                  and a.lower not in ("среде", "средой", "среды"))),
    Opt(clock_tail()),
))),
    # «утром в четверг»
    Cap("span", Seq(Cap("pod", One(lower("утром", "днем", "вечером", "ночью"))), One(lower("в", "во")),
                    Cap("wd", One(lambda a: a.weekday is not None and in_case(a, lexicon.weekdays(), "accs"))))),
)


_WEEKDAY_ACC = lambda a: a.weekday is not None and in_case(a, lexicon.weekdays(), "accs") and not is_plural(a)  # noqa: E731
WEEKDAY_LIST = Seq(One(lower("в", "во")), Cap("item", One(_WEEKDAY_ACC)),
                   Rep(Seq(Alt(One(lower(",")), One(lower("и"))), Opt(One(lower("в", "во"))),
                           Cap("item", One(_WEEKDAY_ACC))), 1, 4))


def build_weekday_list(m: Match):
    out = []
    for name, lo, hi in m.caps:
        if name == "item":
            out.append(((lo, hi), Timex(weekday=m.atoms[lo].weekday)))
    return out


def build_weekday(m: Match) -> Timex | None:
    t = Timex(weekday=m.first("wd").weekday)
    if m.has("rel"):
        t.anchor, t.shift = "doc", ("W", m.first("rel").lookup(lexicon.relative()))
    return with_clock(m, t)


WEEKEND = Seq(One(lower("в", "во", "на", "за", "до", "после")), Cap("span", Seq(
    Opt(Cap("rel", One(lambda a: is_relative(a) or a.lower in ("эти", "этих", "ближайшие", "ближайших")))),
    One(lower("выходные", "выходных")), Opt(One(lower("дни", "дней"))),
)))


def build_weekend(m: Match) -> Timex | None:
    """«в эти выходные» follows the tense; «минувшие» is the last one, «следующие» the next."""
    which = "this"
    if m.has("rel"):
        word = m.first("rel")
        offset = 1 if word.lower in ("ближайшие", "ближайших") else word.lookup(lexicon.relative())
        which = "last" if offset < 0 else "next" if offset > 0 else "this"
    return Timex(weekend=True, anchor="doc", notes={"weekend": which})


# -- «неделю назад», «через два дня», «спустя месяц», «днём ранее» -----------------------

_UNITS = is_unit("D", "W", "M", "Q", "Y")
AGO = Cap("span", Seq(Opt(count()), Cap("unit", One(_UNITS)), Opt(One(lower("тому"))), One(lower("назад"))))
LATER = Cap("span", Alt(
    Seq(Cap("through", One(lower("через"))), Opt(count()), Cap("unit", One(_UNITS)),
        Opt(Cap("after", Seq(One(lower("после")), One(lower("этого", "того")))))),
    Seq(Cap("since", One(lower("спустя"))), Opt(count()), Cap("unit", One(_UNITS))),
    Seq(Opt(count()), Cap("unit", One(_UNITS)), Cap("since", One(lower("спустя")))),
))
EARLIER_LATER = Cap("span", Alt(
    Seq(Opt(count()), Cap("unit", One(_UNITS)), Cap("dir", One(lower("ранее", "раньше", "позже", "позднее")))),
    Seq(Cap("before", One(lower("за"))), Opt(count()), Cap("unit", One(_UNITS)),
        One(lower("до")), One(lower("этого", "того"))),
))


def _moved(m: Match, sign: int, anchor: str) -> Timex | None:
    n = read_count(m)
    unit_atom = m.first("unit")
    unit, size = unit_of(unit_atom)
    if unit not in ("D", "W", "M", "Q", "Y"):
        return None
    if n == "X":
        # «несколько дней назад»: a vague past; «спустя несколько дней»: after the story's time
        if anchor == "narr":
            vague = "FUTURE_REF" if sign > 0 else "PAST_REF"
            return Timex(anchor="narr", copy=True, mod="AFTER" if sign > 0 else "BEFORE", notes={"fallback": vague})
        return Timex(literal="PAST_REF" if sign < 0 else "FUTURE_REF")
    if n is None:
        return None
    if not m.has("count") and is_plural(unit_atom):
        return None
    if size != 1:
        n, unit = n * size, unit
    # a move by weeks lands on a day; by months, quarters, years on that unit
    grain = "D" if unit in ("D", "W") else unit
    return Timex(anchor=anchor, shift=(unit, sign * n), grain=grain)


def build_ago(m: Match) -> Timex | None:
    return _moved(m, -1, "doc")


def build_later(m: Match) -> Timex | None:
    # «через» counts from the document date unless «после этого» ties it to
    # the story; «спустя» always follows the story
    anchor = "narr" if m.has("since") or m.has("after") else "doc"
    t = _moved(m, 1, anchor)
    if t is not None and anchor == "doc":
        t.notes["narrative_if_past"] = True
    return t


def build_earlier_later(m: Match) -> Timex | None:
    if m.has("before"):
        return _moved(m, -1, "narr")
    unit_atom = m.first("unit")
    # «днём ранее»: the unit in the instrumental case
    if not m.has("count") and not in_case(unit_atom, lexicon.units(), "ablt"):
        return None
    sign = -1 if m.first("dir").lower in ("ранее", "раньше") else 1
    return _moved(m, sign, "narr")


# -- narrative adverbs: «тогда», «позднее» ----------------------------------------------

_NOT_TEMPORAL_BEFORE = ("не", "более", "гораздо", "намного", "чуть", "значительно", "даже", "чем", "как")
ANAPHOR = Seq(
    Behind(lambda a: a is None or a.lower not in _NOT_TEMPORAL_BEFORE),
    Cap("span", Cap("ana", One(lambda a: a.lower in lexicon.anaphora()))),
    Ahead(lambda a: a is None or not (a.is_digit or a.month or a.lower in ("как", "чем", "же", "всего", "того"))),
)


def build_anaphor(m: Match) -> Timex | None:
    word = m.first("ana")
    relation = lexicon.anaphora()[word.lower]
    if relation == "AFTER":
        following = m.atoms[m.end] if m.end < len(m.atoms) else None
        # «позднее время», «позже срока»: an adjective or a comparison, not a time
        if word.pos == "ADJ" or (following is not None and following.is_word and following.oc_pos & {"NOUN", "NUMR"}
                                 and not following.oc_pos & {"VERB", "NPRO", "ADVB", "PREP", "CONJ"}):
            return None
    return Timex(anchor="narr", copy=True, mod="AFTER" if relation == "AFTER" else None)


# -- references to now: «недавно», «в настоящее время», «на днях» -------------------------


@lru_cache(maxsize=None)
def _refs_by_first_word() -> dict[str, list]:
    """The phrases of ``time_refs.tsv`` by their first word (context or span), in the table's order."""
    table: dict[str, list] = {}
    for context, words, value in lexicon.refs():
        table.setdefault((context or words)[0], []).append((context, words, value))
    return table


class _Refs(Node):
    """The phrases of ``time_refs.tsv``: context words, then the span's words."""

    def match(self, atoms, i, caps):
        found = []
        if i >= len(atoms):
            return found
        for context, words, value in _refs_by_first_word().get(atoms[i].lower, ()):
            k = i
            for word in context:
                if k >= len(atoms) or atoms[k].lower != word:
                    break
                k += 1
            else:
                start = k
                for word in words:
                    if k >= len(atoms) or atoms[k].lower != word:
                        break
                    k += 1
                else:
                    found.append((k, caps + (("span", start, k), ("ref:" + value, start, k))))
        return found

    def starts(self):
        first_words = frozenset(_refs_by_first_word())
        return (One(lambda a: a.lower in first_words),), False


def build_ref(m: Match) -> Timex | None:
    value = next(name[4:] for name, _, _ in m.caps if name.startswith("ref:"))
    if value == "TODAY":
        return Timex(anchor="doc", shift=("D", 0))
    return Timex(literal=value)


RULES = [
    Rule("deictic_day", DEICTIC_DAY, build_deictic_day),
    Rule("relative_unit", REL_UNIT, build_rel_unit),
    Rule("weekday", WEEKDAY, build_weekday),
    Rule("weekday_list", WEEKDAY_LIST, build_weekday_list),
    Rule("weekend", WEEKEND, build_weekend),
    Rule("ago", AGO, build_ago),
    Rule("later", LATER, build_later),
    Rule("earlier_later", EARLIER_LATER, build_earlier_later),
    Rule("anaphor", ANAPHOR, build_anaphor),
    Rule("reference", _Refs(), build_ref),
]
