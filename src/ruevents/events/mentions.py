"""Entity mentions as the event rules see them, coreference mentions included."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

PARTICIPANT_TYPES = ("PER", "ORG", "LOC")

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
    """The mention of the same entity an analyst reads with the trigger at token
    ``before``: the closest one in the trigger's sentence («Лично лидеры не
    встречались: Алиев …, а Пашинян …»), else the last one before it, else
    the mention itself."""
    doc = mention.doc
    entity = doc.user_data.get(ENTITY_OF, {}).get((mention.start_char, mention.end_char))
    spans = doc.user_data.get(ENTITY_SPANS, {}).get(entity, [])
    sentence = doc[before].sent
    here = [x for x in spans if sentence.start <= x.start and x.end <= sentence.end]
    if here:
        return min(here, key=lambda x: abs(x.start - before))
    earlier = [x for x in spans if x.end <= before]
    return earlier[-1] if earlier else mention


def mention_of(token: Token) -> Span | None:
    return token.doc.user_data.get(MENTION_INDEX, {}).get(token.i)


PRONOUNS = {"он", "она"}
# possessives as lemmatised for DET: «по его словам», «её визит»
POSSESSIVES = {"его": "Masc", "ее": "Fem"}


def _person_gender(span: Span) -> list[str]:
    """The gender of the person a mention names: a title keeps its grammatical
    gender whoever holds it («премьера» … «она»), so it is read off a name of
    the same person."""
    if span.root.pos_ == "PROPN":
        return span.root.morph.get("Gender")
    doc = span.doc
    entity = doc.user_data.get(ENTITY_OF, {}).get((span.start_char, span.end_char))
    for other in doc.user_data.get(ENTITY_SPANS, {}).get(entity, []):
        if other.root.pos_ == "PROPN" and other.root.morph.get("Gender"):
            return other.root.morph.get("Gender")
    return []


def antecedent(pronoun: Token) -> Span | None:
    """«он заявил»: the nearest person mentioned before, of the pronoun's gender."""
    gender = pronoun.morph.get("Gender") or ([POSSESSIVES[pronoun.lemma_]] if pronoun.lemma_ in POSSESSIVES else [])
    best = None
    for span in set(pronoun.doc.user_data.get(MENTION_INDEX, {}).values()):
        if span.label_ != "PER" or span.end > pronoun.i:
            continue
        span_gender = _person_gender(span)
        if gender and span_gender and span_gender != gender:
            continue
        if best is None or span.start > best.start:
            best = span
    return best


def mentions_under(token: Token, *, via=("conj", "appos", "flat", "flat:name", "nmod")) -> list[Span]:
    """Entity mentions in the phrase headed by ``token``, preferring people.

    Organisations and places reached only through a person's genitive
    modifier («глава Генштаба Валерий Герасимов») are the person's
    affiliation, not participants.
    """
    if (token.lemma_ in PRONOUNS or token.lemma_ in POSSESSIVES) and mention_of(token) is None:
        found_antecedent = antecedent(token)
        return [found_antecedent] if found_antecedent is not None else []
    if token.lemma_ == "который" and mention_of(token) is None:
        # «Лиз Трасс, которую королева назначила…»: the noun the relative clause hangs on
        clause = next((node for node in (token.head, token.head.head) if node.dep_ == "acl:relcl"), None)
        return mentions_under(clause.head, via=via) if clause is not None and clause.head.i != clause.i else []
    found: list[tuple[Span, bool]] = []  # (mention, reached through nmod)
    stack = [(token, False)]
    seen = set()
    while stack:
        node, through_nmod = stack.pop()
        if node.i in seen:
            continue
        seen.add(node.i)
        mention = mention_of(node)
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
