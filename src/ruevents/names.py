"""Canonical nominative names for entity mentions, from pymorphy3.

Person names are inflected word by word to the nominative singular in the
person's gender («Анной Ивановой» → «Анна Иванова», «Валерием Герасимовым»
→ «Валерий Герасимов»); indeclinable and foreign names stay as written.
Organisation and place names are inflected the way Russian agrees them: the
head noun and the adjectives that agree with it go to the nominative, its
dependents in other cases stay («Военного комитета НАТО» → «Военный комитет
НАТО», «Минобороны РФ» stays).
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from spacy.tokens import Span, Token

from .backends import pymorphy
from .lexicons import load_words

NAME_GRAMS = ("Name", "Surn", "Patr")
MASC, FEMN = "masc", "femn"

# words before a plural family name that tell whose it is («братьев Ивановых»)
_GROUP_GENDER = load_words("family_groups.txt", with_values=True)


def recover_shape(word: str, original: str) -> str:
    """Give ``word`` the letter case of ``original``, hyphen part by hyphen part."""
    if "ё" not in original.lower():
        word = word.replace("ё", "е").replace("Ё", "Е")
    parts, originals = word.split("-"), original.split("-")
    if len(parts) != len(originals):
        originals = [original] * len(parts)
    return "-".join(_shape(p, o) for p, o in zip(parts, originals))


def _shape(word: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _case_number(token: Token) -> tuple[str | None, str | None]:
    morph = token.morph
    case = morph.get("Case")
    number = morph.get("Number")
    return (case[0] if case else None), (number[0] if number else None)


def _gender(parse) -> str | None:
    """masc, femn, neut, ms-f (common gender) or None; pymorphy3 only compares known grammemes."""
    if "ms-f" in parse.tag.grammemes:
        return "ms-f"
    gender = parse.tag.gender
    return str(gender) if gender else None


def _gram_case(parse) -> str | None:
    return pymorphy.ud_feats(parse).get("Case")


def _name_parses(token: Token):
    """Parses of a name word that agree with the tagger's case, best first."""
    case, number = _case_number(token)
    scored = []
    for order, parse in enumerate(pymorphy.parses(token.text)):
        if parse.tag.POS != "NOUN":
            continue
        score = 4 if any(g in parse.tag for g in NAME_GRAMS) else 0
        if case and _gram_case(parse) == case:
            score += 2
        if number and pymorphy.ud_feats(parse).get("Number") == number:
            score += 1
        scored.append((-score, order, parse))
    return [p for _, _, p in sorted(scored, key=lambda x: (x[0], x[1]))]


def _person_gender(tokens: Sequence[Token]) -> str | None:
    """The gender the name words and the agreeing predicate vote for."""
    votes: Counter[str] = Counter()
    for token in tokens:
        parses = _name_parses(token)
        if parses:
            best = parses[0]
            weight = 3 if "Name" in best.tag or "Patr" in best.tag else 2 if "Surn" in best.tag else 0
            if _gender(best) in (MASC, FEMN) and weight:
                votes[_gender(best)] += weight
        gender = token.morph.get("Gender")
        if gender and gender[0] in ("Masc", "Fem"):
            votes[MASC if gender[0] == "Masc" else FEMN] += 1
    # a past-tense verb or short form agreeing with the name: «Иванова заявила»
    head = tokens[-1].head if tokens else None
    if head is not None and head.pos_ in ("VERB", "AUX", "ADJ") and tokens[-1].dep_ in ("nsubj", "nsubj:pass"):
        gender = head.morph.get("Gender")
        if gender and gender[0] in ("Masc", "Fem"):
            votes[MASC if gender[0] == "Masc" else FEMN] += 2
    if not votes:
        return None
    (best, count), *rest = votes.most_common()
    return best if not rest or rest[0][1] < count else None


def _group_gender(tokens: Sequence[Token]) -> str | None:
    """«братьев Ивановых» → masc, «сестёр Ивановых» → femn."""
    first = tokens[0]
    if first.i == 0:
        return None
    before = first.doc[first.i - 1]
    return _GROUP_GENDER.get(before.lemma_)


