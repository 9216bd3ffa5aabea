"""The coreference stage's work on one document: people's titles, organisation
and nationality, and the mentions that stand for them."""

from __future__ import annotations

from spacy.tokens import Doc

from .org_nominals import add_org_nominals
from .phrase import add_title
from .places import country_key, entity_of_tokens, resolve_capitals, resolve_country_sides
from .predicates import predicative_titles
from .surnames import add_surname_mentions
from .title_only import Holder, join_title_only_mentions
from .titles import titles_after, titles_after_linear, titles_before
from .tokens import PERSON, morph_values, token_table


def resolve(doc: Doc) -> None:
    """Add titles, organisation and nationality to people; join title-only mentions to them."""
    entities = doc._.entities or []
    resolve_capitals(doc, entities)
    country_sides = resolve_country_sides(doc, entities)
    by_span = {tuple(m): e for e in entities for m in e["mentions"]}
    entity_at: dict[int, dict] = {}
    ents = list(doc.ents)  # spaCy makes the spans anew on each access
    for ent in ents:
        entity = by_span.get((ent.start_char, ent.end_char))
        if entity is not None:
            for i in range(ent.start, ent.end):
                entity_at[i] = entity

    add_surname_mentions(doc, entities, entity_at)
    add_org_nominals(doc, entities, entity_at)
    used: set[int] = set(country_sides)
    holders: list[Holder] = []
    people = [ent for ent in ents if ent.label == PERSON]
    names = {i for ent in people for i in range(ent.start, ent.end)}
    tokens = token_table(doc).tokens
    for ent in people:
        person = by_span.get((ent.start_char, ent.end_char))
        if person is None:
            continue
        root = tokens[ent.root.i]  # the table's token: ``ent.root`` makes a new one on each read
        after = titles_after(ent.end, root) or titles_after_linear(ent.end, root, names, entity_at)
        for title in titles_before(ent.start, doc, names) + after:
            if "Plur" in morph_values(title.head, "Number"):
                continue  # «официальные представители Путина», «президенты стран»: not one person's title
            if any(t.i in names for t in title.tokens):
                continue  # «Лавров и госсекретарь США Энтони Блинкен»: the title of the other person named in it
            used.update(t.i for t in title.tokens)
            org, org_key = entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
            add_title(person, title, org)
            holders.append((person, title, org_key))
            if title.nationality:  # «чешский генерал»: the country is a key too
                holders.append((person, title, country_key(title.nationality)))

    for person, title in predicative_titles(doc, entity_at, names, used):
        used.update(t.i for t in title.tokens)
        org, org_key = entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
        add_title(person, title, org)
        holders.append((person, title, org_key))

    join_title_only_mentions(doc, entity_at, by_span, holders, used, ents=ents)
