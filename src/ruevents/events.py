"""Events from the dependency tree: triggers from a lexicon, arguments from syntax.

A trigger is a lemma or a linked lemma phrase from ``lexicons/event_triggers.tsv``.
Its arguments are found along the tree, not by proximity: the subject (or the
subject of the verb that controls it: «Герасимов планирует встретиться»), the
comitative «с X», «между X и Y», the genitive of a nominalisation («встреча
Скапарротти и Герасимова»), coordinated participants, a place under «в/на» or
«где» resolved to its antecedent.  Noun triggers borrow place and time from
their light verb («в Баку состоялась встреча»).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .backends import pymorphy
from .lexicons import load_words

CLAUSE_RELS = {"acl:relcl", "ccomp", "advcl", "parataxis", "csubj", "xcomp", "acl"}
SUBJECT_RELS = {"nsubj", "nsubj:pass"}
CONTROL_RELS = {"xcomp", "conj", "acl:relcl", "advcl"}
PLACE_CASES = {"в", "во", "на", "под", "около", "возле", "близ", "у"}
PARTICIPANT_TYPES = ("PER", "ORG", "LOC")
# event types whose other side comes with «с X» (a visit «с визитом» does not)
CONTACT_WITH = {"meeting", "phone_call", "agreement", "marriage"}


@dataclass
class TriggerMatch:
    tokens: list[Token]
    type: str

    @property
    def head(self) -> Token:
        ids = {t.i for t in self.tokens}
        return next((t for t in self.tokens if t.head.i not in ids or t.head.i == t.i), self.tokens[0])

    @property
    def start_char(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end_char(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)


@dataclass
class FoundEvent:
    trigger: TriggerMatch
    modality: str
    participants: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    times: list[tuple[int, int, str]] = field(default_factory=list)


@lru_cache(maxsize=None)
def trigger_lexicon() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First lemma → [(all lemmas of the phrase, type)], longest phrases first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, kind in load_words("event_triggers.tsv", with_values=True).items():
        lemmas = tuple(phrase.split())
        index.setdefault(lemmas[0], []).append((lemmas, kind.strip()))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=None)
def role_sources() -> dict[str, str]:
    """Event type → where its participants are: agent, patient or both."""
    return {k: v.strip() for k, v in load_words("event_roles.tsv", with_values=True).items() if k != "type"}


@lru_cache(maxsize=None)
def modality_lexicon() -> dict[str, str]:
    return {k: v.strip() for k, v in load_words("modality.txt", with_values=True).items()}


def lemma_keys(token: Token) -> tuple[str, ...]:
    """The lemma, and for a plural noun its plural form («выборы», «консультации»)."""
    if token.pos_ in ("NOUN", "PROPN") and "Plur" in token.morph.get("Number"):
        plural = pymorphy.plural_nominative(token.text)
        if plural and plural != token.lemma_:
            return (token.lemma_, plural)
    return (token.lemma_,)


def _linked(token: Token, lemma: str, used: set[int]) -> Token | None:
    """A word with ``lemma`` that is the head or a child of ``token`` (or a grandchild via a preposition)."""
    candidates = [token.head, *token.children]
    candidates += [g for c in token.children for g in c.children]
    for other in candidates:
        if other.i != token.i and other.i not in used and lemma in lemma_keys(other):
            return other
    return None


def find_triggers(sent: Span) -> list[TriggerMatch]:
    lexicon = trigger_lexicon()
    matches: list[TriggerMatch] = []
    used: set[int] = set()
    for token in sent:
        if token.i in used or token.pos_ in ("PUNCT", "ADP", "SPACE"):
            continue
        entries = [entry for key in lemma_keys(token) for entry in lexicon.get(key, ())]
        for lemmas, kind in sorted(entries, key=lambda e: -len(e[0])):
            tokens = [token]
            for lemma in lemmas[1:]:
                found = None
                for anchor in tokens:
                    found = _linked(anchor, lemma, used | {t.i for t in tokens})
                    if found is not None:
                        break
                if found is None:
                    break
                tokens.append(found)
            if len(tokens) == len(lemmas):
                # the phrase's content words form the trigger; prepositions stay out
                tokens = [t for t in tokens if t.pos_ != "ADP"]
                matches.append(TriggerMatch(sorted(tokens, key=lambda t: t.i), kind))
                used.update(t.i for t in tokens)
                break
    return matches


MENTION_INDEX = "ruevents.mention_index"
ENTITY_SPANS = "ruevents.entity_spans"
ENTITY_OF = "ruevents.entity_of"


def index_mentions(doc: Doc) -> None:
    """Token → the smallest entity mention covering it, coreference mentions included."""
    index: dict[int, Span] = {}
    for entity in doc._.entities or []:
        for start, end in entity["mentions"]:
            span = doc.char_span(start, end, label=entity["type"], alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                if i not in index or len(index[i]) > len(span):
                    index[i] = span
    doc.user_data[MENTION_INDEX] = index
    # entity id → its mentions in text order, to re-point an inherited participant
    spans_of: dict[str, list[Span]] = {}
    for entity in doc._.entities or []:
        spans = [doc.char_span(s, e, label=entity["type"], alignment_mode="expand") for s, e in entity["mentions"]]
        spans_of[entity["id"]] = sorted((x for x in spans if x is not None), key=lambda x: x.start)
    doc.user_data[ENTITY_SPANS] = spans_of
    doc.user_data[ENTITY_OF] = {(x.start_char, x.end_char): eid for eid, xs in spans_of.items() for x in xs}


def nearest_mention(mention: Span, before: int) -> Span:
    """The same entity's last mention before token ``before`` (the mention an
    analyst reads as the antecedent), else the mention itself."""
    doc = mention.doc
    entity = doc.user_data.get(ENTITY_OF, {}).get((mention.start_char, mention.end_char))
    spans = doc.user_data.get(ENTITY_SPANS, {}).get(entity, [])
    earlier = [x for x in spans if x.end <= before]
    return earlier[-1] if earlier else mention


def _mention_of(token: Token) -> Span | None:
    return token.doc.user_data.get(MENTION_INDEX, {}).get(token.i)


PRONOUNS = {"он", "она"}


def _antecedent(pronoun: Token) -> Span | None:
    """«он заявил»: the nearest person mentioned before, of the pronoun's gender."""
    gender = pronoun.morph.get("Gender")
    best = None
    for span in set(pronoun.doc.user_data.get(MENTION_INDEX, {}).values()):
        if span.label_ != "PER" or span.end > pronoun.i:
            continue
        span_gender = span.root.morph.get("Gender")
        if gender and span_gender and span_gender != gender:
            continue
        if best is None or span.start > best.start:
            best = span
    return best