def _inflect_person_word(token: Token, gender: str | None) -> str:
    text = token.text
    if not any(ch.isalpha() for ch in text) or (len(text) <= 2 and text[:1].isupper() and text.isalpha()):
        return text  # punctuation, initials
    parses = _name_parses(token)
    if not parses:
        return text
    parse = parses[0]
    if gender:
        gendered = [p for p in parses[:4] if _gender(p) in (gender, "ms-f")]
        if gendered:
            parse = gendered[0]
    if "Fixd" in parse.tag:
        return text
    for grams in ({"nomn", "sing", gender} if gender else None, {"nomn", "sing"}, {"nomn"}):
        if not grams:
            continue
        form = parse.inflect(grams)
        if form is not None:
            return recover_shape(form.word, text)
    return text


def person_name(tokens: Sequence[Token]) -> str:
    """«Барака Обамы» → «Барак Обама», «Анной Ивановой» → «Анна Иванова»."""
    words = [t for t in tokens if not t.is_space]
    gender = _person_gender(words)
    plural = any(_case_number(t)[1] == "Plur" for t in words) and len(words) == 1
    if plural:
        gender = _group_gender(words) or gender or MASC
    return _join(words, [_inflect_person_word(t, gender) for t in words])


def _span_heads(words: Sequence[Token]) -> list[Token]:
    inside = {t.i for t in words}
    return [t for t in words if t.head.i not in inside or t.head.i == t.i]


def _agreeing(words: Sequence[Token], head: Token) -> set[int]:
    """The head and the words that agree with it (adjectives, participles, ordinals)."""
    inside = {t.i for t in words}
    chosen = {head.i}
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.i in inside and child.dep_ in ("amod", "det", "nummod:gov") and child.pos_ in ("ADJ", "DET", "VERB", "NUM"):
                chosen.add(child.i)
                stack.append(child)
    return chosen


def _inflect_agreeing(token: Token, gender: str | None, number: str | None) -> str:
    text = token.text
    case, _ = _case_number(token)
    if case == "Nom" or not any(ch.isalpha() for ch in text) or (text.isupper() and len(text) > 1):
        return text
    parse = pymorphy.best_parse(text, token.pos_, token.morph.to_dict())
    if parse is None or "Fixd" in parse.tag or not pymorphy.is_known(parse):
        return text
    grams = {"nomn"}
    if number:
        grams.add(number)
    if gender and number != "plur" and parse.tag.POS in ("ADJF", "PRTF"):
        grams.add(gender)
    form = parse.inflect(grams) or parse.inflect({"nomn"})
    return recover_shape(form.word, text) if form else text


def phrase_name(tokens: Sequence[Token]) -> str:
    """Organisation or place name in the nominative, agreement kept."""
    words = [t for t in tokens if not t.is_space]
    heads = _span_heads(words)
    nouns = [t for t in heads if t.pos_ in ("NOUN", "PROPN")] or heads
    head = nouns[0]
    parse = pymorphy.best_parse(head.text, head.pos_, head.morph.to_dict())
    gender = _gender(parse) if parse is not None else None
    gender = gender if gender in ("masc", "femn", "neut") else None
    number = str(parse.tag.number) if parse is not None and parse.tag.number else None
    chosen = _agreeing(words, head)
    out = [_inflect_agreeing(t, gender, number) if t.i in chosen else t.text for t in words]
    return _join(words, out)


def _join(words: Sequence[Token], out: Sequence[str]) -> str:
    parts = []
    for index, (token, word) in enumerate(zip(words, out)):
        parts.append(word)
        if index + 1 < len(words):
            gap = words[index + 1].idx - (token.idx + len(token.text))
            parts.append(" " if gap > 0 else "")
    return "".join(parts)


def canonical_name(span: Span) -> str:
    """Canonical nominative form of one entity mention."""
    if span.label_ == "PER":
        return person_name(list(span))
    return phrase_name(list(span))
