"""A person's title split into FactRuEval's Position and Where:
«председатель Военного комитета НАТО» → («председатель», «Военный комитет НАТО»)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Sequence

from ..backends import pymorphy
from ..lexicons import load_words
from ..records import Entity
from .fact_matching import normalise
from .phrase_forms import head_index, nominative_phrase, word_lemma, word_pos

#: function words that a broken title phrase may start or end with
_EDGE_POS = {"CONJ", "PREP", "PRCL"}


@lru_cache(maxsize=None)
def unit_words() -> frozenset[str]:
    """Lemmas of words that name a unit of an organisation, not the position:
    «лидер фракции КПРФ» is the leader (position) of «фракция КПРФ» (where)."""
    return load_words("title_units.txt")


@lru_cache(maxsize=None)
def title_qualifiers() -> frozenset[str]:
    """«бывший», «известный»: adjectives of a title that are not part of the position."""
    return load_words("title_qualifiers.txt")


@lru_cache(maxsize=None)
def place_adjectives() -> dict[str, str]:
    """Adjective lemma → the place it names: countries («португальский» → Португалия)
    and regions («подмосковный» → Подмосковье)."""
    return load_words("nationalities.tsv", with_values=True) | load_words("place_adjectives.tsv", with_values=True)


QUOTE_CHARS = "«»\"„“”"
OPENING_QUOTES = "«„“"
_WORD = re.compile(rf"[{QUOTE_CHARS}]|[^\s{QUOTE_CHARS}]+")
#: prepositions that stay inside the name of a unit: «Отдел по взаимоотношениям
#: Церкви и общества», «совет при главном архитекторе»; others end it
#: («депутат парламента | от партии …», «глава представительства США | в регионе»)
UNIT_PREPOSITIONS = frozenset({"по", "при"})


def title_words(title: str) -> list[str]:
    """Words of a title with quotes as words of their own: «движения «Левый фронт»»."""
    return _WORD.findall(title)


def join_words(words: Sequence[str]) -> str:
    """The inverse of :func:`title_words`: quotes stick to the words they enclose."""
    out, open_plain = "", False
    for word in words:
        opening = word in OPENING_QUOTES or (word == '"' and not open_plain)
        closing = word in QUOTE_CHARS and not opening
        if word == '"':
            open_plain = not open_plain
        glue = "" if not out or closing or out[-1] in OPENING_QUOTES or (out[-1] == '"' and open_plain and not closing) else " "
        out += glue + word
    return out


def clean_title(title: str) -> str:
    """Drop what a broken title phrase drags along: «писатель и» → «писатель»,
    «её основатель» → «основатель»."""
    words = title.split()
    while words and (word_pos(words[-1]) in _EDGE_POS or (word_pos(words[-1]) in ("ADJF", "PRTF") and words[-1].islower())):
        words.pop()
    while words and (word_pos(words[0]) in _EDGE_POS or any("Apro" in p.tag for p in pymorphy.parses(words[0])[:1])):
        words.pop(0)
    return " ".join(words)


def _find_form(words: Sequence[str], entity: Entity, after: int) -> tuple[int, int] | None:
    """Word span (start, end) of the entity's earliest written form among
    ``words`` after index ``after``; quotes are ignored in the comparison and a
    closing quote right after the form is taken with it."""
    kept = [(i, normalise(w)) for i, w in enumerate(words) if w not in QUOTE_CHARS and i > after]
    best = None
    for form in {entity.name, *(m.text for m in entity.mentions)}:
        needle = [normalise(w) for w in title_words(form) if w not in QUOTE_CHARS]
        if not needle:
            continue
        for k in range(len(kept) - len(needle) + 1):
            if [w for _, w in kept[k : k + len(needle)]] == needle:
                start, end = kept[k][0], kept[k + len(needle) - 1][0] + 1
                if start - 1 > after and words[start - 1] in OPENING_QUOTES:
                    start -= 1
                if end < len(words) and words[end] in QUOTE_CHARS and words[end] not in OPENING_QUOTES:
                    end += 1
                if best is None or start < best[0]:
                    best = (start, end)
                break
    return best


def _unit_end(words: Sequence[str], unit: int) -> int:
    """Where the name of a unit that starts at ``unit`` ends: at a preposition,
    unless one of :data:`UNIT_PREPOSITIONS` has opened its own part («отдел по
    связям с общественностью»)."""
    for k in range(unit + 1, len(words)):
        if word_pos(words[k]) == "PREP":
            if words[k].lower() in UNIT_PREPOSITIONS:
                return len(words)
            return k
    return len(words)


def is_adjective(word: str) -> bool:
    """A full adjective or participle («государственной», «исполняющий»)."""
    return word_pos(word) in ("ADJF", "PRTF")


def _is_qualifier(word: str) -> bool:
    """«бывший», «известный»: says something of the holder, not of the post."""
    return any(p.normal_form in title_qualifiers() for p in pymorphy.parses(word)) or word.lower() in title_qualifiers()


def _nominative_start(words: Sequence[str], unit: int = 0) -> str:
    """«московского отделения движения «Солидарность»» → «московское отделение
    движения «Солидарность»»: the start up to the unit word (index ``unit``) and
    the lowercase words after it in the nominative, names as written."""
    cut = next((i for i, w in enumerate(words) if (i > unit or w.isupper()) and (w[:1].isupper() or w in QUOTE_CHARS)), len(words))
    if cut == 0:
        return join_words(words)
    start = " ".join(words[:cut])
    return join_words([(nominative_phrase(start) or (start,))[0], *words[cut:]])


def split_title(title: str, places: Sequence[Entity]) -> tuple[str, str | None]:
    """Position and Where of one title.

    Where begins at the first organisation or place named after the title
    word, or at a unit word of an organisation («лидер фракции КПРФ» →
    («лидер», «фракция КПРФ»)); a unit phrase runs to the end or up to a
    preposition («депутат парламента от партии …» → «парламент»).  An
    adjective of a place before the title word is the Where when nothing
    follows it («подмосковный губернатор» → («губернатор», «Подмосковье»)).
    Qualifiers («бывший», «известный») are left out of the position.  With no
    place at all the title comes back whole, with ``None``.
    """
    words = title_words(title)
    head = head_index(words)
    if head is None:
        return title, None
    found = sorted((span, entity) for entity in places if (span := _find_form(words, entity, head)))
    starts = {span[0]: (span, entity) for span, entity in reversed(found)}
    where, where_start = None, None
    for i in range(head + 1, len(words)):
        if i in starts:
            (start, end), entity = starts[i]
            where, where_start = entity.name, start
            # capitalised words right after it belong to it: «Исламского комитета | России»
            rest = list(itertools.takewhile(lambda w: w[:1].isupper(), words[end:]))
            if rest:
                where = f"{where} {' '.join(rest)}"
            break
        if word_lemma(words[i]) in deictic_places():
            # «глава российского государства» → Россия; without an adjective the caller decides
            named = [k for k in range(head + 1, i) if word_lemma(words[k]) in place_adjectives()]
            if named:
                where, where_start = place_adjectives()[word_lemma(words[named[0]])], named[0]
            break
        if word_lemma(words[i]) in unit_words():
            where_start = i
            while where_start - 1 > head and is_adjective(words[where_start - 1]):
                where_start -= 1
            end = _unit_end(words, i)
            where = _nominative_start(words[where_start:end], i - where_start)
            break
    position = [w for w in words[: where_start if where_start is not None else len(words)]]
    # «наблюдатель от | ОБСЕ»; «глава государственной | Комиссии …», «вратарь из мюнхенской | Баварии»:
    # the preposition and the adjective belong to the organisation
    while len(position) > head + 1 and (
        word_pos(position[-1]) == "PREP" or position[-1] in QUOTE_CHARS or (where is not None and (is_adjective(position[-1]) or word_pos(position[-1]) == "ADVB"))
    ):
        position.pop()
    if where is None:
        adjectives = [i for i in range(head) if word_lemma(words[i]) in place_adjectives()]
        if adjectives:
            where = place_adjectives()[word_lemma(words[adjectives[0]])]
            position = [w for i, w in enumerate(position) if i not in adjectives]
        elif position == words:
            return title, None
    position = [w for i, w in enumerate(position) if i >= head or not _is_qualifier(w)]
    return join_words(position), where


@lru_cache(maxsize=None)
def deictic_places() -> dict[str, str]:
    """«государство» → country, «город» → place: nouns that stand for a place named elsewhere."""
    return load_words("title_deictic_places.tsv", with_values=True)
