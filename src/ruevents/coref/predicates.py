"""Titles a person gets in the predicate: «X является депутатом парламента»,
«X назначен министром», «X занял пост премьер-министра», «он был министром»."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from .lexicon import title_lemmas, title_predicates
from .phrase import Title, is_title, title_phrase
from .tokens import children, morph_values, sentence, token_table, tokens_with_lemma

#: pronouns whose antecedent holds the title: «он является депутатом»
PERSONAL_PRONOUNS = {"он", "она"}


def _person_at(token: Token, entity_at: dict[int, dict]) -> dict | None:
    """The person a subject or object names, directly or through an apposition
    («республиканец Джон Бенер»)."""
    for node in [token, *(c for c in children(token) if c.dep_ in ("appos", "flat", "flat:name"))]:
        entity = entity_at.get(node.i)
        if entity is not None and entity["type"] == "PER":
            return entity
    return None


def _antecedent(pronoun: Token, people: list[tuple[Token, dict]]) -> dict | None:
    """«он является депутатом»: the nearest person named before, of the pronoun's
    gender, in this sentence or the one before."""
    earliest = sentence(pronoun).start
    if earliest > 0:
        earliest = sentence(token_table(pronoun.doc).tokens[earliest - 1]).start
    gender = morph_values(pronoun, "Gender")
    # ``people`` are in text order: start just before the pronoun, not at the end of the text
    before = bisect_left(people, pronoun.i, key=lambda p: p[0].i)
    for index in range(before - 1, -1, -1):
        root, person = people[index]
        if root.i < earliest:
            return None
        other = morph_values(root, "Gender")
        if gender and other and gender != other:
            continue
        return person
    return None


def _holder_of(verb: Token, kind: str, entity_at: dict[int, dict], people: list[tuple[Token, dict]]) -> dict | None:
    """Who holds a title given by ``verb``: its subject (or the object of
    «назначить»), climbing to a controlling verb when the subject is shared
    («согласился занять пост»)."""
    node = verb
    for _ in range(3):
        relations = ("obj", "nsubj:pass") if kind == "object" else ("nsubj", "nsubj:pass")
        for relation in relations:
            for child in (c for c in children(node) if c.dep_ == relation):
                if child.lemma_ in PERSONAL_PRONOUNS:
                    return _antecedent(child, people)
                if child.lemma_ == "который" and node.dep_ == "acl:relcl":
                    return _person_at(node.head, entity_at)  # «Нэнси Пелоси, которая является главой…»
                return _person_at(child, entity_at)
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return None
        node = node.head
        kind = "copula"
    return None


def predicative_titles(doc: Doc, entity_at: dict[int, dict], names: set[int], used: set[int]) -> list[tuple[dict, Title]]:
    """Titles a person gets in the predicate: «X является депутатом парламента»,
    «X назначен министром», «X занял пост премьер-министра», «X — бывший
    заместитель министра»."""
    tokens = token_table(doc).tokens
    people = sorted(((tokens[i], e) for i, e in entity_at.items() if e["type"] == "PER"), key=lambda p: p[0].i)
    found = []
    for token in tokens_with_lemma(doc, title_lemmas()):
        if token.i in used or not is_title(token) or token.ent_type or "Plur" in morph_values(token, "Number"):
            continue
        holder = None
        head = token.head
        if head.i != token.i and token.dep_ in ("xcomp", "obl", "obj") and "Ins" in morph_values(token, "Case") and title_predicates().get(head.lemma_) in ("copula", "object"):
            holder = _holder_of(head, title_predicates()[head.lemma_], entity_at, people)
        elif head.i != token.i and token.dep_ == "nmod" and title_predicates().get(head.lemma_) == "post":
            # «занял пост премьер-министра», «после ухода с поста президента»
            verb, attached = head.head, head.dep_ in ("obj", "obl")
            if title_predicates().get(verb.lemma_) == "post_change":
                verb, attached = verb.head, verb.dep_ in ("obj", "obl")
            if verb.pos_ in ("VERB", "AUX") and attached:
                holder = _holder_of(verb, "copula", entity_at, people)
        elif any(c.dep_ == "cop" for c in children(token)) or (
            "Nom" in morph_values(token, "Case") and any(c.text in ("—", "-", "–") for c in children(token) if c.dep_ == "punct")
        ):
            # «Андрей Санников — бывший заместитель министра»; «он был министром»
            holder = _holder_of(token, "copula", entity_at, people)
        if holder is not None:
            found.append((holder, title_phrase(token, exclude=names)))
    return found

