"""Entities: mentions grouped into one record per real-world thing.

People are grouped by family name («Валерий Герасимов» … «Герасимов»), unless
two mentions give different first names; organisations and places by their
canonical name.  The entity's name is the fullest canonical form found.
Coreference proper (titles, pronouns, «стороны») extends this stage later.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span


def _person_key(name: str) -> tuple[str, str | None]:
    words = name.replace("ё", "е").lower().split()
    surname = words[-1]
    first = words[0] if len(words) > 1 and len(words[0].rstrip(".")) > 1 else None
    return surname, first


def group_mentions(ents: list[Span]) -> list[dict]:
    entities: list[dict] = []
    by_key: dict[tuple, list[dict]] = {}
    for ent in ents:
        name = ent._.canonical or ent.text
        if ent.label_ == "PER":
            surname, first = _person_key(name)
            candidates = by_key.setdefault(("PER", surname), [])
            target = None
            for entity in reversed(candidates):  # the most recent namesake
                if first is None or entity["_first"] in (None, first):
                    target = entity
                    break
        else:
            key = (ent.label_, name.replace("ё", "е").lower())
            candidates = by_key.setdefault(key, [])
            first = None
            target = candidates[-1] if candidates else None
        if target is None:
            target = {"type": ent.label_, "name": name, "mentions": [], "attributes": {}, "_first": first, "_size": 0}
            candidates.append(target)
            entities.append(target)
        target["mentions"].append([ent.start_char, ent.end_char])
        if first and target["_first"] is None:
            target["_first"] = first
        size = len(name.split())
        if size > target["_size"]:
            target["name"], target["_size"] = name, size
    for number, entity in enumerate(entities, 1):
        entity.pop("_first")
        entity.pop("_size")
        entity["id"] = f"e{number}"
    return [{"id": e["id"], "type": e["type"], "name": e["name"], "mentions": e["mentions"], "attributes": e["attributes"]} for e in entities]


@Language.component("ruevents_entities", requires=["doc.ents", "span._.canonical"], assigns=["doc._.entities"])
def entities_stage(doc: Doc) -> Doc:
    doc._.entities = group_mentions(list(doc.ents))
    return doc
