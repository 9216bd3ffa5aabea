"""Cheap corrections of slovnet's entity spans and labels, from morphology,
syntax and small word lists.

Each rule is a named function ``(doc, ents) -> ents`` over plain
``(start, end, label)`` token ranges, applied in ``RULES`` order.  A rule is
kept only if leaving it out lowers the FactRuEval devset scores; reproduce
the per-rule figures with ``python -m ruevents.evaluation.ner DIR --ablate``.
``explain(doc)`` shows which rule changed what, as razdel's debug mode does.

The rules follow FactRuEval's conventions where they are those of ordinary
usage too: a legal form (``ОАО``) or a bracketed abbreviation is not part of a
name, the EU is an organisation, a country after an organisation
(``МИД России``) is a place of its own.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons import load_words


class Ent(NamedTuple):
    start: int
    end: int
    label: str


Rule = Callable[[Doc, list[Ent]], list[Ent]]

OPEN_QUOTES, CLOSE_QUOTES = "«„“", "»“”"


def _is_mark(token: Token) -> bool:
    """Punctuation, bullets, whitespace: never the first or last word of a name."""
    return not any(ch.isalnum() for ch in token.text)


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _phrase(doc: Doc, ent: Ent) -> str:
    return " ".join(_lemma(t) for t in doc[ent.start : ent.end] if not _is_mark(t))


def strip_marks(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``• Горацио Элисондо`` → ``Горацио Элисондо``; ``ПАСЕ (`` → ``ПАСЕ``.

    A bullet or an open bracket at a sentence start looks like a name's
    first letter to the tagger, which sees no left context there.
    """
    result = []
    for start, end, label in ents:
        while start < end and _is_mark(doc[start]):
            start += 1
        while end > start and _is_mark(doc[end - 1]):
            end -= 1
        if start < end:
            result.append(Ent(start, end, label))
    return result


#: Tokens that separate two names rather than sit inside one: brackets
#: around an abbreviation, bullets and commas of a list.
SEPARATORS = frozenset("()[]{}•·,;|")


