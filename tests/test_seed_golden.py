"""Golden test: the seed article the project started from, through the whole chain."""

from __future__ import annotations

import pytest

import ruevents

EXPECTED_PEOPLE = {
    # the headline names him by his title only
    "Валерий Герасимов": {"начальник Генштаба России", "Валерий Герасимов", "Герасимов", "Валерия Герасимова", "Валерием Герасимовым"},
    "Кертис Скапарротти": {"Кертис Скапарротти", "Кертисом Скапарротти", "Кертиса Скапарротти"},
    "Барак Обама": {"Барака Обамы"},
    "Петр Павел": {"Петром Павелом", "Петр Павел"},
    "Ильхам Алиев": {"Ильхам Алиев", "Алиева"},
}


@pytest.fixture(scope="module")
def record(seed_text):
    return ruevents.extract(seed_text, doc_id="nato_russia_baku.txt")


def test_seed_people_and_their_canonical_names(record):
    people = {e.name: {m.text for m in e.mentions} for e in record.entities if e.type == "PER"}
    assert people == EXPECTED_PEOPLE


def test_seed_places_and_organisations(record, seed_text):
    names = {(e.type, e.name) for e in record.entities}
    assert {("LOC", "Баку"), ("LOC", "Вашингтон"), ("LOC", "Азербайджан"), ("ORG", "НАТО")} <= names
    record.check_offsets(seed_text)
    assert record.errors == []
