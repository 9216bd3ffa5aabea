"""Participants, place and time of a trigger, found along the tree."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..backends import pymorphy
from ..coref import is_title, title_groups
from ..coref.phrase import is_finite
from ..coref.tokens import TokenTable, children, morph_values, sentence, sentence_tokens, sentences, subtree, token_table
from ..lexicons import load_words
from ..timex.lexicon import parts_of_day
from .mentions import ENTITY_OF, POSSESSIVES, mention_of, mentions_under
from .syntax import SUBJECT_RELS, case_word, clause_break_between, controllers, light_verb, verb_above, verbal_governor
from .triggers import TriggerMatch, lemma_keys, passive_agents, trigger_lexicon

@lru_cache(maxsize=None)
def object_control() -> frozenset[str]:
    return load_words("object_control.txt")


#: clauses a verb hung as a conjunct by mistake may sit in: «заявил, что штаб соберёт…, и пообещал»
SUBORDINATE_RELS = {"ccomp", "acl:relcl", "advcl"}
#: nouns of a post: «покинуть пост», «освободить от должности»
POST_NOUNS = {"пост", "должность"}
PLACE_CASES = {"в", "во", "на", "под", "около", "возле", "близ", "у"}
#: texts a statement is read in: «как говорится в сообщении Кремля»
WRITTEN_SOURCES = {
    "сообщение", "заявление", "документ", "пресс-релиз", "релиз", "коммюнике", "письмо", "обращение",
    "телеграмма", "послание", "публикация", "доклад", "отчет", "ответ", "комментарий",
}
#: nouns that say how one travels: «прибыл с визитом», «приехал с официальной поездкой»
MANNER_NOUNS = {"визит", "поездка", "турне"}
#: events whose organisation may be named in apposition: «саммит G20», «форум АСЕАН»
GATHERINGS = {"meeting", "public_event"}
# event types whose other side comes with «с X» (a visit «с визитом» does not)
CONTACT_WITH = {"meeting", "phone_call", "agreement", "marriage"}
#: contacts and visits: the one who speaks of one («назвал визит важным») need not be in it
CONTACT_OR_VISIT = CONTACT_WITH | {"visit"}


@lru_cache(maxsize=None)
def role_sources() -> dict[str, str]:
    """Event type → where its participants are: agent, patient or both."""
    return {k: v.strip() for k, v in load_words("event_roles.tsv", with_values=True).items() if k != "type"}


class Proposals:
    """Mentions proposed for a role, in the order proposed, each with the name
    of the rule that proposed it (which rule found what, when debugging a rule)."""

    def __init__(self) -> None:
        self.items: list[tuple[Span, str]] = []

    def add(self, rule: str, mentions: list[Span]) -> None:
        for mention in mentions:  # most rules propose none or one: a loop, not a comprehension
            self.items.append((mention, rule))

    def __bool__(self) -> bool:
        return bool(self.items)

    def unique(self) -> list[Span]:
        """One mention per start token, the first proposed, in text order."""
        first: dict[int, Span] = {}
        for mention, _ in self.items:
            first.setdefault(mention.start, mention)
        return [first[k] for k in sorted(first)]


def participants(match: TriggerMatch) -> list[Span]:
    """The participants the rules find, in text order."""
    return participant_proposals(match).unique()


def participant_proposals(match: TriggerMatch) -> Proposals:
    """The participants of a trigger, found along the tree, with the rule that found each."""
    head = match.head
    mentions = Proposals()
    for guest in match.constraints:  # «Путин принял Моди»: the one received
        mentions.add("guest", mentions_under(guest))
    light = light_verb(head)  # asked once
    predicates = list(match.tokens) + ([light] if light else [])
    source = role_sources().get(match.type, "agent")
    trigger_ids = {t.i for t in match.tokens}
    if source in ("patient", "both"):
        # «назначил X», «арестован X», «напали на X», «женился на Y»
        for node in match.tokens:
            if node.i != head.i and (is_title(node) or node.lemma_ in POST_NOUNS):
                continue  # «стала премьер-министром Великобритании», «покинет пост лидера партии»
            for child in children(node):
                if child.i in trigger_ids:
                    continue
                if child.lemma_ in POST_NOUNS:
                    continue  # «покинет пост лидера партии»: the post is not a participant
                if child.dep_ in ("obj", "nsubj:pass", "iobj") or (child.dep_ == "obl" and case_word(child) in ("на", "за")):
                    mentions.add("patient_object", mentions_under(child))
                elif match.type == "trial" and child.dep_ in ("obl", "nmod") and case_word(child) in ("над", "против"):
                    mentions.add("accused", mentions_under(child))  # «процесс над экс-губернатором», «дело против директора»
                elif node.pos_ in ("NOUN", "PROPN") and child.dep_ == "nmod" and case_word(child) is None and not _names_the_office(match, child):
                    mentions.add("patient_genitive", mentions_under(child))  # «арест Гона», «отставка министра»
    subject_rels = SUBJECT_RELS if source != "patient" else {"nsubj:pass"}
    if source == "patient" and match.type in ("appointment", "election") and head.pos_ == "VERB" and (
        len(match.tokens) > 1 or head.lemma_.endswith(("ся", "сь"))
    ):
        # «вступил в должность», «победил на выборах», «избрался»: the subject is the one it happens to
        subject_rels = SUBJECT_RELS
    # subject, also of a controlling verb
    chain = controllers(head) if head.pos_ in ("VERB", "AUX") else predicates
    if match.type in CONTACT_OR_VISIT and head.pos_ in ("NOUN", "PROPN") and head.dep_ == "obj":
        # «Зеленский назвал визит важным»: the host speaks of it; «Песков назвал
        # беседу подробной»: one who speaks of a contact need not be a side of it
        chain = [node for node in chain if node.i == head.i or not _says(node)]
    invited = _invited_before(head) if source != "patient" else None
    if invited is not None:
        # «пригласил американского коллегу посетить Москву» with the object hung
        # on the infinitive, or the infinitive on another verb: read the order
        found = mentions_under(invited)
        mentions.add("object_control_order", [m for m in found if m.label_ == "PER"] or found)
        chain = []
    for position, node in enumerate(chain):
        subjects = [c for c in children(node) if c.dep_ in subject_rels and c.i not in trigger_ids]
        rule = "subject" if not position else "controller_subject"
        if position and chain[position - 1].dep_ == "xcomp" and node.lemma_ in object_control():
            # «пригласил президента посетить Пекин»: the object visits
            objects = [c for c in children(node) if c.dep_ in ("obj", "iobj")]
            if objects:
                subjects, rule = objects, "object_control"
        if source == "patient" and head.pos_ == "VERB" and "Pass" in morph_values(head, "Voice"):
            subjects += [c for c in children(node) if c.dep_ == "nsubj" and c.i not in trigger_ids]
        found = [m for subject in subjects for m in mentions_under(subject)]
        if subjects and not found and position and chain[position - 1].dep_ == "conj" and node.dep_ in SUBORDINATE_RELS:
            # «Кумин заявил, что его штаб соберёт сведения, и пообещал…»: a verb hung
            # as a conjunct inside the clause before it shares the subject of that clause's verb
            main = verb_above(node.head) if node.dep_ == "acl:relcl" else node.head
            found = [m for c in children(main) if c.dep_ in SUBJECT_RELS for m in mentions_under(c)]
            rule = "conjunct_across_clause"
        people = [m for m in found if m.label_ == "PER"]
        mentions.add(rule, people or found)  # «председатель комитета … Петр Павел сообщил»: the person speaks
        if subjects:
            break
    else:
        stray = (_stray_subject(head) or _subject_of_a_later_verb(head)) if subject_rels == SUBJECT_RELS and not invited else None
        if stray is not None:
            # «Россия и Саудовская Аравия тогда не договорились», the subject hung on the verb before
            found = mentions_under(stray)
            mentions.add("stray_subject", [m for m in found if m.label_ == "PER"] or found)
        elif head.pos_ == "VERB" and head.dep_ == "ccomp" and subject_rels == SUBJECT_RELS:
            # «Мэй заявила, что покинет пост»: a clause said without a subject of
            # its own is about the one who says it
            for subject in (c for c in children(head.head) if c.dep_ == "nsubj"):
                found = mentions_under(subject)
                mentions.add("speaker_of_clause", [m for m in found if m.label_ == "PER"])
    if not mentions and source != "patient":
        doer = _doer_of_infinitive_on_noun(head)
        if doer is not None:
            # «принял приглашение посетить Вашингтон», «решение Гутерриша приехать в Россию»
            found = mentions_under(doer)
            mentions.add("infinitive_on_noun", [m for m in found if m.label_ == "PER"] or found)
    contact = match.type in CONTACT_WITH  # read once: the rules below ask it for every child
    for node in predicates:
        if node.i != head.i and (is_title(node) or node.lemma_ in POST_NOUNS):
            continue  # «стала премьер-министром Великобритании»: the title's dependents are the post's
        noun = node.pos_ in ("NOUN", "PROPN")  # read once: the rules below ask it for every child
        gathering = match.type in GATHERINGS and node.i == head.i and noun  # its organisation may stand in apposition
        for child in children(node):
            case = case_word(child)
            if (case in ("с", "со") and contact) or case == "между" or (
                noun and child.dep_ == "nmod" and case is None and "Gen" in morph_values(child, "Case")
                and not _names_the_office(match, child)
            ):
                mentions.add("comitative" if case in ("с", "со") else "between" if case == "между" else "genitive", mentions_under(child))
            elif (
                gathering and child.dep_ in ("appos", "flat", "flat:foreign")
                and case is None and mention_of(child) is not None and mention_of(child).label_ == "ORG"
            ):
                mentions.add("gathering_of", mentions_under(child))  # «Саммит G20», the name in apposition
            elif noun and child.dep_ in ("nmod", "det") and child.lemma_ in ("они", "их"):
                continue
            elif noun and child.dep_ in ("det", "nmod:poss") and child.lemma_ in POSSESSIVES and source != "patient":
                mentions.add("possessive", mentions_under(child))  # «по его словам», «её визит»
    # a comitative the parser hung elsewhere: «встретиться с главкомом … Скапарротти»
    if head.pos_ == "VERB" and contact and not any(
        case_word(c) in ("с", "со") for c in children(head)
    ):
        # the words after the trigger in its sentence
        for token in token_table(head.doc).tokens[head.i + 1 : sentence(head).end]:
            if token.dep_ == "case" and token.lemma_ in ("с", "со"):
                if not _other_contact(token.head.head, match):  # «в ходе видеосвязи с Путиным» is the call's
                    mentions.add("stray_comitative", mentions_under(token.head))
                break
    # «Орбан был принят Владимиром Путиным»: the one who receives, the passive's agent
    if match.constraints and head.pos_ == "VERB" and "Pass" in morph_values(head, "Voice"):
        for agent in passive_agents(head):
            mentions.add("passive_agent", [m for m in mentions_under(agent) if m.label_ == "PER"])
    # «В Кремле заявили», «подчеркнули на Даунинг-стрит»: an impersonal
    # statement's source is where it comes from
    if match.type == "statement" and not mentions and head.pos_ == "VERB" and "Plur" in morph_values(head, "Number"):
        for child in children(head):
            if child.dep_ == "obl" and case_word(child) in ("в", "во", "на"):
                mentions.add("impersonal_source", mentions_under(child))
    # «как говорится в сообщении Кремля», «в заявлении МИД отмечается»: who wrote the text speaks
    if match.type == "statement" and not mentions and head.pos_ == "VERB":
        for child in children(head):
            if child.dep_ == "obl" and child.lemma_ in WRITTEN_SOURCES and case_word(child) in ("в", "во"):
                mentions.add("written_source", mentions_under(child))
    # «Зеленскому позвонил Трамп»: the other side of a call in the dative
    if match.type in ("phone_call", "meeting") and head.pos_ == "VERB":
        datives = [c for c in children(head) if c.dep_ in ("iobj", "obl") and case_word(c) is None and "Dat" in morph_values(c, "Case")]
        if not datives and match.type == "phone_call":
            # the parser hung the dative on a noun nearby: «после публикации экзитполов Зеленскому позвонил»
            datives = [t for t in sentence_tokens(head) if _stray_dative_person(t, head)]
        for child in datives:
            mentions.add("dative", mentions_under(child))
    # «Моди, прилетевший в Москву», «Глава МИД Сергей Лавров, прибывший в КНДР»:
    # a participle's noun (or the person in apposition to it) is its participant
    if head.dep_ in ("acl", "amod") and head.pos_ in ("VERB", "ADJ") and head.head.pos_ in ("NOUN", "PROPN"):
        mentions.add("participle_noun", _participle_noun_mentions(head))
    # «Мэй объявила об уходе», «Макрон выразил надежду на встречу»: an event
    # noun with no sides of its own belongs to the subject of the verb above it
    # «выразил надежду на встречу с украинским коллегой»: a contact noun with only
    # its other side named has the subject above it as the first side
    only_other_side = match.type in CONTACT_WITH and mentions and all(rule == "comitative" for _, rule in mentions.items)
    clause = head.head
    if only_other_side and head.pos_ in ("NOUN", "PROPN") and head.dep_ in SUBJECT_RELS and clause.dep_ == "ccomp" and _says(clause.head):
        # «Трамп говорил, что встреча с Путиным пройдёт по плану»: the one who speaks of
        # a contact with someone else as of his own is its first side
        for subject in (c for c in children(clause.head) if c.dep_ == "nsubj"):
            mentions.add("speaker_of_clause", [m for m in mentions_under(subject) if m.label_ == "PER" and not _speaks_for_others(m)])
    if (not mentions or only_other_side) and source != "patient" and head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("obj", "obl", "nmod", "iobj"):
        governor = verbal_governor(head)
        if governor is not None and match.type in CONTACT_OR_VISIT and head.dep_ == "obj" and _says(governor):
            governor = None  # «Зеленский назвал визит важным знаком»: the host speaks of the visit
        if governor is not None and match.type in CONTACT_OR_VISIT and not only_other_side and case_word(head) in ("о", "об", "обо") and _says(governor):
            governor = None  # «Вашингтон уведомил Москву о поездке»: who tells of an event need not be in it
        if governor is not None and governor.i not in trigger_ids:
            # «Анкара хотела бы участвовать в переговорах»: the subject of the verb the
            # governor is the infinitive of (not for a topic, «пообещал рассказать о
            # переговорах»: the one who tells need not have taken part)
            above = governor
            while above.dep_ == "xcomp" and case_word(head) not in ("о", "об", "обо") and not any(c.dep_ == "nsubj" for c in children(above)):
                above = above.head
            for subject in (c for c in children(above) if c.dep_ == "nsubj"):
                found = mentions_under(subject)
                mentions.add("governor_subject", [m for m in found if m.label_ == "PER"] or found)
            if not mentions and above.dep_ in ("acl", "amod") and above.pos_ in ("VERB", "ADJ") and above.head.pos_ in ("NOUN", "PROPN"):
                # «Зеленский, находившийся в этот день с визитом в Турции»: the participle's noun
                mentions.add("governor_participle_noun", _participle_noun_mentions(above))
            if match.type in ("phone_call", "meeting") and head.dep_ != "obj":
                # «Путин поздравил Собянина в телефонном разговоре»: the person addressed is the other side
                for other in (c for c in children(governor) if c.dep_ == "obj"):
                    mentions.add("governor_object", [m for m in mentions_under(other) if m.label_ == "PER"])
    if match.type in CONTACT_WITH:
        _drop_proposer(mentions)
    return mentions


#: rules that find the sides a contact noun names itself: «встреча Путина и Зеленского», «переговоры между Россией и НАТО»
OWN_SIDES_RULES = {"genitive", "between"}
#: rules that find a side in the subject of a verb above the trigger
ABOVE_RULES = {"controller_subject", "governor_subject"}


def _drop_proposer(mentions: Proposals) -> None:
    """«Эрдоган предложил провести встречу Путина и Зеленского»: when the noun
    names two sides itself, the subject of a verb above it proposes, hosts
    or speaks of the contact and is not a side."""
    own = {(m.start, m.end) for m, rule in mentions.items if rule in OWN_SIDES_RULES}
    if len(own) >= 2:
        mentions.items = [(m, rule) for m, rule in mentions.items if rule not in ABOVE_RULES or (m.start, m.end) in own]


def _participle_noun_mentions(participle: Token) -> list[Span]:
    """Who a participle says something of: its noun, the person in apposition
    to it («Глава МИД Сергей Лавров, прибывший…»), or, for a noun in the
    predicate, the subject («Блинкен стал первым главой Госдепартамента,
    посетившим КНР»)."""
    noun = participle.head
    if mention_of(noun) is not None:
        return mentions_under(noun)
    found = [m for m in mentions_under(noun, via=("appos", "flat", "flat:name")) if m.label_ == "PER"]
    if not found and noun.dep_ == "xcomp":
        found = [m for c in children(noun.head) if c.dep_ == "nsubj" for m in mentions_under(c) if m.label_ == "PER"]
    return found


#: nouns whose infinitive is done by the one who receives them: «принял приглашение посетить Вашингтон»
OFFER_NOUNS = {"приглашение", "предложение", "просьба", "призыв"}
#: verbs of receiving an offer: their subject is the one who would do what it says
RECEIVING_VERBS = {"принять", "принимать", "получить", "получать", "отклонить", "отвергнуть"}


def _doer_of_infinitive_on_noun(verb: Token) -> Token | None:
    """Who does what an infinitive hung on a noun says, when it has no subject:
    the genitive of a plan («решение Гутерриша приехать»), else the subject of
    the verb the plan depends on («Лавров выразил желание посетить»); for an
    offer, the one who receives it: the subject of «принял приглашение
    посетить», the dative of «передал лидеру приглашение посетить»."""
    noun = verb.head
    # the relations first: reading the morphology costs more (a few microseconds)
    if verb.dep_ not in ("nmod", "acl") or noun.pos_ != "NOUN" or "Inf" not in morph_values(verb, "VerbForm"):
        return None
    governor = noun.head if noun.dep_ in ("obj", "nsubj", "obl", "nmod") and noun.head.pos_ == "VERB" else None
    if noun.lemma_ in OFFER_NOUNS:
        if governor is None:
            return None
        if governor.lemma_ in RECEIVING_VERBS:
            return next((c for c in children(governor) if c.dep_ == "nsubj"), None)
        return next((c for c in children(governor) if c.dep_ == "iobj" or (c.dep_ == "obl" and "Dat" in morph_values(c, "Case") and case_word(c) is None)), None)
    genitive = next((c for c in children(noun) if c.dep_ == "nmod" and c.i < verb.i and case_word(c) is None and "Gen" in morph_values(c, "Case")), None)
    if genitive is not None and mention_of(genitive) is not None and mention_of(genitive).label_ == "PER":
        return genitive
    if governor is not None and noun.dep_ == "obj":
        return next((c for c in children(governor) if c.dep_ == "nsubj"), None)
    return None


#: title groups of those who speak for someone else: «Песков сообщил, что встреча с Трампом не планируется»
SPEAKING_FOR_OTHERS = {"spokesperson", "adviser"}


def _speaks_for_others(mention: Span) -> bool:
    """The person is a spokesperson or an adviser, by the mention's own words or the titles of its entity."""
    groups = title_groups()
    doc = mention.doc
    entity = doc.user_data[ENTITY_OF].get((mention.start_char, mention.end_char))
    titles = next(((e.get("attributes") or {}).get("titles") or [] for e in doc._.entities or [] if e["id"] == entity), [])
    words = [t.lemma_ for t in mention] + [word for title in titles for word in title.lower().split()]
    return any(groups.get(word) in SPEAKING_FOR_OTHERS for word in words)


