"""Canonical nominative names for entity mentions, from pymorphy3.

**Persons** are put word by word into the nominative singular in the person's
gender («Анной Ивановой» → «Анна Иванова», «Валерием Герасимовым» →
«Валерий Герасимов»).  The words of a name share one case, chosen for the whole
name from the tagger's votes, the cases the dictionary allows for the known
words and the case of a title the name stands in apposition to (the tagger
alone reads «министра Сейджи Маехары» as nominative).  A name in the
nominative stays as written, which keeps indeclinable and foreign names safe
(«Кертис Скапарротти», «Нэнси Пелоси»).  In an oblique case a word takes the
dictionary's name reading in that case; a name the dictionary does not know
loses its case ending by the rules in ``lexicons/names_endings.txt``
(«Кертиса» → «Кертис»), unless the document uses it unchanged as a subject
elsewhere, which shows it does not decline.  The gender comes from
unambiguous name readings, the tagger and an agreeing predicate.  Plural family
names go to the singular in the gender the word before them gives («сестёр
Ивановых» → «Иванова», ``lexicons/family_groups.txt``).

**Organisations and places**: the first noun is the head («Военного комитета
НАТО»); it goes to the nominative in the number it is written in, the agreeing
words before it follow, the words after it stay («Военный комитет НАТО»,
«Минобороны РФ» stays), except a proper name in apposition, which agrees
(«реки Славянки» → «река Славянка»).  Abbreviations stay («МИДа» → «МИД»).

ё is written as е unless the text wrote ё.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import numpy
from spacy.attrs import MORPH
from spacy.tokens import Doc, Span, Token

from .backends import pymorphy
from .lexicons import load_words

NAME_GRAMS = ("Name", "Surn", "Patr")
MASC, FEMN = "masc", "femn"
UD_GENDER = {"Masc": MASC, "Fem": FEMN}
OBLIQUE = ("Gen", "Dat", "Acc", "Ins", "Loc")
#: cases from the commonest for a name in news, to break ties
_CASE_ORDER = ("Nom", *OBLIQUE)

# words before a plural family name that tell whose it is («братьев Ивановых»)
_GROUP_GENDER = load_words("family_groups.txt", with_values=True)

# letter classes of names_endings.txt
_CLASSES = {
    "C": "бвгджзклмнпрстфхцчшщ",  # not й: «Андрея» is -я after a vowel
    "V": "аеёиоуыэюя",
    "G": "гкх",
    "S": "жшчщц",
}


# -- letter case ----------------------------------------------------------------


def recover_shape(word: str, original: str) -> str:
    """Give ``word`` the letter case of ``original``, hyphen part by hyphen part.

    >>> recover_shape("герасимов", "Герасимовым"), recover_shape("мид", "МИДа")
    ('Герасимов', 'МИД')
    """
    if "ё" not in original.lower():
        word = word.replace("ё", "е").replace("Ё", "Е")
    parts, originals = word.split("-"), original.split("-")
    if len(parts) != len(originals):
        originals = [original] * len(parts)
    return "-".join(_shape(p, o) for p, o in zip(parts, originals))


def _shape(word: str, original: str) -> str:
    if _is_abbreviation(original):
        return word.upper()
    upper_run = next((i for i, ch in enumerate(original) if not ch.isupper()), len(original))
    if upper_run > 1:  # an abbreviation with a case ending: «МИДа», «ВСУшников»
        return word[:upper_run].upper() + word[upper_run:].lower()
    if original[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


# -- what the tagger and pymorphy3 say --------------------------------------------


def _feat(token: Token, name: str) -> str | None:
    values = token.morph.get(name)
    return values[0] if values else None


def _first_value(feats: str, name: str) -> str | None:
    """``_feat`` read from a UD FEATS string («Case=Nom|Number=Sing»)."""
    for feat in feats.split("|"):
        field, _, values = feat.partition("=")
        if field == name:
            return values.split(",")[0]
    return None


def _gender(parse) -> str | None:
    """masc, femn, neut, ms-f (common gender) or None."""
    if "ms-f" in parse.tag.grammemes:
        return "ms-f"
    gender = parse.tag.gender
    return str(gender) if gender else None


def _case(parse) -> str | None:
    return pymorphy.ud_feats(parse).get("Case")


def _number(parse) -> str | None:
    return pymorphy.ud_feats(parse).get("Number")


def _from_dictionary(parse) -> bool:
    """True for a parse of a word pymorphy3's dictionary holds, not a guess by analogy."""
    stack = parse.methods_stack
    return len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_initial(text: str) -> bool:
    letters = text.rstrip(".")
    return len(letters) <= 2 and letters.isalpha() and letters[:1].isupper() and (text.endswith(".") or len(letters) == 1)


