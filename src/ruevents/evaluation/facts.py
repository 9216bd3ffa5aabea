"""FactRuEval-2016 facts (Track 3): Meeting and Occupation from our records, and a scorer.

Facts from a record
-------------------
* **Meeting**: one per ``meeting`` or ``phone_call`` event with at least two
  distinct participants that are people or organisations (a country as a
  side stands for its leader or delegation, which FactRuEval annotates
  instead); ``Participant`` = the canonical name of each.  A meeting whose
  participants are a subset of another's in the same document is dropped
  (the same meeting told twice).
* **Occupation**: one per title of a person (``attributes["titles"]``) whose
  organisation or place is known.  When an organisation or place of the
  document is named inside the title («председатель Военного комитета
  НАТО»), ``Position`` is the part before it («председатель») and ``Where``
  its canonical name («Военный комитет НАТО»); a unit word between them goes
  to ``Where`` («лидер фракции КПРФ» → лидер, фракция КПРФ), and so does an
  adjective of a place («подмосковный губернатор» → губернатор,
  Подмосковье).  Otherwise ``Where`` is, in order: an organisation or place
  written right before the person's name («президент США Барак Обама»), the
  person's ``nationality`` («чешский генерал» → Чехия), and for a national
  office («премьер-министр») the country of another title of the person,
  else the place the document mentions most.  A title with no ``Where`` at
  all («писатель») gives no fact: FactRuEval annotates an occupation in an
  organisation or place (206 of the 207 devset Occupation facts have a
  ``Where``); the title stays in the record.

The scorer
----------
Our own implementation of the competition's matching, made strict:

* strings are compared normalised (lowercase, ё → е, one kind of quote,
  single spaces) and fuzzily: Levenshtein distance ≤ 2, as the competition's
  ``compareStrings`` does;
* a gold value has alternatives: the written forms in ``.facts`` (``a | b``)
  and, like the official scorer, for an object reference every mention of the
  coreference group, its ``name`` lines (alone and with each ``descriptor``)
  and for a person the combinations of first name, last name, patronymic and
  nickname (``Лужков Юрий``, ``Юрий Лужков``, ``Лужков``...); for a span
  (``Position``) its text and that phrase put in the nominative (the
  competition lists such normal forms in ``jobs_processed.txt``);
* ``Job`` counts as ``Position`` (the official scorer renames it too);
  ``Модальность``, ``Сложность`` and ``Фаза`` are ignored;
* a gold fact matches a predicted fact of the same type when **every** gold
  slot has a predicted value of the same slot that matches one of its
  alternatives (each predicted value used once, so two gold participants need
  two predicted ones); extra predicted slots are not penalised;
* gold and predicted facts are paired one to one in each document (maximum
  matching); identical facts are counted once on both sides.

Precision = matched / predicted, recall = matched / gold, micro-averaged over
the documents.

The official Track 3 scorer is softer: a predicted fact that shares one
argument with a gold fact is paired with it and earns the share of
arguments that agree (matched gold slots over gold slots + unmatched
predicted slots).  The report gives that figure too ("soft"), with facts
paired greedily one to one, which approximates the official optimiser
(it lets several predicted facts share one gold fact).  For the official
figures run its scripts on ``ruevents export factrueval DIR -o OUT --track 3``
(see :mod:`ruevents.evaluation.factrueval_export`).

Reproduce: ``ruevents eval facts --factrueval ../shared/corpora/factrueval-2016/devset``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..backends import pymorphy
from ..lexicons import load_words
from ..records import Document as Record
from ..records import Entity
from .factrueval import Coref, Document, FactValue, load_folder

FACT_TYPES = ("Meeting", "Occupation")
MEETING_EVENTS = ("meeting", "phone_call")
#: slots that qualify a fact rather than fill it
SPECIAL_SLOTS = {"модальность", "сложность", "фаза"}
#: predicted slot → the gold slot it is compared with
SLOT_ALIASES = {"job": "position"}
MAX_DISTANCE = 2
#: published best Track 3 F1 (test collection, official scorer): P, R, F1
REFERENCE = {"Meeting": (0.667, 0.148, 0.242), "Occupation": (None, None, 0.662), "all": (None, None, 0.508)}


@dataclass(frozen=True)
class Fact:
    """A predicted fact: its type and ``(slot, value)`` pairs, one value each."""

    type: str
    slots: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GoldFact:
    """A gold fact: each slot with the alternatives any of which is right."""

    id: str
    type: str
    slots: tuple[tuple[str, tuple[str, ...]], ...]


# -- strings --------------------------------------------------------------------

_QUOTES = str.maketrans({q: '"' for q in "«»“”„"} | {q: "'" for q in "’`"})


def normalise(text: str) -> str:
    """Lowercase, ё → е, one kind of quote, single spaces."""
    return " ".join(text.lower().replace("ё", "е").translate(_QUOTES).split())


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance; stops early with ``limit + 1`` once it is sure to exceed ``limit``."""
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(current[j - 1] + 1, previous[j] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fuzzy_equal(a: str, b: str, *, max_distance: int = MAX_DISTANCE) -> bool:
    """Equal after :func:`normalise`, up to ``max_distance`` edits.

    >>> fuzzy_equal("Юрия Лужкова", "юрий лужков")
    True
    >>> fuzzy_equal("мэр", "губернатор")
    False
    """
    return levenshtein(normalise(a), normalise(b), max_distance) <= max_distance


def matches_any(value: str, alternatives: Iterable[str]) -> bool:
    return any(fuzzy_equal(value, alternative) for alternative in alternatives)


@lru_cache(maxsize=20_000)
def nominative_phrase(text: str) -> tuple[str, ...]:
    """A title phrase with its head noun and the adjectives before it in the
    nominative (same number, and singular): «генерального директора» →
    («генеральный директор»,), «президентами» → («президенты», «президент»)."""
    words = normalise(text).split()
    head = _head_index(words)
    if head is None:
        return ()
    noun = _noun_parse(words[head])
    results = []
    for number in dict.fromkeys([noun.tag.number or "sing", "sing"]):
        form = noun.inflect({"nomn", number})
        if form is None:
            continue
        out = list(words)
        out[head] = form.word
        for i in range(head):
            grams = {"nomn", number} | ({form.tag.gender} if number == "sing" and form.tag.gender else set())
            out[i] = _inflect_adjective(words[i], grams) or words[i]
        results.append(" ".join(out))
    return tuple(dict.fromkeys(results))


def _noun_parse(word: str):
    return next((p for p in pymorphy.parses(word) if p.tag.POS == "NOUN" and p.tag.case), None)


def _head_index(words: Sequence[str]) -> int | None:
    """The first word most likely a noun («первого» is an adjective first), else any noun."""
    for likely in (True, False):
        for i, word in enumerate(words):
            found = pymorphy.parses(word)
            if found and (found[0].tag.POS == "NOUN" if likely else _noun_parse(word) is not None):
                return i
    return None


def _inflect_adjective(word: str, grams: set[str]) -> str | None:
    for parse in pymorphy.parses(word):
        if parse.tag.POS in ("ADJF", "PRTF"):
            form = parse.inflect(grams)
            if form is not None:
                return form.word
    return None


# -- facts from a record --------------------------------------------------------


@lru_cache(maxsize=None)
def unit_words() -> frozenset[str]:
    """Lemmas of words that name a unit of an organisation, not the position:
    «лидер фракции КПРФ» is the leader (position) of «фракция КПРФ» (where)."""
    return load_words("title_units.txt")


@lru_cache(maxsize=None)
def national_offices() -> frozenset[str]:
    """Heads of titles held in a country's government («премьер-министр»)."""
    return load_words("national_offices.txt")


#: meeting sides we keep: a country as a side stands for its leader or delegation
MEETING_SIDES = ("PER", "ORG")
#: function words that a broken title phrase may start or end with
_EDGE_POS = {"CONJ", "PREP", "PRCL"}


def meeting_facts(record: Record) -> list[Fact]:
    """Meetings and calls with two or more people or organisations; repeats and subsets dropped."""
    names = {e.id: e.name for e in record.entities if e.type in MEETING_SIDES}
    groups: list[tuple[str, ...]] = []
    for event in record.events:
        if event.type not in MEETING_EVENTS:
            continue
        refs = [a.ref for a in event.arguments if a.role == "participant" and a.ref in names]
        participants = tuple(dict.fromkeys(names[ref] for ref in refs))
        if len(participants) >= 2 and not any(set(participants) <= set(g) for g in groups):
            groups = [g for g in groups if not set(g) < set(participants)] + [participants]
    return [Fact("Meeting", tuple(("Participant", name) for name in group)) for group in groups]


def _lemma(word: str) -> str:
    found = pymorphy.parses(word)
    return found[0].normal_form if found else word.lower()


def _pos(word: str) -> str | None:
    found = pymorphy.parses(word)
    return found[0].tag.POS if found else None


@lru_cache(maxsize=None)
def title_qualifiers() -> frozenset[str]:
    """«бывший», «известный»: adjectives of a title that are not part of the position."""
    return load_words("title_qualifiers.txt")


@lru_cache(maxsize=None)
def place_adjectives() -> dict[str, str]:
    """Adjective lemma → the place it names: countries («португальский» → Португалия)
    and regions («подмосковный» → Подмосковье)."""
    return load_words("nationalities.tsv", with_values=True) | load_words("place_adjectives.tsv", with_values=True)


_QUOTE_CHARS = "«»\"„“”"
_OPENING = "«„“"
_WORD = re.compile(rf"[{_QUOTE_CHARS}]|[^\s{_QUOTE_CHARS}]+")
#: prepositions that stay inside the name of a unit: «Отдел по взаимоотношениям
#: Церкви и общества», «совет при главном архитекторе»; others end it
#: («депутат парламента | от партии …», «глава представительства США | в регионе»)
UNIT_PREPOSITIONS = frozenset({"по", "при"})


def title_words(title: str) -> list[str]:
    """Words of a title with quotes as words of their own: «движения «Левый фронт»»."""
    return _WORD.findall(title)


def join_words(words: Sequence[str]) -> str:
    """The inverse of :func:`title_words`: quotes stick to the words they enclose."""
    out, open_plain = "", False
    for word in words:
        opening = word in _OPENING or (word == '"' and not open_plain)
        closing = word in _QUOTE_CHARS and not opening
        if word == '"':
            open_plain = not open_plain
        glue = "" if not out or closing or out[-1] in _OPENING or (out[-1] == '"' and open_plain and not closing) else " "
        out += glue + word
    return out


def clean_title(title: str) -> str:
    """Drop what a broken title phrase drags along: «писатель и» → «писатель»,
    «её основатель» → «основатель»."""
    words = title.split()
    while words and (_pos(words[-1]) in _EDGE_POS or (_pos(words[-1]) in ("ADJF", "PRTF") and words[-1].islower())):
        words.pop()
    while words and (_pos(words[0]) in _EDGE_POS or any("Apro" in p.tag for p in pymorphy.parses(words[0])[:1])):
        words.pop(0)
    return " ".join(words)


def _find_form(words: Sequence[str], entity: Entity, after: int) -> tuple[int, int] | None:
    """Word span (start, end) of the entity's earliest written form among
    ``words`` after index ``after``; quotes are ignored in the comparison and a
    closing quote right after the form is taken with it."""
    kept = [(i, normalise(w)) for i, w in enumerate(words) if w not in _QUOTE_CHARS and i > after]
    best = None
    for form in {entity.name, *(m.text for m in entity.mentions)}:
        needle = [normalise(w) for w in title_words(form) if w not in _QUOTE_CHARS]
        if not needle:
            continue
        for k in range(len(kept) - len(needle) + 1):
            if [w for _, w in kept[k : k + len(needle)]] == needle:
                start, end = kept[k][0], kept[k + len(needle) - 1][0] + 1
                if start - 1 > after and words[start - 1] in _OPENING:
                    start -= 1
                if end < len(words) and words[end] in _QUOTE_CHARS and words[end] not in _OPENING:
                    end += 1
                if best is None or start < best[0]:
                    best = (start, end)
                break
    return best


def _unit_end(words: Sequence[str], unit: int) -> int:
    """Where the name of a unit that starts at ``unit`` ends: at a preposition,
    unless one of :data:`UNIT_PREPOSITIONS` has opened its own part («отдел по
    связям с общественностью»)."""
    for k in range(unit + 1, len(words)):
        if _pos(words[k]) == "PREP":
            if words[k].lower() in UNIT_PREPOSITIONS:
                return len(words)
            return k
    return len(words)


def _is_adjective(word: str) -> bool:
    return _pos(word) in ("ADJF", "PRTF")


def _is_qualifier(word: str) -> bool:
    return any(p.normal_form in title_qualifiers() for p in pymorphy.parses(word)) or word.lower() in title_qualifiers()


def _nominative_start(words: Sequence[str], unit: int = 0) -> str:
    """«московского отделения движения «Солидарность»» → «московское отделение
    движения «Солидарность»»: the start up to the unit word (index ``unit``) and
    the lowercase words after it in the nominative, names as written."""
    cut = next((i for i, w in enumerate(words) if (i > unit or w.isupper()) and (w[:1].isupper() or w in _QUOTE_CHARS)), len(words))
    if cut == 0:
        return join_words(words)
    start = " ".join(words[:cut])
    return join_words([(nominative_phrase(start) or (start,))[0], *words[cut:]])


def split_title(title: str, places: Sequence[Entity]) -> tuple[str, str | None]:
    """Position and Where of one title.

    Where begins at the first organisation or place named after the title
    word, or at a unit word of an organisation («лидер фракции КПРФ» →
    («лидер», «фракция КПРФ»)); a unit phrase runs to the end or up to a
    preposition («депутат парламента от партии …» → «парламент»).  An
    adjective of a place before the title word is the Where when nothing
    follows it («подмосковный губернатор» → («губернатор», «Подмосковье»)).
    Qualifiers («бывший», «известный») are left out of the position.  With no
    place at all the title comes back whole, with ``None``.
    """
    words = title_words(title)
    head = _head_index(words)
    if head is None:
        return title, None
    found = sorted((span, entity) for entity in places if (span := _find_form(words, entity, head)))
    starts = {span[0]: (span, entity) for span, entity in reversed(found)}
    where, where_start = None, None
    for i in range(head + 1, len(words)):
        if i in starts:
            (start, end), entity = starts[i]
            where, where_start = entity.name, start
            # capitalised words right after it belong to it: «Исламского комитета | России»
            rest = list(itertools.takewhile(lambda w: w[:1].isupper(), words[end:]))
            if rest:
                where = f"{where} {' '.join(rest)}"
            break
        if _lemma(words[i]) in deictic_places():
            # «глава российского государства» → Россия; without an adjective the caller decides
            named = [k for k in range(head + 1, i) if _lemma(words[k]) in place_adjectives()]
            if named:
                where, where_start = place_adjectives()[_lemma(words[named[0]])], named[0]
            break
        if _lemma(words[i]) in unit_words():
            where_start = i
            while where_start - 1 > head and _is_adjective(words[where_start - 1]):
                where_start -= 1
            end = _unit_end(words, i)
            where = _nominative_start(words[where_start:end], i - where_start)
            break
    position = [w for w in words[: where_start if where_start is not None else len(words)]]
    # «наблюдатель от | ОБСЕ»; «глава государственной | Комиссии …», «вратарь из мюнхенской | Баварии»:
    # the preposition and the adjective belong to the organisation
    while len(position) > head + 1 and (
        _pos(position[-1]) == "PREP" or position[-1] in _QUOTE_CHARS or (where is not None and (_is_adjective(position[-1]) or _pos(position[-1]) == "ADVB"))
    ):
        position.pop()
    if where is None:
        adjectives = [i for i in range(head) if _lemma(words[i]) in place_adjectives()]
        if adjectives:
            where = place_adjectives()[_lemma(words[adjectives[0]])]
            position = [w for i, w in enumerate(position) if i not in adjectives]
        elif position == words:
            return title, None
    position = [w for i, w in enumerate(position) if i >= head or not _is_qualifier(w)]
    return join_words(position), where


def _adjacent_place(person: Entity, places: Sequence[Entity]) -> Entity | None:
    """An organisation or place written right before the person's name:
    «президент США Барак Обама» → США."""
    ends = {m.end: entity for entity in places for m in entity.mentions}
    for mention in person.mentions:
        if mention.start - 1 in ends:
            return ends[mention.start - 1]
    return None


@lru_cache(maxsize=None)
def countries() -> frozenset[str]:
    """Names of countries: those of ``nationalities.tsv`` and their other names."""
    aliases = load_words("country_aliases.tsv", with_values=True)
    return frozenset(load_words("nationalities.tsv", with_values=True).values()) | frozenset(aliases) | frozenset(aliases.values())


@lru_cache(maxsize=None)
def deictic_places() -> dict[str, str]:
    """«государство» → country, «город» → place: nouns that stand for a place named elsewhere."""
    return load_words("title_deictic_places.tsv", with_values=True)


def main_place(record: Record, *, country: bool) -> str | None:
    """The place (or, with ``country``, the country) mentioned most often in the
    document, when it is mentioned at least twice."""
    locs = [e for e in record.entities if e.type == "LOC" and (not country or e.name in countries())]
    locs.sort(key=lambda e: -len(e.mentions))
    return locs[0].name if locs and len(locs[0].mentions) >= 2 else None


def main_country(record: Record) -> str | None:
    """The country mentioned most often in the document, when it is mentioned at least twice."""
    return main_place(record, country=True)


#: how far before a person's mention (in characters) a country stands for a national office
NEAR_COUNTRY_CHARS = 300


def nearest_country(record: Record, person: Entity) -> str | None:
    """The country mentioned last before one of the person's mentions, close to it:
    «Италия. … Премьер-министр Берлускони» → Италия."""
    mentions = [(m.end, e.name) for e in record.entities if e.type == "LOC" and e.name in countries() for m in e.mentions]
    best = None
    for own in person.mentions:
        before = [(end, name) for end, name in mentions if own.start - NEAR_COUNTRY_CHARS <= end <= own.start]
        if before:
            end, name = max(before)
            if best is None or own.start - end < best[0]:
                best = (own.start - end, name)
    return best[1] if best else None


def _deictic_split(title: str) -> tuple[str, str] | None:
    """«мэр города» → («мэр», "place"), «глава государства» → («глава», "country")."""
    words = title_words(title)
    head = _head_index(words)
    if head is None:
        return None
    for i in range(head + 1, len(words)):
        kind = deictic_places().get(_lemma(words[i]))
        if kind is not None:
            return join_words(words[:i]), kind
        if not _is_adjective(words[i]):
            return None
    return None


def _is_national_office(title: str) -> bool:
    words = title.split()
    head = _head_index(words)
    return head is not None and _lemma(words[head]) in national_offices()


def occupation_facts(record: Record) -> list[Fact]:
    """One Occupation per title of each person whose Where is known.

    Where, in order: the organisation or place named in the title, one
    written right before the person's name, the person's nationality, and
    for a national office the country another title of the person names,
    else the place the document mentions most.
    """
    places = [e for e in record.entities if e.type in ("ORG", "LOC")]
    country = main_country(record)
    facts: list[Fact] = []
    for person in record.entities:
        if person.type != "PER":
            continue
        titles = [t for raw in person.attributes.get("titles") or [] if (t := clean_title(raw))]
        split = [split_title(title, places) for title in titles]
        own_country = next((where for _, where in split if where in countries()), None)
        named = {where for _, where in split}
        for title, (position, where) in zip(titles, split):
            if where is None and (near := _adjacent_place(person, places)) is not None and near.name not in named:
                where = near.name
            if where is None:
                where = person.attributes.get("nationality")
            if where is None and _is_national_office(title):
                where = own_country or nearest_country(record, person) or country
            if where is None and (deictic := _deictic_split(title)) is not None:
                # «глава государства», «мэр города»: the country or place the text is about
                position, kind = deictic
                where = own_country or country if kind == "country" else main_place(record, country=False)
            if where is not None and position:
                facts.append(Fact("Occupation", (("Who", person.name), ("Position", position), ("Where", where))))
    return list(dict.fromkeys(facts))


def record_facts(record: Record) -> list[Fact]:
    """Every fact we can state from one record."""
    return meeting_facts(record) + occupation_facts(record)


# -- gold facts -----------------------------------------------------------------


def _mention_texts(document: Document, coref: Coref) -> set[str]:
    texts = set()
    for obj in coref.objects:
        spans = sorted(obj.spans, key=lambda s: s.start)
        texts.add(" ".join(document.text[s.start : s.stop] for s in spans))
        texts.add(document.text[obj.start : obj.stop])
    return texts


def _coref_names(coref: Coref) -> set[str]:
    """Names of a coreference group as the official scorer expands them."""
    values: dict[str, list[str]] = {}
    for key, value in coref.slots:
        if value:
            values.setdefault(key.rstrip("0123456789"), []).append(value)
    names: set[str] = set()
    parts = {k: values.get(k, []) for k in ("firstname", "lastname", "patronymic", "nickname")}
    if any(parts.values()):
        for combination in ("lfp", "fpl", "fp", "fl", "lf", "n", "f", "p", "l", "fn"):
            lists = [parts[{"f": "firstname", "l": "lastname", "p": "patronymic", "n": "nickname"}[c]] for c in combination]
            names.update(" ".join(words) for words in itertools.product(*lists) if words)
    for name in values.get("name", []):
        names.add(name)
        for descriptor in values.get("descriptor", []):
            if normalise(descriptor) not in normalise(name).split():
                names.update({f"{name} {descriptor}", f"{descriptor} {name}"})
    return names


def _alternatives(document: Document, slot: str, values: Sequence[FactValue], corefs: dict[str, Coref], spans: dict) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        found.extend(t for t in value.texts if t)
        if value.ref is None:
            continue
        kind, ref_id = value.ref
        if kind == "obj" and ref_id in corefs:
            found.extend(sorted(_mention_texts(document, corefs[ref_id]) | _coref_names(corefs[ref_id])))
        elif kind == "span" and ref_id in spans:
            span = spans[ref_id]
            found.append(document.text[span.start : span.stop])
    if slot == "position":
        found.extend(form for text in list(found) for form in nominative_phrase(text))
    return tuple(dict.fromkeys(t for t in found if t.strip()))


def gold_facts(document: Document, types: Sequence[str] = FACT_TYPES) -> list[GoldFact]:
    """The document's gold facts of ``types``, identical ones counted once."""
    corefs = {c.id: c for c in document.corefs}
    spans = {s.id: s for s in document.spans}
    facts, seen = [], set()
    for fact in document.facts:
        if fact.type not in types:
            continue
        slots = tuple(
            (slot.lower(), _alternatives(document, slot.lower(), values, corefs, spans))
            for slot, values in fact.slots
            if slot.lower() not in SPECIAL_SLOTS
        )
        # the same fact annotated at two places in the text («Посол» twice) is one fact
        key = (fact.type, frozenset(Counter((slot, frozenset(map(normalise, alts))) for slot, alts in slots).items()))
        if key not in seen:
            seen.add(key)
            facts.append(GoldFact(fact.id, fact.type, slots))
    return facts


# -- matching and scores ----------------------------------------------------------


def fact_matches(gold: GoldFact, predicted: Fact) -> bool:
    """Every gold slot is filled by a distinct predicted value of that slot."""
    if gold.type != predicted.type:
        return False
    unused = [(SLOT_ALIASES.get(s.lower(), s.lower()), v) for s, v in predicted.slots]
    for slot, alternatives in gold.slots:
        index = next((i for i, (s, v) in enumerate(unused) if s == slot and matches_any(v, alternatives)), None)
        if index is None:
            return False
        del unused[index]
    return True


def match_facts(gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> list[tuple[int, int]]:
    """A maximum one-to-one pairing of gold and predicted facts (indices)."""
    from .matching import max_matching

    pairs = max_matching(len(gold), len(predicted), lambda i, j: () if fact_matches(gold[i], predicted[j]) else None)
    return sorted(pairs.items())


def soft_quality(gold: GoldFact, predicted: Fact) -> float:
    """The official scorer's argument quality of one pair: matched gold slots over
    matched + unmatched gold slots + unmatched predicted slots; 0 when none match."""
    if gold.type != predicted.type:
        return 0.0
    matched, unmatched_predicted = set(), 0
    for slot, value in predicted.slots:
        slot = SLOT_ALIASES.get(slot.lower(), slot.lower())
        hit = next((i for i, (s, alts) in enumerate(gold.slots) if s == slot and matches_any(value, alts)), None)
        if hit is None:
            unmatched_predicted += 1
        else:
            matched.add(hit)
    return len(matched) / (len(gold.slots) + unmatched_predicted) if matched else 0.0


def soft_pairs(gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> list[tuple[int, int, float]]:
    """One-to-one pairs by descending :func:`soft_quality` (greedy)."""
    candidates = sorted(
        ((q, i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted) if (q := soft_quality(g, p)) > 0),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold, used_predicted, pairs = set(), set(), []
    for quality, i, j in candidates:
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            pairs.append((i, j, quality))
    return sorted(pairs)


def prf(matched: float, gold: int, predicted: int) -> tuple[float, float, float]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    #: strictly matched pairs
    matched: int = 0
    #: sum of the soft qualities of the soft pairs
    soft: float = 0.0

    def strict_prf(self) -> tuple[float, float, float]:
        return prf(self.matched, self.gold, self.predicted)

    def soft_prf(self) -> tuple[float, float, float]:
        return prf(self.soft, self.gold, self.predicted)


@dataclass
class FactScores:
    """Counts per fact type and overall, with the unmatched facts for a report."""

    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FACT_TYPES})
    missed: list[tuple[str, GoldFact]] = field(default_factory=list)
    spurious: list[tuple[str, Fact]] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        return Counts(*(sum(getattr(c, k) for c in self.by_type.values()) for k in ("gold", "predicted", "matched", "soft")))

    def add(self, doc_id: str, gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> None:
        predicted = list(dict.fromkeys(predicted))
        for fact in gold:
            self.by_type.setdefault(fact.type, Counts()).gold += 1
        for fact in predicted:
            self.by_type.setdefault(fact.type, Counts()).predicted += 1
        pairs = match_facts(gold, predicted)
        for i, _ in pairs:
            self.by_type[gold[i].type].matched += 1
        for i, _, quality in soft_pairs(gold, predicted):
            self.by_type[gold[i].type].soft += quality
        matched_gold, matched_pred = {i for i, _ in pairs}, {j for _, j in pairs}
        self.missed += [(doc_id, g) for i, g in enumerate(gold) if i not in matched_gold]
        self.spurious += [(doc_id, p) for j, p in enumerate(predicted) if j not in matched_pred]


def score_documents(documents: Sequence[Document], records: Sequence[Record]) -> FactScores:
    scores = FactScores()
    for document, record in zip(documents, records, strict=True):
        scores.add(document.id, gold_facts(document), [f for f in record_facts(record) if f.type in FACT_TYPES])
    return scores


def _figures(values: Sequence[float | None]) -> str:
    return "".join(f"{x:7.3f}" if x is not None else f"{'-':>7}" for x in values)


def format_report(scores: FactScores, *, documents: int, examples: int = 0, failed: Sequence[str] = ()) -> str:
    """The P/R/F1 table, strict and soft, beside the best published Track 3 figures."""
    lines = [
        f"FactRuEval-2016 facts (Track 3 types Meeting, Occupation): {documents} documents",
        f"{'':<11}{'strict':^21}{'soft (official-style)':^21}{'':6}{'best published':^21}",
        f"{'type':<11}{'P':>7}{'R':>7}{'F1':>7}{'P':>7}{'R':>7}{'F1':>7}{'':6}{'P':>7}{'R':>7}{'F1':>7}{'match':>7}{'gold':>6}{'pred':>6}",
    ]
    rows = [(name, scores.by_type[name], REFERENCE[name]) for name in FACT_TYPES]
    rows.append(("all", scores.overall, REFERENCE["all"]))
    for name, counts, reference in rows:
        lines.append(
            f"{name:<11}{_figures(counts.strict_prf())}{_figures(counts.soft_prf())}{'':6}{_figures(reference)}"
            f"{counts.matched:7d}{counts.gold:6d}{counts.predicted:6d}"
        )
    lines += [
        "strict: every gold slot matched (Levenshtein <= 2 on normalised strings), one-to-one facts.",
        "soft: the official scorer's per-argument quality, facts paired greedily one to one (an approximation).",
        "best published: Track 3 on the test collection with the official scorer; its 'all' covers all four fact types.",
    ]
    if failed:
        lines.append(f"analysis failed on {len(failed)} document(s), scored as empty: " + ", ".join(f"book_{d}" for d in failed))
    if examples:
        lines += ["", f"missed gold facts (first {examples}):"]
        for doc_id, fact in scores.missed[:examples]:
            lines.append(f"  book_{doc_id} {fact.type}: " + "; ".join(f"{s}={alts[0] if alts else ''}" for s, alts in fact.slots))
        lines += ["", f"unmatched predicted facts (first {examples}):"]
        for doc_id, fact in scores.spurious[:examples]:
            lines.append(f"  book_{doc_id} {fact.type}: " + "; ".join(f"{s}={v}" for s, v in fact.slots))
    return "\n".join(lines)


def run_facts(path: Path, *, limit: int | None = None, examples: int = 0) -> str:
    """Run ruevents over a FactRuEval folder and return the printable facts report."""
    import ruevents

    documents = load_folder(Path(path))[:limit]
    records = list(ruevents.extract_many([(d.text, {"doc_id": d.id}) for d in documents]))
    failed = [r.doc_id for r in records if any(e.startswith("analysis failed") for e in r.errors)]
    return format_report(score_documents(documents, records), documents=len(documents), examples=examples, failed=failed)
