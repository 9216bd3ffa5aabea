"""Names stage: canonical nominative names (``span._.canonical``) and their evaluation."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ruevents
from ruevents.evaluation import names as names_eval
from ruevents.names import canonical_name, nominative_by_ending, recover_shape

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEED = SHARED / "seed" / "nato_russia_baku.txt"
DEVSET = SHARED / "corpora" / "factrueval-2016" / "devset"


@pytest.fixture(scope="module")
def nlp():
    return ruevents.load()


def canonical(nlp, text: str, mention: str, label: str) -> str:
    """The canonical name of ``mention`` (its first occurrence) read as a ``label`` entity of ``text``."""
    doc = nlp(text)
    start = text.index(mention)
    span = doc.char_span(start, start + len(mention), label=label, alignment_mode="strict")
    assert span is not None, f"{mention!r} does not fall on token boundaries"
    return canonical_name(span)


# -- without the models -----------------------------------------------------------


@pytest.mark.parametrize(
    "word, original, expected",
    [
        ("герасимов", "Герасимовым", "Герасимов"),
        ("мид", "МИДа", "МИД"),
        ("нато", "НАТО", "НАТО"),
        ("пётр", "Петром", "Петр"),  # ё only where the text wrote it
        ("артём", "Артёмом", "Артём"),
        ("жан-клод", "Жан-Клода", "Жан-Клод"),
    ],
)
def test_names_recover_shape(word, original, expected):
    assert recover_shape(word, original) == expected


@pytest.mark.parametrize(
    "word, case, gender, expected",
    [
        ("Кертиса", "Gen", "masc", "Кертис"),
        ("Кертисом", "Ins", "masc", "Кертис"),
        ("Маехары", "Gen", "masc", "Маехара"),
        ("Андрея", "Gen", "masc", "Андрей"),
        ("Топаловым", "Ins", "masc", "Топалов"),
        ("Шольцем", "Ins", "masc", "Шольц"),
        ("Новожиловой", "Gen", "femn", "Новожилова"),
        ("Ивановых", "Plur", "femn", "Иванова"),
        ("Ивановых", "Plur", "masc", "Иванов"),
        ("Скапарротти", "Gen", "masc", None),  # foreign, does not decline
        ("Стингрей", "Gen", "femn", None),  # a woman's name ending in a consonant does not decline
    ],
)
def test_names_nominative_by_ending(word, case, gender, expected):
    assert nominative_by_ending(word, case, gender) == expected


@pytest.mark.parametrize(
    "form, lemma, same",
    [
        ("Юрию", "Юрий", True),
        ("Павелом", "Павел", True),
        ("Льва", "Лев", True),
        ("МИДе", "МИД", True),
        ("Китая", "КНР", False),
        ("В.", "Владимир", False),
    ],
)
def test_names_eval_same_stem(form, lemma, same):
    assert names_eval.same_stem(form, lemma) is same


def test_names_eval_loads_natasha_norm_without_natasha():
    norm = names_eval.load_natasha_norm()
    assert callable(norm.syntax_normalize) and callable(norm.normalize)
    assert "natasha" not in sys.modules and "pymorphy2" not in sys.modules


# -- persons ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Администрация Барака Обамы ввела санкции.", "Барака Обамы", "Барак Обама"),
        ("Переговоры с Валерием Герасимовым прошли в Баку.", "Валерием Герасимовым", "Валерий Герасимов"),
        ("Мы видели Владимира Путина на параде.", "Владимира Путина", "Владимир Путин"),
        ("Мы говорили о Дмитрии Медведеве.", "Дмитрии Медведеве", "Дмитрий Медведев"),
        ("Памятник Юрию Долгорукому стоит в Москве.", "Юрию Долгорукому", "Юрий Долгорукий"),
        ("Встреча с Александром Сергеевичем Пушкиным прошла.", "Александром Сергеевичем Пушкиным", "Александр Сергеевич Пушкин"),
        ("Встреча с В. В. Путиным прошла в Кремле.", "В. В. Путиным", "В. В. Путин"),
        ("Интервью дал Петр Павел.", "Петр Павел", "Петр Павел"),
    ],
)
def test_names_person_masculine(nlp, text, mention, expected):
    assert canonical(nlp, text, mention, "PER") == expected


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Встреча с Анной Ивановой прошла в Москве.", "Анной Ивановой", "Анна Иванова"),
        ("Журналисты дождались Ярославы Новожиловой у входа.", "Ярославы Новожиловой", "Ярослава Новожилова"),
        ("Награду вручили Ярославе Новожиловой.", "Ярославе Новожиловой", "Ярослава Новожилова"),
        ("Книга Марии Петровой вышла весной.", "Марии Петровой", "Мария Петрова"),
        ("Письмо Анне Ахматовой пришло.", "Анне Ахматовой", "Анна Ахматова"),
        ("Письмо Евгении Лебедевой пришло вчера.", "Евгении Лебедевой", "Евгения Лебедева"),
        ("Она встретилась с Ангелой Меркель.", "Ангелой Меркель", "Ангела Меркель"),
        ("Выступление Ангелы Меркель длилось час.", "Ангелы Меркель", "Ангела Меркель"),
        ("Речь Камалы Харрис транслировали.", "Камалы Харрис", "Камала Харрис"),
        ("Интервью Татьяны Толстой вышло.", "Татьяны Толстой", "Татьяна Толстая"),
    ],
)
def test_names_person_feminine(nlp, text, mention, expected):
    assert canonical(nlp, text, mention, "PER") == expected


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Генерал встретился с Петром Павелом.", "Петром Павелом", "Петр Павел"),
        ("Визит Петра Павела состоялся в марте.", "Петра Павела", "Петр Павел"),
        ("Встреча Кертиса Скапарротти и министра прошла в Брюсселе.", "Кертиса Скапарротти", "Кертис Скапарротти"),
        ("Генерал встретился с Кертисом Скапарротти.", "Кертисом Скапарротти", "Кертис Скапарротти"),
        ("Мы поговорили с Нэнси Пелоси.", "Нэнси Пелоси", "Нэнси Пелоси"),
        ("Он поговорил с Сергеем Шойгу.", "Сергеем Шойгу", "Сергей Шойгу"),
        ("Работы Зураба Церетели выставлены в галерее.", "Зураба Церетели", "Зураб Церетели"),
        ("Речь Шарля Азнавура тронула зал.", "Шарля Азнавура", "Шарль Азнавур"),
        ("Эммануэль Макрон провел телефонный разговор с Олафом Шольцем.", "Олафом Шольцем", "Олаф Шольц"),
        ("Он встретился с Йенсом Столтенбергом.", "Йенсом Столтенбергом", "Йенс Столтенберг"),
        ("Визит Жан-Клода Юнкера отменен.", "Жан-Клода Юнкера", "Жан-Клод Юнкер"),
        ("Заявление Мохаммеда аль-Барадеи опубликовано.", "Мохаммеда аль-Барадеи", "Мохаммед аль-Барадеи"),
    ],
)
def test_names_person_foreign_and_indeclinable(nlp, text, mention, expected):
    assert canonical(nlp, text, mention, "PER") == expected


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Дом супругов Ивановых сгорел.", "Ивановых", "Иванов"),
        ("Магазин братьев Ивановых закрылся.", "Ивановых", "Иванов"),
        ("Концерт сестёр Ивановых прошёл в Туле.", "Ивановых", "Иванова"),
        ("Мы встретили сестёр Смирновых.", "Смирновых", "Смирнова"),  # tagged singular, plural in the dictionary
        ("Дочерей Смирновых наградили.", "Смирновых", "Смирнова"),
    ],
)
def test_names_person_plural_family(nlp, text, mention, expected):
    assert canonical(nlp, text, mention, "PER") == expected


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Мяч достался Артёму Сёмину.", "Артёму Сёмину", "Артём Сёмин"),
        ("Гол забил Артём Сёмин.", "Артём Сёмин", "Артём Сёмин"),
        ("Генерал встретился с Петром Павелом.", "Петром Павелом", "Петр Павел"),
    ],
)
def test_names_person_yo_only_where_written(nlp, text, mention, expected):
    assert canonical(nlp, text, mention, "PER") == expected


# -- organisations and places -------------------------------------------------------


@pytest.mark.parametrize(
    "text, mention, label, expected",
    [
        ("Председатель Военного комитета НАТО прибыл в Баку.", "Военного комитета НАТО", "ORG", "Военный комитет НАТО"),
        ("Он долго жил в Соединенных Штатах.", "Соединенных Штатах", "LOC", "Соединенные Штаты"),
        ("Переговоры прошли в азербайджанской столице.", "азербайджанской столице", "LOC", "азербайджанская столица"),
        ("Она приехала из Нижнего Новгорода.", "Нижнего Новгорода", "LOC", "Нижний Новгород"),
        ("Он работал в Государственной думе.", "Государственной думе", "ORG", "Государственная дума"),
        ("Ученые из Московского государственного университета открыли звезду.", "Московского государственного университета", "ORG", "Московский государственный университет"),
        ("Решение Организации Объединенных Наций поддержали.", "Организации Объединенных Наций", "ORG", "Организация Объединенных Наций"),
        ("Переговоры прошли в Вооруженных силах России.", "Вооруженных силах России", "ORG", "Вооруженные силы России"),
        ("Солисты Большого и Мариинского театров выступили вместе.", "Мариинского театров", "ORG", "Мариинский театр"),
        ("Сбросы загрязняют воду реки Славянки.", "реки Славянки", "LOC", "река Славянка"),
        ("Он прилетел в Лос-Анджелес из Нью-Йорка.", "Нью-Йорка", "LOC", "Нью-Йорк"),
    ],
)
def test_names_phrase_agreement(nlp, text, mention, label, expected):
    assert canonical(nlp, text, mention, label) == expected


@pytest.mark.parametrize(
    "text, mention, label, expected",
    [
        ("Об этом сообщает пресс-служба Минобороны РФ.", "Минобороны РФ", "ORG", "Минобороны РФ"),
        ("Представитель МИДа России заявил об этом.", "МИДа России", "ORG", "МИД России"),
        ("Делегация НАТО прибыла в Баку.", "НАТО", "ORG", "НАТО"),
        ("Главком ОВС НАТО встретился с коллегой.", "ОВС НАТО", "ORG", "ОВС НАТО"),
        ("Он прилетел в Сан-Франциско.", "Сан-Франциско", "LOC", "Сан-Франциско"),
    ],
)
def test_names_abbreviations_and_indeclinables_stay(nlp, text, mention, label, expected):
    assert canonical(nlp, text, mention, label) == expected


def test_names_stage_sets_canonical_on_entities(nlp):
    doc = nlp("Встреча с Анной Ивановой прошла в Москве.")
    assert {(e.text, e._.canonical) for e in doc.ents} >= {("Анной Ивановой", "Анна Иванова"), ("Москве", "Москва")}
    record = ruevents.extract("Встреча с Анной Ивановой прошла в Москве.")
    assert {"Анна Иванова", "Москва"} <= {e.name for e in record.entities}


# -- golden: the seed article --------------------------------------------------------

SEED_PEOPLE = {
    "Валерий Герасимов": "Валерий Герасимов",
    "Валерия Герасимова": "Валерий Герасимов",
    "Валерием Герасимовым": "Валерий Герасимов",
    "Герасимов": "Герасимов",
    "Кертис Скапарротти": "Кертис Скапарротти",
    "Кертиса Скапарротти": "Кертис Скапарротти",
    "Кертисом Скапарротти": "Кертис Скапарротти",
    "Барака Обамы": "Барак Обама",
    "Петр Павел": "Петр Павел",
    "Петром Павелом": "Петр Павел",
    "Ильхам Алиев": "Ильхам Алиев",
    "Алиева": "Алиев",
}


def test_names_seed_article_people(nlp):
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent")
    doc = nlp(SEED.read_text(encoding="utf-8"))
    found = {e.text: e._.canonical for e in doc.ents if e.label_ == "PER"}
    assert {"Кертиса Скапарротти", "Барака Обамы", "Валерием Герасимовым", "Петром Павелом"} <= set(found)
    assert found == {mention: SEED_PEOPLE.get(mention) for mention in found}


# -- the devset: ours against natasha's normaliser -------------------------------------


def test_names_devset_not_below_natasha(nlp):
    if not DEVSET.is_dir():
        pytest.skip(f"{DEVSET} is absent")
    scores = names_eval.evaluate(DEVSET, nlp=nlp)
    assert len(scores.results) > 2000
    for type_ in ("PER", "ORG", "LOC", None):
        ours, total = scores.accuracy("ours", type_)
        natasha, _ = scores.accuracy("natasha", type_)
        assert ours >= natasha, f"{type_ or 'all'}: ruevents {ours}/{total} below natasha {natasha}/{total}"


def test_names_stage_reads_the_document_once_for_all_mentions(nlp, monkeypatch):
    # the nominatives of a document used to be recomputed for every person
    # mention (quadratic: a 100 kB text spent 11 s in this stage)
    from ruevents import names as names_module
    from ruevents.stages import names as names_stage_module

    text = "Министр встретился с Сейджи Маехарой. Маехара заявил, что Сейджи Маехара и Джон Керри договорились."
    calls = []
    counting = lambda doc: calls.append(doc) or names_module.document_nominatives(doc)  # noqa: E731
    monkeypatch.setattr(names_stage_module, "document_nominatives", counting)
    doc = nlp(text)
    people = [ent for ent in doc.ents if ent.label_ == "PER"]
    assert len(people) >= 3 and len(calls) == 1
    # the same names as one mention at a time
    assert [ent._.canonical for ent in people] == [canonical_name(ent) for ent in people]