def _has_inner_capital(text: str) -> bool:
    """«БелТА», «МакЛарен», «ЦСКА»: written as a brand, not to be inflected by guess."""
    return any(ch.isupper() for part in text.split("-") for ch in part[1:])


def _is_abbreviation(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


# -- person names ---------------------------------------------------------------


@lru_cache(maxsize=None)
def _ending_rules() -> tuple[tuple[str, str, re.Pattern, str], ...]:
    """(gender, case, pattern, replacement) from ``names_endings.txt``, in file order."""
    text = resources.files("ruevents.lexicons").joinpath("names_endings.txt").read_text(encoding="utf-8")
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"expected gender<TAB>case<TAB>ending<TAB>nominative in names_endings.txt:{number}, got {line!r}")
        gender, case, ending, nominative = fields
        pattern = "".join(f"([{_CLASSES[ch]}])" if ch in _CLASSES else re.escape(ch) for ch in ending) + "$"
        group = iter(range(1, 10))
        replacement = "".join(f"\\{next(group)}" if ch in _CLASSES else ch for ch in nominative)
        rules.append((gender, case, re.compile(pattern), replacement))
    return tuple(rules)


def nominative_by_ending(word: str, case: str, gender: str) -> str | None:
    """The nominative of a name pymorphy3 does not know, from its ending; ``None`` if none fits.

    >>> nominative_by_ending("Кертиса", "Gen", "masc"), nominative_by_ending("Маехары", "Gen", "masc")
    ('Кертис', 'Маехара')
    >>> nominative_by_ending("Скапарротти", "Gen", "masc") is None
    True
    """
    lower = word.lower()
    for rule_gender, rule_case, pattern, replacement in _ending_rules():
        if rule_gender == gender and rule_case == case and pattern.search(lower):
            nominative = pattern.sub(replacement, lower)
            if len(nominative) < 2:  # too little of the word would be left to trust the rule
                return None
            return recover_shape(nominative, word)
    return None


# The word-level look-ups below are pure functions of their strings and are
# asked again for every mention of a name: cached, bounded (memory stays flat).
WORD_CACHE = 50_000


@lru_cache(maxsize=WORD_CACHE)
def _name_parses(word: str, case: str, number: str, gender: str | None) -> tuple:
    """Dictionary parses of a name (or adjectival surname) in the name's case, best first."""
    chosen = []
    for order, parse in enumerate(pymorphy.parses(word)):
        tag = parse.tag
        is_name = any(g in tag for g in NAME_GRAMS)
        if not _from_dictionary(parse) or not (is_name and tag.POS == "NOUN" or tag.POS == "ADJF") or "Infr" in tag:
            continue
        if _case(parse) != case or _number(parse) != number:
            continue
        parse_gender = _gender(parse)
        if gender and parse_gender not in (gender, "ms-f") and not (tag.POS == "ADJF" and number == "Plur"):
            continue
        chosen.append((not is_name, tag.POS != "NOUN", "Fixd" in tag, order, parse))
    return tuple(item[-1] for item in sorted(chosen, key=lambda item: item[:4]))


@lru_cache(maxsize=WORD_CACHE)
def _dictionary_names(word: str) -> tuple:
    """Dictionary parses of ``word`` as a first name, surname or patronymic.

    Vocative and informal forms («Лёв» as a form of «Лёва») are left out: news
    text does not use them, and they would turn «Лёв» into «Лёва».
    """
    return tuple(
        p
        for p in pymorphy.parses(word)
        if _from_dictionary(p) and p.tag.POS == "NOUN" and any(g in p.tag for g in NAME_GRAMS) and "Infr" not in p.tag and p.tag.case != "voct"
    )


@lru_cache(maxsize=WORD_CACHE)
def _is_indeclinable(word: str) -> bool:
    """The dictionary knows the word as indeclinable: «Аркади», «Туркмен-баши»."""
    return any(_from_dictionary(p) and "Fixd" in p.tag and p.tag.POS == "NOUN" for p in pymorphy.parses(word))


