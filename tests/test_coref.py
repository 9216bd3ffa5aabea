"""Coreference stage: titles, affiliations and nationality of people; title-only mentions."""

from __future__ import annotations

import pytest

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


# --------------------------------------------------------------------------- titles in more shapes


def titles_of(text: str, name: str) -> list[str]:
    return people(text)[name].attributes.get("titles", [])


def test_coref_title_with_a_quoted_organisation():
    assert titles_of("Координатор движения «Зелёный берег» Игорь Смирнов выступил на митинге.", "Игорь Смирнов") == [
        "координатор движения «Зелёный берег»"
    ]


def test_coref_titles_chained_by_a_comma_before_the_name():
    titles = titles_of("На митинге выступил лидер Союза садоводов Тулы, депутат областной думы Олег Крылов.", "Олег Крылов")
    assert titles == ["лидер Союза садоводов Тулы", "депутат областной думы"]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("На форуме выступят Анна Белова - директор Института истории, Пётр Лосев - ректор Университета дружбы.",
         "Анна Белова", "директор Института истории"),
        ("На форуме выступят Анна Белова - директор Института истории, Пётр Лосев - ректор Университета дружбы.",
         "Пётр Лосев", "ректор Университета дружбы"),
        ("Как пояснил Игорь Зуев, бывший посол России в Чили, переговоры затянулись.", "Игорь Зуев", "бывший посол России в Чили"),
        ("Решение приняли Олег Рябов (главный тренер) и его помощники.", "Олег Рябов", "главный тренер"),
    ],
)
def test_coref_title_written_after_the_name(text, name, title):
    assert title in titles_of(text, name)


def test_coref_title_after_a_comma_agrees_with_the_name_in_case():
    # «Ивана Орлова» is accusative, «министр» nominative: the minister is someone else
    assert titles_of("Гости поблагодарили Ивана Орлова, министр финансов промолчал.", "Иван Орлов") == []


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Ольга Зимина является заместителем министра культуры.", "Ольга Зимина", "заместитель министра культуры"),
        ("Вадим Лебедев назначен послом России в Чили.", "Вадим Лебедев", "посол России в Чили"),
        ("Губернатор назначил Кирилла Носова министром здравоохранения.", "Кирилл Носов", "министр здравоохранения"),
        ("Борис Осипов родился в Туле. Сейчас он работает директором завода.", "Борис Осипов", "директор завода"),
        ("В мае Сергей Рогов занял пост мэра Казани.", "Сергей Рогов", "мэр Казани"),
        ("Андрей Белкин — бывший заместитель мэра Омска.", "Андрей Белкин", "бывший заместитель мэра Омска"),
    ],
)
def test_coref_title_given_in_the_predicate(text, name, title):
    assert title in titles_of(text, name)


def test_coref_candidate_for_a_post_does_not_hold_it():
    assert titles_of("Марина Лебедева стала кандидатом на пост мэра Казани.", "Марина Лебедева") == []


def test_coref_plural_title_is_not_one_persons():
    assert titles_of("Официальные представители Ивана Сомова отказались от комментариев.", "Иван Сомов") == []


def test_coref_title_never_takes_a_verb():
    for title in titles_of("Вместе с президентом приехали Дмитрий Павлов и Юрий Лосев.", "Дмитрий Павлов"):
        assert "приехали" not in title


def test_coref_title_without_a_name_stands_for_the_person_just_named():
    record = ruevents.extract("Иван Сомов отказался от поездки в Париж. Премьер-министр Болгарии заявил, что визит перенесут.")
    somov = next(e for e in record.entities if e.name == "Иван Сомов")
    assert [m.text for m in somov.mentions] == ["Иван Сомов", "Премьер-министр Болгарии"]
    assert somov.attributes["titles"] == ["премьер-министр Болгарии"]


def test_coref_title_without_a_name_skips_a_person_of_another_country():
    record = ruevents.extract("Президент Сербии Иван Сомов прибыл в Софию. Президент Болгарии заявил, что рад гостю.")
    somov = next(e for e in record.entities if e.name == "Иван Сомов")
    assert "Президент Болгарии" not in [m.text for m in somov.mentions]
    assert somov.attributes["titles"] == ["президент Сербии"]


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # a bare word for what someone does stands for the one just named
        ("В Москве простились с Иосифом Кобзоном. Проститься с певцом пришли тысячи людей.", "Иосиф Кобзон", ["Иосифом Кобзоном", "певцом"]),
        ("Президент Сербии Иван Сомов прибыл в Софию. Президент Болгарии заявил, что рад гостю.", "Иван Сомов", ["Иван Сомов", "гостю"]),
        # a feminine one only for a woman: «певица» skips Олег Рябов for Анна Титова
        ("Анна Титова выступила в Твери. Губернатор Олег Рябов поблагодарил артистов. Певица рассказала о новом альбоме.", "Анна Титова", ["Анна Титова", "Певица"]),
        ("Анна Титова выступила в Твери. Губернатор Олег Рябов поблагодарил артистов. Певица рассказала о новом альбоме.", "Олег Рябов", ["Олег Рябов"]),
    ],
)
def test_coref_epithet_stands_for_the_person_just_named(text, name, expected):
    record = ruevents.extract(text)
    person = next(e for e in record.entities if e.name == name)
    assert [m.text for m in person.mentions] == expected


