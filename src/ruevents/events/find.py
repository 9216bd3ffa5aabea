"""All events of a document: triggers, their arguments, references back to earlier events."""

from __future__ import annotations

from spacy.tokens import Doc

from .arguments import CONTACT_WITH, event_times, participants, places
from .mentions import ENTITY_OF, index_mentions, nearest_mention
from .modality import modality
from .syntax import SUBJECT_RELS, controllers, light_verb
from .triggers import FoundEvent, TriggerMatch, find_triggers


def _is_manner_of(match: TriggerMatch, matches: list[TriggerMatch]) -> bool:
    """«прибыл с рабочим визитом»: the noun repeats the verb's event."""
    head = match.head
    return head.pos_ in ("NOUN", "PROPN") and any(
        other is not match and other.type == match.type and head.head.i in {t.i for t in other.tokens} for other in matches
    )


PAIR_WORDS = {"сторона", "они", "их", "оба", "обе", "двое"}
# plural nouns that refer back to the people just named: «лидеры», «министры»
PAIR_NOUNS = {"лидер", "министр", "президент", "глава", "премьер", "политик", "собеседник", "руководитель"}


def _refers_to_pair(match: TriggerMatch) -> bool:
    """«стороны обсудят», «их встреча»: the participants are the pair just mentioned."""
    nodes = [match.head] + controllers(match.head)[1:]
    light = light_verb(match.head)
    if light is not None:
        nodes.append(light)
    return any(_is_pair_word(c) for node in nodes for c in node.children)


def _is_pair_word(token) -> bool:
    """«стороны», «они», «лидеры», «три лидера»; not «американская сторона», which is one side."""
    plural = "Plur" in token.morph.get("Number") or any(c.dep_.startswith("nummod") for c in token.children)
    if token.lemma_ in PAIR_WORDS:
        return token.lemma_ != "сторона" or plural
    return token.lemma_ in PAIR_NOUNS and plural and token.dep_ in SUBJECT_RELS | {"nmod"}


CONTACT_WINDOW = 2
#: the opening sentences (headline and lead) that name the story's own pair
STORY_SENTENCES = 3


def _continues_contact(match: TriggerMatch, event: FoundEvent) -> bool:
    """A contact noun with no sides of its own («после беседы», «переговоры
    продолжались») continues the contact just reported."""
    return match.type in CONTACT_WITH and match.head.pos_ in ("NOUN", "PROPN") and not event.participants


def _recent_contact(events: list[FoundEvent], match: TriggerMatch) -> FoundEvent | None:
    """The contact a pair reference continues: the latest one with two sides
    in the last :data:`CONTACT_WINDOW` sentences, else the first one of the
    headline and lead («Шольц и Путин поговорили по телефону. … Лично они
    последний раз встречались в феврале»: the story's own pair)."""
    sentence_starts = [s.start for s in match.head.doc.sents]
    here = sum(1 for start in sentence_starts if start <= match.head.i)
    contacts = [e for e in events if len(e.participants) >= 2 and e.trigger.type in CONTACT_WITH]
    for earlier in reversed(contacts):
        there = sum(1 for start in sentence_starts if start <= earlier.trigger.head.i)
        if here - there <= CONTACT_WINDOW:
            return earlier
    story = [e for e in contacts if sum(1 for start in sentence_starts if start <= e.trigger.head.i) <= STORY_SENTENCES]
    return story[0] if story else None


def find_events(doc: Doc) -> list[FoundEvent]:
    index_mentions(doc)
    times = list(doc._.times or [])
    events: list[FoundEvent] = []
    for sent in doc.sents:
        matches = find_triggers(sent)
        for match in matches:
            if _is_manner_of(match, matches):
                continue
            sides = participants(match)
            # «В Кремле заявили»: the source of a statement is not also its place
            where = [m for m in places(match) if match.type != "statement" or all(m.start != x.start for x in sides)]
            event = FoundEvent(match, modality(match), sides, where, event_times(match, times))
            if len(event.participants) < 2 and (_refers_to_pair(match) or _continues_contact(match, event)):
                earlier = _recent_contact(events, match)
                if earlier is not None:
                    entity_of = doc.user_data[ENTITY_OF]
                    known = {entity_of.get((m.start_char, m.end_char)) for m in event.participants}
                    inherited = [
                        nearest_mention(m, match.head.i)
                        for m in earlier.participants
                        if entity_of.get((m.start_char, m.end_char)) not in known
                    ]
                    event.participants = sorted(event.participants + inherited, key=lambda m: m.start)
            events.append(event)
    return events
