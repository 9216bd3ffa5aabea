"""A family name the NER missed joins the person it names."""

from __future__ import annotations

from spacy.tokens import Doc

from .tokens import capitalised_words_outside_entities, token_table


def add_surname_mentions(doc: Doc, entities: list[dict], entity_at: dict[int, dict]) -> None:
    """«Лиз Трасс … Трасс пообещала»: a family name the NER missed, written as in
    another mention of one person (or with the same lemma, as a proper noun),
    joins that person.  A name two people share is left alone."""
    forms: dict[str, set[int]] = {}
    table = token_table(doc)
    for entity in entities:
        if entity["type"] != "PER":
            continue
        for start, end in entity["mentions"]:
            bounds = table.bounds_of_chars(start, end)  # the mention's tokens, without a Span
            if bounds is None or bounds[0] >= bounds[1]:
                continue
            last = table.tokens[bounds[1] - 1]
            if not last.text[:1].isupper():
                continue
            for key in (last.text, f"lemma:{last.lemma_}"):
                forms.setdefault(key, set()).add(id(entity))
    by_id = {id(e): e for e in entities}
    extended: dict[int, dict] = {}
    for token in capitalised_words_outside_entities(doc):
        if token.i in entity_at:
            continue
        owners = forms.get(token.text) or (forms.get(f"lemma:{token.lemma_}") if token.pos_ == "PROPN" else None)
        if not owners or len(owners) != 1:
            continue
        person = by_id[next(iter(owners))]
        person["mentions"].append([token.idx, token.idx + len(token.text)])
        extended[id(person)] = person
        entity_at[token.i] = person
    for person in extended.values():  # sorted once, not after every name
        person["mentions"].sort()

