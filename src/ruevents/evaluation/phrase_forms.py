"""Russian words and title phrases through pymorphy3: lemma, part of speech,
the head noun, the phrase put in the nominative."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from ..backends import pymorphy
from .fact_matching import normalise


@lru_cache(maxsize=20_000)
def nominative_phrase(text: str) -> tuple[str, ...]:
    """A title phrase with its head noun and the adjectives before it in the
    nominative (same number, and singular): «генерального директора» →
    («генеральный директор»,), «президентами» → («президенты», «президент»)."""
    words = normalise(text).split()
    head = head_index(words)
    if head is None:
        return ()
    noun = _noun_parse(words[head])
    results = []
    for number in dict.fromkeys([noun.tag.number or "sing", "sing"]):
        form = noun.inflect({"nomn", number})
        if form is None:
            continue
        out = list(words)
        out[head] = form.word
        for i in range(head):
            grams = {"nomn", number} | ({form.tag.gender} if number == "sing" and form.tag.gender else set())
            out[i] = _inflect_adjective(words[i], grams) or words[i]
        results.append(" ".join(out))
    return tuple(dict.fromkeys(results))


def _noun_parse(word: str):
    return next((p for p in pymorphy.parses(word) if p.tag.POS == "NOUN" and p.tag.case), None)


def head_index(words: Sequence[str]) -> int | None:
    """The first word most likely a noun («первого» is an adjective first), else any noun."""
    for likely in (True, False):
        for i, word in enumerate(words):
            found = pymorphy.parses(word)
            if found and (found[0].tag.POS == "NOUN" if likely else _noun_parse(word) is not None):
                return i
    return None


def _inflect_adjective(word: str, grams: set[str]) -> str | None:
    for parse in pymorphy.parses(word):
        if parse.tag.POS in ("ADJF", "PRTF"):
            form = parse.inflect(grams)
            if form is not None:
                return form.word
    return None


def word_lemma(word: str) -> str:
    """The most likely lemma of a word on its own."""
    found = pymorphy.parses(word)
    return found[0].normal_form if found else word.lower()


def word_pos(word: str) -> str | None:
    """The most likely pymorphy part of speech of a word on its own («NOUN», «ADJF», «PREP»…)."""
    found = pymorphy.parses(word)
    return found[0].tag.POS if found else None
