"""Time expressions: find them in a Doc and normalise them to TIMEX3-style values.

    >>> from ruevents.timex import find_times_in_text
    >>> [(t["text"], t["value"]) for t in find_times_in_text("19 апреля 2018 года глава Генштаба прибыл в Баку.")]
    [('19 апреля 2018 года', '2018-04-19')]

The grammar (``rules_calendar``, ``rules_relative``) reads atoms of the Doc's
tokens (``atoms``) with a small pattern engine (``engine``); what a match says
is a :class:`~ruevents.timex.value.Timex`, which ``resolve`` completes against
the document date and the text read so far.  Vocabularies are data files
(``ruevents/lexicons/time_*``).

Each time is a plain dict::

    {"id": "t1", "start": 0, "end": 19, "text": "19 апреля 2018 года",
     "value": "2018-04-19", "kind": "date",       # date | time | duration | set
     "end_value": "2018-04-20",                    # ranges only
     "mod": "START",                               # START MID END AFTER, when the words say so
     "anchor": "date"}                             # what a relative value was resolved against:
                                                   # "date" (the document date) or a time's id
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.tokens import Doc

from .atoms import atoms_from_doc
from .engine import Found
from .grammar import RULES, matcher
from .resolve import Resolver
from .tense import TenseReader
from .value import Timex, format_value

__all__ = ["find_times", "find_times_in_text", "parse", "RULES", "Timex", "format_value"]


def _as_date(date: Any) -> dt.date | None:
    if date is None or date == "":
        return None
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(str(date)[:10])
    except ValueError as error:
        raise ValueError(f"expected the document date as YYYY-MM-DD, got {date!r}") from error


def parse(doc: Doc) -> list[tuple[Found, list]]:
    """The grammar's matches in ``doc`` with their atoms, before resolution (for debugging)."""
    atoms = atoms_from_doc(doc)
    return [(found, atoms[found.start : found.end]) for found in matcher().find(atoms)]


def find_times(doc: Doc, *, date: Any = None) -> list[dict]:
    """Every time expression in ``doc``, resolved against ``date`` (ISO string, date or None)."""
    resolver = Resolver(_as_date(date))
    text = doc.text
    atoms = atoms_from_doc(doc, text)
    tense_of = TenseReader(doc)
    times = []
    for found in matcher().find(atoms):
        first, last = atoms[found.start], atoms[found.end - 1]
        tense = tense_of(first.token, last.token)
        resolved = resolver.add(
            found.timex, ident=f"t{len(times) + 1}", start=first.start, end=last.end, sent=first.sent, tense=tense,
        )
        if resolved is not None:
            times.append(resolved.as_dict(text))
    return times


def find_times_in_text(text: str, *, date: Any = None, nlp=None) -> list[dict]:
    """Times in a plain text; without ``nlp`` only razdel runs (no tense, no lemmas from the tagger)."""
    if nlp is None:
        from ..pipeline import build

        nlp = _tokenizer_only(build)
    return find_times(nlp(text), date=date)


_TOKENIZER = []


def _tokenizer_only(build):
    if not _TOKENIZER:
        _TOKENIZER.append(build(stages=()))
    return _TOKENIZER[0]