def test_coref_title_before_a_name_set_off_by_commas():
    titles = titles_of("Бывший мэр Тулы, Олег Крылов, отказался от комментариев.", "Олег Крылов")
    assert titles == ["бывший мэр Тулы"]


def test_coref_title_in_a_relative_clause_goes_to_its_antecedent():
    titles = titles_of("Слово взяла Ирина Котова, которая является председателем профсоюза учителей Омска.", "Ирина Котова")
    assert titles == ["председатель профсоюза учителей Омска"]


def test_coref_title_after_the_name_led_by_a_participle():
    text = "Как отметил Иван Гусев, исполняющий обязанности директора Института химии, работа продолжится."
    assert titles_of(text, "Иван Гусев") == ["исполняющий обязанности директора Института химии"]


def test_coref_family_name_the_ner_missed_joins_its_person():
    record = ruevents.extract("Премьер-министром стала Лиз Трасс. Вечером Трасс пообещала снизить налоги.")
    truss = next(e for e in record.entities if e.name == "Лиз Трасс")
    assert [m.text for m in truss.mentions] == ["Лиз Трасс", "Трасс"]


def test_coref_title_with_a_nationality_in_an_object_names_the_person_without_a_title():
    record = ruevents.extract("Госсекретарь США Джон Смит прибыл в Берлин. Канцлер Германии пригласил американского коллегу на ужин.")
    smith = next(e for e in record.entities if e.name == "Джон Смит")
    assert "американского коллегу" in [m.text for m in smith.mentions]
    assert "Канцлер Германии" not in [m.text for m in smith.mentions]  # a title of another country
    assert smith.attributes["titles"] == ["госсекретарь США"]


def test_coref_title_after_a_name_is_not_taken_across_an_unrecognised_name():
    # if the NER misses «Ледли Кинг», the title before it is still not Лэмпард's
    from ruevents.coref.phrase import Title
    from ruevents.coref.titles import _ends_in_unknown_name

    nlp = ruevents.load()
    doc = nlp("Капитан клуба Тоттенхэм Хотспур Ледли Кинг ушёл.")
    title = Title(doc[0], list(doc[0:6]))
    assert _ends_in_unknown_name(title, entity_at={})
    assert not _ends_in_unknown_name(title, entity_at={i: {"type": "ORG"} for i in range(2, 6)})


def test_coref_country_named_in_two_ways_is_one_key():
    # «Председатель КНР» and «китайский лидер» are the same country's
    record = ruevents.extract("Председатель КНР Ли Вэй прибыл в Москву. Вечером китайский лидер встретился с министрами.")
    li = next(e for e in record.entities if e.name == "Ли Вэй")
    assert "китайский лидер" in [m.text for m in li.mentions]


def test_coref_possessive_is_not_part_of_a_title():
    titles = titles_of("Партия поддержала своего председателя Марину Лосеву.", "Марина Лосева")
    assert titles == ["председатель"]


def _parsed(rows: list[tuple], people: dict[str, tuple[int, int]], places: dict[str, tuple[int, int]]):
    """A hand-built Doc from ``(word, pos, lemma, head, dep, morph)`` rows (``head``
    absolute), its people and places as spans of tokens, with ``doc._.entities``
    as the NER stage leaves them; for parses the model gets wrong only in context."""
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    from ruevents.extensions import register_extensions

    register_extensions()

    doc = Doc(Vocab(), words=[r[0] for r in rows], spaces=[True] * len(rows), pos=[r[1] for r in rows],
              lemmas=[r[2] for r in rows], heads=[r[3] for r in rows], deps=[r[4] for r in rows],
              morphs=[r[5] for r in rows])
    spans = [(name, "PER", *span) for name, span in people.items()] + [(name, "LOC", *span) for name, span in places.items()]
    doc.ents = [Span(doc, start, end, label=label) for _, label, start, end in sorted(spans, key=lambda x: x[2])]
    doc._.entities = [
        {"id": f"e{n}", "type": label, "name": name, "mentions": [[doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)]]}
        for n, (name, label, start, end) in enumerate(spans, 1)
    ]
    return doc


