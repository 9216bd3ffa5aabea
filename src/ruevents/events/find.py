"""All events of a document: triggers, their arguments, references back to earlier events."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from ..coref import is_title
from ..coref.tokens import children, morph_values, sentences
from ..lexicons import load_words
from .arguments import CONTACT_WITH, GATHERINGS, event_times, participant_proposals, places, times_by_sentence
from .mentions import ENTITY_OF, ENTITY_SPANS, POSSESSIVES, index_mentions, mention_of, mentions_under, nearest_mention
from .modality import modality
from .syntax import SUBJECT_RELS, case_word, clause_break_between, controllers, light_verb
from .triggers import FoundEvent, TriggerMatch, find_triggers, trigger_lexicon


def _is_manner_of(match: TriggerMatch, matches: list[TriggerMatch]) -> bool:
    """«прибыл с рабочим визитом»: the noun repeats the verb's event."""
    head = match.head
    # «По её словам, компания пообещала…» is a statement of its own, inserted beside the verb;
    # «прилетел в Москву; это его первый визит» one the parser hung on the verb across a clause break
    return head.pos_ in ("NOUN", "PROPN") and head.dep_ != "parataxis" and any(
        other is not match and other.type == match.type and head.head.i in {t.i for t in other.tokens} for other in matches
    ) and not clause_break_between(head.doc, min(head.i, head.head.i) + 1, max(head.i, head.head.i))


PAIR_WORDS = {"сторона", "они", "их", "оба", "обе", "двое"}
# plural nouns that refer back to the people just named: «лидеры», «министры»
PAIR_NOUNS = {"лидер", "министр", "президент", "глава", "премьер", "политик", "собеседник", "руководитель"}


#: «мы договорились», «наша встреча» in a side's own words: the pair, for a contact
FIRST_PERSON_PLURAL = {"мы", "наш"}


def _pair_reference_words(match: TriggerMatch) -> list:
    """The words a reference to the sides may be among: the dependents of the
    trigger, of the predicates that control it and of its light verb."""
    nodes = [match.head] + controllers(match.head)[1:]
    light = light_verb(match.head)
    if light is not None:
        nodes.append(light)
    return [c for node in nodes for c in children(node)]


def _said_as_we(match: TriggerMatch, words: list | None = None) -> bool:
    """«мы договорились», «наша встреча»: a contact in a side's own words
    (``words``: :func:`_pair_reference_words`, when the caller has them)."""
    if match.type not in CONTACT_WITH:
        return False
    return any(c.lemma_ in FIRST_PERSON_PLURAL for c in (_pair_reference_words(match) if words is None else words))


def _refers_to_pair(match: TriggerMatch) -> bool:
    """«стороны обсудят», «их встреча»: the participants are the pair just mentioned."""
    words = _pair_reference_words(match)
    if _said_as_we(match, words):
        return True
    # «министров принял президент Казахстана»: the guests received are the pair
    return any(_is_pair_word(c) for c in words) or any(_is_pair_word(g, as_guest=True) for g in match.constraints)


def _is_pair_word(token, *, as_guest: bool = False) -> bool:
    """«стороны», «они», «лидеры», «три лидера»; not «американская сторона», which is one side."""
    lemma = token.lemma_
    if lemma not in PAIR_WORDS and lemma not in PAIR_NOUNS:
        return False  # the number is only asked of these words
    plural = "Plur" in morph_values(token, "Number") or any(c.dep_.startswith("nummod") for c in children(token))
    if lemma in PAIR_WORDS:
        return lemma != "сторона" or plural
    # «лидеров БРИКС», «министров стран ЕС»: a group its genitive names, not the pair just mentioned
    named_group = any(c.dep_ == "nmod" and mention_of(c) is not None for c in children(token))
    return plural and (as_guest or token.dep_ in SUBJECT_RELS | {"nmod"}) and not named_group


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


def _names_an_earlier_call(event: FoundEvent, call_sides: list[set[str]]) -> bool:
    """A channel-neutral contact word whose two sides are those of a phone call
    reported before (``call_sides``: the sides of each call so far)."""
    match = event.trigger
    if match.type != "meeting" or match.head.lemma_ not in CHANNEL_NEUTRAL or len(event.participants) < 2:
        return False
    sides = _entities(event.participants)
    return len(sides) >= 2 and any(sides <= call for call in call_sides)


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


