"""Events: who met whom, where, when (``doc._.events``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..events import find_events


def _confidence(event) -> float:
    # more filled roles → more likely a real, well-understood event
    score = 0.45 + 0.15 * min(len(event.participants), 2) + 0.1 * bool(event.places) + 0.1 * bool(event.times)
    if len(event.trigger.tokens) > 1:
        score += 0.05
    return round(min(score, 0.95), 2)


@Language.component("ruevents_events", requires=["doc._.entities", "token.dep"], assigns=["doc._.events"])
def events_stage(doc: Doc) -> Doc:
    ref_of = {tuple(m): e["id"] for e in doc._.entities or [] for m in e["mentions"]}
    records = []
    for number, event in enumerate(find_events(doc), 1):
        arguments = []
        for role, mentions in (("participant", event.participants), ("place", event.places)):
            for mention in mentions:
                ref = ref_of.get((mention.start_char, mention.end_char))
                if ref is not None:
                    arguments.append({"role": role, "ref": ref, "start": mention.start_char, "end": mention.end_char})
        for start, end, time_id in event.times:
            arguments.append({"role": "time", "ref": time_id, "start": start, "end": end})
        records.append({
            "id": f"v{number}",
            "type": event.trigger.type,
            "trigger": [event.trigger.start_char, event.trigger.end_char],
            "modality": event.modality,
            "arguments": arguments,
            "confidence": _confidence(event),
        })
    doc._.events = records
    return doc
