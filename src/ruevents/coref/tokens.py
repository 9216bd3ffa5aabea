"""Which tokens a coreference pass needs to look at, read from the Doc's columns.

Each pass looks for a few words (titles, «столица», «ведомство»…): iterating
the Doc makes a ``Token`` object of every token, passes after pass.  Here the
lemma column is read once per Doc into lemma → positions, and a pass makes
Token objects only for the tokens with its words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from spacy.attrs import ENT_IOB, IS_ALPHA, LEMMA, ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

#: ``doc.user_data`` key of the lemma hash → token positions table
LEMMA_POSITIONS = "ruevents.lemma_positions"
#: spaCy's code of "outside any entity" in the ENT_IOB column
OUTSIDE = 2


def lemma_positions(doc: Doc) -> dict[int, list[int]]:
    """spaCy hash of each lemma → the positions of its tokens, in text order
    (made once per Doc; the lemmas do not change after the morphology stage)."""
    found = doc.user_data.get(LEMMA_POSITIONS)
    if found is None:
        found = {}
        for i, lemma in enumerate(doc.to_array(LEMMA).tolist()):
            found.setdefault(lemma, []).append(i)
        doc.user_data[LEMMA_POSITIONS] = found
    return found


@lru_cache(maxsize=64)
def _hashes(lemmas: frozenset[str]) -> frozenset[int]:
    return frozenset(hash_string(lemma) for lemma in lemmas)


def tokens_with_lemma(doc: Doc, lemmas: Iterable[str]) -> list[Token]:
    """The tokens whose lemma is one of ``lemmas``, in text order."""
    hashes = _hashes(lemmas if isinstance(lemmas, frozenset) else frozenset(lemmas))
    positions = lemma_positions(doc)
    found = sorted(i for lemma, where in positions.items() if lemma in hashes for i in where)
    return [doc[i] for i in found]


def capitalised_words_outside_entities(doc: Doc) -> list[Token]:
    """Tokens of letters only, outside the NER's entities, written with a capital first letter."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    found = []
    for i, (orth, iob, alpha) in enumerate(doc.to_array([ORTH, ENT_IOB, IS_ALPHA]).tolist()):
        if iob == OUTSIDE and alpha and strings[orth][:1].isupper():
            found.append(i)
    return [doc[i] for i in found]
