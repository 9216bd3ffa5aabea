"""Places and organisations in titles, and places named another way:
«Генштаба России» and «российского Генштаба» are one organisation; «в
азербайджанской столице» is Баку when the document names Баку; «американская
сторона» is the United States when the document names them."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from ..lexicons import load_words
from .lexicon import nationalities
from .spans import MentionAdder
from .tokens import children, morph_values, tokens_with_lemma


def entity_of_tokens(tokens: list[Token], entity_at: dict[int, dict], types: tuple[str, ...]) -> tuple[dict | None, str | None]:
    """The first organisation (else place) inside a title, and a key to compare it by.

    The key is the lemma of the entity's head word, so «Генштаба России» and
    «российского Генштаба» name the same organisation.
    """
    for wanted in types:
        for token in tokens:
            entity = entity_at.get(token.i)
            if entity is not None and entity["type"] == wanted:
                inside = [t for t in tokens if entity_at.get(t.i) is entity]
                ids = {t.i for t in inside}
                root = next((t for t in inside if t.head.i not in ids or t.head.i == t.i), inside[0])
                country = country_names().get(entity["name"]) if wanted == "LOC" else None
                return entity, country_key(country) if country else f"{wanted}:{root.lemma_}"
    return None, None


@lru_cache(maxsize=None)
def country_names() -> dict[str, str]:
    """Any name of a country → the name nationalities.tsv gives it: «КНР» → «Китай», «РФ» → «Россия»."""
    names = {country: country for country in nationalities().values()}
    names.update(load_words("country_aliases.tsv", with_values=True))
    return names


def country_key(country: str) -> str:
    """The key a title's country is compared by: «Россия» → ``LOC:россия``."""
    return f"LOC:{country.lower()}"


@lru_cache(maxsize=None)
def capitals() -> dict[str, str]:
    """Country → its capital: «Азербайджан» → «Баку»."""
    return load_words("capitals.tsv", with_values=True)


#: the noun that, with an adjective of nationality, stands for a country's capital
CAPITAL_NOUNS = frozenset({"столица"})


def resolve_capitals(doc: Doc, entities: list[dict]) -> None:
    """«в азербайджанской столице» joins «Баку» when the document names Баку."""
    places = {e["name"]: e for e in entities if e["type"] == "LOC"}
    adder = MentionAdder()
    for token in tokens_with_lemma(doc, CAPITAL_NOUNS):
        if token.ent_type:
            continue
        adjectives = [c for c in children(token) if c.dep_ == "amod" and c.lemma_ in nationalities()]
        if not adjectives:
            continue
        capital = places.get(capitals().get(nationalities()[adjectives[0].lemma_], ""))
        if capital is None:
            continue
        start, end = min(t.idx for t in (token, *adjectives)), token.idx + len(token.text)
        adder.add(capital, start, end)



#: nouns that, with an adjective of nationality, stand for the country: «американская сторона»
COUNTRY_NOUNS = frozenset({"сторона"})


def resolve_country_sides(doc: Doc, entities: list[dict]) -> set[int]:
    """«американская сторона», «по словам российской стороны» join the country
    when the document names it; the tokens so joined, for the title rules to leave alone."""
    countries: dict[str, dict] = {}
    for entity in entities:
        if entity["type"] == "LOC" and entity["name"] in country_names():
            countries.setdefault(country_names()[entity["name"]], entity)
    joined: set[int] = set()
    if not countries:
        return joined
    adder = MentionAdder()
    for token in tokens_with_lemma(doc, COUNTRY_NOUNS):
        if token.ent_type or "Plur" in morph_values(token, "Number"):
            continue
        adjectives = [c for c in children(token) if c.dep_ == "amod" and c.lemma_ in nationalities()]
        country = countries.get(nationalities()[adjectives[0].lemma_]) if adjectives else None
        if country is None:
            continue
        start, end = min(t.idx for t in (token, *adjectives)), token.idx + len(token.text)
        if adder.add(country, start, end):
            joined.update({token.i, *(t.i for t in adjectives)})
    return joined
