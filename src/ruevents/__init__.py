"""ruevents: structured events from Russian-language news.

    >>> import ruevents
    >>> record = ruevents.extract("19 апреля Валерий Герасимов прибыл в Баку.")
    >>> [e.name for e in record.entities]
    ['Валерий Герасимов', 'Баку']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from .records import Document

__all__ = ["__version__", "load", "extract", "extract_many"]


def load(**kwargs: Any) -> "Language":
    """The ruevents spaCy pipeline (tokenize → morph → syntax → NER → names → entities)."""
    from .pipeline import load as _load

    return _load(**kwargs)


def extract(text: str, *, date: Any = None, doc_id: str | None = None, source: str | None = None) -> "Document":
    """Analyse one text and return its record (see ``ruevents.records.Document``)."""
    from .api import extract as _extract

    return _extract(text, date=date, doc_id=doc_id, source=source)


def extract_many(items, **kwargs: Any):
    """Stream records for many texts, batching the models across documents."""
    from .api import extract_many as _extract_many

    return _extract_many(items, **kwargs)
