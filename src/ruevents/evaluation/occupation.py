"""Occupation facts from a record: one per title of a person whose Where is known.

When an organisation or place of the document is named inside the title
(«председатель Военного комитета НАТО»), ``Position`` is the part before it
(«председатель») and ``Where`` its canonical name («Военный комитет НАТО»);
a unit word between them goes to ``Where`` («лидер фракции КПРФ» → лидер,
фракция КПРФ), and so does an adjective of a place («подмосковный
губернатор» → губернатор, Подмосковье) (:mod:`.title_split`).  Otherwise
``Where`` is, in order: an organisation or place written right before the
person's name («президент США Барак Обама»), the person's ``nationality``
(«чешский генерал» → Чехия), and for a national office («премьер-министр»)
the country of another title of the person, else the place the document
mentions most.  A title with no ``Where`` at all («писатель») gives no fact:
FactRuEval annotates an occupation in an organisation or place (206 of the
207 devset Occupation facts have a ``Where``); the title stays in the record.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from ..lexicons import load_words
from ..records import Document as Record
from ..records import Entity
from .fact_matching import Fact
from .phrase_forms import head_index, word_lemma
from .title_split import clean_title, deictic_places, is_adjective, join_words, split_title, title_words


@lru_cache(maxsize=None)
def national_offices() -> frozenset[str]:
    """Heads of titles held in a country's government («премьер-министр»)."""
    return load_words("national_offices.txt")


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


def main_place(record: Record, *, country: bool) -> str | None:
    """The place (or, with ``country``, the country) mentioned most often in the
    document, when it is mentioned at least twice."""
    locs = [e for e in record.entities if e.type == "LOC" and (not country or e.name in countries())]
    locs.sort(key=lambda e: -len(e.mentions))
    return locs[0].name if locs and len(locs[0].mentions) >= 2 else None


def main_organisation(record: Record) -> str | None:
    """The organisation mentioned most often in the document, when it is mentioned at least twice."""
    orgs = sorted((e for e in record.entities if e.type == "ORG"), key=lambda e: -len(e.mentions))
    return orgs[0].name if orgs and len(orgs[0].mentions) >= 2 else None


def near_organisation(record: Record, person: Entity, chars: int = 15) -> str | None:
    """The organisation named closest to one of the person's mentions, within ``chars`` characters."""
    best = None
    for e in record.entities:
        if e.type != "ORG":
            continue
        for m in e.mentions:
            for own in person.mentions:
                gap = own.start - m.end if m.end <= own.start else m.start - own.end if m.start >= own.end else None
                if gap is not None and gap <= chars and (best is None or gap < best[0]):
                    best = (gap, e.name)
    return best[1] if best else None


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
    head = head_index(words)
    if head is None:
        return None
    for i in range(head + 1, len(words)):
        kind = deictic_places().get(word_lemma(words[i]))
        if kind is not None:
            return join_words(words[:i]), kind
        if not is_adjective(words[i]):
            return None
    return None


def _is_national_office(title: str) -> bool:
    """A post in a country's government («премьер-министр»), whose Where is that country."""
    words = title.split()
    head = head_index(words)
    return head is not None and word_lemma(words[head]) in national_offices()


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
            if where is None:
                where = near_organisation(record, person)
            if where is not None and position:
                facts.append(Fact("Occupation", (("Who", person.name), ("Position", position), ("Where", where))))
    return list(dict.fromkeys(facts))