def _invited_before(verb: Token) -> Token | None:
    """«V NP INF» with V an object-control verb: the noun phrase just before the
    infinitive is the one who does what it says («пригласил российского
    президента посетить Пекин»), however the parser hung the three.  None
    when the words between V and the infinitive are not one noun phrase."""
    if verb.pos_ != "VERB" or "Inf" not in morph_values(verb, "VerbForm"):
        return None
    tokens = token_table(verb.doc).tokens
    start = max(sentence(verb).start, verb.i - 8)
    controller = next((t for t in reversed(tokens[start:verb.i]) if t.pos_ in ("VERB", "AUX")), None)
    if controller is None or controller.lemma_ not in object_control() or controller.i + 1 >= verb.i:
        return None
    between = tokens[controller.i + 1 : verb.i]
    nouns = [t for t in between if t.pos_ in ("NOUN", "PROPN") and t.head.i not in {x.i for x in between}]
    if len(nouns) != 1 or not all(t.i == nouns[0].i or t.head.i in {x.i for x in between} for t in between):
        return None
    invited = nouns[0]
    if invited.dep_ not in ("obj", "iobj") or not ({"Acc", "Dat"} & set(morph_values(invited, "Case"))):
        return None
    return invited


#: words that may stand between a subject and its verb: «Россия тогда не договорилась»
BETWEEN_SUBJECT_AND_VERB = {"ADV", "PART"}


