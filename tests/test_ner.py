"""NER stage: slovnet news NER into doc.ents."""

from __future__ import annotations

import pytest

from ruevents.stages.ner import bio_spans


class _Token:
    def __init__(self, i):
        self.i = i


@pytest.mark.parametrize(
    "tags, spans",
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_ner_bio_spans(tags, spans):
    assert bio_spans([_Token(i) for i in range(len(tags))], tags) == spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Валерий Герасимов прибыл в Баку.", {("Валерий Герасимов", "PER"), ("Баку", "LOC")}),
        ("Пресс-служба Минобороны сообщила об этом.", {("Минобороны", "ORG")}),
        ("Мария Захарова выступила в Москве.", {("Мария Захарова", "PER"), ("Москве", "LOC")}),
    ],
)
def test_ner_labels(nlp, text, expected):
    doc = nlp(text)
    found = {(e.text, e.label_) for e in doc.ents}
    assert expected <= found


def test_ner_entities_never_cross_sentences(nlp):
    doc = nlp("Он приехал в Москву\n\nПутин встретился с Алиевым. В Баку прошли переговоры.")
    for ent in doc.ents:
        assert ent.sent.start <= ent.start and ent.end <= ent.sent.end


def test_ner_matches_slovnet_on_whole_text():
    """Per-sentence tagging gives the spans slovnet finds on the whole text here."""
    from slovnet import NER

    from ruevents import load
    from ruevents.backends import slovnet
    from ruevents.backends.paths import NER_FILE, model_path

    text = "Глава МИД России Сергей Лавров провёл переговоры с Ван И в Пекине. Об этом сообщили в Министерстве иностранных дел КНР."
    reference = NER.load(str(model_path(NER_FILE))).navec(slovnet.embedding())
    expected = {(s.start, s.stop, s.type) for s in reference(text).spans}
    doc = load().make_doc(text)
    doc = load().get_pipe("ruevents_ner")(load().get_pipe("ruevents_syntax")(load().get_pipe("ruevents_morph")(doc)))
    assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} == expected


def test_ner_organisation_of_an_organisation_is_one_name(nlp):
    doc = nlp("Председатель Военного комитета НАТО прибыл в Брюссель.")
    assert ("Военного комитета НАТО", "ORG") in {(e.text, e.label_) for e in doc.ents}
    assert "Военный комитет НАТО" in {e._.canonical for e in doc.ents}


def test_ner_place_after_an_organisation_stays_apart(nlp):
    doc = nlp("Об этом сообщили в МИД России.")
    assert {(e.text, e.label_) for e in doc.ents} >= {("России", "LOC")}