#: nouns of an outcome: «по итогам переговоров», «по результатам встречи»
OUTCOME_NOUNS = {"итог", "результат"}


def _contact_it_is_the_outcome_of(match: TriggerMatch, event: FoundEvent, earlier: list[FoundEvent]) -> FoundEvent | None:
    """An agreement with no party of its own, or only «лидеры», «стороны», said
    to come out of a contact named in its clause («по итогам встречи лидеры
    приняли совместное заявление»): that contact, when it has sides.
    ``earlier``: the events of the agreement's sentence before it (the contact
    hangs on the agreement's verb, so it is one of them)."""
    if match.type != "agreement" or (event.participants and not _refers_to_pair(match)):
        return None
    head = match.head
    nodes = [head] + ([light_verb(head)] if light_verb(head) is not None else [])
    contact_heads = {
        grandchild.i
        for node in nodes for child in children(node)
        if child.lemma_ in OUTCOME_NOUNS and any(c.lemma_ == "по" and c.dep_ == "case" for c in children(child))
        for grandchild in children(child) if grandchild.dep_ == "nmod"
    }
    if not contact_heads:
        return None
    return next(
        (e for e in reversed(earlier) if e.trigger.head.i in contact_heads and e.trigger.type in ("meeting", "phone_call") and e.participants),
        None,
    )


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
        #: entity id → (order added, the latest contact it is a side of), all and those that
        #: happened: what :meth:`of_side` asks, without scanning every contact again
        self._latest_of: dict[str, tuple[int, FoundEvent]] = {}
        self._latest_asserted_of: dict[str, tuple[int, FoundEvent]] = {}
        self._added = 0

    def add(self, event: FoundEvent, sentence: int) -> None:
        """Note ``event`` (found in sentence number ``sentence``, counted from 1) if it is a contact with two sides."""
        if len(event.participants) < 2 or event.trigger.type not in CONTACT_WITH:
            return
        if self.latest is None and sentence <= STORY_SENTENCES:
            self.story = event
        self.latest, self.latest_sentence = event, sentence
        if event.modality == "asserted":
            self.latest_asserted, self.latest_asserted_sentence = event, sentence
        self._added += 1
        for entity in _entities(event.participants):
            self._latest_of[entity] = (self._added, event)
            if event.modality == "asserted":
                self._latest_asserted_of[entity] = (self._added, event)

    def of_side(self, entities: set[str], *, asserted: bool = False) -> FoundEvent | None:
        """The latest contact one of ``entities`` is a side of («Рябков заявил, что
        переговоры были предметными»: the talks Ryabkov took part in, not the
        summit mentioned in between); with ``asserted``, one that happened."""
        latest_of = self._latest_asserted_of if asserted else self._latest_of
        found = [latest_of[entity] for entity in entities if entity in latest_of]
        return max(found, key=lambda added: added[0])[1] if found else None

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


def _one_side_from_above(match: TriggerMatch, event: FoundEvent, rules: set[str]) -> bool:
    """A contact noun that happened, whose only side is the subject of the verb
    it depends on («Орбан заявил после встречи»)."""
    return (
        match.type in ("meeting", "phone_call")
        and match.head.pos_ in ("NOUN", "PROPN")
        and event.modality == "asserted"
        and len(event.participants) == 1
        and rules == {"governor_subject"}
    )


def _entities(mentions: list[Span]) -> set[str]:
    """The entity ids of ``mentions`` (those that have one)."""
    if not mentions:
        return set()
    entity_of = mentions[0].doc.user_data[ENTITY_OF]
    return {e for m in mentions if (e := entity_of.get((m.start_char, m.end_char))) is not None}


def _inherit(earlier: FoundEvent | None, match: TriggerMatch, sides: list[Span]) -> list[Span]:
    """The sides of ``earlier`` that ``sides`` lack, each as mentioned nearest the
    trigger; when the reference is a title in the plural («министры»), not those
    known by other titles only (the president who received the two ministers)."""
    if earlier is None:
        return []
    doc = match.head.doc
    entity_of = doc.user_data[ENTITY_OF]
    known = {entity_of.get((m.start_char, m.end_char)) for m in sides}
    inherited = [m for m in earlier.participants if entity_of.get((m.start_char, m.end_char)) not in known]
    title = _pair_title(match)
    if title is not None:
        titles_of = {e["id"]: (e.get("attributes") or {}).get("titles") or [] for e in doc._.entities or []}
        holders = [
            m for m in inherited
            if not (titles := titles_of.get(entity_of.get((m.start_char, m.end_char)), [])) or any(title in t.lower() for t in titles)
        ]
        if len(holders) >= 2:
            inherited = holders
    return [nearest_mention(m, match.head.i) for m in inherited]