def _stray_subject(verb: Token) -> Token | None:
    """The subject of a finite verb that the parser hung elsewhere: a named
    phrase standing right before the verb (adverbs and particles apart), in a
    form that can be the nominative and agrees in number («Россия и Саудовская
    Аравия тогда не договорились», «компании МТС и Huawei подписали»)."""
    if verb.pos_ != "VERB" or "Fin" not in morph_values(verb, "VerbForm"):
        return None
    tokens = token_table(verb.doc).tokens
    sentence_start = sentence(verb).start
    position = verb.i - 1
    while position >= sentence_start and tokens[position].pos_ in BETWEEN_SUBJECT_AND_VERB:
        position -= 1
    if position > sentence_start and tokens[position].text == ",":
        # «Байден, по данным американских СМИ, прилетел»: past a parenthetical without a verb of its own
        opening = next((t.i for t in reversed(tokens[sentence_start:position]) if t.text == ","), None)
        if opening is not None and not any(is_finite(t) for t in tokens[opening + 1 : position]):
            position = opening - 1
    if position < sentence_start or mention_of(tokens[position]) is None:
        return None
    top = tokens[position]
    while top.dep_ in ("conj", "flat", "flat:name", "appos") and top.head.i < top.i:
        top = top.head
    if top.head.i == verb.i or top.pos_ not in ("NOUN", "PROPN") or case_word(top) is not None:
        return None
    coordinated = any(t.dep_ == "conj" for t in children(top))
    if "Plur" in morph_values(verb, "Number"):
        agrees = coordinated and _nominative(top, plural=False) or _nominative(top, plural=True)
    else:
        agrees = not coordinated and _nominative(top, plural=False)
    return top if agrees else None