def test_coref_title_right_before_a_name_is_that_names_even_when_misparsed():
    from ruevents.coref import resolve

    nom = "Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing"
    rows = [
        ("президент", "NOUN", "президент", 7, "nsubj", nom),
        ("Франции", "PROPN", "франция", 0, "nmod", "Case=Gen|Number=Sing"),
        ("Эммануэль", "PROPN", "эммануэль", 0, "appos", nom),
        ("Макрон", "PROPN", "макрон", 2, "flat:name", nom),
        ("президент", "NOUN", "президент", 7, "nsubj", nom),
        ("США", "PROPN", "сша", 0, "nmod", "Case=Gen|Number=Plur"),  # hung on the first «президент»
        ("Байден", "PROPN", "байден", 4, "appos", nom),
        ("созвонились", "VERB", "созвониться", 7, "root", "Number=Plur|Tense=Past|VerbForm=Fin"),
    ]
    doc = _parsed(rows, {"Эммануэль Макрон": (2, 4), "Джо Байден": (6, 7)}, {"Франция": (1, 2), "США": (5, 6)})
    resolve(doc)
    macron = next(e for e in doc._.entities if e["name"] == "Эммануэль Макрон")
    assert len(macron["mentions"]) == 1


def mention_texts(text: str, name: str) -> list[str]:
    return [m.text for m in people(text)[name].mentions]


def test_coref_title_in_an_object_is_not_the_subject_of_its_verb():
    text = "Сергей Лавров встретился с Ли Ён Хо. Лавров передал северокорейскому министру письмо от Владимира Путина."
    assert "северокорейскому министру" not in mention_texts(text, "Сергей Лавров")
    assert "северокорейскому министру" in mention_texts(text, "Ли Ён Хо")


def test_coref_title_without_a_name_prefers_the_person_known_to_fit_it():
    text = (
        "Глава МИД Франции Жан-Ив Ле Дриан прибыл в Токио, где встретился с премьером Японии Фумио Кисидой "
        "и его советником Хироси Като. Это первый визит французского министра в Японию за пять лет."
    )
    assert "французского министра" in mention_texts(text, "Жан-Ив Ле Дриан")


@pytest.mark.parametrize(
    "text, name, nominal",
    [
        ("Следственный комитет возбудил уголовное дело о халатности. Директор завода задержан, сообщили в ведомстве.",
         "Следственный комитет", "ведомстве"),
        ("МВД Казахстана проводит проверку. По данным ведомства, задержаны 30 человек.", "МВД", "ведомства"),
    ],
)
def test_coref_agency_noun_stands_for_the_state_body_named_last(text, name, nominal):
    record = ruevents.extract(text)
    organisation = next(e for e in record.entities if e.name == name)
    assert nominal in [m.text for m in organisation.mentions]


def test_coref_title_that_names_another_person_is_not_taken():
    text = (
        "Бербок и Блинкен встретились в Берлине\n\nМинистр иностранных дел Германии Анналена Бербок и "
        "госсекретарь США Энтони Блинкен в четверг провели переговоры в Берлине."
    )
    assert titles_of(text, "Анналена Бербок") == ["министр иностранных дел Германии"]


def test_coref_side_named_by_its_nationality_is_the_country():
    record = ruevents.extract("Консультации России и США прошли в Вене. Американская сторона пообещала дать письменный ответ, сообщил Сергей Рябков.")
    usa = next(e for e in record.entities if e.name == "США")
    assert [m.text for m in usa.mentions] == ["США", "Американская сторона"]


def test_coref_generic_title_as_subject_stands_for_the_titled_person_just_named():
    text = (
        "Совет директоров «Уралмаша» назначил генеральным директором Ивана Петрова. Петров заявил, что сохранит команду. "
        "В пятницу новый руководитель проведёт переговоры с делегацией компании «Сименс»."
    )
    assert "новый руководитель" in mention_texts(text, "Иван Петров")


@pytest.mark.parametrize(
    "text, guest",
    [
        ("Премьер Венгрии Ласло Сабо прилетел в Рим. Вечером итальянский премьер принял венгерского гостя во дворце Киджи.", "венгерского гостя"),
        ("Президент Чили Габриэль Ривас прибыл в Мадрид. Затем чилийский гость посетил Толедо.", "чилийский гость"),
    ],
)
def test_coref_guest_named_by_his_country_is_the_visitor_from_it(text, guest):
    record = ruevents.extract(text)
    visitor = next(e for e in record.entities if e.type == "PER")
    assert guest in [m.text for m in visitor.mentions]
    assert "гость" not in " ".join(visitor.attributes.get("titles", []))  # who one is to a host is not a post