def _pair_title(match: TriggerMatch) -> str | None:
    """The title lemma of a plural reference to the sides among the trigger's words: «министры» in «министры продвинулись»."""
    words = _pair_reference_words(match) + list(match.constraints)
    return next((w.lemma_ for w in words if w.lemma_ in PAIR_NOUNS and _is_pair_word(w, as_guest=True)), None)


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


def _organisation_of_gathering(match: TriggerMatch) -> Span | None:
    """«По итогам саммита была принята декларация», where coreference made
    «саммита» a mention of БРИКС: the gathering is that organisation's, named
    by its latest mention before the trigger (the first after it, if none)."""
    head = match.head
    own = mention_of(head)
    if match.type not in GATHERINGS or head.pos_ not in ("NOUN", "PROPN") or own is None or own.label_ != "ORG":
        return None
    doc = head.doc
    entity = doc.user_data[ENTITY_OF].get((own.start_char, own.end_char))
    others = [m for m in doc.user_data[ENTITY_SPANS].get(entity, []) if m.end <= own.start or m.start >= own.end]
    before = [m for m in others if m.end <= own.start]
    return before[-1] if before else (others[0] if others else None)


#: the press, when it only relays a story: «по данным американских СМИ», «сообщила телекомпания NHK»
MEDIA_NOUNS = {"сми", "телекомпания", "телеканал", "агентство", "газета", "издание", "радиостанция", "таблоид"}


def _relayed_by_media(match: TriggerMatch) -> bool:
    """A statement whose source is the press relaying the news is not annotated
    as an event (the guidelines: «передаёт ТАСС» is not a news subject speaking)."""
    return match.type == "statement" and any(
        c.dep_ in ("nsubj", "nmod") and c.lemma_ in MEDIA_NOUNS for c in children(match.head)
    )


#: statement verbs that say something only with a clause («допустил, что посетит
#: Пхеньян», not «допустил ошибку»), each with the objects that say something
#: without one: «вину признал», «признал ошибку»
ADMISSIONS = frozenset({"вина", "поражение", "ошибка", "факт"})
SAYING_ONLY_WITH_CLAUSE = {
    "допустить": frozenset(), "допускать": frozenset(), "согласиться": frozenset(),
    "признать": ADMISSIONS, "признавать": ADMISSIONS,
}


def _no_clause_said(match: TriggerMatch) -> bool:
    """«допустил ошибку», «признал Крым»: no clause said, nothing admitted."""
    head = match.head
    said_objects = SAYING_ONLY_WITH_CLAUSE.get(head.lemma_)
    # the verb of speech a quote hangs on is no clause said («„Мы не допустим эскалации“, — подчеркнул он»)
    return match.type == "statement" and len(match.tokens) == 1 and said_objects is not None and not any(
        c.dep_ == "ccomp" or (c.dep_ == "parataxis" and c.lemma_ not in trigger_lexicon()) or (c.dep_ == "obj" and c.lemma_ in said_objects)
        for c in children(head)
    )


#: verbs that may only say what was discussed in a contact already reported
DISCUSSING = {"обсудить", "обсуждать"}


def _content_of_a_contact(match: TriggerMatch) -> bool:
    """«Министры обсудили ситуацию…», «делегации обсудили…»: said of the sides of a
    contact just reported, «обсудили» tells what was discussed, not a contact of
    its own (the guidelines); «Лавров и Ван И обсудили в Пекине…» is one."""
    head = match.head
    return match.type == "meeting" and head.lemma_ in DISCUSSING and any(
        c.dep_ == "nsubj" and (_is_pair_word(c) or c.lemma_ == "делегация") for c in children(head)
    )


#: nouns and verbs that speak of what an agreement says, not of agreeing: «выполнение договорённостей», «договорённости предусматривают»
TERMS_HEADS = {"выполнение", "соблюдение", "реализация", "нарушение", "исполнение", "участник", "условие", "текст", "рамка"}
TERMS_VERBS = {"предусматривать", "учитывать", "предполагать"}


