"""A family name the NER missed joins the person it names."""

from __future__ import annotations

from spacy.tokens import Doc

from .tokens import capitalised_words_outside_entities, span_of_chars


def add_surname_mentions(doc: Doc, entities: list[dict], entity_at: dict[int, dict]) -> None:
    """«Лиз Трасс … Трасс пообещала»: a family name the NER missed, written as in
    another mention of one person (or with the same lemma, as a proper noun),
    joins that person.  A name two people share is left alone."""
    forms: dict[str, set[int]] = {}
    for entity in entities:
        if entity["type"] != "PER":
            continue
        for start, end in entity["mentions"]:
            span = span_of_chars(doc, start, end)
            if span is None or len(span) < 1 or not span[-1].text[:1].isupper():
                continue
            last = span[-1]
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

