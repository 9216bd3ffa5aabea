"""Events stage: triggers from the lexicon, arguments from syntax, modality."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
        # a group named by its countries: both coordinated genitives, not only the first
        ("Встреча президентов России и США не состоится.", ("meeting", "negated", "Встреча", ["Россия", "США"], [])),
        # a visit to an organisation, when no place is named: the organisation is the destination
        ("Министр Иван Сомов посетил Московский зоопарк.", ("visit", "asserted", "посетил", ["Иван Сомов"], ["Московский зоопарк"])),
        # a call named by «звонок»
        ("Звонок Олафа Шольца Владимиру Путину продолжался около часа.", ("phone_call", "asserted", "Звонок", ["Владимир Путин", "Олаф Шольц"], [])),
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
    # («Стороны обсудили…» would tell the content of those talks, no event of its own: the guidelines)
    found = events_of("Сергей Лавров провел переговоры с Ван И в Пекине. Стороны договорились продолжить контакты.")
    assert ("agreement", "asserted", "договорились", ["Ван И", "Сергей Лавров"], []) in found


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


@pytest.mark.parametrize(
    "text",
    [
        # the parser hangs the object on the infinitive
        "Президент Франции Эммануэль Макрон прибыл в Берлин. Канцлер Германии также пригласил французского коллегу посетить Гамбург.",
        # the parser hangs the infinitive on the first verb of the coordination
        "Владимир Путин поблагодарил Нарендру Моди за поддержку и пригласил индийского премьера посетить Казань в октябре.",
    ],
)
def test_events_object_control_read_in_word_order(text):
    assert argument_texts(text, "посетить") in (["французского коллегу"], ["индийского премьера"])


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # the parser makes the pair a second subject of «завершилась»
        ("Встреча в Стамбуле завершилась безрезультатно: Армения и Азербайджан так и не договорились о перемирии.",
         "договорились", ["Армения", "Азербайджан"]),
        # «компании» read as a genitive of «форума»
        ("В ходе форума компании Яндекс и Сбербанк подписали соглашение о сотрудничестве.",
         "подписали соглашение", ["Яндекс", "Сбербанк"]),
    ],
)
def test_events_subject_hung_on_another_word_right_before_the_verb(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


def test_events_noun_event_belongs_to_the_subject_above_it():
    found = events_of("Тереза Мэй объявила об уходе с поста лидера партии.")
    assert ("resignation", "asserted", "уходе", ["Тереза Мэй"], []) in found


def test_events_possessive_pronoun_points_back_to_the_person():
    found = events_of("Мария Захарова прилетела в Минск. Её визит продлится два дня. По словам Сергея Лаврова, всё готово.")
    assert ("visit", "planned", "визит", ["Мария Захарова"], []) in found
    assert ("statement", "asserted", "словам", ["Сергей Лавров"], []) in found


def argument_texts(text: str, trigger: str, role: str = "participant") -> list[str]:
    """The mentions filling ``role`` in the event whose trigger is ``trigger``."""
    record = ruevents.extract(text)
    event = next(v for v in record.events if v.trigger.text == trigger)
    return [a.text for a in event.arguments if a.role == role]


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # the parser hangs «в Кремле» on the participle before the verb, across the verb
        ("Президент Сербии Александр Вучич, прилетевший в Москву накануне, в среду был принят Владимиром Путиным в Кремле.", "принят", ["Кремле"]),
        # «куда» as «где»: the place its antecedent names
        ("Бизнесмена Олега Рябова задержали в Сочи, куда он прилетел на отдых.", "прилетел", ["Сочи"]),
        # a part of the event and a modal before the light verb pass the verb's place on
        ("В Казани в среду прошёл основной день саммита ШОС.", "саммита", ["Казани"]),
        ("Следующая встреча министров может пройти в Вологде.", "встреча", ["Вологде"]),
        # a direction in the accusative is no place of an agreement
        ("Для него эта игра стала последней: ещё весной ван Бастен договорился о переходе в амстердамский «Аякс».", "договорился", []),
    ],
)
def test_events_place_the_parser_hung_elsewhere(text, trigger, expected):
    assert argument_texts(text, trigger, "place") == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # «с визитом» under a participle: the participle's person visits
        ("Президент Литвы Гитанас Науседа, находившийся в среду с визитом в Польше, заявил о поддержке Киева.", "визитом", ["Гитанас Науседа"]),
        # a participle on a noun in the predicate: the subject
        ("Губернатор Олег Рябов стал первым главой региона, посетившим Антарктиду.", "посетившим", ["Олег Рябов"]),
    ],
)
def test_events_participle_says_who_visits(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


def test_events_participle_on_a_title_takes_the_person_in_apposition():
    text = "Глава МИД Литвы Антанас Бразис, прибывший в Ригу накануне, встретился с коллегами."
    assert argument_texts(text, "прибывший") == ["Антанас Бразис"]


def test_events_call_to_a_person_in_the_dative_hung_elsewhere():
    text = "Вскоре после объявления результатов Ивану Сомову позвонил президент Сербии Милош Петрович."
    assert sorted(argument_texts(text, "позвонил")) == ["Ивану Сомову", "Милош Петрович"]


def test_events_person_addressed_in_a_call_is_its_other_side():
    text = "Премьер Болгарии Иван Сомов поздравил Олега Рябова с победой в телефонном разговоре."
    assert sorted(argument_texts(text, "телефонном разговоре")) == ["Иван Сомов", "Олега Рябова"]


def test_events_bare_title_stands_for_its_only_holder_named_before():
    text = "Канцлер Австрии Йозеф Майр прибыл в Прагу. Вечером канцлер заявил, что визит удался."
    assert argument_texts(text, "заявил") == ["канцлер"]


def test_events_pair_reference_falls_back_to_the_story_pair():
    text = (
        "Иван Сомов и Милош Петрович поговорили по телефону. Разговор длился час. "
        "Сомов заявил, что доволен. Петрович промолчал. Аналитики ждут перемен. "
        "Лично они последний раз встречались в Белграде."
    )
    assert sorted(argument_texts(text, "встречались")) == ["Петрович", "Сомов"]  # their latest mentions


def test_events_inherited_sides_are_read_where_the_sentence_names_them():
    text = "Иван Сомов и Милош Петрович провели переговоры в Белграде. Лично стороны не встречались: Сомов был в Софии, а Петрович — в Нише."
    assert sorted(argument_texts(text, "встречались")) == ["Петрович", "Сомов"]


def test_events_relative_pronoun_points_to_its_noun():
    text = "Премьер Ирина Котова, которую парламент назначил в мае, подала в отставку."
    assert argument_texts(text, "назначил") == ["Ирина Котова"]


@pytest.mark.parametrize(
    ("text", "trigger", "kind"),
    [
        ("Анна Белова стала премьер-министром Ромашкинии.", "стала премьер-министром", "appointment"),
        ("Министр поблагодарил Ивана Сомова за помощь.", "поблагодарил", "statement"),
        ("Иван Сомов направил телеграмму с соболезнованиями.", "направил телеграмму", "statement"),
        ("Президенты пообщались по видеосвязи.", "видеосвязи", "phone_call"),
        ("Грузовик врезался в автобус под Тулой.", "врезался", "accident"),
        ("Самолёт Ивана Сомова приземлился в Софии.", "приземлился", "visit"),
        ("Олег Крылов возглавил Союз садоводов.", "возглавил", "appointment"),
    ],
)
def test_events_triggers_of_the_guidelines(text, trigger, kind):
    record = ruevents.extract(text)
    assert (trigger, kind) in [(v.trigger.text, v.type) for v in record.events]


def test_events_an_organisation_is_the_venue_of_a_meeting_but_the_source_of_a_statement():
    text = "Переговоры Ивана Сомова и Милоша Петровича прошли в Кремле. В Кремле заявили, что довольны."
    assert argument_texts(text, "Переговоры", "place") == ["Кремле"]
    assert argument_texts(text, "заявили", "place") == []


def test_events_the_office_of_an_election_is_not_its_participant():
    assert argument_texts("Иван Сомов победил на выборах мэра Тулы.", "победил на выборах") == ["Иван Сомов"]


def test_events_the_post_in_a_predicate_is_not_a_participant():
    assert argument_texts("Анна Белова стала премьер-министром Болгарии.", "стала премьер-министром") == ["Анна Белова"]


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # «три лидера»: a numeral makes the noun a group
        ("Иван Сомов и Милош Петрович провели переговоры в Белграде. Тогда два лидера не смогли договориться.",
         "договориться", ["Иван Сомов", "Милош Петрович"]),
        # «американская сторона» is one side, not the pair
        ("Иван Сомов и госсекретарь США Джон Смит провели переговоры в Вене. Американская сторона пообещала ответ.",
         "пообещала", ["Американская сторона"]),
    ],
)
def test_events_groups_and_sides(text, trigger, expected):
    assert sorted(argument_texts(text, trigger)) == expected


def test_events_the_post_left_is_not_a_participant():
    text = "Тереза Ким заявила, что покинет пост лидера Консервативной партии."
    record = ruevents.extract(text)
    resignation = next(v for v in record.events if v.type == "resignation")
    assert [a.text for a in resignation.arguments if a.role == "participant"] == ["Тереза Ким"]


def test_events_a_comitative_of_another_contact_noun_stays_there():
    text = "Иван Сомов подписал заявление в ходе видеосвязи с Милошем Петровичем."
    assert argument_texts(text, "подписал") == ["Иван Сомов"]


def test_events_a_pronoun_finds_a_woman_named_by_a_masculine_title():
    text = "Премьер Ирина Котова выступила в парламенте. Голос премьера дрогнул, когда она сказала, что уходит."
    assert argument_texts(text, "сказала") == ["премьера"]


# --- cost: linear in the length of the document --------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
#: the packages whose executed lines are counted: our own rules, not the models
COUNTED = tuple(str(Path(ruevents.__file__).parent / package) + os.sep for package in ("events", "coref"))


def _sample_story(copies: int) -> str:
    """The sample texts, ``copies`` times over, as paragraphs of one document:
    the same people and titles again and again, as in a long digest."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(SAMPLE.glob("*.txt"))]
    return "\n\n".join(texts * copies)


