"""Events: who met whom, where, when (``doc._.events``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..confidence import confidence, event_features
from ..coref.tokens import drop_token_table
from ..events import find_events
from ..events.mentions import ENTITY_OF, ENTITY_SPANS, ENTITY_STARTS, MENTION_INDEX, PERSON_MENTIONS
from ..events.triggers import TRIGGER_STARTS

#: ``doc.user_data`` keys of the event rules' own indexes, made by :func:`find_events` for its rules alone
RULE_INDEXES = (MENTION_INDEX, ENTITY_SPANS, ENTITY_STARTS, ENTITY_OF, PERSON_MENTIONS, TRIGGER_STARTS)

#: ``doc.user_data`` key of the feature dicts behind each event's confidence
#: (parallel to ``doc._.events``), read by ``ruevents train confidence``.
FEATURES_KEY = "ruevents.event_features"


@Language.component("ruevents_events", requires=["doc._.entities", "token.dep"], assigns=["doc._.events"])
def events_stage(doc: Doc) -> Doc:
    ref_of = {tuple(m): e["id"] for e in doc._.entities or [] for m in e["mentions"]}
    records = []
    features_of = []
    for number, event in enumerate(find_events(doc), 1):
        features = event_features(event)
        features_of.append(features)
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
            "confidence": confidence(event, features),
        })
    doc._.events = records
    doc.user_data[FEATURES_KEY] = features_of
    # no later stage reads the token table: let its tokens go with the
    # analysis, not with the Doc (a batch of Docs lives until it is written out)
    drop_token_table(doc)
    # nor the rules' indexes, whose Spans hold the Doc: kept, they would make
    # every Doc cyclic garbage, freed only when the collector next runs (in
    # whatever stage of a later batch that happens), not when its batch is done
    for key in RULE_INDEXES:
        doc.user_data.pop(key, None)
    return doc
