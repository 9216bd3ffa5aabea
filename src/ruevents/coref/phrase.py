"""A title phrase around its title word: «председатель Военного комитета НАТО»,
«исполняющий обязанности директора», and how it is written into a person's
attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.strings import hash_string
from spacy.tokens import Token

from ..names import phrase_name
from .lexicon import nationalities, title_groups
from .tokens import children, morph_values, token_table

LEADING_RELS = {"case", "cc", "mark", "punct", "advmod"}
#: quotes around a name inside a title: «координатор движения «Левый фронт»»
QUOTES = frozenset('«»"„“”')
OPENING_QUOTES = frozenset("«„")
# parts of speech a title phrase is made of when the parse is too broken to follow
TITLE_PHRASE_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "VERB"}
#: nouns before the title word that belong to the title: «исполняющий обязанности представителя»
TITLE_LEAD_NOUNS = {"обязанность"}


@dataclass
class Title:
    """A title phrase: its head noun and the tokens that make it up."""

    head: Token
    tokens: list[Token]
    nationality: str | None = None
    org_tokens: list[Token] = field(default_factory=list)

    @property
    def group(self) -> str:
        return title_groups().get(self.head.lemma_, self.head.lemma_)

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        return self.tokens[-1].idx + len(self.tokens[-1])  # len(token): its length in characters


@lru_cache(maxsize=None)
def _title_lemma_hashes() -> frozenset[int]:
    """spaCy's hashes of the title lemmas: a token's ``lemma`` number is compared
    without making its string (most words asked are not titles)."""
    return frozenset(hash_string(lemma) for lemma in title_groups())


def is_title(token: Token) -> bool:
    return token.lemma in _title_lemma_hashes() and token.pos_ in ("NOUN", "PROPN")


#: spaCy's hashes of the quotes: ``token.orth`` compared without making the token's text
QUOTE_ORTHS = frozenset(hash_string(quote) for quote in QUOTES)


def is_quote(token: Token) -> bool:
    """``token.text in QUOTES``."""
    return token.orth in QUOTE_ORTHS


#: relations that leave the title's noun phrase: clauses, coordination, the name itself
OUTSIDE_TITLE_RELS = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "nsubj", "obj"}


def _title_subtree(head: Token) -> list[Token]:
    """The title noun and its modifiers, not the clauses or names hung on it;
    remembered per token in the Doc's token table (a title word is read as the
    end of the titles before each of the next dozen words).  The list is
    shared: do not change it."""
    known = token_table(head.doc).title_subtrees
    found = known.get(head.i)
    if found is None:
        found = known[head.i] = _walk_title_subtree(head)
    return found


def _walk_title_subtree(head: Token) -> list[Token]:
    keep = [head]
    stack = [head]
    while stack:
        node = stack.pop()
        for child in children(node):
            if child.dep_ not in OUTSIDE_TITLE_RELS:
                keep.append(child)
                stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def title_phrase(head: Token, *, before: int | None = None, exclude: set[int] = frozenset()) -> Title:
    """The title noun with its modifiers, cut at ``before`` and clear of ``exclude``."""
    tokens = []
    nationality = None
    head_i = head.i  # read once: every token of the phrase is compared with it
    if before is None:
        before = len(head.doc)
    for token in _title_subtree(head):
        i = token.i
        if i >= before:
            break
        excluded = i in exclude
        quote = is_quote(token) and not excluded
        if excluded or (token.is_punct and not quote) or token.is_space:
            if tokens:
                break
            continue
        if quote and not tokens:
            continue
        if not tokens and i != head_i and token.dep_ in LEADING_RELS:
            continue  # «с», «между», «и» before the title belong to the clause
        if i < head_i and not _modifies_title(token) and not (tokens and token.dep_ == "cc"):
            tokens = []  # «в 2009 год | писателя»: only adjectives stand before the title word
            continue
        if i != head_i and token.head.i == head_i and token.dep_ == "amod" and token.lemma_ in nationalities():
            nationality = nationalities()[token.lemma_]
            continue
        if tokens and i != tokens[-1].i + 1:
            break
        tokens.append(token)
    if not tokens or head not in tokens:
        tokens = [head]
    return Title(head, balanced_quotes(tokens), nationality)


#: possessives that refer back rather than describe: «своего председателя», «её основатель»
POSSESSIVE_LEMMAS = {"свой", "его", "ее", "её", "их", "наш", "ваш", "мой", "твой"}


def _modifies_title(token: Token) -> bool:
    """Words that may stand before a title word in its phrase: adjectives,
    participles, ordinals («первый заместитель», «исполняющий обязанности»)."""
    if token.lemma_ in POSSESSIVE_LEMMAS:
        return False
    return token.pos_ in ("ADJ", "NUM") or (token.pos_ == "VERB" and not is_finite(token)) or token.lemma_ in TITLE_LEAD_NOUNS or token.text in QUOTES


def balanced_quotes(tokens: list[Token]) -> list[Token]:
    """Close a quote the parser hung elsewhere («солист «Телевизора» + »), drop
    one left open at the end: «глава движения «» → «глава движения»."""
    doc_tokens = token_table(tokens[0].doc).tokens
    following = tokens[-1].i + 1
    if sum(is_quote(t) for t in tokens) % 2 and following < len(doc_tokens) and is_quote(doc_tokens[following]) and doc_tokens[following].text not in OPENING_QUOTES:
        tokens = [*tokens, doc_tokens[following]]
    while len(tokens) > 1 and is_quote(tokens[-1]):
        inside = [t for t in tokens if is_quote(t)]
        if len(inside) % 2 == 0 and tokens[-1].text not in OPENING_QUOTES:
            break
        tokens = tokens[:-1]
    return tokens


def is_finite(token: Token) -> bool:
    """A verb that makes a clause («приехали», «заявить»), not a participle («исполняющий»)."""
    return token.pos_ in ("VERB", "AUX") and "Part" not in morph_values(token, "VerbForm")


def token_case(token: Token) -> str | None:
    """The token's first grammatical case («Nom», «Gen», …), if it has one."""
    cases = morph_values(token, "Case")
    return cases[0] if cases else None


