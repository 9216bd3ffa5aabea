"""The grammar's input: a Doc's tokens cut into atoms with their features.

razdel keeps «19.04.2018», «2010-х» and «1-м» as one token each (and now and
then glues a comma or a dot to a number: «2018-04-19,»), so every token is
cut into atoms (a run of digits, a run of letters, or one other character),
each with its character offsets and a ``glued`` flag (no space before it).
A match may start only where a token starts, and must end where a token ends
or where only punctuation is left of it, so the offsets of a time line up
with the tokens in all but those glued-punctuation cases.

Word features come from the token's lemma (when the atom is the whole token)
and from every pymorphy3 normal form of the word, so «двадцатого»,
«АПРЕЛЯ» and «г» are understood whatever the tagger made of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..backends.pymorphy import parses
from . import lexicon

class cached_property:  # noqa: N801 (named after the functools one it replaces)
    """``functools.cached_property`` without its lock (Python 3.11 takes one on
    every first access, which cost a tenth of the time stage): the value is
    computed once and stored in the instance, whose dict then answers."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


_ATOM = re.compile(r"\d+|[^\W\d_]+|\S", re.UNICODE)
_PUNCT_TAIL = re.compile(r"[^\w]*", re.UNICODE)


def safe_parses(word: str) -> tuple:
    """pymorphy3's parses, or none for what it cannot read (it raises on some scripts)."""
    try:
        return parses(word)
    except (KeyError, ValueError):
        return ()


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е")


# The word features below depend on the atom's text (and its token's lemma)
# only, so they are computed once per distinct word across documents; the
# bounds keep memory flat over a year of news.


@lru_cache(maxsize=20_000)
def word_forms(text: str, lemma: str) -> frozenset[str]:
    """A word's lowercase text, its lemma and every pymorphy3 normal form (ё written е)."""
    found = {_plain(text)}
    if lemma:
        found.add(_plain(lemma))
    found.update(_plain(p.normal_form) for p in safe_parses(text))
    return frozenset(found)


@lru_cache(maxsize=None)
def time_vocabulary(*, with_seasons: bool = True) -> frozenset[str]:
    """Every key of the time lexicon tables that make a word a time word."""
    tables = [lexicon.months(), lexicon.weekdays(), lexicon.units(), lexicon.numbers(), lexicon.relative(),
              lexicon.parts_of_day(), lexicon.sets(), lexicon.decades()]
    if with_seasons:
        tables.append(lexicon.seasons())
    return frozenset(key for table in tables for key in table)


@lru_cache(maxsize=30_000)
def word_is_timeish(text: str, lemma: str) -> bool:
    """Could a word (letters only) be part of a time expression's core?

    One set intersection instead of a look-up per table: the same answer as
    asking every table (their values are never ``None``).
    """
    lower = _plain(text)
    if roman_number(text) is not None or lower in lexicon.trigger_words():
        return True
    # «лет» is a form of «лето» for pymorphy3 only as «лёт»; still, keep it out of the seasons
    return not word_forms(text, lemma).isdisjoint(time_vocabulary(with_seasons=lower != "лет"))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
          "xix": 19, "xx": 20, "xxi": 21, "xxii": 22}


def roman_number(text: str) -> int | None:
    """«XXI» → 21; upper case Latin only, up to XXII."""
    return _ROMAN.get(text.lower()) if text.isupper() and text.isascii() else None


