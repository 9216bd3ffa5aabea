"""pymorphy3 behind one adapter: cached parses, UD tags, lemmas, inflection.

Also offers the small analyser interface that natasha's normaliser and yargy
expect from natasha's ``MorphVocab`` (``vocab(word)`` → forms with ``normal``,
``pos``, ``feats``, ``inflect``), built on pymorphy3 instead of pymorphy2.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

import pymorphy3
from pymorphy3.analyzer import Parse

# OpenCorpora POS → UD POS (after kmike/russian-tagsets' ud mapping).
OC_UD_POS = {
    "ADJF": "ADJ", "ADJS": "ADJ", "ADVB": "ADV", "COMP": "ADV",
    "VERB": "VERB", "GRND": "VERB", "INFN": "VERB", "PRTF": "VERB", "PRTS": "VERB",
    "NOUN": "NOUN", "NPRO": "PRON", "NUMR": "NUM", "NUMB": "NUM",
    "Apro": "DET", "CONJ": "CCONJ", "INTJ": "INTJ", "PNCT": "PUNCT",
    "PRCL": "PART", "PREP": "ADP", "PRED": "ADV",
}

# (UD feature, OpenCorporа grammeme, UD value); the first row of a UD value
# is the grammeme used when inflecting towards it.
OC_UD_FEATS = [
    ("Animacy", "anim", "Anim"), ("Animacy", "inan", "Inan"),
    ("Aspect", "impf", "Imp"), ("Aspect", "perf", "Perf"),
    ("Case", "nomn", "Nom"), ("Case", "gent", "Gen"), ("Case", "gen1", "Gen"),
    ("Case", "gen2", "Gen"), ("Case", "datv", "Dat"), ("Case", "accs", "Acc"),
    ("Case", "ablt", "Ins"), ("Case", "loct", "Loc"), ("Case", "loc1", "Loc"),
    ("Case", "loc2", "Loc"), ("Case", "voct", "Voc"),
    ("Degree", "COMP", "Cmp"), ("Degree", "Supr", "Sup"),
    ("Gender", "masc", "Masc"), ("Gender", "femn", "Fem"), ("Gender", "neut", "Neut"),
    ("Mood", "indc", "Ind"), ("Mood", "impr", "Imp"),
    ("Number", "sing", "Sing"), ("Number", "plur", "Plur"),
    ("Person", "1per", "1"), ("Person", "2per", "2"), ("Person", "3per", "3"),
    ("Tense", "past", "Past"), ("Tense", "pres", "Pres"), ("Tense", "futr", "Fut"),
    ("VerbForm", "INFN", "Inf"), ("VerbForm", "GRND", "Conv"), ("VerbForm", "PRTF", "Part"),
    ("VerbForm", "VERB", "Fin"),
    ("Variant", "ADJS", "Short"), ("Variant", "PRTS", "Short"),
    ("Voice", "actv", "Act"), ("Voice", "pssv", "Pass"),
]
_OC_TO_UD = {oc: (feat, ud) for feat, oc, ud in OC_UD_FEATS}
_UD_TO_OC: dict[tuple[str, str], str] = {}
for _feat, _oc, _ud in OC_UD_FEATS:
    _UD_TO_OC.setdefault((_feat, _ud), _oc)
_UD_TO_OC[("Case", "Voc")] = "voct"

# Features that decide which parse a slovnet tag agrees with; animacy and voice
# are left out because slovnet and OpenCorpora disagree on them too often.
AGREEMENT_FEATS = ("Case", "Gender", "Number", "Person", "Tense", "Aspect", "VerbForm")

_NORMAL_POS = {"PROPN": "NOUN", "AUX": "VERB", "SCONJ": "CCONJ", "DET": "ADJ"}


@lru_cache(maxsize=None)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def parses(word: str) -> tuple[Parse, ...]:
    """All pymorphy3 parses of a word (lowercased), cached: one parse per type.

    A word pymorphy3 cannot read has none: its shape checks call
    ``unicodedata.name``, which raises on letters without a name in Python's
    tables (Tangut «𗀀»).
    """
    return _parses_of_lowercase(word.lower())


# keyed by the lowercase word, so «Путин» and «путин» are parsed once
@lru_cache(maxsize=50_000)
def _parses_of_lowercase(word: str) -> tuple[Parse, ...]:
    try:
        return tuple(analyzer().parse(word))
    except (KeyError, ValueError):
        return ()


def cached_words() -> int:
    """How many distinct words have their parses cached (bounded: memory stays flat)."""
    return _parses_of_lowercase.cache_info().currsize


def ud_pos(parse: Parse) -> str:
    return OC_UD_POS.get(parse.tag.POS or "", "X")


@lru_cache(maxsize=None)
def _ud_feats_of_tag(tag: str) -> Mapping[str, str]:
    feats: dict[str, str] = {}
    for gram in tag.replace(" ", ",").split(","):
        item = _OC_TO_UD.get(gram)
        if item and item[0] not in feats:
            feats[item[0]] = item[1]
    return feats


def ud_feats(parse: Parse) -> Mapping[str, str]:
    return _ud_feats_of_tag(str(parse.tag))


def oc_grammemes(feats: Mapping[str, str]) -> set[str]:
    """UD features → the OpenCorpora grammemes pymorphy3's ``inflect`` takes."""
    grams = set()
    for feat, value in feats.items():
        gram = _UD_TO_OC.get((feat, value))
        if gram:
            grams.add(gram)
    return grams


