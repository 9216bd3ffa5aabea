"""Entity mentions as the event rules see them, coreference mentions included."""

from __future__ import annotations

from bisect import bisect_left
from functools import partial
from operator import attrgetter

from spacy.tokens import Doc, Span, Token

from ..coref.tokens import children, morph_values, sentence, token_table

PARTICIPANT_TYPES = ("PER", "ORG", "LOC")

MENTION_INDEX = "ruevents.mention_index"
ENTITY_SPANS = "ruevents.entity_spans"
ENTITY_STARTS = "ruevents.entity_starts"
ENTITY_OF = "ruevents.entity_of"
PERSON_MENTIONS = "ruevents.person_mentions"


#: a mention's first token, the key its entity's mentions are sorted by
_start = attrgetter("start")


def index_mentions(doc: Doc) -> None:
    """Token → the smallest entity mention covering it, coreference mentions included."""
    table = token_table(doc)
    strings = doc.vocab.strings
    index: dict[int, Span] = {}
    # entity id → its mentions in text order, to re-point an inherited participant
    spans_of: dict[str, list[Span]] = {}
    starts_of: dict[str, list[int]] = {}
    # a mention's characters → its entity id
    entity_of: dict[tuple[int, int], str] = {}
    for entity in doc._.entities or []:
        entity_id = entity["id"]
        label = strings.add(entity["type"])  # the label's hash, looked up once per entity, not per mention
        spans = []
        for start_char, end_char in entity["mentions"]:
            span = table.span_of_chars(start_char, end_char, label)
            if span is None:
                continue
            spans.append(span)
            entity_of[span.start_char, span.end_char] = entity_id
            start, end = span.start, span.end
            for i in range(start, end):
                smallest = index.get(i)
                if smallest is None or len(smallest) > end - start:
                    index[i] = span
        spans.sort(key=_start)
        spans_of[entity_id] = spans
        starts_of[entity_id] = list(map(_start, spans))
    user_data = doc.user_data
    user_data[MENTION_INDEX] = index
    user_data[ENTITY_SPANS] = spans_of
    user_data[ENTITY_STARTS] = starts_of
    user_data[ENTITY_OF] = entity_of
    # made when a pronoun first asks (:func:`antecedent`): most documents have none
    user_data[PERSON_MENTIONS] = partial(PersonMentions, index.values(), entity_of, spans_of)


def nearest_mention(mention: Span, before: int) -> Span:
    """The mention of the same entity an analyst reads with the trigger at token
    ``before``: the closest one in the trigger's sentence («Лично лидеры не
    встречались: Алиев …, а Пашинян …»), else the last one before it, else
    the mention itself."""
    doc = mention.doc
    entity = doc.user_data.get(ENTITY_OF, {}).get((mention.start_char, mention.end_char))
    spans = doc.user_data.get(ENTITY_SPANS, {}).get(entity, [])
    starts = doc.user_data.get(ENTITY_STARTS, {}).get(entity, [])
    sentence_before = sentence(token_table(doc).tokens[before])
    # the entity's mentions are sorted by start: look only at those of the sentence and just before it
    first, last = bisect_left(starts, sentence_before.start), bisect_left(starts, sentence_before.end)
    here = [x for x in spans[first:last] if x.end <= sentence_before.end]
    if here:
        return min(here, key=lambda x: abs(x.start - before))
    # a mention ending by ``before`` starts before it; the latest such one in start order
    for position in range(bisect_left(starts, before) - 1, -1, -1):
        if spans[position].end <= before:
            return spans[position]
    return mention


def mention_of(token: Token) -> Span | None:
    index = token.doc.user_data.get(MENTION_INDEX)
    return index.get(token.i) if index is not None else None


PRONOUNS = {"он", "она"}
# possessives as lemmatised for DET: «по его словам», «её визит»
POSSESSIVES = {"его": "Masc", "ее": "Fem"}


def _person_genders(spans_of: dict[str, list[Span]]) -> dict[str, list[str]]:
    """Entity id → the gender of the person, from the first of its mentions headed by a name."""
    genders: dict[str, list[str]] = {}
    for entity, spans in spans_of.items():
        for other in spans:
            root = other.root
            if root.pos_ == "PROPN" and morph_values(root, "Gender"):
                genders[entity] = morph_values(root, "Gender")
                break
    return genders


