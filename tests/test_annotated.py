"""The gold event corpus (data/annotated) and its markup converter."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ruevents.evaluation.annotated import (
    CONTACT_TYPES,
    EVENT_TYPES,
    AnnotationError,
    load_annotated,
    main,
    parse_markup,
    record_json,
    sentence_spans,
    stale_files,
    text_sha1,
)
from ruevents.records import Document

CORPUS = Path(__file__).resolve().parents[1] / "data" / "annotated"
HEADER = "doc_id: train/001\ndate: 2018-04-19\n\n"


def parse(body: str, events: str = "") -> tuple[str, Document]:
    return parse_markup(HEADER + body + "\n\n# events\n" + events, source="doc.ann.md")


def span(record: Document, event_id: str, role: str) -> list[str]:
    event = next(e for e in record.events if e.id == event_id)
    return [a.text for a in event.arguments if a.role == role]


# --------------------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, Document]]:
    return load_annotated(CORPUS)


def test_annotated_corpus_size(corpus):
    splits = Counter(record.doc_id.split("/")[0] for _, record in corpus)
    assert set(splits) == {"train", "test"}
    assert len(corpus) >= 60
    assert splits["test"] >= 15
    assert sum(len(record.events) for _, record in corpus) >= 200


def test_annotated_corpus_covers_every_type(corpus):
    types = Counter(event.type for _, record in corpus for event in record.events)
    assert set(types) == set(EVENT_TYPES)
    assert all(types[t] >= 4 for t in EVENT_TYPES), types
    assert sum(types[t] for t in CONTACT_TYPES) >= 0.6 * sum(types.values())


def test_annotated_corpus_covers_every_modality(corpus):
    modalities = Counter(event.modality for _, record in corpus for event in record.events)
    assert set(modalities) == {"asserted", "planned", "negated", "hypothetical"}


def test_annotated_records_validate(corpus):
    for text, record in corpus:
        Document.model_validate(json.loads(record_json(record)))
        record.check_offsets(text)
        assert record.text_sha1 == text_sha1(text)
        assert record.date is not None
        assert record.source == record.doc_id + ".txt"


def test_annotated_records_are_consistent(corpus):
    for text, record in corpus:
        ids = [e.id for e in record.entities] + [t.id for t in record.times] + [v.id for v in record.events]
        assert len(ids) == len(set(ids)), record.doc_id
        kinds = {e.id: "entity" for e in record.entities} | {t.id: "time" for t in record.times}
        for event in record.events:
            for argument in event.arguments:
                assert (argument.role == "time") == (kinds[argument.ref] == "time"), (record.doc_id, event.id)
        assert text.split("\n", 1)[0].strip(), f"{record.doc_id}: the first line is the headline"


def test_annotated_generated_files_are_current():
    assert stale_files(CORPUS) == [], "run: python -m ruevents.evaluation.annotated build data/annotated"


def test_annotated_generated_json_matches_record(corpus):
    for text, record in corpus:
        base = CORPUS / record.doc_id
        assert base.with_suffix(".txt").read_text(encoding="utf-8") == text
        assert json.loads(base.with_suffix(".json").read_text(encoding="utf-8")) == json.loads(record_json(record))


def test_annotated_readme_example_parses():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```\n(doc_id: .*?)```", readme, re.S).group(1)
    text, record = parse_markup(example)
    assert [e.type for e in record.events] == ["visit", "visit", "meeting"]
    record.check_offsets(text)


def test_annotated_check_command(capsys):
    assert main(["check", str(CORPUS)]) == 0
    assert "current" in capsys.readouterr().out


# --------------------------------------------------------------------------- the markup


def test_annotated_markup_strips_brackets_and_keeps_offsets():
    text, record = parse(
        '[Лавров](PER:e1 "Сергей Лавров") [встретился](meeting:v1) с [Ван И](PER:e2) в [Пекине](LOC:e3 "Пекин") '
        "[9 апреля](TIME:t1=2024-04-09).",
        "v1 meeting asserted participant=e1 participant=e2 place=e3 time=t1",
    )
    assert text == "Лавров встретился с Ван И в Пекине 9 апреля.\n"
    record.check_offsets(text)
    assert [(e.id, e.type, e.name) for e in record.entities] == [
        ("e1", "PER", "Сергей Лавров"), ("e2", "PER", "Ван И"), ("e3", "LOC", "Пекин"),
    ]
    assert record.times[0].value == "2024-04-09"
    event = record.events[0]
    assert (event.type, event.modality, event.trigger.text, event.confidence) == ("meeting", "asserted", "встретился", 1.0)
    assert [(a.role, a.ref, a.text) for a in event.arguments] == [
        ("participant", "e1", "Лавров"), ("participant", "e2", "Ван И"),
        ("place", "e3", "Пекине"), ("time", "t1", "9 апреля"),
    ]


def test_annotated_markup_nested_spans_and_escapes():
    text, record = parse('[Глава [МИД](ORG:e2)](PER:e1 "Сергей Лавров") \\[sic\\] [заявил](statement:v1).', "v1 statement asserted participant=e1")
    assert text == "Глава МИД [sic] заявил.\n"
    assert {e.id: e.mentions[0].text for e in record.entities} == {"e1": "Глава МИД", "e2": "МИД"}


def test_annotated_markup_name_defaults_to_first_mention_and_later_name_counts():
    _, record = parse("[Москва](LOC:e1). [Москвы](e1). [Лаврова](PER:e2). [Сергей Лавров](e2 \"Сергей Лавров\").")
    assert {e.id: e.name for e in record.entities} == {"e1": "Москва", "e2": "Сергей Лавров"}


@pytest.mark.parametrize(
    "body, events, expected",
    [
        # the mention in the trigger's sentence, nearest the trigger
        ("[Путин](PER:e1). Вечером [Путин](e1) [прибыл](v1) в [Минск](LOC:e2), где [Путина](e1) ждали.",
         "v1 visit asserted participant=e1 place=e2", ["Путин"]),
        # none in the sentence: the nearest before the trigger
        ("[Путин](PER:e1) вылетел. [Путина](e1) ждали. Вечером он [прибыл](v1) в [Минск](LOC:e2).",
         "v1 visit asserted participant=e1 place=e2", ["Путина"]),
        # an explicit choice
        ("[Путин](PER:e1) вылетел. [Путина](e1) ждали. Вечером он [прибыл](v1) в [Минск](LOC:e2).",
         "v1 visit asserted participant=e1@1 place=e2", ["Путин"]),
    ],
)
def test_annotated_markup_default_argument_mention(body, events, expected):
    _, record = parse(body, events)
    assert span(record, "v1", "participant") == expected
    event = record.events[0]
    assert [(a.start, a.end) for a in event.arguments if a.role == "participant"] != []


def test_annotated_markup_bare_id_is_a_trigger_when_an_event_line_defines_it():
    _, record = parse("[Переговоры](v1) [России](LOC:e1) и [Китая](LOC:e2).", "v1 meeting planned participant=e1 participant=e2")
    assert (record.events[0].trigger.text, record.events[0].modality) == ("Переговоры", "planned")


def test_annotated_markup_time_values():
    _, record = parse("[2013 году](TIME:t1=2013), [весной](TIME:t2=2014-SP), [тогда](TIME:t3=null), [19 апреля](TIME:t4=XXXX-04-19)")
    assert [t.value for t in record.times] == ["2013", "2014-SP", None, "XXXX-04-19"]


def test_annotated_sentence_spans_keep_initials():
    text = "Его встретил В. Путин. Потом «Газпром» сообщил.\nЗаголовок"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Его встретил В. Путин.", "Потом «Газпром» сообщил.", "Заголовок"]


@pytest.mark.parametrize(
    "body, events, message, line",
    [
        ("[Лавров](XYZ:e1)", "", "unknown label kind 'XYZ'", 4),
        ("[Лавров](e1) заявил", "", "unknown id 'e1'", 4),
        ("[Лавров](PER:e1) [заявил](statement:v1)", "", "has no event line", 4),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 speech asserted participant=e1", "unknown event type 'speech'", 7),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 statement certain participant=e1", "unknown modality 'certain'", 7),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 statement asserted speaker=e1", "unknown role 'speaker'", 7),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 statement asserted participant=e9", "unknown id 'e9'", 7),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 statement asserted participant=e1@2", "has 1 mention(s)", 7),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 statement asserted time=e1", "needs a TIME id", 7),
        ("[Лавров](PER:e1) [вчера](TIME:t1=2018-04-18) [заявил](v1)", "v1 statement asserted place=t1", "is a time", 7),
        ("[Лавров](PER:e1) [заявил](v1)", "v1 statement asserted\nv1 statement asserted", "duplicate event id 'v1'", 8),
        ("[Лавров](PER:e1) [заявил](v1) и [сказал](v1)", "v1 statement asserted", "duplicate trigger", 4),
        ("[Лавров](PER:e1) [заявил](meeting:v1)", "v1 statement asserted", "marked 'meeting' but its event line says 'statement'", 4),
        ("[Лавров](PER:e1)", "v1 statement asserted", "event 'v1' has no trigger", 7),
        ("[Лавров](PER:e1) [Москва](LOC:e1)", "", "entity 'e1' is PER, here marked LOC", 4),
        ('[Лавров](PER:e1 "Сергей Лавров") [Лавровым](e1 "Лавров")', "", "is named 'Сергей Лавров', here 'Лавров'", 4),
        ("[вчера](TIME:t1=2018-04-18) и [сегодня](TIME:t1=2018-04-19)", "", "duplicate id 't1'", 4),
        ("[вчера](TIME:t1=18 апреля)", "", "expected a label like", 4),
        ("[вчера](TIME:t1=April)", "", "TIMEX3-like value", 4),
        ("[вчера](TIME:t1)", "", "expected TIME:t1=VALUE", 4),
        ("[Лавров](PER:e1=x)", "", "only TIME labels", 4),
        ("Текст\n[Лавров заявил", "", "'[' is not closed", 5),
        ("Текст\n[Лавров](PER:e1", "", "expected ')' closing the label", 5),
        ("Текст\nЛавров] заявил", "", "']' without a matching '['", 5),
        ("[Лавров] заявил", "", "expected '](label)'", 4),
        ("[ Лавров](PER:e1)", "", "without outer spaces", 4),
    ],
)
def test_annotated_markup_errors_name_file_and_line(body, events, message, line):
    with pytest.raises(AnnotationError) as caught:
        parse(body, events)
    assert message in str(caught.value)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"doc.ann.md:{line}: ")


@pytest.mark.parametrize(
    "markup, message",
    [
        ("date: 2018-04-19\n\nТекст\n# events\n", "missing header line 'doc_id: ...'"),
        ("doc_id: train/001\ndate: 19.04.2018\n\nТекст\n# events\n", "expected 'date: YYYY-MM-DD'"),
        ("doc_id: train/001\ntopic: x\n\nТекст\n# events\n", "expected a header line"),
        ("doc_id: train/001\ndate: 2018-04-19\n\nТекст\n", "expected a line '# events'"),
        ("doc_id: train/001\ndate: 2018-04-19\n\n\n# events\n", "the document has no text"),
    ],
)
def test_annotated_markup_header_errors(markup, message):
    with pytest.raises(AnnotationError, match=re.escape(message)):
        parse_markup(markup, source="doc.ann.md")


def test_annotated_load_checks_doc_id_against_path(tmp_path):
    folder = tmp_path / "train"
    folder.mkdir()
    (folder / "002.ann.md").write_text(HEADER + "Текст\n\n# events\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"expected 'doc_id: train/002'"):
        load_annotated(tmp_path)


def test_annotated_build_and_check_commands(tmp_path, capsys):
    folder = tmp_path / "train"
    folder.mkdir()
    (folder / "001.ann.md").write_text(HEADER + "[Лавров](PER:e1) [заявил](statement:v1).\n\n# events\nv1 statement asserted participant=e1\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert main(["build", str(tmp_path)]) == 0
    assert (folder / "001.txt").read_text(encoding="utf-8") == "Лавров заявил.\n"
    record = json.loads((folder / "001.json").read_text(encoding="utf-8"))
    assert record["events"][0]["arguments"][0]["text"] == "Лавров"
    assert main(["check", str(tmp_path)]) == 0
    (folder / "001.txt").write_text("changed\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().out
    (folder / "bad.ann.md").write_text("doc_id: train/bad\ndate: 2018\n\nТекст\n# events\n", encoding="utf-8")
    assert main(["build", str(tmp_path)]) == 2
    assert "bad.ann.md:1: expected 'date: YYYY-MM-DD'" in capsys.readouterr().err