def _subject_of_a_later_verb(verb: Token) -> Token | None:
    """«Отец невесты Томас Маркл на церемонию не приехал…, и к алтарю Меган
    проводил принц Чарльз»: the parser gave the later verb two subjects, the
    first standing before this verb, which has none; that one is this verb's
    (in a form that can be its subject)."""
    if verb.pos_ != "VERB" or "Fin" not in morph_values(verb, "VerbForm"):
        return None
    for token in sentence_tokens(verb):
        if token.i >= verb.i:
            break
        if token.dep_ != "nsubj":
            continue
        later = token.head
        if later.i > verb.i and any(c.dep_ in SUBJECT_RELS and c.i > verb.i for c in children(later)):
            plural = "Plur" in morph_values(verb, "Number")
            coordinated = any(c.dep_ == "conj" for c in children(token))
            if (coordinated and plural) or _nominative(token, plural=plural):
                return token
    return None


def _nominative(token: Token, *, plural: bool) -> bool:
    """The word can be a nominative (plural ones when ``plural``): «компании» can, «Зеленского» cannot."""
    if "Nom" in morph_values(token, "Case") and ("Plur" in morph_values(token, "Number")) == plural:
        return True
    wanted = {"nomn", "plur"} if plural else {"nomn"}
    return any(wanted <= set(str(parse.tag).replace(" ", ",").split(",")) for parse in pymorphy.parses(token.text))