def _name_case(words: Sequence[Token]) -> str | None:
    """One case for the whole name: the words of a name agree, the tagger not always.

    Each case scores the tagger's votes, two points for every known word the
    dictionary allows in it with the tagged gender and one point without
    («Наине Иосифовне» can only be Dat or Loc), and, above the tagger, the case
    of a person noun the name stands in apposition to («министра … Сейджи
    Маехары»: Russian makes them agree).  Ties go to the tagger, then to the
    commoner case.
    """
    scores: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    for token in words:
        case = _feat(token, "Case")
        if case:
            votes[case] += 1
        number = _feat(token, "Number") or "Sing"
        tagged_gender = UD_GENDER.get(_feat(token, "Gender") or "")
        fits: dict[str, int] = {}
        readings = [p for p in _dictionary_names(token.text) if "Fixd" not in p.tag and _number(p) == number]
        for parse in readings:
            weight = 2 if tagged_gender is None or _gender(parse) in (tagged_gender, "ms-f") else 1
            fits[_case(parse)] = max(fits.get(_case(parse), 0), weight)
        scores.update(fits)
    for root in _span_heads(words):
        title = root.head
        if root.dep_ == "appos" and title.pos_ == "NOUN" and _feat(title, "Animacy") == "Anim" and _feat(title, "Number") == "Sing" and _feat(title, "Case"):
            votes[_feat(title, "Case")] += len(words) + 1
    scores.update(votes)
    if not scores:
        return None
    def rank(case: str) -> tuple:
        commonness = -_CASE_ORDER.index(case) if case in _CASE_ORDER else -len(_CASE_ORDER)
        return scores[case], votes[case], commonness

    return max(scores, key=rank)


def _person_gender(words: Sequence[Token], case: str | None) -> str | None:
    """The gender the name words, the tagger and an agreeing predicate vote for."""
    votes: Counter[str] = Counter()
    for token in words:
        number = _feat(token, "Number") or "Sing"
        readings = {_gender(p): p for p in _dictionary_names(token.text) if _case(p) == case and _number(p) == number}
        # only a word with one reading votes: «Анной» is a woman; «Аркади» (an
        # indeclinable surname or a form of «Аркадя») says nothing
        if len(readings) == 1:
            ((gender, parse),) = readings.items()
            if gender in (MASC, FEMN):
                votes[gender] += 2 if "Surn" in parse.tag else 3
        tagged = UD_GENDER.get(_feat(token, "Gender") or "")
        if tagged:
            votes[tagged] += 1
    # a past-tense verb or short form agreeing with the name: «Иванова заявила»
    for root in _span_heads(words):
        if root.dep_ in ("nsubj", "nsubj:pass") and root.head.pos_ in ("VERB", "AUX", "ADJ"):
            gender = UD_GENDER.get(_feat(root.head, "Gender") or "")
            if gender:
                votes[gender] += 2
    if not votes:
        return None
    (best, count), *rest = votes.most_common()
    return best if not rest or rest[0][1] < count else None


@lru_cache(maxsize=WORD_CACHE)
def _plural_only(word: str) -> bool:
    """The dictionary reads the word as a plural only («Смирновых»), whatever the tagger says."""
    readings = [p for p in pymorphy.parses(word) if _from_dictionary(p) and p.tag.POS in ("NOUN", "ADJF")]
    return bool(readings) and all(_number(p) == "Plur" for p in readings)


def _group_gender(words: Sequence[Token]) -> str | None:
    """«братьев Ивановых» → masc, «сестёр Ивановых» → femn."""
    first = words[0]
    for before in reversed(first.doc[max(0, first.i - 3) : first.i]):
        if before.is_punct:
            break
        if before.lemma_ in _GROUP_GENDER:
            return _GROUP_GENDER[before.lemma_]
    return None


def document_nominatives(doc: Doc) -> frozenset[str]:
    """Lowercased capitalised words of names that stand as subjects (or alone) in the document.

    Only a name that is a subject, or part of one, counts: the tagger also reads
    «министра Сейджи Маехары» as nominative, and that must not prove «Маехары».
    One pass over the document: compute it once per document, not per mention.
    """
    seen = set()
    # nominatives first, from the morphology column (a Token per word only for those)
    morphs = doc.to_array(MORPH)
    keys = numpy.unique(morphs)
    nominative_keys = [key for key in keys.tolist() if key and _first_value(doc.vocab.strings[key], "Case") == "Nom"]
    for i in numpy.flatnonzero(numpy.isin(morphs, nominative_keys)).tolist():
        token = doc[i]
        if not token.text[:1].isupper():
            continue
        node = token
        while node.dep_ in ("flat:name", "flat", "conj") and node.head.i != node.i:
            node = node.head
        if node.dep_ in ("nsubj", "nsubj:pass", "ROOT", "root"):
            seen.add(token.text.lower())
    return frozenset(seen)