def _lines_executed(nlp, text: str) -> dict[str, int]:
    """Lines of ``ruevents.events`` and ``ruevents.coref`` executed by the
    coreference and event stages on ``text``: a count of work that does not
    depend on the machine (loop iterations count, as each one runs its line)."""
    counts = {"ruevents_coref": 0, "ruevents_events": 0}
    doc = nlp.make_doc(text)
    for name, stage in nlp.pipeline:
        if name not in counts:
            doc = stage(doc)
            continue

        def local(frame, event, arg):
            if event == "line":
                counts[name] += 1
            return local

        def calls(frame, event, arg):
            return local if frame.f_code.co_filename.startswith(COUNTED) else None

        sys.settrace(calls)
        try:
            doc = stage(doc)
        finally:
            sys.settrace(None)
    return counts


@pytest.fixture(scope="module")
def work_by_length(nlp) -> tuple[dict[str, int], dict[str, int]]:
    return _lines_executed(nlp, _sample_story(1)), _lines_executed(nlp, _sample_story(4))


@pytest.mark.parametrize("stage", ["ruevents_coref", "ruevents_events"])
def test_events_and_coref_work_grows_linearly_with_the_document(work_by_length, stage):
    """Four times the text, about four times the work (3.9 when this was
    written).  A scan of every earlier event, mention or title holder for each
    new one makes it more: 29x for the events stage and 4.5x for coreference
    before the scans of ``_recent_contact``, ``antecedent``, ``event_times``
    and of the title holders were replaced by indexes."""
    short, long = work_by_length
    assert short[stage] > 1000, f"expected the {stage} stage to run our rules, got {short[stage]} lines"
    assert long[stage] / short[stage] < 4.3, f"expected about 4x the work for 4x the text in {stage}, got {long[stage] / short[stage]:.1f}x"


