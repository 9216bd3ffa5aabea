"""All events of a document: triggers, their arguments, references back to earlier events."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .arguments import CONTACT_WITH, participant_proposals, place_proposals, time_proposals, times_by_sentence
from .candidates import Candidate, build_candidates, features
from .mentions import ENTITY_OF, index_mentions, nearest_mention
from .modality import modality
from .scorer import ArgumentScorer
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
    words = [c for node in nodes for c in node.children]
    if match.type in CONTACT_WITH and any(c.lemma_ in FIRST_PERSON_PLURAL for c in words):
        return True
    return any(_is_pair_word(c) for c in words)


def _is_pair_word(token) -> bool:
    """«стороны», «они», «лидеры», «три лидера»; not «американская сторона», which is one side."""
    plural = "Plur" in token.morph.get("Number") or any(c.dep_.startswith("nummod") for c in token.children)
    if token.lemma_ in PAIR_WORDS:
        return token.lemma_ != "сторона" or plural
    return token.lemma_ in PAIR_NOUNS and plural and token.dep_ in SUBJECT_RELS | {"nmod"}


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

    def add(self, event: FoundEvent, sentence: int) -> None:
        """Note ``event`` (found in sentence number ``sentence``, counted from 1) if it is a contact with two sides."""
        if len(event.participants) < 2 or event.trigger.type not in CONTACT_WITH:
            return
        if self.latest is None and sentence <= STORY_SENTENCES:
            self.story = event
        self.latest, self.latest_sentence = event, sentence

    def recent(self, sentence: int) -> FoundEvent | None:
        """The contact a pair reference in sentence number ``sentence`` continues:
        the latest one with two sides in the last :data:`CONTACT_WINDOW`
        sentences, else the first one of the headline and lead («Шольц и Путин
        поговорили по телефону. … Лично они последний раз встречались в
        феврале»: the story's own pair)."""
        if self.latest is not None and sentence - self.latest_sentence <= CONTACT_WINDOW:
            return self.latest
        return self.story


def _inherit(earlier: FoundEvent | None, match: TriggerMatch, sides: list[Span], rule: str) -> list[tuple[Span, str]]:
    """The sides of ``earlier`` that ``sides`` lack, each as mentioned nearest the trigger."""
    if earlier is None:
        return []
    entity_of = match.head.doc.user_data[ENTITY_OF]
    known = {entity_of.get((m.start_char, m.end_char)) for m in sides}
    return [
        (nearest_mention(m, match.head.i), rule)
        for m in earlier.participants
        if entity_of.get((m.start_char, m.end_char)) not in known
    ]


def _claimed(proposals: dict[int, tuple], matches: list[TriggerMatch], match: TriggerMatch) -> dict[str, set[int]]:
    """Start characters the rules gave, in each role, to the sentence's other triggers."""
    claimed: dict[str, set[int]] = {"participant": set(), "place": set(), "time": set()}
    for other in matches:
        if other is match:
            continue
        sides, where, when = proposals[id(other)]
        claimed["participant"].update(m.start_char for m, _ in sides.items)
        claimed["place"].update(m.start_char for m, _ in where)
        claimed["time"].update(t[0] for t, _ in when)
    return claimed


def _candidates(
    match: TriggerMatch,
    event: FoundEvent,
    proposed: dict[str, list],
    found_by_rules: dict[str, int],
    others: list[TriggerMatch],
    claimed: dict[str, set[int]],
    sentence_times: list[dict],
) -> list[Candidate]:
    """Every argument candidate of the event, with its features."""
    found: list[Candidate] = []
    for role in ("participant", "place", "time"):
        candidates = build_candidates(match, role, proposed[role], times=sentence_times)
        for candidate in candidates:
            candidate.features = features(
                candidate, match, others=others, claimed=claimed[role], modality=event.modality, found_by_rules=found_by_rules[role]
            )
        found += candidates
    return found


def _mark_rules_choice(event: FoundEvent) -> None:
    """Flag the candidates the rules made the event's arguments; the flag is a
    feature too: the scorer learns where to overrule them."""
    chosen = {
        "participant": {(m.start_char, m.end_char) for m in event.participants},
        "place": {(m.start_char, m.end_char) for m in event.places},
        "time": {(t[0], t[1]) for t in event.times},
    }
    for candidate in event.candidates:
        candidate.chosen_by_rules = (candidate.start_char, candidate.end_char) in chosen[candidate.role]
        if candidate.chosen_by_rules:
            role = candidate.role
            candidate.features.update({f"{role}:chosen": 1.0, f"{role}:chosen|type={event.trigger.type}": 1.0})


def _apply(scorer: ArgumentScorer, event: FoundEvent) -> None:
    """Replace the rules' arguments by the candidates the scorer keeps."""
    kept = scorer.choose(event.trigger.type, event.candidates)
    event.participants = sorted((c.span for c in kept["participant"]), key=lambda m: m.start)
    event.places = [c.span for c in kept["place"]]
    event.times = [c.time for c in kept["time"]]


def find_events(doc: Doc, *, scorer: ArgumentScorer | None = None) -> list[FoundEvent]:
    """The document's events.  The rules give each its arguments; with a
    ``scorer`` the rules' proposals, the sentence's other mentions and the
    sides of an earlier contact are candidates it keeps or drops."""
    index_mentions(doc)
    times = list(doc._.times or [])
    times_of_sentence = times_by_sentence(doc, times)
    events: list[FoundEvent] = []
    contacts = ContactsSoFar()
    latest_of_type: dict[str, tuple[FoundEvent, int]] = {}
    latest_contact: tuple[str, int] | None = None  # type and sentence of the latest meeting or call
    for number, sent in enumerate(doc.sents, 1):
        sentence_times = times_of_sentence.get(sent.start, [])
        found = find_triggers(sent)
        matches = [match for match in found if not _is_manner_of(match, found) and not _is_document(match)]
        for match in matches:
            if _continued_call(match, latest_contact, number):
                match.type = "phone_call"
            if match.type in ("meeting", "phone_call"):
                latest_contact = (match.type, number)
        proposals = {id(m): (participant_proposals(m), place_proposals(m), time_proposals(m, sentence_times)) for m in matches}
        for match in matches:
            side_proposals, place_proposed, time_proposed = proposals[id(match)]
            sides = side_proposals.unique()
            # «В Кремле заявили»: the source of a statement is not also its place
            where = [m for m, _ in place_proposed if match.type != "statement" or all(m.start != x.start for x in sides)]
            event = FoundEvent(match, modality(match), sides, where, [t for t, _ in time_proposed[:1]])
            inherited: list[tuple[Span, str]] = []
            if len(sides) < 2 and (_refers_to_pair(match) or _continues_contact(match, event)):
                rule = "pair_reference" if _refers_to_pair(match) else "continued_contact"
                inherited = _inherit(contacts.recent(number), match, sides, rule)
                event.participants = sorted(sides + [m for m, _ in inherited], key=lambda m: m.start)
            elif len(sides) < 2 and match.type in CONTACT_WITH:
                inherited = _inherit(contacts.recent(number), match, sides, "recent_contact")
            if not sides and match.type in latest_of_type and number - latest_of_type[match.type][1] <= CONTACT_WINDOW:
                inherited += _inherit(latest_of_type[match.type][0], match, sides, "recent_same_type")
            proposed = {"participant": side_proposals.items + inherited, "place": place_proposed, "time": time_proposed}
            others = [m for m in matches if m is not match]
            found_by_rules = {"participant": len(sides), "place": len(place_proposed), "time": len(time_proposed)}
            event.candidates = _candidates(match, event, proposed, found_by_rules, others, _claimed(proposals, matches, match), sentence_times)
            _mark_rules_choice(event)
            if scorer is not None:
                _apply(scorer, event)
            events.append(event)
            contacts.add(event, number)
            latest_of_type[match.type] = (event, number)
    return events