def agreement(parse: Parse, pos: str, feats: Mapping[str, str]) -> int:
    """How well a parse agrees with a tagger's UD tag: POS counts most."""
    score = 3 if _NORMAL_POS.get(ud_pos(parse), ud_pos(parse)) == _NORMAL_POS.get(pos, pos) else 0
    mine = ud_feats(parse)
    return score + sum(1 for f in AGREEMENT_FEATS if f in feats and mine.get(f) == feats[f])


def best_parse(word: str, pos: str, feats: Mapping[str, str]) -> Parse | None:
    """The parse of ``word`` that agrees best with the tag; ties go to pymorphy3's order."""
    best, best_score = None, -1
    for parse in parses(word):
        score = agreement(parse, pos, feats)
        if score > best_score:
            best, best_score = parse, score
    return best


def normal_word(word: str) -> str:
    return word.lower().replace("ё", "е")


def lemmatize(word: str, pos: str, feats: Mapping[str, str]) -> str:
    """Lemma of ``word`` under the tagger's tag (lowercase, ё → е)."""
    return lemmatize_tagged(word, pos, tuple(feats.items()))


#: Lemmas are remembered per (word, tag): news repeats its words, and choosing
#: the parse that agrees with the tag is the costly part.  Bounded, so memory stays flat.
@lru_cache(maxsize=50_000)
def lemmatize_tagged(word: str, pos: str, feats_items: tuple[tuple[str, str], ...]) -> str:
    """:func:`lemmatize` with the features as ``(name, value)`` pairs, cached."""
    if pos in ("PUNCT", "NUM", "SYM") or not any(ch.isalpha() for ch in word):
        return normal_word(word)
    parse = best_parse(word, pos, dict(feats_items))
    if parse is None:
        return normal_word(word)
    if pos == "ADJ" and parse.tag.POS in ("PRTF", "PRTS"):
        # UD tags participles used as adjectives ADJ: their lemma is the
        # adjective («объединённый»), not pymorphy's infinitive («объединить»)
        form = parse.inflect({"PRTF", "nomn", "masc", "sing"})
        if form is not None:
            return normal_word(form.word)
    return normal_word(parse.normal_form)


def inflect(parse: Parse, grams: Iterable[str]) -> Parse | None:
    """``parse.inflect(grams)``, remembered: pymorphy3 rebuilds the word's whole
    paradigm for each inflection (tens of microseconds), and a name is
    inflected again at each of its mentions and in every text that repeats it."""
    return _inflected(parse, frozenset(grams))


#: keyed by the parse (the same word, tag and dictionary entry) and the wanted
#: grammemes; bounded, so memory stays flat
@lru_cache(maxsize=20_000)
def _inflected(parse: Parse, grams: frozenset[str]) -> Parse | None:
    return parse.inflect(grams)


@lru_cache(maxsize=20_000)
def plural_nominative(word: str) -> str | None:
    """«выборах» → «выборы», «консультациях» → «консультации»: the form a
    plural-only sense is listed under."""
    for parse in parses(word):
        if parse.tag.POS == "NOUN" and "plur" in parse.tag:
            form = parse.inflect({"nomn", "plur"})
            if form is not None:
                return normal_word(form.word)
    return None


def is_known(parse: Parse) -> bool:
    """True when the parse comes from the dictionary rather than a guess."""
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer" and len(parse.methods_stack) == 1


# -- the natasha MorphVocab interface -----------------------------------------


class MorphForm:
    """One parse seen through UD tags, as natasha's ``MorphForm`` offers it."""

    __slots__ = ("parse", "normal", "pos", "feats")

    def __init__(self, parse: Parse):
        self.parse = parse
        self.normal = parse.normal_form
        self.pos = ud_pos(parse)
        self.feats = dict(ud_feats(parse))

    @property
    def word(self) -> str:
        return self.parse.word

    def inflect(self, grams: Iterable[str]) -> Parse | None:
        """Inflect to UD values (``{"Nom"}``, ``{"Nom", "Sing"}``)."""
        oc = set()
        for value in grams:
            for (feat, ud), gram in _UD_TO_OC.items():
                if ud == value:
                    oc.add(gram)
                    break
        return self.parse.inflect(oc)

    def __repr__(self) -> str:
        return f"MorphForm(normal={self.normal!r}, pos={self.pos!r}, feats={self.feats!r})"


class MorphVocab:
    """pymorphy3 analyser with natasha's ``MorphVocab`` interface, no pymorphy2."""

    def __call__(self, word: str) -> list[MorphForm]:
        return [MorphForm(p) for p in parses(word)]

    parse = __call__

    def lemmatize(self, word: str, pos: str, feats: Mapping[str, str]) -> str:
        return lemmatize(word, pos, feats)

    def __repr__(self) -> str:
        return "MorphVocab(pymorphy3)"