def _mentions_under(token: Token, *, via=("conj", "appos", "flat", "flat:name", "nmod")) -> list[Span]:
    """Entity mentions in the phrase headed by ``token``, preferring people.

    Organisations and places reached only through a person's genitive
    modifier («глава Генштаба Валерий Герасимов») are the person's
    affiliation, not participants.
    """
    if token.lemma_ in PRONOUNS and _mention_of(token) is None:
        antecedent = _antecedent(token)
        return [antecedent] if antecedent is not None else []
    found: list[tuple[Span, bool]] = []  # (mention, reached through nmod)
    stack = [(token, False)]
    seen = set()
    while stack:
        node, through_nmod = stack.pop()
        if node.i in seen:
            continue
        seen.add(node.i)
        mention = _mention_of(node)
        if mention is not None and mention.label_ in PARTICIPANT_TYPES and all(m.start != mention.start for m, _ in found):
            found.append((mention, through_nmod))
        for child in node.children:
            if child.dep_ in via:
                stack.append((child, through_nmod or child.dep_ == "nmod"))
    people = [m for m, _ in found if m.label_ == "PER"]
    if people:
        return sorted(people, key=lambda m: m.start)
    direct = [m for m, nested in found if not nested]
    return sorted(direct or [m for m, _ in found[:1]], key=lambda m: m.start)


