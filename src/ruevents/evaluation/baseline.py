"""The naive event baseline: a trigger word and everything named in its sentence.

For every token whose lemma is the first lemma of a phrase in ruevents'
trigger lexicon (``ruevents.events.trigger_lexicon()``), on ruevents' own
lemmas, one event:

* type: the type of the shortest lexicon phrase starting with that lemma
  («разговор» → meeting, though «разговор по телефону» is a phone_call;
  «провести» → meeting, from «провести встречу»);
* trigger: that one token;
* participants: every PER and ORG entity mentioned in the sentence, each once
  (its first mention there);
* place: the first LOC mention of the sentence;
* time: the first time expression of the sentence.

No syntax, no modality (always ``asserted``): the figure any rule set has to beat.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ..events import trigger_lexicon
from ..records import Argument, Document, Event, Trigger

PARTICIPANT_TYPES = ("PER", "ORG")
PLACE_TYPES = ("LOC",)
SKIPPED_POS = ("PUNCT", "ADP", "SPACE")
BASELINE_CONFIDENCE = 0.5


@lru_cache(maxsize=None)
def first_lemma_types() -> dict[str, str]:
    """First lemma of a trigger phrase → the type of the shortest phrase it starts."""
    # trigger_lexicon() lists the phrases of a first lemma longest first
    return {lemma: entries[-1][1] for lemma, entries in trigger_lexicon().items()}


def _argument(text: str, role: str, ref: str, start: int, end: int) -> Argument:
    return Argument(role=role, ref=ref, start=start, end=end, text=text[start:end])


def baseline_events(doc: Doc) -> list[Event]:
    """The baseline's events for an analysed ``Doc`` (needs lemmas, sentences, ``doc._.entities``)."""
    if not doc.has_annotation("SENT_START"):
        return []  # a document the pipeline failed on
    text = doc.text
    types = first_lemma_types()
    mentions = sorted(
        (start, end, entity["id"], entity["type"])
        for entity in doc._.entities or []
        for start, end in entity["mentions"]
    )
    times = sorted((t["start"], t["end"], t["id"]) for t in doc._.times or [])
    events: list[Event] = []
    for sent in doc.sents:
        triggers = [t for t in sent if t.pos_ not in SKIPPED_POS and t.lemma_ in types]
        if not triggers:
            continue
        inside = [m for m in mentions if sent.start_char <= m[0] and m[1] <= sent.end_char]
        arguments: list[Argument] = []
        seen: set[str] = set()
        for start, end, ref, kind in inside:
            if kind in PARTICIPANT_TYPES and ref not in seen:
                seen.add(ref)
                arguments.append(_argument(text, "participant", ref, start, end))
        place = next((m for m in inside if m[3] in PLACE_TYPES), None)
        if place is not None:
            arguments.append(_argument(text, "place", place[2], place[0], place[1]))
        time = next((t for t in times if sent.start_char <= t[0] and t[1] <= sent.end_char), None)
        if time is not None:
            arguments.append(_argument(text, "time", time[2], time[0], time[1]))
        for token in triggers:
            end = token.idx + len(token.text)
            events.append(Event(
                id=f"v{len(events) + 1}",
                type=types[token.lemma_],
                trigger=Trigger(start=token.idx, end=end, text=token.text),
                modality="asserted",
                arguments=list(arguments),
                confidence=BASELINE_CONFIDENCE,
            ))
    return events


def baseline_record(doc: Doc, record: Document) -> Document:
    """``record`` (ruevents' own, for the same ``doc``) with the baseline's events instead of ours."""
    return record.model_copy(update={"events": baseline_events(doc)})