def test_coref_becoming_a_guest_is_not_an_appointment():
    record = ruevents.extract("Гостями вечера стали актёр Игорь Савин и певица Анна Крылова.")
    assert not [v for v in record.events if v.type == "appointment"]


TABLE_TEXT = (
    "Президент России Владимир Путин в среду встретился в Пекине с председателем КНР Си Цзиньпином. "
    "Стороны обсудили торговлю, а министры подписали соглашение, которое вступит в силу в 2025 году."
)


def test_token_table_gives_what_spacy_gives(nlp):
    from ruevents.coref.tokens import (
        capitalised_words_outside_entities, children, morph_values, sentence, sentence_tokens, sentences, subtree, token_table,
        tokens_with_lemma,
    )

    doc = nlp(TABLE_TEXT)
    table = token_table(doc)
    assert [(s.start, s.end) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]
    for token in doc:
        assert table.tokens[token.i].i == token.i
        assert [c.i for c in children(token)] == [c.i for c in token.children]
        assert [t.i for t in subtree(token)] == [t.i for t in token.subtree]
        sent = sentence(token)
        assert (sent.start, sent.end) == (token.sent.start, token.sent.end)
        assert [t.i for t in sentence_tokens(token)] == [t.i for t in token.sent]
        for field in ("Case", "Number", "Gender", "Tense", "Aspect", "VerbForm", "Voice"):
            assert morph_values(token, field) == token.morph.get(field)
    words = frozenset({"президент", "председатель", "сторона", "нет такого слова"})
    assert [t.i for t in tokens_with_lemma(doc, words)] == [t.i for t in doc if t.lemma_ in words]
    assert [t.i for t in capitalised_words_outside_entities(doc)] == [
        t.i for t in doc if t.ent_iob_ == "O" and t.is_alpha and t.text[:1].isupper()
    ]
    for start in range(0, len(doc.text) + 1):  # every offset, in words and in the whitespace between them
        for end in (start, start + 1, start + 6, len(doc.text)):
            ours, theirs = table.span_of_chars(start, end, "PER"), doc.char_span(start, end, "PER", alignment_mode="expand")
            assert (ours and (ours.start, ours.end, ours.label_)) == (theirs and (theirs.start, theirs.end, theirs.label_))


def test_token_table_stays_with_its_doc(nlp):
    from ruevents.coref.tokens import TOKEN_TABLE, token_table

    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=["Путин", "прибыл", "в", "Пекин"], heads=[1, 1, 3, 1], deps=["nsubj", "root", "case", "obl"])
    token_table(doc)
    copy = doc.copy()  # tokens cannot be deep-copied: the copy goes without the table
    assert copy.user_data.get(TOKEN_TABLE) is None
    assert token_table(copy).doc is copy


def test_coref_side_of_a_deal_is_not_what_the_company_is():
    # «со стороны «Росток-Агро»» introduces the company as a side: a later «стороны» is not the company
    text = (
        "«Росток-Агро» и «ДонЗернТерминал» подписали соглашение о слиянии. Со стороны «Росток-Агро» его подписала "
        "генеральный директор Марина Белова, со стороны терминала — его основной владелец Артур Саакян."
    )
    record = ruevents.extract(text)
    mentions = [m.text for e in record.entities for m in e.mentions]
    assert "стороны" not in mentions


def test_coref_headline_title_with_country_joins_the_one_holder_named_without_it():
    # «канцлером Германии» above, «канцлером Олафом Шольцем» below
    text = "Премьер Индии встретился с канцлером Германии\n\nПремьер-министр Индии Нарендра Моди в понедельник провёл в Берлине переговоры с канцлером Олафом Шольцем."
    record = ruevents.extract(text)
    scholz = next(e for e in record.entities if e.name == "Олаф Шольц")
    assert "канцлером Германии" in [m.text for m in scholz.mentions]


def test_coref_guest_of_a_country_is_the_one_person_of_it():
    text = (
        # more than two sentences after the last name: the one person of Japan in the text
        "Премьер-министр Японии Фумио Кисида прибыл в Киев. Его встретил президент Украины Владимир Зеленский. "
        "Переговоры продлились три часа. Стороны обсудили восстановление энергетики. Визит не анонсировался. "
        "Затем японский гость посетил Бучу."
    )
    record = ruevents.extract(text)
    kishida = next(e for e in record.entities if e.name == "Фумио Кисида")
    assert "японский гость" in [m.text for m in kishida.mentions]