def test_events_one_mention_per_participant():
    import spacy
    from spacy.tokens import Span

    from ruevents.events.find import _one_per_entity
    from ruevents.events.mentions import ENTITY_OF
    from ruevents.events.triggers import TriggerMatch

    doc = spacy.blank("ru")("Президент России Владимир Путин и Си Цзиньпин провели переговоры")
    title, name, other = Span(doc, 0, 1, "PER"), Span(doc, 2, 4, "PER"), Span(doc, 5, 7, "PER")
    doc.user_data[ENTITY_OF] = {(title.start_char, title.end_char): "e1", (name.start_char, name.end_char): "e1",
                                (other.start_char, other.end_char): "e2"}
    kept = _one_per_entity([title, name, other], TriggerMatch([doc[7], doc[8]], "meeting"))
    assert [m.text for m in kept] == ["Владимир Путин", "Си Цзиньпин"]


def test_events_contact_a_speaker_refers_to_is_one_they_took_part_in():
    text = (
        "Сергей Лавров и Энтони Блинкен провели переговоры в Женеве. Ранее на саммите в Вене президенты "
        "Владимир Путин и Джо Байден договорились о диалоге. Лавров заявил, что переговоры были конструктивными."
    )
    record = ruevents.extract(text)
    names = {e.id: e.name for e in record.entities}
    last = [v for v in record.events if v.trigger.text == "переговоры"][-1]
    assert sorted(names[a.ref] for a in last.arguments if a.role == "participant") == ["Сергей Лавров", "Энтони Блинкен"]


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Мевлют Чавушоглу заявил, что Египет хотел бы участвовать в мирных переговорах.", "переговорах", ["Египет"]),
        ("Премьер Японии Фумио Кисида намерен принять участие в саммите в Мадриде.", "саммите", ["Фумио Кисида"]),
    ],
)
def test_events_event_noun_belongs_to_the_subject_of_the_verb_its_governor_completes(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Эммануэль Макрон выразил надежду на скорую встречу с Олафом Шольцем.", "встречу", ["Эммануэль Макрон", "Олафом Шольцем"]),
        ("Реджеп Эрдоган подписал меморандум в ходе видеосвязи с Владимиром Путиным.", "видеосвязи", ["Реджеп Эрдоган", "Владимиром Путиным"]),
    ],
)
def test_events_contact_noun_with_only_its_other_side_takes_the_subject_above(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


def test_events_one_who_speaks_of_a_visit_is_not_its_visitor():
    text = "Премьер Индии Нарендра Моди прибыл в Вену. Канцлер Австрии Карл Нехаммер назвал визит историческим."
    assert argument_texts(text, "визит") == ["Нарендра Моди"]  # the visitor just reported, not the host


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Канцлер Австрии Карл Нехаммер прилетел в Киев. Визит заранее не анонсировался.", "Визит", ["Карл Нехаммер"]),
        ("Премьер Чехии Петр Фиала пригласил Ивана Сомова приехать в Прагу. По словам Фиалы, сроки поездки пока не обсуждались.",
         "поездки", ["Ивана Сомова"]),
        # the story's own visit, when the latest one is further back
        ("Иван Сомов прибыл в Белград. Переговоры прошли в сербском парламенте. Лидеры обсудили энергетику. "
         "Затем Сомов возложил венок. Милош Петрович назвал визит историческим.", "визит", ["Сомов"]),
    ],
)
def test_events_visit_noun_without_a_visitor_continues_the_visit_just_reported(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Владимир Путин и Си Цзиньпин провели переговоры в Пекине. По итогам переговоров было подписано совместное заявление.",
        "Эммануэль Макрон и Олаф Шольц встретились в Берлине. Совместных документов по итогам встречи не подписывали.",
    ],
)
def test_events_signed_without_named_signatories_by_the_sides_just_met(text):
    record = ruevents.extract(text)
    names = {e.id: e.name for e in record.entities}
    agreement = next(v for v in record.events if v.type == "agreement")
    sides = [names[a.ref] for a in agreement.arguments if a.role == "participant"]
    assert len(sides) == 2 and sides == [names[a.ref] for a in record.events[0].arguments if a.role == "participant"]