def _person_word(token: Token, case: str | None, gender: str | None, *, plural: bool, seen: frozenset[str]) -> str:
    text = token.text
    if not _has_letters(text) or _is_initial(text) or _is_abbreviation(text):
        return text
    if "-" in text and text.split("-", 1)[0].islower():  # «аль-Барадеи», «ибн-Сауда»: the particle stays
        particle, rest = text.split("-", 1)
        return f"{particle}-{_person_word_text(rest, token, case, gender, plural=plural, seen=seen)}"
    if text.islower():  # «ибн», «де», «ван»
        return text
    return _person_word_text(text, token, case, gender, plural=plural, seen=seen)


def _person_word_text(text: str, token: Token, case: str | None, gender: str | None, *, plural: bool, seen: frozenset[str]) -> str:
    number = "Plur" if plural else "Sing"
    if case is None or (case == "Nom" and not plural):
        return text
    gender = gender or UD_GENDER.get(_feat(token, "Gender") or "")
    parses = _name_parses(text, case, number, gender)
    if parses:
        parse = parses[0]
        if "Fixd" in parse.tag:
            return text
        target = gender if gender in (MASC, FEMN) else _gender(parse)
        grams = [{"nomn", "sing", target}, {"nomn", "sing"}] if target in (MASC, FEMN) else [{"nomn", "sing"}]
        for wanted in grams:
            form = parse.inflect(wanted)
            if form is not None:
                return recover_shape(form.word, text)
        return text
    if _is_indeclinable(text) or text.lower() in seen:  # written so in the nominative elsewhere: it does not decline
        return text
    by_ending = nominative_by_ending(text, "Plur" if plural else case, gender or MASC)
    return by_ending or text


def person_name(tokens: Sequence[Token], *, nominatives: frozenset[str] | None = None) -> str:
    """«Барака Обамы» → «Барак Обама», «Анной Ивановой» → «Анна Иванова».

    ``nominatives``: :func:`document_nominatives` of the document, when the
    caller names many mentions of it (computed here otherwise).
    """
    words = [t for t in tokens if not t.is_space]
    if not words:
        return ""
    named = [t for t in words if _has_letters(t.text) and not _is_initial(t.text) and not t.text.islower()] or words
    case = _name_case(named)
    gender = _person_gender(named, case)
    plural = all(_feat(t, "Number") == "Plur" or _plural_only(t.text) for t in named)
    if plural:
        gender = _group_gender(words) or gender or MASC
    seen = document_nominatives(words[0].doc) if nominatives is None else nominatives
    return _join(words, [_person_word(t, case, gender, plural=plural, seen=seen) for t in words])


# -- organisation and place names ----------------------------------------------------

#: parts of speech that may head an organisation or place name
_HEAD_POS = ("NOUN", "PROPN")
#: parts of speech of the words before the head that agree with it
_AGREEING_POS = ("ADJ", "DET", "VERB", "NUM")
_CYRILLIC = re.compile("[а-яё]", re.I)
#: a word pymorphy3 does not know that ends like an indeclinable foreign name («Кушадаси», «Тбилиси»)
_INDECLINABLE_LOOKING = re.compile("[бвгджзклмнпрстфхцчшщ]и$", re.I)


def _span_heads(words: Sequence[Token]) -> list[Token]:
    inside = {t.i for t in words}
    return [t for t in words if t.head.i not in inside or t.head.i == t.i]