@dataclass
class Atom:
    text: str
    start: int
    end: int
    token: int  # index of the Doc token it comes from (-1 when built from text)
    token_start: bool  # the first atom of its token
    token_end: bool  # the last atom of its token, or only punctuation follows
    glued: bool  # no whitespace between this atom and the previous one
    newline_before: bool
    sent: int
    lemma: str = ""
    pos: str = ""

    @cached_property
    def key(self) -> tuple[str, str, str, bool]:
        """What a pattern's ``One`` may read of the atom: the matcher remembers per key
        which rules and branches the atom can start."""
        return self.text, self.lemma, self.pos, self.glued

    @cached_property
    def lower(self) -> str:
        return _plain(self.text)

    @cached_property
    def is_digit(self) -> bool:
        return self.text.isdigit() and self.text.isascii()

    @cached_property
    def number(self) -> int | None:
        return int(self.text) if self.is_digit else None

    @cached_property
    def is_word(self) -> bool:
        return self.text.isalpha()

    @cached_property
    def forms(self) -> frozenset[str]:
        """Lemma and every pymorphy3 normal form (lowercase, ё written е)."""
        if not self.is_word:
            return frozenset((self.lower,))
        return word_forms(self.text, self.lemma)

    @cached_property
    def _sorted_forms(self) -> list[str]:
        return sorted(self.forms)

    @cached_property
    def oc_pos(self) -> frozenset[str]:
        """OpenCorpora parts of speech pymorphy3 allows for the word."""
        if not self.is_word:
            return frozenset()
        return frozenset(str(p.tag.POS) for p in safe_parses(self.text))

    def lookup(self, table) -> object | None:
        """The value of the first of the word's forms found in a lexicon table."""
        if self.lower in table:
            return table[self.lower]
        for form in self._sorted_forms:
            if form in table:
                return table[form]
        return None

    # -- lexicon features, cached -------------------------------------------

    @cached_property
    def month(self) -> int | None:
        return self.lookup(lexicon.months()) if self.is_word else None

    @cached_property
    def weekday(self) -> int | None:
        return self.lookup(lexicon.weekdays()) if self.is_word else None

    @cached_property
    def season(self) -> str | None:
        # «лет» is a form of «лето» for pymorphy3 only as «лёт»; still, keep it out
        if not self.is_word or self.lower == "лет":
            return None
        return self.lookup(lexicon.seasons())

    @cached_property
    def unit(self) -> tuple[str, int] | None:
        return self.lookup(lexicon.units()) if self.is_word else None

    @cached_property
    def numword(self) -> int | None:
        return self.lookup(lexicon.numbers()) if self.is_word else None

    @cached_property
    def timeish(self) -> bool:
        """Could this atom be part of a time expression's core?  (Lets the matcher skip the rest.)"""
        if self.is_digit:
            return True
        return self.is_word and word_is_timeish(self.text, self.lemma)

    @cached_property
    def roman(self) -> int | None:
        return roman_number(self.text)


def _cut(text: str, start: int) -> Iterable[tuple[str, int, int]]:
    for match in _ATOM.finditer(text):
        yield match.group(), start + match.start(), start + match.end()


def _pieces(word: str, start: int) -> list[tuple[str, int, int]]:
    """The atoms of one token's text, with their character offsets."""
    # most tokens are one atom: all letters, all digits or one character
    if word.isalpha() or word.isdecimal() or len(word) == 1:
        return [(word, start, start + len(word))]
    return list(_cut(word, start))


def atoms_from_doc(doc, text: str | None = None) -> list[Atom]:
    """The atoms of a spaCy ``Doc`` (whitespace tokens only set flags).

    ``text`` is ``doc.text`` when the caller has it already: spaCy joins the
    tokens anew on each access.
    """
    atoms: list[Atom] = []
    if text is None:
        text = doc.text
    previous_end = 0
    newline = False
    sent = 0  # sentence number, counted in the same pass (``doc.sents`` costs a pass per sentence)
    for token in doc:
        if token.is_sent_start and token.i:
            sent += 1
        if token.is_space:
            newline = newline or "\n" in token.text
            continue
        pieces = _pieces(token.text, token.idx)
        if not pieces:
            continue
        whole = len(pieces) == 1
        last_word = len(pieces) - 1
        while last_word > 0 and not (pieces[last_word][0][0].isalnum()):
            last_word -= 1
        lemma, pos = (token.lemma_, token.pos_) if whole else ("", "")
        for index, (piece, start, end) in enumerate(pieces):
            gap = text[previous_end:start] if start != previous_end else ""  # the text between this atom and the last
            atoms.append(Atom(
                piece, start, end, token.i,
                index == 0,  # token_start
                index >= last_word,  # token_end
                bool(atoms) and gap == "",  # glued
                newline or "\n" in gap,  # newline_before
                sent, lemma, pos,
            ))
            previous_end = end
            newline = False
    return atoms
