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
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from ..backends.pymorphy import parses
from . import lexicon

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
    morph: dict = field(default_factory=dict)

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
        found = {self.lower}
        if self.lemma:
            found.add(_plain(self.lemma))
        found.update(_plain(p.normal_form) for p in safe_parses(self.text))
        return frozenset(found)

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
        for form in sorted(self.forms):
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
        if not self.is_word:
            return False
        if self.roman is not None or self.lower in lexicon.trigger_words():
            return True
        return any(value is not None for value in (
            self.month, self.weekday, self.season, self.unit, self.numword,
            self.lookup(lexicon.relative()), self.lookup(lexicon.parts_of_day()), self.lookup(lexicon.sets()),
            self.lookup(lexicon.decades()),
        ))

    @cached_property
    def roman(self) -> int | None:
        values = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
                  "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
                  "xix": 19, "xx": 20, "xxi": 21, "xxii": 22}
        return values.get(self.text.lower()) if self.text.isupper() and self.text.isascii() else None


def _cut(text: str, start: int) -> Iterable[tuple[str, int, int]]:
    for match in _ATOM.finditer(text):
        yield match.group(), start + match.start(), start + match.end()


def atoms_from_doc(doc) -> list[Atom]:
    """The atoms of a spaCy ``Doc`` (whitespace tokens only set flags)."""
    atoms: list[Atom] = []
    # sentence numbers in one pass (iterating ``doc.sents`` costs a pass per sentence)
    sent_of, number = {}, 0
    for token in doc:
        if token.i and token.is_sent_start:
            number += 1
        sent_of[token.i] = number
    text = doc.text  # built anew on each access: read it once
    previous_end = 0
    newline = False
    for token in doc:
        if token.is_space:
            newline = newline or "\n" in token.text
            continue
        pieces = list(_cut(token.text, token.idx))
        if not pieces:
            continue
        whole = len(pieces) == 1
        last_word = len(pieces) - 1
        while last_word > 0 and not (pieces[last_word][0][0].isalnum()):
            last_word -= 1
        for index, (piece, start, end) in enumerate(pieces):
            gap = text[previous_end:start]  # the document text between this atom and the last
            atoms.append(Atom(
                text=piece, start=start, end=end, token=token.i,
                token_start=index == 0,
                token_end=index >= last_word,
                glued=bool(atoms) and gap == "",
                newline_before=newline or "\n" in gap,
                sent=sent_of.get(token.i, 0),
                lemma=token.lemma_ if whole else "",
                pos=token.pos_ if whole else "",
                morph=token.morph.to_dict() if whole else {},
            ))
            previous_end = end
            newline = False
    return atoms