def _phrase_head(words: Sequence[Token], *, place: bool) -> int | None:
    """Index of the head noun: the first noun; words after it are its dependents.

    Russian names put agreeing adjectives before the head and everything else
    after it («Военного комитета НАТО», «Всемирной продовольственной и
    сельскохозяйственной организации»), so the first noun is the head, whatever
    the parser attached it to.  A place written in parts («Сан Луисе») declines
    in its last part.
    """
    for index, token in enumerate(words):
        foreign_compound = token.pos_ == "X" and "-" in token.text and _CYRILLIC.search(token.text)  # «PR-служба»
        if token.pos_ in _HEAD_POS or foreign_compound:
            break
    else:
        return None
    while place and index + 1 < len(words):
        following = words[index + 1]
        if following.head.i != words[index].i or following.dep_ not in ("flat", "flat:name") or following.pos_ != "PROPN":
            break
        index += 1
    return index


def _best_reading(word: str, token: Token):
    """The parse of ``word`` that agrees best with the token's tag; dictionary and
    non-person parses win ties («Бенрате» → «Бенрат», not the first name «Бенрата»)."""
    return _best_reading_tagged(word, token.pos_, tuple(token.morph.to_dict().items()))


@lru_cache(maxsize=WORD_CACHE)
def _best_reading_tagged(word: str, pos: str, feats_items: tuple[tuple[str, str], ...]):
    feats = dict(feats_items)
    best, best_key = None, None
    for order, parse in enumerate(pymorphy.parses(word)):
        if "Fixd" in parse.tag and not _from_dictionary(parse):
            continue
        person = any(g in parse.tag for g in NAME_GRAMS)
        key = (pymorphy.agreement(parse, pos, feats), _from_dictionary(parse), not person, -order)
        if best_key is None or key > best_key:
            best, best_key = parse, key
    return best


def _singular_only(token: Token, case: str | None) -> bool:
    """The adjective has no plural reading in this case: «Мариинского» (театров)."""
    readings = [p for p in pymorphy.parses(token.text) if p.tag.POS in ("ADJF", "PRTF") and _case(p) == case]
    return bool(readings) and all(_number(p) == "Sing" for p in readings)


def _inflect_head(token: Token, parse, number: str) -> str:
    text = token.text
    if parse is None or "Fixd" in parse.tag or _is_abbreviation(text):
        return text
    if _has_inner_capital(text) and not _from_dictionary(parse) and not text[-1:].islower():
        return text
    if _case(parse) == "Nom" and (_number(parse) or "Sing").lower() == number:
        return text
    if not _from_dictionary(parse):
        if _INDECLINABLE_LOOKING.search(text):
            return text
        if "-" in text:  # «Абу-Грэйба» → «Абу-Грэйб»: only the last part declines
            prefix, last = text.rsplit("-", 1)
            last_parse = _best_reading(last, token)
            return f"{prefix}-{_inflect_head_word(last, last_parse, number)}" if last_parse is not None else text
        tagged_gender = UD_GENDER.get(_feat(token, "Gender") or "")
        case = _feat(token, "Case")
        if tagged_gender and _gender(parse) not in (tagged_gender, "ms-f") and number == "sing" and case in OBLIQUE:
            # a guess in the wrong gender («Тоттенхэме» as a form of a woman's name «Тоттенхэма»)
            return nominative_by_ending(text, case, tagged_gender) or text
    return _inflect_head_word(text, parse, number)


def _inflect_head_word(text: str, parse, number: str) -> str:
    form = pymorphy.inflect(parse, ("nomn", number)) or pymorphy.inflect(parse, ("nomn",))
    return recover_shape(form.word, text) if form else text



def _inflect_agreeing(token: Token, case: str | None, number: str, gender: str | None) -> str:
    """An adjective before the head, in the head's case, to the nominative."""
    text = token.text
    if not _has_letters(text) or _is_abbreviation(text):
        return text
    feats = token.morph.to_dict()
    readings = [
        p
        for p in pymorphy.parses(text)
        if p.tag.POS in ("ADJF", "PRTF", "NUMR") and _case(p) == case and "Fixd" not in p.tag
        and (number == "plur" or _number(p) == "Sing" or _number(p) is None)
    ]
    if not readings:
        return text
    parse = max(readings, key=lambda p: (pymorphy.agreement(p, token.pos_, feats), _from_dictionary(p), -readings.index(p)))
    grams = {"nomn", number}
    if gender and number == "sing" and parse.tag.POS in ("ADJF", "PRTF"):
        grams.add(gender)
    form = pymorphy.inflect(parse, grams) or pymorphy.inflect(parse, ("nomn",))
    return _keep_prefix(recover_shape(form.word, text), text) if form else text