def test_events_where_clause_on_a_noun_takes_the_subject_of_its_verb():
    text = "Премьер Индии Нарендра Моди в среду совершил официальный визит в Вену, где встретился с Карлом Нехаммером."
    assert argument_texts(text, "встретился") == ["Нарендра Моди", "Карлом Нехаммером"]


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # «пообещал» hung on «подготовит» inside the «что» clause
        ("Мэр Казани Ильсур Метшин заявил, что его команда подготовит отчёт о расходах, и пообещал опубликовать его в марте.",
         "пообещал", ["Ильсур Метшин"]),
        # «назвала» hung on «назначила» inside the relative clause
        ("Министр Анна Котова, которую губернатор назначила неделю назад, провела совещание и назвала ситуацию сложной.",
         "назвала", ["Анна Котова"]),
    ],
)
def test_events_conjunct_hung_inside_a_clause_shares_the_main_subject(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


def test_events_organisation_named_in_apposition_to_a_summit_takes_part():
    assert argument_texts("Саммит G7 пройдёт в Хиросиме в мае.", "Саммит") == ["G7"]


def test_events_subject_hung_elsewhere_before_a_parenthetical():
    text = "О поездке премьера заранее не сообщалось: Моди, по данным индийских СМИ, прилетел в Варшаву, а затем добрался до Киева на поезде."
    assert argument_texts(text, "прилетел") == ["Моди"]


def test_events_subject_the_parser_gave_to_a_later_verb_as_a_second_one():
    text = "Посол Франции Жан Дюбуа на прием не приехал по болезни, и речь вместо него произнес советник Пьер Мартен."
    assert argument_texts(text, "приехал") == ["Жан Дюбуа"]


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("Пресс-секретарь Иван Сомов сказал, что министр в ближайшие дни встретится с послом Сербии Милошем Петровичем.", "встретится"),
        ("Олег Рябов заявил, что личная встреча с Иваном Сомовым сейчас не планируется.", "встреча"),
    ],
)
def test_events_a_time_that_only_says_past_present_or_future_does_not_date_the_event(text, trigger):
    assert argument_texts(text, trigger, "time") == []


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # a visit noun the parser hung on a verb across a colon or semicolon is an event of its own …
        ("Губернатор Олег Рябов прилетел в Тверь во вторник; это его первый визит в регион.", "визит", []),
        # … and takes no time from across the break
        ("Это первый за 20 лет визит губернатора в Вологду: в прошлый раз Олег Рябов приезжал туда в 2004 году.", "визит", []),
    ],
)
def test_events_a_clause_break_parts_event_and_time(text, trigger, expected):
    assert argument_texts(text, trigger, "time") == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # a relative clause of place happens during the visit it hangs on
        ("Премьер Чехии Петр Фиала в понедельник совершил визит в Вильнюс, где встретился с президентом Литвы Гитанасом Науседой.", "визит", ["понедельник"]),
        ("Премьер Чехии Петр Фиала в понедельник совершил визит в Вильнюс, где встретился с президентом Литвы Гитанасом Науседой.", "встретился", ["понедельник"]),
        # the time of an invitation is not that of the visit
        ("Губернатор Олег Рябов в среду пригласил министра Ивана Сомова приехать в Тверь.", "приехать", []),
        # a plan's time is the planned event's; so is the time of a decree's clause
        ("Губернатор Олег Рябов в среду планирует встретиться с министром Иваном Сомовым.", "встретиться", ["среду"]),
        ("Во вторник губернатор Олег Рябов подписал указ, которым назначил Ивана Сомова своим заместителем.", "назначил", ["вторник"]),
    ],
)
def test_events_time_lent_by_the_predicates_above(text, trigger, expected):
    assert argument_texts(text, trigger, "time") == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Ночью губернатор Олег Рябов прилетел в Тверь.", "прилетел", []),
        ("Поздно вечером министр Иван Сомов встретился с послом Сербии Милошем Петровичем.", "встретился", []),
        # a time of day with its date keeps the date
        ("Вечером 30 августа министр Иван Сомов встретился с послом Сербии Милошем Петровичем.", "встретился", ["Вечером 30 августа"]),
    ],
)
def test_events_a_time_of_day_alone_does_not_date_the_event(text, trigger, expected):
    assert argument_texts(text, trigger, "time") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Премьер Чехии Петр Фиала прилетел в Баку. В аэропорту его встретил президент Азербайджана Ильхам Алиев.",
         [("meeting", "встретил", ["Ильхам Алиев", "Петр Фиала"])]),
        ("Глава МИД Венгрии Петер Сийярто прилетел в Пекин, где его принял председатель КНР Си Цзиньпин.",
         [("meeting", "принял", ["Петер Сийярто", "Си Цзиньпин"])]),
        # a bill is received by deputies or a bare title, not by someone named: no meeting
        ("Госдума рассмотрела законопроект о налогах. Депутаты приняли его в первом чтении.", []),
        ("Законопроект внёс председатель комитета Иван Сомов. Спикер принял его к рассмотрению.", []),
    ],
)
def test_events_guest_of_a_reception_named_by_a_pronoun(text, expected):
    found = [(kind, trigger, people) for kind, _, trigger, people, _ in events_of(text) if kind == "meeting"]
    assert found == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # the only time of the sentence belongs to the clause the trigger's clause hangs on
        ("Иван Сомов и Милош Петрович встречались и в понедельник: неформальная беседа продолжалась три часа.", "беседа", []),
        ("Генсек ООН Антониу Гутерриш, который прилетит в Казань в четверг, встретится с Иваном Сомовым.", "встретится", []),
        # a time of the verb above the trigger in its own clause is the trigger's
        ("Президент Сербии Милош Петрович в понедельник поздравил Ивана Сомова в телефонном разговоре.", "телефонном разговоре", ["понедельник"]),
    ],
)
def test_events_a_time_of_another_clause_does_not_date_the_event(text, trigger, expected):
    assert argument_texts(text, trigger, "time") == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Это первый визит премьера Чехии Петра Фиалы в Баку с 2019 года.", "визит", []),
        ("Это первая встреча Ивана Сомова и Милоша Петровича с марта 2021 года.", "встреча", []),
        # a «когда» clause hung on the time is dated by it
        ("Это первый визит Петра Фиалы в Баку с 2019 года, когда он посетил Гянджу.", "посетил", ["2019 года"]),
    ],
)
def test_events_a_time_a_stretch_starts_from_does_not_date_the_event(text, trigger, expected):
    assert argument_texts(text, trigger, "time") == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # a spokesman who speaks of the talks was not at them
        ("Иван Сомов и Милош Петрович провели переговоры в Белграде. Пресс-секретарь Олег Рябов назвал встречу продуктивной.",
         "встречу", ["Иван Сомов", "Милош Петрович"]),
        # a side who speaks of them still is one, with the other side of the contact he took part in
        ("Иван Сомов и Милош Петрович провели переговоры в Белграде. Петрович назвал встречу исторической.",
         "встречу", ["Иван Сомов", "Петрович"]),
    ],
)
def test_events_one_who_speaks_of_a_contact_is_a_side_only_if_he_took_part(text, trigger, expected):
    assert sorted(argument_texts(text, trigger)) == expected


