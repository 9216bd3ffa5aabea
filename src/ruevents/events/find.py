"""All events of a document: triggers, their arguments, references back to earlier events."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..coref.tokens import children, morph_values, sentences
from .arguments import CONTACT_WITH, event_times, participants, places, times_by_sentence
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


#: «мы договорились», «наша встреча» in a side's own words: the pair, for a contact
FIRST_PERSON_PLURAL = {"мы", "наш"}


def _refers_to_pair(match: TriggerMatch) -> bool:
    """«стороны обсудят», «их встреча»: the participants are the pair just mentioned."""
    nodes = [match.head] + controllers(match.head)[1:]
    light = light_verb(match.head)
    if light is not None:
        nodes.append(light)
    words = [c for node in nodes for c in children(node)]
    if match.type in CONTACT_WITH and any(c.lemma_ in FIRST_PERSON_PLURAL for c in words):
        return True
    return any(_is_pair_word(c) for c in words)


def _is_pair_word(token) -> bool:
    """«стороны», «они», «лидеры», «три лидера»; not «американская сторона», which is one side."""
    lemma = token.lemma_
    if lemma not in PAIR_WORDS and lemma not in PAIR_NOUNS:
        return False  # the number is only asked of these words
    plural = "Plur" in morph_values(token, "Number") or any(c.dep_.startswith("nummod") for c in children(token))
    if lemma in PAIR_WORDS:
        return lemma != "сторона" or plural
    return plural and token.dep_ in SUBJECT_RELS | {"nmod"}


#: verbs that sign or publish a document: «подписали совместное заявление» is an agreement, not a statement
DOCUMENT_VERBS = {"подписать", "подписывать", "принять", "опубликовать", "распространить", "утвердить", "согласовать", "направить"}
#: statement nouns that also name a document
DOCUMENT_NOUNS = {"заявление", "обращение", "послание"}


def _is_document(match: TriggerMatch) -> bool:
    """«подписали совместное заявление», «было подписано заявление»: the paper, not someone speaking."""
    head = match.head
    return (
        match.type == "statement"
        and head.lemma_ in DOCUMENT_NOUNS
        and head.dep_ in ("obj", "nsubj:pass", "conj")
        and head.head.lemma_ in DOCUMENT_VERBS | DOCUMENT_NOUNS
    )


#: contact words that say nothing of the channel: after a phone call they continue it («Разговор длился час»)
CHANNEL_NEUTRAL = {"разговор", "беседа", "беседовать", "побеседовать", "разговаривать"}


def _continued_call(match: TriggerMatch, latest_contact: tuple[str, int] | None, sentence: int) -> bool:
    """A channel-neutral meeting word within :data:`CONTACT_WINDOW` sentences of a phone call is that call."""
    return (
        match.type == "meeting"
        and match.head.lemma_ in CHANNEL_NEUTRAL
        and latest_contact is not None
        and latest_contact[0] == "phone_call"
        and sentence - latest_contact[1] <= CONTACT_WINDOW
    )


CONTACT_WINDOW = 2
#: the opening sentences (headline and lead) that name the story's own pair
STORY_SENTENCES = 3


def _continues_contact(match: TriggerMatch, event: FoundEvent) -> bool:
    """A contact noun with no sides of its own («после беседы», «переговоры
    продолжались») continues the contact just reported."""
    return match.type in CONTACT_WITH and match.head.pos_ in ("NOUN", "PROPN") and not event.participants


def _visit_without_visitor(match: TriggerMatch, event: FoundEvent) -> bool:
    """A visit noun that names no visitor («сроки визита пока не обсуждались»,
    «Поездка в Москву вызвала критику»): the visit just reported, by its visitor."""
    return match.type == "visit" and match.head.pos_ in ("NOUN", "PROPN") and not event.participants


class VisitsSoFar:
    """The visits with a visitor found so far, as far as a visit noun without a
    visitor of its own can continue them: the latest one (with its sentence
    number) and the first one, when it is in the headline and lead."""

    def __init__(self) -> None:
        self.latest: FoundEvent | None = None
        self.latest_sentence = 0
        self.story: FoundEvent | None = None

    def add(self, event: FoundEvent, sentence: int) -> None:
        if event.trigger.type != "visit" or not event.participants:
            return
        if self.latest is None and sentence <= STORY_SENTENCES:
            self.story = event
        self.latest, self.latest_sentence = event, sentence

    def recent(self, sentence: int) -> FoundEvent | None:
        """The latest visit in the last :data:`CONTACT_WINDOW` sentences, else the story's own."""
        if self.latest is not None and sentence - self.latest_sentence <= CONTACT_WINDOW:
            return self.latest
        return self.story


def _signed_without_signatories(match: TriggerMatch, event: FoundEvent) -> bool:
    """An agreement said with no party named, as a clause of its own (a passive,
    an impersonal plural): not a participle describing a document («согласованный
    план»), which may be any earlier one."""
    return match.type == "agreement" and not event.participants and match.head.dep_ not in ("amod", "acl")


