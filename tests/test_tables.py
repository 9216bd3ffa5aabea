"""Records → analysts' tables: every table gets its rows, joined by ids."""

from ruevents.tables import TABLE_COLUMNS, build_rows, error_rows, record_rows

RECORD = {
    "doc_id": "a.txt", "source": "in/a.txt", "date": "2018-04-19", "text_sha1": "0" * 40,
    "entities": [
        {"id": "e1", "type": "PER", "name": "Валерий Герасимов", "attributes": {"titles": ["начальник Генштаба"], "org": "e3"},
         "mentions": [{"start": 0, "end": 9, "text": "Герасимов"}, {"start": 40, "end": 49, "text": "Герасимова"}]},
        {"id": "e2", "type": "LOC", "name": "Баку", "attributes": {}, "mentions": [{"start": 20, "end": 24, "text": "Баку"}]},
        {"id": "e3", "type": "ORG", "name": "Генштаб", "attributes": {}, "mentions": [{"start": 60, "end": 67, "text": "Генштаб"}]},
    ],
    "times": [{"id": "t1", "start": 25, "end": 33, "text": "19 апреля", "value": "2018-04-19", "kind": "date"}],
    "events": [
        {"id": "v1", "type": "visit", "trigger": {"start": 10, "end": 16, "text": "прибыл"}, "modality": "asserted",
         "confidence": 0.9, "sentence": {"start": 0, "end": 34, "text": "Герасимов прибыл в Баку 19 апреля."},
         "arguments": [
             {"role": "participant", "ref": "e1", "start": 0, "end": 9, "text": "Герасимов"},
             {"role": "participant", "ref": "e1", "start": 40, "end": 49, "text": "Герасимова"},
             {"role": "place", "ref": "e2", "start": 20, "end": 24, "text": "Баку"},
             {"role": "time", "ref": "t1", "start": 25, "end": 33, "text": "19 апреля"},
         ]},
    ],
    "errors": [],
}


def test_every_table_has_exactly_its_columns():
    rows = record_rows(RECORD)
    for table, columns in TABLE_COLUMNS.items():
        for row in rows[table]:
            assert list(row) == list(columns), table


def test_rows_resolve_references_to_names_and_values():
    rows = record_rows(RECORD)
    assert rows["documents"][0]["n_entities"] == 3 and rows["documents"][0]["n_events"] == 1
    assert len(rows["mentions"]) == 4
    person = rows["entities"][0]
    assert person["titles"] == ["начальник Генштаба"] and person["org_name"] == "Генштаб"
    event = rows["events"][0]
    # the same person named twice is one participant
    assert event["participants"] == ["Валерий Герасимов"] and event["participant_ids"] == ["e1"]
    assert (event["place"], event["time_value"], event["time_text"]) == ("Баку", "2018-04-19", "19 апреля")
    assert event["sentence"].startswith("Герасимов прибыл")
    assert [a["name_or_value"] for a in rows["arguments"]] == ["Валерий Герасимов"] * 2 + ["Баку", "2018-04-19"]


def test_failed_input_is_a_documents_row_with_its_errors():
    rows = error_rows("bad.txt", "in/bad.txt", ["binary file"])
    assert rows["documents"] == [{"doc_id": "bad.txt", "source": "in/bad.txt", "date": None, "text_sha1": None,
                                  "n_entities": 0, "n_times": 0, "n_events": 0, "errors": ["binary file"]}]
    assert all(not rows[t] for t in TABLE_COLUMNS if t != "documents")


def test_build_rows_concatenates_in_record_order():
    second = dict(RECORD, doc_id="b.txt")
    tables = build_rows([RECORD, second])
    assert [r["doc_id"] for r in tables["documents"]] == ["a.txt", "b.txt"]
    assert [r["doc_id"] for r in tables["events"]] == ["a.txt", "b.txt"]