def _says(verb: Token) -> bool:
    """The verb is a statement trigger: one who «назвал», «оценил» a visit speaks of it."""
    return any(kind == "statement" for key in lemma_keys(verb) for lemmas, kind in trigger_lexicon().get(key, ()) if len(lemmas) == 1)


def _other_contact(token: Token, match: TriggerMatch) -> bool:
    """``token`` is a contact noun of its own, not part of ``match``."""
    if token.i in {t.i for t in match.tokens} or token.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(kind in CONTACT_WITH for key in lemma_keys(token) for _, kind in trigger_lexicon().get(key, ()))


def _names_the_office(match: TriggerMatch, child: Token) -> bool:
    """«выборы президента Украины», «выборах мэра Москвы»: the title after an
    election names the office, not a participant."""
    return match.type == "election" and is_title(child) and mention_of(child) is None


def _stray_dative_person(token: Token, verb: Token) -> bool:
    """A person's name in the dative without a preposition, hung on a noun
    before the verb rather than on the verb: the one called."""
    mention = mention_of(token)
    return (
        mention is not None
        and mention.label_ == "PER"
        and token.i == mention.root.i
        and token.i < verb.i
        and "Dat" in morph_values(token, "Case")
        and case_word(token) is None
        and token.head.pos_ in ("NOUN", "PROPN")
    )


