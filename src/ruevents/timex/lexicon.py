"""The time vocabularies (``lexicons/time_*``) as typed lookups, loaded once."""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from ..lexicons import load_words


def _ints(name: str) -> Mapping[str, int]:
    return {key: int(value) for key, value in load_words(name, with_values=True).items()}


@lru_cache(maxsize=None)
def months() -> Mapping[str, int]:
    """Month lemma or abbreviation (without its dot) → month number."""
    return {key.rstrip("."): value for key, value in _ints("time_months.tsv").items()}


@lru_cache(maxsize=None)
def month_abbreviations() -> frozenset[str]:
    return frozenset(key.rstrip(".") for key in _ints("time_months.tsv") if key.endswith("."))


@lru_cache(maxsize=None)
def weekdays() -> Mapping[str, int]:
    return _ints("time_weekdays.tsv")


@lru_cache(maxsize=None)
def seasons() -> Mapping[str, str]:
    return dict(load_words("time_seasons.tsv", with_values=True))


@lru_cache(maxsize=None)
def relative() -> Mapping[str, int]:
    return _ints("time_relative.tsv")


@lru_cache(maxsize=None)
def deictic_days() -> Mapping[str, int]:
    return _ints("time_deictic.tsv")


@lru_cache(maxsize=None)
def units() -> Mapping[str, tuple[str, int]]:
    """lemma → (unit, count): «неделя» → ("W", 1), «полгода» → ("M", 6)."""
    table = {}
    for key, value in load_words("time_units.tsv", with_values=True).items():
        unit, _, count = value.partition(" ")
        table[key] = (unit, int(count) if count else 1)
    return table


@lru_cache(maxsize=None)
def parts_of_day() -> Mapping[str, str]:
    return dict(load_words("time_parts_of_day.tsv", with_values=True))


@lru_cache(maxsize=None)
def sets() -> Mapping[str, str]:
    return dict(load_words("time_sets.tsv", with_values=True))


@lru_cache(maxsize=None)
def numbers() -> Mapping[str, int]:
    return _ints("time_numbers.tsv")


@lru_cache(maxsize=None)
def decades() -> Mapping[str, str]:
    return dict(load_words("time_decades.tsv", with_values=True))


@lru_cache(maxsize=None)
def anaphora() -> Mapping[str, str]:
    return dict(load_words("time_anaphora.tsv", with_values=True))


@lru_cache(maxsize=None)
def refs() -> tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]:
    """Phrases naming now or a vague past/future: (context words, span words, value), longest first."""
    table = []
    for phrase, value in load_words("time_refs.tsv", with_values=True).items():
        context = tuple(w.strip("[]") for w in phrase.split() if w.startswith("["))
        words = tuple(w for w in phrase.split() if not w.startswith("["))
        table.append((context, words, value))
    return tuple(sorted(table, key=lambda item: -len(item[0]) - len(item[1])))


@lru_cache(maxsize=None)
def trigger_words() -> frozenset[str]:
    """Words that may open a time expression's core besides the lexicon entries
    (the grammar's own function words, the deictic and narrative words, the refs)."""
    words = {
        "каждый", "каждая", "каждое", "каждые", "каждую", "каждого", "раз", "раза", "дважды", "трижды",
        "несколько", "нескольких", "многих", "многие", "начале", "начала", "начало", "середине", "середины",
        "конце", "конца", "концу", "половине", "половину", "половины", "полдень", "полночь", "выходные",
        "выходных", "назад", "через", "спустя", "течение", "течении", "протяжении", "числа", "последние",
        "последних", "последний", "последнюю", "последнее", "века", "веке", "век", "тот", "том", "тот", "той",
        "того", "тем", "ту", "ночь", "ночи",
    }
    words.update(deictic_days())
    words.update(anaphora())
    words.update(zones())
    for context, span_words, _ in refs():
        words.update(span_words)
    return frozenset(words)


@lru_cache(maxsize=None)
def zones() -> frozenset[str]:
    return load_words("time_zones.txt")


def compose_number(values: list[int]) -> int | None:
    """Number words in order → their number, or None when they do not compose.

    >>> compose_number([2, 1000, 18])
    2018
    >>> compose_number([30, 1])
    31
    >>> compose_number([15, 2]) is None
    True
    """
    total, current, previous = 0, 0, None
    for value in values:
        if value == 1000:
            if total:
                return None
            total, current, previous = (current or 1) * 1000, 0, None
            continue
        if previous is not None:
            # only round numbers take a smaller part after them: «двадцать первый»
            place = 10 ** (len(str(previous)) - 1)
            if previous % place or value >= place:
                return None
        current += value
        previous = value
    return total + current
