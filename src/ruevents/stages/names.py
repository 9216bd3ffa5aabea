"""Canonical nominative names for every entity mention (``span._.canonical``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..names import canonical_name, document_nominatives


@Language.component("ruevents_names", requires=["doc.ents", "token.morph", "token.dep"], assigns=["span._.canonical"])
def names_stage(doc: Doc) -> Doc:
    # one pass over the document for all its person mentions (once per mention was quadratic)
    nominatives = document_nominatives(doc) if any(ent.label_ == "PER" for ent in doc.ents) else frozenset()
    for ent in doc.ents:
        ent._.canonical = canonical_name(ent, nominatives=nominatives)
    return doc