def test_events_a_contact_that_happened_continues_one_that_happened_not_a_hope():
    text = (
        "Министры иностранных дел Иван Сомов и Милош Петрович провели переговоры в Вене. "
        "Канцлер Австрии Карл Нехаммер выразил надежду, что Белград и София вскоре подпишут договор. "
        "В ходе беседы министры согласовали текст коммюнике."
    )
    assert sorted(argument_texts(text, "беседы")) == ["Иван Сомов", "Милош Петрович"]


def test_events_light_verb_does_not_reach_a_noun_coordinated_below_its_object():
    # «провёл встречи …, а переговоры … прошли»: two meetings, not one trigger spanning both
    found = events_of("Владимир Путин провёл двусторонние встречи с Си Цзиньпином и Нарендрой Моди, а переговоры с Масудом Пезешкианом прошли в среду.")
    assert [(e[0], e[2]) for e in found] == [("meeting", "провёл двусторонние встречи"), ("meeting", "переговоры")]


def test_events_group_named_by_its_genitive_is_not_the_pair_just_mentioned():
    # «лидеров БРИКС» names its group; «лидеры» alone would be Путин and Си Цзиньпин
    text = "Путин и Си Цзиньпин провели переговоры в Кремле. На заседании лидеров БРИКС Путин заявил, что страны готовы сотрудничать."
    assert ("meeting", "asserted", "заседании", ["БРИКС"], []) in events_of(text)