def _keep_prefix(word: str, original: str) -> str:
    """«13-й» → «13-я»: digits before a hyphen stay as written."""
    if "-" in original and original.split("-", 1)[0].isdigit() and "-" not in word:
        return f"{original.split('-', 1)[0]}-{word}"
    return word


def phrase_name(tokens: Sequence[Token], *, place: bool = False) -> str:
    """Organisation or place name in the nominative, agreement kept.

    The head noun goes to the nominative in the number it is written in (a
    singular adjective before a plural head shows a coordination: «Большого и
    Мариинского театров» → «Мариинский театр»); the agreeing words before it
    follow; the words after it stay as written.
    """
    words = [t for t in tokens if not t.is_space]
    index = _phrase_head(words, place=place)
    if index is None:  # adjectives alone («подмосковного»): masculine nominative
        return _join(words, [_inflect_agreeing(t, _feat(t, "Case"), "sing", MASC) if t.pos_ == "ADJ" else t.text for t in words])
    head = words[index]
    parse = _best_reading(head.text, head)
    case = _case(parse) if parse is not None else _feat(head, "Case")
    number = (_number(parse) if parse is not None else _feat(head, "Number")) or "Sing"
    number = number.lower()
    before = [t for t in words[:index] if t.pos_ in _AGREEING_POS]
    adjectives = [t for t in before if t.i + 1 == head.i or t.dep_ != "conj"]
    if number == "plur" and adjectives and all(_singular_only(t, case) for t in adjectives):
        number = "sing"
    gender = _gender(parse) if parse is not None else UD_GENDER.get(_feat(head, "Gender") or "")
    gender = gender if gender in ("masc", "femn", "neut") else None
    out = [t.text for t in words]
    out[index] = _inflect_head(head, parse, number)
    if case != "Nom" or out[index] != head.text:
        for position, token in enumerate(words[:index]):
            if token.pos_ in _AGREEING_POS:
                out[position] = _inflect_agreeing(token, case, number, gender)
    if case not in (None, "Nom") and head.pos_ == "NOUN":
        _inflect_apposition(words, index, case, out)
    return _join(words, out)


def _inflect_apposition(words: Sequence[Token], index: int, case: str, out: list[str]) -> None:
    """«реки Славянки» → «река Славянка», «городе Нижнем Новгороде» → «город Нижний Новгород».

    A proper name in apposition to the head shares its case and goes to the
    nominative with it; a dependent in the genitive («мэрии Москвы») does not.
    """
    head = words[index]
    for position in range(index + 1, len(words)):
        token = words[position]
        text = token.text
        if token.dep_ != "appos" or token.head.i != head.i or not text[:1].isupper() or _has_inner_capital(text) or "-" in text:
            continue
        # a guess only when the tagger agrees: «профсоюза Юнайт» does not decline
        guesses_ok = _feat(token, "Case") == case and not _INDECLINABLE_LOOKING.search(text)
        readings = [
            p
            for p in pymorphy.parses(text)
            if p.tag.POS == "NOUN" and _case(p) == case and "Fixd" not in p.tag
            and (_from_dictionary(p) or guesses_ok and _number(p) == _feat(token, "Number"))
        ]
        if not readings:
            continue
        feats = token.morph.to_dict()
        parse = max(readings, key=lambda p: (pymorphy.agreement(p, token.pos_, feats), _from_dictionary(p), -readings.index(p)))
        number = (_number(parse) or "Sing").lower()
        out[position] = _inflect_head_word(token.text, parse, number)
        gender = _gender(parse) if _gender(parse) in ("masc", "femn", "neut") else None
        for between in range(index + 1, position):
            if words[between].pos_ in _AGREEING_POS and words[between].head.i == token.i:
                out[between] = _inflect_agreeing(words[between], case, number, gender)


def _join(words: Sequence[Token], out: Iterable[str]) -> str:
    parts = []
    for index, (token, word) in enumerate(zip(words, out)):
        parts.append(word)
        if index + 1 < len(words):
            gap = words[index + 1].idx - (token.idx + len(token.text))
            parts.append(" " if gap > 0 else "")
    return "".join(parts)


def canonical_name(span: Span, *, nominatives: frozenset[str] | None = None) -> str:
    """Canonical nominative form of one entity mention (``nominatives``: see :func:`person_name`)."""
    if span.label_ == "PER":
        return person_name(list(span), nominatives=nominatives)
    return phrase_name(list(span), place=span.label_ == "LOC")
