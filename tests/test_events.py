"""Events stage: triggers from the lexicon, arguments from syntax, modality."""

from __future__ import annotations

import pytest

import ruevents


def events_of(text: str):
    record = ruevents.extract(text)
    names = {e.id: e.name for e in record.entities}
    return [
        (v.type, v.modality, v.trigger.text, sorted(names[a.ref] for a in v.arguments if a.role == "participant"),
         [names[a.ref] for a in v.arguments if a.role == "place"])
        for v in record.events
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # subject + comitative
        ("Сергей Лавров встретился с Ван И в Пекине.", ("meeting", "asserted", "встретился", ["Ван И", "Сергей Лавров"], ["Пекин"])),
        # coordination «X и Y встретились»
        ("Владимир Путин и Реджеп Эрдоган встретились в Анкаре.", ("meeting", "asserted", "встретились", ["Владимир Путин", "Реджеп Эрдоган"], ["Анкара"])),
        # genitive of a nominalisation, place on the light verb
        ("В Женеве состоялась встреча Владимира Путина и Джо Байдена.", ("meeting", "asserted", "встреча", ["Владимир Путин", "Джо Байден"], ["Женева"])),
        # «между X и Y»
        ("В Минске прошли переговоры между Александром Лукашенко и Владимиром Путиным.", ("meeting", "asserted", "переговоры", ["Александр Лукашенко", "Владимир Путин"], ["Минск"])),
        # multi-word trigger wins over its parts
        ("Эммануэль Макрон провел телефонный разговор с Олафом Шольцем.", ("phone_call", "asserted", "телефонный разговор", ["Олаф Шольц", "Эммануэль Макрон"], [])),
        # the controller of «планирует встретиться» and future modality
        ("Антониу Гутерриш планирует встретиться с Владимиром Зеленским.", ("meeting", "planned", "встретиться", ["Антониу Гутерриш", "Владимир Зеленский"], [])),
        # negation
        ("Встреча Дональда Трампа и Ким Чен Ына в Ханое не состоялась.", ("meeting", "negated", "Встреча", ["Дональд Трамп", "Ким Чен Ын"], ["Ханой"])),
        # a visit and its destination
        ("Премьер-министр Индии Нарендра Моди прибыл в Москву.", ("visit", "asserted", "прибыл", ["Нарендра Моди"], ["Москва"])),
        # a statement: the person speaks, not the organisation in their title
        ("Официальный представитель МИД России Мария Захарова заявила, что ответ последует.", ("statement", "asserted", "заявила", ["Мария Захарова"], [])),
    ],
)
def test_events_arguments_from_syntax(text, expected):
    assert expected in events_of(text)


def test_events_where_resolves_to_its_antecedent(seed_text):
    found = events_of(seed_text)
    assert ("meeting", "planned", "встретиться", ["Валерий Герасимов", "Кертис Скапарротти"], ["Баку"]) in found


def test_events_noun_repeating_the_verb_is_not_a_second_event():
    found = events_of("Глава МИД Сергей Лавров прибыл с официальным визитом в Пекин.")
    assert [e[0] for e in found] == ["visit"]


def test_events_seed_article(seed_text):
    found = events_of(seed_text)
    assert ("phone_call", "asserted", "телефонный разговор", ["Валерий Герасимов", "Петр Павел"], []) in found
    assert ("meeting", "asserted", "переговоры", ["Валерий Герасимов", "Петр Павел"], ["Баку"]) in found
    assert ("statement", "asserted", "сообщил", ["Петр Павел"], ["Вашингтон"]) in found
    assert ("statement", "asserted", "заявил", ["Ильхам Алиев"], []) in found
    assert ("visit", "asserted", "прибыл", ["Валерий Герасимов"], ["Баку"]) in found


def test_events_records_are_well_formed(seed_text):
    record = ruevents.extract(seed_text)
    record.check_offsets(seed_text)
    refs = {e.id for e in record.entities} | {t.id for t in record.times}
    assert record.events
    for event in record.events:
        assert 0 <= event.confidence <= 1
        assert all(a.ref in refs for a in event.arguments)


def test_events_title_in_headline_stands_for_the_person(seed_text):
    record = ruevents.extract(seed_text)
    gerasimov = next(e for e in record.entities if e.name == "Валерий Герасимов")
    assert "начальник Генштаба России" in [m.text for m in gerasimov.mentions]
    headline_visit = next(v for v in record.events if v.type == "visit")
    assert [a.ref for a in headline_visit.arguments if a.role == "participant"] == [gerasimov.id]


def test_events_the_sides_are_the_pair_just_mentioned():
    found = events_of("Сергей Лавров провел переговоры с Ван И в Пекине. Стороны обсудили ситуацию в Корее.")
    assert ("meeting", "asserted", "обсудили", ["Ван И", "Сергей Лавров"], []) in found


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Сергей Лавров встретится с Ван И в Пекине.", "встретится", "planned"),
        ("Владимир Путин пригласил Си Цзиньпина посетить Москву.", "посетить", "planned"),
        ("Предстоящие переговоры Лаврова и Блинкена пройдут в Женеве.", "переговоры", "planned"),
        ("Встреча Лаврова и Блинкена не состоялась.", "Встреча", "negated"),
        ("Водитель Иван Петров не пострадал и был задержан полицией.", "задержан", "asserted"),
        ("Если Байден приедет в Москву, Путин встретится с ним.", "приедет", "hypothetical"),
        ("Песков допустил возможную встречу Путина и Байдена.", "встречу", "hypothetical"),
        ("Мэй останется главой правительства, пока партия не изберёт нового лидера.", "изберёт", "planned"),
        ("Сергей Лавров встретился с Ван И в Пекине.", "встретился", "asserted"),
    ],
)
def test_events_modality(text, trigger, expected):
    record = ruevents.extract(text)
    found = {v.trigger.text: v.modality for v in record.events}
    assert found.get(trigger) == expected, found


def test_events_place_on_a_participle_of_the_event_noun(seed_text):
    record = ruevents.extract(seed_text)
    names = {e.id: e.name for e in record.entities}
    places = [
        (names[a.ref], a.text)
        for v in record.events
        for a in v.arguments
        if a.role == "place" and v.trigger.text == "встречи"
    ]
    assert ("Баку", "азербайджанской столице") in places


def test_events_object_control_the_invited_one_visits():
    found = events_of("Президент России Владимир Путин прибыл в Пекин. Си Цзиньпин пригласил российского президента посетить Шанхай.")
    assert ("visit", "planned", "посетить", ["Владимир Путин"], ["Шанхай"]) in found


def test_events_noun_event_belongs_to_the_subject_above_it():
    found = events_of("Тереза Мэй объявила об уходе с поста лидера партии.")
    assert ("resignation", "asserted", "уходе", ["Тереза Мэй"], []) in found


def test_events_possessive_pronoun_points_back_to_the_person():
    found = events_of("Мария Захарова прилетела в Минск. Её визит продлится два дня. По словам Сергея Лаврова, всё готово.")
    assert ("visit", "planned", "визит", ["Мария Захарова"], []) in found
    assert ("statement", "asserted", "словам", ["Сергей Лавров"], []) in found