def test_events_gathering_that_coreference_names_is_that_organisations():
    # «саммита» stands for «саммит БРИКС»: not the talks' pair reported in between
    text = "В Казани прошёл саммит БРИКС. Путин и Си Цзиньпин провели переговоры в Кремле. По итогам саммита была принята Казанская декларация."
    assert events_of(text)[-2] == ("meeting", "asserted", "саммита", ["БРИКС"], [])
    # and what was adopted after it is that organisation's agreement
    assert events_of(text)[-1] == ("agreement", "asserted", "принята Казанская декларация", ["БРИКС"], [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Соглашение о перемирии было достигнуто в Москве по итогам переговоров министров Армении и Азербайджана.", ("agreement", "достигнуто")),
        ("Трёхлетний контракт с форвардом, выступавшим за белградский «Партизан», заключён в среду.", ("agreement", "заключён")),
        ("Путин подчеркнул, что главной целью остаётся заключение мирного договора.", ("agreement", "заключение мирного договора")),
        ("Лидеры приняли совместное заявление о стратегической стабильности.", ("agreement", "приняли совместное заявление")),
    ],
)
def test_events_agreement_reached_concluded_or_adopted(text, expected):
    assert expected in [(v.type, v.trigger.text) for v in ruevents.extract(text).events]


def test_events_agreement_after_a_contact_is_by_its_sides():
    text = (
        "Путин и Байден встретились в Женеве. Переговоры Лаврова и Блинкена прошли отдельно. "
        "По итогам встречи Путина и Байдена лидеры приняли совместное заявление."
    )
    assert argument_texts(text, "приняли совместное заявление") == ["Путина", "Байдена"]


def test_events_plural_title_received_and_referred_to_is_the_pair_holding_it():
    text = (
        "Министр иностранных дел Армении Арарат Мирзоян и министр иностранных дел Азербайджана Джейхун Байрамов провели переговоры в Алма-Ате. "
        "Перед началом переговоров министров принял президент Казахстана Касым-Жомарт Токаев. Министры договорились продолжить работу."
    )
    found = events_of(text)
    # the guests «министров» are the pair just mentioned
    assert ("meeting", "asserted", "принял", ["Арарат Мирзоян", "Джейхун Байрамов", "Касым-Жомарт Токаев"], []) in found
    # «министры» are the two ministers of that reception, not the president who received them
    assert found[-1] == ("agreement", "asserted", "договорились", ["Арарат Мирзоян", "Джейхун Байрамов"], [])


def test_events_where_looks_inside_its_antecedents_phrase():
    # «где» hangs on «резиденции», which is no entity: the place is the one the phrase names
    found = events_of("Вечером Путин принял Моди в своей резиденции в Ново-Огарёве, где лидеры беседовали в неформальной обстановке.")
    assert found[-1][2] == "беседовали" and found[-1][4] == ["Ново-Огарёве"]


def events_with_times(text: str, date: str):
    record = ruevents.extract(text, date=date)
    return [(v.trigger.text, [a.text for a in v.arguments if a.role == "time"]) for v in record.events]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a time inside the clause said is not when it was said, whatever heads that clause
        ("Валерий Гергиев отметил, что уровень участников в этом году был исключительно высоким.", ("отметил", [])),
        # a statement's own verb only: the evening dates the admission, not «заявил»
        ("Пётр Порошенко признал поражение ещё вечером и заявил, что уходит с поста.", ("заявил", [])),
        ("Путин в понедельник заявил, что переговоры будут продолжены.", ("заявил", ["понедельник"])),
    ],
)
def test_events_statement_time_is_its_own_verbs(text, expected):
    assert expected in events_with_times(text, "2019-04-22")


def test_events_guest_received_in_the_passive():
    text = "Премьер-министр Венгрии Виктор Орбан в пятницу был принят Владимиром Путиным. Переговоры продлились около двух с половиной часов."
    found = events_of(text)
    assert ("meeting", "asserted", "принят", ["Виктор Орбан", "Владимир Путин"], []) in found
    # the talks that follow continue that reception
    assert ("meeting", "asserted", "Переговоры", ["Виктор Орбан", "Владимир Путин"], []) in found
    # a law passed by deputies receives no one
    assert events_of("Закон был принят депутатами в среду.") == []


