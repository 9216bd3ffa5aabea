"""Acceptance: the events an analyst must get from the seed article, with all their arguments."""

from __future__ import annotations

import pytest

import ruevents

# (type, trigger, participants, place, time value without / with the document date)
EXPECTED = [
    ("visit", "прибыл", {"Валерий Герасимов"}, "Баку", ("XXXX-04-19", "2018-04-19")),
    ("meeting", "встретиться", {"Валерий Герасимов", "Кертис Скапарротти"}, "Баку", ("XXXX-04-19", "2018-04-19")),
    ("meeting", "встреча", {"Валерий Герасимов", "Кертис Скапарротти"}, "Баку", ("XXXX-01", "2018-01")),
    ("phone_call", "телефонный разговор", {"Валерий Герасимов", "Петр Павел"}, None, ("2017-03", "2017-03")),
    ("meeting", "встреча", {"Валерий Герасимов", "Петр Павел"}, "Баку", ("2017-09-07", "2017-09-07")),
    ("meeting", "переговоры", {"Валерий Герасимов", "Петр Павел"}, "Баку", ("2017-09-07", "2017-09-07")),
    ("statement", "сообщил", {"Петр Павел"}, "Вашингтон", ("2017-10", "2017-10")),
    ("statement", "заявил", {"Ильхам Алиев"}, None, ("2017-09-07", "2017-09-07")),
]


def _summaries(record):
    names = {e.id: e.name for e in record.entities}
    values = {t.id: t.value for t in record.times}
    for event in record.events:
        participants = {names[a.ref] for a in event.arguments if a.role == "participant"}
        places = [names[a.ref] for a in event.arguments if a.role == "place"]
        times = [values[a.ref] for a in event.arguments if a.role == "time"]
        yield event.type, event.trigger.text, participants, places[0] if places else None, times[0] if times else None


@pytest.mark.parametrize("with_date", [False, True], ids=["no-date", "date-2018-04-19"])
@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e[0]}-{e[1]}-{e[4][0]}" for e in EXPECTED])
def test_seed_event_found_with_all_arguments(seed_text, expected, with_date):
    record = ruevents.extract(seed_text, date="2018-04-19" if with_date else None)
    kind, trigger, participants, place, values = expected
    wanted = (kind, trigger, participants, place, values[with_date])
    assert wanted in list(_summaries(record))


def test_seed_roles_of_the_people(seed_text):
    record = ruevents.extract(seed_text)
    people = {e.name: e.attributes for e in record.entities if e.type == "PER"}
    assert "председатель Военного комитета НАТО" in people["Петр Павел"]["titles"]
    assert "президент Азербайджана" in people["Ильхам Алиев"]["titles"]
    assert "глава российского Генштаба" in people["Валерий Герасимов"]["titles"]
    assert any("НАТО" in title for title in people["Кертис Скапарротти"]["titles"])
