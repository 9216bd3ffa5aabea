"""Coreference and roles: titles, affiliations, title-only mentions (``doc._.entities``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..coref import resolve


@Language.component("ruevents_coref", requires=["doc._.entities", "token.dep"], assigns=["doc._.entities"])
def coref_stage(doc: Doc) -> Doc:
    resolve(doc)
    return doc