#: what :func:`phrase_name` reads of a title's tokens → the title's name: titles
#: come back within and across documents («министр иностранных дел России»)
_TITLE_NAMES: dict[tuple, str] = {}
#: the number of title names remembered
TITLE_NAME_MEMORY = 20_000


def _title_name(tokens: list[Token]) -> str:
    """``phrase_name(tokens)``, remembered per all it reads of the tokens: each
    one's text, part of speech, relation, morphology and whether it is a
    space, and where it and its head stand from the first token (in tokens)
    and where it starts from the first one's start (in characters)."""
    first, start = tokens[0].i, tokens[0].idx
    morph_keys = token_table(tokens[0].doc).morph_keys
    key = tuple((t.text, t.pos_, t.dep_, morph_keys[t.i], t.is_space, t.i - first, t.head.i - first, t.idx - start) for t in tokens)
    name = _TITLE_NAMES.get(key)
    if name is None:
        if len(_TITLE_NAMES) >= TITLE_NAME_MEMORY:
            _TITLE_NAMES.clear()
        name = _TITLE_NAMES[key] = phrase_name(tokens)
    return name


def add_title(person: dict, title: Title, org: dict | None) -> None:
    """Write the title into the person's ``attributes``, with its organisation and nationality when the person has none yet."""
    if title.group == "counterpart":
        return  # «американская сторона», «коллега»: who the person is to someone, not a post
    attributes = person.setdefault("attributes", {})
    if title.tokens[0].pos_ == "VERB":  # «исполняющий обязанности директора»: kept as written
        text = "".join(t.text_with_ws for t in title.tokens).strip()
    else:
        text = _title_name(title.tokens)
    text = text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text
    titles = attributes.setdefault("titles", [])
    if text not in titles:
        titles.append(text)
    if org is not None and "org" not in attributes:
        attributes["org"] = org["id"]
        attributes["org_name"] = org["name"]
    if title.nationality and "nationality" not in attributes:
        attributes["nationality"] = title.nationality
