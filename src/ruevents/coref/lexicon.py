"""Word lists coreference reads: title words and their groups, nationalities,
verbs and nouns that give a title in the predicate."""

from __future__ import annotations

from functools import lru_cache

from ..lexicons import load_words


@lru_cache(maxsize=None)
def title_groups() -> dict[str, str]:
    """Title word lemma → its group («премьер» → the premier's group); one-word entries only."""
    return {k: v.strip() for k, v in load_words("titles.txt", with_values=True).items() if " " not in k}


@lru_cache(maxsize=None)
def title_lemmas() -> frozenset[str]:
    """The lemmas of :func:`title_groups`, as a set."""
    return frozenset(title_groups())


@lru_cache(maxsize=None)
def title_qualifiers() -> frozenset[str]:
    """Adjectives that qualify a title without naming another post: «новый», «бывший»."""
    return load_words("title_qualifiers.txt")


@lru_cache(maxsize=None)
def nationalities() -> dict[str, str]:
    """Adjective of nationality → the country: «чешский» → «Чехия»."""
    return {k: v.strip() for k, v in load_words("nationalities.tsv", with_values=True).items()}


@lru_cache(maxsize=None)
def title_predicates() -> dict[str, str]:
    """Lemma → how it gives a title: ``copula`` («является»), ``object`` («назначить»), ``post`` («пост»)…"""
    return {k: v.strip() for k, v in load_words("title_predicates.tsv", with_values=True).items()}