def test_events_one_who_speaks_after_a_contact_had_it_with_the_other_side():
    text = "Виктор Орбан встретился с Владимиром Путиным в Кремле. Орбан заявил после встречи, что позиции сторон далеки."
    assert ("meeting", "asserted", "встречи", ["Виктор Орбан", "Владимир Путин"], []) in events_of(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # the one who accepts an invitation is the one who would visit
        ("Министр Цинь Ган принял приглашение посетить Вашингтон.", ("visit", "planned", "посетить", ["Цинь Ган"], ["Вашингтон"])),
        # the one it is passed to, not the one who sends it
        ("Сергей Лавров передал Ким Чен Ыну приглашение Владимира Путина посетить Россию.", ("visit", "planned", "посетить", ["Ким Чен Ын"], ["Россия"])),
        # the one whose decision it is
        ("МИД Украины назвал решение Антониу Гутерриша приехать в Россию ошибочным.", ("visit", "planned", "приехать", ["Антониу Гутерриш"], ["Россия"])),
        # a wish is hoped for
        ("Президент Эммануэль Макрон выразил желание посетить Пекин.", ("visit", "hypothetical", "посетить", ["Эммануэль Макрон"], ["Пекин"])),
    ],
)
def test_events_infinitive_hung_on_a_noun_is_done_by_who_holds_it(text, expected):
    assert expected in events_of(text)


def test_events_inserted_source_is_a_statement_of_its_own():
    # «по её словам» is not the manner of the verb beside it, as «прибыл с визитом» is
    found = events_of("Ольга Рябинина выступила в среду. По её словам, компания пообещала выплатить компенсацию.")
    assert [(e[0], e[1], e[2]) for e in found] == [
        ("statement", "asserted", "выступила"), ("statement", "asserted", "словам"), ("statement", "asserted", "пообещала")
    ]


def test_events_press_relaying_the_news_is_no_statement():
    found = events_of("Байден, по данным американских СМИ, прилетел в Польшу. Об этом сообщила телекомпания CNN.")
    assert [e[0] for e in found] == ["visit"]


def test_events_allowing_that_is_a_statement_a_mistake_is_not():
    assert [e[2] for e in events_of("Президент Дональд Трамп также допустил, что сам посетит Пхеньян.")] == ["допустил", "посетит"]
    assert events_of("Министр Иван Сомов допустил ошибку.") == []


def test_events_who_tells_of_a_visit_is_not_the_visitor():
    text = "Президент США Джо Байден прибыл в Киев. Советник Джейк Салливан сообщил, что Вашингтон уведомил Москву о поездке заранее."
    assert ("visit", "asserted", "поездке", ["Джо Байден"], []) in events_of(text)
    # but one side told with the other named is a side: «рассказал о переговорах с Блинкеном»
    assert ("meeting", "asserted", "переговорах", ["Сергей Лавров", "Энтони Блинкен"], []) in events_of("Сергей Лавров рассказал о переговорах с Энтони Блинкеном.")


def test_events_speaker_of_a_contact_with_another_is_its_first_side_unless_a_spokesperson():
    text = "Дональд Трамп говорил журналистам, что встреча с Владимиром Путиным, вероятно, пройдёт по плану."
    assert ("meeting", "planned", "встреча", ["Владимир Путин", "Дональд Трамп"], []) in events_of(text)
    text = "Пресс-секретарь Кремля Дмитрий Песков сообщил, что встреча с Дональдом Трампом не планируется."
    assert ("meeting", "negated", "встреча", ["Дональд Трамп"], []) in events_of(text)


def test_events_sides_discussing_tell_the_content_of_a_contact_not_a_new_one():
    text = "Сергей Лавров и Ван И провели переговоры в Пекине. Министры обсудили ситуацию на Корейском полуострове."
    assert [e[2] for e in events_of(text)] == ["провели переговоры"]
    # named sides discussing is a contact of its own
    assert [e[2] for e in events_of("Сергей Рябков и Венди Шерман обсудили в Женеве стратегическую стабильность.")] == ["обсудили"]


def test_events_terms_of_an_agreement_are_no_agreeing():
    assert events_of("Москва рассчитывает на неукоснительное выполнение договорённостей всеми сторонами.") == []
    assert [e[0] for e in events_of("Договорённости предусматривают безопасный проход судов с зерном.")] == []


def test_events_a_conversation_of_the_sides_of_an_earlier_call_is_that_call():
    text = (
        "Олаф Шольц провёл телефонный разговор с Владимиром Путиным. Лидеры не встречались с декабря. "
        "Шольц призвал к переговорам с Киевом. Владимир Зеленский заявил, что разговор Шольца с Путиным открыл «ящик Пандоры»."
    )
    assert ("phone_call", "asserted", "разговор", ["Владимир Путин", "Олаф Шольц"], []) in events_of(text)


