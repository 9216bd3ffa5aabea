"""Coreference stage: titles, affiliations and nationality of people; title-only mentions."""

from __future__ import annotations

import ruevents


def people(text: str) -> dict:
    record = ruevents.extract(text)
    return {e.name: e for e in record.entities if e.type == "PER"}


def test_coref_title_before_the_name():
    found = people("Президент Азербайджана Ильхам Алиев заявил, что встречи служат миру.")
    attributes = found["Ильхам Алиев"].attributes
    assert attributes["titles"] == ["президент Азербайджана"]
    assert attributes["org_name"] == "Азербайджан"


def test_coref_several_titles_and_nationality(seed_text):
    record = ruevents.extract(seed_text)
    pavel = next(e for e in record.entities if e.name == "Петр Павел")
    assert "председатель Военного комитета НАТО" in pavel.attributes["titles"]
    assert "генерал" in pavel.attributes["titles"]
    assert pavel.attributes["nationality"] == "Чехия"
    gerasimov = next(e for e in record.entities if e.name == "Валерий Герасимов")
    assert "глава российского Генштаба" in gerasimov.attributes["titles"]


def test_coref_title_never_runs_across_another_person(seed_text):
    record = ruevents.extract(seed_text)
    for entity in record.entities:
        for title in entity.attributes.get("titles", []):
            assert "Павел" not in title and "Герасимов" not in title


def test_coref_title_after_the_name():
    found = people("Сергей Лавров, министр иностранных дел России, прибыл в Пекин.")
    assert found["Сергей Лавров"].attributes["titles"] == ["министр иностранных дел России"]


def test_coref_vague_title_is_not_resolved():
    record = ruevents.extract("Президент выступил в Москве. Владимир Путин, президент России, прибыл в Казань.")
    putin = next(e for e in record.entities if e.name == "Владимир Путин")
    assert [m.text for m in putin.mentions] == ["Владимир Путин"]


def test_coref_capital_described_by_its_country_joins_the_city():
    record = ruevents.extract("Переговоры прошли в Баку. Встречи, проводимые в азербайджанской столице, стали регулярными.")
    baku = next(e for e in record.entities if e.name == "Баку")
    assert [m.text for m in baku.mentions] == ["Баку", "азербайджанской столице"]


def test_coref_capital_of_an_unnamed_city_stays_alone():
    record = ruevents.extract("Встречи прошли в азербайджанской столице.")
    assert all(e.name != "Баку" for e in record.entities)


def test_coref_title_with_a_nationality_joins_its_holder():
    record = ruevents.extract("Президент России Владимир Путин прибыл в Пекин. Си Цзиньпин пригласил российского президента на форум.")
    putin = next(e for e in record.entities if e.name == "Владимир Путин")
    assert [m.text for m in putin.mentions] == ["Владимир Путин", "российского президента"]
