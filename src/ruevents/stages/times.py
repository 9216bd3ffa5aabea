"""Times: every time expression, normalised to a TIMEX3-style value (``doc._.times``).

The grammar and the resolver live in :mod:`ruevents.timex`; this stage only
reads the Doc (tokens, lemmas, and the morphology and tree for the tense) and
writes one dict per expression, in text order::

    {"id": "t1", "start": int, "end": int, "text": str, "value": "2018-04-19" | None,
     "kind": "date" | "time" | "duration" | "set",
     "end_value": str,   # ranges only
     "mod": str,         # START, MID, END, AFTER, when the words say so
     "anchor": str}      # "date" or the id of the time a relative value was resolved against

``start``/``end`` are character offsets of the expression's first and last
token (a leading preposition left out), so ``doc.char_span(start, end)``
finds its tokens.  Relative expressions resolve against ``doc._.date``.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from ..timex import find_times


log = logging.getLogger(__name__)


@Language.component("ruevents_times", requires=["token.lemma"], assigns=["doc._.times"])
def times_stage(doc: Doc) -> Doc:
    try:
        doc._.times = find_times(doc, date=doc._.date)
    except Exception as error:  # a grammar bug must not cost the document its other annotations
        log.exception("time expressions failed")
        doc._.times = []
        doc._.errors = [*(doc._.errors or []), f"times failed: {type(error).__name__}: {error}"]
    return doc