def split_at_separators(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``Комитет защиты журналистов (КЗЖ)`` → two names, brackets left out;
    ``Бахрейн • Барбадос`` (a bulleted list) → two names."""
    result = []
    for start, end, label in ents:
        piece = start
        for i in range(start, end + 1):
            if i == end or (doc[i].text and set(doc[i].text) <= SEPARATORS):
                if piece < i:
                    result.append(Ent(piece, i, label))
                piece = i + 1
    return result


def _has_latin(token: Token) -> bool:
    return any("a" <= ch <= "z" for ch in token.text.lower())


def org_forms(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``ОАО «Газпром»`` → ``Газпром``, ``ИА Regnum`` → ``Regnum``: a legal form
    or agency word (``ner_org_forms.txt``) before a quoted or Latin-script
    name is a descriptor, not part of the name."""
    forms = load_words("ner_org_forms.txt")
    result = []
    for ent in ents:
        start, end, label = ent
        if label == "ORG":
            cut = start
            while cut < end - 1 and _lemma(doc[cut]) in forms:
                cut += 1
            if cut > start and doc[cut].text in OPEN_QUOTES:
                closing = next((i for i in range(cut + 1, end) if doc[i].text in CLOSE_QUOTES), end)
                if cut + 1 < closing:
                    ent = Ent(cut + 1, closing, label)
            elif cut > start and _has_latin(doc[cut]):
                ent = Ent(cut, end, label)
        result.append(ent)
    return result


def known_labels(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Names whose type the model gets wrong by habit: the EU is an
    organisation, not a place (lexicon ``ner_labels.txt``); ``-`` drops a
    generic word tagged as a name (``СМИ``)."""
    labels = load_words("ner_labels.txt", with_values=True)
    result = []
    for ent in ents:
        label = labels.get(_phrase(doc, ent), ent.label).strip()
        if label != "-":
            result.append(ent._replace(label=label))
    return result


def people_as_places(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``Американцы``, ``Палестинцы`` are people, not a place: a one-word LOC
    that is a plural animate common noun is dropped.

    Plural only: the singular tag is unreliable on names (``Архнадзор``).
    ORG is left alone: a movement may be named by its members
    (``Краснорубашечники``).
    """

    def people(token: Token) -> bool:
        morph = token.morph
        return token.pos_ == "NOUN" and "Anim" in morph.get("Animacy") and "Plur" in morph.get("Number")

    return [e for e in ents if not (e.label == "LOC" and e.end - e.start == 1 and people(doc[e.start]))]


#: Parts of speech that do not start a name; at a sentence start the capital
#: letter is no evidence, so the tagger's guess there is dropped.
NOT_NAME_POS = frozenset({"ADJ", "ADV", "VERB", "AUX", "SCONJ", "CCONJ", "PRON", "DET", "ADP", "PART", "INTJ", "NUM"})


def sentence_start_words(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``Речная`` (экосистема), ``Её`` tagged as names at a sentence start: a
    one-word entity there that morphology reads as an ordinary word
    (adjective, pronoun...) is dropped."""
    return [
        ent
        for ent in ents
        if not (ent.end - ent.start == 1 and doc[ent.start].is_sent_start and doc[ent.start].pos_ in NOT_NAME_POS)
    ]


def _owners(ents: list[Ent]) -> dict[int, int]:
    """Token index -> index of the entity that holds it."""
    return {i: k for k, ent in enumerate(ents) for i in range(ent.start, ent.end)}


#: Suffixes of relational adjectives (``японский``, ``московский``,
#: ``ленинградский``): they name the place an organisation belongs to, which
#: FactRuEval counts as part of its name.  Qualitative adjectives (``новый``,
#: ``влиятельный``) describe it and stay outside.
RELATIONAL_SUFFIXES = ("ский", "цкий", "ской")


def geo_adjectives(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``японского МИДа``, ``московского «Центра»``: an ORG takes in the
    relational adjective that modifies it from the left (across an opening
    quote when the name is quoted)."""
    owners = _owners(ents)
    result = []
    for start, end, label in ents:
        if label == "ORG":
            quoted = (
                start >= 2
                and doc[start - 1].text in OPEN_QUOTES
                and end < len(doc)
                and doc[end].text in CLOSE_QUOTES
            )
            i = start - 2 if quoted else start - 1
            if i >= 0 and i not in owners:
                word = doc[i]
                if (
                    word.pos_ == "ADJ"
                    and word.dep_ == "amod"
                    and start <= word.head.i < end
                    and _lemma(word).endswith(RELATIONAL_SUFFIXES)
                ):
                    start, end = i, end + 1 if quoted else end
        result.append(Ent(start, end, label))
    return result


def org_complements(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``Следственного комитета [при прокуратуре]``, ``Палаты представителей
    [112 созыва]``: an ORG takes in a noun phrase that depends on it (``nmod``)
    and follows it directly, if that phrase holds no other entity, no verb
    and no punctuation.  A following entity (``МИД [России]``) stays apart:
    FactRuEval gives the country its own LOC."""
    owners = _owners(ents)
    result = []
    for start, end, label in ents:
        grown = label == "ORG"
        while grown and end < len(doc):
            grown = False
            for token in doc[start:end]:
                for child in token.rights:
                    phrase = list(child.subtree)
                    if child.dep_ != "nmod" or phrase[0].i != end:
                        continue
                    if any(t.i in owners or t.pos_ in ("PUNCT", "VERB", "AUX") or t.is_space for t in phrase):
                        continue
                    end, grown = phrase[-1].i + 1, True
                    break
                if grown:
                    break
        result.append(Ent(start, end, label))
    return result


#: In the order they run: trimming first, so later rules see clean spans.
def org_of_org(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """``Военного комитета | НАТО`` → one name: an organisation followed by the
    organisation it belongs to, in the genitive, is one name.

    FactRuEval scores this the same either way (its gold is inconsistent on
    such pairs), but the merged span gives the canonical name analysts expect
    («Военный комитет НАТО»).  A place after an organisation (``МИД России``)
    stays apart, as FactRuEval's gold has it.
    """
    result: list[Ent] = []
    for ent in ents:
        if result:
            last = result[-1]
            owner = doc[ent.start]
            if (
                last.label == "ORG" and ent.label == "ORG" and last.end == ent.start
                and ent.end - ent.start == 1
                and owner.dep_ == "nmod" and last.start <= owner.head.i < last.end
                and (owner.text.isupper() or "Gen" in owner.morph.get("Case"))
            ):
                result[-1] = Ent(last.start, ent.end, "ORG")
                continue
        result.append(ent)
    return result


RULES: dict[str, Rule] = {
    "strip_marks": strip_marks,
    "split_at_separators": split_at_separators,
    "org_forms": org_forms,
    "known_labels": known_labels,
    "people_as_places": people_as_places,
    "sentence_start_words": sentence_start_words,
    "geo_adjectives": geo_adjectives,
    "org_complements": org_complements,
    "org_of_org": org_of_org,
}


def apply_rules(doc: Doc, rules: Iterable[str] = tuple(RULES)) -> list[Ent]:
    ents = [Ent(e.start, e.end, e.label_) for e in doc.ents]
    for name in rules:
        ents = RULES[name](doc, ents)
    return ents


def explain(doc: Doc, rules: Iterable[str] = tuple(RULES)) -> list[tuple[str, list[str], list[str]]]:
    """``(rule, removed, added)`` for every rule that changed something."""
    ents = [Ent(e.start, e.end, e.label_) for e in doc.ents]
    changes = []
    for name in rules:
        new = RULES[name](doc, ents)
        removed = [f"{doc[e.start:e.end].text}/{e.label}" for e in ents if e not in new]
        added = [f"{doc[e.start:e.end].text}/{e.label}" for e in new if e not in ents]
        if removed or added:
            changes.append((name, removed, added))
        ents = new
    return changes


class NERRules:
    """The component; ``rules`` names the rules to run (all by default)."""

    def __init__(self, rules: Iterable[str] = tuple(RULES)):
        unknown = [name for name in rules if name not in RULES]
        if unknown:
            raise ValueError(f"expected rule names from {list(RULES)}, got {unknown}")
        self.rules = tuple(rules)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in apply_rules(doc, self.rules)]
        return doc


@Language.factory(
    "ruevents_ner_rules",
    requires=["doc.ents", "token.pos", "token.morph", "token.lemma", "token.dep"],
    assigns=["doc.ents"],
    default_config={"rules": list(RULES)},
)
def make_ner_rules(nlp: Language, name: str, rules: list[str]) -> NERRules:
    return NERRules(rules)
