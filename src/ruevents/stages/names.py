"""Canonical nominative names for every entity mention (``span._.canonical``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..names import canonical_name


@Language.component("ruevents_names", requires=["doc.ents", "token.morph", "token.dep"], assigns=["span._.canonical"])
def names_stage(doc: Doc) -> Doc:
    for ent in doc.ents:
        ent._.canonical = canonical_name(ent)
    return doc