def _terms_of_an_agreement(match: TriggerMatch) -> bool:
    """An agreement noun that stands for the terms agreed («неукоснительное
    выполнение договорённостей», «Договорённости предусматривают проход судов»),
    left unannotated by the guidelines' practice, not the act of agreeing."""
    head = match.head
    if match.type != "agreement" or head.pos_ not in ("NOUN", "PROPN") or len(match.tokens) > 1:
        return False
    return (head.dep_ == "nmod" and head.head.lemma_ in TERMS_HEADS) or (head.dep_ == "nsubj" and head.head.lemma_ in TERMS_VERBS)


@lru_cache(maxsize=None)
def visit_motion() -> frozenset[str]:
    return load_words("visit_motion.txt")


def _going_nowhere_named(match: TriggerMatch) -> bool:
    """«выехал на встречную полосу», «вернул процесс в русло»: a verb of going
    that names no place («вернулся из Дубая», «зашёл на территорию КНДР») is
    no visit."""
    head = match.head
    if match.type != "visit" or head.lemma_ not in visit_motion():
        return False
    return not any(
        m.label_ in ("LOC", "ORG") for c in children(head) if c.dep_ in ("obl", "advmod", "nmod") for m in mentions_under(c)
    )


#: things that travel with someone on board or are a party of people: «делегация прибыла», «кортеж подъехал»
VISITOR_THINGS = frozenset({
    "делегация", "миссия", "группа", "команда", "сборная", "экспедиция", "кортеж", "самолет", "борт", "бронепоезд",
    "вертолет", "яхта", "экипаж", "колонна", "клуб", "труппа", "оркестр", "ансамбль",
})


def _thing_arrives(match: TriggerMatch) -> bool:
    """«Поезд прибыл в Тверь с опозданием», «в Москву прибыла партия вакцины»:
    what arrives is a thing, not someone visiting (the guidelines: someone
    travels to a place); a delegation, a plane with someone on it stays."""
    head = match.head
    if match.type != "visit" or head.pos_ != "VERB":
        return False
    subject = next((c for c in children(head) if c.dep_ in SUBJECT_RELS), None)
    if subject is None or subject.pos_ != "NOUN" or "Inan" not in morph_values(subject, "Animacy"):
        return False
    if subject.lemma_ in VISITOR_THINGS or mention_of(subject) is not None or is_title(subject):
        return False
    # «самолёт премьера», «его самолёт»: someone is named on board
    return not any(c.dep_ in ("nmod", "det", "nmod:poss", "appos") and (mention_of(c) is not None or c.lemma_ in POSSESSIVES or is_title(c)) for c in children(subject))


#: «выступить» speaks («выступил с речью», «выступил перед сторонниками»), unless it stands
#: for a side taken or a role played: «выступает за урегулирование», «выступавшим за «Партизан»»,
#: «выступила инициатором», «выступать посредником»
SPEAKING_IN_PUBLIC = {"выступить", "выступать"}


def _acts_as_or_for(match: TriggerMatch) -> bool:
    """«Анкара готова выступать посредником», «Индия выступает за мирное
    урегулирование»: a role or a stance, no statement."""
    head = match.head
    if match.type != "statement" or len(match.tokens) > 1 or head.lemma_ not in SPEAKING_IN_PUBLIC:
        return False
    for child in children(head):
        case = case_word(child)
        if case in ("за", "против"):
            return True
        if case is None and child.dep_ in ("obl", "xcomp", "obj") and child.pos_ == "NOUN" and "Ins" in morph_values(child, "Case"):
            # «выступить осенью»: a time in the instrumental is no role
            if not any(t["start"] <= child.idx < t["end"] for t in head.doc._.times or []):
                return True
    return False


#: nouns a birth noun names a date of, not a birth: «поздравил с днём рождения»
BIRTH_DATES = {"день", "годовщина", "юбилей"}


def _birthday(match: TriggerMatch) -> bool:
    """«поздравил Си Цзиньпина с днём рождения»: a birthday, not someone born."""
    head = match.head
    return match.type == "birth" and head.pos_ == "NOUN" and head.dep_ == "nmod" and head.head.lemma_ in BIRTH_DATES


