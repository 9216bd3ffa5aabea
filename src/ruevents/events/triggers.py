"""Triggers: lemmas and linked lemma phrases from ``lexicons/event_triggers.tsv``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..backends import pymorphy
from ..lexicons import load_words


@dataclass
class TriggerMatch:
    tokens: list[Token]
    type: str

    @property
    def head(self) -> Token:
        ids = {t.i for t in self.tokens}
        return next((t for t in self.tokens if t.head.i not in ids or t.head.i == t.i), self.tokens[0])

    @property
    def start_char(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end_char(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)


@dataclass
class FoundEvent:
    trigger: TriggerMatch
    modality: str
    participants: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    times: list[tuple[int, int, str]] = field(default_factory=list)


@lru_cache(maxsize=None)
def trigger_lexicon() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First lemma → [(all lemmas of the phrase, type)], longest phrases first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, kind in load_words("event_triggers.tsv", with_values=True).items():
        lemmas = tuple(phrase.split())
        index.setdefault(lemmas[0], []).append((lemmas, kind.strip()))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def lemma_keys(token: Token) -> tuple[str, ...]:
    """The lemma, and for a plural noun its plural form («выборы», «консультации»)."""
    if token.pos_ in ("NOUN", "PROPN") and "Plur" in token.morph.get("Number"):
        plural = pymorphy.plural_nominative(token.text)
        if plural and plural != token.lemma_:
            return (token.lemma_, plural)
    return (token.lemma_,)


def matches_lemma(token: Token, lemma: str) -> bool:
    """``lemma`` is the token's lemma, or a word class it belongs to: ``@title``
    is any title noun of ``lexicons/titles.txt`` («стать @title»: «стала
    премьер-министром»)."""
    if lemma == "@title":
        from ..coref import is_title

        return is_title(token)
    return lemma in lemma_keys(token)


def _linked(token: Token, lemma: str, used: set[int]) -> Token | None:
    """A word with ``lemma`` that is the head or a child of ``token`` (or a grandchild via a preposition)."""
    candidates = [token.head, *token.children]
    candidates += [g for c in token.children for g in c.children]
    for other in candidates:
        if other.i != token.i and other.i not in used and matches_lemma(other, lemma):
            return other
    return None


def find_triggers(sent: Span) -> list[TriggerMatch]:
    lexicon = trigger_lexicon()
    matches: list[TriggerMatch] = []
    used: set[int] = set()
    for token in sent:
        if token.i in used or token.pos_ in ("PUNCT", "ADP", "SPACE"):
            continue
        entries = [entry for key in lemma_keys(token) for entry in lexicon.get(key, ())]
        for lemmas, kind in sorted(entries, key=lambda e: -len(e[0])):
            tokens = [token]
            for lemma in lemmas[1:]:
                found = None
                for anchor in tokens:
                    found = _linked(anchor, lemma, used | {t.i for t in tokens})
                    if found is not None:
                        break
                if found is None:
                    break
                tokens.append(found)
            if len(tokens) == len(lemmas):
                # the phrase's content words form the trigger; prepositions stay out
                tokens = [t for t in tokens if t.pos_ != "ADP"]
                matches.append(TriggerMatch(sorted(tokens, key=lambda t: t.i), kind))
                used.update(t.i for t in tokens)
                break
    return matches
