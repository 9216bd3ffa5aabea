"""NER rules stage: each rule on a hand-built Doc, then the chain on real text."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ruevents.stages import ner_rules
from ruevents.stages.ner_rules import Ent


def make_doc(rows: list[tuple], *, ents: list[tuple[int, int, str]]) -> Doc:
    """A Doc from ``(word, pos, lemma, head, dep[, morph])`` rows; ``head`` is
    an absolute index (own index for the root), one tree = one sentence."""
    words = [r[0] for r in rows]
    doc = Doc(
        Vocab(),
        words=words,
        spaces=[True] * len(words),
        pos=[r[1] for r in rows],
        lemmas=[r[2] for r in rows],
        heads=[r[3] for r in rows],
        deps=[r[4] for r in rows],
        morphs=[r[5] if len(r) > 5 else "" for r in rows],
    )
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def texts(doc: Doc, ents: list[Ent]) -> list[tuple[str, str]]:
    return [(doc[e.start : e.end].text, e.label) for e in ents]


def run_rule(name: str, doc: Doc) -> list[tuple[str, str]]:
    return texts(doc, ner_rules.apply_rules(doc, [name]))


def test_ner_rules_strip_marks_drops_bullets_and_stray_brackets():
    doc = make_doc(
        [("•", "PUNCT", "•", 1, "punct"), ("Горацио", "PROPN", "горацио", 1, "root"), ("Элисондо", "PROPN", "элисондо", 1, "flat:name"), ("(", "PUNCT", "(", 1, "punct")],
        ents=[(0, 4, "PER")],
    )
    assert run_rule("strip_marks", doc) == [("Горацио Элисондо", "PER")]


@pytest.mark.parametrize(
    "words, expected",
    [
        (["Комитет", "защиты", "(", "КЗЖ", ")"], ["Комитет защиты", "КЗЖ"]),
        (["Бахрейн", "•", "Барбадос"], ["Бахрейн", "Барбадос"]),
        (["Москва-Сити"], ["Москва-Сити"]),
    ],
)
def test_ner_rules_split_at_separators(words, expected):
    doc = make_doc([(w, "PROPN", w.lower(), 0, "dep") for w in words], ents=[(0, len(words), "ORG")])
    assert [text for text, _ in run_rule("split_at_separators", doc)] == expected


@pytest.mark.parametrize(
    "words, lemmas, expected",
    [
        (["ОАО", "«", "Газпром", "»"], ["оао", "«", "газпром", "»"], "Газпром"),
        (["ИА", "Regnum"], ["иа", "regnum"], "Regnum"),
        # a form word before a Cyrillic unquoted name stays: it may be the name
        (["Агентство", "национальной", "безопасности"], ["агентство", "национальный", "безопасность"], "Агентство национальной безопасности"),
    ],
)
def test_ner_rules_org_forms_keep_the_name_only(words, lemmas, expected):
    doc = make_doc([(w, "NOUN", l, 0, "dep") for w, l in zip(words, lemmas)], ents=[(0, len(words), "ORG")])
    assert run_rule("org_forms", doc) == [(expected, "ORG")]


@pytest.mark.parametrize(
    "words, lemmas, label, expected",
    [
        (["Евросоюзом"], ["евросоюз"], "LOC", [("Евросоюзом", "ORG")]),
        (["Европейского", "союза"], ["европейский", "союз"], "LOC", [("Европейского союза", "ORG")]),
        (["МКС"], ["мкс"], "ORG", [("МКС", "LOC")]),
        (["СМИ"], ["сми"], "ORG", []),
        (["Франции"], ["франция"], "LOC", [("Франции", "LOC")]),
    ],
)
def test_ner_rules_known_labels(words, lemmas, label, expected):
    doc = make_doc([(w, "PROPN", l, 0, "dep") for w, l in zip(words, lemmas)], ents=[(0, len(words), label)])
    assert run_rule("known_labels", doc) == expected


@pytest.mark.parametrize(
    "morph, label, kept",
    [
        ("Animacy=Anim|Case=Nom|Number=Plur", "LOC", False),  # Американцы
        ("Animacy=Anim|Case=Nom|Number=Sing", "LOC", True),  # singular: tag too unreliable
        ("Animacy=Inan|Case=Nom|Number=Plur", "LOC", True),  # Бермуды
        ("Animacy=Anim|Case=Nom|Number=Plur", "ORG", True),  # Краснорубашечники
    ],
)
def test_ner_rules_people_as_places(morph, label, kept):
    doc = make_doc(
        [("Слово", "NOUN", "слово", 1, "nsubj", morph), ("говорят", "VERB", "говорить", 1, "root")],
        ents=[(0, 1, label)],
    )
    assert bool(run_rule("people_as_places", doc)) is kept


@pytest.mark.parametrize("pos, kept", [("ADJ", False), ("PRON", False), ("PROPN", True), ("NOUN", True)])
def test_ner_rules_sentence_start_words(pos, kept):
    doc = make_doc([("Речная", pos, "речной", 1, "amod"), ("экосистема", "NOUN", "экосистема", 1, "root")], ents=[(0, 1, "LOC")])
    assert bool(run_rule("sentence_start_words", doc)) is kept


@pytest.mark.parametrize(
    "adjective, lemma, expected",
    [
        ("японского", "японский", "японского МИДа"),
        ("нового", "новый", "МИДа"),  # qualitative: describes, does not name
    ],
)
def test_ner_rules_geo_adjectives(adjective, lemma, expected):
    doc = make_doc(
        [("глава", "NOUN", "глава", 0, "root"), (adjective, "ADJ", lemma, 2, "amod"), ("МИДа", "PROPN", "мид", 0, "nmod")],
        ents=[(2, 3, "ORG")],
    )
    assert run_rule("geo_adjectives", doc) == [(expected, "ORG")]


def test_ner_rules_geo_adjectives_cross_quotes():
    doc = make_doc(
        [("лидер", "NOUN", "лидер", 0, "root"), ("московского", "ADJ", "московский", 3, "amod"), ("«", "PUNCT", "«", 3, "punct"), ("Центра", "PROPN", "центр", 0, "nmod"), ("»", "PUNCT", "»", 3, "punct")],
        ents=[(3, 4, "ORG")],
    )
    assert run_rule("geo_adjectives", doc) == [("московского « Центра »", "ORG")]


def _committee_doc(ents):
    # Следственного комитета при прокуратуре России
    return make_doc(
        [
            ("Следственного", "ADJ", "следственный", 1, "amod"),
            ("комитета", "NOUN", "комитет", 1, "root"),
            ("при", "ADP", "при", 3, "case"),
            ("прокуратуре", "NOUN", "прокуратура", 1, "nmod"),
            ("России", "PROPN", "россия", 3, "nmod"),
        ],
        ents=ents,
    )


def test_ner_rules_org_complements_take_in_dependent_phrase():
    doc = _committee_doc([(0, 2, "ORG")])
    assert run_rule("org_complements", doc) == [("Следственного комитета при прокуратуре России", "ORG")]


def test_ner_rules_org_complements_leave_entities_apart():
    doc = _committee_doc([(0, 2, "ORG"), (4, 5, "LOC")])
    assert run_rule("org_complements", doc) == [("Следственного комитета", "ORG"), ("России", "LOC")]


def test_ner_rules_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="expected rule names"):
        ner_rules.NERRules(["no_such_rule"])


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Накануне глава ОАО «Газпром» Алексей Миллер прибыл в Минск.", {("Газпром", "ORG"), ("Алексей Миллер", "PER"), ("Минск", "LOC")}),
        ("Спор между чиновниками ЕС и компанией продолжается.", {("ЕС", "ORG")}),
        ("Об этом сообщает Комитет защиты журналистов (КЗЖ).", {("Комитет защиты журналистов", "ORG"), ("КЗЖ", "ORG")}),
    ],
)
def test_ner_rules_in_the_pipeline(nlp, text, expected):
    doc = nlp(text)
    assert {(e.text, e.label_) for e in doc.ents} == expected


@pytest.mark.slow
def test_ner_rules_explain_names_the_rule(nlp):
    doc = nlp.make_doc("Об этом сообщает РИА «Новости».")
    for name, component in nlp.pipeline:
        if name == "ruevents_ner_rules":
            break
        doc = component(doc)
    changes = ner_rules.explain(doc)
    assert [name for name, _, _ in changes][-1:] == ["org_forms"]