def test_events_agreeing_that_is_a_statement():
    assert [e[2] for e in events_of("Тренер Марко ван Бастен согласился, что россияне были сильнее.")] == ["согласился"]
    assert "согласился" not in [e[2] for e in events_of("Президент Иван Сомов согласился на встречу с послом.")]


def test_events_admitting_is_a_statement_recognising_is_not():
    assert [e[2] for e in events_of("Рекс Тиллерсон признал, что уровень доверия между странами низок.")] == ["признал"]
    assert [e[2] for e in events_of("Обвиняемый Иван Сизов вину признал.")] == ["признал"]
    assert events_of("Россия признала независимость республики.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Губернатор Олег Рябов вернулся из Вологды в среду.", [("visit", "вернулся")]),
        ("Министр Иван Сомов ненадолго зашёл на территорию Казахстана.", [("visit", "зашёл")]),
        # no place named: no visit
        ("Грузовик выехал на встречную полосу и врезался в автобус.", []),
        ("Министр Иван Сомов вернулся к работе после болезни.", []),
    ],
)
def test_events_going_is_a_visit_only_to_a_named_place(text, expected):
    assert [(v.type, v.trigger.text) for v in ruevents.extract(text).events if v.type == "visit"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a thing that arrives is no visitor
        ("Поезд прибыл в Тверь с опозданием на два часа.", []),
        ("В Москву прибыла первая партия вакцины.", []),
        # a delegation, a plane with someone on board are
        ("Делегация Китая прибыла в Минск.", [("visit", "прибыла")]),
        ("Самолёт премьера Ивана Сомова приземлился в Минске.", [("visit", "приземлился")]),
        # leaving a post is no journey
        ("Премьер Иван Сомов отправился в отставку вслед за министром.", [("resignation", "отправился в отставку")]),
    ],
)
def test_events_visit_is_someone_travelling(text, expected):
    assert [(v.type, v.trigger.text) for v in ruevents.extract(text).events] == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # who wrote the text speaks
        ("Как говорится в сообщении Кремля, переговоры прошли в конструктивном ключе.", "говорится", ["Кремля"]),
        ("В заявлении МИД Франции отмечается, что Париж поддерживает диалог.", "отмечается", ["МИД"]),
    ],
)
def test_events_statement_read_in_a_text_is_its_authors(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the verb of speech a quote hangs on is no clause said by «допустить»
        ("«Мы не допустим эскалации», — подчеркнул глава МИД Китая Ван И.", [("statement", "подчеркнул")]),
        # a birthday is no birth
        ("Путин поздравил Си Цзиньпина с днём рождения.", [("statement", "поздравил")]),
        # addressing the nation is speaking; addressing a court is not
        ("Президент Казахстана Касым-Жомарт Токаев обратился к нации с посланием.", [("statement", "обратился к нации")]),
        ("Бизнесмен Олег Рябов обратился в суд с иском.", []),
    ],
)
def test_events_statements_said_and_not(text, expected):
    assert [(v.type, v.trigger.text) for v in ruevents.extract(text).events] == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # the noun names both sides: who proposes it is no side
        ("Ранее Эрдоган предложил провести встречу Путина и Зеленского в Стамбуле.", "провести встречу", ["Путина", "Зеленского"]),
        # with one side named, the subject above is the other
        ("Эрдоган предложил провести встречу с Зеленским в Стамбуле.", "провести встречу", ["Эрдоган", "Зеленским"]),
    ],
)
def test_events_who_proposes_a_contact_between_others_is_no_side(text, trigger, expected):
    assert argument_texts(text, trigger) == expected


def test_events_we_in_a_quote_includes_its_speaker():
    text = "«Мы договорились продолжить работу», — заявил после встречи глава МИД Армении Арарат Мирзоян."
    assert argument_texts(text, "договорились") == ["Арарат Мирзоян"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a role or a stance is no statement
        ("Анкара готова и дальше выступать посредником.", []),
        ("Инициатором беседы выступила российская сторона.", []),
        ("Министр Иван Сомов выступает за мирное урегулирование.", []),
        # speaking in public is
        ("Министр Иван Сомов выступил с речью перед студентами.", [("statement", "выступил")]),
    ],
)
def test_events_acting_as_or_for_is_no_statement(text, expected):
    assert [(v.type, v.trigger.text) for v in ruevents.extract(text).events if v.type == "statement"] == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Процесс над экс-губернатором Олегом Рябовым начнётся в понедельник.", "Процесс", ["Олегом Рябовым"]),
        ("Следственный комитет возбудил уголовное дело против директора завода Петра Котова.", "возбудил уголовное дело", ["Петра Котова"]),
    ],
)
def test_events_the_accused_of_a_trial_after_nad_and_protiv(text, trigger, expected):
    assert argument_texts(text, trigger) == expected