def _place_in(phrase: Token, *, venues: bool = False) -> Span | None:
    """The place a locative phrase names, looking inside it: «в одном из отелей
    Женевы», «в городе Нара», «на складе под Новосибирском».  With ``venues``
    an organisation named as the venue counts too: «в Кремле», «в резиденции
    «Бочаров Ручей»», «в Колонном зале Дома союзов»."""
    wanted = ("LOC", "ORG") if venues else ("LOC",)
    stack = [phrase]
    while stack:
        node = stack.pop(0)
        mention = mention_of(node)
        if mention is not None:
            return mention if mention.label_ in wanted else None
        stack += [c for c in children(node) if c.dep_ in ("nmod", "appos", "flat", "flat:name", "amod")]
    return None


def places(match: TriggerMatch) -> list[Span]:
    """The place the rules find: none or one."""
    return [mention for mention, _ in place_proposals(match)]


def place_proposals(match: TriggerMatch) -> list[tuple[Span, str]]:
    """The place of a trigger (none or one) with the rule that found it."""
    head = match.head
    nodes = list(match.tokens)
    light = light_verb(head)
    if light is not None:
        nodes.append(light)
        # «встреча может пройти в Саудовской Аравии»
        nodes += [c for c in children(light) if c.dep_ == "xcomp"]
    nodes += controllers(head)[1:2] if head.dep_ in ("xcomp",) else []
    # «прибыл с рабочим визитом в Баку»: the place may hang on the visit noun of the verb
    nodes += [c for c in children(head) if c.lemma_ in MANNER_NOUNS and case_word(c) in ("с", "со")]
    # «встречи, проводимые в азербайджанской столице»: a participle on the noun
    nodes += [c for t in match.tokens if t.pos_ in ("NOUN", "PROPN") for c in children(t) if c.dep_ in ("acl", "acl:relcl")]
    venue = None  # an organisation visited, when no place is named: «посетили Московский зоопарк»
    for node in nodes:
        for child in children(node):
            if child.dep_ in ("obl", "nmod") and case_word(child) in PLACE_CASES:
                # a statement «в Кремле» comes from the Kremlin: only a meeting, a ceremony… has a venue
                mention = _place_in(child, venues=match.type != "statement" and case_word(child) in ("в", "во"))
                if mention is not None:
                    return [(mention, "locative")]
            if match.type == "visit" and child.dep_ == "obj" and node.pos_ == "VERB":
                mention = _place_in(child)  # «посетить Пекин»
                if mention is not None:
                    return [(mention, "visit_object")]
                venue = venue or _place_in(child, venues=True)
            if child.lemma_ in ("где", "куда") and node.dep_ == "acl:relcl":
                # «в резиденции в Ново-Огарёве, где лидеры беседовали», «в Сочи, куда он
                # прилетел»: the place the antecedent's phrase names
                mention = _place_in(node.head, venues=match.type != "statement")
                if mention is not None:
                    return [(mention, "where")]
    if venue is not None:
        return [(venue, "visit_venue")]
    # «встретился с Ван И в Пекине»: the parser often hangs the place on the
    # participant next to it rather than on the trigger
    for node in nodes:
        for child in children(node):
            if child.dep_ in ("obl", "nmod", "obj", "nsubj") and child.ent_type_ in ("PER", "ORG"):
                for grandchild in subtree(child):
                    if grandchild.dep_ == "nmod" and case_word(grandchild) in PLACE_CASES:
                        mention = mention_of(grandchild)
                        if mention is not None and mention.label_ == "LOC":
                            return [(mention, "participant_locative")]
    # «Баку, где планирует встретиться»: the relative clause sits above the trigger
    for node in controllers(head)[1:]:
        if any(c.lemma_ in ("где", "куда") for c in children(node)) and node.dep_ == "acl:relcl":
            mention = _place_in(node.head, venues=match.type != "statement")
            if mention is not None:
                return [(mention, "where_above")]
    return []