def _case_word(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "case":
            return child.lemma_
    return None


def _controllers(head: Token) -> list[Token]:
    """The trigger's head word and the predicates above it that lend it a subject."""
    chain = [head]
    node = head
    for _ in range(4):
        if node.dep_ == "acl:relcl":
            node = node.head.head if node.head.head.i != node.head.i else node.head  # «Баку, где планирует…» → прибыл
        elif node.dep_ in CONTROL_RELS:
            node = node.head
        else:
            break
        chain.append(node)
        if any(c.dep_ in SUBJECT_RELS for c in node.children):
            break
    return chain


@lru_cache(maxsize=None)
def light_verbs() -> frozenset[str]:
    return load_words("light_verbs.txt")


def _light_verb(head: Token, *, strict: bool = False) -> Token | None:
    """«состоялась встреча», «провели переговоры»: the verb a noun trigger hangs on.

    For arguments any governing verb lends its place and time; for modality
    only a real light verb does («уход Мэй не повлияет на визит» does not
    negate the departure).
    """
    if (
        head.pos_ in ("NOUN", "PROPN")
        and head.dep_ in ("nsubj", "nsubj:pass", "obj")
        and head.head.pos_ in ("VERB", "AUX")
        and (not strict or head.head.lemma_ in light_verbs())
    ):
        return head.head
    return None


def _verbal_governor(head: Token) -> Token | None:
    """The nearest verb above a noun trigger in its clause («вылетит на форум»)."""
    node = head
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.dep_ in CLAUSE_RELS:
            return None
    return None


def _participants(match: TriggerMatch) -> list[Span]:
    head = match.head
    mentions: list[Span] = []
    predicates = [t for t in match.tokens] + ([_light_verb(head)] if _light_verb(head) else [])
    source = role_sources().get(match.type, "agent")
    trigger_ids = {t.i for t in match.tokens}
    if source in ("patient", "both"):
        # «назначил X», «арестован X», «напали на X», «женился на Y»
        for node in match.tokens:
            for child in node.children:
                if child.i in trigger_ids:
                    continue
                if child.dep_ in ("obj", "nsubj:pass", "iobj") or (child.dep_ == "obl" and _case_word(child) in ("на", "за")):
                    mentions += _mentions_under(child)
                elif node.pos_ in ("NOUN", "PROPN") and child.dep_ == "nmod" and _case_word(child) is None:
                    mentions += _mentions_under(child)  # «арест Гона», «отставка министра»
    subject_rels = SUBJECT_RELS if source != "patient" else {"nsubj:pass"}
    if source == "patient" and head.pos_ == "VERB" and (len(match.tokens) > 1 or head.lemma_.endswith(("ся", "сь"))):
        # «вступил в должность», «победил на выборах», «избрался»: the subject is the one it happens to
        subject_rels = SUBJECT_RELS
    # subject, also of a controlling verb
    for node in _controllers(head) if head.pos_ in ("VERB", "AUX") else predicates:
        subjects = [c for c in node.children if c.dep_ in subject_rels and c.i not in trigger_ids]
        if source == "patient" and head.pos_ == "VERB" and "Pass" in head.morph.get("Voice"):
            subjects += [c for c in node.children if c.dep_ == "nsubj" and c.i not in trigger_ids]
        found = [m for subject in subjects for m in _mentions_under(subject)]
        people = [m for m in found if m.label_ == "PER"]
        mentions += people or found  # «председатель комитета … Петр Павел сообщил»: the person speaks
        if subjects:
            break
    for node in predicates:
        for child in node.children:
            case = _case_word(child)
            if (case in ("с", "со") and match.type in CONTACT_WITH) or case == "между" or (
                node.pos_ in ("NOUN", "PROPN") and child.dep_ == "nmod" and case is None and "Gen" in child.morph.get("Case")
            ):
                mentions += _mentions_under(child)
            elif node.pos_ in ("NOUN", "PROPN") and child.dep_ in ("nmod", "det") and child.lemma_ in ("они", "их"):
                continue
    # a comitative the parser hung elsewhere: «встретиться с главкомом … Скапарротти»
    if head.pos_ == "VERB" and match.type in CONTACT_WITH and not any(
        _case_word(c) in ("с", "со") for c in head.children
    ):
        for token in head.sent:
            if token.i > head.i and token.lemma_ in ("с", "со") and token.dep_ == "case":
                mentions += _mentions_under(token.head)
                break
    # «В Кремле заявили», «подчеркнули на Даунинг-стрит»: an impersonal
    # statement's source is where it comes from
    if match.type == "statement" and not mentions and head.pos_ == "VERB" and "Plur" in head.morph.get("Number"):
        for child in head.children:
            if child.dep_ == "obl" and _case_word(child) in ("в", "во", "на"):
                mentions += _mentions_under(child)
    # «Зеленскому позвонил Трамп»: the other side of a call in the dative
    if match.type in ("phone_call", "meeting") and head.pos_ == "VERB":
        for child in head.children:
            if child.dep_ in ("iobj", "obl") and _case_word(child) is None and "Dat" in child.morph.get("Case"):
                mentions += _mentions_under(child)
    # «Моди, прилетевший в Москву»: a participle's noun is its participant
    if head.dep_ in ("acl", "amod") and head.pos_ in ("VERB", "ADJ") and _mention_of(head.head) is not None:
        mentions += _mentions_under(head.head)
    unique: dict[int, Span] = {}
    for mention in mentions:
        unique.setdefault(mention.start, mention)
    return [unique[k] for k in sorted(unique)]


def _place_in(phrase: Token) -> Span | None:
    """The place a locative phrase names, looking inside it: «в одном из отелей
    Женевы», «в городе Нара», «на складе под Новосибирском»."""
    stack = [phrase]
    while stack:
        node = stack.pop(0)
        mention = _mention_of(node)
        if mention is not None:
            return mention if mention.label_ == "LOC" else None
        stack += [c for c in node.children if c.dep_ in ("nmod", "appos", "flat", "flat:name", "amod")]
    return None


def _places(match: TriggerMatch) -> list[Span]:
    head = match.head
    nodes = list(match.tokens)
    light = _light_verb(head)
    if light is not None:
        nodes.append(light)
    nodes += _controllers(head)[1:2] if head.dep_ in ("xcomp",) else []
    for node in nodes:
        for child in node.children:
            if child.dep_ in ("obl", "nmod") and _case_word(child) in PLACE_CASES:
                mention = _place_in(child)
                if mention is not None:
                    return [mention]
            if match.type == "visit" and child.dep_ == "obj" and node.pos_ == "VERB":
                mention = _place_in(child)  # «посетить Пекин»
                if mention is not None:
                    return [mention]
            if child.lemma_ == "где" and node.dep_ == "acl:relcl":
                mention = _mention_of(node.head)
                if mention is not None and mention.label_ == "LOC":
                    return [mention]
    # «встретился с Ван И в Пекине»: the parser often hangs the place on the
    # participant next to it rather than on the trigger
    for node in nodes:
        for child in node.children:
            if child.dep_ in ("obl", "nmod", "obj", "nsubj") and child.ent_type_ in ("PER", "ORG"):
                for grandchild in child.subtree:
                    if grandchild.dep_ == "nmod" and _case_word(grandchild) in PLACE_CASES:
                        mention = _mention_of(grandchild)
                        if mention is not None and mention.label_ == "LOC":
                            return [mention]
    # «Баку, где планирует встретиться»: the relative clause sits above the trigger
    for node in _controllers(head)[1:]:
        if any(c.lemma_ == "где" for c in node.children) and node.dep_ == "acl:relcl":
            mention = _mention_of(node.head)
            if mention is not None and mention.label_ == "LOC":
                return [mention]
    return []


def _is_future(node: Token) -> bool:
    if "Fut" in node.morph.get("Tense"):
        return True
    # perfective present forms are future in Russian: «обсудят», «состоятся»
    if node.pos_ == "VERB" and "Perf" in node.morph.get("Aspect") and "Pres" in node.morph.get("Tense"):
        return True
    # «будут судить»
    return any(c.lemma_ == "быть" and "Fut" in c.morph.get("Tense") for c in node.children if c.dep_ == "aux")


def modality(match: TriggerMatch) -> str:
    """asserted, planned, negated or hypothetical, from the words that govern the trigger.

    Negation counts on the trigger, its light verb and the verbs that control
    it, not on a coordinated clause («не пострадал и был задержан»); «пока …
    не» is «until», not a negation.
    """
    head = match.head
    controllers = _controllers_without_conj(head)
    governors = [head] + controllers[1:]
    light = _light_verb(head, strict=True)
    if light is not None:
        governors.append(light)
    if head.pos_ in ("NOUN", "PROPN") and light is None:
        verb = _verbal_governor(head)
        if verb is not None:
            governors.append(verb)
    lexicon = modality_lexicon()
    modifiers = [c for node in governors for c in node.children]
    until = any(c.lemma_ == "пока" for c in modifiers)
    if not until and any(c.lemma_ == "не" for c in modifiers):
        return "negated"
    if any(c.lemma_ in ("если", "бы") or (lexicon.get(c.lemma_) == "hypothetical" and c.dep_ in ("amod", "mark", "advmod", "obl")) for c in modifiers):
        return "hypothetical"
    if any(node.i != head.i and lexicon.get(node.lemma_) == "hypothetical" for node in governors):
        return "hypothetical"
    if until:
        return "planned"
    for node in governors:
        if _is_future(node) or (node.i != head.i and lexicon.get(node.lemma_) == "planned"):
            return "planned"
    if any(c.dep_ == "amod" and lexicon.get(c.lemma_) == "planned" for c in head.children):
        return "planned"
    return "asserted"


def _controllers_without_conj(head: Token) -> list[Token]:
    chain = [head]
    node = head
    for _ in range(4):
        if node.dep_ in ("xcomp", "csubj") or (node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN") and node.head.lemma_ in modality_lexicon()):
            node = node.head
            chain.append(node)
        else:
            break
    return chain


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
    nodes = [match.head] + _controllers(match.head)[1:]
    light = _light_verb(match.head)
    if light is not None:
        nodes.append(light)
    return any(
        c.lemma_ in PAIR_WORDS or (c.lemma_ in PAIR_NOUNS and "Plur" in c.morph.get("Number") and c.dep_ in SUBJECT_RELS | {"nmod"})
        for node in nodes
        for c in node.children
    )


def _time_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _times(match: TriggerMatch, times: list[dict]) -> list[tuple[int, int, str]]:
    """The time expression attached to the trigger or its clause, by the tree.

    Durations and sets («несколько месяцев», «ежегодно») are not when an event
    happened.  A statement takes only a time attached to its own verb: the
    dates around «…, сообщила пресс-служба» belong to what was reported.
    """
    head = match.head
    targets = {t.i for t in match.tokens} | {t.i for t in _controllers(head)}
    light = _light_verb(head)
    if light is not None:
        targets.add(light.i)
        # «Инаугурация должна пройти 13 мая»
        targets.update(c.i for c in light.children if c.dep_ == "xcomp")
    # «на выборах, прошедших в воскресенье», «форум, открывшийся в четверг»
    targets.update(c.i for t in match.tokens for c in t.children if c.dep_ in ("acl", "acl:relcl"))
    sent = head.sent
    in_sentence = [
        t for t in times if sent.start_char <= t["start"] < sent.end_char and t.get("kind", "date") in ("date", "time")
    ]
    attached = []
    for time in in_sentence:
        node = _time_root(head.doc, time["start"], time["end"])
        for _ in range(6):
            if node is None:
                break
            if node.i in targets:
                attached.append((time["start"], time["end"], time["id"]))
                break
            if node.head.i == node.i or (node.pos_ in ("VERB", "AUX") and node.i not in targets):
                break
            node = node.head
    if not attached and match.type != "statement" and len(in_sentence) == 1 and in_sentence[0]["start"] < head.idx:
        only = in_sentence[0]
        attached.append((only["start"], only["end"], only["id"]))
    # «Позднее, 7 сентября того же года состоялась их встреча»: the most precise
    # of the times attached to the clause says when, the nearest on a tie
    by_id = {t["id"]: t for t in in_sentence}
    attached.sort(key=lambda a: (-_precision(by_id.get(a[2], {}).get("value")), abs(a[0] - head.idx)))
    return attached[:1]


def _precision(value: str | None) -> int:
    """How much of a calendar value is known: «2017-09-07» 8 digits, «XXXX-04» 2."""
    return sum(ch.isdigit() for ch in value) if value else 0


#: How many sentences back a contact may be continued («Переговоры продолжались…»).
CONTACT_WINDOW = 2


def _continues_contact(match: TriggerMatch, event: FoundEvent) -> bool:
    """A contact noun with no sides of its own («после беседы», «переговоры
    продолжались») continues the contact just reported."""
    return match.type in CONTACT_WITH and match.head.pos_ in ("NOUN", "PROPN") and not event.participants


def _recent_contact(events: list[FoundEvent], match: TriggerMatch) -> FoundEvent | None:
    sentence_starts = [s.start for s in match.head.doc.sents]
    here = sum(1 for start in sentence_starts if start <= match.head.i)
    for earlier in reversed(events):
        there = sum(1 for start in sentence_starts if start <= earlier.trigger.head.i)
        if here - there > CONTACT_WINDOW:
            return None
        if len(earlier.participants) >= 2 and earlier.trigger.type in CONTACT_WITH:
            return earlier
    return None


def find_events(doc: Doc) -> list[FoundEvent]:
    index_mentions(doc)
    times = list(doc._.times or [])
    events: list[FoundEvent] = []
    for sent in doc.sents:
        matches = find_triggers(sent)
        for match in matches:
            if _is_manner_of(match, matches):
                continue
            event = FoundEvent(match, modality(match), _participants(match), _places(match), _times(match, times))
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