class ContactsSoFar:
    """The contacts with two sides found so far, as far as a pair reference can
    continue them: the latest one (with its sentence number) and the first one,
    when it is in the headline and lead.

    Events come in text order, so the latest contact is the only one that can be
    within :data:`CONTACT_WINDOW` sentences, and the first one is the story's own
    pair only if it opens the story: both are kept as they come, and nothing is
    scanned again.
    """

    def __init__(self) -> None:
        self.latest: FoundEvent | None = None
        self.latest_sentence = 0
        self.story: FoundEvent | None = None
        #: the latest contact that happened: what a contact said to have happened continues
        self.latest_asserted: FoundEvent | None = None
        self.latest_asserted_sentence = 0
        #: every contact with two sides so far, for a pair reference its speaker is a side of
        self.all: list[FoundEvent] = []

    def add(self, event: FoundEvent, sentence: int) -> None:
        """Note ``event`` (found in sentence number ``sentence``, counted from 1) if it is a contact with two sides."""
        if len(event.participants) < 2 or event.trigger.type not in CONTACT_WITH:
            return
        if self.latest is None and sentence <= STORY_SENTENCES:
            self.story = event
        self.latest, self.latest_sentence = event, sentence
        if event.modality == "asserted":
            self.latest_asserted, self.latest_asserted_sentence = event, sentence
        self.all.append(event)

    def of_side(self, entities: set[str]) -> FoundEvent | None:
        """The latest contact one of ``entities`` is a side of («Рябков заявил, что
        переговоры были предметными»: the talks Ryabkov took part in, not the
        summit mentioned in between)."""
        for event in reversed(self.all):
            entity_of = event.trigger.head.doc.user_data[ENTITY_OF]
            if entities & {entity_of.get((m.start_char, m.end_char)) for m in event.participants}:
                return event
        return None

    def recent(self, sentence: int, *, asserted: bool = False) -> FoundEvent | None:
        """The contact a pair reference in sentence number ``sentence`` continues:
        the latest one with two sides in the last :data:`CONTACT_WINDOW`
        sentences, else the first one of the headline and lead («Шольц и Путин
        поговорили по телефону. … Лично они последний раз встречались в
        феврале»: the story's own pair).  With ``asserted``, a contact that
        happened: «Токаев выразил надежду, что Баку и Ереван подпишут договор.
        … в ходе беседы министры…» continues the ministers' talks, not the hope."""
        latest, latest_sentence = (self.latest_asserted, self.latest_asserted_sentence) if asserted else (self.latest, self.latest_sentence)
        if latest is not None and sentence - latest_sentence <= CONTACT_WINDOW:
            return latest
        return self.story


def _inherit(earlier: FoundEvent | None, match: TriggerMatch, sides: list[Span]) -> list[Span]:
    """The sides of ``earlier`` that ``sides`` lack, each as mentioned nearest the trigger."""
    if earlier is None:
        return []
    entity_of = match.head.doc.user_data[ENTITY_OF]
    known = {entity_of.get((m.start_char, m.end_char)) for m in sides}
    return [
        nearest_mention(m, match.head.i)
        for m in earlier.participants
        if entity_of.get((m.start_char, m.end_char)) not in known
    ]


def _one_per_entity(sides: list[Span], match: TriggerMatch) -> list[Span]:
    """One mention per participant: when two rules find the same person by two
    mentions (a name and a title standing for it), the mention nearest the
    trigger stays, the one an analyst reads with it."""
    entity_of = match.head.doc.user_data[ENTITY_OF]
    best: dict[object, Span] = {}
    for mention in sides:
        key = entity_of.get((mention.start_char, mention.end_char), (mention.start_char, mention.end_char))
        kept = best.get(key)
        if kept is None or abs(mention.start - match.head.i) < abs(kept.start - match.head.i):
            best[key] = mention
    return sorted(best.values(), key=lambda m: m.start)


def find_events(doc: Doc) -> list[FoundEvent]:
    """The document's events, each with the arguments the rules give it."""
    index_mentions(doc)
    times = list(doc._.times or [])
    times_of_sentence = times_by_sentence(doc, times)
    events: list[FoundEvent] = []
    contacts = ContactsSoFar()
    visits = VisitsSoFar()
    latest_contact: tuple[str, int] | None = None  # type and sentence of the latest meeting or call
    for number, sent in enumerate(sentences(doc), 1):
        sentence_times = times_of_sentence.get(sent.start, [])
        found = find_triggers(sent)
        matches = [match for match in found if not _is_manner_of(match, found) and not _is_document(match)]
        for match in matches:
            if _continued_call(match, latest_contact, number):
                match.type = "phone_call"
            if match.type in ("meeting", "phone_call"):
                latest_contact = (match.type, number)
        found_here = []
        for match in matches:
            sides = participants(match)
            # «В Кремле заявили»: the source of a statement is not also its place
            where = [m for m in places(match) if match.type != "statement" or all(m.start != x.start for x in sides)]
            found_here.append(FoundEvent(match, modality(match), sides, where, event_times(match, sentence_times)))
        entity_of = doc.user_data[ENTITY_OF]
        speakers = {entity_of.get((m.start_char, m.end_char)) for e in found_here if e.trigger.type == "statement" for m in e.participants}
        speakers.discard(None)
        for event in found_here:
            match, sides = event.trigger, event.participants
            if len(sides) < 2 and (_refers_to_pair(match) or _continues_contact(match, event)):
                earlier = (contacts.of_side(speakers) if speakers else None) or contacts.recent(number, asserted=event.modality == "asserted")
                inherited = _inherit(earlier, match, sides)
                event.participants = sorted(sides + inherited, key=lambda m: m.start)
            elif _signed_without_signatories(match, event) and contacts.latest is not None and number - contacts.latest_sentence <= CONTACT_WINDOW:
                # «По итогам саммита было подписано совместное заявление», «документов не
                # подписывали»: signed by the sides of the contact just reported
                event.participants = _inherit(contacts.latest, match, [])
            elif _visit_without_visitor(match, event) and visits.recent(number) is not None:
                # «Трамп пригласил Путина посетить Москву. Сроки визита пока не обсуждались»
                event.participants = _inherit(visits.recent(number), match, [])
            event.participants = _one_per_entity(event.participants, match)
            events.append(event)
            contacts.add(event, number)
            visits.add(event, number)
    return events