class DatableTime:
    """A time expression of the document that can say when an event happened
    (:func:`_can_date`), with the words it covers read once: every trigger of
    its sentence asks for them."""

    __slots__ = ("end", "id", "precision", "root", "start", "words")

    def __init__(self, time: dict, table: TokenTable) -> None:
        self.start: int = time["start"]
        self.end: int = time["end"]
        self.id: str = time["id"]
        #: how much of its calendar value is known: the most precise time attached wins
        self.precision = _precision(time.get("value"))
        words = table.span_of_chars(self.start, self.end)
        #: the tokens covering its characters, as ``(start, end)``; None when there are none
        self.words: tuple[int, int] | None = (words.start, words.end) if words is not None else None
        #: the root of its words, a token of the table (the rules walk up from it); None when it has no words
        self.root: Token | None = table.tokens[words.root.i] if words is not None and len(words) else None


def times_by_sentence(doc: Doc, times: list[dict]) -> dict[int, list[DatableTime]]:
    """The first token of each sentence → the time expressions that start in it
    and can date an event (:func:`_can_date`), in their order in ``times``:
    bucketed and read once, so that each trigger looks only at its own
    sentence's times."""
    table = token_table(doc)
    sents = sentences(doc)
    starts = [sent.start_char for sent in sents]
    buckets: dict[int, list[DatableTime]] = {}
    for time in times:
        number = bisect_right(starts, time["start"]) - 1
        if number >= 0 and time["start"] < sents[number].end_char and _can_date(time):
            buckets.setdefault(sents[number].start, []).append(DatableTime(time, table))
    return buckets


def _can_date(time: dict) -> bool:
    """Durations and sets («несколько месяцев», «ежегодно») are not when an
    event happened, nor are vague times (:func:`_vague`)."""
    return time.get("kind", "date") in ("date", "time") and not _vague(time)


def event_times(match: TriggerMatch, times: list[DatableTime]) -> list[tuple[int, int, str]]:
    """The time of the trigger (none or one): see :func:`time_proposals`."""
    return [time for time, _ in time_proposals(match, times)[:1]]


def time_proposals(match: TriggerMatch, times: list[DatableTime]) -> list[tuple[tuple[int, int, str], str]]:
    """The time expressions attached to the trigger or its clause, by the tree,
    best first, each as ``(start, end, time id)`` with the rule that attached it.

    ``times`` are the times of the trigger's sentence that can date an event
    (:func:`times_by_sentence`): those of other sentences are not its.

    A statement takes only a time attached to its own verb: the dates around
    «…, сообщила пресс-служба» belong to what was reported.
    """
    head = match.head
    in_sentence = [t for t in times if not _since(t, head) and not _across_clause_break(head, t)]
    if not in_sentence:
        return []  # no time to attach (most triggers): the tree around the trigger need not be read
    # a statement's own verb only: «признал поражение ещё вечером и заявил» dates the admission
    targets = {t.i for t in match.tokens}
    if match.type != "statement":
        targets.update(t.i for t in _lending_time(head))
    light = light_verb(head)
    if light is not None:
        targets.add(light.i)
        # «Инаугурация должна пройти 13 мая»
        targets.update(c.i for c in children(light) if c.dep_ == "xcomp")
    # «на выборах, прошедших в воскресенье», «форум, открывшийся в четверг»
    targets.update(c.i for t in match.tokens for c in children(t) if c.dep_ in ("acl", "acl:relcl"))
    attached: list[tuple[DatableTime, str]] = []
    owned = False  # the sentence's time is another verb's: «прилетит в Казань в четверг, встретится…»
    for time in in_sentence:
        node = time.root
        for _ in range(6):
            if node is None:
                break
            if node.i in targets:
                attached.append((time, "tree"))
                break
            if node.pos_ in ("VERB", "AUX") or node.dep_ in PREDICATE_CLAUSES:
                # a verb, or the head of a verbless clause («отметил, что уровень в этом году был высоким»)
                owned = owned or not _governs_in_clause(node, head)
                break
            if node.head.i == node.i:
                break
            node = node.head
    position = head.idx
    if not attached and not owned and match.type != "statement" and len(in_sentence) == 1 and in_sentence[0].start < position:
        attached.append((in_sentence[0], "only_time"))
    # «Позднее, 7 сентября того же года состоялась их встреча»: the most precise
    # of the times attached to the clause says when, the nearest on a tie
    attached.sort(key=lambda a: (-a[0].precision, abs(a[0].start - position)))
    return [((time.start, time.end, time.id), rule) for time, rule in attached]


