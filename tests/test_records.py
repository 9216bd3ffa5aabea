"""Records: the output contract, its JSON Schema, and the library call."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

import ruevents
from ruevents.records import Document, json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "schema" / "document.schema.json"
TEXT = "19 апреля глава российского Генштаба Валерий Герасимов прибыл в Баку. Там Герасимов встретится с Кертисом Скапарротти."


def test_records_schema_file_is_current():
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "regenerate with: ruevents schema -o docs/schema/document.schema.json"


@pytest.fixture(scope="module")
def record() -> Document:
    return ruevents.extract(TEXT, date="2018-04-19", doc_id="news/1.txt")


def test_records_validate_against_schema(record):
    jsonschema.validate(json.loads(record.to_json()), json_schema())


def test_records_contract_fields(record):
    data = json.loads(record.to_json())
    assert set(data) >= {"doc_id", "source", "date", "text_sha1", "entities", "times", "events", "errors"}
    assert data["doc_id"] == "news/1.txt"
    assert data["date"] == "2018-04-19"
    assert data["source"] is None
    assert len(data["text_sha1"]) == 40
    for entity in data["entities"]:
        assert set(entity) >= {"id", "type", "name", "mentions"}
        assert entity["type"] in {"PER", "ORG", "LOC"}


def test_records_offsets_match_text(record):
    record.check_offsets(TEXT)
    for entity in record.entities:
        for mention in entity.mentions:
            assert TEXT[mention.start : mention.end] == mention.text


def test_records_surname_mentions_group_into_one_person(record):
    people = [e for e in record.entities if e.type == "PER"]
    gerasimov = [e for e in people if e.name == "Валерий Герасимов"]
    assert len(gerasimov) == 1
    assert [m.text for m in gerasimov[0].mentions] == ["Валерий Герасимов", "Герасимов"]
    ids = [e.id for e in record.entities]
    assert len(ids) == len(set(ids))


def test_records_json_keeps_cyrillic(record):
    assert "Герасимов" in record.to_json()


def test_records_check_offsets_catches_wrong_text(record):
    with pytest.raises(ValueError, match="expected text"):
        record.check_offsets("x" * len(TEXT))


@pytest.mark.parametrize("date, expected", [(None, None), ("2018-04-19", "2018-04-19"), (dt.date(2017, 9, 7), "2017-09-07"), (dt.datetime(2017, 9, 7, 15, 0), "2017-09-07")])
def test_records_date_forms(date, expected):
    assert ruevents.extract("Текст.", date=date).date == expected


@pytest.mark.parametrize("date", ["19.04.2018", "вчера", "2018-13-01"])
def test_records_bad_date_is_a_clear_error(date):
    with pytest.raises(ValueError, match="expected date as YYYY-MM-DD"):
        ruevents.extract("Текст.", date=date)


def test_records_extract_rejects_non_text():
    with pytest.raises(TypeError, match="expected a text"):
        list(ruevents.extract_many([b"bytes"]))


def test_records_extract_many_streams_in_order():
    items = [("Первый текст про Москву.", "a"), ("Второй текст про Казань.", {"doc_id": "b", "date": "2020-01-02"}), "Третий."]
    records = list(ruevents.extract_many(items, batch_size=2))
    assert [r.doc_id for r in records][:2] == ["a", "b"]
    assert records[1].date == "2020-01-02"
    assert records[2].doc_id.startswith("sha1:")
    assert [e.name for e in records[0].entities] == ["Москва"]


def test_records_empty_text():
    record = ruevents.extract("")
    assert record.entities == [] and record.events == [] and record.times == [] and record.errors == []


def test_records_failing_document_is_reported_not_lost(monkeypatch):
    from ruevents.stages import entities

    original = entities.group_mentions

    def fragile(ents):
        if any(e.text == "Ташкенте" for e in ents):
            raise RuntimeError("boom")
        return original(ents)

    monkeypatch.setattr(entities, "group_mentions", fragile)
    records = list(ruevents.extract_many(["Встреча прошла в Москве.", "Встреча прошла в Ташкенте.", "Он приехал в Казань."]))
    assert len(records) == 3
    assert records[1].errors and "boom" in records[1].errors[0]
    assert records[0].errors == [] and records[0].entities
    assert records[2].entities
