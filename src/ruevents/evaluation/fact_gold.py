"""Gold FactRuEval facts with every written form that counts as right.

A gold value has alternatives: the written forms in ``.facts`` (``a | b``)
and, like the official scorer, for an object reference every mention of the
coreference group, its ``name`` lines (alone and with each ``descriptor``)
and for a person the combinations of first name, last name, patronymic and
nickname (``Лужков Юрий``, ``Юрий Лужков``, ``Лужков``...); for a span
(``Position``) its text and that phrase put in the nominative (the
competition lists such normal forms in ``jobs_processed.txt``).
``Модальность``, ``Сложность`` and ``Фаза`` are ignored; identical facts are
counted once.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Sequence

from .fact_matching import FACT_TYPES, GoldFact, normalise
from .factrueval import Coref, Document, FactValue
from .phrase_forms import nominative_phrase

#: slots that qualify a fact rather than fill it
SPECIAL_SLOTS = {"модальность", "сложность", "фаза"}


def _mention_texts(document: Document, coref: Coref) -> set[str]:
    """The texts of a coreference group's mentions, discontinuous ones joined by spaces."""
    texts = set()
    for obj in coref.objects:
        spans = sorted(obj.spans, key=lambda s: s.start)
        texts.add(" ".join(document.text[s.start : s.stop] for s in spans))
        texts.add(document.text[obj.start : obj.stop])
    return texts


def _coref_names(coref: Coref) -> set[str]:
    """Names of a coreference group as the official scorer expands them."""
    values: dict[str, list[str]] = {}
    for key, value in coref.slots:
        if value:
            values.setdefault(key.rstrip("0123456789"), []).append(value)
    names: set[str] = set()
    parts = {k: values.get(k, []) for k in ("firstname", "lastname", "patronymic", "nickname")}
    if any(parts.values()):
        for combination in ("lfp", "fpl", "fp", "fl", "lf", "n", "f", "p", "l", "fn"):
            lists = [parts[{"f": "firstname", "l": "lastname", "p": "patronymic", "n": "nickname"}[c]] for c in combination]
            names.update(" ".join(words) for words in itertools.product(*lists) if words)
    for name in values.get("name", []):
        names.add(name)
        for descriptor in values.get("descriptor", []):
            if normalise(descriptor) not in normalise(name).split():
                names.update({f"{name} {descriptor}", f"{descriptor} {name}"})
    return names


def _alternatives(document: Document, slot: str, values: Sequence[FactValue], corefs: dict[str, Coref], spans: dict) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        found.extend(t for t in value.texts if t)
        if value.ref is None:
            continue
        kind, ref_id = value.ref
        if kind == "obj" and ref_id in corefs:
            found.extend(sorted(_mention_texts(document, corefs[ref_id]) | _coref_names(corefs[ref_id])))
        elif kind == "span" and ref_id in spans:
            span = spans[ref_id]
            found.append(document.text[span.start : span.stop])
    if slot == "position":
        found.extend(form for text in list(found) for form in nominative_phrase(text))
    return tuple(dict.fromkeys(t for t in found if t.strip()))


def gold_facts(document: Document, types: Sequence[str] = FACT_TYPES) -> list[GoldFact]:
    """The document's gold facts of ``types``, identical ones counted once."""
    corefs = {c.id: c for c in document.corefs}
    spans = {s.id: s for s in document.spans}
    facts, seen = [], set()
    for fact in document.facts:
        if fact.type not in types:
            continue
        slots = tuple(
            (slot.lower(), _alternatives(document, slot.lower(), values, corefs, spans))
            for slot, values in fact.slots
            if slot.lower() not in SPECIAL_SLOTS
        )
        # the same fact annotated at two places in the text («Посол» twice) is one fact
        key = (fact.type, frozenset(Counter((slot, frozenset(map(normalise, alts))) for slot, alts in slots).items()))
        if key not in seen:
            seen.add(key)
            facts.append(GoldFact(fact.id, fact.type, slots))
    return facts
