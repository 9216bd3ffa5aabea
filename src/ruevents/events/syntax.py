"""Clause structure around a trigger: controllers, light verbs, prepositions."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..coref.tokens import children, token_table
from ..lexicons import load_words
from .modality_lexicon import modality_lexicon

CLAUSE_RELS = {"acl:relcl", "ccomp", "advcl", "parataxis", "csubj", "xcomp", "acl"}
SUBJECT_RELS = {"nsubj", "nsubj:pass"}
CONTROL_RELS = {"xcomp", "conj", "acl:relcl", "advcl"}
#: punctuation that closes a clause: what stands after it is said apart
CLAUSE_BREAKS = frozenset({":", ";"})


def clause_break_between(doc, start: int, end: int) -> bool:
    """A colon or semicolon among the tokens ``start:end``: what stands on either side is said apart."""
    for token in token_table(doc).tokens[start:end]:  # a loop, not any(): the tokens between are many
        if token.text in CLAUSE_BREAKS:
            return True
    return False


def case_word(token: Token) -> str | None:
    """The lemma of the token's preposition («в», «с»), None without one."""
    # read from the token's children each time: a word has few, and they are
    # slots of the token table's tokens (cheaper than looking up a remembered answer)
    for child in children(token):
        if child.dep_ == "case":
            return child.lemma_
    return None


def controllers(head: Token) -> list[Token]:
    """The trigger's head word and the predicates above it that lend it a subject.

    Remembered per token in the Doc's token table (the participant, place,
    time and filter rules each ask it of the same trigger); the list is
    shared: do not change it."""
    known = token_table(head.doc).controller_chains
    chain = known.get(head.i)
    if chain is None:
        chain = known[head.i] = _controllers(head)
    return chain


def _controllers(head: Token) -> list[Token]:
    chain = [head]
    node = head
    for _ in range(4):
        if node.dep_ == "acl:relcl":
            # «Баку, где планирует…» → прибыл; «совершил визит в Киев, где встретился…» → совершил
            node = verb_above(node.head)
        elif node.dep_ in CONTROL_RELS:
            node = node.head
        else:
            break
        chain.append(node)
        if any(c.dep_ in SUBJECT_RELS for c in children(node)):
            break
    return chain


def verb_above(noun: Token) -> Token:
    """The verb whose clause a noun is in, up through the nouns it modifies
    («визит в Киев»: the verb of «визит»); the noun's head when there is none."""
    node = noun
    for _ in range(3):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return noun.head if noun.head.i != noun.i else noun


@lru_cache(maxsize=None)
def light_verbs() -> frozenset[str]:
    return load_words("light_verbs.txt")


#: nouns of a part of an event: «раунд переговоров», «день саммита»
PART_NOUNS = frozenset({"раунд", "тур", "день", "этап", "часть", "сессия"})


def light_verb(head: Token, *, strict: bool = False) -> Token | None:
    """«состоялась встреча», «провели переговоры»: the verb a noun trigger hangs on.

    For arguments any governing verb lends its place and time; for modality
    only a real light verb does («уход Мэй не повлияет на визит» does not
    negate the departure).
    «провели новый раунд переговоров», «прошёл основной день саммита»: a noun
    of a part of the event between them passes the verb on.
    """
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "nmod" and head.head.lemma_ in PART_NOUNS:
        head = head.head
    if (
        head.pos_ in ("NOUN", "PROPN")
        and head.dep_ in ("nsubj", "nsubj:pass", "obj")
        and head.head.pos_ in ("VERB", "AUX")
        and (not strict or head.head.lemma_ in light_verbs())
    ):
        return head.head
    return None


def verbal_governor(head: Token) -> Token | None:
    """The nearest verb above a noun trigger in its clause («вылетит на форум»)."""
    node = head
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.dep_ in CLAUSE_RELS:
            return None
    return None


def controllers_without_conj(head: Token) -> list[Token]:
    chain = [head]
    node = head
    for _ in range(4):
        if node.dep_ in ("xcomp", "csubj") or (node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN") and node.head.lemma_ in modality_lexicon()):
            node = node.head
            chain.append(node)
        else:
            break
    return chain