def find_events(doc: Doc) -> list[FoundEvent]:
    """The document's events, each with the arguments the rules give it."""
    index_mentions(doc)
    times = list(doc._.times or [])
    times_of_sentence = times_by_sentence(doc, times)
    events: list[FoundEvent] = []
    contacts = ContactsSoFar()
    call_sides: list[set[str]] = []  # the sides of each phone call so far
    visits = VisitsSoFar()
    latest_contact: tuple[str, int] | None = None  # type and sentence of the latest meeting or call
    for number, sent in enumerate(sentences(doc), 1):
        sentence_times = times_of_sentence.get(sent.start, [])
        found = find_triggers(sent)
        matches = [
            match for match in found
            if not _is_manner_of(match, found) and not _is_document(match) and not _relayed_by_media(match) and not _no_clause_said(match)
            and not _content_of_a_contact(match) and not _terms_of_an_agreement(match) and not _going_nowhere_named(match)
            and not _thing_arrives(match) and not _birthday(match) and not _acts_as_or_for(match)
        ]
        for match in matches:
            if _continued_call(match, latest_contact, number):
                match.type = "phone_call"
            if match.type in ("meeting", "phone_call"):
                latest_contact = (match.type, number)
        found_here = []
        rules_of: dict[int, set[str]] = {}  # event's position in found_here → the rules that found its participants
        for match in matches:
            proposals = participant_proposals(match)
            sides = proposals.unique()
            rules_of[len(found_here)] = {rule for _, rule in proposals.items}
            # «В Кремле заявили»: the source of a statement is not also its place
            where = [m for m in places(match) if match.type != "statement" or all(m.start != x.start for x in sides)]
            found_here.append(FoundEvent(match, modality(match), sides, where, event_times(match, sentence_times)))
        entity_of = doc.user_data[ENTITY_OF]
        speakers = {entity_of.get((m.start_char, m.end_char)) for e in found_here if e.trigger.type == "statement" for m in e.participants}
        speakers.discard(None)
        for position, event in enumerate(found_here):
            match, sides = event.trigger, event.participants
            organisation = _organisation_of_gathering(match)
            outcome_of = _contact_it_is_the_outcome_of(match, event, found_here[:position])
            if outcome_of is not None:
                # «По итогам саммита была принята Казанская декларация»: by the sides of that summit
                event.participants = list(outcome_of.participants)  # the contact's, named in this sentence
            elif organisation is not None:
                own = mention_of(match.head)
                event.participants = [m for m in sides if m.start != own.start and m.start != organisation.start] + [organisation]
            elif len(sides) < 2 and (_refers_to_pair(match) or _continues_contact(match, event)):
                earlier = (contacts.of_side(speakers) if speakers else None) or contacts.recent(number, asserted=event.modality == "asserted")
                inherited = _inherit(earlier, match, sides)
                if _said_as_we(match):
                    # «„Мы договорились продолжить работу“, — заявил Мирзоян»: the speaker is one of «мы»
                    known = _entities(sides + inherited)
                    inherited += [
                        m for e in found_here if e.trigger.type == "statement" for m in e.participants
                        if m.label_ == "PER" and entity_of.get((m.start_char, m.end_char)) not in known
                    ]
                event.participants = sorted(sides + inherited, key=lambda m: m.start)
            elif _one_side_from_above(match, event, rules_of[position]) and (earlier := contacts.of_side(_entities(sides), asserted=True)) is not None:
                # «Орбан заявил после встречи», «После беседы Лавров сообщил»: the one
                # who speaks after a contact took part in it, with the other side of
                # the latest contact he had
                event.participants = sorted(sides + _inherit(earlier, match, sides), key=lambda m: m.start)
            elif _signed_without_signatories(match, event) and contacts.latest is not None and number - contacts.latest_sentence <= CONTACT_WINDOW:
                # «По итогам саммита было подписано совместное заявление», «документов не
                # подписывали»: signed by the sides of the contact just reported
                event.participants = _inherit(contacts.latest, match, [])
            elif _visit_without_visitor(match, event) and visits.recent(number) is not None:
                # «Трамп пригласил Путина посетить Москву. Сроки визита пока не обсуждались»
                event.participants = _inherit(visits.recent(number), match, [])
            event.participants = _one_per_entity(event.participants, match)
            if _names_an_earlier_call(event, call_sides):
                # «Зеленский заявил, что разговор Шольца с Путиным открыл…»: the call reported before
                match.type = "phone_call"
            events.append(event)
            if match.type == "phone_call":
                call_sides.append(_entities(event.participants))
            contacts.add(event, number)
            visits.add(event, number)
    return events
