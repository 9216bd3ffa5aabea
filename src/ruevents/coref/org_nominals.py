"""A common noun that stands for an organisation the text has named: «Тверской
областной суд … сообщила пресс-служба суда», «компания «Ладожские верфи» …
сообщили в компании», «Консервативная партия … сообщили в партии».

The noun must be the word the organisation's name is built on («суд» of
«Тверской областной суд») or the word that introduced it («компания» of
«компания «Ладожские верфи»»), the organisation must be named before it and be
the only one so named, and the noun must not carry words of its own that make
it another one («Верховный суд», «суд Москвы»).  A few nouns of a kind
(``lexicons/org_generic_nouns.tsv``: «ведомство») stand for the organisation
of that kind named last: «Следственный комитет … сообщили в ведомстве».
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lexicons import load_words
from .phrase import QUOTES
from .tokens import children, morph_values, span_of_chars, token_table, tokens_with_lemma


@lru_cache(maxsize=None)
def generic_nouns() -> dict[str, frozenset[str]]:
    """«ведомство» → the lemmas the names of the organisations it may stand for are built on."""
    return {k: frozenset(v.split()) for k, v in load_words("org_generic_nouns.tsv", with_values=True).items()}

#: nouns that come before a name without saying what it is
NOT_KINDS = {"сторона", "имя", "название"}

#: dependents that leave a noun the same reference: «этот суд», «в самой компании»
NEUTRAL_RELS = {"case", "punct", "det", "cc", "advmod"}


def _descriptor(span: Span, root: Token) -> Token | None:
    """The common noun just before a name (``span``, headed by ``root``) that says what it is: «компании «Ладожские верфи»»."""
    tokens = token_table(span.doc).tokens
    position = span.start - 1
    while position >= 0 and tokens[position].text in QUOTES:
        position -= 1
    if position < 0:
        return None
    noun = tokens[position]
    # a quoted name is the noun's whatever the parser made of it: «партии «Яблоко»»
    linked = root.head.i == noun.i or noun.head.i == root.i or position < span.start - 1
    # «со стороны «Росток-Агро»»: a side of a deal, not what the company is
    return noun if noun.pos_ == "NOUN" and linked and noun.lemma_ not in NOT_KINDS else None


def _kinds(doc: Doc, entities: list[dict]) -> dict[str, list[tuple[int, dict, set[str]]]]:
    """Kind noun lemma → (first token, organisation, lemmas of its names) for each organisation called so."""
    kinds: dict[str, dict[int, tuple[int, dict, set[str]]]] = {}
    tokens = token_table(doc).tokens
    for entity in entities:
        if entity["type"] != "ORG":
            continue
        spans = [span_of_chars(doc, s, e) for s, e in entity["mentions"]]
        spans = [x for x in spans if x is not None and len(x)]
        if not spans:
            continue
        first = min(x.start for x in spans)
        # the table's tokens: a Span makes a new Token for each token read, and for its root
        lemmas = {t.lemma_ for x in spans for t in tokens[x.start : x.end]}
        for span in spans:
            root = tokens[span.root.i]
            nouns = [root] if root.pos_ == "NOUN" else []
            descriptor = _descriptor(span, root)
            if descriptor is not None:
                nouns.append(descriptor)
                lemmas |= {c.lemma_ for c in children(descriptor) if c.dep_ == "amod"}
            for noun in nouns:
                kinds.setdefault(noun.lemma_, {})[id(entity)] = (first, entity, lemmas)
    return {lemma: list(found.values()) for lemma, found in kinds.items()}


def _stands_alone(token: Token, lemmas: set[str]) -> bool:
    """No dependents that make it another organisation than the one named («Верховный суд», «суд Москвы»)."""
    for child in children(token):
        if child.dep_ in NEUTRAL_RELS:
            continue
        if child.dep_ == "amod" and child.lemma_ in lemmas:
            continue  # «областной суд» for «Тверской областной суд»
        return False
    return True


def _introduces_a_name(token: Token, entity_at: dict[int, dict]) -> bool:
    """«партии «Яблоко»»: the noun is followed by the organisation's name it describes
    (not «главу партии Сергея Митрохина»)."""
    tokens = token_table(token.doc).tokens
    position = token.i + 1
    while position < len(tokens) and tokens[position].text in QUOTES:
        position += 1
    if position >= len(tokens):
        return False
    named = entity_at.get(position)
    return (named is not None and named["type"] == "ORG") or tokens[position].ent_type_ == "ORG"


def add_org_nominals(doc: Doc, entities: list[dict], entity_at: dict[int, dict]) -> None:
    """Make each common noun that stands for one named organisation a mention of it (and index it in ``entity_at``)."""
    kinds = _kinds(doc, entities)
    added: dict[int, dict] = {}
    for token in tokens_with_lemma(doc, frozenset(kinds)):
        if token.pos_ != "NOUN" or token.lemma_ not in kinds or token.i in entity_at or token.ent_iob_ != "O":
            continue
        if "Plur" in morph_values(token, "Number") or _introduces_a_name(token, entity_at):
            continue
        # named before the noun (a noun ahead of the name, «главу партии … партии «Яблоко»», is left alone)
        named_before = [(entity, lemmas) for first, entity, lemmas in kinds[token.lemma_] if first < token.i]
        if len(named_before) != 1 or not _stands_alone(token, named_before[0][1]):
            continue
        organisation = named_before[0][0]
        organisation["mentions"].append([token.idx, token.idx + len(token.text)])
        added[id(organisation)] = organisation
        entity_at[token.i] = organisation
    _add_generic_nominals(doc, entities, entity_at, added)
    for organisation in added.values():  # sorted once, not after every noun
        organisation["mentions"].sort()


def _add_generic_nominals(doc: Doc, entities: list[dict], entity_at: dict[int, dict], added: dict[int, dict]) -> None:
    """«Следственный комитет … сообщили в ведомстве»: a noun of ``generic_nouns``
    standing alone joins the organisation of its kind named last before it."""
    generic = generic_nouns()
    named: list[tuple[int, dict, set[str]]] = []  # (first token of a mention, organisation, lemmas of the mention)
    table = token_table(doc)
    for entity in entities:
        if entity["type"] != "ORG":
            continue
        for start, end in entity["mentions"]:
            bounds = table.bounds_of_chars(start, end)  # the mention's tokens, without a Span
            if bounds is not None and bounds[0] < bounds[1]:
                named.append((bounds[0], entity, {t.lemma_ for t in table.tokens[bounds[0] : bounds[1]]}))
    named.sort(key=lambda x: x[0])
    for token in tokens_with_lemma(doc, frozenset(generic)):
        kinds = generic.get(token.lemma_)
        if kinds is None or token.pos_ != "NOUN" or token.i in entity_at or token.ent_iob_ != "O":
            continue
        if "Plur" in morph_values(token, "Number") or not _stands_alone(token, set()):
            continue  # «военное ведомство» says which one itself
        before = [entity for start, entity, lemmas in named if start < token.i and lemmas & kinds]
        if not before:
            continue
        organisation = before[-1]
        organisation["mentions"].append([token.idx, token.idx + len(token.text)])
        added[id(organisation)] = organisation
        entity_at[token.i] = organisation