def _lending_time(head: Token) -> list[Token]:
    """The trigger and the predicates above it whose time is the trigger's:
    «планирует в среду встретиться», «подписал указ, которым назначил», «19
    апреля прибыл в Баку, где планирует встретиться» (the seed article's
    acceptance case). Not past a verb of inviting, whose time is that of the
    invitation («в понедельник пригласил его приехать»)."""
    chain = controllers(head)
    lending = chain[:1]
    for below, node in zip(chain, chain[1:]):
        if below.dep_ == "xcomp" and node.lemma_ in object_control():
            break
        lending.append(node)
    return lending


#: relations under which a word heads a clause of its own, verb or not («что уровень был высоким»)
PREDICATE_CLAUSES = {"ccomp", "csubj", "advcl", "acl:relcl", "parataxis"}

#: relations that open a clause of its own below a verb: a time of the verb above stays there
CLAUSE_BOUNDARIES = {"acl:relcl", "advcl", "ccomp", "parataxis", "conj", "csubj", "acl", "xcomp"}


def _governs_in_clause(verb: Token, head: Token) -> bool:
    """``verb`` is above ``head`` in its own clause («в понедельник поздравил
    Токаева в телефонном разговоре»), not in a clause apart («в понедельник
    совершил визит в Киев, где встретился…»)."""
    node = head
    for _ in range(8):
        if node.i == verb.i:
            return True
        if node.head.i == node.i or (node.i != head.i and node.dep_ in CLAUSE_BOUNDARIES) or (node.i == head.i and node.pos_ in ("VERB", "AUX") and node.dep_ in CLAUSE_BOUNDARIES):
            return False
        node = node.head
    return False


def _across_clause_break(head: Token, time: DatableTime) -> bool:
    """A colon or semicolon stands between the time and the trigger: they are
    said apart («это первый визит: в прошлый раз приезжал в 2000 году»)."""
    if time.words is None:
        return False
    start, end = time.words
    if start > head.i:
        return clause_break_between(head.doc, head.i + 1, start)
    return clause_break_between(head.doc, end, head.i)


def _since(time: DatableTime, head: Token) -> bool:
    """«первый визит … с 2009 года»: a time after «с» (its preposition outside
    the expression, unlike a range «с 1 по 5 марта») is where a stretch of
    time starts, not when the event happened; but it dates a «когда» clause
    hung on it («с 2009 года, когда он посетил Владивосток»)."""
    root = time.root
    # the preposition first: ``is_ancestor`` walks the tree, and few times have «с»
    return root is not None and any(
        c.dep_ == "case" and c.lemma_ in ("с", "со") and c.idx < time.start and "Gen" in morph_values(root, "Case") for c in children(root)
    ) and not root.is_ancestor(head)


#: TIMEX3 values of times that say no more than past, present or future: «сейчас», «в ближайшие дни», «в прошлом»
VAGUE_VALUES = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")


#: words that only qualify a part of the day: «поздно вечером», «рано утром», «глубокой ночью»
TIME_OF_DAY_QUALIFIERS = frozenset({"поздно", "рано", "поздним", "ранним", "глубокой"})


@lru_cache(maxsize=None)
def _time_of_day_words() -> frozenset[str]:
    """The words of a time of day alone: the time grammar's parts of the day («ночью», «вечером») and their qualifiers."""
    return frozenset(parts_of_day()) | TIME_OF_DAY_QUALIFIERS


def _vague(time: dict) -> bool:
    """«сейчас», «в ближайшие дни»: no date, so not when the event happened;
    nor a time of day alone («ночью», «вечером»), a clock time in the
    guidelines' sense («вечером 30 августа», «накануне вечером» keep their date)."""
    words = time.get("text", "").lower().replace("ё", "е").split()  # the lexicon writes ё as е
    return time.get("value") in VAGUE_VALUES or (bool(words) and all(word in _time_of_day_words() for word in words))


def _precision(value: str | None) -> int:
    """How much of a calendar value is known: «2017-09-07» 8 digits, «XXXX-04» 2."""
    return sum(ch.isdigit() for ch in value) if value else 0
