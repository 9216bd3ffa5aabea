"""Custom attributes the stages write on the ``Doc``: plain, index-based data."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """Idempotent: safe to call from every ``build()``."""
    # canonical nominative name of an entity mention (names stage)
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", default=None)
    # entities: [{"id", "type", "name", "mentions": [[start_char, end_char]], "attributes": {}}]
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", default=None)
    # anchor date of the document (ISO string) for relative times
    if not Doc.has_extension("date"):
        Doc.set_extension("date", default=None)
    # time expressions and events, filled by their stages when those land
    if not Doc.has_extension("times"):
        Doc.set_extension("times", default=None)
    if not Doc.has_extension("events"):
        Doc.set_extension("events", default=None)
    # non-fatal problems met while analysing this document
    if not Doc.has_extension("errors"):
        Doc.set_extension("errors", default=None)