class PersonMentions:
    """The distinct person mentions of a document in text order, and for each
    gender those a pronoun of that gender may refer to (that gender or
    unknown), so that an antecedent is found by bisection, not by a scan."""

    def __init__(self, mentions, entity_of: dict[tuple[int, int], str], spans_of: dict[str, list[Span]]):
        genders = _person_genders(spans_of)
        distinct = {(span.start, span.end): span for span in mentions if span.label_ == "PER"}
        self.all: list[Span] = [distinct[key] for key in sorted(distinct)]
        of_gender: dict[tuple[str, ...], list[Span]] = {}
        for span in self.all:
            of_gender.setdefault(tuple(_person_gender(span, entity_of, genders)), []).append(span)
        unknown = of_gender.pop((), [])
        self.compatible: dict[tuple[str, ...], list[Span]] = {
            gender: sorted(spans + unknown, key=lambda x: (x.start, x.end)) for gender, spans in of_gender.items()
        }
        self.compatible[()] = unknown  # a gender no person mention has: only the unknown ones are left
        self.starts = {gender: [x.start for x in spans] for gender, spans in self.compatible.items()}
        self.all_starts = [x.start for x in self.all]

    def latest_before(self, position: int, gender: list[str]) -> Span | None:
        """The person mention that starts last among those ending by token
        ``position`` and not of another gender than ``gender`` (of two that
        start together, the longer)."""
        if gender:
            key = tuple(gender) if tuple(gender) in self.compatible else ()
            spans, starts = self.compatible[key], self.starts[key]
        else:
            spans, starts = self.all, self.all_starts
        # a mention that ends by ``position`` starts before it; walking back in
        # (start, end) order, the first one that ends in time is the answer
        for index in range(bisect_left(starts, position) - 1, -1, -1):
            if spans[index].end <= position:
                return spans[index]
        return None


def _person_gender(span: Span, entity_of: dict[tuple[int, int], str], genders: dict[str, list[str]]) -> list[str]:
    """The gender of the person a mention names: a title keeps its grammatical
    gender whoever holds it («премьера» … «она»), so it is read off a name of
    the same person."""
    root = span.root
    if root.pos_ == "PROPN":
        return morph_values(root, "Gender")
    return genders.get(entity_of.get((span.start_char, span.end_char)), [])


def antecedent(pronoun: Token) -> Span | None:
    """«он заявил»: the nearest person mentioned before, of the pronoun's gender."""
    gender = morph_values(pronoun, "Gender") or ([POSSESSIVES[pronoun.lemma_]] if pronoun.lemma_ in POSSESSIVES else [])
    user_data = pronoun.doc.user_data
    mentions = user_data.get(PERSON_MENTIONS)
    if mentions is None:
        return None
    if not isinstance(mentions, PersonMentions):  # the first pronoun of the document: made now
        mentions = user_data[PERSON_MENTIONS] = mentions()
    return mentions.latest_before(pronoun.i, gender)


def mentions_under(token: Token, *, via=("conj", "appos", "flat", "flat:name", "nmod")) -> list[Span]:
    """Entity mentions in the phrase headed by ``token``, preferring people.

    Organisations and places reached only through a person's genitive
    modifier («глава Генштаба Валерий Герасимов») are the person's
    affiliation, not participants.
    """
    lemma = token.lemma_
    if (lemma in PRONOUNS or lemma in POSSESSIVES) and mention_of(token) is None:
        found_antecedent = antecedent(token)
        return [found_antecedent] if found_antecedent is not None else []
    if lemma == "который" and mention_of(token) is None:
        # «Лиз Трасс, которую королева назначила…»: the noun the relative clause hangs on
        clause = next((node for node in (token.head, token.head.head) if node.dep_ == "acl:relcl"), None)
        return mentions_under(clause.head, via=via) if clause is not None and clause.head.i != clause.i else []
    index = token.doc.user_data.get(MENTION_INDEX) or {}  # :func:`mention_of`, asked of every word of the phrase
    # each mention with the genitive it was reached through: None when reached
    # without one, else (the genitive's token, whether a second genitive was crossed)
    found: list[tuple[Span, tuple[int, bool] | None]] = []
    starts: set[int] = set()  # of the mentions found: one mention per start
    # «с делегацией компании «Анадолу Тахыл», покупателя зерна [у] Беловой»: a person
    # two genitives down is someone the phrase speaks of, not one it names
    people: list[Span] = []
    stack: list[tuple[Token, tuple[int, bool] | None]] = [(token, None)]
    seen = set()
    while stack:
        node, through = stack.pop()
        position = node.i
        if position in seen:
            continue
        seen.add(position)
        mention = index.get(position)
        if mention is not None and mention.start not in starts:
            label = mention.label_
            if label in PARTICIPANT_TYPES:
                starts.add(mention.start)
                found.append((mention, through))
                if label == "PER" and (through is None or not through[1]):
                    people.append(mention)
        for child in children(node):
            relation = child.dep_
            if relation in via:
                if relation != "nmod":
                    stack.append((child, through))
                else:
                    stack.append((child, (child.i, False) if through is None else (through[0], True)))
    if people:
        return sorted(people, key=_start)
    direct = [m for m, through in found if through is None]
    if direct or not found:
        return sorted(direct, key=_start)
    # only a genitive names anyone: its first mention, with the mentions
    # coordinated with it («встреча президентов России и США»), not the
    # genitives further down («главы МИД России»)
    near = [(m, through) for m, through in found if not through[1]]
    first_mention, first = min(near, key=lambda x: x[0].start) if near else found[0]
    coordinated = [m for m, through in found[1:] if through == first] if not first[1] else []
    return sorted([first_mention, *coordinated], key=_start)
